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

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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


# ---------------------------------------------------------------------------
# Public data model


@dataclass(frozen=True)
class Fact:
    """One extracted value, anchored to the sentence it was read from."""

    text: str
    value: float | str | None
    unit: str | None
    qualifier: str | None
    source: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "source": self.source,
            "span": [self.start, self.end],
        }


@dataclass(frozen=True)
class Facts:
    """All facts extracted from one paper, each list ordered by position."""

    code: tuple[Fact, ...] = ()
    parameters: tuple[Fact, ...] = ()
    data_scale: tuple[Fact, ...] = ()
    compute: tuple[Fact, ...] = ()
    context_length: tuple[Fact, ...] = ()
    benchmarks: tuple[Fact, ...] = ()
    models: tuple[Fact, ...] = ()
    results: tuple[Fact, ...] = ()
    kind: Fact | None = None
    modality: Fact | None = None
    summary: Fact | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in FACT_LIST_FIELDS:
            out[name] = [fact.to_json() for fact in getattr(self, name)]
        for name in FACT_SINGLE_FIELDS:
            fact = getattr(self, name)
            out[name] = fact.to_json() if fact is not None else None
        return out


FACT_LIST_FIELDS = (
    "code",
    "parameters",
    "data_scale",
    "compute",
    "context_length",
    "benchmarks",
    "models",
    "results",
)
FACT_SINGLE_FIELDS = ("kind", "modality", "summary")


# ---------------------------------------------------------------------------
# Sentences

# Words whose trailing period never ends a sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "al", "vs", "cf", "etc", "approx", "resp", "fig", "figs",
        "eq", "eqs", "sec", "no", "nos", "dr", "mr", "ms", "prof", "st", "w.r.t",
        "a.k.a", "incl", "viz", "ca", "ref", "refs", "tab", "syn", "og",
    }
)
# A period (or ! ?) followed by whitespace, a glued capitalised word
# ("assistant.Based"), or two or more line breaks.
_BOUNDARY = re.compile(r"[.!?]+(?=\s|$)|(?<=[a-z][a-z])\.(?=[A-Z][a-z])|\n\s*\n")
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
    begin = pos
    floor = max(0, pos - _MAX_WORD_LOOKBACK)
    while begin > floor and not text[begin - 1].isspace() and text[begin - 1] not in "([":
        begin -= 1
    return text[begin:pos]


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower().lstrip("(\"'")
    if lowered in _ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted forms ("U.S.") are not ends.
    return len(lowered) == 1 and lowered.isalpha() or ("." in lowered and len(lowered) <= 5 and lowered.replace(".", "").isalpha())


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


@dataclass(frozen=True)
class Segment:
    """A sentence of the abstract, or the title, that facts are read from."""

    text: str
    order: int  # position used for ordering: title first, then abstract offset
    is_title: bool


def _segments(title: str, abstract: str) -> list[Segment]:
    segments: list[Segment] = []
    if title.strip():
        segments.append(Segment(title, -1, True))
    for start, end in split_sentences(abstract):
        segments.append(Segment(abstract[start:end], start, False))
    return segments


# ---------------------------------------------------------------------------
# Vocabulary

_WORD_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+")
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
class NameIndex:
    """Alias patterns indexed by their first word, for linear-time scanning."""

    by_key: dict[str, tuple[tuple[re.Pattern[str], VocabEntry], ...]]
    canonical: dict[str, str]  # lower-cased canonical name -> canonical name

    def match_at(self, text: str, pos: int, relaxed_end: bool = False) -> NameMatch | None:
        """Longest alias match starting at ``pos`` (which starts a word)."""
        key_match = _WORD_START.match(text, pos)
        if key_match is None:
            return None
        candidates = self._candidates(key_match.group().lower())
        best: NameMatch | None = None
        for pattern, entry in candidates:
            found = pattern.match(text, pos)
            if found is None or not _name_ends(text, found.end(), relaxed_end):
                continue
            if best is None or found.end() > best.end:
                best = NameMatch(entry, pos, found.end())
        return best

    def _candidates(self, token: str) -> tuple[tuple[re.Pattern[str], VocabEntry], ...]:
        exact = self.by_key.get(token, ())
        # Keys are the alias' leading alphanumeric run; "Llama3" must also try
        # the "llama" aliases, so look up the alphabetic prefix as well.
        alpha = re.match(r"[a-z]+", token)
        if alpha and alpha.group() != token:
            return exact + self.by_key.get(alpha.group(), ())
        return exact

    def find(self, text: str) -> list[NameMatch]:
        """All non-overlapping matches, left to right."""
        found: list[NameMatch] = []
        resume = 0
        for word in _WORD_START.finditer(text):
            pos = word.start()
            if pos < resume or _glued_after_hyphen(text, pos):
                continue
            match = self.match_at(text, pos)
            if match is not None:
                found.append(match)
                resume = match.end
        return found


def _name_ends(text: str, end: int, relaxed: bool) -> bool:
    if end >= len(text) or not text[end].isalnum():
        return True
    # Inside compounds ("StarCoderBase", "Eagle2") a name may run straight
    # into a capital or a digit.
    return relaxed and (text[end].isupper() or text[end].isdigit())


def _glued_after_hyphen(text: str, pos: int) -> bool:
    """True for "Glue" in "Leaner-Glue": part of a larger hyphenated name."""
    return pos >= 2 and text[pos - 1] == "-" and text[pos - 2].isalnum()


@dataclass(frozen=True)
class Vocabulary:
    benchmarks: NameIndex
    models: NameIndex


def _compile_alias(alias: str, case_sensitive: bool) -> re.Pattern[str]:
    parts = [re.escape(part) for part in _ALIAS_SPLIT.split(alias.strip()) if part]
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(_ALIAS_JOIN.join(parts), flags)


def _build_index(entries: Iterable[dict[str, Any]]) -> NameIndex:
    by_key: dict[str, list[tuple[re.Pattern[str], VocabEntry]]] = {}
    for raw in entries:
        entry = VocabEntry(str(raw["name"]), bool(raw.get("needs_cue", False)))
        case_sensitive = bool(raw.get("case_sensitive", False))
        for alias in [raw["name"], *raw.get("aliases", [])]:
            key_match = _WORD_START.search(str(alias))
            if key_match is None:
                continue
            pattern = _compile_alias(str(alias), case_sensitive)
            by_key.setdefault(key_match.group().lower(), []).append((pattern, entry))
    canonical = {entry.name.lower(): entry.name for group in by_key.values() for _, entry in group}
    return NameIndex({key: tuple(value) for key, value in by_key.items()}, canonical)


@functools.lru_cache(maxsize=None)
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

_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`\[\]]+", re.IGNORECASE)
_BARE_URL = re.compile(
    r"(?<![\w./@:-])(?:www\.)?(?:github\.com|huggingface\.co|hf\.co|gitlab\.com)/[^\s<>\"'{}|\\^`\[\]]+",
    re.IGNORECASE,
)
_TRAILING_URL_PUNCT = ".,;:!?)]}'\"*"


def _trim_url(url: str) -> str:
    """Drop trailing punctuation, keeping a ")" that closes a "(" in the URL."""
    while url and url[-1] in _TRAILING_URL_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


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


def _extract_code(segment: Segment) -> list[tuple[int, Fact]]:
    found: list[tuple[int, Fact]] = []
    text = segment.text
    for pattern in (_URL, _BARE_URL):
        for match in pattern.finditer(text):
            raw = _trim_url(match.group())
            shown = raw[:-4] if raw.lower().endswith(".git") else raw
            if "." not in raw.split("://")[-1].split("/")[0]:
                continue  # "https://localhost"-like fragments are not links
            end = match.start() + len(shown)
            fact = Fact(shown, normalise_url(raw), None, None, text, match.start(), end)
            found.append((match.start(), fact))
    return found


# ---------------------------------------------------------------------------
# Numbers

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM})"
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
    r"(?i)(?<![A-Za-z0-9-])(?:(?P<hundreds>one|two|three|four|five|six|seven|eight|nine)[\s-]+hundred"
    r"|(?P<word>" + "|".join(sorted(_SMALL_WORD_NUMBERS, key=len, reverse=True)) + r"))"
    r"[\s-]+(?P<scale>thousand|million|billion|trillion)(?![A-Za-z])"
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
    plain_text: bool = False  # written with commas/digits only ("1,217")
    approximate: bool = False  # "a trillion": an order of magnitude only


def _scan_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        number = float(match.group("num").replace(",", ""))
        magnitude = _magnitude_of(match.group("suffix"), match.group("scale"))
        factor = _SUFFIXES[magnitude.lower()] if magnitude else 1.0
        found.append(
            Quantity(match.start(), match.end(), number * factor, magnitude, number, magnitude is None)
        )
    for match in _WORD_QUANTITY.finditer(text):
        if match.group("hundreds"):
            number = _SMALL_WORD_NUMBERS[match.group("hundreds").lower()] * 100.0
        else:
            number = float(_SMALL_WORD_NUMBERS[match.group("word").lower()])
        scale = match.group("scale").lower()
        approximate = (match.group("word") or "").lower() == "a"
        found.append(
            Quantity(
                match.start(), match.end(), number * _SCALE_WORDS[scale], scale[0].upper(), number,
                approximate=approximate,
            )
        )
    found.sort(key=lambda quantity: quantity.start)
    return _propagate_range_magnitudes(text, _drop_overlaps(found))


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
        if not _RANGE_JOIN.fullmatch(text[first.end : second.start]):
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


# Connectors that make "3B, 7B, and 15B parameters" one group.
_GROUP_JOIN = re.compile(r"\s*(?:,\s*(?:and|or)?,?|and,?|or|to|/|-|–|vs\.?)\s*")


def _group_quantities(text: str, quantities: list[Quantity]) -> list[list[Quantity]]:
    groups: list[list[Quantity]] = []
    for quantity in quantities:
        if groups and _GROUP_JOIN.fullmatch(text[groups[-1][-1].end : quantity.start]):
            groups[-1].append(quantity)
        else:
            groups.append([quantity])
    return groups


# ---------------------------------------------------------------------------
# What a number measures: words after it, words before it, names around it

_FOLLOW_WORD = re.compile(r"[\s\-]*(?P<word>[A-Za-z][A-Za-z0-9'+\-]*[A-Za-z0-9+]|[A-Za-z])")

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

    kind: str  # "params", "data", "context", "compute", "none"
    unit: str | None = None
    qualifier: str | None = None
    end: int | None = None  # end of the decisive word, to extend the span


_NO_ROLE = Role("none")
# "hundred-million-scale", "billion-level": the number is an adjective.
_ADJECTIVE_SUFFIX = re.compile(r"-(?:scale|level|fold|times|sized|size|class|grade|way|shot|bit|dimensional|d)\b", re.IGNORECASE)


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
    for index, (word, start, stop) in enumerate(words):
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


def _role_before(text: str, start: int, vocab: Vocabulary) -> Role:
    """Classify a group by the words before it ("model sizes ranging from")."""
    window_start = max(0, start - _LEAD_WINDOW)
    clause_start = max(text.rfind(sep, window_start, start) for sep in (". ", "; ", ": "))
    lead = text[max(window_start, clause_start + 1) : start]
    if _BATCH_LEAD.search(lead):
        return Role("skip")
    if _CONTEXT_LEAD.search(lead):
        return Role("context", unit="tokens")
    if _PARAM_LEAD.search(lead):
        return Role("params")
    if lead.rstrip().endswith("(") and _model_name_ends_at(text, start - len(lead) + len(lead.rstrip()) - 1, vocab):
        return Role("params")  # "Gemma 2 (2B and 9B)"
    return _NO_ROLE


def _model_name_ends_at(text: str, end: int, vocab: Vocabulary) -> bool:
    """True if a model name ends at ``end`` (ignoring spaces and hyphens)."""
    while end > 0 and text[end - 1] in " -":
        end -= 1
    window_start = max(0, end - 40)
    for match in vocab.models.find(text[window_start:end]):
        if window_start + match.end == end:
            return True
    return False


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
    for pos in _subword_starts(compound):
        if vocab.models.match_at(compound, pos, relaxed_end=True) is not None:
            return True
    return False


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
        return [
            (order, fact)
            for order, fact in facts
            if id(fact) not in self.approximate or not _has_precise_twin(fact, facts, self.approximate)
        ]


def _has_precise_twin(fact: Fact, facts: list[tuple[int, Fact]], approximate: set[int]) -> bool:
    value = fact.value if isinstance(fact.value, float) else 0.0
    for _, other in facts:
        other_value = other.value if isinstance(other.value, float) else 0.0
        if id(other) in approximate or other.unit != fact.unit or other_value <= 0:
            continue
        if 0.5 <= value / other_value <= 2.0:
            return True
    return False


def _extract_numbers(segment: Segment, vocab: Vocabulary, state: _NumberFacts) -> None:
    text = segment.text
    url_spans = [match.span() for match in _URL.finditer(text)]
    url_spans += [match.span() for match in _BARE_URL.finditer(text)]
    quantities = [q for q in _scan_quantities(text) if not _inside(q.start, url_spans)]
    for group in _group_quantities(text, quantities):
        _classify_group(segment, group, vocab, state)
    _bare_token_counts(segment, quantities, state)
    _byte_sizes(segment, state)


_BYTE_SIZE = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM})\s?(?P<unit>TB|PB|GB|(?i:terabytes?|petabytes?|gigabytes?))(?![A-Za-z])"
)
_BYTE_FACTORS = {"g": 1e9, "t": 1e12, "p": 1e15}
_DATA_NOUN_NEAR = re.compile(r"(?i)\b(?:dataset|datasets|corpus|corpora|data|text|documents?)\b")
_MEMORY_NEAR = re.compile(r"(?i)\b(?:memory|GPUs?|RAM|DRAM|SSDs?|NVMe|HBM|disk|storage|Flash|SRAM|VRAM|bandwidth|cache)\b")


def _byte_sizes(segment: Segment, state: _NumberFacts) -> None:
    """"a new 20 terabyte (5 billion document) dataset": corpus size in bytes."""
    text = segment.text
    for match in _BYTE_SIZE.finditer(text):
        after = text[match.end() : match.end() + 60]
        around = text[max(0, match.start() - 40) : match.end() + 40]
        if not _DATA_NOUN_NEAR.search(after) or _MEMORY_NEAR.search(around):
            continue
        value = float(match.group("num").replace(",", "")) * _BYTE_FACTORS[match.group("unit")[0].lower()]
        fact = Fact(match.group(), value, "bytes", None, text, match.start(), match.end())
        state.data_scale.append((segment.order + match.start(), fact))


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def _classify_group(segment: Segment, group: list[Quantity], vocab: Vocabulary, state: _NumberFacts) -> None:
    text = segment.text
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
        span_end = chosen.end if (is_last and chosen.end and chosen is trailing) else quantity.end
        _record(segment, quantity, chosen, span_end, state)


def _own_role(text: str, quantity: Quantity, vocab: Vocabulary, trailing: Role) -> Role | None:
    """Role forced by a name attached to the number ("LLaMA-13B", "Mistral 7B")."""
    name, glued = _name_before(text, quantity.start)
    if name and not glued and quantity.magnitude is None and _looks_like_name(name):
        return Role("skip")  # "NTU 120", "Diving 48": part of a dataset name
    if not name or quantity.magnitude not in ("M", "B", "T"):
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
    elif role.kind == "context" and quantity.value >= 128 and (quantity.magnitude or quantity.value < 1e7):
        if quantity.magnitude in (None, "K", "M"):
            fact = Fact(shown, quantity.value, "tokens", None, text, quantity.start, span_end)
            state.context_length.append((order, fact))


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


def _bare_token_counts(segment: Segment, quantities: list[Quantity], state: _NumberFacts) -> None:
    """"an 8B model peaks at 1T tokens, while a 3B model requires 4T": a bare
    trillion in a sentence that counts tokens is a token count too."""
    text = segment.text
    if not _TOKEN_UNIT_NEARBY.search(text):
        return
    recorded = {fact.start for _, fact in state.data_scale if fact.source == text}
    recorded |= {fact.start for _, fact in state.parameters if fact.source == text}
    for quantity in quantities:
        if quantity.magnitude != "T" or quantity.start in recorded:
            continue
        after = text[quantity.end : quantity.end + 2]
        if after[:1] in ("", ".", ",", ";", ")") and not _attached_to_name(text, quantity.start):
            fact = Fact(text[quantity.start : quantity.end], quantity.value, "tokens", None, text, quantity.start, quantity.end)
            state.data_scale.append((segment.order + quantity.start, fact))


# ---------------------------------------------------------------------------
# Compute

_HARDWARE_COUNT = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen|thirty-two|sixty-four))"
    r"(?P<suffix>[Kk])?\s+(?:(?:NVIDIA|AMD|Google|Nvidia|[A-Z][A-Za-z]*\d[\w-]*|TPU\s?v\d\w*|Tesla|Ascend|RTX|GeForce)\s+){0,3}"
    r"(?P<unit>GPUs|GPU|TPUs|TPU\s+chips|TPU\s+cores|chips|accelerators|GPU\s+nodes)\b"
    r"(?![\s-]*(?:hours?|days?|years?|months?)\b)"
)
_DEVICE_TIME = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|twelve))"
    r"(?P<suffix>[KkM])?\s*(?P<device>GPU|TPU|A100|H100|V100|accelerator|node)[\s-]?(?P<unit>hours|days|years|months|hour|day|year)\b"
)
_MONEY = re.compile(rf"\$\s?(?P<num>{_NUM})(?:\s?(?P<suffix>[KkMB])(?![A-Za-z])|\s(?P<scale>thousand|million|billion))?")
_WALL_TIME = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{_NUM})\s+(?P<unit>minutes|hours|days|weeks)\b"
)
_TRAINING_CUE = re.compile(r"(?i)\b(?:train|training|trained|pre-?train\w*|fine-?tun\w*|budget|cost)\b")
_DATA_HOURS_CUE = re.compile(r"(?i)\b(?:data|speech|audio|recordings?|corpus|dataset|of\s+(?:speech|audio|video|labeled|unlabeled))\b")
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


def _extract_compute(segment: Segment) -> list[tuple[int, Fact]]:
    text = segment.text
    found: list[tuple[int, Fact]] = []
    for match in _HARDWARE_COUNT.finditer(text):
        if _looks_like_name(_word_before(text, match.start()).strip() or _word_before(text, match.start() - 1)):
            continue  # "RTX 4090 GPU": a model number, not a count
        unit = re.sub(r"\s+", " ", match.group("unit"))
        unit = {"GPU": "GPUs"}.get(unit, unit)
        value = _number_value(match.group("num"), match.group("suffix"))
        found.append(_compute_fact(segment, match, value, unit))
        found += _listed_counts_before(segment, match.start(), unit)
    for match in _DEVICE_TIME.finditer(text):
        device = "GPU" if match.group("device") in ("A100", "H100", "V100") else match.group("device")
        unit = match.group("unit") if match.group("unit").endswith("s") else match.group("unit") + "s"
        value = _number_value(match.group("num"), match.group("suffix"))
        found.append(_compute_fact(segment, match, value, f"{device} {unit}"))
    if _COST_CUE.search(text):
        for match in _MONEY.finditer(text):
            value = _number_value(match.group("num"), match.group("suffix"))
            if match.group("scale"):
                value *= _SCALE_WORDS[match.group("scale").lower()]
            found.append(_compute_fact(segment, match, value, "USD"))
    if _TRAINING_CUE.search(text):
        for match in _WALL_TIME.finditer(text):
            if _overlaps(match.span(), [(fact.start, fact.end) for _, fact in found]):
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

_DATASET_CUE_AFTER = re.compile(r"\s*(?:[\w-]+\s+)?(?:dataset|datasets|data|benchmark|benchmarks|corpus|collection)\b", re.IGNORECASE)
# "the MahaSent dataset": a name-like token directly before "dataset".
_NAMED_DATASET = re.compile(
    r"\bthe\s+(?P<name>[A-Z][A-Za-z]*[A-Z0-9][A-Za-z0-9+\-]*)\s+(?:dataset|benchmark|corpus)\b"
)
# "datasets, including ToCa, SS1M, and ST+MJ": a list of name-like tokens.
_DATASET_LIST = re.compile(
    r"\b(?:datasets|benchmarks|corpora)\W{0,3}(?:\s*,)?\s*(?:including|such\s+as|like|namely|e\.g\.,?)\s+"
    r"(?P<items>[A-Z][\w+\-]*(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[A-Z][\w+\-]*){0,9})"
)
_LIST_ITEM = re.compile(r"[A-Z][\w+\-]*")
_POSSESSIVE = re.compile(r"['’]s\b")
_CREATION_VERB = re.compile(
    r"(?i)\b(?:we|our)\s+(?:\w+\s+){0,2}?(?:present|introduce|propose|build|construct|create|created|curate|release|develop|collect|named|called)\b"
    r"|\b(?:introducing|presenting|proposing|dubbed|named|called)\b"
)
_OWN_GAP_BLOCKERS = re.compile(r"(?i)\b(?:on|from|using|with|over|than|to|against|of|in)\b")
_OWN_GAP = 40


def _extract_names(
    segments: Sequence[Segment], index: NameIndex, own_names: frozenset[str], with_sizes: Vocabulary | None
) -> list[tuple[int, Fact]]:
    found: list[tuple[int, Fact]] = []
    for segment in segments:
        for match in index.find(segment.text):
            if match.entry.needs_cue and not _DATASET_CUE_AFTER.match(segment.text, match.end):
                continue
            if match.entry.name in own_names or _introduced_here(segment.text, match.start):
                continue
            end = match.end
            value = match.entry.name
            if with_sizes is not None:
                end, value = _attach_size(segment.text, match, value)
            fact = Fact(segment.text[match.start : end], value, None, None, segment.text, match.start, end)
            found.append((segment.order + match.start, fact))
    return found


_SIZE_AFTER_NAME = re.compile(r"[\s\-]{0,2}(?P<size>\d+(?:\.\d+)?[MBT])(?![A-Za-z0-9])")


def _attach_size(text: str, match: NameMatch, name: str) -> tuple[int, str]:
    size = _SIZE_AFTER_NAME.match(text, match.end)
    if size is None:
        return match.end, name
    return size.end(), f"{name} {size.group('size')}"


def _introduced_here(text: str, pos: int) -> bool:
    """True when the name is the object of "we build/introduce ..." (own artefact)."""
    window_start = max(0, pos - _OWN_GAP)
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
    segments: Sequence[Segment], vocab: Vocabulary, known: set[str], title: str
) -> list[tuple[int, Fact]]:
    """Dataset names not in the vocabulary, found by phrasing ("the X dataset")."""
    created = _created_names(segments)
    title_name = title.split(":", 1)[0].strip().lower()
    found: list[tuple[int, Fact]] = []
    for segment in segments:
        if segment.is_title:
            continue
        for start, end in _pattern_name_spans(segment.text):
            name = segment.text[start:end]
            lowered = name.lower()
            if lowered in known or lowered in created or lowered == title_name:
                continue
            if vocab.models.match_at(segment.text, start) is not None or vocab.benchmarks.match_at(segment.text, start):
                continue
            known.add(lowered)
            canonical = vocab.benchmarks.canonical.get(lowered, name)  # "Once" -> "ONCE"
            fact = Fact(name, canonical, None, None, segment.text, start, end)
            found.append((segment.order + start, fact))
    return found


def _pattern_name_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span("name") for match in _NAMED_DATASET.finditer(text)]
    for match in _DATASET_LIST.finditer(text):
        base = match.start("items")
        for item in _LIST_ITEM.finditer(match.group("items")):
            if _POSSESSIVE.match(text, base + item.end()):
                continue  # "OpenAI's WIT": an organisation, not a dataset
            spans.append((base + item.start(), base + item.end()))
    return sorted(set(spans))


def _created_names(segments: Sequence[Segment]) -> set[str]:
    """Name-like tokens in sentences where the authors create something."""
    names: set[str] = set()
    for segment in segments:
        verb = _CREATION_VERB.search(segment.text)
        if verb is None:
            continue
        for token in re.finditer(r"[A-Z][\w+\-]*", segment.text[verb.end() :]):
            names.add(token.group().lower())
    return names


# ---------------------------------------------------------------------------
# Results

_RESULT_NUMBER = re.compile(
    r"(?<![\w.])(?P<num>[+\-−]?\d+(?:\.\d+)?)\s?(?P<unit>\\?%|×|x|X|times|-fold)(?![A-Za-z0-9])"
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
    r"(?i)\bwe\s+(?:\w+\s+)?(?:study|investigate|explore|examine|analy[sz]e|show|demonstrate|find|consider|tackle|address)\b"
)


def _extract_summary(segments: Sequence[Segment]) -> Fact | None:
    body = [segment for segment in segments if not segment.is_title]
    chosen = next((s for s in body if _CONTRIBUTION.search(s.text)), None)
    if chosen is None:
        chosen = next((s for s in body if _WEAK_CONTRIBUTION.search(s.text)), None)
    if chosen is None:
        return None
    text = chosen.text
    trimmed, end = _trim_to(text, SUMMARY_MAX_CHARS)
    return Fact(trimmed, trimmed, None, None, text, 0, end)


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

Cue = tuple[re.Pattern[str], float]


def _cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    return tuple((re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in pairs)


_KIND_TITLE_CUES: dict[str, tuple[Cue, ...]] = {
    "survey": _cues((r"\b(?:survey|review|overview|tutorial|primer)\b", 6.0)),
    "benchmark": _cues((r"\bbenchmark\b(?!ing)", 4.0), (r"\bleaderboard\b", 3.0)),
    "dataset": _cues(
        (r"\b(?:a|an)\s+(?:[\w,'-]+\s+){0,6}(?:dataset|corpus)\b(?!\s+(?:distillation|quantization|pruning|selection|condensation|search))", 4.0),
        (r"\b(?:dataset|corpus)\s+(?:of|for|with)\b", 2.0),
    ),
    "model release": _cues(
        (r"\btechnical\s+report\b", 5.0),
        (r"\bfamily\s+of\b", 2.0),
        (r"\bfoundation\s+(?:language\s+)?models?\b", 1.5),
    ),
    "system": _cues(
        (r"\b(?:serving|distributed\s+training|inference\s+system|clusters?|gpus?|memory\s+wall|fault\s+tolerance|throughput|parallel\s+training)\b", 2.0),
    ),
    "empirical study": _cues(
        (r"^(?:rethinking|revisiting|understanding|evaluating|benchmarking|analy[sz]ing|investigating|exploring|on\s+the|how|what|when|why|does|do|is|are|can|towards\s+understanding)\b", 2.5),
        (r"\b(?:lessons|insights|empirical|study|comparison|findings|scaling\s+laws?|analysis|characteri[sz]ation)\b", 2.5),
        (r"\?", 1.0),
    ),
}
_KIND_TEXT_CUES: dict[str, tuple[Cue, ...]] = {
    "survey": _cues(
        (r"\b(?:this|our|the\s+present)\s+(?:survey|review)\b", 4.0),
        (r"\b(?:comprehensive|systematic|structured)\s+(?:survey|review|overview)\b", 4.0),
        (r"\bwe\s+(?:survey|review)\s+(?:the|recent|existing)\b", 2.0),
    ),
    "benchmark": _cues(
        (r"\b(?:we|this\s+paper)\s+(?:\w+\s+){0,2}?(?:introduce|present|propose|release|construct|build|develop)\s+(?:\w+,?\s+){0,4}?(?:a|an|the)\s+(?:[\w-]+\s+){0,5}benchmark\b", 3.0),
        (r"\b[A-Z][\w-]+,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,6}benchmark\b", 3.0),
        (r"\bbenchmark\s+(?:for|to)\s+(?:evaluat|assess|measur)", 1.5),
    ),
    "dataset": _cues(
        (r"\b(?:we|this\s+paper)\s+(?:\w+\s+){0,2}?(?:introduce|present|release|construct|build|create|curate|collect)\s+(?:\w+,?\s+){0,3}?(?:a|an|the)\s+(?:[\w-]+\s+){0,6}(?:dataset|corpus)\b", 3.0),
        (r"\b[A-Z][\w-]+,\s+(?:a|an|the)\s+(?:[\w,-]+\s+){0,6}(?:dataset|corpus)\b", 3.0),
        (r"\bour\s+dataset\b", 1.0),
        (r"\b(?:we|and)\s+release\s+(?:the|our)\s+(?:dataset|data|corpus)\b", 1.0),
    ),
    "model release": _cues(
        (r"\btechnical\s+report\b|\bthis\s+report\b", 3.0),
        (r"\b(?:family|series|suite)\s+of\s+(?:[\w-]+\s+){0,4}(?:models|llms)\b", 2.5),
        (r"\b(?:open-?source|release|open-?sourced|released)\s+(?:the\s+|our\s+)?(?:[\w.-]+\s+){0,2}(?:model\s+weights|weights|checkpoints)\b", 1.5),
        (r"\bwe\s+(?:present|introduce|release)\s+[A-Z][\w.-]*(?:\s+[\w.-]+)?,\s+(?:a|an)\s+(?:[\w-]+\s+){0,6}(?:model|llm|vlm|language\s+model|foundation\s+model)\b", 2.5),
        (r"\b(?:we\s+)?open-?source\s+[A-Z][\w.-]+", 1.0),
        (r"\bfoundation\s+model\b", 0.5),
    ),
    "system": _cues(
        (r"\b(?:production|distributed|training|serving|inference)\s+(?:system|framework|stack|engine)\b", 2.5),
        (r"\b(?:system|framework)\s+for\s+(?:training|serving|inference|fine-tuning)\b", 1.5),
        (r"\b(?:MFU|FLOPs\s+utilization|throughput|parallelism|pipelining|scheduler|co-design|offload\w*|goodput)\b", 0.75),
        (r"\b\d[\d,]*\s+(?:\w+\s+){0,2}GPUs\b", 1.0),
    ),
    "empirical study": _cues(
        (r"\b(?:systematic|empirical|comprehensive|large-scale|extensive|controlled)\s+(?:study|analysis|evaluation|comparison|investigation|characterization)\b", 2.5),
        (r"\bwe\s+(?:\w+\s+)?(?:study|investigate|analy[sz]e|explore|examine|evaluate|characteri[sz]e)\b", 1.0),
        (r"\b(?:we\s+find|our\s+(?:findings|analysis|results)\s+(?:reveal|show|suggest|indicate)|findings\s+(?:suggest|reveal|highlight))\b", 1.0),
        (r"\bscaling\s+laws?\b", 1.0),
        (r"\blessons\b|\binsights\b", 1.0),
    ),
    "method": _cues(
        (r"\bwe\s+(?:\w+\s+){0,2}?(?:propose|introduce|present|develop|design)\s+(?:\w+,?\s+){0,5}?(?:method|approach|framework|technique|algorithm|strategy|architecture|paradigm|mechanism|objective|loss|scheme|module|pipeline|model|optimizer|recipe|procedure|regularization)\b", 3.0),
        (r"\bwe\s+(?:\w+\s+){0,2}?propose\b", 2.0),
        (r"\b(?:novel|new)\s+(?:[\w-]+\s+){0,2}(?:method|approach|technique|algorithm|framework|architecture|objective|loss|strategy)\b", 1.0),
        (r"\bour\s+(?:method|approach|technique|algorithm)\b", 1.5),
    ),
}
_KIND_MIN_SCORE = 2.5
_KIND_MARGIN = 0.5


def _classify(
    segments: Sequence[Segment],
    title_cues: dict[str, tuple[Cue, ...]],
    text_cues: dict[str, tuple[Cue, ...]],
) -> dict[str, tuple[float, Segment | None, tuple[int, int] | None]]:
    """Score each label; remember the strongest trigger as the fact's source."""
    scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]] = {}
    for segment in segments:
        table = title_cues if segment.is_title else text_cues
        for label, cues in table.items():
            for pattern, weight in cues:
                for match in pattern.finditer(segment.text):
                    _add_score(scores, label, weight, segment, match.span())
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
    return _pick_label(scores, KINDS, _KIND_MIN_SCORE, _KIND_MARGIN)


_MODALITY_CUES: dict[str, tuple[Cue, ...]] = {
    "text": _cues(
        (r"\b(?:language\s+models?|LLMs?|LMs|NLP|natural\s+language|texts?|textual|translation|question\s+answering|sentiment|summari[sz]ation|instruction[- ]tuning|tokens?|corpus|corpora|linguistic|multilingual|words?)\b", 1.0),
    ),
    "code": _cues(
        (r"\b(?:code\s+(?:llms?|generation|completion|models?|language\s+models?|tasks?|processing|reasoning)|models?\s+of\s+code|program\s+synthesis|programming\s+languages?|source\s+code|software\s+(?:engineering|developers?)|HPC\s+code|code\s+data)\b", 2.5),
    ),
    "vision": _cues(
        (r"\b(?:images?|computer\s+vision|visual|pixels?|segmentation|object\s+detection|detection|ViTs?|vision\s+transformers?|convolutional|CNNs?|ResNets?|ImageNet|re-identification|re-ID|photorealistic|super-resolution|inpainting|image\s+generation|text-to-image|X-rays?|radiolog\w*|galax(?:y|ies)|surgical|backbones?)\b", 1.0),
    ),
    "vision-language": _cues(
        (r"\b(?:vision[- ]language|language[- ]image|image[- ]text|text[- ]image|visual[- ]language|VLMs?|MLLMs?|LMMs?|multi-?modal\s+(?:large\s+)?(?:language\s+)?models?|large\s+multimodal|visual\s+question|VQA|captions?|captioning|CLIP|interleaved\s+image)\b", 2.0),
    ),
    "video": _cues(
        (r"\b(?:videos?|action\s+recognition|skeleton|Minecraft|gameplay|spatio-temporal)\b", 2.0),
    ),
    "speech/audio": _cues(
        (r"\b(?:speech|audio|spoken|ASR|TTS|voice|acoustic|sounds?|speakers?|music|audition)\b", 2.0),
    ),
    "graph": _cues(
        (r"\b(?:graph\s+neural|GNNs?|node\s+classification|graph\s+(?:data|pre-?training|learning|representation)|text-attributed\s+graphs?|graphons?|molecular\s+graphs?)\b", 2.5),
    ),
    "tabular": _cues((r"\b(?:tabular|spreadsheets?)\b", 3.0)),
    "time series": _cues((r"\b(?:time[- ]series|forecasting)\b", 2.5)),
    "3D": _cues(
        (r"\b(?:3D(?!\s+parallelism)|point\s+clouds?|LiDAR|meshes|Gaussian\s+splat\w*|NeRF|radiance\s+fields?|voxels?)\b", 2.0),
    ),
    "other": _cues(
        (r"\b(?:proteins?|molecul\w+|DNA|RNA|genom\w*|chemical|drug|quantum\s+circuits?|robot\w*|enzyme\w*)\b", 2.0),
    ),
}
_TITLE_WEIGHT = 3.0
_MODALITY_MIN_SCORE = 3.0


def _extract_modality(segments: Sequence[Segment]) -> Fact | None:
    scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]] = {}
    for segment in segments:
        factor = _TITLE_WEIGHT if segment.is_title else 1.0
        for label, cues in _MODALITY_CUES.items():
            for pattern, weight in cues:
                for match in pattern.finditer(segment.text):
                    _add_score(scores, label, weight * factor, segment, match.span())
    return _pick_modality(scores)


def _pick_modality(scores: dict[str, tuple[float, Segment | None, tuple[int, int] | None]]) -> Fact | None:
    def score(label: str) -> float:
        return scores.get(label, (0.0, None, None))[0]

    # Language models are everywhere (as tools, as baselines); a specific
    # modality wins when it is a real theme of the paper.
    specific = [label for label in MODALITIES if label not in ("text", "vision")]
    best_specific = max(specific, key=lambda label: (score(label), -MODALITIES.index(label)))
    if score("vision-language") >= _MODALITY_MIN_SCORE and score("vision-language") >= 0.5 * score(best_specific):
        label = "vision-language"
    elif score(best_specific) >= _MODALITY_MIN_SCORE and score(best_specific) >= 0.4 * max(score("text"), score("vision")):
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
    own = _own_artefact_names(title or "", vocab)
    benchmarks = _extract_names(segments, vocab.benchmarks, own, None)
    known = {fact.value.lower() for _, fact in benchmarks if isinstance(fact.value, str)}
    benchmarks += _extract_pattern_benchmarks(segments, vocab, known, title or "")
    models = _extract_names(segments, vocab.models, frozenset(), vocab)
    return Facts(
        code=_dedupe(code, lambda fact: fact.value),
        parameters=_dedupe(numbers.precise(numbers.parameters), _number_key),
        data_scale=_dedupe(numbers.precise(numbers.data_scale), _number_key),
        compute=_dedupe(compute, _number_key),
        context_length=_dedupe(numbers.context_length, _number_key),
        benchmarks=_dedupe(benchmarks, lambda fact: fact.value),
        models=_dedupe(models, lambda fact: fact.value),
        results=_dedupe(results, lambda fact: (fact.start, fact.end, fact.source))[:_MAX_RESULTS],
        kind=_extract_kind(segments),
        modality=_extract_modality(segments),
        summary=_extract_summary(segments),
    )
