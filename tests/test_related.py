"""Related papers: blockwise top-k equals the brute-force answer."""

from __future__ import annotations

import numpy as np
from scipy.sparse import random as sparse_random
from sklearn.preprocessing import normalize

from generator import related
from generator.related import nearest_neighbours


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
