"""Headline results: clauses that claim a gain with a percentage or a factor ("outperforms X by 12%").

A number with "%", "×" or "-fold" counts when its clause (cut at ";", ":", brackets, ", "
and "while"/"whereas"/"but") holds a claim word such as "improves" or "faster".  Titles
are not read; at most ``_MAX_RESULTS`` are kept.
"""

from __future__ import annotations

import re

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, dedupe, first_text
from generator.extract.quantities import HAS_DIGIT
from generator.extract.sentences import Segment
from generator.model import Fact

_RESULT_NUMBER = re.compile(
    r"(?=[+\-−\d])(?<![\w.])(?P<num>[+\-−]?\d+(?:\.\d+)?)\s?(?P<unit>\\?%|×|x|X|times|-fold)(?![A-Za-z0-9])"
)
_CLAIM_WORDS = re.compile(
    r"(?i)(?:outperform|improv|speed|faster|reduc|fewer|less|smaller|higher|lower|better|surpass|"
    r"achiev|gain|boost|accura|saving|cut|increas|decreas|match|top-1|score|efficien|larger|exceed)"
)
_CLAUSE_BREAK = re.compile(r"[;:()\[\]]|,\s|\s(?:while|whereas|but)\s")
_MAX_RESULTS = 10


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    found: list[tuple[int, Fact]] = []
    for segment in analysis.segments:
        if not segment.is_title:
            found += _results(segment)
    return dedupe(found, lambda fact: (fact.start, fact.end, fact.source))[:_MAX_RESULTS]


def _results(segment: Segment) -> list[tuple[int, Fact]]:
    text = segment.text
    found: list[tuple[int, Fact]] = []
    if not HAS_DIGIT.search(text):
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


FIELD = FactField("results", "Headline results", many=True, position=90, extract=extract,
                  csv=CsvColumn("headline_result", first_text))
