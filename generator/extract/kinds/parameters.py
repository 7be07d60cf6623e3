"""Parameters: model sizes ("7B parameters", "LLaMA-13B", "2.7B activated"), from the shared number pass."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, all_texts, dedupe, number_key
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    numbers = analysis.numbers
    return dedupe(numbers.precise(numbers.parameters), number_key)


FIELD = FactField("parameters", "Parameters", many=True, position=30, extract=extract,
                  csv=CsvColumn("parameters", all_texts))
