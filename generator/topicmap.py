"""The topic map's model: two coordinates per paper from the TF-IDF matrix, by truncated SVD.

The home page and each chapter page draw every paper at these coordinates (``plots.py`` does
the drawing); nearby points use similar words.  Deterministic: the same matrix always gives
the same map, whichever sign convention the linear-algebra library picks.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD


def topic_coordinates(matrix: sparse.spmatrix | sparse.sparray | np.ndarray) -> np.ndarray:
    """2-D coordinates of the rows of a (sparse) TF-IDF matrix by truncated SVD, rounded to 4 decimals.

    Fewer than 3 rows or columns, or an all-zero matrix, give zeros: there is no meaningful map to draw.
    The same input always gives the same output (fixed random_state, fixed sign convention).
    """
    rows = sparse.csr_matrix(matrix, dtype=np.float64, copy=True)
    rows.data = np.nan_to_num(rows.data, nan=0.0, posinf=0.0, neginf=0.0)
    count, features = rows.shape
    if count < 3 or features < 3 or rows.count_nonzero() == 0:
        return np.zeros((count, 2))
    svd = TruncatedSVD(n_components=2, random_state=0, algorithm="randomized", n_iter=7)
    # A rank-one matrix has zero total variance; sklearn's explained-variance ratio then divides 0 by 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        coords = svd.fit_transform(rows)
    coords = oriented(np.nan_to_num(coords, nan=0.0, posinf=0.0, neginf=0.0))
    return np.round(coords, 4) + 0.0


def oriented(coords: np.ndarray) -> np.ndarray:
    """Flip each axis so its largest-magnitude entry is positive: SVD signs are arbitrary, and a fixed
    convention of our own keeps maps from mirroring when a library changes its own convention."""
    strongest = coords[np.abs(coords).argmax(axis=0), np.arange(coords.shape[1])]
    return coords * np.where(strongest < 0, -1.0, 1.0)
