"""Citable BibTeX: short stable keys, a link to each paper's page and to Hugging Face Papers.

A key is the first word of the title and the listing year (``scaling2024``), lowercase ASCII.
Papers that would share a key all get the first hex digits of their slug's hash appended
(``scaling2024a1b2``), so a key depends only on the paper's title and year and on which other
papers share that word and year, never on the order papers are read in.  ``url`` is the paper's
page on this site when the site's address is known (a relative address means nothing in a
bibliography), ``note`` links to the Hugging Face Papers search for the title, and ``eprint``
names the arXiv identifier when the title or abstract gives one.  Every text value goes through
``escape.bibtex_text``; URLs are read verbatim by BibTeX tools, so they are built from (or only
written when they hold) characters none of them acts on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote

from generator import escape
from generator.model import Paper
from generator.urls import paper_url

# Leading words that would make half the keys alike ("the2024", "a2024").
SKIPPED_WORDS = frozenset({"a", "an", "the", "on", "of", "towards", "toward"})
MAX_WORD = 20
HASH_START = 4  # hex digits of the slug's hash appended on a collision, more if still not unique
PLAIN_URL_RE = re.compile(r"https?://[A-Za-z0-9:/._~-]+")
HF_PAPERS_SEARCH = "https://huggingface.co/papers?q="
# New-style identifiers (2401.12345, 0704.0001v2) after "arXiv:" or in an arxiv.org address, and
# old-style ones (hep-th/9901001) in the same places.  A bare number is not taken: too ambiguous.
ARXIV_RE = re.compile(
    r"(?:\barxiv\s*:\s*|\barxiv\.org/(?:abs|pdf)/)"
    r"(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)


def title_words(title: str) -> list[str]:
    """The title's words as lowercase ASCII letters and digits (accents dropped)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def base_key(paper: Paper) -> str:
    """First significant title word and the year, before any collision is resolved."""
    words = title_words(paper.title)
    word = next((w for w in words if w not in SKIPPED_WORDS), words[0] if words else "paper")[:MAX_WORD]
    if word[0].isdigit():
        word = "p" + word  # keys starting with a digit trip some BibTeX tools
    year = paper.date.year if paper.date and paper.date.year else None
    return f"{word}{year or ''}"


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """A unique key per paper slug, for the whole corpus at once (every export uses these)."""
    papers = list(papers)
    bases = {p.slug: base_key(p) for p in papers}
    counts = Counter(bases.values())
    keys = {slug: key for slug, key in bases.items() if counts[key] == 1}
    clashing = [p.slug for p in papers if counts[bases[p.slug]] > 1]
    digits = HASH_START
    while clashing:
        if digits > max(len(slug_hash(slug)) for slug in clashing):
            # Only papers with the same slug get here, and the corpus merges those into one.
            raise ValueError(f"cannot make unique BibTeX keys for {clashing}")
        proposed = {slug: bases[slug] + slug_hash(slug)[:digits] for slug in clashing}
        taken = Counter(proposed.values()) + Counter(keys.values())
        keys |= {slug: key for slug, key in proposed.items() if taken[key] == 1}
        clashing = [slug for slug in clashing if slug not in keys]
        digits += 2
    return keys


def slug_hash(slug: str) -> str:
    """The hex hash a slug ends with (``slugs.py``); the whole slug's letters if it has none."""
    tail = slug.rsplit("-", 1)[-1]
    return tail if re.fullmatch(r"[0-9a-f]+", tail) else re.sub(r"[^a-z0-9]", "", slug)


def arxiv_id(paper: Paper) -> str | None:
    """The first arXiv identifier named in the title or abstract, without its version."""
    found = ARXIV_RE.search(paper.title) or ARXIV_RE.search(paper.abstract)
    return found.group(1) if found else None


def hf_search_url(title: str) -> str:
    """The Hugging Face Papers search for the title's words (letters and digits only)."""
    return HF_PAPERS_SEARCH + quote("+".join(title_words(title)), safe="+")


def page_address(site_url: str, slug: str) -> str | None:
    """The paper page's absolute address, or None when the site's address holds a character a
    BibTeX or LaTeX reader would act on (``%``, ``#``, braces): the field is read verbatim, so
    it cannot be escaped, and GitHub Pages addresses never hold one."""
    address = site_url.rstrip("/") + "/" + paper_url(slug)
    return address if PLAIN_URL_RE.fullmatch(address) else None


def entry(paper: Paper, key: str, site_url: str | None) -> str:
    """One ``@misc`` entry; the title is double-braced so BibTeX styles keep its capitals."""
    fields = [("title", "{" + escape.bibtex_text(paper.title) + "}")]
    if paper.date and paper.date.year:
        fields.append(("year", str(paper.date.year)))
    if paper.organization:
        fields.append(("organization", escape.bibtex_text(paper.organization)))
    fields.append(("howpublished", "Hugging Face Daily Papers"))
    if site_url and (address := page_address(site_url, paper.slug)):
        fields.append(("url", address))
    if eprint := arxiv_id(paper):
        fields += [("eprint", eprint), ("archivePrefix", "arXiv")]
    fields.append(("note", f"Hugging Face Papers: \\url{{{hf_search_url(paper.title)}}}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"
