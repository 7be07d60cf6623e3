"""The curator's report on the real corpus and on a constructed case."""

from __future__ import annotations

from generator.build import build, read_inputs
from generator.corpus import Paper, Source
from generator.report import near_duplicate_titles, report_text
from tests.conftest import ROOT


def paper(slug: str, title: str) -> Paper:
    return Paper(slug=slug, title=title, abstract="x", sources=(Source("a.txt", 1),))


def test_near_duplicate_titles_are_paired_once() -> None:
    papers = [paper("a", "Scaling Laws for Neural Language Models"),
              paper("b", "Scaling Laws for Neural Language Model"),
              paper("c", "Data Filtering Networks")]
    pairs = near_duplicate_titles(papers)
    assert [(p.first, p.second) for p in pairs] == [("a", "b")]
    assert pairs[0].similarity >= 0.8


def test_report_on_the_real_corpus_lists_every_section_and_the_other_papers() -> None:
    result = build(read_inputs(ROOT))
    report = result.report
    assert sum(s.count for s in report.sections) == len(result.survey.papers)
    assert set(report.other) == {p.slug for p in result.unplaced}
    placements = result.survey.placements
    assert all(placements[item.slug].confidence == "low" for item in report.low_confidence)
    assert all(placements[m.slug].chapter == m.current != m.suggested for m in report.moves)
    members = [slug for cluster in report.clusters for slug in cluster.members]
    assert len(members) == len(set(members))
    assert all(cluster.terms for cluster in report.clusters)
    text = report_text(report, result.survey)
    assert "Papers per section:" in text and "Suggested new sections" in text
    assert report_text(build(read_inputs(ROOT)).report, result.survey) == text  # deterministic
