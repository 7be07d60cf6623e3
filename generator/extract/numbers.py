"""The number pass: one scan of a paper's sentences for parameter counts, data sizes and context lengths.

Every sentence's quantities are grouped, each group gets a role (see ``roles``), and the
numbers are recorded as facts of the field their role names.  Parameters, training data and
context length all come out of this one pass (``NumberFacts``), which the per-paper
analysis runs once for the three fields.  Corpus sizes in bytes ("a 20 terabyte dataset")
and bare trillions in a sentence about tokens are added to the data facts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.extract.folding import contains_any
from generator.extract.quantities import (
    HAS_DIGIT,
    MIN_PLAIN_DATA,
    NUM,
    SCALE_WORD,
    Quantity,
    attached_to_name,
    group_quantities,
    scan_quantities,
)
from generator.extract.roles import NO_ROLE, Role, own_role, role_after, role_before
from generator.extract.sentences import Segment
from generator.extract.vocabulary import Vocabulary
from generator.model import Fact

# "hundred-million-scale", "billion-level": the number is an adjective.
_ADJECTIVE_SUFFIX = re.compile(
    r"-(?:scale|level|fold|times|sized|size|class|grade|way|shot|bit|dimensional|d)\b", re.IGNORECASE
)
_THRESHOLD_BEFORE = re.compile(r"(?:<|≤|&lt;)=?\s*$")
_COVERAGE_BEFORE = re.compile(
    r"(?i)\b(?:across|spanning|covering)\s+(?:more\s+than\s+|over\s+|nearly\s+|about\s+|approximately\s+|~\s*)?$"
)
# "large-scale instruction sets with more than 100k samples incur ...", "LLMs with over 100B
# parameters": a bound on a class of datasets or models (a regime), not the size of one.
_REGIME_LEAD = re.compile(
    r"(?i)\b(?:sets|datasets|corpora|collections|pools|models|llms|networks)\s+(?:with|of|containing|having)\s+"
    r"(?:more\s+than|over|at\s+least|above|beyond|fewer\s+than|less\s+than|under|below)\s+$")
_SPEAKER = re.compile(r"(?i)\b(?:we|our|us)\b")
# "about a thousand samples": an order of magnitude hedged once more is vague, like "~billion".
_HEDGE_BEFORE = re.compile(r"(?i)(?:\b(?:about|around|roughly|approximately|nearly|some)|~)\s*$")
_TUNED_LEAD = re.compile(
    r"(?i)\btun(?:e|es|ed|ing)\s+(?:only\s+|just\s+)?(?:about\s+|around\s+|approximately\s+|roughly\s+|~\s*)?$"
)
_MODEL_NOUN_NEXT = re.compile(r"(?i)[\s-]*(?:models?|llms?|lms?|networks?|transformers?|checkpoints?)\b")
_SIZE_ADJECTIVES = frozenset({"-sized", "-size", "-scale", "-class", "-level"})
# Word counts below this are output lengths, not corpus sizes.
_MIN_WORDS_DATA = 1e6
# Task counts below this count kinds of task, not the items of a dataset.
_MIN_TASK_DATA = 1e3
# Token counts this small are lengths of inputs or outputs, not corpora.
_MIN_TOKEN_DATA = 1e6
_LENGTH_CUE = re.compile(r"(?i)\b(?:context|length|lengths|long|longer|input|inputs|window|sequences?)\b")
_BYTE_SIZE = re.compile(
    rf"(?=\d)(?<![A-Za-z0-9_.,])(?P<num>{NUM})\s?(?P<unit>TB|PB|GB|(?i:terabytes?|petabytes?|gigabytes?))(?![A-Za-z])"
)
_BYTE_FACTORS: Mapping[str, float] = {"g": 1e9, "t": 1e12, "p": 1e15}
_DATA_NOUN_NEAR = re.compile(
    r"(?i)\b(?:dataset|datasets|corpus|corpora|data|text|documents?|code|images|videos|audio|speech|web\s?pages)\b")
_MEMORY_NEAR = re.compile(
    r"(?i)\b(?:memory|GPUs?|RAM|DRAM|SSDs?|NVMe|HBM|disk|storage|Flash|SRAM|VRAM|bandwidth|cache)\b"
)
_TOKEN_UNIT_NEARBY = re.compile(r"(?i)\btokens?\b")


@dataclass
class NumberFacts:
    """What the number pass found: facts keyed by their position in the paper, per field."""

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


def number_facts(segments: Sequence[Segment], vocab: Vocabulary, own_names: tuple[str, ...] = ()) -> NumberFacts:
    """Run the number pass over a paper's segments, in order; ``own_names`` are the names the
    paper gives its own model (``own_names.py``), whose sizes count whatever the name."""
    state = NumberFacts()
    for segment in segments:
        _extract_numbers(segment, vocab, state, own_names)
    return state


def _extract_numbers(segment: Segment, vocab: Vocabulary, state: NumberFacts, own_names: tuple[str, ...]) -> None:
    text = segment.text
    if not HAS_DIGIT.search(text) and not _has_scale_word(segment):
        return  # no digits and no "million"-like words: nothing to count
    url_spans = list(segment.links)
    quantities = [q for q in scan_quantities(text) if not _inside(q.start, url_spans)]
    first_data, first_param = len(state.data_scale), len(state.parameters)
    for group in group_quantities(text, quantities):
        _classify_group(segment, group, vocab, state, own_names)
    recorded = {fact.start for _, fact in state.data_scale[first_data:]}
    recorded |= {fact.start for _, fact in state.parameters[first_param:]}
    _bare_token_counts(segment, quantities, recorded, state)
    _byte_sizes(segment, state)


def _has_scale_word(segment: Segment) -> bool:
    # Substring tests on the folded text first: the case-insensitive regex
    # cannot skip ahead and most sentences have neither.
    return contains_any(segment.folded, ("illion", "housand")) and SCALE_WORD.search(segment.text) is not None


def _byte_sizes(segment: Segment, state: NumberFacts) -> None:
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


def _classify_group(
    segment: Segment, group: list[Quantity], vocab: Vocabulary, state: NumberFacts, own_names: tuple[str, ...]
) -> None:
    text = segment.text
    if all(quantity.magnitude is None and quantity.value < MIN_PLAIN_DATA for quantity in group):
        return  # small plain numbers ("3 tasks") count nothing this module reports
    trailing_from = group[-1].end
    if adjective := _ADJECTIVE_SUFFIX.match(text, trailing_from):
        if not _sized_model(text, group[-1], adjective, vocab):
            return
        trailing_from = adjective.end()  # "3/8/32B-sized pre-trained LLMs"
    trailing = role_after(text, trailing_from, vocab)
    leading = role_before(text, group[0].start, vocab)
    role = trailing if trailing.kind != "none" else leading
    if trailing.unit == "tokens" and leading.kind in ("context", "skip"):
        # "inputs up to 100,000 tokens" is a context length, not data.
        trailing = role = Role(leading.kind, unit="tokens", end=trailing.end)
    elif trailing.unit == "tokens" and group[-1].value < _MIN_TOKEN_DATA:
        kind = "context" if _LENGTH_CUE.search(text) else "skip"
        trailing = role = Role(kind, unit="tokens", end=trailing.end)
    if _not_a_size(text, group[0].start, role):
        return
    named: Role | None = None  # "Llama-2 7B and 13B": the sizes listed after a model's name
    for position, quantity in enumerate(group):
        is_last = position == len(group) - 1
        own = own_role(text, quantity, vocab, trailing if is_last else NO_ROLE, own_names)
        if own is not None and own.kind == "params" and named is None:
            named = own
        elif own is None and role.kind == "none" and named is not None:
            own = named
        chosen = own if own is not None else role
        if chosen.kind == "none" or chosen.kind == "skip" or _hedged(text, quantity):
            continue
        # Data sizes show their unit ("131B tokens"); a parameter count shows
        # just the number ("7B"), its unit being implied by the column.
        with_unit = is_last and chosen.end and chosen is trailing and chosen.kind != "params"
        span_end = chosen.end if with_unit and chosen.end is not None else quantity.end
        _record(segment, quantity, chosen, span_end, state)


def _not_a_size(text: str, start: int, role: Role) -> bool:
    """"(<1,000 annotated examples)" is a threshold, "sets with more than 100k samples" a regime
    (unless the paper speaks: "we build sets with more than 100k samples"), "4M pairs across 100K objects" tells how
    varied a dataset is and "only tuning about 0.3M parameters" counts what a method tunes:
    none is the size of a dataset or a model."""
    lead = text[max(0, start - 40) : start]
    if role.kind in ("data", "params") and _REGIME_LEAD.search(lead) and not _SPEAKER.search(lead):
        return True
    if role.kind == "data":
        return _THRESHOLD_BEFORE.search(lead) is not None or _COVERAGE_BEFORE.search(lead) is not None
    if role.kind == "params" and role.end is not None and "param" in text[role.end - 10 : role.end].lower():
        # "fine-tuning 7B-parameter models" tunes a model of that size.
        of_a_model = _MODEL_NOUN_NEXT.match(text, role.end) is not None
        return "tun" in lead and not of_a_model and _TUNED_LEAD.search(lead) is not None
    return False


def _hedged(text: str, quantity: Quantity) -> bool:
    """"about a thousand samples": a bare order of magnitude ("a thousand") with a hedge before it."""
    return quantity.approximate and _HEDGE_BEFORE.search(text, max(0, quantity.start - 16), quantity.start) is not None


def _sized_model(text: str, quantity: Quantity, adjective: re.Match[str], vocab: Vocabulary) -> bool:
    """"7B-sized models", "1B-scale LLMs": a size in digits made an adjective of a model noun
    (unlike "hundred-million-scale" or "1M-scale data")."""
    if quantity.magnitude not in ("M", "B", "T") or not text[quantity.start].isdigit():
        return False
    if adjective.group().lower() not in _SIZE_ADJECTIVES:
        return False
    return role_after(text, adjective.end(), vocab).kind == "params"


def _record(segment: Segment, quantity: Quantity, role: Role, span_end: int, state: NumberFacts) -> None:
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


def _data_unit(quantity: Quantity, role: Role, state: NumberFacts) -> str | None:
    if role.unit is None:
        # "600B ... data", ">100B corpus": the unit of the last stated data
        # size; plain counts of "SFT data" are examples.
        if state.last_data_unit is not None:
            return state.last_data_unit
        return "examples" if quantity.magnitude in (None, "K", "M") and quantity.value >= MIN_PLAIN_DATA else None
    if role.unit == "words" and quantity.value < _MIN_WORDS_DATA:
        return None
    if role.unit == "tasks" and quantity.value < _MIN_TASK_DATA:
        return None  # "over 100 tasks" counts kinds of task; "5,000 tasks" are a benchmark's items
    if quantity.magnitude is None and quantity.value < MIN_PLAIN_DATA:
        return None
    return role.unit


def _bare_token_counts(
    segment: Segment, quantities: list[Quantity], recorded: set[int], state: NumberFacts
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
        if after[:1] in ("", ".", ",", ";", ")") and not attached_to_name(text, quantity.start):
            start, end = quantity.start, quantity.end
            fact = Fact(text[start:end], quantity.value, "tokens", None, text, start, end)
            state.data_scale.append((segment.order + start, fact))
