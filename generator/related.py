"""Related papers: each paper's nearest neighbours by TF-IDF cosine, rescored by the evidence they share.

The candidates are the ``POOL`` papers of highest cosine; ``relatedness`` scores them (text
beyond the largest shared term, same section, shared facts), keeps those with enough evidence
and says why each is related.

Vectors come from ``textmodel`` (the same terms placement uses).  Similarities are computed
block by block and only the best candidates per paper are kept, so memory stays bounded by
``BLOCK_ROWS × N`` rather than N × N: 20,000 papers need tens of megabytes, not gigabytes.
The similarity matrix is symmetric, so only its upper triangle is computed: each block of
rows against itself and the rows after it, its columns read back as rows for the later
papers.  That halves the sparse products, which are most of the cost.  Ties break on slug,
so results are deterministic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.sparse import csr_matrix
from threadpoolctl import threadpool_limits

from generator.cache import StageCache
from generator.model import Facts, Neighbour, Paper, Placement
from generator.relatedness import Candidates, Context, paper_context, reason, score_pairs, shared_features
from generator.textmodel import CorpusText, count_corpus, surface_forms, weigh

TOP_K = 5
# Candidates per paper, by cosine, that the evidence (``relatedness``) then reorders and filters.
POOL = 15
BLOCK_ROWS = 512
# Below this similarity two papers share little more than boilerplate words.  (Unigram and
# bigram vectors give lower cosines than unigrams alone: 0.07 is a typical best match here.)
MIN_SIMILARITY = 0.02
# Candidates kept per paper, per neighbour asked for: scores are compared rounded, so a few
# more than k, ranked by the exact score, settle ties on the rounded score by slug.
CANDIDATES_PER_NEIGHBOUR = 3
# Pairs above a threshold (near-duplicate titles): columns in at least this share of the rows
# are multiplied densely in the rough pass, and the rough pass looks this far below the
# threshold, far more than float32 sums of a few hundred terms can be off by.
DENSE_SHARE = 0.04
ROUGH_MARGIN = 1e-3


@dataclass(frozen=True)
class PaperVectors:
    """TF-IDF rows of the papers (in corpus order) and the vocabulary behind the columns."""

    matrix: csr_matrix
    terms: tuple[str, ...]

    @cached_property
    def digest(self) -> str:
        """A hash of the matrix, which keys the stages computed from it (topic map, related papers,
        the report's clusters)."""
        matrix = csr_matrix(self.matrix)
        digest = hashlib.blake2b(str(matrix.shape).encode(), digest_size=16)
        for part in (matrix.data, matrix.indices, matrix.indptr):
            digest.update(part.tobytes())
        return digest.hexdigest()


def paper_vectors(papers: Sequence[Paper], text: CorpusText | None = None) -> PaperVectors:
    """The papers' vectors, IDF fitted on the papers alone; ``text`` is their tokens and counts
    if the caller has them (placement's, with section documents after the papers, will do)."""
    if len(papers) < 2:
        # IDF over fewer than two documents weighs nothing; there is nothing to relate either.
        return PaperVectors(csr_matrix((len(papers), 0)), ())
    if text is None or text.papers != len(papers):
        text = count_corpus([(p.title, p.abstract) for p in papers])
    matrix, columns = weigh(text.counts, len(papers))
    return PaperVectors(matrix, text.counts.feature_names(columns))


def related_papers(
    papers: Sequence[Paper],
    vectors: PaperVectors,
    placements: Mapping[str, Placement] | None = None,
    facts: Mapping[str, Facts] | None = None,
    methods: Mapping[str, tuple[str, ...]] | None = None,
    k: int = TOP_K,
) -> dict[str, tuple[Neighbour, ...]]:
    """Up to ``k`` related papers of every paper, best first, each with the reason: the
    ``POOL`` most similar by cosine, scored and filtered by ``relatedness``."""
    context = paper_context(papers, placements or {}, facts or {}, methods or {})
    return related_in_context(papers, vectors, context, k)


def related_with_cache(
    papers: Sequence[Paper], vectors: PaperVectors, placements: Mapping[str, Placement],
    facts: Mapping[str, Facts], methods: Mapping[str, tuple[str, ...]], cache: StageCache,
) -> tuple[dict[str, tuple[Neighbour, ...]], StageCache]:
    """``related_papers``, taken from ``cache`` when everything it reads is what an earlier build
    had: the vectors, the papers' text, and each paper's section and shared-fact keys (an edit
    to a section's introduction, which moves no paper, leaves them all unchanged)."""
    context = paper_context(papers, placements, facts, methods)
    key = related_key(papers, vectors, context)
    return cache.fill_one(key, lambda: related_in_context(papers, vectors, context, TOP_K))


def related_key(papers: Sequence[Paper], vectors: PaperVectors, context: Context) -> str:
    digest = hashlib.blake2b(vectors.digest.encode(), digest_size=16)
    digest.update(json.dumps([vectors.terms, sorted(context.labels.items()), TOP_K]).encode())
    for paper, section, keys in zip(papers, context.sections, context.facts, strict=True):
        # Fact keys sorted: a set's order changes from one Python process to the next.
        digest.update(json.dumps([paper.slug, paper.title, paper.abstract, section, sorted(keys)]).encode())
    return digest.hexdigest()


def related_in_context(papers: Sequence[Paper], vectors: PaperVectors, context: Context,
                       k: int) -> dict[str, tuple[Neighbour, ...]]:
    if len(papers) < 2 or not vectors.matrix.shape[1]:
        return {p.slug: () for p in papers}
    matrix = csr_matrix(vectors.matrix)
    values, columns = _best_by_cosine(matrix, POOL + 1)
    rows = np.repeat(np.arange(len(papers)), values.shape[1])
    found = np.isfinite(values.ravel()) & (values.ravel() > 0)
    candidates = Candidates(rows[found], columns.ravel()[found], values.ravel()[found])
    scores, related = score_pairs(matrix, candidates, context)
    chosen = _top_per_paper(papers, candidates, scores, related, k)
    first = np.array([i for i, _, _ in chosen], dtype=np.int64)
    second = np.array([j for _, j, _ in chosen], dtype=np.int64)
    features = shared_features(matrix, vectors.terms, first, second)
    by_paper: dict[int, list[tuple[int, float, list[str]]]] = {}
    for (i, j, score), terms in zip(chosen, features, strict=True):
        by_paper.setdefault(i, []).append((j, score, terms))
    result: dict[str, tuple[Neighbour, ...]] = {p.slug: () for p in papers}
    for i, neighbours in by_paper.items():
        # The shared words as this paper spells them, its text read once for all its neighbours.
        wanted = {term for _, _, terms in neighbours for term in terms}
        spelled = surface_forms(papers[i].title, wanted)
        if len(spelled) < len(wanted):
            spelled = surface_forms(papers[i].abstract, wanted - spelled.keys()) | spelled
        result[papers[i].slug] = tuple(
            Neighbour(papers[j].slug, score, reason(context, i, j, [spelled[t] for t in terms if t in spelled]))
            for j, score, terms in neighbours)
    return result


def _top_per_paper(papers: Sequence[Paper], candidates: Candidates, scores: np.ndarray, related: np.ndarray,
                   k: int) -> list[tuple[int, int, float]]:
    """The ``k`` best related candidates of each paper, as (paper, other, rounded score), in
    paper order, best first; ties on the rounded score break on slug."""
    per_paper: dict[int, list[tuple[float, str, int]]] = {}
    for i, j, score, keep in zip(candidates.first.tolist(), candidates.second.tolist(), scores.tolist(),
                                 related.tolist(), strict=True):
        if keep:
            per_paper.setdefault(i, []).append((-round(score, 4), papers[j].slug, j))
    chosen = []
    for i in sorted(per_paper):
        chosen += [(i, j, -negative) for negative, _, j in sorted(per_paper[i])[:k]]
    return chosen


def nearest_neighbours(matrix: csr_matrix, slugs: Sequence[str], k: int) -> dict[str, tuple[Neighbour, ...]]:
    """Top-k cosine neighbours of each row of an L2-normalised sparse matrix."""
    values, columns = _best_by_cosine(matrix, k * CANDIDATES_PER_NEIGHBOUR + 1)
    result: dict[str, tuple[Neighbour, ...]] = {}
    for index, (found, scores) in enumerate(zip(columns.tolist(), values.tolist(), strict=True)):
        ranked = sorted(((round(score, 4), slugs[j]) for j, score in zip(found, scores, strict=True)
                         if score >= MIN_SIMILARITY), key=lambda item: (-item[0], item[1]))
        result[slugs[index]] = tuple(Neighbour(slug, score) for score, slug in ranked[:k])
    return result


def _best_by_cosine(matrix: csr_matrix, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The (up to) ``width - 1`` highest cosines of each row to the other rows, and their
    columns, in no order; missing entries are -inf."""
    rows = matrix.shape[0]
    width = min(width, rows)
    values = np.full((rows, width), -np.inf, dtype=matrix.dtype)
    columns = np.zeros((rows, width), dtype=np.int64)
    for start, stop, block in _upper_blocks(matrix):
        _keep_best(values, columns, slice(start, stop), block, start)
        # The block's later columns are the later papers' similarities to this block's papers.
        _keep_best(values, columns, slice(stop, rows), np.ascontiguousarray(block[:, stop - start :].T), start)
    return values, columns


def similar_pairs(matrix: csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ordered pair ``(i, j)``, ``i != j``, of rows of an L2-normalised sparse matrix whose
    cosine is at least ``threshold``, with that cosine; sorted by ``i``, then ``j``.

    A rough pass over the upper triangle finds the candidates: the columns common to many rows
    multiplied as dense arrays (BLAS), the rest as sparse ones, which is quicker than all
    sparse but adds in another order.  The candidates are then scored exactly as a sparse
    product of their rows scores them, each from its own row.
    """
    matrix = csr_matrix(matrix)
    common = np.bincount(matrix.indices, minlength=matrix.shape[1]) >= DENSE_SHARE * matrix.shape[0]
    firsts, seconds = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for start, _, block in _upper_blocks(matrix, common):
        # Above the diagonal of the block's own square: each pair once, no row with itself.
        row, column = np.nonzero(np.triu(block >= threshold - ROUGH_MARGIN, 1))
        firsts += [row + start, column + start]
        seconds += [column + start, row + start]
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    order = np.lexsort((second, first))
    first, second = first[order], second[order]
    scores = _exact_scores(matrix, first, second)
    close = scores >= threshold
    return first[close], second[close], scores[close]


def _exact_scores(matrix: csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Cosines of the row pairs (``first`` sorted), as ``matrix @ matrix.T`` computes them: a
    sparse product adds up each entry over its left row's entries, whichever columns it has."""
    scores = np.zeros(len(first), dtype=matrix.dtype)
    rows = np.unique(first)
    for begin in range(0, len(rows), BLOCK_ROWS):
        chunk = rows[begin : begin + BLOCK_ROWS]
        pairs = slice(np.searchsorted(first, chunk[0]), np.searchsorted(first, chunk[-1], side="right"))
        columns = np.unique(second[pairs])
        block = (matrix[chunk] @ matrix[columns].T).toarray()
        scores[pairs] = block[np.searchsorted(chunk, first[pairs]), np.searchsorted(columns, second[pairs])]
    return scores


def _upper_blocks(matrix: csr_matrix, dense: np.ndarray | None = None) -> Iterator[tuple[int, int, np.ndarray]]:
    """Blocks of rows ``[start, stop)`` with their cosines to rows ``start`` onwards (dense), a
    row's own cosine set to -1: together, the upper triangle of the similarity matrix.

    Columns flagged in ``dense`` are multiplied as dense arrays, on one thread: BLAS threads
    waiting for each other's share of these small products cost more CPU than they save.
    """
    matrix = csr_matrix(matrix)
    rows = matrix.shape[0]
    if dense is not None and dense.any():
        common, matrix = matrix[:, dense].toarray(), csr_matrix(matrix[:, ~dense])
    else:
        common = np.zeros((rows, 0), dtype=matrix.dtype)
    for start in range(0, rows, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, rows)
        block = (matrix[start:stop] @ matrix[start:].T).toarray()
        if common.shape[1]:
            with threadpool_limits(limits=1, user_api="blas"):
                block += common[start:stop] @ common[start:].T
        block[np.arange(stop - start), np.arange(stop - start)] = -1.0  # a paper is not its own neighbour
        yield start, stop, block


def _keep_best(values: np.ndarray, columns: np.ndarray, rows: slice, scores: np.ndarray, offset: int) -> None:
    """Merge each row's best ``scores`` (columns numbered from ``offset``) into the kept ones."""
    floor = values[rows].min(axis=1, initial=np.inf)
    if np.isneginf(floor).any():
        _merge_largest(values, columns, rows, scores, offset)
        return
    # Once every row keeps a full set, only scores above its worst kept one matter: few, after
    # the first blocks.  Finding them is a comparison, much cheaper than a partition per row.
    hit_rows, hit_columns = np.nonzero(scores > floor[:, None])
    if not len(hit_rows):
        return
    width = values.shape[1]
    touched = np.unique(hit_rows)
    absolute = touched + rows.start
    row_of = np.concatenate([np.repeat(touched, width), hit_rows])
    merged_values = np.concatenate([values[absolute].ravel(), scores[hit_rows, hit_columns]])
    merged_columns = np.concatenate([columns[absolute].ravel(), hit_columns + offset])
    order = np.lexsort((-merged_values, row_of))
    group_start = np.searchsorted(row_of[order], touched)
    rank = np.arange(len(order)) - np.repeat(group_start, np.diff(np.append(group_start, len(order))))
    best = order[rank < width]
    values[absolute] = merged_values[best].reshape(-1, width)
    columns[absolute] = merged_columns[best].reshape(-1, width)


def _merge_largest(values: np.ndarray, columns: np.ndarray, rows: slice, scores: np.ndarray, offset: int) -> None:
    """``_keep_best`` by partitioning every row, for rows that still keep fewer than a full set."""
    width = values.shape[1]
    picked = _largest(scores, width)
    merged_values = np.concatenate([values[rows], np.take_along_axis(scores, picked, axis=1)], axis=1)
    merged_columns = np.concatenate([columns[rows], picked + offset], axis=1)
    keep = _largest(merged_values, width)
    values[rows] = np.take_along_axis(merged_values, keep, axis=1)
    columns[rows] = np.take_along_axis(merged_columns, keep, axis=1)


def _largest(scores: np.ndarray, width: int) -> np.ndarray:
    """Column indices of the (up to) ``width`` largest scores of each row, in no order."""
    count = scores.shape[1]
    if count <= width:
        return np.broadcast_to(np.arange(count), scores.shape).copy()
    return np.argpartition(scores, count - width, axis=1)[:, count - width :]

