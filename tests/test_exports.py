"""papers.json: compact, deterministic, and each fact's sentence stored once per paper."""

from __future__ import annotations

import json
from typing import Any

from generator.exports import papers_json
from tests.factjson import facts_json
from tests.golden import render_mini


def with_sources(record: dict[str, Any]) -> dict[str, Any]:
    """A fact as ``factjson.facts_json`` gives it: the sentence itself instead of its index."""
    def expand(fact: dict[str, Any]) -> dict[str, Any]:
        return {"source" if key == "sentence" else key: record["sentences"][value] if key == "sentence" else value
                for key, value in fact.items()}

    return {name: [expand(f) for f in value] if isinstance(value, list) else value and expand(value)
            for name, value in record["facts"].items()}


def test_papers_json_is_compact_and_deterministic() -> None:
    survey = render_mini().survey
    text = papers_json(survey)
    assert text == papers_json(render_mini().survey)
    # One line, no spaces between tokens: exactly what the compact encoder writes.
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n"


def test_facts_name_their_sentence_once_per_paper() -> None:
    survey = render_mini().survey
    records = json.loads(papers_json(survey))
    assert any(len(r["sentences"]) < sum(len(v) if isinstance(v, list) else v is not None
                                         for v in r["facts"].values()) for r in records)
    for record in records:
        assert with_sources(record) == facts_json(survey.facts[record["slug"]])
        assert len(set(record["sentences"])) == len(record["sentences"])
