"""The curation report's suggestions paste into survey.yml, and its suggested moves are only
shown when they proved right on the hand-checked placement gold (the figure is measured here)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import yaml

from generator.build import Result, build, read_inputs
from generator.corpus import normalize_title
from generator.report import MOVES_ON_GOLD, moves_shown, suggested_moves
from generator.report_formats import report_data, report_markdown, report_yaml
from generator.taxonomy import parse_taxonomy
from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def result() -> Result:
    """The real corpus built without survey.yml's overrides: a report with every kind of
    suggestion (the curated survey.yml leaves almost nothing to suggest)."""
    inputs = read_inputs(ROOT)
    base = yaml.safe_load(inputs.taxonomy_text)
    base["overrides"] = []
    return build(replace(inputs, taxonomy_text=yaml.safe_dump(base, sort_keys=False, allow_unicode=True)))


def test_the_curated_survey_leaves_few_placements_to_check() -> None:
    curated = build(read_inputs(ROOT))
    assert len(curated.report.low_confidence) <= 2


def pasted(base: dict[str, Any], result: Result) -> list[str]:
    """Problems of the real corpus built with ``base`` as survey.yml."""
    inputs = read_inputs(ROOT)
    text = yaml.safe_dump(base, sort_keys=False, allow_unicode=True)
    parse_taxonomy("survey.yml", text)  # raises on a structural mistake
    built = build(replace(inputs, taxonomy_text=text))
    return [str(p) for p in built.problems if "survey.yml" in str(p)]


def test_every_snippet_pastes_into_survey_yml(result: Result) -> None:
    data = report_data(result.report, result.survey)
    base = yaml.safe_load((ROOT / "survey.yml").read_text(encoding="utf-8"))
    base["overrides"] = []
    overrides = [e for group in ("low_confidence", "other") for item in data[group]
                 for e in yaml.safe_load(item["snippet"])["overrides"]]
    overrides += [e for item in data["moves"]["suggested"] for e in yaml.safe_load(item["snippet"])["overrides"]]
    assert overrides, "the real corpus has low-confidence placements to pin"
    assert data["new_sections"], "and clusters of poorly fitting papers"
    known = {normalize_title(o["paper"]) for o in base.get("overrides") or []}
    base["overrides"] = list(base.get("overrides") or []) + [o for o in overrides
                                                             if normalize_title(o["paper"]) not in known]
    chapters = {c["id"]: c for c in base["chapters"]}
    for item in data["new_sections"]:
        chapters[item["chapter"]]["sections"] += yaml.safe_load(item["snippet"])
    assert pasted(base, result) == []


def test_report_prints_as_yaml_and_markdown(result: Result) -> None:
    parsed = yaml.safe_load(report_yaml(result.report, result.survey))
    assert list(parsed)[0] == "low_confidence"
    markdown = report_markdown(result.report, result.survey)
    assert markdown.index("Low-confidence") < markdown.index("Suggested moves")


def test_cluster_labels_are_words_of_the_abstracts(result: Result) -> None:
    text = " ".join(p.title.lower() + " " + p.abstract.lower() for p in result.survey.papers)
    for cluster in result.report.clusters:
        assert all(phrase in text for phrase in cluster.terms), cluster.terms


def test_move_precision_is_measured_on_the_gold(result: Result) -> None:
    gold = yaml.safe_load((FIXTURES / "assignment_gold.yml").read_text(encoding="utf-8"))
    chapter_of = {normalize_title(g["title"]): g["chapter"] for g in gold}
    by_slug = result.survey.by_slug
    moves = [m for m in suggested_moves(result.survey) if normalize_title(by_slug[m.slug].title) in chapter_of]
    right = sum(chapter_of[normalize_title(by_slug[m.slug].title)] == m.suggested for m in moves)
    print(f"\nsuggested moves on gold papers: {right} of {len(moves)} right")
    assert (right, len(moves)) == MOVES_ON_GOLD
    assert (result.report.moves != ()) == moves_shown() or not suggested_moves(result.survey)
