"""The curator's report on the real corpus and on a constructed case."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import KMeans

from generator.assign import assign_papers
from generator.build import build, read_inputs
from generator.corpus import normalize_title
from generator.model import Paper, Source
from generator.related import PaperVectors, nearest_neighbours, paper_vectors
from generator.report import (
    CLUSTER_TERMS,
    MAX_CLUSTERS,
    NEAR_DUPLICATE_SIMILARITY,
    PAPERS_PER_CLUSTER,
    Cluster,
    cluster_papers,
    near_duplicate_titles,
    report_text,
)
from generator.textmodel import make_title_vectorizer
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
    assert set(report.other) == {p.slug for p in result.survey.unplaced}
    placements = result.survey.placements
    assert all(placements[item.slug].confidence == "low" for item in report.low_confidence)
    assert all(placements[m.slug].chapter == m.current != m.suggested for m in report.moves)
    members = [slug for cluster in report.clusters for slug in cluster.members]
    assert len(members) == len(set(members))
    assert all(cluster.terms for cluster in report.clusters)
    text = report_text(report, result.survey)
    assert "Papers per section:" in text and "Suggested new sections" in text
    assert report_text(build(read_inputs(ROOT)).report, result.survey) == text  # deterministic


def reference_clusters(papers: Sequence[Paper], vectors: PaperVectors, chosen: set[str]) -> tuple[Cluster, ...]:
    """k-means over all columns, multi-threaded, as the report first did it."""
    rows = [i for i, p in enumerate(papers) if p.slug in chosen]
    k = max(1, min(MAX_CLUSTERS, len(rows) // PAPERS_PER_CLUSTER))
    model = KMeans(n_clusters=k, random_state=0, n_init=10).fit(vectors.matrix[rows])
    clusters = []
    for label in range(k):
        members = tuple(sorted(papers[rows[i]].slug for i in np.flatnonzero(model.labels_ == label)))
        top = np.argsort(-model.cluster_centers_[label], kind="stable")[:CLUSTER_TERMS]
        clusters.append(Cluster(tuple(vectors.terms[i] for i in top), members))
    return tuple(sorted(clusters, key=lambda c: (-len(c.members), c.members)))


def test_clusters_over_the_used_columns_match_k_means_over_all() -> None:
    survey = build(read_inputs(ROOT)).survey
    vectors = paper_vectors(survey.papers)
    # The low-confidence papers before the curator's overrides: enough of them to cluster.
    automatic = assign_papers(survey.papers, survey.taxonomy)
    chosen = {slug for slug, placement in automatic.items() if placement.confidence == "low"}
    assert len(chosen) >= 10
    assert cluster_papers(survey.papers, vectors, chosen) == reference_clusters(survey.papers, vectors, chosen)


def test_near_duplicates_match_each_title_with_its_nearest() -> None:
    papers = build(read_inputs(ROOT)).survey.papers
    variants = [paper(f"zz-{i}", p.title + " v2") for i, p in enumerate(papers[:12])]
    papers = tuple(papers) + tuple(variants)
    matrix = make_title_vectorizer().fit_transform([normalize_title(p.title) for p in papers])
    nearest = nearest_neighbours(matrix.tocsr(), [p.slug for p in papers], k=1)
    expected = sorted({tuple(sorted((slug, found[0].slug))): found[0].score for slug, found in nearest.items()
                       if found and found[0].score >= NEAR_DUPLICATE_SIMILARITY}.items())
    assert [((d.first, d.second), d.similarity) for d in near_duplicate_titles(papers)] == expected
    assert len(expected) >= 12


def test_a_size_after_the_papers_own_name_is_not_listed_as_an_assumed_role() -> None:
    """"Pensez 7B": the role rules read the paper's own name as a cue, and so does the report."""
    from generator.extract import extract_facts, paper_own_names
    from generator.report import check_reason

    title = "Pensez: Less Data, Better Reasoning -- Rethinking French LLM"
    abstract = ("Specifically, Pensez 7B exhibits an increase in accuracy of the base model up to 20% on the AIME25 "
                "and a 12% increase on a French MATH level 5 benchmark.")
    (fact,) = [f for f in extract_facts(title, abstract)["parameters"] if f.text == "7B"][:1]
    assert check_reason(fact, "parameters", 1) is not None
    assert check_reason(fact, "parameters", 1, paper_own_names(title, abstract)) is None
