"""Fuzz the real ``survey.yml``: whatever a curator's edit does to it, the result is problems
reported as ``path:line: message``, never an exception.

Hypothesis mutates the file's text the way edits go wrong: a key's line dropped, a value's type
changed (text to list, mapping or number), an id duplicated, cues emptied, stray YAML syntax
typed in, the file cut short.  The taxonomy reader and override resolution run on every example
(against the real corpus's titles); the whole input stage plus placement runs on a sample of
them against the small fixture corpus.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import Inputs, check, place, read_inputs, title_lookup
from generator.model import Paper
from generator.problems import InputError, Problem
from generator.taxonomy import read_taxonomy, resolve_overrides
from tests.conftest import MINI, ROOT

SURVEY = (ROOT / "survey.yml").read_text(encoding="utf-8")
LINES = SURVEY.splitlines(keepends=True)
ID_VALUE = re.compile(r"id: [^\n]*")
KEY_LINE = re.compile(r"^(\s*(?:- )?)([a-z_]+):(.*)$")
ID_LINES = [i for i, line in enumerate(LINES) if re.match(r"^\s*(?:- )?id: ", line)]
CUE_LINES = [i for i, line in enumerate(LINES) if re.match(r"^\s*cues:", line)]
KEYED = [i for i, line in enumerate(LINES) if KEY_LINE.match(line)]
# Values a curator (or a bad merge) can put where another type belongs.
WRONG_VALUES = ["[a, b]", "{a: 1}", "12", "true", "null", "''", "- x", "|\n  text", "&anchor x", "*nothing",
                "!!python/object/apply:os.system ['true']", '"unclosed', "[unclosed", "{a: [}"]
STRAY = list(":[]{}\"'\t-#&*!|>%@`,?\n") + [": ", " - ", "\n  - ", "\n\t", "\u00a0", "\ufeff", "\x00"]


def drop_line(lines: list[str], index: int) -> None:
    del lines[index]


def retype(lines: list[str], index: int, value: str) -> None:
    match = KEY_LINE.match(lines[index])
    if match:
        lines[index] = f"{match.group(1)}{match.group(2)}: {value}\n"


def duplicate_id(lines: list[str], index: int, source: int) -> None:
    value = ID_VALUE.search(lines[source])
    if value:
        lines[index] = ID_VALUE.sub(lambda _: value.group(0), lines[index], count=1)


def empty_cues(lines: list[str], index: int, empty: str) -> None:
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = f"{indent}cues: {empty}\n"


@st.composite
def mutated_survey(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "retype", "duplicate-id", "empty-cues", "stray", "truncate"]))
        keyed = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
        ids = [i for i, line in enumerate(lines) if re.match(r"^\s*(?:- )?id: ", line)]
        cues = [i for i, line in enumerate(lines) if re.match(r"^\s*cues:", line)]
        if kind == "drop" and lines:
            drop_line(lines, draw(st.integers(0, len(lines) - 1)))
        elif kind == "retype" and keyed:
            retype(lines, draw(st.sampled_from(keyed)), draw(st.sampled_from(WRONG_VALUES)))
        elif kind == "duplicate-id" and ids:
            duplicate_id(lines, draw(st.sampled_from(ids)), draw(st.sampled_from(ids)))
        elif kind == "empty-cues" and cues:
            empty_cues(lines, draw(st.sampled_from(cues)), draw(st.sampled_from(["[]", "", "['']", "[' ']", "~"])))
        elif kind == "stray":
            text = "".join(lines)
            at = draw(st.integers(0, len(text)))
            lines = (text[:at] + draw(st.sampled_from(STRAY)) + text[at:]).splitlines(keepends=True)
        elif kind == "truncate":
            lines = lines[: draw(st.integers(0, len(lines)))]
    return "".join(lines)


@cache
def real_titles() -> tuple[Paper, ...]:
    return check(read_inputs(ROOT)).papers


def assert_located(problems: list[Problem], text: str) -> None:
    last_line = text.count("\n") + 2
    for problem in problems:
        assert problem.path == "survey.yml"
        assert 1 <= problem.line <= last_line, problem
        assert problem.message and "\n" not in problem.message, problem
        assert str(problem).startswith(f"survey.yml:{problem.line}: ")


def test_the_real_survey_has_what_the_mutations_need() -> None:
    """The mutations aim at ids, cues and keyed lines; without them the fuzzing would be idle."""
    assert len(ID_LINES) > 20 and len(CUE_LINES) > 10 and len(KEYED) > 50


@settings(max_examples=2000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_survey())
def test_a_mutated_survey_yields_located_problems_never_an_exception(text: str) -> None:
    papers = real_titles()
    taxonomy, problems = read_taxonomy("survey.yml", text)
    assert_located(problems, text)
    if taxonomy is None:
        assert problems  # an unreadable file always says why
        return
    _, override_problems = resolve_overrides("survey.yml", taxonomy, title_lookup(papers), [p.title for p in papers])
    assert_located(override_problems, text)


@pytest.fixture(scope="module")
def mini_inputs() -> Inputs:
    return read_inputs(MINI, seed_added={})


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated_survey())
def test_the_input_stages_and_placement_never_raise_on_a_mutated_survey(mini_inputs: Inputs, text: str) -> None:
    """The whole ``survey-atlas check`` path: a usable taxonomy places every paper; an unusable
    one raises the domain exception carrying located problems, nothing else."""
    inputs = Inputs(**{**vars(mini_inputs), "taxonomy_text": text})
    try:
        checked = check(inputs)
    except InputError as error:
        assert error.problems
        assert_located([p for p in error.problems if p.path == "survey.yml"], text)
        return
    placements = place(checked)
    assert set(placements) == {paper.slug for paper in checked.papers}


def test_mutations_break_the_file_in_every_way_the_reader_reports(tmp_path: Path) -> None:
    """The fuzzing reaches the reader's kinds of problem, not only YAML syntax errors."""
    found: set[str] = set()

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_survey())
    def collect(text: str) -> None:
        for problem in read_taxonomy("survey.yml", text)[1]:
            found.add(problem_kind(problem.message))

    collect()
    assert {"invalid YAML", "duplicate", "missing", "must be"} <= found, found


def problem_kind(message: str) -> str:
    for kind in ("invalid YAML", "duplicate", "missing", "must be", "unknown"):
        if kind in message:
            return kind
    return message
