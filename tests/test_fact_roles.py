"""What a comparison table's Params and Data cells show, scored against the hand-checked role
gold (``tests/fixtures/facts_roles_gold.yml``, written from the abstracts before the role rules).

The cells show what ``generator/render/rows.py`` shows: the values of a paper's own quantities,
or its base ones when it has none, never baselines' (``shown_quantities``).  The
test prints precision, recall and role accuracy on both halves (``pytest -s`` shows the table)
and holds the *holdout* half, never used to tune the cues, to floors: the figures reached when
the rules landed, so that a change that makes the tables less trustworthy fails.  The tune half
has floors too, so that undoing a rule tuned on it fails even when the holdout does not notice.  The targets
the tables aim for (precision 0.95, recall 0.85) are printed beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from generator.corpus import normalize_title
from generator.extract import extract_facts
from generator.model import Fact
from generator.render.rows import shown_quantities
from tests.factroles import CellScores, cell_scores, format_table, load_gold, load_papers

TARGET_PRECISION, TARGET_RECALL = 0.95, 0.85
# Floors on the holdout half: (precision, recall, role accuracy), just below what was measured
# when the rules last changed (issue 12: gold of all 275 papers, 139 holdout; Params 0.947 / 0.871
# / 0.759, Data 0.923 / 0.837 / 0.881, the same as on the 107 holdout papers of the first gold,
# since the 32 added holdout papers state no size and the extractor shows none for them).  The
# rules that cleared the tune half's last errors (pruned sizes, composed sizes such as "9B-2B",
# bare "trillion parameter models", roles settled across sentences) left these figures unchanged.
# The targets are not met: precision on both cells and Data recall are below them.
FLOORS = {"Params": (0.94, 0.87, 0.75), "Data": (0.92, 0.83, 0.88)}
# Floors on the tune half, which the rules were tuned on, so that a change undoing a rule fails
# here too (measured: Params 1.000 / 1.000 / 1.000, Data 1.000 / 1.000 / 1.000; Params was
# 1.000 / 0.921 / 0.950 before those rules).
TUNE_FLOORS = {"Params": (0.99, 0.99, 0.99), "Data": (0.99, 0.99, 0.99)}
CELLS: dict[str, tuple[str, Callable[[Sequence[Fact]], tuple[list[Fact], str]]]] = {
    "Params": ("parameters", shown_quantities),
    "Data": ("data_scale", shown_quantities),
}


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], CellScores]:
    gold = load_gold()
    papers = {normalize_title(p.title): p for p in load_papers()}
    found = {title: extract_facts(papers[normalize_title(title)].title, papers[normalize_title(title)].abstract)
             for title in gold}
    results = {}
    for split in ("tune", "holdout"):
        half = {title: entry for title, entry in gold.items() if entry["split"] == split}
        for cell, (field, shown) in CELLS.items():
            predicted = {title: [float(f.value) for f in shown(found[title][field])[0] if _number(f)] for title in half}
            roles = {title: [(float(f.value), f.role or "") for f in found[title][field] if _number(f)]
                     for title in half}
            results[(split, cell)] = cell_scores(predicted, half, field, roles=roles)
    return results


def _number(fact: Fact) -> bool:
    return isinstance(fact.value, int | float) and not isinstance(fact.value, bool)


def test_cells_show_the_papers_own_numbers(scores: dict[tuple[str, str], CellScores]) -> None:
    print("\n" + format_table([(split, cell, s) for (split, cell), s in scores.items()]))
    print(f"targets: precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL} on the holdout half")
    for split, floors in (("holdout", FLOORS), ("tune", TUNE_FLOORS)):
        for cell, (precision, recall, role_accuracy) in floors.items():
            got = scores[(split, cell)]
            assert got.precision is not None and got.precision >= precision, (split, cell, got)
            assert got.recall is not None and got.recall >= recall, (split, cell, got)
            assert got.role_accuracy is not None and got.role_accuracy >= role_accuracy, (split, cell, got)
