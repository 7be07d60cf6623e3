"""Links in a title or abstract: URLs and bare code-host addresses, trimmed and normalised.

``find_links`` finds "https://..." URLs and bare addresses on GitHub, Hugging Face and
GitLab ("github.com/org/repo"); sentences record where they are, so that numbers inside a
URL are not read as facts and the code field can list them.  ``normalise_url`` gives the
form used to tell two spellings of one link apart.
"""

from __future__ import annotations

import re

from generator.extract.folding import contains_any

_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`\[\]]+")
_BARE_URL = re.compile(
    r"(?<![\w./@:-])(?:www\.)?(?:github\.com|huggingface\.co|hf\.co|gitlab\.com)/[^\s<>\"'{}|\\^`\[\]]+",
    re.IGNORECASE,
)
_TRAILING_URL_PUNCT = ".,;:!?)]}'\"*"
_BARE_HOST = re.compile(r"(?i)github\.com|huggingface\.co|hf\.co|gitlab\.com")
# Every bare host contains ".co" in some letter case; no other characters
# match "c" or "o" case-insensitively.
_BARE_HOST_HINTS = (".co", ".Co", ".cO", ".CO")


def trim_url(url: str) -> str:
    """Drop trailing punctuation, keeping a ")" that closes a "(" in the URL."""
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and url[end - 1] in _TRAILING_URL_PUNCT:
        if url[end - 1] == ")":
            if opened >= closed:
                break
            closed -= 1
        end -= 1
    return url[:end]


def normalise_url(url: str) -> str:
    """Canonical form used for deduplication: https prefix, no ".git", no "/"."""
    url = trim_url(url)
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    path = path.rstrip("/")
    if path.lower().endswith(".git"):
        path = path[:-4]
    return f"{scheme.lower()}://{host.lower()}{slash if path else ''}{path}"


def find_links(text: str) -> list[re.Match[str]]:
    """URLs and bare code-host addresses in ``text``, in order (untrimmed)."""
    links = list(_URL.finditer(text)) if "://" in text else []
    # The costlier bare-host scans only when needed; a substring test first.
    host = _BARE_HOST.search(text) if contains_any(text, _BARE_HOST_HINTS) else None
    if host is not None:
        # No bare URL starts before the first host name (or its "www.").
        links += _BARE_URL.finditer(text, max(0, host.start() - len("www.")))
    return sorted(links, key=lambda match: match.start())
