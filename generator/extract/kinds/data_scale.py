"""Training data: corpus sizes with their units ("2T tokens", "400M image-text pairs"), from the number pass."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, dedupe, number_key, texts_with_roles
from generator.extract.ownership import with_roles
from generator.extract.units import is_dimension
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    numbers = analysis.numbers
    sizes = dedupe(numbers.precise(numbers.data_scale), number_key)
    return with_roles(tuple(fact for fact in sizes if not is_dimension(fact)), "data_scale")


FIELD = FactField("data_scale", "Training data", many=True, position=40, extract=extract,
                  csv=CsvColumn("data_scale", texts_with_roles))
