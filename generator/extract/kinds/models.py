"""Models: named base models and model families a paper mentions (``vocab/models.yml``), with sizes.

A size written right after a name is attached ("Llama-2 7B" gives "Llama-2 7B"); a name
the paper introduces itself is left out.
"""

from __future__ import annotations

from generator.extract.analysis import Analysis
from generator.extract.fact_field import FactField, dedupe
from generator.extract.mentions import extract_names
from generator.model import Fact


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    found = extract_names(analysis, analysis.vocabulary.models, frozenset(), with_sizes=True)
    return dedupe(found, lambda fact: fact.value)


FIELD = FactField("models", "Models", many=True, position=80, extract=extract)
