"""Text in odd case, for tests that match folded text against case-insensitive regexes.

Upper-cases some letters and swaps some for look-alikes whose case mappings are odd (dotless
and dotted i, long s, Kelvin sign): the characters where ``str.lower`` and a case-insensitive
regex disagree.  Used by the extract and tags tests, whose pre-filters must stay exact on them.
"""

from __future__ import annotations

import random

ODD_CASE = {"i": "\u0131", "I": "\u0130", "s": "\u017f", "k": "\u212a", "K": "\u212a"}


def odd_case(text: str, rng: random.Random) -> str:
    """Upper-case some letters and swap some for look-alikes with odd case mappings."""
    out = []
    for char in text:
        roll = rng.random()
        out.append(ODD_CASE.get(char, char) if roll < 0.1 else char.upper() if roll < 0.4 else char)
    return "".join(out)
