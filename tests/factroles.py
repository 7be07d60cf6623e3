"""Score comparison-table cells against the hand-checked role gold.

The gold (``tests/fixtures/facts_roles_gold.yml``) records, for each paper, every model size,
data size and compute amount its abstract states, each with a role: ``own`` (what the paper
trains, releases, proposes or derives), ``base`` (what it starts from or runs its method on),
``compared`` (baselines it beats or matches) or ``other`` (teachers, judges, prior work,
hardware, examples).  A table cell (Params, Data) *should show* the paper's own sizes or, when
it has none, its base sizes, and never compared or other sizes.

``cell_scores`` compares the values a cell would show with that set (values within 1% relative
tolerance match, each value counted once per paper) and, given predicted ``(value, role)``
pairs, how often the predicted role is one the gold gives that value.  ``validate_gold`` is the
schema check the tests run.  ``python -m tests.factroles`` prints today's baseline: a cell that
shows every extracted parameter (or data) fact, scored on the tune and holdout halves.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.corpus import decode_seed, merge_entries, normalize_title, parse_seed
from generator.model import Paper

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "facts_roles_gold.yml"
SEEDS = ROOT / "seeds"

ROLES = ("own", "base", "compared", "other")
SHOWN_ROLES = ("own", "base")  # own first; base only when a paper has no own value
FAMILIES = ("tokens", "image-text pairs", "images", "hours", "documents", "bytes", "words", "videos", "other")
COMPUTE_UNITS = ("GPUs", "TPUs", "nodes", "GPU-hours", "GPU-days", "GPU-years", "TPU-hours", "hours", "days",
                 "FLOPs", "USD")
SPLITS = ("tune", "holdout")
REL_TOL = 0.01
# Table cell -> gold field.
CELLS = {"Params": "parameters", "Data": "data_scale"}

PAPER_KEYS = {"split", "parameters", "data_scale", "compute", "benchmarks", "claims"}
FACT_KEYS = {
    "parameters": {"value", "role"},
    "data_scale": {"value", "family", "role"},
    "compute": {"value", "unit", "role"},
}
CLAIM_KEYS = {"value", "metric", "benchmark", "comparison"}
MIN_PAPERS = 120
MIN_HOLDOUT = 50


def split_for(title: str) -> str:
    """The documented split rule: sha1 of the title (as written in the gold) even -> tune."""
    return "tune" if int(hashlib.sha1(title.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "holdout"


def load_gold(path: Path = GOLD) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["papers"]


def load_papers(seeds: Path = SEEDS) -> tuple[Paper, ...]:
    """The corpus as the build reads it: decode, parse and merge every seed file."""
    entries = []
    for path in sorted(seeds.glob("*.txt")):
        text, _ = decode_seed(path.name, path.read_bytes())
        if text is None:
            continue
        page, _ = parse_seed(path.name, text)
        entries += page.entries
    papers, _ = merge_entries(entries)
    return papers


# ---------------------------------------------------------------------------------------------
# Schema


def _is_positive_number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and value > 0)


def _check_facts(title: str, field: str, facts: object) -> list[str]:
    if not isinstance(facts, list):
        return [f"{title!r}: {field} is not a list"]
    problems = []
    for index, fact in enumerate(facts):
        where = f"{title!r}: {field}[{index}]"
        if not isinstance(fact, dict):
            problems.append(f"{where} is not a mapping")
            continue
        if set(fact) != FACT_KEYS[field]:
            problems.append(f"{where} has keys {sorted(fact)}, expected {sorted(FACT_KEYS[field])}")
        if not _is_positive_number(fact.get("value")):
            problems.append(f"{where} value {fact.get('value')!r} is not a positive number")
        if fact.get("role") not in ROLES:
            problems.append(f"{where} role {fact.get('role')!r} not in {ROLES}")
        if field == "data_scale" and fact.get("family") not in FAMILIES:
            problems.append(f"{where} family {fact.get('family')!r} not in {FAMILIES}")
        if field == "compute" and fact.get("unit") not in COMPUTE_UNITS:
            problems.append(f"{where} unit {fact.get('unit')!r} not in {COMPUTE_UNITS}")
    return problems


def _check_claims(title: str, claims: object) -> list[str]:
    if not isinstance(claims, list):
        return [f"{title!r}: claims is not a list"]
    problems = []
    for index, claim in enumerate(claims):
        where = f"{title!r}: claims[{index}]"
        if not isinstance(claim, dict):
            problems.append(f"{where} is not a mapping")
            continue
        if set(claim) != CLAIM_KEYS:
            problems.append(f"{where} has keys {sorted(claim)}, expected {sorted(CLAIM_KEYS)}")
        if not _is_positive_number(claim.get("value")):
            problems.append(f"{where} value {claim.get('value')!r} is not a positive number")
        if not (isinstance(claim.get("metric"), str) and claim["metric"].strip()):
            problems.append(f"{where} metric must be a non-empty string")
        for key in ("benchmark", "comparison"):
            if claim.get(key) is not None and not (isinstance(claim[key], str) and claim[key].strip()):
                problems.append(f"{where} {key} must be a non-empty string or null")
    return problems


def _check_benchmarks(title: str, benchmarks: object) -> list[str]:
    if not isinstance(benchmarks, list):
        return [f"{title!r}: benchmarks is not a list"]
    problems = [f"{title!r}: benchmark {name!r} is not a non-empty string"
                for name in benchmarks if not (isinstance(name, str) and name.strip())]
    names = [name for name in benchmarks if isinstance(name, str)]
    if len(set(names)) != len(names):
        problems.append(f"{title!r}: benchmarks repeat a name")
    return problems


def validate_gold(document: object, corpus_titles: Iterable[str], *, min_papers: int = MIN_PAPERS,
                  min_holdout: int = MIN_HOLDOUT) -> list[str]:
    """Every problem with a parsed gold document; ``[]`` when it is well-formed.

    ``corpus_titles`` are the titles of the merged corpus; each gold title must match exactly
    one of them after the corpus's own title normalisation, and no two gold titles may match
    the same paper.
    """
    if not isinstance(document, dict) or not isinstance(document.get("papers"), dict):
        return ["the file must be a mapping with a 'papers' mapping"]
    counts: dict[str, int] = {}
    for title in corpus_titles:
        key = normalize_title(title)
        counts[key] = counts.get(key, 0) + 1
    papers: dict[object, object] = document["papers"]
    problems: list[str] = []
    seen: dict[str, str] = {}
    for title, entry in papers.items():
        if not isinstance(title, str):
            problems.append(f"title {title!r} is not a string")
            continue
        key = normalize_title(title)
        if counts.get(key, 0) != 1:
            problems.append(f"{title!r} matches {counts.get(key, 0)} papers in seeds/, expected exactly 1")
        if key in seen:
            problems.append(f"{title!r} is the same paper as {seen[key]!r}")
        seen[key] = title
        if not isinstance(entry, dict):
            problems.append(f"{title!r}: entry is not a mapping")
            continue
        if unknown := set(entry) - PAPER_KEYS:
            problems.append(f"{title!r}: unknown keys {sorted(unknown)}")
        if "split" not in entry:
            problems.append(f"{title!r}: split missing")
        elif entry["split"] not in SPLITS:
            problems.append(f"{title!r}: split {entry['split']!r} not in {SPLITS}")
        elif entry["split"] != split_for(title):
            problems.append(f"{title!r}: split {entry['split']!r} but the sha1 rule gives {split_for(title)!r}")
        for field in FACT_KEYS:
            problems += _check_facts(title, field, entry.get(field, []))
        problems += _check_benchmarks(title, entry.get("benchmarks", []))
        problems += _check_claims(title, entry.get("claims", []))
    if len(papers) < min_papers:
        problems.append(f"{len(papers)} papers, expected at least {min_papers}")
    holdout = sum(1 for entry in papers.values() if isinstance(entry, dict) and entry.get("split") == "holdout")
    if holdout < min_holdout:
        problems.append(f"{holdout} holdout papers, expected at least {min_holdout}")
    return problems


# ---------------------------------------------------------------------------------------------
# Scoring


def same_value(a: float, b: float, rel_tol: float = REL_TOL) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol)


def distinct(values: Iterable[float], rel_tol: float = REL_TOL) -> list[float]:
    """Values in order, each kept once (values within ``rel_tol`` of a kept one are dropped)."""
    kept: list[float] = []
    for value in values:
        if not any(same_value(value, k, rel_tol) for k in kept):
            kept.append(value)
    return kept


def should_show(facts: Sequence[Mapping[str, Any]], rel_tol: float = REL_TOL) -> list[float]:
    """The values a cell should show: own values, or base values when there is no own value."""
    for role in SHOWN_ROLES:
        values = [fact["value"] for fact in facts if fact["role"] == role]
        if values:
            return distinct(values, rel_tol)
    return []


@dataclass(frozen=True)
class CellScores:
    """Counts over papers; a ratio with nothing to divide is ``None``."""

    papers: int
    true_positives: int
    false_positives: int
    false_negatives: int
    # False positives whose value the gold records with a role a cell must not show
    # (compared/other, or base when the paper has own values): a role error, not a misread.
    wrong_role_positives: int = 0
    role_matched: int = 0
    role_correct: int = 0

    @property
    def precision(self) -> float | None:
        shown = self.true_positives + self.false_positives
        return self.true_positives / shown if shown else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r else None

    @property
    def role_accuracy(self) -> float | None:
        return self.role_correct / self.role_matched if self.role_matched else None


def cell_scores(
    predicted: Mapping[str, Sequence[float]],
    gold: Mapping[str, Mapping[str, Any]],
    field: str = "parameters",
    *,
    roles: Mapping[str, Sequence[tuple[float, str]]] | None = None,
    rel_tol: float = REL_TOL,
) -> CellScores:
    """Score the values cells show (``predicted``: title -> values) against the gold.

    Every gold paper is scored; a paper missing from ``predicted`` shows an empty cell.  Within
    a paper, shown and expected values are each counted once and matched one-to-one within
    ``rel_tol``.  ``roles`` (title -> predicted ``(value, role)`` pairs) adds role accuracy:
    among predicted pairs whose value the gold records for that paper (in any role), the share
    whose role is one the gold gives that value.
    """
    unknown = (set(predicted) | set(roles or {})) - set(gold)
    if unknown:
        raise ValueError(f"predictions for papers not in the gold: {sorted(unknown)[:3]}")
    tp = fp = fn = wrong_role = matched = correct = 0
    for title, entry in gold.items():
        facts = entry.get(field) or []
        expected = should_show(facts, rel_tol)
        unmatched = list(expected)
        for value in distinct(predicted.get(title, ()), rel_tol):
            hit = next((i for i, e in enumerate(unmatched) if same_value(value, e, rel_tol)), None)
            if hit is not None:
                unmatched.pop(hit)
                tp += 1
            else:
                fp += 1
                if any(same_value(value, fact["value"], rel_tol) for fact in facts):
                    wrong_role += 1
        fn += len(unmatched)
        seen_pairs: list[tuple[float, str]] = []
        for value, role in (roles or {}).get(title, ()):
            if any(r == role and same_value(v, value, rel_tol) for v, r in seen_pairs):
                continue
            seen_pairs.append((value, role))
            gold_roles = {fact["role"] for fact in facts if same_value(value, fact["value"], rel_tol)}
            if gold_roles:
                matched += 1
                correct += role in gold_roles
    return CellScores(len(gold), tp, fp, fn, wrong_role, matched, correct)


# ---------------------------------------------------------------------------------------------
# Baseline: today's cells show every extracted fact of the field.


def extracted_values(title: str, abstract: str, field: str) -> list[float]:
    from generator.extract import extract_facts

    return [fact.value for fact in extract_facts(title, abstract)[field]
            if isinstance(fact.value, int | float) and not isinstance(fact.value, bool)]


def baseline_rows(gold: Mapping[str, Mapping[str, Any]], papers: Sequence[Paper]) -> list[tuple[str, str, CellScores]]:
    by_key = {normalize_title(paper.title): paper for paper in papers}
    rows = []
    for split in SPLITS:
        half = {title: entry for title, entry in gold.items() if entry["split"] == split}
        for cell, field in CELLS.items():
            predicted = {}
            for title in half:
                paper = by_key[normalize_title(title)]
                predicted[title] = extracted_values(paper.title, paper.abstract, field)
            rows.append((split, cell, cell_scores(predicted, half, field)))
    return rows


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_table(rows: Sequence[tuple[str, str, CellScores]]) -> str:
    header = (f"{'split':<8} {'cell':<7} {'papers':>6} {'TP':>4} {'FP':>4} {'(role)':>6} {'FN':>4} "
              f"{'precision':>9} {'recall':>7} {'F1':>6} {'role acc':>8}")
    lines = [header, "-" * len(header)]
    for split, cell, s in rows:
        lines.append(f"{split:<8} {cell:<7} {s.papers:>6} {s.true_positives:>4} {s.false_positives:>4} "
                     f"{s.wrong_role_positives:>6} {s.false_negatives:>4} {_ratio(s.precision):>9} "
                     f"{_ratio(s.recall):>7} {_ratio(s.f1):>6} {_ratio(s.role_accuracy):>8}")
    return "\n".join(lines)


def main() -> None:
    rows = baseline_rows(load_gold(), load_papers())
    print("Baseline: each cell shows every extracted fact of its field (values match within 1%).")
    print("(role) = false positives the gold records with a role a cell must not show; "
          "role acc is n/a because today's facts carry no role.")
    print(format_table(rows))


if __name__ == "__main__":
    main()
