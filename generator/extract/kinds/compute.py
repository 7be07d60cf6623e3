"""Compute: hardware counts ("1,024 TPU v4 chips"), device time ("88 GPU-days"), money and training time.

Each kind of figure is found by a regex anchored at its unit word (so the cost stays
linear however the text is built) behind a plain substring gate.  Dollars count only in
a sentence about cost, wall-clock time only in a sentence about training, and "hours" of
speech or video is data, not time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.extract.analysis import Analysis
from generator.extract.fact_field import FactField
from generator.extract.folding import contains_any
from generator.extract.ownership import distinct_with_roles
from generator.extract.quantities import MAX_QUANTITIES, NUM, SCALE_WORDS, number_value
from generator.extract.roles import looks_like_name
from generator.extract.sentences import Segment, word_before
from generator.model import Fact

_HARDWARE_COUNT = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{NUM}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    rf"sixteen|thirty-two|sixty-four))"
    r"(?P<suffix>[Kk])?\s{1,3}(?:(?:NVIDIA|AMD|Google|Nvidia|[A-Z][A-Za-z]{0,10}\d[\w-]{0,10}|"
    r"TPU\s?v\d\w{0,5}|Tesla|Ascend|RTX|GeForce)\s{1,3}){0,3}"
    r"(?P<unit>GPUs|GPU|TPUs|TPU\s+chips|TPU\s+cores|chips|accelerators|GPU\s+nodes)\b"
    r"(?![\s-]*(?:hours?|days?|years?|months?)\b)"
)
_DEVICE_TIME = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{NUM}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|twelve))"
    r"(?P<suffix>[KkM])?\s*(?P<device>GPU|TPU|A100|H100|V100|accelerator|node)[\s-]?(?P<unit>hours|"
    r"days|years|months|hour|day|year)\b"
)
_MONEY = re.compile(
    rf"\$\s?(?P<num>{NUM})(?:\s?(?P<suffix>[KkMB])(?![A-Za-z])|\s(?P<scale>thousand|million|billion))?"
)
_WALL_TIME = re.compile(
    rf"(?<![A-Za-z0-9_.,])(?P<num>{NUM})\s+(?P<unit>minutes|hours|days|weeks)\b"
)
_TRAINING_CUE = re.compile(r"(?i)\b(?:train|training|trained|pre-?train\w*|fine-?tun\w*|budget|cost)\b")
_DATA_HOURS_CUE = re.compile(
    r"(?i)\b(?:data|speech|audio|recordings?|corpus|dataset|of\s+(?:speech|audio|video|labeled|unlabeled))\b"
)
_COST_CUE = re.compile(r"(?i)\b(?:cost|costs|budget|budgets|spend|spent|price|dollars|train\w*|compute)\b")
_HARDWARE_ANCHOR = re.compile(r"\b(?:GPUs?|TPUs?|chips|accelerators)\b")
_DEVICE_ANCHOR = re.compile(r"\b(?:hours?|days?|years?|months?)\b")
_WALL_ANCHOR = re.compile(r"\b(?:minutes|hours|days|weeks)\b")
_ANCHOR_LOOKBACK = 72
_COUNT_BEFORE = re.compile(rf"(?<![A-Za-z0-9_.,])(?P<num>{NUM})\s*(?:,\s*(?:and|or)?|and|or)\s*$")


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    found: list[tuple[int, Fact]] = []
    for segment in analysis.segments:
        found += _compute(segment)
    return distinct_with_roles(found, "compute", analysis.own_names)


def _compute(segment: Segment) -> list[tuple[int, Fact]]:
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


def _hardware_counts(segment: Segment) -> list[tuple[int, Fact]]:
    """"10,000 GPUs", "8 A800 GPUs", "1,024 TPU v4 chips"."""
    text = segment.text
    found: list[tuple[int, Fact]] = []
    for match in _anchored(_HARDWARE_COUNT, _HARDWARE_ANCHOR, text):
        if looks_like_name(word_before(text, match.start()).strip() or word_before(text, match.start() - 1)):
            continue  # "RTX 4090 GPU": a model number, not a count
        unit = re.sub(r"\s+", " ", match.group("unit"))
        unit = {"GPU": "GPUs"}.get(unit, unit)
        if unit == "chips" and "TPU" in match.group():
            unit = "TPU chips"  # "1,024 TPU v4 chips"
        value = number_value(match.group("num"), match.group("suffix"))
        found.append(_compute_fact(segment, match, value, unit))
        found += _listed_counts_before(segment, match.start(), unit)
    return found


def _device_time(segment: Segment) -> list[tuple[int, Fact]]:
    """"four GPU hours", "88 GPU-days"."""
    found: list[tuple[int, Fact]] = []
    for match in _anchored(_DEVICE_TIME, _DEVICE_ANCHOR, segment.text):
        device = "GPU" if match.group("device") in ("A100", "H100", "V100") else match.group("device")
        unit = match.group("unit") if match.group("unit").endswith("s") else match.group("unit") + "s"
        value = number_value(match.group("num"), match.group("suffix"))
        found.append(_compute_fact(segment, match, value, f"{device} {unit}"))
    return found


def _money(segment: Segment) -> list[tuple[int, Fact]]:
    """"a $100K budget": dollars, when the sentence talks about cost."""
    if not _COST_CUE.search(segment.text):
        return []
    found: list[tuple[int, Fact]] = []
    for match in _MONEY.finditer(segment.text):
        value = number_value(match.group("num"), match.group("suffix"))
        if match.group("scale"):
            value *= SCALE_WORDS[match.group("scale").lower()]
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
        value = number_value(match.group("num"), None)
        found.append(_compute_fact(segment, match, value, match.group("unit")))
    return found


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


FIELD = FactField("compute", "Compute", many=True, position=50, extract=extract)
