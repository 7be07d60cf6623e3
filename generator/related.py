"""Related papers: the nearest neighbours of each paper by TF-IDF cosine similarity.

Vectors come from ``textmodel`` (the same terms placement uses).  Similarities are computed
block by block (a few hundred rows of the sparse product at a time) and only the top k per
paper are kept, so memory stays bounded by ``BLOCK_ROWS × N`` rather than N × N: 20,000 papers
need tens of megabytes, not gigabytes.  Ties break on slug, so results are deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from generator.corpus import Paper
from generator.textmodel import fit_vectors, paper_document

TOP_K = 5
BLOCK_ROWS = 512
# Below this similarity two papers share little more than boilerplate words.  (Unigram and
# bigram vectors give lower cosines than unigrams alone: 0.07 is a typical best match here.)
MIN_SIMILARITY = 0.02


@dataclass(frozen=True)
class Neighbour:
    slug: str
    score: float


@dataclass(frozen=True)
class PaperVectors:
    """TF-IDF rows of the papers (in corpus order) and the vocabulary behind the columns."""

    matrix: csr_matrix
    terms: tuple[str, ...]


def paper_vectors(papers: Sequence[Paper]) -> PaperVectors:
    if len(papers) < 2:
        # IDF over fewer than two documents weighs nothing; there is nothing to relate either.
        return PaperVectors(csr_matrix((len(papers), 0)), ())
    vectorizer, matrix = fit_vectors([paper_document(p.title, p.abstract) for p in papers])
    return PaperVectors(matrix, tuple(sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)))


def related_papers(
    papers: Sequence[Paper], vectors: PaperVectors, k: int = TOP_K
) -> dict[str, tuple[Neighbour, ...]]:
    """The ``k`` most similar other papers of every paper, best first."""
    if len(papers) < 2:
        return {p.slug: () for p in papers}
    return nearest_neighbours(vectors.matrix, [p.slug for p in papers], k)


def nearest_neighbours(matrix: csr_matrix, slugs: Sequence[str], k: int) -> dict[str, tuple[Neighbour, ...]]:
    """Top-k cosine neighbours of each row of an L2-normalised sparse matrix."""
    transposed = matrix.T.tocsc()
    result: dict[str, tuple[Neighbour, ...]] = {}
    for start in range(0, matrix.shape[0], BLOCK_ROWS):
        block = np.asarray((matrix[start : start + BLOCK_ROWS] @ transposed).todense(), dtype=np.float64)
        for offset, row in enumerate(block):
            index = start + offset
            row[index] = -1.0  # a paper is not its own neighbour
            result[slugs[index]] = _top(row, slugs, k)
    return result


def _top(row: np.ndarray, slugs: Sequence[str], k: int) -> tuple[Neighbour, ...]:
    count = min(k * 3, len(row) - 1)
    candidates = np.argpartition(-row, count)[: count + 1] if count < len(row) - 1 else np.arange(len(row))
    scored = sorted(((round(float(row[i]), 4), slugs[i]) for i in candidates if row[i] >= MIN_SIMILARITY),
                    key=lambda item: (-item[0], item[1]))
    return tuple(Neighbour(slug, score) for score, slug in scored[:k])
