"""Taxonomy validation collects every problem with its line."""

from __future__ import annotations

import pytest

from generator.taxonomy import TaxonomyError, parse_taxonomy, resolve_overrides

GOOD = """\
title: T
description: D
chapters:
  - id: data
    title: Data
    intro: About data.
    sections:
      - id: filtering
        title: Filtering
        intro: Keep the good part.
        cues: [Data Filtering, dedup]
overrides:
  - paper: Some Paper
    section: data/filtering
seed_years:
  a.txt: 2025
"""


def test_good_file_loads() -> None:
    taxonomy = parse_taxonomy("survey.yml", GOOD)
    assert [s.key for s in taxonomy.sections] == ["data/filtering"]
    assert taxonomy.sections[0].cues == ("data filtering", "dedup")
    assert taxonomy.page_year("a.txt") == 2025 and taxonomy.page_year("b.txt") is None


def problems_of(text: str) -> list[str]:
    with pytest.raises(TaxonomyError) as caught:
        parse_taxonomy("survey.yml", text)
    return [str(p) for p in caught.value.problems]


def test_every_problem_is_reported_at_once_with_lines() -> None:
    text = """\
title: T
colour: blue
chapters:
  - id: data
    title: Data
    intro: About data.
    sections:
      - id: filtering
        intro: Keep the good part.
  - id: data
    title: Again
    intro: x
    sections:
      - id: Bad Id
        title: B
        intro: y
overrides:
  - paper: P
    section: data/nowhere
    also: [atlantis]
"""
    assert problems_of(text) == [
        "survey.yml:1: taxonomy is missing 'description'",
        "survey.yml:2: unknown key 'colour' in taxonomy "
        "(allowed: title, description, chapters, overrides, seed_years, facts)",
        "survey.yml:8: section is missing 'title'",
        "survey.yml:10: duplicate chapter id 'data' (first on line 4)",
        "survey.yml:14: section id 'Bad Id' must be lowercase words joined by hyphens",
        "survey.yml:19: override names unknown section 'data/nowhere' (use chapter-id/section-id)",
        "survey.yml:20: override names unknown chapter 'atlantis'",
    ]


def test_invalid_yaml_reports_its_line() -> None:
    (problem,) = problems_of("title: T\nchapters: [\n  - x: : :\n")
    # The "[" opened on line 2 is never closed; PyYAML only notices on line 3.
    assert problem.startswith("survey.yml:2: invalid YAML: unclosed [")


def test_empty_file() -> None:
    assert problems_of("") == ["survey.yml:1: taxonomy file is empty"]


def test_reserved_other_id() -> None:
    text = GOOD.replace("id: data", "id: other")
    assert "survey.yml:4: chapter id 'other' is reserved for unplaced papers" in problems_of(text)


def test_overrides_naming_unknown_papers_are_reported() -> None:
    taxonomy = parse_taxonomy("survey.yml", GOOD)
    resolved, problems = resolve_overrides("survey.yml", taxonomy, lambda name: None)
    assert resolved == {}
    assert [str(p) for p in problems] == ["survey.yml:13: override names unknown paper 'Some Paper'"]
    resolved, problems = resolve_overrides("survey.yml", taxonomy, lambda name: "some-paper-1234abcd")
    assert list(resolved) == ["some-paper-1234abcd"] and problems == []
