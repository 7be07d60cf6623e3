"""Counting the papers once gives exactly what two separate sklearn fits gave."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from generator.assign import section_documents
from generator.build import load_corpus, read_inputs
from generator.model import Paper
from generator.taxonomy import parse_taxonomy
from generator.textmodel import count_corpus, paper_document, surface_forms, terms, weigh
from tests.conftest import FIXTURES, MINI, ROOT
from tests.references import fit_vectors


def identical(ours: csr_matrix, reference: csr_matrix) -> bool:
    """Same shape, values and order of entries in every row (so later sums add alike)."""
    return (ours.shape == reference.shape and ours.dtype == reference.dtype
            and np.array_equal(ours.indptr, reference.indptr) and np.array_equal(ours.indices, reference.indices)
            and np.array_equal(ours.data, reference.data))


def corpus(root: Path) -> tuple[tuple[Paper, ...], tuple[str, ...]]:
    inputs = read_inputs(root, templates=ROOT / "templates")
    taxonomy = parse_taxonomy("survey.yml", inputs.taxonomy_text)
    papers, _ = load_corpus(inputs, taxonomy)
    return papers, section_documents(taxonomy)


@pytest.mark.parametrize("root", [ROOT, MINI, FIXTURES / "nasty"], ids=["real", "mini", "nasty"])
def test_one_count_weighs_like_both_sklearn_fits(root: Path) -> None:
    papers, sections = corpus(root)
    documents = [paper_document(p.title, p.abstract) for p in papers]
    text = count_corpus([(p.title, p.abstract) for p in papers], sections)
    placement, _ = weigh(text.counts, len(papers) + len(sections))
    related, columns = weigh(text.counts, len(papers))
    assert identical(placement, fit_vectors(documents + list(sections))[1])
    vectorizer, reference = fit_vectors(documents)
    assert identical(related, reference)
    assert text.counts.feature_names(columns) == tuple(sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get))


def test_paper_terms_are_the_document_terms_split() -> None:
    papers, _ = corpus(ROOT)
    text = count_corpus([(p.title, p.abstract) for p in papers])
    for paper, title, abstract in zip(papers, text.title_terms, text.abstract_terms, strict=True):
        assert list(title * 2 + abstract) == terms(paper_document(paper.title, paper.abstract))


@pytest.mark.parametrize("documents", [
    [], ["the of and", "a an"], ["only one document here"], ["same words", "same words"],
    ["x-ray pre-training", "pretraining x-ray", "3.5 times 2.0x", "émigré naïve ünïcode"],
])
def test_edge_cases_match_sklearn(documents: Sequence[str]) -> None:
    text = count_corpus([(d, "") for d in documents])
    matrix, columns = weigh(text.counts, len(documents))
    vectorizer, reference = fit_vectors([paper_document(d, "") for d in documents])
    assert identical(matrix, reference)
    assert len(columns) == len(vectorizer.vocabulary_)


def test_surface_forms_spell_terms_as_the_text_does() -> None:
    text = "Vision-Language Pre-training of VLP Models; Fine-Tuning for Large models; studies"
    found = surface_forms(text, ["visionlanguage pretrain", "vlp model", "finetun large", "study", "absent"])
    # Inner hyphens kept; a bigram across a stop word ("for") is not a phrase a reader would say.
    assert found == {"visionlanguage pretrain": "vision-language pre-training", "vlp model": "vlp models",
                     "study": "studies"}
