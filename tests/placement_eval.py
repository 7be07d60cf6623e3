"""Measure placement against the hand-checked gold and the off-topic fixture.

Leave-one-seed-file-out: each seed file's papers are placed with only the other files' papers
as labelled examples (their gold placements standing in for a curator's overrides, and the
placements the method itself is confident of).  Figures are split into the gold's tune and
holdout halves; ``tests/test_placement_eval.py`` checks them and ``python -m tests.placement_eval``
prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from generator.assign import assign_papers
from generator.build import load_corpus, read_inputs
from generator.corpus import normalize_title
from generator.model import Override, Paper, Placement, Source, Taxonomy
from generator.slugs import slug_for_title
from generator.taxonomy import parse_taxonomy
from tests.conftest import FIXTURES, ROOT


@dataclass(frozen=True)
class GoldPaper:
    slug: str
    section: str  # chapter/section
    half: str
    seed_file: str


@dataclass(frozen=True)
class Figures:
    papers: int
    chapter: float
    section: float
    high_share: float  # share of gold papers placed with high confidence
    high_correct: float  # share of high-confidence placements in the right section
    misses: tuple[str, ...]


def load_gold(papers: Sequence[Paper]) -> list[GoldPaper]:
    by_title = {normalize_title(p.title): p for p in papers}
    gold = yaml.safe_load((FIXTURES / "assignment_gold.yml").read_text(encoding="utf-8"))
    found = []
    for item in gold:
        paper = by_title[normalize_title(item["title"])]
        found.append(GoldPaper(paper.slug, f"{item['chapter']}/{item['section']}", item["half"],
                               paper.sources[0].file))
    return found


def real_corpus() -> tuple[tuple[Paper, ...], Taxonomy]:
    inputs = read_inputs(ROOT)
    taxonomy = parse_taxonomy("survey.yml", inputs.taxonomy_text)
    papers, _ = load_corpus(inputs, taxonomy)
    return tuple(papers), taxonomy


def leave_one_file_out(
    papers: Sequence[Paper], taxonomy: Taxonomy, gold: Sequence[GoldPaper], curator: bool = True
) -> dict[str, Placement]:
    """Each gold paper's placement when its seed file's papers carry no label of their own."""
    placed: dict[str, Placement] = {}
    for seed_file in sorted({g.seed_file for g in gold}):
        held = frozenset(p.slug for p in papers if p.sources[0].file == seed_file)
        overrides = {
            g.slug: Override(g.slug, g.section, (), 0) for g in gold if curator and g.slug not in held
        }
        placements = assign_papers(papers, taxonomy, overrides, unlabelled=held)
        placed.update({g.slug: placements[g.slug] for g in gold if g.seed_file == seed_file})
    return placed


def figures(gold: Sequence[GoldPaper], placed: dict[str, Placement], titles: dict[str, str]) -> Figures:
    right_chapter = sum(placed[g.slug].chapter == g.section.split("/")[0] for g in gold)
    right_section = [placed[g.slug].section_key == g.section for g in gold]
    high = [ok for g, ok in zip(gold, right_section, strict=True) if placed[g.slug].confidence == "high"]
    misses = tuple(
        f"{placed[g.slug].confidence:4} {titles[g.slug][:60]}: {placed[g.slug].section_key} (gold {g.section})"
        for g, ok in zip(gold, right_section, strict=True) if not ok
    )
    n = max(len(gold), 1)
    return Figures(len(gold), right_chapter / n, sum(right_section) / n, len(high) / n,
                   sum(high) / max(len(high), 1), misses)


def offtopic_papers() -> list[Paper]:
    items = yaml.safe_load((FIXTURES / "offtopic" / "abstracts.yml").read_text(encoding="utf-8"))
    return [Paper(slug_for_title(normalize_title(item["title"])), item["title"], " ".join(item["abstract"].split()),
                  (Source("offtopic.txt", line),)) for line, item in enumerate(items, start=1)]


def offtopic_placements(papers: Sequence[Paper], taxonomy: Taxonomy) -> dict[str, Placement]:
    """The off-topic abstracts placed as if they had arrived in a new seed file."""
    extra = offtopic_papers()
    placements = assign_papers([*papers, *extra], taxonomy, unlabelled=frozenset(p.slug for p in extra))
    return {p.slug: placements[p.slug] for p in extra}


def describe(name: str, f: Figures) -> str:
    return (f"{name}: {f.papers} papers, chapter {f.chapter:.3f}, section {f.section:.3f}, "
            f"high confidence {f.high_share:.3f} of papers, {f.high_correct:.3f} of them right")


def main() -> None:
    papers, taxonomy = real_corpus()
    gold = load_gold(papers)
    titles = {p.slug: p.title for p in papers}
    for curator in (True, False):
        placed = leave_one_file_out(papers, taxonomy, gold, curator)
        label = "with other files' gold as overrides" if curator else "no overrides"
        for half in ("tune", "holdout"):
            part = [g for g in gold if g.half == half]
            result = figures(part, placed, titles)
            print(describe(f"{label}, {half}", result))
            if half == "tune":
                print("\n".join("   " + m for m in result.misses))
    off = offtopic_placements(papers, taxonomy)
    safe = sum(p.chapter == "other" or p.confidence == "low" for p in off.values())
    print(f"off-topic: {safe} of {len(off)} in Other or low confidence")
    for slug, p in off.items():
        print(f"   {p.confidence:4} {p.section_key:45} {p.score:.3f} {slug}")


if __name__ == "__main__":
    main()
