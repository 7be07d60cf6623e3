"""Labelled examples for placement: how close a paper comes to each section's placed papers.

The survey teaches placement by its own papers.  The labelled examples are the curator's
overrides and the placements that the section texts and cues decide firmly (``assign``
chooses them).  Each section's examples are summed into one centroid, a nearest-centroid model
in the papers' TF-IDF space of single terms, and every paper is compared with every centroid:
papers × sections products, linear in the corpus, never all pairs of papers.  A paper is
taken out of its own section's centroid before it is compared, so it never votes for itself.

Compared once on the full vectors, the centroids vote for a section.  Compared again with every
cue term taken out, they say how well the paper fits beyond its cue words: an orchard-pruning
abstract shares "pruning" with the model-pruning papers and little else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import csr_matrix, diags

# Similarities are rounded to this many places, so float sums never decide a tie.
DECIMALS = 6


def without_columns(matrix: csr_matrix, drop: np.ndarray) -> csr_matrix:
    """``matrix`` with the ``drop`` columns zeroed and every row scaled back to unit length."""
    keep = np.ones(matrix.shape[1], dtype=matrix.dtype)
    keep[drop] = 0
    pruned = csr_matrix(matrix @ diags(keep))
    pruned.eliminate_zeros()
    norms = np.sqrt(np.asarray(pruned.multiply(pruned).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return csr_matrix(diags(scale.astype(matrix.dtype)) @ pruned)


def centroid_similarity(vectors: csr_matrix, examples: Mapping[int, int], sections: int) -> np.ndarray:
    """Cosine similarity (papers × sections) of each row to the sum of each section's example
    rows, the row itself left out of its own section's sum; 0 for a section without examples."""
    rows = vectors.shape[0]
    if not examples or not rows:
        return np.zeros((rows, sections), dtype=np.float64)
    example_rows = np.array(sorted(examples), dtype=np.int64)
    membership = csr_matrix(
        (np.ones(len(example_rows)), ([examples[r] for r in example_rows.tolist()], example_rows)),
        shape=(sections, rows),
    )  # sections × papers: 1 where the paper is one of the section's examples
    sums = csr_matrix(membership @ vectors.astype(np.float64))
    dots = np.asarray((vectors.astype(np.float64) @ sums.T).todense())
    sum_norms = np.asarray(sums.multiply(sums).sum(axis=1)).ravel()
    norms2 = np.broadcast_to(sum_norms, (rows, sections)).copy()
    own = np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()
    columns = np.array([examples[r] for r in example_rows.tolist()], dtype=np.int64)
    # Each example out of its own section's sum: |sum − x|² = |sum|² − 2 x·sum + |x|², and
    # x·(sum − x) = x·sum − |x|².
    norms2[example_rows, columns] += own[example_rows] - 2 * dots[example_rows, columns]
    dots[example_rows, columns] -= own[example_rows]
    norms = np.sqrt(np.maximum(norms2, 0.0))
    similarity = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 1e-9)
    return np.round(similarity, DECIMALS)


def unigram_columns(feature_names: Sequence[str]) -> np.ndarray:
    """Columns of pairs of terms: left out here, as most bigrams occur in one paper only."""
    return np.array([i for i, name in enumerate(feature_names) if " " in name], dtype=np.int64)


def cue_feature_columns(feature_names: Sequence[str], cue_terms: set[str]) -> np.ndarray:
    """Columns whose feature contains a cue term ("prun", "structur prun")."""
    return np.array([i for i, name in enumerate(feature_names) if cue_terms.intersection(name.split())],
                    dtype=np.int64)
