"""Deterministic fact extraction from a paper's title and abstract.

Turns the free text of a Daily Papers entry into structured, source-anchored
facts for the survey site's comparison tables: code/model/data links, parameter
counts, training-data scale, compute, context length, named benchmarks and
models, headline results, plus one primary kind, one primary modality and a
one-sentence summary.  Everything is rule based (regular expressions over
sentences plus the curated vocabularies in ``generator/vocab/*.yml``), pure and
deterministic: the only disk access is loading those vocabularies once.  Every
fact records the sentence it came from and the character span of the matched
text, so a reader can always check a number against the abstract.  The rules
favour precision: when a number's role is unclear it is left out, because a
wrong value in a comparison table is worse than an empty cell.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.model import Fact, Facts
from generator.roles import with_roles
from generator.units import without_dimensions

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"

KINDS = (
    "method",
    "dataset",
    "benchmark",
    "survey",
    "system",
    "model release",
    "empirical study",
)
MODALITIES = (
    "text",
    "code",
    "vision",
    "vision-language",
    "video",
    "speech/audio",
    "graph",
    "tabular",
    "time series",
    "3D",
    "other",
)
SUMMARY_MAX_CHARS = 300
# Kind, modality and summary are judged from the title and the start of the
# abstract; this bounds their cost on pathological, megabyte-long input.
ANALYSIS_WINDOW_CHARS = 20_000


# ---------------------------------------------------------------------------
# Public data model


def _first_text(facts: tuple[Fact, ...]) -> str:
    return facts[0].text if facts else ""


def _all_texts(facts: tuple[Fact, ...]) -> str:
    return "; ".join(fact.text for fact in facts)


def _texts_with_roles(facts: tuple[Fact, ...]) -> str:
    return "; ".join(f"{fact.text} ({fact.role})" if fact.role else fact.text for fact in facts)


def _all_values(facts: tuple[Fact, ...]) -> str:
    return " ".join(str(fact.value) for fact in facts)


@dataclass(frozen=True)
class CsvColumn:
    """A fact field's column in the CSV export: its header and how a paper's facts fill a cell."""

    name: str
    cell: Callable[[tuple[Fact, ...]], str]


@dataclass(frozen=True)
class FactField:
    """One kind of fact: its name in ``Facts`` and ``papers.json``, its label on paper pages
    (None: not in the facts panel), whether a paper has many or at most one, and its CSV column."""

    name: str
    label: str | None
    many: bool
    csv: CsvColumn | None = None


# The fact fields, in the order the facts panel, papers.json and the CSV list them.
FIELDS = (
    FactField("kind", "Kind", many=False, csv=CsvColumn("kind", _first_text)),
    FactField("modality", "Modality", many=False, csv=CsvColumn("modality", _first_text)),
    FactField("parameters", "Parameters", many=True, csv=CsvColumn("parameters", _texts_with_roles)),
    FactField("data_scale", "Training data", many=True, csv=CsvColumn("data_scale", _texts_with_roles)),
    FactField("compute", "Compute", many=True),
    FactField("context_length", "Context length", many=True),
    FactField("benchmarks", "Benchmarks and datasets", many=True, csv=CsvColumn("benchmarks", _all_texts)),
    FactField("models", "Models", many=True),
    FactField("results", "Headline results", many=True, csv=CsvColumn("headline_result", _first_text)),
    FactField("code", "Code and resources", many=True, csv=CsvColumn("code", _all_values)),
    FactField("summary", None, many=False),
)


def no_facts() -> Facts:
    """A paper's facts when nothing was found."""
    return Facts({field.name: () for field in FIELDS})


# ---------------------------------------------------------------------------
# Sentences

# Words whose trailing period never ends a sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "al", "vs", "cf", "approx", "resp", "fig", "figs",
        "eq", "eqs", "sec", "no", "nos", "dr", "mr", "ms", "prof", "st", "w.r.t",
        "a.k.a", "incl", "viz", "ca", "ref", "refs", "tab",
    }
)
# A period (or ! ?) followed by whitespace, a glued capitalised word
# ("assistant.Based"), or two or more line breaks.  Same matches as
# r"[.!?]+(?=\s|$)|(?<=[a-z][a-z])\.(?=[A-Z][a-z])|\n\s*\n", but the leading
# character class lets the regex engine jump from candidate to candidate
# (about 7x faster); the look-behinds tell which alternative applies.
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*(?=\s|$)"  # "[.!?]+" before whitespace or the end
    r"|(?<=[a-z][a-z]\.)(?=[A-Z][a-z])"  # "assistant.Based"
    r"|(?<=\n)\s*\n)"  # a blank line
)
_MAX_WORD_LOOKBACK = 40


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in ``text``, whitespace trimmed.

    Does not split after abbreviations ("e.g.", "i.e.", "et al.", "vs."),
    initials, inside numbers ("1.5B") or inside URLs.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not match.group().startswith("\n") and not _ends_sentence(text, match):
            continue
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    word = _word_before(text, match.start())
    if match.group().startswith(".") and _is_abbreviation(word):
        return False
    if "://" in word or word.startswith(("www.", "github.com", "huggingface.co")):
        # A period inside a URL only ends the sentence when a space follows.
        return match.end() >= len(text) or text[match.end()].isspace()
    following = text[match.end() : match.end() + 3].lstrip()
    # Lower-case continuation ("e.g. the") means the period was not final.
    return not following or not following[0].islower()


def _word_before(text: str, pos: int) -> str:
    r"""The word (up to 40 characters) that ends at ``pos``: what follows the
    last whitespace, "(" or "[".

    String methods give the same result as searching r"[^\s(\[]{0,40}$"
    from ``pos - 40`` to ``pos``, without trying every start in between.
    """
    start, end = max(0, pos - _MAX_WORD_LOOKBACK), min(max(pos, 0), len(text))
    if start >= end:
        return ""
    if text[end - 1] == "\n":
        end -= 1  # like that "$": a final line break may follow the word
    piece = text[start:end]
    if not piece or piece[-1].isspace():
        return ""
    tail = piece.rsplit(None, 1)[-1]  # str.split() and \s agree on whitespace
    return tail[max(tail.rfind("("), tail.rfind("[")) + 1 :]


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower().lstrip("(\"'")
    if lowered in _ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted forms ("U.S.") are not ends.
    if len(lowered) == 1:
        return lowered.isalpha()
    return "." in lowered and len(lowered) <= 5 and lowered.replace(".", "").isalpha()


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        spans.append((start, start + len(stripped)))


@dataclass(frozen=True)
class Segment:
    """A sentence of the abstract, or the title, that facts are read from."""

    text: str
    order: int  # position used for ordering: title first, then abstract offset
    is_title: bool
    links: tuple[tuple[int, int], ...]  # URL spans, local to ``text``
    # For keyword pre-filters: the text case-folded (same length), and which
    # registered keyword sets occur in its analysed part.
    folded: str = field(repr=False, compare=False)
    keyword_mask: int = field(repr=False, compare=False)


@dataclass(frozen=True)
class Located:
    """A match found in the whole title or abstract, mapped to its sentence."""

    segment: Segment
    start: int  # local to segment.text
    end: int


def _segments(title: str, abstract: str) -> list[Segment]:
    segments: list[Segment] = []
    if title.strip():
        segments.append(_segment(title, fold_case(title), -1, True, tuple(m.span() for m in _find_links(title))))
    spans = split_sentences(abstract)
    links = _find_links(abstract)
    folded = fold_case(abstract)  # once for all sentences: folding keeps offsets
    index = 0
    for start, end in spans:
        local: list[tuple[int, int]] = []
        while index < len(links) and links[index].start() < end:
            if links[index].start() >= start:
                local.append((links[index].start() - start, min(links[index].end(), end) - start))
            index += 1
        segments.append(_segment(abstract[start:end], folded[start:end], start, False, tuple(local)))
    return segments


def _segment(text: str, folded: str, order: int, is_title: bool, links: tuple[tuple[int, int], ...]) -> Segment:
    return Segment(text, order, is_title, links, folded, _keyword_mask(folded[:ANALYSIS_WINDOW_CHARS]))


def _locate(segments: Sequence[Segment], spans: Iterable[tuple[int, int]], in_title: bool) -> list[Located]:
    """Map spans found in the whole title or abstract to their sentences.

    Spans that cross a sentence boundary are dropped.
    """
    pool = [segment for segment in segments if segment.is_title == in_title]
    starts = [max(segment.order, 0) for segment in pool]
    located: list[Located] = []
    for start, end in spans:
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            continue
        segment = pool[index]
        offset = starts[index]
        if end - offset <= len(segment.text):
            located.append(Located(segment, start - offset, end - offset))
    return located


# ---------------------------------------------------------------------------
# Keyword pre-filters
#
# Case-insensitive regexes that start with "\b" or an alternation of words
# cannot skip ahead to a likely start, so they are slow even on text they do
# not match.  Each such regex registers keywords of which any match contains
# at least one; a sentence that holds none of them is not scanned.

# Non-ASCII letters that a case-insensitive regex equates with an ASCII letter
# although str.lower() does not turn them into it (dotted and dotless i, long
# s); the Kelvin sign already lowers to "k".
_REGEX_CASE_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_KEYWORD = re.compile(r"[a-z0-9\-]{2,}")  # lower case (as folded text is), no whitespace
_KEYWORD_BITS: dict[tuple[str, ...], int] = {}  # every registered keyword set -> its bit
_KEYWORDS_BY_HEAD: dict[str, list[tuple[str, int]]] = {}  # first two characters -> (keyword, bit)
# Whitespace-separated chunk of folded text -> bits of the keyword sets it
# contains.  Words repeat from paper to paper, so each is scanned only once.
_CHUNK_BITS: dict[str, int] = {}
_MAX_CHUNK_BITS = 100_000
_MAX_CACHED_CHUNK = 60


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


def _keyword_set(keywords: str) -> int:
    """Register space-separated keywords for ``Segment.keyword_mask``; returns
    their bit (0 for none: "always possible")."""
    words = tuple(keywords.split())
    if not all(_KEYWORD.fullmatch(word) for word in words):
        raise ValueError(f"keywords must be 2+ lower-case letters, digits or hyphens: {keywords!r}")
    if not words or words in _KEYWORD_BITS:
        return _KEYWORD_BITS.get(words, 0)
    bit = _KEYWORD_BITS[words] = 1 << len(_KEYWORD_BITS)
    for word in words:
        _KEYWORDS_BY_HEAD.setdefault(word[:2], []).append((word, bit))
    return bit


def _keyword_mask(folded: str) -> int:
    """Bits of the registered keyword sets that occur in ``folded``."""
    mask = 0
    # No keyword holds whitespace, so each occurrence lies within one chunk.
    for chunk in folded.split():
        bits = _CHUNK_BITS.get(chunk)
        mask |= _chunk_bits(chunk) if bits is None else bits
    return mask


def _chunk_bits(chunk: str) -> int:
    bits = 0
    for start in range(len(chunk) - 1):
        for keyword, bit in _KEYWORDS_BY_HEAD.get(chunk[start : start + 2], ()):
            if chunk.startswith(keyword, start):
                bits |= bit
    if len(chunk) <= _MAX_CACHED_CHUNK:  # bounded memory on endless new words
        if len(_CHUNK_BITS) >= _MAX_CHUNK_BITS:
            _CHUNK_BITS.clear()
        _CHUNK_BITS[chunk] = bits
    return bits


def _may_contain(segment: Segment, bit: int) -> bool:
    """False when ``segment`` holds none of the keywords registered as ``bit``."""
    return not bit or bool(segment.keyword_mask & bit)


# ---------------------------------------------------------------------------
# Vocabulary

_WORD_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+")


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only: same length as ``text``, unlike lower()."""
    if text.isascii():
        return text.lower()
    # bytes.lower() touches ASCII letters only, and is far faster than translate().
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# On absurdly long input only this many names per vocabulary are examined.
MAX_NAME_MATCHES = 2_000
_ALIAS_SPLIT = re.compile(r"[\s\-]+")
# Between the parts of an alias: a hyphen, underscore, tilde, space or nothing.
_ALIAS_JOIN = r"[\s\-_~]?"


@dataclass(frozen=True)
class VocabEntry:
    name: str
    needs_cue: bool = False


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
    ("StarCoder" in "StarCoderBase", "Eagle" in "Eagle2").
    """

    strict: re.Pattern[str]
    relaxed: re.Pattern[str]
    entries: tuple[VocabEntry, ...]


@dataclass(frozen=True)
class NameIndex:
    """Alias patterns indexed by their first word, for linear-time scanning."""

    by_key: dict[str, KeyPatterns]
    canonical: dict[str, str]  # lower-cased canonical name -> canonical name

    def match_at(self, text: str, pos: int, relaxed_end: bool = False) -> NameMatch | None:
        """Longest alias match starting at ``pos`` (which starts a word)."""
        key_match = _WORD_START.match(text, pos)
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
        candidates = _candidate_positions(words if words is not None else _word_index(text), self.by_key)
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


_ALPHA_PREFIX = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class WordIndex:
    """A text lower-cased (ASCII only, so offsets are kept) and its words.

    ``vocabulary`` holds every word and every letters-only word prefix
    ("llama" for "Llama3"), since aliases are keyed by both.
    """

    lowered: str
    vocabulary: frozenset[str]


def _word_index(text: str) -> WordIndex:
    lowered = _ascii_lower(text)
    vocabulary = set(_LOWER_WORD.findall(lowered))
    # Only a word that mixes letters and digits has a letters-only prefix
    # ("llama" for "llama3") that is not itself a word of the text.
    vocabulary.update([_alpha_prefix(word) for word in vocabulary if not word.isalpha() and word[0].isalpha()])
    return WordIndex(lowered, frozenset(vocabulary))


_LOWER_WORD = re.compile(r"[a-z0-9]+")


def _candidate_positions(index: WordIndex, keys: dict[str, Any]) -> list[int]:
    """Starts of words that (or whose letters-only prefix) begin some alias.

    Set operations tell which keys occur at all; a regex per present key then
    finds where, so long text is scanned at C speed.  (One regex for all the
    present keys would have to be compiled for almost every paper.)
    """
    present = keys.keys() & index.vocabulary
    if len(present) == 1:
        return [match.start() for match in _key_finder(next(iter(present))).finditer(index.lowered)]
    # A word start is found once per key it begins with.
    return sorted({match.start() for key in present for match in _key_finder(key).finditer(index.lowered)})


@functools.cache  # one per vocabulary key: a few hundred
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


@dataclass(frozen=True)
class Vocabulary:
    benchmarks: NameIndex
    models: NameIndex


# After a name: no letter or digit follows (strict), or no lower-case letter.
_STRICT_END = r"(?![^\W_])"
_RELAXED_END = r"(?![^\W_\dA-Z])"


def _alias_regex(alias: str, case_sensitive: bool) -> str:
    parts = [re.escape(part) for part in _ALIAS_SPLIT.split(alias.strip()) if part]
    flag = "-i" if case_sensitive else "i"
    return f"(?{flag}:{_ALIAS_JOIN.join(parts)})"


def _compile_key(aliases: list[tuple[str, bool, VocabEntry]]) -> KeyPatterns:
    ordered = sorted(aliases, key=lambda item: -len(item[0]))
    body = "|".join(f"(?P<a{index}>{_alias_regex(alias, case)})" for index, (alias, case, _) in enumerate(ordered))
    return KeyPatterns(
        strict=re.compile(f"(?:{body}){_STRICT_END}"),
        relaxed=re.compile(f"(?:{body}){_RELAXED_END}"),
        entries=tuple(entry for _, _, entry in ordered),
    )


def _build_index(entries: Iterable[dict[str, Any]]) -> NameIndex:
    by_key: dict[str, list[tuple[str, bool, VocabEntry]]] = {}
    for raw in entries:
        entry = VocabEntry(str(raw["name"]), bool(raw.get("needs_cue", False)))
        case_sensitive = bool(raw.get("case_sensitive", False))
        for alias in [raw["name"], *raw.get("aliases", [])]:
            key_match = _WORD_START.search(str(alias))
            if key_match is None or not key_match.group()[0].isalpha():
                continue  # names are looked up by a first word starting with a letter
            by_key.setdefault(key_match.group().lower(), []).append((str(alias), case_sensitive, entry))
    canonical = {entry.name.lower(): entry.name for group in by_key.values() for _, _, entry in group}
    return NameIndex({key: _compile_key(aliases) for key, aliases in by_key.items()}, canonical)


@functools.cache
def load_vocabulary(vocab_dir: str | None = None) -> Vocabulary:
    """Load and compile ``benchmarks.yml`` and ``models.yml`` (cached)."""
    directory = Path(vocab_dir) if vocab_dir else VOCAB_DIR
    return Vocabulary(
        benchmarks=_build_index(_read_yaml_list(directory / "benchmarks.yml")),
        models=_build_index(_read_yaml_list(directory / "models.yml")),
    )


def _read_yaml_list(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or []
    return [item for item in data if isinstance(item, dict) and "name" in item]


# ---------------------------------------------------------------------------
# Links

_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`\[\]]+")
_BARE_URL = re.compile(
    r"(?<![\w./@:-])(?:www\.)?(?:github\.com|huggingface\.co|hf\.co|gitlab\.com)/[^\s<>\"'{}|\\^`\[\]]+",
    re.IGNORECASE,
)
_TRAILING_URL_PUNCT = ".,;:!?)]}'\"*"


def _trim_url(url: str) -> str:
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
    url = _trim_url(url)
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    path = path.rstrip("/")
    if path.lower().endswith(".git"):
        path = path[:-4]
    return f"{scheme.lower()}://{host.lower()}{slash if path else ''}{path}"


_BARE_HOST = re.compile(r"(?i)github\.com|huggingface\.co|hf\.co|gitlab\.com")
# Every bare host contains ".co" in some letter case; no other characters
# match "c" or "o" case-insensitively.
_BARE_HOST_HINTS = (".co", ".Co", ".cO", ".CO")


def _find_links(text: str) -> list[re.Match[str]]:
    links = list(_URL.finditer(text)) if "://" in text else []
    # The costlier bare-host scans only when needed; a substring test first.
    host = _BARE_HOST.search(text) if contains_any(text, _BARE_HOST_HINTS) else None
    if host is not None:
        # No bare URL starts before the first host name (or its "www.").
        links += _BARE_URL.finditer(text, max(0, host.start() - len("www.")))
    return sorted(links, key=lambda match: match.start())


def _extract_code(segment: Segment) -> list[tuple[int, Fact]]:
    found: list[tuple[int, Fact]] = []
    text = segment.text
    for start, stop in segment.links:
        raw = _trim_url(text[start:stop])
        shown = raw[:-4] if raw.lower().endswith(".git") else raw
        if "." not in raw.split("://")[-1].split("/")[0]:
            continue  # "https://localhost"-like fragments are not links
        end = start + len(shown)
        fact = Fact(shown, normalise_url(raw), None, None, text, start, end)
        found.append((segment.order + start, fact))
    return found


# ---------------------------------------------------------------------------
# Numbers

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?=\d)(?<![A-Za-z0-9_.,])(?P<num>{_NUM})"
    r"(?:(?P<suffix>[KkMBbT])(?![A-Za-z0-9])"
    r"|[\s\-]?(?P<scale>(?i:thousand|million|billion|trillion))(?![A-Za-z]))?"
)
_SMALL_WORD_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "sixteen": 16, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}
_WORD_QUANTITY = re.compile(
    r"(?i)(?<![A-Za-z0-9-])(?:(?P<hundreds>one|two|three|four|five|six|seven|eight|nine)[\s-]{1,3}hundred"
    r"|(?P<word>" + "|".join(sorted(_SMALL_WORD_NUMBERS, key=len, reverse=True)) + r"))"
    r"[\s-]{1,3}(?P<scale>thousand|million|billion|trillion)(?![A-Za-z])"
)
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUFFIXES = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


@dataclass(frozen=True)
class Quantity:
    """A number in a sentence, with its magnitude ("7B", "2 billion")."""

    start: int
    end: int
    value: float
    magnitude: str | None  # "K", "M", "B", "T" or None for a plain number
    bare_number: float  # the digits alone, before any magnitude
    approximate: bool = False  # "a trillion": an order of magnitude only


_SCALE_WORD = re.compile(r"(?i)thousand|million|billion|trillion")
_RANGE_AHEAD = re.compile(r"\s{0,2}(?:-|–|to|and)\s{0,2}\d")
# On absurdly long input only this many numbers per sentence are classified.
MAX_QUANTITIES = 2_000


def _scan_quantities(text: str) -> list[Quantity]:
    """Numbers of a sentence in order: digits ("7B", "1,217") and words ("ten thousand")."""
    found = _digit_quantities(text) + _spelled_quantities(text)
    found.sort(key=lambda quantity: quantity.start)
    return _propagate_range_magnitudes(text, _drop_overlaps(found))


def _digit_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        if len(found) >= MAX_QUANTITIES:
            break
        number = float(match.group("num").replace(",", ""))
        magnitude = _magnitude_of(match.group("suffix"), match.group("scale"))
        if magnitude is None and number < _MIN_PLAIN_DATA and not _RANGE_AHEAD.match(text, match.end()):
            continue  # "3 tasks": too small to count anything, and no range follows
        factor = _SUFFIXES[magnitude.lower()] if magnitude else 1.0
        found.append(Quantity(match.start(), match.end(), number * factor, magnitude, number))
    return found


def _spelled_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _word_quantities(text):
        if match.group("hundreds"):
            number = _SMALL_WORD_NUMBERS[match.group("hundreds").lower()] * 100.0
        else:
            number = float(_SMALL_WORD_NUMBERS[match.group("word").lower()])
        scale = match.group("scale").lower()
        value = number * _SCALE_WORDS[scale]
        approximate = (match.group("word") or "").lower() == "a"  # "a trillion"
        found.append(Quantity(match.start(), match.end(), value, scale[0].upper(), number, approximate))
    return found


def _word_quantities(text: str) -> list[re.Match[str]]:
    """"ten thousand", "a trillion": searched only just before scale words."""
    matches: list[re.Match[str]] = []
    covered = 0
    if not contains_any(text, ("illion", "ILLION", "housand", "HOUSAND")):
        return matches
    for scale in _SCALE_WORD.finditer(text):
        if len(matches) >= MAX_QUANTITIES:
            break
        start = max(covered, scale.start() - 24)
        for match in _WORD_QUANTITY.finditer(text, start, scale.end()):
            if match.end() == scale.end():
                matches.append(match)
                covered = match.end()
    return matches


def _magnitude_of(suffix: str | None, scale: str | None) -> str | None:
    if suffix:
        return suffix.upper()
    if scale:
        return scale[0].upper()
    return None


def _drop_overlaps(quantities: list[Quantity]) -> list[Quantity]:
    kept: list[Quantity] = []
    for quantity in quantities:
        if kept and quantity.start < kept[-1].end:
            continue
        kept.append(quantity)
    return kept


_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|and)\s*")


def _propagate_range_magnitudes(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"3.3 to 4.3 trillion" and "100-200k": the first number shares the unit."""
    result = list(quantities)
    for index in range(len(result) - 1):
        first, second = result[index], result[index + 1]
        if first.magnitude or not second.magnitude or "," in text[first.start : first.end]:
            continue
        if second.start - first.end > _MAX_JOIN or not _RANGE_JOIN.fullmatch(text, first.end, second.start):
            continue
        if _attached_to_name(text, first.start) or first.bare_number >= second.bare_number:
            continue
        factor = second.value / second.bare_number if second.bare_number else 1.0
        result[index] = Quantity(
            first.start, first.end, first.bare_number * factor, second.magnitude, first.bare_number
        )
    return result


def _attached_to_name(text: str, pos: int) -> bool:
    """True for "7B" in "LLaMA-7B" (a hyphen glues the number to a name)."""
    return pos >= 2 and text[pos - 1] == "-" and text[pos - 2].isalnum()


_MAX_JOIN = 12  # longest connector text considered, e.g. " , and, "
# Connectors that make "3B, 7B, and 15B parameters" one group.
_GROUP_JOIN = re.compile(r"\s*(?:,\s*(?:and|or)?,?|and,?|or|to|/|-|–|vs\.?)\s*")


def _group_quantities(text: str, quantities: list[Quantity]) -> list[list[Quantity]]:
    groups: list[list[Quantity]] = []
    for quantity in quantities:
        gap_start = groups[-1][-1].end if groups else 0
        joined = quantity.start - gap_start <= _MAX_JOIN and _GROUP_JOIN.fullmatch(text, gap_start, quantity.start)
        if groups and joined:
            groups[-1].append(quantity)
        else:
            groups.append([quantity])
    return groups


# ---------------------------------------------------------------------------
# What a number measures: words after it, words before it, names around it

_FOLLOW_WORD = re.compile(r"[\s\-]{0,3}(?P<word>[A-Za-z][A-Za-z0-9'+\-]{0,40}[A-Za-z0-9+]|[A-Za-z])(?![A-Za-z0-9'+\-])")

_PARAM_NOUNS = frozenset({"parameter", "parameters", "params", "param", "parameter-count"})
_QUALIFIERS = {"total": "total", "activated": "active", "active": "active"}
_MODEL_NOUNS = frozenset(
    {
        "model", "models", "llm", "llms", "lm", "lms", "vlm", "vlms", "mllm", "mllms",
        "moe", "transformer", "transformers", "checkpoint", "checkpoints",
        "variant", "variants", "architecture", "architectures", "network",
        "networks", "backbone", "backbones", "slm", "slms", "plm", "plms",
    }
)
_CONTEXT_WORDS = frozenset({"context", "contexts", "sequence", "sequences", "window", "windows"})
# Units of training data, longest phrases first; value = canonical unit.
_DATA_UNITS: dict[tuple[str, ...], str] = {
    ("image-text", "data", "pairs"): "image-text pairs",
    ("image-text", "pairs"): "image-text pairs",
    ("image-text", "pair"): "image-text pairs",
    ("image-caption", "pairs"): "image-text pairs",
    ("text-image", "pairs"): "image-text pairs",
    ("image", "text", "pairs"): "image-text pairs",
    ("video-text", "pairs"): "video-text pairs",
    ("data", "points"): "examples",
    ("web", "pages"): "documents",
    ("image", "urls"): "images",
    ("video", "frames"): "frames",
    ("video", "clips"): "videos",
    ("qa", "pairs"): "questions",
    ("instruction", "pairs"): "instructions",
    ("tokens",): "tokens",
    ("token",): "tokens",
    ("documents",): "documents",
    ("document",): "documents",
    ("docs",): "documents",
    ("webpages",): "documents",
    ("examples",): "examples",
    ("example",): "examples",
    ("instances",): "examples",
    ("samples",): "samples",
    ("images",): "images",
    ("photos",): "images",
    ("frames",): "frames",
    ("videos",): "videos",
    ("clips",): "videos",
    ("hours",): "hours",
    ("questions",): "questions",
    ("instructions",): "instructions",
    ("conversations",): "conversations",
    ("dialogues",): "conversations",
    ("dialogs",): "conversations",
    ("problems",): "problems",
    ("sentences",): "sentences",
    ("utterances",): "utterances",
    ("nodes",): "nodes",
    ("edges",): "edges",
    ("graphs",): "graphs",
    ("molecules",): "molecules",
    ("objects",): "objects",
    ("shapes",): "objects",
    ("scenes",): "scenes",
    ("circuits",): "circuits",
    ("words",): "words",
    ("trajectories",): "trajectories",
    ("episodes",): "episodes",
    ("programs",): "programs",
    ("files",): "files",
    ("repositories",): "repositories",
}
_MAX_UNIT_WORDS = 3
# Heads that name a dataset without a countable unit ("600B ... data").
_DATA_HEADS = frozenset({"data", "corpus", "datastore", "dataset"})
# Word counts below this are output lengths, not corpus sizes.
_MIN_WORDS_DATA = 1e6
_MIN_PLAIN_DATA = 100.0
_STOP_WORDS = frozenset(
    {
        "of", "on", "in", "for", "to", "from", "by", "at", "and", "or", "but", "with",
        "than", "as", "that", "which", "while", "the", "a", "an", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "can", "could", "will", "would",
        "using", "via", "per", "each", "across", "over", "under", "into", "its",
        "their", "our", "this", "these", "those", "it", "we", "they", "not", "only",
        "vs", "versus", "achieves", "achieve", "outperforms", "outperform", "shows",
        "show", "reaches", "reach", "requires", "require", "trained", "uses", "use",
        "times", "fewer", "more", "less", "larger", "smaller", "after", "before",
        "when", "where", "if", "so", "such", "like", "including", "up", "down",
    }
)
_MAX_FILLERS = 3
_GPU_WORDS = frozenset({"gpu", "gpus", "tpu", "tpus", "accelerator", "accelerators", "node", "nodes", "chip", "chips"})
_TIME_UNITS = frozenset({"hours", "hour", "days", "day", "years", "year", "months", "minutes", "weeks"})


@dataclass(frozen=True)
class Role:
    """What a number group measures, and where its describing word ends."""

    kind: str  # "params", "data", "context", "compute", "skip" (part of a name), "none"
    unit: str | None = None
    qualifier: str | None = None
    end: int | None = None  # end of the decisive word, to extend the span


_NO_ROLE = Role("none")
# "hundred-million-scale", "billion-level": the number is an adjective.
_ADJECTIVE_SUFFIX = re.compile(
    r"-(?:scale|level|fold|times|sized|size|class|grade|way|shot|bit|dimensional|d)\b", re.IGNORECASE
)


def _following_words(text: str, pos: int, limit: int) -> list[tuple[str, int, int]]:
    words: list[tuple[str, int, int]] = []
    while len(words) < limit:
        match = _FOLLOW_WORD.match(text, pos)
        if match is None:
            break
        words.append((match.group("word"), match.start("word"), match.end("word")))
        pos = match.end()
    return words


def _unit_at(words: Sequence[tuple[str, int, int]], index: int) -> tuple[str, int] | None:
    """Data unit starting at words[index]: (canonical unit, words consumed)."""
    for length in range(_MAX_UNIT_WORDS, 0, -1):
        phrase = tuple(word.lower() for word, _, _ in words[index : index + length])
        if len(phrase) == length and phrase in _DATA_UNITS:
            return _DATA_UNITS[phrase], length
    return None


def _role_after(text: str, end: int, vocab: Vocabulary) -> Role:
    """Classify a number by the words that follow it ("7B parameters")."""
    words = _following_words(text, end, _MAX_FILLERS + _MAX_UNIT_WORDS + 1)
    qualifier: str | None = None
    fillers = 0
    for index, (word, _, stop) in enumerate(words):
        lowered = word.lower()
        if lowered in _PARAM_NOUNS or lowered.endswith("-parameter"):
            return Role("params", qualifier=qualifier, end=stop)
        if lowered in _QUALIFIERS:
            qualifier = _QUALIFIERS[lowered]
            continue
        if qualifier == "active":
            # "2.7B activated" without "parameters" still names active params.
            return Role("params", qualifier=qualifier, end=words[index - 1][2])
        role = _role_of_word(words, index, text, vocab)
        if role is not None:
            return role
        if lowered in _STOP_WORDS or fillers >= _MAX_FILLERS:
            break
        fillers += 1
    if qualifier == "active" and words:
        return Role("params", qualifier=qualifier, end=words[-1][2])
    return _NO_ROLE


def _role_of_word(
    words: Sequence[tuple[str, int, int]], index: int, text: str, vocab: Vocabulary
) -> Role | None:
    word, start, stop = words[index]
    lowered = word.lower()
    if lowered in _GPU_WORDS and index + 1 < len(words) and words[index + 1][0].lower() in _TIME_UNITS:
        return Role("compute")
    if lowered.startswith(("gpu-", "tpu-")) and lowered.split("-", 1)[1] in _TIME_UNITS:
        return Role("compute")
    unit = _unit_at(words, index)
    if unit is not None:
        name, length = unit
        return Role("data", unit=name, end=words[index + length - 1][2])
    if lowered in _CONTEXT_WORDS or lowered.endswith("-context"):
        return Role("context", unit="tokens", end=stop)
    if lowered in _MODEL_NOUNS:
        return Role("params", end=stop)
    if lowered in _DATA_HEADS:
        return Role("data", unit=None, end=stop)
    if lowered.endswith("-token") or lowered.endswith("-tokens"):
        return Role("data", unit="tokens", end=stop)
    if lowered in _GPU_WORDS:
        return Role("compute")
    if vocab.models.match_at(text, start) is not None:
        return Role("params")
    return None


# Text just before a group that tells what it counts.
_PARAM_LEAD = re.compile(
    r"(?i)(?:\bmodel\s+sizes?\b|\bsizes\b|\bsize\b|\bparameters?\b|\bparams\b|\bmodel\s+family\b"
    r"|\b(?:models?|llms?|lms?)\s*\(\s*(?:up\s+to\s*)?)[^.;:]{0,30}$"
)
_CONTEXT_LEAD = re.compile(
    r"(?i)(?:\b(?:context|sequence)[\s-](?:length|window|size)s?\b|\binputs?\b|\bcontext\b)[^.;:)]{0,25}$"
)
# "batch size (0.5M tokens)": neither data scale nor context.
_BATCH_LEAD = re.compile(r"(?i)\bbatch(?:\s+sizes?)?\b[^.;:)]{0,15}$")
# Token counts this small are lengths of inputs or outputs, not corpora.
_MIN_TOKEN_DATA = 1e6
_LENGTH_CUE = re.compile(r"(?i)\b(?:context|length|lengths|long|longer|input|inputs|window|sequences?)\b")
_LEAD_WINDOW = 60
_CONTEXT_HINTS = ("context", "sequence", "input")
_PARAM_HINTS = ("size", "param", "model", "llm", "lm", "famil")


def contains_any(text: str, needles: Sequence[str]) -> bool:
    return any(map(text.__contains__, needles))  # no generator: runs ~50 times a paper


def _role_before(text: str, start: int, vocab: Vocabulary) -> Role:
    """Classify a group by the words before it ("model sizes ranging from")."""
    window_start = max(0, start - _LEAD_WINDOW)
    clause_start = max(text.rfind(sep, window_start, start) for sep in (". ", "; ", ": "))
    lead = text[max(window_start, clause_start + 1) : start]
    lowered = lead.lower()
    # Plain substring tests first: the regexes run only when a cue word is there.
    if "batch" in lowered and _BATCH_LEAD.search(lead):
        return Role("skip")
    if contains_any(lowered, _CONTEXT_HINTS) and _CONTEXT_LEAD.search(lead):
        return Role("context", unit="tokens")
    if contains_any(lowered, _PARAM_HINTS) and _PARAM_LEAD.search(lead):
        return Role("params")
    if lead.rstrip().endswith("(") and _model_name_ends_at(text, start - len(lead) + len(lead.rstrip()) - 1, vocab):
        return Role("params")  # "Gemma 2 (2B and 9B)"
    return _NO_ROLE


def _model_name_ends_at(text: str, end: int, vocab: Vocabulary) -> bool:
    """True if a model name ends at ``end`` (ignoring spaces and hyphens)."""
    while end > 0 and text[end - 1] in " -":
        end -= 1
    window_start = max(0, end - 40)
    return any(window_start + match.end == end for match in vocab.models.find(text[window_start:end]))


_COMPOUND_CHARS = re.compile(r"[A-Za-z0-9.+\-]")


def _name_before(text: str, pos: int) -> tuple[str, bool]:
    """The name right before a number: ("LLaMA", True) for "LLaMA-13B".

    The flag says whether the name is glued on with a hyphen.  "StarCoder2- 15B"
    counts as glued; "Mistral 7B" is not glued.
    """
    end = pos
    glued = False
    if end >= 1 and text[end - 1] == "-":
        glued, end = True, end - 1
    elif end >= 2 and text[end - 1] == " " and text[end - 2] == "-":
        glued, end = True, end - 2
    elif end >= 1 and text[end - 1] == " ":
        end -= 1
    else:
        return "", False
    begin = end
    while begin > max(0, end - 40) and _COMPOUND_CHARS.match(text[begin - 1]):
        begin -= 1
    name = text[begin:end].strip(".-")
    if not any(char.isalpha() for char in name):
        return "", False  # "100-200k" is a range, not a name
    return name, glued


def _names_model_family(compound: str, vocab: Vocabulary) -> bool:
    """Does a compound such as "MedGemma-4B-it" contain a model family name?"""
    starts = _subword_starts(compound)
    return any(vocab.models.match_at(compound, pos, relaxed_end=True) is not None for pos in starts)


def _subword_starts(compound: str) -> list[int]:
    starts = [0] if compound[:1].isalnum() else []
    for index in range(1, len(compound)):
        previous, current = compound[index - 1], compound[index]
        if previous in "-." and current.isalpha() or previous.islower() and current.isupper():
            starts.append(index)
    return starts


def _dataset_name(compound: str, vocab: Vocabulary) -> bool:
    return bool(compound) and vocab.benchmarks.match_at(compound, 0, relaxed_end=True) is not None


# ---------------------------------------------------------------------------
# Parameters, data scale, context length


@dataclass
class _NumberFacts:
    parameters: list[tuple[int, Fact]] = field(default_factory=list)
    data_scale: list[tuple[int, Fact]] = field(default_factory=list)
    context_length: list[tuple[int, Fact]] = field(default_factory=list)
    last_data_unit: str | None = None
    approximate: set[int] = field(default_factory=set)  # ids of "a trillion" facts

    def precise(self, facts: list[tuple[int, Fact]]) -> list[tuple[int, Fact]]:
        """Drop "a trillion"-style facts when a precise figure of the same
        unit and order of magnitude is also stated ("1.4 trillion")."""
        if not self.approximate:
            return facts
        exact: dict[str | None, list[float]] = {}
        for _, fact in facts:
            if id(fact) not in self.approximate and isinstance(fact.value, float) and fact.value > 0:
                exact.setdefault(fact.unit, []).append(fact.value)
        for values in exact.values():
            values.sort()
        return [(order, fact) for order, fact in facts if not self._has_precise_twin(fact, exact)]

    def _has_precise_twin(self, fact: Fact, exact: dict[str | None, list[float]]) -> bool:
        if id(fact) not in self.approximate or not isinstance(fact.value, float):
            return False
        values = exact.get(fact.unit, [])
        index = bisect.bisect_left(values, fact.value / 2.0)
        return index < len(values) and values[index] <= fact.value * 2.0


def _extract_numbers(segment: Segment, vocab: Vocabulary, state: _NumberFacts) -> None:
    text = segment.text
    if not _HAS_DIGIT.search(text) and not _has_scale_word(segment):
        return  # no digits and no "million"-like words: nothing to count
    url_spans = list(segment.links)
    quantities = [q for q in _scan_quantities(text) if not _inside(q.start, url_spans)]
    first_data, first_param = len(state.data_scale), len(state.parameters)
    for group in _group_quantities(text, quantities):
        _classify_group(segment, group, vocab, state)
    recorded = {fact.start for _, fact in state.data_scale[first_data:]}
    recorded |= {fact.start for _, fact in state.parameters[first_param:]}
    _bare_token_counts(segment, quantities, recorded, state)
    _byte_sizes(segment, state)


_HAS_DIGIT = re.compile(r"\d")


def _has_scale_word(segment: Segment) -> bool:
    # Substring tests on the folded text first: the case-insensitive regex
    # cannot skip ahead and most sentences have neither.
    return contains_any(segment.folded, ("illion", "housand")) and _SCALE_WORD.search(segment.text) is not None


_BYTE_SIZE = re.compile(
    rf"(?=\d)(?<![A-Za-z0-9_.,])(?P<num>{_NUM})\s?(?P<unit>TB|PB|GB|(?i:terabytes?|petabytes?|gigabytes?))(?![A-Za-z])"
)
_BYTE_FACTORS = {"g": 1e9, "t": 1e12, "p": 1e15}
_DATA_NOUN_NEAR = re.compile(r"(?i)\b(?:dataset|datasets|corpus|corpora|data|text|documents?)\b")
_MEMORY_NEAR = re.compile(
    r"(?i)\b(?:memory|GPUs?|RAM|DRAM|SSDs?|NVMe|HBM|disk|storage|Flash|SRAM|VRAM|bandwidth|cache)\b"
)


def _byte_sizes(segment: Segment, state: _NumberFacts) -> None:
    """"a new 20 terabyte (5 billion document) dataset": corpus size in bytes."""
    text = segment.text
    if "B" not in text and "byte" not in text:
        return
    for match in _BYTE_SIZE.finditer(text):
        after = text[match.end() : match.end() + 60]
        around = text[max(0, match.start() - 40) : match.end() + 40]
        if not _DATA_NOUN_NEAR.search(after) or _MEMORY_NEAR.search(around):
            continue
        value = float(match.group("num").replace(",", "")) * _BYTE_FACTORS[match.group("unit")[0].lower()]
        fact = Fact(match.group(), value, "bytes", None, text, match.start(), match.end())
        state.data_scale.append((segment.order + match.start(), fact))


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Is ``pos`` inside one of the sorted, non-overlapping ``spans``?"""
    index = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= pos < spans[index][1]


def _classify_group(segment: Segment, group: list[Quantity], vocab: Vocabulary, state: _NumberFacts) -> None:
    text = segment.text
    if all(quantity.magnitude is None and quantity.value < _MIN_PLAIN_DATA for quantity in group):
        return  # small plain numbers ("3 tasks") count nothing this module reports
    if _ADJECTIVE_SUFFIX.match(text, group[-1].end):
        return
    trailing = _role_after(text, group[-1].end, vocab)
    leading = _role_before(text, group[0].start, vocab)
    role = trailing if trailing.kind != "none" else leading
    if trailing.unit == "tokens" and leading.kind in ("context", "skip"):
        # "inputs up to 100,000 tokens" is a context length, not data.
        trailing = role = Role(leading.kind, unit="tokens", end=trailing.end)
    elif trailing.unit == "tokens" and group[-1].value < _MIN_TOKEN_DATA:
        kind = "context" if _LENGTH_CUE.search(text) else "skip"
        trailing = role = Role(kind, unit="tokens", end=trailing.end)
    for position, quantity in enumerate(group):
        is_last = position == len(group) - 1
        own = _own_role(text, quantity, vocab, trailing if is_last else _NO_ROLE)
        chosen = own if own is not None else role
        if chosen.kind == "none" or chosen.kind == "skip":
            continue
        # Data sizes show their unit ("131B tokens"); a parameter count shows
        # just the number ("7B"), its unit being implied by the column.
        with_unit = is_last and chosen.end and chosen is trailing and chosen.kind != "params"
        span_end = chosen.end if with_unit else quantity.end
        _record(segment, quantity, chosen, span_end, state)


def _own_role(text: str, quantity: Quantity, vocab: Vocabulary, trailing: Role) -> Role | None:
    """Role forced by a name attached to the number ("LLaMA-13B", "Mistral 7B")."""
    name, glued = _name_before(text, quantity.start)
    if len(name) < 2:
        return Role("skip") if glued else None
    if not glued and quantity.magnitude is None and _looks_like_name(name):
        return Role("skip")  # "NTU 120", "Diving 48": part of a dataset name
    if quantity.magnitude not in ("M", "B", "T"):
        return Role("skip") if glued else None
    if glued:
        if _names_model_family(name, vocab) or trailing.kind == "params":
            return Role("params")
        # "LAION-2B", "DFN-5B": the number is part of a dataset's name.
        return Role("skip")
    if _model_name_ends_at(text, quantity.start, vocab) and not _dataset_name(name, vocab):
        return Role("params")
    return None


def _looks_like_name(word: str) -> bool:
    """Acronyms and CamelCase words ("NTU", "WebVid") rather than "Over"."""
    return sum(char.isupper() for char in word) >= 2 or any(char.isdigit() for char in word)


def _record(segment: Segment, quantity: Quantity, role: Role, span_end: int, state: _NumberFacts) -> None:
    text = segment.text
    shown = text[quantity.start : span_end]
    order = segment.order + quantity.start
    if role.kind == "params":
        if quantity.magnitude in ("M", "B", "T") and 1e5 <= quantity.value <= 1e15:
            fact = Fact(shown, quantity.value, "params", role.qualifier, text, quantity.start, span_end)
            state.parameters.append((order, fact))
            if quantity.approximate:
                state.approximate.add(id(fact))
    elif role.kind == "data":
        unit = _data_unit(quantity, role, state)
        if unit is not None:
            fact = Fact(shown, quantity.value, unit, None, text, quantity.start, span_end)
            state.data_scale.append((order, fact))
            state.last_data_unit = unit
            if quantity.approximate:
                state.approximate.add(id(fact))
    elif role.kind == "context" and _plausible_context(quantity):
        fact = Fact(shown, quantity.value, "tokens", None, text, quantity.start, span_end)
        state.context_length.append((order, fact))


def _plausible_context(quantity: Quantity) -> bool:
    """Context lengths are written "128K", "1M" or "2,048"; never "7B"."""
    if quantity.value < 128 or quantity.magnitude not in (None, "K", "M"):
        return False
    return quantity.magnitude is not None or quantity.value < 1e7


def _data_unit(quantity: Quantity, role: Role, state: _NumberFacts) -> str | None:
    if role.unit is None:
        # "600B ... data", ">100B corpus": the unit of the last stated data
        # size; plain counts of "SFT data" are examples.
        if state.last_data_unit is not None:
            return state.last_data_unit
        return "examples" if quantity.magnitude in (None, "K", "M") and quantity.value >= _MIN_PLAIN_DATA else None
    if role.unit == "words" and quantity.value < _MIN_WORDS_DATA:
        return None
    if quantity.magnitude is None and quantity.value < _MIN_PLAIN_DATA:
        return None
    return role.unit


_TOKEN_UNIT_NEARBY = re.compile(r"(?i)\btokens?\b")


def _bare_token_counts(
    segment: Segment, quantities: list[Quantity], recorded: set[int], state: _NumberFacts
) -> None:
    """"an 8B model peaks at 1T tokens, while a 3B model requires 4T": a bare
    trillion in a sentence that counts tokens is a token count too."""
    text = segment.text
    if not contains_any(text, ("token", "Token", "TOKEN")) or not _TOKEN_UNIT_NEARBY.search(text):
        return
    for quantity in quantities:
        if quantity.magnitude != "T" or quantity.start in recorded:
            continue
        after = text[quantity.end : quantity.end + 2]
        if after[:1] in ("", ".", ",", ";", ")") and not _attached_to_name(text, quantity.start):
            start, end = quantity.start, quantity.end
            fact = Fact(text[start:end], quantity.value, "tokens", None, text, start, end)
            state.data_scale.append((segment.order + start, fact))


# ---------------------------------------------------------------------------
# Compute

_HARDWARE_COUNT = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    rf"sixteen|thirty-two|sixty-four))"
    r"(?P<suffix>[Kk])?\s{1,3}(?:(?:NVIDIA|AMD|Google|Nvidia|[A-Z][A-Za-z]{0,10}\d[\w-]{0,10}|"
    r"TPU\s?v\d\w{0,5}|Tesla|Ascend|RTX|GeForce)\s{1,3}){0,3}"
    r"(?P<unit>GPUs|GPU|TPUs|TPU\s+chips|TPU\s+cores|chips|accelerators|GPU\s+nodes)\b"
    r"(?![\s-]*(?:hours?|days?|years?|months?)\b)"
)
_DEVICE_TIME = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|twelve))"
    r"(?P<suffix>[KkM])?\s*(?P<device>GPU|TPU|A100|H100|V100|accelerator|node)[\s-]?(?P<unit>hours|"
    r"days|years|months|hour|day|year)\b"
)
_MONEY = re.compile(
    rf"\$\s?(?P<num>{_NUM})(?:\s?(?P<suffix>[KkMB])(?![A-Za-z])|\s(?P<scale>thousand|million|billion))?"
)
_WALL_TIME = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM})\s+(?P<unit>minutes|hours|days|weeks)\b"
)
_TRAINING_CUE = re.compile(r"(?i)\b(?:train|training|trained|pre-?train\w*|fine-?tun\w*|budget|cost)\b")
_DATA_HOURS_CUE = re.compile(
    r"(?i)\b(?:data|speech|audio|recordings?|corpus|dataset|of\s+(?:speech|audio|video|labeled|unlabeled))\b"
)
_COST_CUE = re.compile(r"(?i)\b(?:cost|costs|budget|budgets|spend|spent|price|dollars|train\w*|compute)\b")


def _number_value(raw: str, suffix: str | None) -> float:
    lowered = raw.lower()
    value = float(_SMALL_WORD_NUMBERS[lowered]) if lowered in _SMALL_WORD_NUMBERS else float(raw.replace(",", ""))
    if lowered == "thirty-two":
        value = 32.0
    elif lowered == "sixty-four":
        value = 64.0
    if suffix:
        value *= _SUFFIXES[suffix.lower()]
    return value


_HARDWARE_ANCHOR = re.compile(r"\b(?:GPUs?|TPUs?|chips|accelerators)\b")
_DEVICE_ANCHOR = re.compile(r"\b(?:hours?|days?|years?|months?)\b")
_WALL_ANCHOR = re.compile(r"\b(?:minutes|hours|days|weeks)\b")
_ANCHOR_LOOKBACK = 72


def _anchored(pattern: re.Pattern[str], anchor: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Matches of ``pattern`` that contain a match of ``anchor`` (its unit word).

    Searching only a short window before each unit keeps the cost linear in
    the text however the text is built.
    """
    found: list[re.Match[str]] = []
    covered = 0
    for unit in anchor.finditer(text):
        if len(found) >= MAX_QUANTITIES:
            break
        if unit.start() < covered:
            continue
        window_end = min(len(text), unit.end() + 12)
        for match in pattern.finditer(text, max(covered, unit.start() - _ANCHOR_LOOKBACK), window_end):
            if match.start() <= unit.start() and match.end() >= unit.end():
                found.append(match)
                covered = match.end()
                break
    return found


def _extract_compute(segment: Segment) -> list[tuple[int, Fact]]:
    text = segment.text
    found: list[tuple[int, Fact]] = []
    # Plain substring gates first: most sentences name no hardware, money or time.
    if contains_any(text, ("GPU", "TPU", "chips", "accelerator")):
        found += _hardware_counts(segment)
    if contains_any(text, ("hour", "day", "year", "month")):
        found += _device_time(segment)
    if "$" in text:
        found += _money(segment)
    if contains_any(text, ("minutes", "hours", "days", "weeks")):
        found += _wall_time(segment, [(fact.start, fact.end) for _, fact in found])
    return found


def _hardware_counts(segment: Segment) -> list[tuple[int, Fact]]:
    """"10,000 GPUs", "8 A800 GPUs", "1,024 TPU v4 chips"."""
    text = segment.text
    found: list[tuple[int, Fact]] = []
    for match in _anchored(_HARDWARE_COUNT, _HARDWARE_ANCHOR, text):
        if _looks_like_name(_word_before(text, match.start()).strip() or _word_before(text, match.start() - 1)):
            continue  # "RTX 4090 GPU": a model number, not a count
        unit = re.sub(r"\s+", " ", match.group("unit"))
        unit = {"GPU": "GPUs"}.get(unit, unit)
        if unit == "chips" and "TPU" in match.group():
            unit = "TPU chips"  # "1,024 TPU v4 chips"
        value = _number_value(match.group("num"), match.group("suffix"))
        found.append(_compute_fact(segment, match, value, unit))
        found += _listed_counts_before(segment, match.start(), unit)
    return found


def _device_time(segment: Segment) -> list[tuple[int, Fact]]:
    """"four GPU hours", "88 GPU-days"."""
    found: list[tuple[int, Fact]] = []
    for match in _anchored(_DEVICE_TIME, _DEVICE_ANCHOR, segment.text):
        device = "GPU" if match.group("device") in ("A100", "H100", "V100") else match.group("device")
        unit = match.group("unit") if match.group("unit").endswith("s") else match.group("unit") + "s"
        value = _number_value(match.group("num"), match.group("suffix"))
        found.append(_compute_fact(segment, match, value, f"{device} {unit}"))
    return found


def _money(segment: Segment) -> list[tuple[int, Fact]]:
    """"a $100K budget": dollars, when the sentence talks about cost."""
    if not _COST_CUE.search(segment.text):
        return []
    found: list[tuple[int, Fact]] = []
    for match in _MONEY.finditer(segment.text):
        value = _number_value(match.group("num"), match.group("suffix"))
        if match.group("scale"):
            value *= _SCALE_WORDS[match.group("scale").lower()]
        found.append(_compute_fact(segment, match, value, "USD"))
    return found


def _wall_time(segment: Segment, taken: list[tuple[int, int]]) -> list[tuple[int, Fact]]:
    """"train BERT in 76 minutes": wall-clock time of a training run."""
    text = segment.text
    if not _TRAINING_CUE.search(text):
        return []
    found: list[tuple[int, Fact]] = []
    for match in _anchored(_WALL_TIME, _WALL_ANCHOR, text):
        if _overlaps(match.span(), taken):
            continue
        if match.group("unit") == "hours" and _DATA_HOURS_CUE.search(text):
            continue  # "10K hours of speech" is data, not time
        value = _number_value(match.group("num"), None)
        found.append(_compute_fact(segment, match, value, match.group("unit")))
    return found


_COUNT_BEFORE = re.compile(rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM})\s*(?:,\s*(?:and|or)?|and|or)\s*$")


def _listed_counts_before(segment: Segment, pos: int, unit: str) -> list[tuple[int, Fact]]:
    """"on 1024 and 3072 MI250X GPUs": the first count shares the unit."""
    window_start = max(0, pos - 24)
    match = _COUNT_BEFORE.search(segment.text, window_start, pos)
    if match is None:
        return []
    start, end = match.span("num")
    value = float(match.group("num").replace(",", ""))
    fact = Fact(segment.text[start:end], value, unit, None, segment.text, start, end)
    return [(segment.order + start, fact)]


def _compute_fact(segment: Segment, match: re.Match[str], value: float, unit: str) -> tuple[int, Fact]:
    fact = Fact(match.group(), value, unit, None, segment.text, match.start(), match.end())
    return segment.order + match.start(), fact


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


# ---------------------------------------------------------------------------
# Benchmarks and models

_DATASET_CUE_AFTER = re.compile(
    r"\s{0,3}(?:[\w-]{1,30}\s{1,3})?(?:dataset|datasets|data|benchmark|benchmarks|corpus|collection)\b", re.IGNORECASE
)
# "the MahaSent dataset": a name-like token directly before "dataset".
_NAMED_DATASET = re.compile(
    r"the(?<![A-Za-z0-9_]the)\s+(?P<name>[A-Z][A-Za-z]{0,30}[A-Z0-9][A-Za-z0-9+\-]{0,30})\s+(?:dataset|benchmark|corpus)\b"
)
# "datasets, including ToCa, SS1M, and ST+MJ": a list of name-like tokens.
_DATASET_LIST = re.compile(
    r"(?:datasets|benchmarks|corpora)\W{0,3}(?:\s*,)?\s*(?:including|such\s+as|like|namely|e\.g\.,?)\s+"
    r"(?P<items>[A-Z][\w+\- ]{0,60}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[A-Z][\w+\- ]{0,60}){0,9})"
)
# One list item: a capitalised word, or a few ("Long Range Arena").
_LIST_ITEM = re.compile(r"[A-Z][\w+\-]{0,40}(?: [A-Z][\w+\-]{0,40}){0,3}")
_POSSESSIVE = re.compile(r"['’]s\b")
_CREATION_VERB = re.compile(
    r"(?i)\b(?:we|our)\s+(?:\w+\s+){0,2}?(?:present|introduce|propose|build|construct|create|created|"
    r"curate|release|develop|collect|named|called)\b"
    r"|\b(?:introducing|presenting|proposing|dubbed|named|called)\b"
)
# Each creation verb contains one of these (case-folded): a cheap test first.
_CREATION_KEYWORDS = (
    "present", "introduc", "propos", "build", "construct", "creat", "curate", "release", "develop", "collect",
    "named", "called", "dubbed",
)
_OWN_GAP_BLOCKERS = re.compile(r"(?i)\b(?:on|from|using|with|over|than|to|against|of|in)\b")
_OWN_GAP = 40


@dataclass(frozen=True)
class _Texts:
    """The title and abstract with their word indexes, scanned as wholes."""

    title: str
    abstract: str
    title_words: WordIndex
    abstract_words: WordIndex


def _texts(title: str, abstract: str) -> _Texts:
    return _Texts(title, abstract, _word_index(title), _word_index(abstract))


def _find_located(texts: _Texts, segments: Sequence[Segment], index: NameIndex) -> list[tuple[Located, VocabEntry]]:
    found: list[tuple[Located, VocabEntry]] = []
    sources = ((True, texts.title, texts.title_words), (False, texts.abstract, texts.abstract_words))
    for in_title, text, words in sources:
        matches = index.find(text, words=words)
        spans = [(match.start, match.end) for match in matches]
        by_start = {match.start: match.entry for match in matches}
        for located in _locate(segments, spans, in_title):
            offset = max(located.segment.order, 0)
            found.append((located, by_start[located.start + offset]))
    return found


def _extract_names(
    texts: _Texts,
    segments: Sequence[Segment],
    index: NameIndex,
    own_names: frozenset[str],
    with_sizes: bool,
) -> list[tuple[int, Fact]]:
    found: list[tuple[int, Fact]] = []
    for located, entry in _find_located(texts, segments, index):
        text, start = located.segment.text, located.start
        if entry.needs_cue and not _DATASET_CUE_AFTER.match(text, located.end):
            continue
        if entry.name in own_names or _introduced_here(text, start):
            continue
        end, value = located.end, entry.name
        if with_sizes:
            end, value = _attach_size(text, located.end, value)
        fact = Fact(text[start:end], value, None, None, text, start, end)
        found.append((located.segment.order + start, fact))
    return found


_SIZE_AFTER_NAME = re.compile(r"[\s\-]{0,2}(?P<size>\d+(?:\.\d+)?[MBT])(?![A-Za-z0-9])")


def _attach_size(text: str, end: int, name: str) -> tuple[int, str]:
    size = _SIZE_AFTER_NAME.match(text, end)
    if size is None:
        return end, name
    return size.end(), f"{name} {size.group('size')}"


def _introduced_here(text: str, pos: int) -> bool:
    """True when the name is the object of "we build/introduce ..." (own artefact)."""
    window_start = max(0, pos - _OWN_GAP)
    if not contains_any(fold_case(text[window_start:pos]), _CREATION_KEYWORDS):
        return False
    verbs = list(_CREATION_VERB.finditer(text, window_start, pos))
    if not verbs:
        return False
    gap = text[verbs[-1].end() : pos]
    return not _OWN_GAP_BLOCKERS.search(gap) and "," not in gap


def _own_artefact_names(title: str, vocab: Vocabulary) -> frozenset[str]:
    """Benchmark names that the paper itself introduces (its title's name part)."""
    prefix = title.split(":", 1)[0] if ":" in title else ""
    return frozenset(match.entry.name for match in vocab.benchmarks.find(prefix))


def _extract_pattern_benchmarks(
    texts: _Texts, segments: Sequence[Segment], vocab: Vocabulary, known: set[str]
) -> list[tuple[int, Fact]]:
    """Dataset names not in the vocabulary, found by phrasing ("the X dataset")."""
    candidates = _locate(segments, _pattern_name_spans(texts.abstract), in_title=False)
    if not candidates:
        return []  # most papers: spare the scan for creation verbs below
    created = _created_names(texts.abstract[:ANALYSIS_WINDOW_CHARS])
    title_name = texts.title.split(":", 1)[0].strip().lower()
    found: list[tuple[int, Fact]] = []
    for located in candidates:
        text, start, end = located.segment.text, located.start, located.end
        name = text[start:end]
        lowered = name.lower()
        if lowered in known or lowered in created or lowered == title_name:
            continue
        if vocab.models.match_at(text, start) is not None or vocab.benchmarks.match_at(text, start):
            continue
        known.add(lowered)
        canonical = vocab.benchmarks.canonical.get(lowered, name)  # "Once" -> "ONCE"
        fact = Fact(name, canonical, None, None, text, start, end)
        found.append((located.segment.order + start, fact))
    return found


def _pattern_name_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span("name") for match in _NAMED_DATASET.finditer(text)]
    # Substring tests first: most abstracts name no list of datasets.
    lists = _DATASET_LIST.finditer(text) if contains_any(text, ("datasets", "benchmarks", "corpora")) else ()
    for match in lists:
        if match.start() and text[match.start() - 1].isalnum():
            continue  # "subdatasets": not the word "datasets"
        base = match.start("items")
        for item in _LIST_ITEM.finditer(match.group("items")):
            if _POSSESSIVE.match(text, base + item.end()):
                continue  # "OpenAI's WIT": an organisation, not a dataset
            spans.append((base + item.start(), base + item.end()))
    return sorted(set(spans))


_NAME_TOKEN = re.compile(r"[A-Z][\w+\-]{0,40}")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _created_names(abstract: str) -> set[str]:
    """Name-like tokens after a creation verb, up to the end of its sentence."""
    names: set[str] = set()
    if not contains_any(fold_case(abstract), _CREATION_KEYWORDS):
        return names
    resume = 0
    for verb in _CREATION_VERB.finditer(abstract):
        if verb.start() < resume:
            continue
        stop = _SENTENCE_END.search(abstract, verb.end())
        resume = stop.end() if stop else len(abstract)
        names.update(token.group().lower() for token in _NAME_TOKEN.finditer(abstract, verb.end(), resume))
    return names


# ---------------------------------------------------------------------------
# Results

_RESULT_NUMBER = re.compile(
    r"(?=[+\-−\d])(?<![\w.])(?P<num>[+\-−]?\d+(?:\.\d+)?)\s?(?P<unit>\\?%|×|x|X|times|-fold)(?![A-Za-z0-9])"
)
_CLAIM_WORDS = re.compile(
    r"(?i)(?:outperform|improv|speed|faster|reduc|fewer|less|smaller|higher|lower|better|surpass|"
    r"achiev|gain|boost|accura|saving|cut|increas|decreas|match|top-1|score|efficien|larger|exceed)"
)
_CLAUSE_BREAK = re.compile(r"[;:()\[\]]|,\s|\s(?:while|whereas|but)\s")
_MAX_RESULTS = 10


def _extract_results(segment: Segment) -> list[tuple[int, Fact]]:
    text = segment.text
    found: list[tuple[int, Fact]] = []
    if not _HAS_DIGIT.search(text):
        return found  # every result has a digit; the scan below cannot skip ahead
    for match in _RESULT_NUMBER.finditer(text):
        start, end = _clause_around(text, match.start(), match.end())
        clause = text[start:end]
        if not _CLAIM_WORDS.search(clause):
            continue
        unit = "%" if "%" in match.group("unit") else "x"
        value = float(match.group("num").replace("−", "-"))
        found.append((segment.order + start, Fact(clause, value, unit, None, text, start, end)))
    return found


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    window_start = max(0, start - 200)
    clause_start = window_start
    for brk in _CLAUSE_BREAK.finditer(text, window_start, start):
        clause_start = brk.end()
    brk_after = _CLAUSE_BREAK.search(text, end, min(len(text), end + 200))
    clause_end = brk_after.start() if brk_after else min(len(text), end + 200)
    if brk_after is None and clause_end < len(text):
        clause_end = _word_boundary_before(text, clause_end)
    while clause_start < start and text[clause_start].isspace():
        clause_start += 1
    while clause_end > end and text[clause_end - 1] in " .,":
        clause_end -= 1
    return clause_start, clause_end


def _word_boundary_before(text: str, pos: int) -> int:
    space = text.rfind(" ", 0, pos)
    return space if space > 0 else pos


# ---------------------------------------------------------------------------
# Summary

_CONTRIBUTION = re.compile(
    r"(?i)\b(?:we|this\s+(?:paper|work|report|survey|study|review|article)|our\s+(?:paper|work))\s+"
    r"(?:\w+\s+){0,2}?(?:propose|proposes|introduce|introduces|present|presents|develop|develops|"
    r"release|design|build|construct|create|provide|provides|describe|describes|offer|offers)\b"
)
_WEAK_CONTRIBUTION = re.compile(
    r"(?i)\bwe\s+(?:\w+\s+)?(?:study|investigate|explore|examine|analy[sz]e|show|demonstrate|find|"
    r"consider|tackle|address)\b"
)
_CONTRIBUTION_KEYS = _keyword_set(
    "propose introduce present develop release design build construct create provide describe offer"
)
_WEAK_CONTRIBUTION_KEYS = _keyword_set(
    "study investigate explore examine analy show demonstrate find consider tackle address"
)


def _extract_summary(segments: Sequence[Segment]) -> Fact | None:
    body = [segment for segment in segments if not segment.is_title]
    chosen = next((s for s in body if _contains(s, _CONTRIBUTION, _CONTRIBUTION_KEYS)), None)
    if chosen is None:
        chosen = next((s for s in body if _contains(s, _WEAK_CONTRIBUTION, _WEAK_CONTRIBUTION_KEYS)), None)
    if chosen is None:
        return None
    text = chosen.text
    trimmed, end = _trim_to(text, SUMMARY_MAX_CHARS)
    return Fact(trimmed, trimmed, None, None, text, 0, end)


def _contains(segment: Segment, pattern: re.Pattern[str], keys: int) -> bool:
    """Does ``pattern`` occur in the analysed part of ``segment``?"""
    return _may_contain(segment, keys) and pattern.search(segment.text, 0, ANALYSIS_WINDOW_CHARS) is not None


def _trim_to(text: str, limit: int) -> tuple[str, int]:
    """Cut to at most ``limit`` characters at a word boundary, marked with "…"."""
    if len(text) <= limit:
        return text, len(text)
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit - 1
    kept = text[:cut].rstrip(" ,;:")
    return kept + "…", len(kept)


# ---------------------------------------------------------------------------
# Kind and modality: weighted cue phrases, title cues count more

class Cue(NamedTuple):
    """A weighted cue phrase, matched case-insensitively.

    ``keywords`` are lower-case fragments of which every match contains at
    least one.  The cue regexes cannot skip ahead to a likely start and so
    cost far more than a look-up: a sentence that holds none of the keywords
    (see ``Segment.keyword_mask``) is not scanned.  ``bit`` stands for the
    keyword set in that mask; 0 (no keywords): always scanned.

    Case-insensitive matching is about three times slower than plain matching,
    so when ``on_folded`` is set ``pattern`` is the lower-cased regex, matched
    case-sensitively against ``Segment.folded``: same spans (see ``fold_case``).
    """

    pattern: re.Pattern[str]
    weight: float
    keywords: tuple[str, ...]
    bit: int
    on_folded: bool


def _cues(*specs: tuple[str, float, str]) -> tuple[Cue, ...]:
    """Cues from (pattern, weight, space-separated keywords) triples."""
    return tuple(_cue(pattern, weight, keywords) for pattern, weight, keywords in specs)


def _cue(pattern: str, weight: float, keywords: str) -> Cue:
    words, bit = tuple(keywords.split()), _keyword_set(keywords)
    # Lower-casing would change a case-sensitive part or an escape like \W.
    if "(?-i" in pattern or re.search(r"\\[A-Z]", pattern):
        return Cue(re.compile(pattern, re.IGNORECASE), weight, words, bit, False)
    return Cue(re.compile(pattern.lower()), weight, words, bit, True)


def _score_cues(
    scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]],
    segment: Segment,
    table: dict[str, tuple[Cue, ...]],
    factor: float = 1.0,
) -> None:
    """Add the weight of every cue match in ``segment`` to its label's score."""
    mask = segment.keyword_mask
    for label, cues in table.items():
        for pattern, weight, _, bit, on_folded in cues:  # unpacked: runs ~50 times a sentence
            if bit and not bit & mask:
                continue  # none of its keywords here: the regex cannot match
            text = segment.folded if on_folded else segment.text
            for match in pattern.finditer(text, 0, ANALYSIS_WINDOW_CHARS):
                _add_score(scores, label, weight * factor, segment, match.span())


_KIND_TITLE_CUES: dict[str, tuple[Cue, ...]] = {
    "survey": _cues((r"\b(?:survey|review|overview|tutorial|primer)\b", 6.0, "survey review overview tutorial primer")),
    "benchmark": _cues((r"\bbenchmark\b(?!ing)", 4.0, "benchmark"), (r"\bleaderboard\b", 3.0, "leaderboard")),
    "dataset": _cues(
        (r"\b(?:a|an)\s+(?:[\w,'-]+\s+){0,6}(?:dataset|corpus)\b(?!\s+(?:distillation|quantization|"
            r"pruning|selection|condensation|search))", 4.0, "dataset corpus"),
        (r"\b(?:dataset|corpus)\s+(?:of|for|with)\b", 2.0, "dataset corpus"),
    ),
    "method": _cues(
        (r"\s(?:via|with|using|through|by)\s", 1.0, "via with using through by"),
        (r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}(?:method|approach|algorithm|recipe|technique)\b", 2.5,
            "method approach algorithm recipe technique"),
    ),
    "model release": _cues(
        (r"\btechnical\s+report\b", 6.0, "technical"),
        (r"\b(?:a|an)\s+(?:[\w-]+\s+){0,4}(?:language|foundation|generative|vision-language)\s+models?\b", 2.0,
            "language foundation generative"),
        (r"\bfamily\s+of\b", 2.0, "family"),
        (r"\bfoundation\s+(?:language\s+)?models?\b", 1.5, "foundation"),
    ),
    "system": _cues(
        (r"\b(?:serving|distributed\s+training|inference\s+system|clusters?|gpus?|memory\s+wall|"
            r"fault\s+tolerance|throughput|parallel\s+training)\b", 2.0,
            "serving distributed inference cluster gpu memory fault throughput parallel"),
    ),
    "empirical study": _cues(
        # Anchored at the start, so already cheap: no keywords.
        (r"^(?:rethinking|revisiting|understanding|evaluating|benchmarking|analy[sz]ing|investigating|"
            r"exploring|on\s+the|how|what|when|why|does|do|is|are|can|towards\s+understanding)\b", 2.5, ""),
        (r"\b(?:lessons|insights|empirical|study|comparison|findings|scaling\s+laws?|analysis|"
            r"characteri[sz]ation)\b", 2.5,
            "lessons insights empirical study comparison findings scaling analysis characteri"),
        (r"\?", 1.0, ""),  # a literal: already cheap
    ),
}
_KIND_TEXT_CUES: dict[str, tuple[Cue, ...]] = {
    "survey": _cues(
        (r"\b(?:this|our|the\s+present)\s+(?:survey|review)\b", 4.0, "survey review"),
        (r"\b(?:comprehensive|systematic|structured)\s+(?:survey|review|overview)\b", 4.0, "survey review overview"),
        (r"\bwe\s+(?:\w+ly\s+)?review\b", 3.0, "review"),
    ),
    "benchmark": _cues(
        (r"\b(?-i:[A-Z])[\w-]+,\s+(?:a|an|the)\s+(?:[\w()-]+,?\s+){0,6}benchmark\b", 2.0, "benchmark"),
        (r"\bbenchmark\s+(?:for|to)\s+(?:evaluat|assess|measur)", 1.5, "benchmark"),
    ),
    "dataset": _cues(
        (r"\b(?-i:[A-Z])[\w-]+,\s+(?:a|an|the)\s+(?:[\w,()-]+\s+){0,6}(?:dataset|corpus)\b", 2.0, "dataset corpus"),
        (r"\bour\s+dataset\b", 1.0, "dataset"),
        (r"\b(?:we|and)\s+release\s+(?:the|our)\s+(?:dataset|data|corpus)\b", 1.0, "release"),
    ),
    "model release": _cues(
        (r"\btechnical\s+report\b|\bthis\s+report\b", 3.0, "report"),
        (r"\b(?:a|our|new)\s+(?:[\w-]+\s+){0,2}(?:family|series)\s+of\s+(?:[\w-]+\s+){0,4}(?:models|"
            r"llms|transformers)\b", 2.5, "family series"),
        (r"\b(?:open-?source|release|open-?sourced|released|make)\s+(?:the\s+|"
            r"our\s+)?(?:[\w.-]+\s+){0,2}(?:model\s+weights|weights|checkpoints)\b", 1.5, "weights checkpoints"),
    ),
    "system": _cues(
        (r"(?<![\w-])(?:production|distributed|training|serving|inference)\s+(?:system|framework|stack|engine)\b", 2.5,
            "system framework stack engine"),
        (r"\b(?:system|framework)\s+for\s+(?:training|serving|inference|fine-tuning)\b", 1.5, "system framework"),
        (r"\b(?:MFU|FLOPs\s+utilization|throughput|parallelism|pipelining|scheduler|co-design|"
            r"offload\w*|goodput)\b", 0.75,
            "mfu flops throughput parallelism pipelining scheduler co-design offload goodput"),
        (r"(?<![\d,])\d[\d,]{0,12}\s(?:\w{1,20}\s){0,2}GPUs\b", 1.0, "gpus"),
    ),
    "empirical study": _cues(
        (r"\b(?:systematic|empirical|comprehensive|large-scale|extensive|controlled)\s+(?:study|"
            r"analysis|evaluation|comparison|investigation|characterization)\b", 2.5,
            "study analysis evaluation comparison investigation characterization"),
        (r"\bwe\s+(?:\w+\s+)?(?:study|investigate|analy[sz]e|explore|examine|evaluate|characteri[sz]e)\b", 1.0,
            "study investigate analy explore examine evaluate characteri"),
        (r"\b(?:we\s+find|our\s+(?:findings|analysis|results)\s+(?:reveal|show|suggest|indicate)|"
            r"findings\s+(?:suggest|reveal|highlight))\b", 1.0, "find analysis results"),
        (r"\bscaling\s+laws?\b", 1.0, "scaling"),
        (r"\b(?:this|our)\s+(?:research|work|paper|study)\s+(?:explores|investigates|studies|examines|"
            r"analy[sz]es)\b", 2.5, "explores investigates studies examines analy"),
        (r"\blessons\b|\binsights\b", 1.0, "lessons insights"),
    ),
    "method": _cues(
        (r"\bwe\s+(?:\w+\s+){0,2}?propose\b", 2.5, "propose"),
        (r"\b(?:novel|new)\s+(?:[\w-]+\s+){0,2}(?:method|approach|technique|algorithm|framework|"
            r"architecture|objective|loss|strategy)\b", 1.0, "novel new"),
        (r"\bour\s+(?:method|approach|technique|algorithm)\b", 1.5, "method approach technique algorithm"),
    ),
}

# What the authors say they present: "we present X, a <modifiers> HEAD ...".
# Case-insensitive, but written in lower case and matched against the folded
# text (``Segment.folded``; see ``fold_case``): same spans, about 3x faster.
_CONTRIBUTION_VERB = re.compile(
    r"(?:\b(?:we|this\s+(?:paper|work|report|study))\s+(?:\w+\s+){0,2}?"
    r"(?:propose|proposes|introduce|introduces|present|presents|develop|develops|release|build|construct|design|"
    r"describe|describes|provide|provides|offer|offers)"
    r"|(?<![\w-])(?:introducing|presenting))\s+"
)
_CONTRIBUTION_VERB_KEYS = _keyword_set(
    "propose introduc present develop release build construct design describe provide offer"
)
_APPOSITIVE_NAME = re.compile(
    r"[A-Z][\w.+\-]{0,40}(?:\s[\w.+\-]{1,40}){0,3}?\s?(?:\([^()]{0,150}\))?,\s{1,3}(?:namely\s)?"
)
_PHRASE_STOP = re.compile(
    r"(?i)[.;:]|\s(?:for|of|to|that|which|with|on|in|by|from|via|designed|tailored|where|using|based|"
    r"named|called|dubbed|capable|namely|as|across|at|through|while|and\s+(?:show|demonstrate|evaluate|release))\b"
)
_HEAD_KINDS: dict[str, str] = {
    **dict.fromkeys(("dataset", "datasets", "corpus", "corpora"), "dataset"),
    **dict.fromkeys(("benchmark", "benchmarks", "leaderboard", "testbed"), "benchmark"),
    **dict.fromkeys(("survey", "review", "overview"), "survey"),
    **dict.fromkeys(("family", "series"), "model release"),
    **dict.fromkeys(("system", "systems", "stack", "engine", "library", "infrastructure"), "system"),
    **dict.fromkeys(
        (
            "method", "methods", "approach", "technique", "algorithm", "strategy", "pipeline",
            "architecture", "paradigm", "mechanism", "objective", "loss", "scheme", "module",
            "optimizer", "recipe", "procedure", "protocol", "tokenizer", "network", "networks",
            "solution", "metric", "framework", "regularization", "model", "models", "llm", "llms",
            "practices", "guidelines", "pre-training", "pretraining", "training", "distillation",
            "fine-tuning", "tuning", "prompting", "decoding", "quantization", "pruning", "learning",
        ),
        "method",
    ),
    **dict.fromkeys(
        ("study", "analysis", "investigation", "evaluation", "comparison", "characterization"),
        "empirical study",
    ),
}
_SYSTEM_MODIFIERS = frozenset({"training", "serving", "inference", "distributed", "production"})
# "an iterative training framework" is a learning method, not a system.
_PARADIGM_ADJECTIVES = frozenset(
    {
        "iterative", "self-supervised", "supervised", "unsupervised", "semi-supervised",
        "contrastive", "adversarial", "multi-task", "curriculum", "self-training", "meta",
        "tri-branch", "two-stage", "multi-stage", "joint", "collaborative", "federated",
    }
)
_MODEL_HEADS = frozenset({"model", "models", "llm", "llms", "vlm", "vlms"})
_CONTRIBUTION_WEIGHTS = (5.0, 2.0, 1.0)


def _contribution_heads(segments: Sequence[Segment]) -> list[tuple[str, Segment, tuple[int, int]]]:
    """Kinds named by the first contribution sentences, strongest first."""
    heads: list[tuple[str, Segment, tuple[int, int]]] = []
    for segment in segments:
        if segment.is_title:
            continue
        if not _may_contain(segment, _CONTRIBUTION_VERB_KEYS):
            continue
        for verb in _CONTRIBUTION_VERB.finditer(segment.folded, 0, ANALYSIS_WINDOW_CHARS):
            head = _head_of_object(segment.text, verb.end())
            if head is not None:
                heads.append((head[0], segment, head[1]))
                break
        if len(heads) == len(_CONTRIBUTION_WEIGHTS):
            break
    return heads


def _head_of_object(text: str, pos: int) -> tuple[str, tuple[int, int]] | None:
    named = _APPOSITIVE_NAME.match(text, pos)
    phrase_start = named.end() if named else pos
    stop = _PHRASE_STOP.search(text, phrase_start, min(len(text), phrase_start + 160))
    phrase_end = stop.start() if stop else min(len(text), phrase_start + 160)
    phrase = _PARENTHETICAL.sub(lambda match: " " * len(match.group()), text[phrase_start:phrase_end])
    words = list(re.finditer(r"[A-Za-z][\w-]*", phrase))
    named_after = bool(_NAMED_AFTER.match(text, phrase_end))
    result: tuple[str, tuple[int, int]] | None = None
    for index, word in enumerate(words):
        before = [w.group().lower() for w in words[max(0, index - 2) : index]]
        kind = _head_kind(word.group(), before)
        if kind is None:
            continue
        if word.group().lower() in _MODEL_HEADS and (named is not None or named_after):
            kind = "model release"  # a named model: "CosyVoice 3, an improved model"
        result = (kind, (phrase_start + word.start(), phrase_start + word.end()))
    return result


_PARENTHETICAL = re.compile(r"\([^()]*\)?")
_NAMED_AFTER = re.compile(r"(?i)\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:namely|named|called|dubbed)\b")


def _head_kind(word: str, before: Sequence[str]) -> str | None:
    lowered = word.lower()
    kind = _HEAD_KINDS.get(lowered)
    if kind is None:
        return None
    if word[0].isupper() and kind != "method":
        return None  # "The Stack v2": a name, not a head noun
    if lowered == "framework" and before and before[-1] in _SYSTEM_MODIFIERS:
        return "method" if _PARADIGM_ADJECTIVES.intersection(before) else "system"
    return kind


_KIND_MIN_SCORE = 2.5
_KIND_MARGIN = 1.0


def _classify(
    segments: Sequence[Segment],
    title_cues: dict[str, tuple[Cue, ...]],
    text_cues: dict[str, tuple[Cue, ...]],
) -> dict[str, tuple[float, Segment | None, tuple[int, int] | None]]:
    """Score each label; remember the strongest trigger as the fact's source."""
    scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]] = {}
    for segment in segments:
        _score_cues(scores, segment, title_cues if segment.is_title else text_cues)
    return scores


def _add_score(
    scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]],
    label: str,
    weight: float,
    segment: Segment,
    span: tuple[int, int],
) -> None:
    total, best_segment, best_span = scores.get(label, (0.0, None, None))
    if best_segment is None:
        best_segment, best_span = segment, span
    scores[label] = (total + weight, best_segment, best_span)


def _pick_label(
    scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]],
    order: Sequence[str],
    minimum: float,
    margin: float,
) -> Fact | None:
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], order.index(item[0])))
    if not ranked or ranked[0][1][0] < minimum:
        return None
    if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < margin:
        return None
    label, (_, segment, span) = ranked[0]
    if segment is None or span is None:
        return None
    return Fact(label, label, None, None, segment.text, span[0], span[1])


def _extract_kind(segments: Sequence[Segment]) -> Fact | None:
    scores = _classify(segments, _KIND_TITLE_CUES, _KIND_TEXT_CUES)
    systems_talk = "system" in scores  # GPUs, throughput, parallelism ...
    heads = _contribution_heads(segments)
    for weight, (label, segment, span) in zip(_CONTRIBUTION_WEIGHTS[: len(heads)], heads, strict=True):
        if label == "system" and not systems_talk:
            label = "method"  # "the first system that retrieves entities": a model
        _add_score(scores, label, weight, segment, span)
    return _pick_label(scores, KINDS, _KIND_MIN_SCORE, _KIND_MARGIN)


_MODALITY_CUES: dict[str, tuple[Cue, ...]] = {
    "text": _cues(
        (r"\b(?:language\s+model(?:s|ing|ling)?|LLMs?|LMs|NLP|natural\s+language|texts?|textual|translation|"
         r"question\s+answering|sentiment|summari[sz]ation|instruction[- ]tuning|tokens?|corpus|corpora|linguistic|"
         r"(?:multi|cross)-?lingual|words?|(?:dense|information|passage|document)\s+retrieval|retrievers?|documents|"
         r"queries|English|languages)\b", 1.0,
         "language llm lms nlp text translation question sentiment summari instruction token corpus corpora "
         "linguistic lingual word retrieval retriever document queries english"),
        (r"\b(?-i:GPT[\w.-]*|OPT|BERT|RoBERTa|T5|LLaMA|Llama|PaLM|Mistral|Qwen|Gemma|ChatGPT)\b", 1.0,
         "gpt opt bert t5 llama palm mistral qwen gemma"),
    ),
    "code": _cues(
        (r"\b(?:code\s+(?:llms?|generation|completion|models?|language\s+models?|tasks?|processing|reasoning)|"
         r"models?\s+of\s+code|program\s+synthesis|programming\s+languages?|source\s+code|"
         r"software\s+(?:engineering|developers?)|HPC\s+code|code\s+data)\b", 2.5, "code program software"),
    ),
    "vision": _cues(
        (r"\b(?:images?|computer\s+vision|visual|pixels?|segmentation|object\s+detection|detection|ViTs?|"
         r"vision\s+transformers?|convolutional|CNNs?|ResNets?|ImageNet|re-identification|re-ID|photorealistic|"
         r"super-resolution|inpainting|X-rays?|radiolog\w*|galax(?:y|ies)|surgical|backbones?)\b", 1.0,
         "image vision visual pixel segmentation detection vit convolutional cnn resnet re-id photorealistic "
         "super-resolution inpainting x-ray radiolog galax surgical backbone"),
        (r"\b(?:text-to-image|image\s+(?:generation|synthesis)|diffusion\s+models?)\b", 2.0, "image diffusion"),
    ),
    "vision-language": _cues(
        (r"\b(?:vision[- ]language|language[- ]image|image[- ]text|text[- ]image|visual[- ]language|VLMs?|MLLMs?|"
         r"LMMs?|multi-?modal\s+(?:large\s+)?(?:language\s+)?models?|large\s+multimodal|visual\s+question|VQA|"
         r"captions?|captioning|CLIP|interleaved\s+image|images?\s+and\s+texts?|texts?\s+and\s+images?)\b", 2.0,
         "vision image visual vlm mllm lmm modal vqa caption clip"),  # not "language": too common
        (r"\b(?:multi-?modal|mixed-modal|cross-modal|early-fusion)\b", 1.0, "modal early-fusion"),
    ),
    "video": _cues(
        (r"\b(?:videos?(?!\s+demo)|action\s+recognition|skeleton(?:-based)?\s+(?:sequences?|action|joints?)|"
         r"Minecraft|gameplay|spatio-temporal)\b", 2.0,
         "video recognition skeleton minecraft gameplay spatio-temporal"),
    ),
    "speech/audio": _cues(
        (r"\b(?:speech|audio|spoken|ASR|TTS|voice|acoustic|sounds?|speakers?|music|audition)\b", 2.0,
         "speech audio spoken asr tts voice acoustic sound speaker music audition"),
    ),
    "graph": _cues(
        (r"\b(?:graph\s+neural|GNNs?|node\s+classification|graph\s+(?:data|pre-?training|learning|representation)|"
         r"text-attributed\s+graphs?|graphons?|molecular\s+graphs?)\b", 2.5, "graph gnn node"),
    ),
    "tabular": _cues((r"\b(?:tabular|spreadsheets?)\b", 3.0, "tabular spreadsheet")),
    "time series": _cues((r"\b(?:time[- ]series|forecasting)\b", 2.5, "series forecasting")),
    "3D": _cues(
        (r"\b(?:3D(?!\s+parallelism)|point\s+clouds?|LiDAR|meshes|Gaussian\s+splat\w*|NeRF|"
            r"radiance\s+fields?|voxels?)\b", 2.0, "3d cloud lidar meshes gaussian nerf radiance voxel"),
    ),
    "other": _cues(
        (r"\b(?:proteins?|molecul\w+|DNA|RNA|genom\w*|chemical|drug|quantum\s+circuits?|robot\w*|enzyme\w*|"
         r"fMRI|EEG|brain|cortex)\b", 2.0,
         "protein molecul dna rna genom chemical drug quantum robot enzyme fmri eeg brain cortex"),
    ),
}
_TITLE_WEIGHT = 3.0
_MODALITY_MIN_SCORE = 3.0


def _extract_modality(segments: Sequence[Segment]) -> Fact | None:
    scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]] = {}
    for segment in segments:
        _score_cues(scores, segment, _MODALITY_CUES, _TITLE_WEIGHT if segment.is_title else 1.0)
    return _pick_modality(scores)


def _pick_modality(scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]]) -> Fact | None:
    def score(label: str) -> float:
        return scores.get(label, (0.0, None, None))[0]

    # Language models are everywhere (as tools, as baselines); a specific
    # modality wins when it is a real theme of the paper.
    specific = [label for label in MODALITIES if label not in ("text", "vision")]
    best_specific = max(specific, key=lambda label: (score(label), -MODALITIES.index(label)))
    vision_language = score("vision-language")
    if (
        vision_language >= _MODALITY_MIN_SCORE
        and vision_language >= 0.5 * score(best_specific)
        and vision_language >= 0.6 * score("vision")
    ):
        label = "vision-language"
    elif score(best_specific) >= max(_MODALITY_MIN_SCORE, 0.4 * max(score("text"), score("vision"))):
        label = best_specific
    elif score("vision") >= _MODALITY_MIN_SCORE and score("vision") >= score("text"):
        label = "vision"
    elif score("text") >= _MODALITY_MIN_SCORE:
        label = "text"
    else:
        return None
    _, segment, span = scores[label]
    if segment is None or span is None:
        return None
    return Fact(label, label, None, None, segment.text, span[0], span[1])


# ---------------------------------------------------------------------------
# Assembly


def _dedupe(facts: Iterable[tuple[int, Fact]], key: Callable[[Fact], Any]) -> tuple[Fact, ...]:
    seen: set[Any] = set()
    kept: list[Fact] = []
    for _, fact in sorted(facts, key=lambda item: (item[0], item[1].start, item[1].end)):
        identity = key(fact)
        if identity in seen:
            continue
        seen.add(identity)
        kept.append(fact)
    return tuple(kept)


def _number_key(fact: Fact) -> tuple[float, str | None, str | None]:
    value = fact.value if isinstance(fact.value, float) else 0.0
    return (float(f"{value:.6g}"), fact.unit, fact.qualifier)


def extract_facts(title: str, abstract: str) -> Facts:
    """Extract every field of :class:`Facts` from a paper's title and abstract."""
    vocab = load_vocabulary()
    segments = _segments(title or "", abstract or "")
    numbers = _NumberFacts()
    code: list[tuple[int, Fact]] = []
    compute: list[tuple[int, Fact]] = []
    results: list[tuple[int, Fact]] = []
    for segment in segments:
        code += _extract_code(segment)
        _extract_numbers(segment, vocab, numbers)
        compute += _extract_compute(segment)
        if not segment.is_title:
            results += _extract_results(segment)
    opening = [segment for segment in segments if segment.order < ANALYSIS_WINDOW_CHARS]
    own = _own_artefact_names((title or "")[:ANALYSIS_WINDOW_CHARS], vocab)
    texts = _texts(title or "", abstract or "")
    benchmarks = _extract_names(texts, segments, vocab.benchmarks, own, with_sizes=False)
    known = {fact.value.lower() for _, fact in benchmarks if isinstance(fact.value, str)}
    benchmarks += _extract_pattern_benchmarks(texts, segments, vocab, known)
    models = _extract_names(texts, segments, vocab.models, frozenset(), with_sizes=True)
    found = {
        "code": _dedupe(code, lambda fact: fact.value),
        "parameters": _dedupe(numbers.precise(numbers.parameters), _number_key),
        "data_scale": _dedupe(numbers.precise(numbers.data_scale), _number_key),
        "compute": _dedupe(compute, _number_key),
        "context_length": _dedupe(numbers.context_length, _number_key),
        "benchmarks": _dedupe(benchmarks, lambda fact: fact.value),
        "models": _dedupe(models, lambda fact: fact.value),
        "results": _dedupe(results, lambda fact: (fact.start, fact.end, fact.source))[:_MAX_RESULTS],
        "kind": _single(_extract_kind(opening)),
        "modality": _single(_extract_modality(opening)),
        "summary": _single(_extract_summary(opening)),
    }
    return with_roles(without_dimensions(Facts({field.name: found[field.name] for field in FIELDS})))


def _single(fact: Fact | None) -> tuple[Fact, ...]:
    return () if fact is None else (fact,)
