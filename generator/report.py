"""The curator's report: what to check and what to change in the taxonomy.

It lists the number of papers per chapter and section, the papers left in "Other", the
placements whose margin over the runner-up is small, papers whose nearest neighbours mostly
sit in another chapter (a suggested move), near-duplicate titles that were not merged, and
suggested new sections: the poorly fitting papers clustered with k-means (fixed seed) and
described by their top terms.  The same ``CurationReport`` feeds the site page and the
``survey-atlas report`` command, so both always say the same thing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans

from generator.corpus import Paper, normalize_title
from generator.related import PaperVectors, nearest_neighbours
from generator.render import Survey
from generator.textmodel import make_title_vectorizer

NEAR_DUPLICATE_SIMILARITY = 0.8
# A move is suggested when at least this many of a paper's related papers agree on a chapter.
MOVE_MAJORITY = 3
MIN_CLUSTER_INPUT = 4
PAPERS_PER_CLUSTER = 5
MAX_CLUSTERS = 6
CLUSTER_TERMS = 6


@dataclass(frozen=True)
class SectionCount:
    key: str
    title: str
    count: int


@dataclass(frozen=True)
class LowConfidence:
    slug: str
    section: str
    score: float
    runner_up: str | None
    runner_up_score: float


@dataclass(frozen=True)
class SuggestedMove:
    slug: str
    current: str
    suggested: str
    agreeing: int
    neighbours: int


@dataclass(frozen=True)
class NearDuplicate:
    first: str
    second: str
    similarity: float


@dataclass(frozen=True)
class Cluster:
    terms: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class CurationReport:
    sections: tuple[SectionCount, ...]
    chapters: tuple[SectionCount, ...]
    other: tuple[str, ...]
    low_confidence: tuple[LowConfidence, ...]
    moves: tuple[SuggestedMove, ...]
    near_duplicates: tuple[NearDuplicate, ...]
    clusters: tuple[Cluster, ...]


def curation_report(survey: Survey, vectors: PaperVectors) -> CurationReport:
    placements = survey.placements
    poorly_fitting = [p.slug for p in survey.papers if placements[p.slug].confidence == "low"]
    return CurationReport(
        sections=section_counts(survey),
        chapters=tuple(
            SectionCount(c.id, c.title, survey.chapter_counts[c.id])
            for c in survey.chapters
        ),
        other=tuple(p.slug for p in survey.papers if placements[p.slug].chapter == "other"),
        low_confidence=tuple(
            LowConfidence(slug, survey.section_title(placements[slug].section_key), placements[slug].score,
                          placements[slug].runner_up, placements[slug].runner_up_score)
            for slug in poorly_fitting if placements[slug].chapter != "other"
        ),
        moves=suggested_moves(survey),
        near_duplicates=near_duplicate_titles(survey.papers),
        clusters=cluster_papers(survey.papers, vectors, set(poorly_fitting)),
    )


def section_counts(survey: Survey) -> tuple[SectionCount, ...]:
    return tuple(
        SectionCount(s.key, survey.section_title(s.key), len(survey.papers_in(s)))
        for c in survey.chapters for s in c.sections if c.id != "other" or survey.papers_in(s)
    )


def suggested_moves(survey: Survey) -> tuple[SuggestedMove, ...]:
    moves = []
    for paper in survey.papers:
        placement = survey.placements[paper.slug]
        neighbours = survey.related.get(paper.slug, ())
        if placement.confidence == "override" or not neighbours:
            continue
        chapter, agreeing = Counter(survey.placements[n.slug].chapter for n in neighbours).most_common(1)[0]
        if chapter != placement.chapter and agreeing >= MOVE_MAJORITY:
            moves.append(SuggestedMove(paper.slug, placement.chapter, chapter, agreeing, len(neighbours)))
    return tuple(moves)


def near_duplicate_titles(papers: Sequence[Paper]) -> tuple[NearDuplicate, ...]:
    """Pairs of different titles whose character-trigram similarity is high."""
    if len(papers) < 2:
        return ()
    matrix = make_title_vectorizer().fit_transform([normalize_title(p.title) for p in papers])
    neighbours = nearest_neighbours(matrix.tocsr(), [p.slug for p in papers], k=1)
    pairs = {
        tuple(sorted((slug, found[0].slug))): found[0].score
        for slug, found in neighbours.items()
        if found and found[0].score >= NEAR_DUPLICATE_SIMILARITY
    }
    return tuple(NearDuplicate(a, b, score) for (a, b), score in sorted(pairs.items()))


def cluster_papers(papers: Sequence[Paper], vectors: PaperVectors, chosen: set[str]) -> tuple[Cluster, ...]:
    """k-means over the chosen papers' TF-IDF rows; each cluster named by its top terms."""
    rows = [i for i, p in enumerate(papers) if p.slug in chosen]
    if len(rows) < MIN_CLUSTER_INPUT or not vectors.terms:
        return ()
    subset = vectors.matrix[rows]
    k = max(1, min(MAX_CLUSTERS, len(rows) // PAPERS_PER_CLUSTER))
    model = KMeans(n_clusters=k, random_state=0, n_init=10).fit(subset)
    clusters = []
    for label in range(k):
        members = tuple(sorted(papers[rows[i]].slug for i in np.flatnonzero(model.labels_ == label)))
        top = np.argsort(-model.cluster_centers_[label], kind="stable")[:CLUSTER_TERMS]
        clusters.append(Cluster(tuple(vectors.terms[i] for i in top), members))
    return tuple(sorted(clusters, key=lambda c: (-len(c.members), c.members)))


def report_text(report: CurationReport, survey: Survey) -> str:
    """The report as plain text for the terminal."""
    titles = {p.slug: p.title for p in survey.papers}
    lines = ["Papers per section:"]
    lines += [f"  {s.count:5d}  {s.title}" for s in report.sections]
    lines += ["", f"In Other ({len(report.other)}):"] + [f"  {titles[s]}  [{s}]" for s in report.other]
    lines += ["", f"Low-confidence placements ({len(report.low_confidence)}):"]
    lines += [
        f"  {titles[item.slug]}  [{item.slug}]\n      {item.section} {item.score:.3f}"
        f" vs {survey.section_title(item.runner_up)} {item.runner_up_score:.3f}"
        for item in report.low_confidence
    ]
    lines += ["", f"Suggested moves ({len(report.moves)}):"]
    lines += [
        f"  {titles[m.slug]}  [{m.slug}]\n"
        f"      {m.current} -> {m.suggested} ({m.agreeing} of {m.neighbours} related papers)"
        for m in report.moves
    ]
    lines += ["", f"Near-duplicate titles ({len(report.near_duplicates)}):"]
    lines += [f"  {d.similarity:.2f}  {titles[d.first]}\n        {titles[d.second]}" for d in report.near_duplicates]
    lines += ["", f"Suggested new sections ({len(report.clusters)} clusters of poorly fitting papers):"]
    for cluster in report.clusters:
        lines.append(f"  terms: {', '.join(cluster.terms)}")
        lines += [f"    {titles[s]}" for s in cluster.members]
    return "\n".join(lines) + "\n"
