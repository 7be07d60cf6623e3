"""Training data: corpus sizes with their units ("2T tokens", "400M image-text pairs"), from the number pass."""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import CsvColumn, FactField, texts_with_roles
from generator.extract.ownership import distinct_with_roles
from generator.extract.units import is_dimension
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    numbers = analysis.numbers
    sizes = [(order, fact) for order, fact in numbers.precise(numbers.data_scale) if not is_dimension(fact)]
    return distinct_with_roles(sizes, "data_scale", analysis.own_names)


FIELD = FactField("data_scale", "Training data", many=True, position=40, extract=extract,
                  csv=CsvColumn("data_scale", texts_with_roles))
