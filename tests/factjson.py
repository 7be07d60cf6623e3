"""A paper's facts as plain JSON with each fact's sentence written out: the shape ``papers.json``
has before it names sentences by index.  Tests compare exports and runs against it."""

from __future__ import annotations

from typing import Any

from generator.extract import FIELDS
from generator.extract.units import family_of
from generator.model import Fact, Facts


def fact_json(fact: Fact, field: str = "") -> dict[str, Any]:
    role = {} if fact.role is None else {"role": fact.role}
    family = {"family": family_of(fact.unit)} if field == "data_scale" else {}
    return {"text": fact.text, "value": fact.value, "unit": fact.unit, "qualifier": fact.qualifier, **role, **family,
            "source": fact.source, "span": [fact.start, fact.end]}


def facts_json(facts: Facts) -> dict[str, Any]:
    return {
        field.name: [fact_json(f, field.name) for f in facts[field.name]] if field.many
        else (fact := facts.first(field.name)) and fact_json(fact, field.name)
        for field in FIELDS
    }
