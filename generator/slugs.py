"""Page addresses for papers, computed from the paper's own title and nothing else.

A slug is the title transliterated to lowercase ASCII words joined by hyphens, cut at a word
boundary, followed by eight hex digits of a hash of the normalised title.  The hash keeps two
different titles apart even when their words agree ("GPT-4" and "GPT 4!"), and because it
depends only on the title, adding or removing other papers never moves an existing page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 80
HASH_DIGITS = 8
# The hash suffix means a slug never equals a reserved name (index, con, nul, …) on its own.


def slug_words(text: str) -> str:
    """Lowercase ASCII words of ``text`` joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def slug_for_title(normalized_title: str) -> str:
    """The stable slug of a paper whose normalised title is given."""
    digest = hashlib.sha1(normalized_title.encode("utf-8")).hexdigest()[:HASH_DIGITS]
    words = slug_words(normalized_title)
    room = MAX_SLUG - HASH_DIGITS - 1
    if len(words) > room:
        words = words[:room].rsplit("-", 1)[0] if "-" in words[:room] else words[:room]
    if not words:
        words = "paper"
    return f"{words}-{digest}"
