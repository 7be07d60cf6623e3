"""Quantities: the numbers of a sentence with their magnitudes ("7B", "1,217", "ten thousand").

``scan_quantities`` finds numbers written in digits (with a "K"/"M"/"B"/"T" suffix or a
scale word) and in words ("two hundred million"), drops overlaps and lets the first number
of a range share the second's magnitude ("3.3 to 4.3 trillion").  ``group_quantities``
joins numbers listed together ("3B, 7B, and 15B") so that one describing word covers them
all.  Plain numbers below ``MIN_PLAIN_DATA`` that start no range are left out: they count
nothing the fact fields report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.extract.folding import contains_any

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?=\d)(?<![A-Za-z0-9_.,])(?P<num>{NUM})"
    # A lower-case m is read as "million" only before "parameters" ("150m parameter models"):
    # elsewhere it is as likely metres or minutes.
    r"(?:(?P<suffix>[KkMBbT]|m(?=[\s-]?param))(?![A-Za-z0-9])"
    r"|[\s\-]?(?P<scale>(?i:thousand|million|billion|trillion))(?![A-Za-z]))?"
)
SMALL_WORD_NUMBERS: Mapping[str, int] = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "sixteen": 16, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}
_WORD_QUANTITY = re.compile(
    r"(?i)(?<![A-Za-z0-9-])(?:(?P<hundreds>one|two|three|four|five|six|seven|eight|nine)[\s-]{1,3}hundred"
    r"|(?P<word>" + "|".join(sorted(SMALL_WORD_NUMBERS, key=len, reverse=True)) + r"))"
    r"[\s-]{1,3}(?P<scale>thousand|million|billion|trillion)(?![A-Za-z])"
)
# "fine-tune trillion parameter models": a scale word with no number, right after a verb that
# acts on models and right before "parameter", is one of that scale (an order of magnitude, like
# "a trillion").  Only after such a verb: "billion-parameter models are costly" in an
# introduction speaks of a class of models, not of one the paper works with.
_BARE_SCALE = re.compile(
    r"(?i)(?<![\w-])(?:fine-?tun\w*|train\w*|fit(?:s|ting)?|serv(?:e|es|ed|ing)|run(?:s|ning)?|deploy\w*"
    r"|support\w*|host\w*)\s+(?P<scale>million|billion|trillion)(?=[\s-]param)")
# Every number word a quantity may be written with, hyphenated ones included ("thirty-two GPUs"
# once reached float() and stopped the build).
NUMBER_WORDS: Mapping[str, int] = {**SMALL_WORD_NUMBERS, "thirty-two": 32, "sixty-four": 64}
SCALE_WORDS: Mapping[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SUFFIXES: Mapping[str, float] = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
SCALE_WORD = re.compile(r"(?i)thousand|million|billion|trillion")
HAS_DIGIT = re.compile(r"\d")
# "half a million": the "a" of "a million" halved.
_HALF_BEFORE = re.compile(r"(?i)\bhalf\s+$")
_RANGE_AHEAD = re.compile(r"\s{0,2}(?:-|–|/|to|and)\s{0,2}\d")
_RANGE_JOIN = re.compile(r"\s*(?:-|–|/|to|and)\s*")
# On absurdly long input only this many numbers per sentence are classified.
MAX_QUANTITIES = 2_000
# Plain numbers (no magnitude) below this count nothing reported: "3 tasks".
MIN_PLAIN_DATA = 100.0
_MAX_JOIN = 12  # longest connector text considered, e.g. " , and, "
# Connectors that make "3B, 7B, and 15B parameters" one group.
_GROUP_JOIN = re.compile(r"\s*(?:,\s*(?:and|or)?,?|and,?|or|to|/|-|–|vs\.?)\s*")


@dataclass(frozen=True)
class Quantity:
    """A number in a sentence, with its magnitude ("7B", "2 billion")."""

    start: int
    end: int
    value: float
    magnitude: str | None  # "K", "M", "B", "T" or None for a plain number
    bare_number: float  # the digits alone, before any magnitude
    approximate: bool = False  # "a trillion": an order of magnitude only


def scan_quantities(text: str) -> list[Quantity]:
    """Numbers of a sentence in order: digits ("7B", "1,217") and words ("ten thousand")."""
    found = _digit_quantities(text) + _spelled_quantities(text) + _bare_scale_quantities(text)
    found.sort(key=lambda quantity: quantity.start)
    return _propagate_range_magnitudes(text, _drop_overlaps(found))


def _digit_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        if len(found) >= MAX_QUANTITIES:
            break
        number = float(match.group("num").replace(",", ""))
        magnitude = _magnitude_of(match.group("suffix"), match.group("scale"))
        if magnitude is None and number < MIN_PLAIN_DATA and not _RANGE_AHEAD.match(text, match.end()):
            continue  # "3 tasks": too small to count anything, and no range follows
        factor = SUFFIXES[magnitude.lower()] if magnitude else 1.0
        found.append(Quantity(match.start(), match.end(), number * factor, magnitude, number))
    return found


def _spelled_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _word_quantities(text):
        if match.group("hundreds"):
            number = SMALL_WORD_NUMBERS[match.group("hundreds").lower()] * 100.0
        else:
            number = float(SMALL_WORD_NUMBERS[match.group("word").lower()])
        scale = match.group("scale").lower()
        start = match.start()
        approximate = (match.group("word") or "").lower() == "a"  # "a trillion"
        half = _HALF_BEFORE.search(text, max(0, start - 8), start) if approximate else None
        if half is not None:
            number, approximate, start = 0.5, False, half.start()
        value = number * SCALE_WORDS[scale]
        found.append(Quantity(start, match.end(), value, scale[0].upper(), number, approximate))
    return found


def _bare_scale_quantities(text: str) -> list[Quantity]:
    """"fine-tune trillion parameter models": one trillion, approximately (see ``_BARE_SCALE``)."""
    if not contains_any(text, ("illion", "ILLION")):
        return []
    found = []
    for match in _BARE_SCALE.finditer(text):
        scale = match.group("scale").lower()
        found.append(Quantity(match.start("scale"), match.end("scale"), SCALE_WORDS[scale], scale[0].upper(), 1.0,
                              approximate=True))
    return found[:MAX_QUANTITIES]


def _word_quantities(text: str) -> list[re.Match[str]]:
    """"ten thousand", "a trillion": searched only just before scale words."""
    matches: list[re.Match[str]] = []
    covered = 0
    if not contains_any(text, ("illion", "ILLION", "housand", "HOUSAND")):
        return matches
    for scale in SCALE_WORD.finditer(text):
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


def _propagate_range_magnitudes(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"3.3 to 4.3 trillion", "100-200k" and "3/8/32B": earlier numbers share the last one's
    unit (right to left, so that a whole list does)."""
    result = list(quantities)
    for index in reversed(range(len(result) - 1)):
        first, second = result[index], result[index + 1]
        if first.magnitude or not second.magnitude or "," in text[first.start : first.end]:
            continue
        if second.start - first.end > _MAX_JOIN or not _RANGE_JOIN.fullmatch(text, first.end, second.start):
            continue
        if attached_to_name(text, first.start) or first.bare_number >= second.bare_number:
            continue
        factor = second.value / second.bare_number if second.bare_number else 1.0
        result[index] = Quantity(
            first.start, first.end, first.bare_number * factor, second.magnitude, first.bare_number
        )
    return result


def attached_to_name(text: str, pos: int) -> bool:
    """True for "7B" in "LLaMA-7B" (a hyphen glues the number to a name)."""
    return pos >= 2 and text[pos - 1] == "-" and text[pos - 2].isalnum()


def group_quantities(text: str, quantities: list[Quantity]) -> list[list[Quantity]]:
    """Numbers listed together ("3B, 7B, and 15B"), each list in order."""
    groups: list[list[Quantity]] = []
    for quantity in quantities:
        gap_start = groups[-1][-1].end if groups else 0
        joined = quantity.start - gap_start <= _MAX_JOIN and _GROUP_JOIN.fullmatch(text, gap_start, quantity.start)
        if groups and joined:
            groups[-1].append(quantity)
        else:
            groups.append([quantity])
    return groups


def number_value(raw: str, suffix: str | None) -> float:
    """The value of digits ("1,024") or a small number word ("sixteen"), times a K/M/B/T suffix."""
    lowered = raw.lower()
    value = float(NUMBER_WORDS[lowered]) if lowered in NUMBER_WORDS else float(raw.replace(",", ""))
    if suffix:
        value *= SUFFIXES[suffix.lower()]
    return value
