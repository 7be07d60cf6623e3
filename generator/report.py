"""The curator's report: what to check and what to change in the taxonomy.

It lists the number of papers per chapter and section, the papers left in "Other", the
placements whose margin over the runner-up is small, papers whose nearest neighbours mostly
sit in another chapter (a suggested move), near-duplicate titles that were not merged, and
suggested new sections: the poorly fitting papers clustered with k-means (fixed seed) and
described by their top terms.  The same ``CurationReport`` feeds the site page and the
``survey-atlas report`` command, so both always say the same thing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

from generator.cache import StageCache, entry_key
from generator.corpus import normalize_title
from generator.extract import paper_own_names
from generator.extract.ownership import ROLE_FIELDS, role_has_cue
from generator.extract.units import family_of
from generator.model import Fact, Paper, Placement, Survey
from generator.related import PaperVectors, similar_pairs
from generator.textmodel import make_title_vectorizer, terms

NEAR_DUPLICATE_SIMILARITY = 0.8
# A move is suggested when at least this many of a paper's related papers agree on a chapter.
MOVE_MAJORITY = 3
# Suggested moves on the hand-checked placement gold: (right, suggested), measured by
# tests/test_report_snippets.py (which fails when these figures are out of date).  Moves are
# shown only when their precision reaches MIN_MOVE_PRECISION.  Since related papers favour
# papers of the same section, the rule suggests no move on the gold (it suggested 17, 4 right,
# when related papers were plain cosine neighbours).
MOVES_ON_GOLD = (0, 0)
MIN_MOVE_PRECISION = 0.8


def move_precision() -> float | None:
    """The measured precision of suggested moves, or None when none was suggested on the gold."""
    right, suggested = MOVES_ON_GOLD
    return right / suggested if suggested else None


def moves_shown() -> bool:
    precision = move_precision()
    return precision is not None and precision >= MIN_MOVE_PRECISION
MIN_CLUSTER_INPUT = 4
PAPERS_PER_CLUSTER = 5
MAX_CLUSTERS = 6
CLUSTER_TERMS = 6
KMEANS_TOL = 1e-4  # sklearn's default, over all columns
# Words as an abstract writes them, hyphenated words kept whole ("pre-training").
SURFACE_WORD_RE = re.compile(r"[a-z0-9]+(?:[-‐‑][a-z0-9]+)*")


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
    section_key: str = ""
    reason: str = ""


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
    terms: tuple[str, ...]  # readable phrases, as the members' abstracts write them
    members: tuple[str, ...]
    chapter: str = ""  # the chapter most members are placed in


@dataclass(frozen=True)
class FactToCheck:
    """A fact a curator should look at, and why; ``survey.yml``'s ``facts:`` settles it."""

    slug: str
    field: str
    text: str
    role: str | None
    reason: str


@dataclass(frozen=True)
class CurationReport:
    sections: tuple[SectionCount, ...]
    chapters: tuple[SectionCount, ...]
    other: tuple[str, ...]
    low_confidence: tuple[LowConfidence, ...]
    moves: tuple[SuggestedMove, ...]
    near_duplicates: tuple[NearDuplicate, ...]
    clusters: tuple[Cluster, ...]
    facts_to_check: tuple[FactToCheck, ...] = ()
    move_note: str = ""  # what the suggested moves are worth, measured on the gold


def curation_report(survey: Survey, clusters: Sequence[Cluster]) -> CurationReport:
    """The report; ``clusters`` are the poorly fitting papers' (``clusters_with_cache``)."""
    placements = survey.placements
    poorly_fitting = poorly_fitting_papers(survey.papers, placements)
    return CurationReport(
        sections=section_counts(survey),
        chapters=tuple(
            SectionCount(c.id, c.title, survey.chapter_counts[c.id])
            for c in survey.chapters
        ),
        other=tuple(p.slug for p in survey.papers if placements[p.slug].chapter == "other"),
        low_confidence=tuple(
            LowConfidence(slug, survey.section_title(placements[slug].section_key), placements[slug].score,
                          placements[slug].runner_up, placements[slug].runner_up_score,
                          placements[slug].section_key, placements[slug].reason)
            for slug in poorly_fitting if placements[slug].chapter != "other"
        ),
        moves=suggested_moves(survey) if moves_shown() else (),
        near_duplicates=near_duplicate_titles(survey.papers),
        clusters=tuple(readable_cluster(c, survey) for c in clusters),
        facts_to_check=facts_to_check(survey),
        move_note=move_note(),
    )


def poorly_fitting_papers(papers: Sequence[Paper], placements: Mapping[str, Placement]) -> list[str]:
    """The papers placed with low confidence, in corpus order: the report lists them first and
    clusters them into suggested sections."""
    return [p.slug for p in papers if placements[p.slug].confidence == "low"]


def clusters_with_cache(papers: Sequence[Paper], vectors: PaperVectors, placements: Mapping[str, Placement],
                        cache: StageCache) -> tuple[tuple[Cluster, ...], StageCache]:
    """The clusters of the poorly fitting papers (``cluster_papers``), taken from ``cache`` while
    the papers, their TF-IDF matrix and which of them fit poorly are unchanged: k-means was the
    report's largest cost (0.3 of 0.56 s at 2,000 papers) in a serve rebuild after an edit that
    moves no paper."""
    chosen = poorly_fitting_papers(papers, placements)
    key = entry_key(vectors.digest, *(p.slug for p in papers), "", *chosen)
    clusters, updated = cache.fill_one(key, lambda: cluster_papers(papers, vectors, set(chosen)))
    return tuple(clusters), updated


# A paper whose table cell would list more sizes than this is worth a look: which one is its own?
MANY_CANDIDATES = 3
MAX_FACTS_TO_CHECK = 100


def facts_to_check(survey: Survey) -> tuple[FactToCheck, ...]:
    """Quantities a curator should confirm, in corpus order: roles no word of the sentence
    decided, papers with many candidate sizes, data sizes in units of no known family.  Facts
    already verified are left out."""
    found: list[FactToCheck] = []
    for paper in survey.papers:
        facts = survey.facts[paper.slug]
        fields = [field for field in ROLE_FIELDS[:2] if facts[field]]
        # Read once per paper (not per fact): what the paper calls its own model.
        own_names = paper_own_names(paper.title, paper.abstract) if fields else ()
        for field in fields:
            own = [fact for fact in facts[field] if fact.role == "own" and not fact.verified]
            for fact in facts[field]:
                if fact.verified:
                    continue
                reason = check_reason(fact, field, len(own), own_names)
                if reason:
                    found.append(FactToCheck(paper.slug, field, fact.text, fact.role, reason))
    return tuple(found[:MAX_FACTS_TO_CHECK])


def check_reason(fact: Fact, field: str, own_count: int, own_names: tuple[str, ...] = ()) -> str | None:
    if field == "data_scale" and family_of(fact.unit) == "other":
        return f"unusual unit ({fact.unit or 'none'})"
    if fact.role == "own" and own_count > MANY_CANDIDATES:
        return f"{own_count} own {'sizes' if field == 'parameters' else 'data sizes'}: are all the paper's?"
    if not role_has_cue(fact, field, own_names):
        return f"role {fact.role} assumed: no word of the sentence says whose it is"
    return None


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
    """Pairs of different titles whose character-trigram similarity is high: each title with its
    most similar other title (rounded score, then slug), when that one is close enough."""
    if len(papers) < 2:
        return ()
    matrix = make_title_vectorizer().fit_transform([normalize_title(p.title) for p in papers])
    slugs = [p.slug for p in papers]
    # Scores are compared rounded to 4 places (as ``related`` rounds them): look a little lower.
    first, second, scores = similar_pairs(matrix.tocsr(), NEAR_DUPLICATE_SIMILARITY - 0.00005)
    best: dict[int, tuple[float, str]] = {}
    for i, j, score in zip(first.tolist(), second.tolist(), scores.tolist(), strict=True):
        candidate = (round(score, 4), slugs[j])
        if i not in best or (-candidate[0], candidate[1]) < (-best[i][0], best[i][1]):
            best[i] = candidate
    pairs = {
        tuple(sorted((slugs[i], slug))): score
        for i, (score, slug) in sorted(best.items())
        if score >= NEAR_DUPLICATE_SIMILARITY
    }
    return tuple(NearDuplicate(a, b, score) for (a, b), score in sorted(pairs.items()))


def cluster_papers(papers: Sequence[Paper], vectors: PaperVectors, chosen: set[str]) -> tuple[Cluster, ...]:
    """k-means over the chosen papers' TF-IDF rows; each cluster named by its top terms."""
    rows = [i for i, p in enumerate(papers) if p.slug in chosen]
    if len(rows) < MIN_CLUSTER_INPUT or not vectors.terms:
        return ()
    subset = vectors.matrix[rows]
    # Only the terms the chosen papers use: the centres' other coordinates stay zero, and
    # k-means' cost grows with the width of its dense centres.  Entries sorted by column, as
    # k-means itself would sort them, copy after copy.
    used = np.flatnonzero(np.bincount(subset.indices, minlength=subset.shape[1]))
    subset = subset[:, used].sorted_indices()
    k = max(1, min(MAX_CLUSTERS, len(rows) // PAPERS_PER_CLUSTER))
    # sklearn scales its tolerance by the mean variance over the columns; the same absolute
    # tolerance as over all columns keeps the same stopping point.
    tolerance = KMEANS_TOL * len(used) / vectors.matrix.shape[1]
    # One thread: OpenMP workers spinning for a few milliseconds of work each cost more CPU than
    # they save, and a single thread adds up the centres in one fixed order.
    with threadpool_limits(limits=1):
        model = KMeans(n_clusters=k, random_state=0, n_init=10, tol=tolerance).fit(subset)
    centre = np.zeros(vectors.matrix.shape[1], dtype=model.cluster_centers_.dtype)
    clusters = []
    for label in range(k):
        members = tuple(sorted(papers[rows[i]].slug for i in np.flatnonzero(model.labels_ == label)))
        centre[used] = model.cluster_centers_[label]  # back to all columns: ties rank as before
        top = np.argsort(-centre, kind="stable")[:CLUSTER_TERMS]
        clusters.append(Cluster(tuple(vectors.terms[i] for i in top), members))
    return tuple(sorted(clusters, key=lambda c: (-len(c.members), c.members)))


def readable_cluster(cluster: Cluster, survey: Survey) -> Cluster:
    """The cluster with its stemmed terms written as its members' abstracts write them, and
    the chapter most of its members sit in."""
    seen: dict[str, list[str]] = {}  # the members share most of their words: stem each once
    texts = [stemmed_words(f"{survey.by_slug[s].title} . {survey.by_slug[s].abstract}", seen)
             for s in cluster.members]
    phrases: list[str] = []
    for phrase in (surface_phrase(term, texts) for term in cluster.terms):
        # "selecting" adds nothing after "data selection", nor "image" after "images".
        if phrase and not set(_word_starts(phrase)) <= {w for kept in phrases for w in _word_starts(kept)}:
            phrases.append(phrase)
    chapters = Counter(survey.placements[s].chapter for s in cluster.members)
    chapter = min(chapters, key=lambda c: (-chapters[c], c))
    return Cluster(tuple(phrases), cluster.members, chapter)


def _word_starts(phrase: str) -> list[str]:
    return [word[:5] for word in phrase.split()]


def stemmed_words(text: str, seen: dict[str, list[str]] | None = None) -> tuple[list[str], list[str]]:
    """The words of ``text`` that make a term, and each one's term ("" when it makes several);
    ``seen`` keeps the terms of words already met, for a caller stemming many texts."""
    words: list[str] = []
    stems: list[str] = []
    known = {} if seen is None else seen
    for word in SURFACE_WORD_RE.findall(text.lower()):
        found = known.get(word)
        if found is None:
            found = known[word] = terms(word)
        if found:
            words.append(word)
            stems.append(found[0] if len(found) == 1 else "")
    return words, stems


def surface_phrase(feature: str, texts: Sequence[tuple[list[str], list[str]]]) -> str:
    """The commonest run of words in ``texts`` (``stemmed_words`` of each) whose terms are
    ``feature`` ("prun" → "pruning", "sampl prun" → "sample pruning"); "" when no run of whole
    words matches."""
    wanted = tuple(feature.split())
    found: Counter[str] = Counter()
    for words, stems in texts:
        for i in range(len(words) - len(wanted) + 1):
            if stems[i] == wanted[0] and tuple(stems[i : i + len(wanted)]) == wanted:
                found[" ".join(words[i : i + len(wanted)])] += 1
    return min(found, key=lambda phrase: (-found[phrase], phrase)) if found else ""


def report_text(report: CurationReport, survey: Survey) -> str:
    """The report as plain text for the terminal."""
    titles = {p.slug: p.title for p in survey.papers}
    lines = [f"Low-confidence placements ({len(report.low_confidence)}; pin each with an override, or leave it):"]
    lines += [
        f"  {titles[item.slug]}  [{item.slug}]\n      {item.section}: {item.reason}"
        f"; runner-up {survey.section_title(item.runner_up)}"
        for item in report.low_confidence
    ]
    reasons = {slug: survey.placements[slug].reason for slug in report.other}
    lines += ["", f"In Other ({len(report.other)}):"]
    lines += [f"  {titles[s]}  [{s}]\n      {reasons[s]}" for s in report.other]
    lines += ["", "Papers per section:"]
    lines += [f"  {s.count:5d}  {s.title}" for s in report.sections]
    lines += ["", f"Suggested moves ({len(report.moves)}; {move_note()}):"]
    lines += [
        f"  {titles[m.slug]}  [{m.slug}]\n"
        f"      {m.current} -> {m.suggested} ({m.agreeing} of {m.neighbours} related papers)"
        for m in report.moves
    ]
    lines += ["", f"Near-duplicate titles ({len(report.near_duplicates)}):"]
    lines += [f"  {d.similarity:.2f}  {titles[d.first]}\n        {titles[d.second]}" for d in report.near_duplicates]
    lines += ["", f"Facts worth checking ({len(report.facts_to_check)}; settle each under facts: in survey.yml):"]
    lines += [f"  {titles[f.slug]}  [{f.slug}]\n      {f.field} {f.text!r} ({f.role}): {f.reason}"
              for f in report.facts_to_check]
    lines += ["", f"Suggested new sections ({len(report.clusters)} clusters of poorly fitting papers):"]
    for cluster in report.clusters:
        lines.append(f"  {', '.join(cluster.terms)}")
        lines += [f"    {titles[s]}" for s in cluster.members]
    lines += ["", "survey-atlas report --format yaml prints each suggestion as a snippet to paste into survey.yml."]
    return "\n".join(lines) + "\n"


def move_note() -> str:
    """What the suggested moves are worth, as measured on the gold."""
    right, suggested = MOVES_ON_GOLD
    if not suggested:
        return "withheld: the rule suggests no move for any hand-checked paper, so its precision is unmeasured"
    shown = "shown" if moves_shown() else "withheld"
    return f"{shown}: {right} of {suggested} suggested moves were right on the hand-checked gold"
