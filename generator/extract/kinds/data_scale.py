"""Training data: corpus sizes with their units ("2T tokens", "400M image-text pairs"), from the number pass."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, all_texts, dedupe, number_key
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    numbers = analysis.numbers
    return dedupe(numbers.precise(numbers.data_scale), number_key)


FIELD = FactField("data_scale", "Training data", many=True, position=40, extract=extract,
                  csv=CsvColumn("data_scale", all_texts))
