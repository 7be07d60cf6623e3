"""The role gold (tests/fixtures/facts_roles_gold.yml) is well-formed, and the cell scorer in
tests/factroles.py counts what it says it counts.

No test here runs the extractor or asserts baseline numbers: ``python -m tests.factroles``
prints the baseline instead.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from tests.factroles import (
    GOLD,
    MIN_HOLDOUT,
    MIN_PAPERS,
    cell_scores,
    load_papers,
    should_show,
    split_for,
    validate_gold,
)


@pytest.fixture(scope="module")
def corpus_titles() -> list[str]:
    return [paper.title for paper in load_papers()]


@pytest.fixture(scope="module")
def gold_document() -> dict:
    with GOLD.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_gold_file_is_well_formed(gold_document, corpus_titles):
    assert validate_gold(gold_document, corpus_titles) == []


def test_gold_is_large_enough_and_split(gold_document):
    papers = gold_document["papers"]
    holdout = [title for title, entry in papers.items() if entry["split"] == "holdout"]
    assert len(papers) >= MIN_PAPERS
    assert len(holdout) >= MIN_HOLDOUT
    assert len(papers) - len(holdout) >= MIN_HOLDOUT  # about half each


def test_split_rule_is_sha1_parity():
    # The parity of the whole digest is the parity of its last hex digit.
    assert split_for("a") == "tune"  # sha1("a") = 86f7...67b8: even
    assert split_for("e") == "holdout"  # sha1("e") ends in f: odd


# --- The schema check must fail on malformed files. ------------------------------------------

TITLE = "Sequence to Sequence Learning with Neural Networks"
GOOD_ENTRY = {
    "split": split_for(TITLE),
    "parameters": [{"value": 7.0e9, "role": "own"}],
    "data_scale": [{"value": 2.0e12, "family": "tokens", "role": "own"}],
    "compute": [{"value": 1024, "unit": "GPUs", "role": "own"}],
    "benchmarks": ["WMT14"],
    "claims": [{"value": 34.8, "metric": "BLEU", "benchmark": "WMT14", "comparison": None}],
}


def _validate(entry: dict, title: str = TITLE, corpus: list[str] | None = None) -> list[str]:
    return validate_gold({"papers": {title: entry}}, corpus or [TITLE], min_papers=0, min_holdout=0)


def _broken(path: tuple, value) -> dict:
    entry = copy.deepcopy(GOOD_ENTRY)
    target = entry
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return entry


_DELETE = object()


def test_a_good_entry_passes():
    assert _validate(copy.deepcopy(GOOD_ENTRY)) == []


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("split",), _DELETE, "split missing"),
        (("split",), "train", "not in"),
        (("split",), "holdout" if GOOD_ENTRY["split"] == "tune" else "tune", "sha1 rule"),
        (("parameters", 0, "role"), "baseline", "role"),
        (("parameters", 0, "value"), "7.0e9", "not a positive number"),  # YAML 1.1 reads 7.0e9 as text
        (("parameters", 0, "value"), -7.0e9, "not a positive number"),
        (("parameters", 0, "value"), True, "not a positive number"),
        (("parameters", 0, "unit"), "B", "keys"),
        (("data_scale", 0, "family"), "examples", "family"),
        (("data_scale", 0, "role"), _DELETE, "role"),
        (("compute", 0, "unit"), "A100s", "unit"),
        (("benchmarks",), ["MMLU", "MMLU"], "repeat"),
        (("benchmarks",), "MMLU", "not a list"),
        (("claims", 0, "value"), 0, "not a positive number"),
        (("claims", 0, "metric"), "", "metric"),
        (("colour",), "blue", "unknown keys"),
    ],
)
def test_malformed_entries_are_reported(path, value, message):
    problems = _validate(_broken(path, value))
    assert problems and any(message in problem for problem in problems), problems


def test_unknown_and_duplicate_titles_are_reported():
    assert any("matches 0 papers" in p for p in _validate(copy.deepcopy(GOOD_ENTRY), title="No Such Paper"))
    twice = validate_gold({"papers": {TITLE: copy.deepcopy(GOOD_ENTRY),
                                      TITLE.upper(): {**copy.deepcopy(GOOD_ENTRY), "split": split_for(TITLE.upper())}}},
                          [TITLE], min_papers=0, min_holdout=0)
    assert any("same paper" in p for p in twice), twice
    ambiguous = _validate(copy.deepcopy(GOOD_ENTRY), corpus=[TITLE, TITLE.lower()])
    assert any("matches 2 papers" in p for p in ambiguous), ambiguous


def test_too_small_a_gold_is_reported():
    problems = validate_gold({"papers": {TITLE: copy.deepcopy(GOOD_ENTRY)}}, [TITLE])
    assert any("expected at least 120" in p for p in problems)
    assert validate_gold([], [TITLE]) == ["the file must be a mapping with a 'papers' mapping"]


# --- cell_scores on a hand-made example. ------------------------------------------------------

TINY_GOLD = {
    # Own 7B (shown); base 13B is not shown because an own size exists; compared 70B never.
    "A": {"split": "tune", "parameters": [
        {"value": 7.0e9, "role": "own"}, {"value": 1.3e10, "role": "base"}, {"value": 7.0e10, "role": "compared"}],
        "data_scale": [{"value": 2.0e12, "family": "tokens", "role": "own"},
                       {"value": 1.5e13, "family": "tokens", "role": "compared"}]},
    # No own size: the base size is shown; the other (hypothetical) size is not.
    "B": {"split": "holdout", "parameters": [
        {"value": 1.75e11, "role": "base"}, {"value": 1.0e12, "role": "other"}]},
    # Nothing to show.
    "C": {"split": "tune", "parameters": []},
}


def test_should_show_prefers_own_then_base_never_compared():
    assert should_show(TINY_GOLD["A"]["parameters"]) == [7.0e9]
    assert should_show(TINY_GOLD["B"]["parameters"]) == [1.75e11]
    assert should_show(TINY_GOLD["C"]["parameters"]) == []
    assert should_show([{"value": 7.0e9, "role": "own"}, {"value": 7.02e9, "role": "own"}]) == [7.0e9]
    assert should_show([{"value": 1.0e9, "role": "compared"}, {"value": 2.0e9, "role": "other"}]) == []


def test_cell_scores_counts_hits_misses_and_wrong_roles():
    predicted = {
        "A": [7.02e9, 7.0e9, 7.0e10],  # 7.02e9 is within 1% of 7B (counted once); 70B is a compared size
        # "B" shows nothing: its 175B is missed
        "C": [3.0e9],  # nothing expected: a spurious value
    }
    scores = cell_scores(predicted, TINY_GOLD, "parameters")
    assert (scores.papers, scores.true_positives, scores.false_positives, scores.false_negatives) == (3, 1, 2, 1)
    assert scores.wrong_role_positives == 1
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 2)
    assert scores.f1 == pytest.approx(0.4)
    assert scores.role_accuracy is None  # no roles predicted


def test_cell_scores_tolerance_is_one_percent():
    assert cell_scores({"A": [7.05e9]}, {"A": TINY_GOLD["A"]}).true_positives == 1
    outside = cell_scores({"A": [7.1e9]}, {"A": TINY_GOLD["A"]})
    assert (outside.true_positives, outside.false_positives, outside.wrong_role_positives) == (0, 1, 0)


def test_cell_scores_data_field_and_empty_cells():
    scores = cell_scores({"A": [2.0e12, 1.5e13]}, TINY_GOLD, "data_scale")
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 1, 0)
    assert scores.wrong_role_positives == 1
    nothing = cell_scores({}, TINY_GOLD, "data_scale")
    assert (nothing.precision, nothing.recall) == (None, 0.0)


def test_cell_scores_role_accuracy():
    roles = {
        "A": [(7.0e9, "own"), (7.0e9, "own"), (7.0e10, "own"), (5.0e9, "base")],  # right, repeat, wrong, unknown
        "B": [(1.0e12, "other")],  # right
    }
    scores = cell_scores({}, TINY_GOLD, "parameters", roles=roles)
    assert (scores.role_matched, scores.role_correct) == (3, 2)
    assert scores.role_accuracy == pytest.approx(2 / 3)


def test_cell_scores_rejects_unknown_titles():
    with pytest.raises(ValueError, match="not in the gold"):
        cell_scores({"Z": [1.0]}, TINY_GOLD)
