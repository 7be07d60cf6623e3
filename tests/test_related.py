"""Related papers: blockwise top-k and thresholded pairs equal the brute-force answers; one shared
word never relates two papers, and the reason names what they share."""

from __future__ import annotations

import numpy as np
from scipy.sparse import random as sparse_random
from scipy.sparse import vstack as sparse_vstack
from sklearn.preprocessing import normalize

from generator import related
from generator.extract import extract_facts
from generator.model import Paper, Placement
from generator.related import nearest_neighbours, paper_vectors, related_papers, similar_pairs
from generator.relatedness import REASON_SEPARATOR


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


# --- Evidence: one shared word never relates two papers; the reason says why -------------------

FILLER = [
    ("Graph neural networks for molecules", "We learn molecular property prediction with message passing networks."),
    ("Speech recognition with conformers", "An acoustic model trained on read speech improves word error rate."),
    ("Protein folding from sequences", "We predict protein structures from amino acid sequences with attention."),
    ("Reinforcement learning for robot arms", "A policy learns grasping from camera images in simulation."),
    ("Weather forecasting at global scale", "A neural forecaster predicts temperature and wind days ahead."),
    ("Code generation with language models", "We train a model to write programs from docstrings and tests."),
]
TINY_VIT = ("TinyViT: Fast Pretraining Distillation for Small Vision Transformers",
            "We distill a tiny vision transformer from a large teacher on image classification.")
TINY_TIME = ("Tiny Time Mixers for Multivariate Series",
             "Tiny mixers predict multivariate time series zero-shot for retail demand.")
FILTER_A = ("Learned Data Filtering for Web Corpora",
            "We train a classifier for data filtering of web documents and evaluate pretraining on C4.")
FILTER_B = ("Quality Filtering of Pretraining Corpora",
            "Data filtering with a quality classifier removes web documents; models pretrained on C4 improve.")


def papers_of(pairs: list[tuple[str, str]]) -> list[Paper]:
    return [Paper(slug=f"p{i:02d}", title=title, abstract=abstract, sources=()) for i, (title, abstract) in
            enumerate(pairs)]


def placed(section: str) -> Placement:
    chapter, _, section_id = section.partition("/")
    return Placement(chapter, section_id, (chapter,), 1.0, None, 0.0, (), "high")


def test_one_shared_word_never_relates_two_papers() -> None:
    papers = papers_of([TINY_VIT, TINY_TIME, *FILLER])
    vectors = paper_vectors(papers)
    # By cosine alone, "tiny" makes them each other's nearest paper.
    assert nearest_neighbours(vectors.matrix, [p.slug for p in papers], 1)["p00"][0].slug == "p01"
    found = related_papers(papers, vectors)
    assert found["p00"] == () and found["p01"] == ()


def test_papers_sharing_a_topic_are_related_and_the_reason_says_why() -> None:
    papers = papers_of([FILTER_A, FILTER_B, TINY_VIT, TINY_TIME, *FILLER])
    facts = {p.slug: extract_facts(p.title, p.abstract) for p in papers}
    placements = {p.slug: placed("data/filtering" if p.slug in {"p00", "p01"} else "other/x") for p in papers}
    methods = {"p00": ("data selection",), "p01": ("data selection",)}
    found = related_papers(papers, paper_vectors(papers), placements, facts, methods)
    (neighbour,) = found["p00"]
    assert neighbour.slug == "p01"
    parts = neighbour.reason.split(REASON_SEPARATOR)
    assert parts[:3] == ["same section", "both evaluate on C4", "data selection"]
    assert "data filtering" in parts[3]
    assert [n.slug for n in found["p01"]] == ["p00"]


def test_related_papers_are_deterministic_and_never_the_paper_itself() -> None:
    papers = papers_of([FILTER_A, FILTER_B, TINY_VIT, TINY_TIME, *FILLER])
    first = related_papers(papers, paper_vectors(papers))
    assert first == related_papers(papers, paper_vectors(papers))
    assert all(slug not in {n.slug for n in neighbours} for slug, neighbours in first.items())
