"""Parameters: model sizes ("7B parameters", "LLaMA-13B", "2.7B activated"), from the shared number pass."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, texts_with_roles
from generator.extract.ownership import distinct_with_roles
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    numbers = analysis.numbers
    return distinct_with_roles(numbers.precise(numbers.parameters), "parameters", analysis.own_names)


FIELD = FactField("parameters", "Parameters", many=True, position=30, extract=extract,
                  csv=CsvColumn("parameters", texts_with_roles))
