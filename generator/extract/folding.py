"""Case folding and substring tests: the cheap checks that stand in front of costly regexes.

A case-insensitive regex that starts with "\\b" or an alternation of words cannot skip ahead
to a likely start, so it is slow even on text it does not match.  ``fold_case`` lower-cases
text so that such a regex, written in lower case, finds the same spans case-sensitively in
the folded text; ``contains_any`` is the plain substring test run before a regex.
"""

from __future__ import annotations

from collections.abc import Sequence

# Non-ASCII letters that a case-insensitive regex equates with an ASCII letter
# although str.lower() does not turn them into it (dotted and dotless i, long
# s); the Kelvin sign already lowers to "k".
_REGEX_CASE_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_case(text: str) -> str:
    r"""Lower-case ``text`` so that whatever a case-insensitive regex matches as
    an ASCII keyword is a plain substring of the result.

    Keeps the length ("\u0130" is the only character that lower() expands)
    and, character by character, what \w, \s and \d match; a character
    folds to an ASCII letter exactly when it matches that letter
    case-insensitively.  So a case-insensitive regex built of lower-case
    letters, other literals and those classes finds the same spans in
    ``text`` as its case-sensitive form in the folded text.
    """
    return text.lower() if text.isascii() else text.translate(_REGEX_CASE_TWINS).lower()


def contains_any(text: str, needles: Sequence[str]) -> bool:
    """Does ``text`` contain any of ``needles`` (a plain substring test)?"""
    return any(map(text.__contains__, needles))  # no generator: runs ~50 times a paper
