"""Placement measured: leave-one-seed-file-out on the hand-checked gold, the off-topic fixture,
and stability when unrelated seeds arrive.  Run with ``-s`` to see the figures (also printed by
``python -m tests.placement_eval``).  The rules were tuned on the tune half's errors only; the
holdout half's are never printed.  The floors guard the figures measured below; issue 13's
targets, on the holdout half, are high-confidence placements >= 0.95 right, >= 80% of the gold
papers placed with high confidence, and >= 90% of the off-topic abstracts in Other or low.

Measured on the full gold (every paper of the corpus, 275: tune 136, holdout 139), with the
other files' gold as overrides: holdout chapter 0.950, section 0.921, high confidence for 0.885
of the papers and 0.951 of those right; tune chapter 0.941, section 0.941, 0.897 / 0.967
(0.890 / 0.967 without overrides; the holdout half is the same either way).  Off-topic: 20 of
20.  Before this round's rule changes (a cue inside a longer cue counted once, four misfiring
cues dropped or narrowed), on the same gold: holdout chapter 0.957, section 0.928, 0.878 /
0.951; tune chapter 0.934, section 0.934, 0.890 / 0.967.  On the earlier 218-paper gold:
holdout 0.911 / 0.946, tune 0.897 / 0.971."""

from __future__ import annotations

import pytest
import yaml

from generator.assign import assign_papers
from generator.model import Paper, Source
from tests.conftest import FIXTURES
from tests.placement_eval import (
    describe,
    figures,
    leave_one_file_out,
    load_gold,
    offtopic_papers,
    offtopic_placements,
    real_corpus,
)


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    papers, taxonomy = real_corpus()
    return papers, taxonomy, load_gold(papers)


def test_gold_has_enough_papers_in_both_halves(corpus) -> None:  # type: ignore[no-untyped-def]
    _, _, gold = corpus
    assert len(gold) >= 275
    assert {g.half for g in gold} == {"tune", "holdout"}
    assert min(sum(g.half == h for g in gold) for h in ("tune", "holdout")) >= 130


@pytest.mark.parametrize("curator", [True, False], ids=["other-files-gold-as-overrides", "no-overrides"])
def test_leave_one_seed_file_out(corpus, curator: bool) -> None:  # type: ignore[no-untyped-def]
    papers, taxonomy, gold = corpus
    placed = leave_one_file_out(papers, taxonomy, gold, curator)
    titles = {p.slug: p.title for p in papers}
    tune = figures([g for g in gold if g.half == "tune"], placed, titles)
    holdout = figures([g for g in gold if g.half == "holdout"], placed, titles)
    print("\n" + describe("tune", tune) + "\n" + describe("holdout", holdout))
    # Floors a paper's worth under the measured figures (see the docstring).
    assert tune.chapter >= 0.93 and holdout.chapter >= 0.94
    assert tune.section >= 0.93 and holdout.section >= 0.91
    assert tune.high_correct >= 0.96
    assert holdout.high_correct >= 0.95  # issue 13's target
    assert tune.high_share >= 0.88 and holdout.high_share >= 0.88  # the target is 0.80


def test_offtopic_abstracts_go_to_other_or_low_confidence(corpus) -> None:  # type: ignore[no-untyped-def]
    papers, taxonomy, _ = corpus
    placements = offtopic_placements(papers, taxonomy)
    safe = [slug for slug, p in placements.items() if p.chapter == "other" or p.confidence == "low"]
    print(f"\noff-topic: {len(safe)} of {len(placements)} in Other or low confidence")
    assert len(placements) >= 15
    assert len(safe) >= 0.9 * len(placements)


def test_one_misfiring_cue_word_gives_no_confident_place(corpus) -> None:  # type: ignore[no-untyped-def]
    papers, taxonomy, _ = corpus
    items = yaml.safe_load((FIXTURES / "offtopic" / "one_cue.yml").read_text(encoding="utf-8"))
    extra = [Paper(f"one-cue-{i}", item["title"], " ".join(item["abstract"].split()), (Source("one_cue.txt", i),))
             for i, item in enumerate(items)]
    placements = assign_papers([*papers, *extra], taxonomy, unlabelled=frozenset(p.slug for p in extra))
    for paper, item in zip(extra, items, strict=True):
        placement = placements[paper.slug]
        assert placement.section_key != item["misfiring_section"] or placement.confidence == "low", placement


def test_unrelated_seeds_move_no_existing_paper(corpus) -> None:  # type: ignore[no-untyped-def]
    papers, taxonomy, _ = corpus
    before = assign_papers(papers, taxonomy)
    after = assign_papers([*papers, *offtopic_papers()], taxonomy)
    moved = [slug for slug, p in before.items() if after[slug].section_key != p.section_key]
    assert not moved
    changed = [slug for slug, p in before.items() if after[slug].confidence != p.confidence]
    assert len(changed) <= 2, changed
