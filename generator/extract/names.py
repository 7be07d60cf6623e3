"""Name index: a vocabulary's aliases compiled into one regex per first word, scanned in linear time.

Aliases are keyed by their first word (and, for "Llama3", by its letters-only prefix).  A
text's ``WordIndex`` tells by set operations which keys occur at all; a regex per present key
finds where, and the key's alternation of aliases (longest first) tells which name matched.
Names are looked up case-insensitively unless their entry says otherwise, and a space or
hyphen inside an alias also matches "-", "_", "~", a space or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# On absurdly long input only this many names per vocabulary are examined.
MAX_NAME_MATCHES = 2_000
# The leading alphanumeric run of an alias: its key, which must start with a letter.
WORD_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+")
ALIAS_SPLIT = re.compile(r"[\s\-]+")
# Between the parts of an alias: a hyphen, underscore, tilde, space or nothing.
_ALIAS_JOIN = r"[\s\-_~]?"
_ALPHA_PREFIX = re.compile(r"[a-z]+")
_LOWER_WORD = re.compile(r"[a-z0-9]+")
# After a name: no letter or digit follows (strict), or no lower-case letter.
_STRICT_END = r"(?![^\W_])"
_RELAXED_END = r"(?![^\W_\dA-Z])"


@dataclass(frozen=True)
class VocabEntry:
    name: str
    needs_cue: bool = False


@dataclass(frozen=True)
class NameSpelling:
    """One spelling to look for: an alias (or the name itself) of an entry."""

    alias: str
    case_sensitive: bool
    entry: VocabEntry


@dataclass(frozen=True)
class NameMatch:
    entry: VocabEntry
    start: int
    end: int


@dataclass(frozen=True)
class KeyPatterns:
    """All aliases sharing a first word, compiled into one alternation.

    Alternatives are ordered longest alias first and each is a named group
    ("a0", "a1", ...) whose entry is ``entries[index]``.  ``strict`` requires a
    word boundary after the name; ``relaxed`` also accepts a capital or digit
    ("StarCoder" in "StarCoderBase", "Eagle" in "Eagle2").  ``finder`` finds
    where the key itself starts a word in lower-cased text.
    """

    strict: re.Pattern[str]
    relaxed: re.Pattern[str]
    entries: tuple[VocabEntry, ...]
    finder: re.Pattern[str]


@dataclass(frozen=True)
class WordIndex:
    """A text lower-cased (ASCII only, so offsets are kept) and its words.

    ``vocabulary`` holds every word and every letters-only word prefix
    ("llama" for "Llama3"), since aliases are keyed by both.
    """

    lowered: str
    vocabulary: frozenset[str]


@dataclass(frozen=True)
class NameIndex:
    """Alias patterns indexed by their first word, for linear-time scanning."""

    by_key: dict[str, KeyPatterns]
    canonical: dict[str, str]  # lower-cased canonical name -> canonical name

    def match_at(self, text: str, pos: int, relaxed_end: bool = False) -> NameMatch | None:
        """Longest alias match starting at ``pos`` (which starts a word)."""
        key_match = WORD_START.match(text, pos)
        if key_match is None:
            return None
        token = key_match.group().lower()
        best: NameMatch | None = None
        # Keys are the alias' leading alphanumeric run; "Llama3" must also try
        # the "llama" aliases, so look up the alphabetic prefix as well.
        prefix = token if token.isalpha() else _alpha_prefix(token)
        for key in (token, prefix) if prefix != token else (token,):  # fixed order: deterministic ties
            patterns = self.by_key.get(key)
            if patterns is None:
                continue
            pattern = patterns.relaxed if relaxed_end else patterns.strict
            found = pattern.match(text, pos)
            if found is not None and (best is None or found.end() > best.end):
                entry = patterns.entries[int(str(found.lastgroup)[1:])]
                best = NameMatch(entry, pos, found.end())
        return best

    def find(self, text: str, limit: int = MAX_NAME_MATCHES, words: WordIndex | None = None) -> list[NameMatch]:
        """All non-overlapping matches, left to right (at most ``limit``)."""
        candidates = candidate_positions(words if words is not None else word_index(text), self.by_key)
        found: list[NameMatch] = []
        resume = 0
        for pos in candidates:
            if pos < resume or _glued_after_hyphen(text, pos):
                continue
            match = self.match_at(text, pos)
            if match is not None:
                found.append(match)
                resume = match.end
                if len(found) >= limit:
                    break
        return found


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only: same length as ``text``, unlike lower()."""
    if text.isascii():
        return text.lower()
    # bytes.lower() touches ASCII letters only, and is far faster than translate().
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def word_index(text: str) -> WordIndex:
    """``text`` lower-cased (ASCII letters only) with the set of its words and word prefixes."""
    lowered = ascii_lower(text)
    vocabulary = set(_LOWER_WORD.findall(lowered))
    # Only a word that mixes letters and digits has a letters-only prefix
    # ("llama" for "llama3") that is not itself a word of the text.
    vocabulary.update([_alpha_prefix(word) for word in vocabulary if not word.isalpha() and word[0].isalpha()])
    return WordIndex(lowered, frozenset(vocabulary))


def candidate_positions(index: WordIndex, keys: Mapping[str, KeyPatterns]) -> list[int]:
    """Starts of words that (or whose letters-only prefix) begin some alias.

    Set operations tell which keys occur at all; a regex per present key then
    finds where, so long text is scanned at C speed.  (One regex for all the
    present keys would have to be compiled for almost every paper.)
    """
    present = keys.keys() & index.vocabulary
    if len(present) == 1:
        return [match.start() for match in keys[next(iter(present))].finder.finditer(index.lowered)]
    # A word start is found once per key it begins with.
    return sorted({match.start() for key in present for match in keys[key].finder.finditer(index.lowered)})


def _key_finder(key: str) -> re.Pattern[str]:
    # A key is a whole word, or the letters before a digit ("llama" in "llama3").
    # The literal comes first (the regex engine then jumps between its
    # occurrences); the look-behind checks that it starts a word.
    literal = re.escape(key)
    return re.compile(rf"{literal}(?<![a-z0-9]{literal})(?![a-z])")


def _alpha_prefix(token: str) -> str:
    match = _ALPHA_PREFIX.match(token)
    return match.group() if match else ""


def _glued_after_hyphen(text: str, pos: int) -> bool:
    """True for "Glue" in "Leaner-Glue": part of a larger hyphenated name."""
    return pos >= 2 and text[pos - 1] == "-" and text[pos - 2].isalnum()


def alias_key(alias: str) -> str | None:
    """The first word an alias is looked up by, lower-cased; None if it does not start with a letter."""
    key_match = WORD_START.search(alias)
    if key_match is None or not key_match.group()[0].isalpha():
        return None  # names are looked up by a first word starting with a letter
    return key_match.group().lower()


def _alias_regex(alias: str, case_sensitive: bool) -> str:
    parts = [re.escape(part) for part in ALIAS_SPLIT.split(alias.strip()) if part]
    flag = "-i" if case_sensitive else "i"
    return f"(?{flag}:{_ALIAS_JOIN.join(parts)})"


def _compile_key(key: str, spellings: list[NameSpelling]) -> KeyPatterns:
    ordered = sorted(spellings, key=lambda spelling: -len(spelling.alias))
    alternatives = (_alias_regex(spelling.alias, spelling.case_sensitive) for spelling in ordered)
    body = "|".join(f"(?P<a{index}>{alternative})" for index, alternative in enumerate(alternatives))
    return KeyPatterns(
        strict=re.compile(f"(?:{body}){_STRICT_END}"),
        relaxed=re.compile(f"(?:{body}){_RELAXED_END}"),
        entries=tuple(spelling.entry for spelling in ordered),
        finder=_key_finder(key),
    )


def build_index(spellings: Iterable[NameSpelling]) -> NameIndex:
    """Compile spellings, in vocabulary order, into a ``NameIndex``."""
    by_key: dict[str, list[NameSpelling]] = {}
    for spelling in spellings:
        key = alias_key(spelling.alias)
        if key is not None:
            by_key.setdefault(key, []).append(spelling)
    canonical = {spelling.entry.name.lower(): spelling.entry.name for group in by_key.values() for spelling in group}
    return NameIndex({key: _compile_key(key, group) for key, group in by_key.items()}, canonical)
