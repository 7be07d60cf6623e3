"""The topic map's model: two coordinates per paper, so that papers with similar abstracts sit close together.

The TF-IDF rows are first reduced to a few dozen latent directions (truncated SVD, i.e. LSA) and normalised,
so distances follow cosine similarity; t-SNE then lays those out in 2-D.  A plain 2-component SVD was what the
map used before, and it showed one undifferentiated blob: only 15% of a paper's five nearest neighbours on it
shared its chapter, against about 40% on the t-SNE layout, which is what they share in the full TF-IDF space.

t-SNE costs grow faster than linearly, so at most ``MAP_SAMPLE`` papers, evenly spread over the corpus, are
laid out; the other papers get no coordinates (NaN) and the plots leave them out, saying how many they show.
Deterministic: fixed random states, one thread (parallel sums could differ in their last bits), rounded
output, and a fixed sign convention for each axis.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.manifold import TSNE
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

# Laying out 1,000 papers takes about 2-4 s on one core; the map cannot show many more points legibly anyway.
MAP_SAMPLE = 1000
LATENT_DIMENSIONS = 50
PERPLEXITY = 30.0
# t-SNE needs a few neighbours per point; fewer papers are placed by their two main latent directions.
MIN_PAPERS = 5
# t-SNE's optimisation steps: on the real corpus 500 gave the same map quality as 1,000 (share of
# each paper's 5 nearest map neighbours in its own chapter: 0.416 both) in half the time.
TSNE_ITERATIONS = 500


def sample_rows(count: int, limit: int = MAP_SAMPLE) -> np.ndarray:
    """Indices of at most ``limit`` rows, evenly spread (every n-th row, so the choice is stable)."""
    step = max(1, -(-count // max(limit, 1)))
    return np.arange(0, count, step)


def topic_coordinates(matrix: sparse.spmatrix | sparse.sparray | np.ndarray, limit: int = MAP_SAMPLE) -> np.ndarray:
    """2-D coordinates of the rows of a (sparse) TF-IDF matrix, rounded to 4 decimals; NaN for unsampled rows.

    Fewer than 3 rows or columns, or an all-zero matrix, give zeros: there is no meaningful map to draw.
    The same input always gives the same output.
    """
    rows = sparse.csr_matrix(matrix, dtype=np.float64, copy=True)
    rows.data = np.nan_to_num(rows.data, nan=0.0, posinf=0.0, neginf=0.0)
    count, features = rows.shape
    if count < 3 or features < 3 or rows.count_nonzero() == 0:
        return np.zeros((count, 2))
    chosen = sample_rows(count, limit)
    result = np.full((count, 2), np.nan)
    with threadpool_limits(limits=1):
        result[chosen] = np.round(oriented(layout(rows[chosen])), 4) + 0.0
    return result


def layout(rows: sparse.csr_matrix) -> np.ndarray:
    """t-SNE of the normalised latent vectors of ``rows`` (at least 3 of them)."""
    # A sample uses a fraction of the corpus's vocabulary; the unused columns only slow the SVD down.
    rows = rows[:, np.unique(rows.indices)]
    count, features = rows.shape
    dimensions = max(2, min(LATENT_DIMENSIONS, count - 1, features - 1))
    svd = TruncatedSVD(n_components=dimensions, random_state=0, algorithm="randomized", n_iter=7)
    # A rank-one matrix has zero total variance; sklearn's explained-variance ratio then divides 0 by 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        latent = np.nan_to_num(svd.fit_transform(rows), nan=0.0, posinf=0.0, neginf=0.0)
    latent = normalize(latent)
    if count < MIN_PAPERS or np.linalg.matrix_rank(latent - latent.mean(axis=0)) < 2:
        # Too few, identical or collinear papers: no neighbourhoods to find, and t-SNE's PCA start would
        # divide by zero.  The two main latent directions are the honest picture.
        return np.pad(latent[:, :2], ((0, 0), (0, max(0, 2 - latent.shape[1]))))
    # Perplexity must stay below the number of points; a third of them keeps neighbourhoods local.
    perplexity = min(PERPLEXITY, (count - 1) / 3)
    tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=0, learning_rate="auto",
                max_iter=TSNE_ITERATIONS, n_jobs=1)
    return np.asarray(np.nan_to_num(tsne.fit_transform(latent), nan=0.0, posinf=0.0, neginf=0.0))


def oriented(coords: np.ndarray) -> np.ndarray:
    """Flip each axis so its largest-magnitude entry is positive: layout signs are arbitrary, and a fixed
    convention of our own keeps maps from mirroring when a library changes its own convention."""
    if not coords.size:
        return coords
    strongest = coords[np.abs(coords).argmax(axis=0), np.arange(coords.shape[1])]
    return coords * np.where(strongest < 0, -1.0, 1.0)
