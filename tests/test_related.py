"""Related papers: blockwise top-k and thresholded pairs equal the brute-force answers."""

from __future__ import annotations

import numpy as np
from scipy.sparse import random as sparse_random
from scipy.sparse import vstack as sparse_vstack
from sklearn.preprocessing import normalize

from generator import related
from generator.related import nearest_neighbours, similar_pairs


def brute_force(matrix: np.ndarray, k: int) -> list[list[int]]:
    sims = matrix @ matrix.T
    np.fill_diagonal(sims, -1)
    return [sorted(range(len(row)), key=lambda j: (-round(row[j], 4), f"p{j:04d}"))[:k] for row in sims]


def test_blockwise_top_k_matches_brute_force(monkeypatch) -> None:
    monkeypatch.setattr(related, "BLOCK_ROWS", 7)  # force several blocks
    monkeypatch.setattr(related, "MIN_SIMILARITY", -1.0)
    matrix = normalize(sparse_random(40, 30, density=0.3, random_state=1, format="csr"))
    slugs = [f"p{i:04d}" for i in range(40)]
    found = nearest_neighbours(matrix, slugs, 5)
    expected = brute_force(matrix.toarray(), 5)
    for i, slug in enumerate(slugs):
        assert [n.slug for n in found[slug]] == [slugs[j] for j in expected[i]]
        assert slug not in {n.slug for n in found[slug]}


def test_neighbours_of_later_rows_come_from_earlier_blocks(monkeypatch) -> None:
    # Only the upper triangle is computed: a row's similarities to earlier rows are read from the
    # earlier blocks' columns.  Tiny blocks, fewer rows than candidates kept, and exact ties.
    monkeypatch.setattr(related, "BLOCK_ROWS", 3)
    monkeypatch.setattr(related, "MIN_SIMILARITY", -1.0)
    base = normalize(sparse_random(6, 8, density=0.5, random_state=3, format="csr"))
    matrix = normalize(sparse_vstack([base, base, base]).tocsr())  # every row has two exact twins
    slugs = [f"p{i:04d}" for i in range(18)]
    found = nearest_neighbours(matrix, slugs, 5)
    expected = brute_force(matrix.toarray(), 5)
    for i, slug in enumerate(slugs):
        assert [n.slug for n in found[slug]] == [slugs[j] for j in expected[i]]


def test_similar_pairs_are_every_pair_above_the_threshold(monkeypatch) -> None:
    monkeypatch.setattr(related, "BLOCK_ROWS", 7)
    matrix = normalize(sparse_random(40, 12, density=0.4, random_state=2, format="csr", dtype=np.float32))
    sims = matrix.toarray().astype(np.float64) @ matrix.toarray().T.astype(np.float64)
    np.fill_diagonal(sims, -1)
    first, second, scores = similar_pairs(matrix, 0.5)
    expected = np.argwhere(sims >= 0.5)
    assert [(int(i), int(j)) for i, j in zip(first, second, strict=True)] == [tuple(e) for e in expected]
    # Scored exactly as the sparse product scores them, though found with dense arithmetic.
    assert np.array_equal(scores, (matrix @ matrix.T).toarray()[first, second])
