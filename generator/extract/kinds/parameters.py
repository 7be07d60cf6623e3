"""Parameters: model sizes ("7B parameters", "LLaMA-13B", "2.7B activated"), from the shared number pass."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, dedupe, number_key, texts_with_roles
from generator.extract.ownership import with_roles
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    numbers = analysis.numbers
    return with_roles(dedupe(numbers.precise(numbers.parameters), number_key), "parameters")


FIELD = FactField("parameters", "Parameters", many=True, position=30, extract=extract,
                  csv=CsvColumn("parameters", texts_with_roles))
