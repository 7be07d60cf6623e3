"""Agreement of automatic placement (no overrides) with a hand-checked gold list.

``fixtures/assignment_gold.yml`` records, for papers of the real corpus, the chapter and
section a careful curator would choose, decided by reading the title and abstract.  The test
parses the real seeds, places every paper with the real taxonomy but *without* overrides, and
fails if chapter agreement drops below 0.94.  Run with ``-s`` to see the figures.

Measured on the full gold (275 papers, every paper of the corpus): chapter 0.949, section 0.935.
"""

from __future__ import annotations

import yaml

from generator.assign import assign_papers
from generator.build import load_corpus, read_inputs
from generator.corpus import normalize_title
from generator.taxonomy import parse_taxonomy
from tests.conftest import FIXTURES, ROOT

MIN_CHAPTER_AGREEMENT = 0.94


def test_automatic_placement_agrees_with_the_gold_list() -> None:
    gold = yaml.safe_load((FIXTURES / "assignment_gold.yml").read_text(encoding="utf-8"))
    inputs = read_inputs(ROOT)
    taxonomy = parse_taxonomy("survey.yml", inputs.taxonomy_text)
    papers, _ = load_corpus(inputs, taxonomy)
    placements = assign_papers(papers, taxonomy)  # deliberately no overrides
    by_title = {normalize_title(p.title): placements[p.slug] for p in papers}
    assert len(gold) >= 275
    chapters = sections = 0
    misses = []
    for item in gold:
        placement = by_title[normalize_title(item["title"])]
        chapters += placement.chapter == item["chapter"]
        sections += placement.section_key == f"{item['chapter']}/{item['section']}"
        if placement.chapter != item["chapter"]:
            misses.append(f"  {item['title'][:70]}: {placement.section_key} (gold {item['chapter']})")
    chapter_agreement, section_agreement = chapters / len(gold), sections / len(gold)
    summary = (f"placement agreement on {len(gold)} gold papers: chapter {chapter_agreement:.3f}, "
               f"section {section_agreement:.3f}\n" + "\n".join(misses))
    print(summary)
    assert chapter_agreement >= MIN_CHAPTER_AGREEMENT, summary
