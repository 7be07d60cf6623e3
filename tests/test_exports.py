"""papers.json: compact, deterministic, and each fact's sentence stored once per paper."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pybtex.database

from generator.exports import SCOPED_KEYS, export_files, papers_json
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


def test_each_chapter_and_tag_has_csv_bibtex_and_json_of_exactly_its_papers() -> None:
    survey = render_mini().survey
    files = {page.src_uri: page.content for page in export_files(survey, "https://example.org/")}
    records = json.loads(files["data/papers.json"])
    scopes: dict[str, set[str]] = {}
    for record in records:
        scopes.setdefault(f"data/chapters/{record['chapter']}", set()).add(record["slug"])
        for tag in record["tags"]:
            scopes.setdefault(f"data/tags/{tag}", set()).add(record["slug"])
    assert any(name.startswith("data/tags/") for name in scopes)
    written = {name.rsplit(".", 1)[0] for name in files if name.count("/") == 2}
    # Every chapter has its files, even one without papers (its page still offers them).
    assert written == set(scopes) | {f"data/chapters/{c.id}" for c in survey.chapters}
    for name, slugs in scopes.items():
        rows = list(csv.DictReader(io.StringIO(files[f"{name}.csv"])))
        assert {row["slug"] for row in rows} == slugs, name
        scoped = json.loads(files[f"{name}.json"])
        assert [r["slug"] for r in scoped] == sorted(slugs), name
        by_slug = {record["slug"]: record for record in records}
        for record in scoped:  # what the tables show: papers.json's fields, fact sentences left out
            full = by_slug[record["slug"]]
            assert set(record) == set(SCOPED_KEYS) and "abstract" not in record
            plain = [k for k in SCOPED_KEYS if k != "facts"]
            assert {k: record[k] for k in plain} == {k: full[k] for k in plain}
            sizes, full_sizes = record["facts"]["parameters"], full["facts"]["parameters"]
            assert [f["text"] for f in sizes] == [f["text"] for f in full_sizes]
            assert not any("sentence" in f or "span" in f for f in sizes)
        assert len(pybtex.database.parse_string(files[f"{name}.bib"], "bibtex").entries) == len(slugs), name
    assert files["data/papers.json"] == papers_json(survey)
