"""How paper text becomes terms and TF-IDF vectors: every setting stated once, here.

Placement (``assign``) and related papers (``related``) must agree on what a term is, so the
tokeniser, the light stemmer and the vectoriser settings live in this one module.  Hyphens
inside words are dropped ("pre-training" and "pretraining" are one term), words are reduced
by a deliberately small suffix stripper (plural, -ing, -ed), and English stop words go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

WORD_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
INNER_HYPHEN_RE = re.compile(r"(?<=[a-z0-9])[-‐‑](?=[a-z0-9])")
# Title words say more about a paper than abstract words: repeat the title this often.
TITLE_WEIGHT = 2
# The analyzer below emits unigrams and bigrams of stemmed terms.
TFIDF_SETTINGS: dict[str, object] = {
    "min_df": 1,
    "max_df": 0.5,
    "sublinear_tf": True,
    "norm": "l2",
    "dtype": np.float32,
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one common English suffix, keeping stems of at least four letters."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def terms(text: str) -> list[str]:
    """The stemmed, stop-word-free terms of ``text`` in order."""
    flat = INNER_HYPHEN_RE.sub("", text.lower())
    return [stem(w) for w in WORD_RE.findall(flat) if w not in ENGLISH_STOP_WORDS and len(w) > 1]


def paper_document(title: str, abstract: str) -> str:
    return " ".join([title] * TITLE_WEIGHT + [abstract])


# Near-duplicate titles are found on character trigrams within words, so spelling variants
# ("Pre-training" / "Pretraining", a dropped word) still score high.
TITLE_SETTINGS: dict[str, object] = {
    "analyzer": "char_wb",
    "ngram_range": (3, 3),
    "lowercase": True,
    "sublinear_tf": True,
    "norm": "l2",
    "dtype": np.float32,
}


def make_title_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(**TITLE_SETTINGS)  # type: ignore[arg-type]


def make_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_analyze, **TFIDF_SETTINGS)  # type: ignore[arg-type]


def _analyze(text: str) -> list[str]:
    words = terms(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def fit_vectors(documents: Sequence[str]) -> tuple[TfidfVectorizer, csr_matrix]:
    """Fit the shared vectoriser on ``documents`` and return it with their matrix."""
    vectorizer = make_vectorizer()
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:
        # No term survives (no Latin-script words, or every term in every document): nothing
        # to weigh.  Callers get an empty vocabulary and zero similarities.
        vectorizer.vocabulary_ = {}
        return vectorizer, csr_matrix((len(documents), 0), dtype=np.float32)
    return vectorizer, csr_matrix(matrix)
