"""Labelled examples (generator/examples.py): centroid similarities against a brute-force
reference, a paper never counted as its own example, and the confidence rule's reasons."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from generator.assign import LOW_MARGIN, NEAR_FLOOR, ONE_CUE_MARGIN, Fit, low_confidence_reason
from generator.examples import centroid_similarity, without_columns


def unit_rows(rows: list[list[float]]) -> csr_matrix:
    matrix = np.array(rows, dtype=np.float32)
    return csr_matrix(matrix / np.linalg.norm(matrix, axis=1, keepdims=True))


def reference(vectors: np.ndarray, examples: dict[int, int], sections: int) -> np.ndarray:
    result = np.zeros((len(vectors), sections))
    for row in range(len(vectors)):
        for section in range(sections):
            members = [r for r, s in examples.items() if s == section and r != row]
            if members:
                centroid = vectors[members].sum(axis=0)
                result[row, section] = vectors[row] @ centroid / np.linalg.norm(centroid)
    return result


def test_centroid_similarity_matches_brute_force_and_leaves_each_paper_out_of_its_own_centroid() -> None:
    vectors = unit_rows([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0.2], [0, 0.8, 1], [0.5, 0.5, 0.5]])
    examples = {0: 0, 1: 0, 2: 1, 3: 1}
    got = centroid_similarity(vectors, examples, 3)
    assert np.allclose(got, reference(vectors.toarray().astype(np.float64), examples, 3), atol=1e-5)
    alone = centroid_similarity(vectors, {0: 0}, 1)
    assert alone[0, 0] == 0.0  # its own section has no other example
    assert alone[1, 0] > 0.9


def test_without_columns_zeroes_them_and_renormalises() -> None:
    vectors = unit_rows([[3, 4, 0], [0, 0, 1]])
    pruned = without_columns(vectors, np.array([1, 2])).toarray()
    assert np.allclose(pruned, [[1, 0, 0], [0, 0, 0]])


def test_low_confidence_reasons() -> None:
    confident = Fit(section=0.2, any_section=0.2)
    assert low_confidence_reason(0.5, ["a", "b"], confident) == ""
    assert "close call" in low_confidence_reason(LOW_MARGIN / 2, ["a", "b"], confident)
    assert "far from every section" in low_confidence_reason(0.5, ["a", "b"], Fit(0.01, NEAR_FLOOR / 2))
    assert "one cue word" in low_confidence_reason(ONE_CUE_MARGIN / 2 + LOW_MARGIN / 2 + 0.001, ["a"], confident)
    assert low_confidence_reason(ONE_CUE_MARGIN + 0.01, ["a"], confident) == ""


def test_cue_words_that_outvote_the_text_give_low_confidence() -> None:
    outvoted = Fit(section=0.2, any_section=0.2, text_agrees=False)
    assert "outvote the text" in low_confidence_reason(0.5, ["a", "b", "c"], outvoted)
    # A close call is still reported as such: it is the first reason that holds.
    assert "close call" in low_confidence_reason(LOW_MARGIN / 2, ["a", "b"], outvoted)
