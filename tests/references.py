"""Reference implementations the tests hold the production code against, and readers of our
outputs that only tests need.  They live here, not in ``generator/``, because nothing in a
build calls them: the simple, slow way of computing what the pipeline computes fast."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.assign import Phrase
from generator.exports import csv_row, csv_table
from generator.model import Paper, Survey
from generator.search import SearchIndexError, bundles
from generator.textmodel import DTYPE, TFIDF, terms

# --- exports: the CSV of any set of papers ------------------------------------------------------

def papers_csv(survey: Survey, papers: Sequence[Paper]) -> str:
    return csv_table(csv_row(survey, paper) for paper in papers)


# --- search: Pagefind's stored fragments ---------------------------------------------------------

FRAGMENT_SIGNATURE = b"pagefind_dcd"


def read_fragments(output: Path) -> Iterator[dict[str, Any]]:
    """Each indexed page as Pagefind stored it: url, content (plain text), meta (title), anchors;
    bundle by bundle in the manifest's order, each bundle's fragments by file name."""
    for bundle in bundles(output):
        for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
            data = gzip.decompress(path.read_bytes())
            if not data.startswith(FRAGMENT_SIGNATURE):
                raise SearchIndexError(f"{path}: not a Pagefind fragment")
            yield json.loads(data[len(FRAGMENT_SIGNATURE):])


# --- assign: cue matching by counting every run of terms ---------------------------------------

def phrase_counts(words: Sequence[str], longest: int) -> Counter[Phrase]:
    """How often each run of 1..``longest`` consecutive terms occurs in ``words``."""
    return Counter(tuple(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1))


def cue_occurrences(words: Sequence[str], phrases: Collection[Phrase]) -> Counter[Phrase]:
    """How often each of ``phrases`` occurs in ``words`` outside every occurrence of a longer one
    of ``phrases`` (a cue inside a longer cue is not counted again)."""
    spans = {p: [(i, i + len(p)) for i in range(len(words) - len(p) + 1) if tuple(words[i : i + len(p)]) == p]
             for p in phrases}
    found: Counter[Phrase] = Counter()
    for p, own in spans.items():
        longer = [span for q, qs in spans.items() if len(q) > len(p) for span in qs]
        free = [(a, b) for a, b in own if not any(c <= a and b <= d for c, d in longer)]
        if free:
            found[p] = len(free)
    return found


def cue_hits(cue: str, title_terms: Sequence[str], abstract_terms: Sequence[str]) -> tuple[bool, int]:
    """Whether the cue occurs in the title, and how often in the abstract."""
    phrase = tuple(terms(cue))
    if not phrase:
        return False, 0
    return phrase_counts(title_terms, len(phrase))[phrase] > 0, phrase_counts(abstract_terms, len(phrase))[phrase]


# --- textmodel: sklearn's TfidfVectorizer with our settings ------------------------------------

def make_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_analyze, dtype=DTYPE, **asdict(TFIDF))


def _analyze(text: str) -> list[str]:
    words = terms(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def fit_vectors(documents: Sequence[str]) -> tuple[TfidfVectorizer, csr_matrix]:
    """Fit sklearn's vectoriser on ``documents`` and return it with their matrix.

    The pipeline uses ``count_corpus`` and ``weigh`` instead; this is the reference they are
    tested against.
    """
    vectorizer = make_vectorizer()
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:
        # No term survives (no Latin-script words, or every term in every document): nothing
        # to weigh.  Callers get an empty vocabulary and zero similarities.
        vectorizer.vocabulary_ = {}
        return vectorizer, csr_matrix((len(documents), 0), dtype=DTYPE)
    return vectorizer, csr_matrix(matrix)

