"""Automatic placement: deterministic, explainable, overridable."""

from __future__ import annotations

import random
from pathlib import Path

from generator.assign import OTHER_FLOOR, assign_papers, cue_counts
from generator.model import Override, Paper, Source
from generator.taxonomy import parse_taxonomy
from generator.textmodel import terms
from tests.conftest import MINI
from tests.references import cue_hits, cue_occurrences, phrase_counts

TAXONOMY = parse_taxonomy("survey.yml", (MINI / "survey.yml").read_text(encoding="utf-8"))


def paper(slug: str, title: str, abstract: str) -> Paper:
    return Paper(slug=slug, title=title, abstract=abstract, sources=(Source("a.txt", 1),))


PAPERS = (
    paper("moe", "Routing Tokens to Sparse Experts", "A mixture of experts model routes each token to two experts."),
    paper("quant", "Four-Bit Quantization of Language Models", "Post-training quantization keeps accuracy."),
    paper("filter", "Learned Data Filtering", "Data filtering of Common Crawl with a quality filter."),
    paper("poem", "An Ode to Autumn", "Leaves fall softly on the quiet river bank tonight."),
)


def test_papers_land_in_the_section_their_words_describe() -> None:
    placements = assign_papers(PAPERS, TAXONOMY)
    assert {slug: p.section_key for slug, p in placements.items()} == {
        "moe": "efficiency/moe",
        "quant": "efficiency/compression",
        "filter": "data/filtering",
        "poem": "other/unsorted",
    }
    assert placements["poem"].score < OTHER_FLOOR


def test_placement_is_explained() -> None:
    placement = assign_papers(PAPERS, TAXONOMY)["moe"]
    assert "mixture of experts" in placement.terms
    assert placement.runner_up is not None and not placement.runner_up.startswith("efficiency/")
    assert placement.score > placement.runner_up_score
    assert placement.confidence == "high"


def test_placement_is_deterministic_and_order_independent() -> None:
    first = assign_papers(PAPERS, TAXONOMY)
    assert assign_papers(PAPERS, TAXONOMY) == first
    assert {s: p.section_key for s, p in assign_papers(PAPERS[::-1], TAXONOMY).items()} == {
        s: p.section_key for s, p in first.items()
    }


def test_override_wins_and_keeps_secondary_chapters() -> None:
    override = Override("An Ode to Autumn", "data/filtering", ("efficiency",), 1)
    placement = assign_papers(PAPERS, TAXONOMY, {"poem": override})["poem"]
    assert (placement.section_key, placement.chapters, placement.confidence) == (
        "data/filtering", ("data", "efficiency"), "override")


def test_cue_matching_uses_whole_stemmed_words() -> None:
    assert cue_hits("data filtering", terms("Filtered data"), terms("all data filtered twice")) == (False, 1)
    assert cue_hits("moe", terms("MoE layers"), terms("moet")) == (True, 0)


def test_mini_taxonomy_file_exists() -> None:
    assert Path(MINI / "survey.yml").is_file()


def test_cue_counts_agree_with_the_reference() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        words = tuple(rng.choice("abcd") for _ in range(rng.randint(0, 14)))
        phrases = {tuple(rng.choice("abcd") for _ in range(rng.randint(1, 4))) for _ in range(6)}
        starts: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for phrase in phrases:
            starts.setdefault(phrase[:2], []).append(phrase)
        assert cue_counts(words, starts) == cue_occurrences(words, phrases)


def test_a_cue_inside_a_longer_cue_is_not_counted_again() -> None:
    words = tuple(terms("optimizer states of the optimizer: data pruning, not pruning twice"))
    phrases = [tuple(terms(c)) for c in ("optimizer", "optimizer states", "pruning", "data pruning")]
    starts: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for phrase in phrases:
        starts.setdefault(phrase[:2], []).append(phrase)
    counts = cue_counts(words, starts)
    assert [counts[p] for p in phrases] == [1, 1, 1, 1]
    assert phrase_counts(words, 2)[phrases[0]] == 2  # every run: the nested one too


def test_cue_words_that_outvote_the_paper_s_other_words_give_low_confidence() -> None:
    # Its words are the filtering section's ("a raw web crawl", "the useful part"); two cue
    # words of the experts section ("sparse", "routing") outweigh them in the score.
    crawl = paper("crawl", "Sparse Routing: the Useful Part of a Raw Web Crawl",
                  "The data a model sees is chosen and mixed: we keep the useful part of a raw web crawl "
                  "with sparse routing of pages.")
    placement = assign_papers([*PAPERS, crawl], TAXONOMY)["crawl"]
    assert placement.section_key == "efficiency/moe" and placement.score - placement.runner_up_score > 0.1
    assert placement.confidence == "low" and "outvote the text" in placement.reason
