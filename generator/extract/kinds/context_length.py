"""Context length: the input lengths a model handles ("128K context"), from the shared number pass."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import FactField, dedupe, number_key
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    return dedupe(analysis.numbers.context_length, number_key)


FIELD = FactField("context_length", "Context length", many=True, position=60, extract=extract)
