"""How paper text becomes terms and TF-IDF vectors: every setting stated once, here.

Placement (``assign``) and related papers (``related``) must agree on what a term is, so the
tokeniser, the light stemmer and the vectoriser settings live in this one module.  Hyphens
inside words are dropped ("pre-training" and "pretraining" are one term), words are reduced
by a deliberately small suffix stripper (plural, -ing, -ed), and English stop words go.

The papers are tokenised and counted once (``count_corpus``) and weighed twice (``weigh``):
placement fits IDF on the papers together with one document per section, related papers on
the papers alone.  One fit cannot serve both: the section documents change document
frequencies and the ``max_df`` cut-off, so placement scores would move.  Counting is the
costly part, and ``weigh`` gives exactly the matrix sklearn's ``TfidfVectorizer`` (see
``tests/references.py``, the reference) fits on the same documents: same columns, same values,
same order of entries inside each row, so every later sum adds in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer, TfidfVectorizer

WORD_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# The hyphen first, its left neighbour checked after: a pattern that opens with a character set
# is searched for fast, one that opens with a look-behind is tried at every position.
INNER_HYPHEN_RE = re.compile(r"[-‐‑](?<=[a-z0-9][-‐‑])(?=[a-z0-9])")
# A word as written, inner hyphens kept ("vision-language"), for showing terms to readers.
SPELLED_WORD_RE = re.compile(r"[a-z0-9]+(?:[-‐‑][a-z0-9]+)*(?:\.[0-9]+)?")
SPELLED_GAP = 1
# Title words say more about a paper than abstract words: repeat the title this often.
TITLE_WEIGHT = 2


@dataclass(frozen=True)
class TfidfSettings:
    """sklearn ``TfidfVectorizer`` parameters; the features are unigrams and bigrams of terms."""

    min_df: int = 1  # an int counts documents
    max_df: float = 0.5  # a float is a share of the documents
    sublinear_tf: bool = True
    norm: str = "l2"


TFIDF = TfidfSettings()
# Counts and weights are float32: half the memory of float64, and precision to spare for cosines.
DTYPE = np.float32


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one common English suffix, keeping stems of at least four letters."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


class _TermTable(dict[str, str]):
    """Each word's term, or "" for a word that is no term (a stop word or a single character).

    Looked up once per word of every paper; the table grows with the vocabulary only.
    """

    def __missing__(self, word: str) -> str:
        term = "" if word in ENGLISH_STOP_WORDS or len(word) < 2 else stem(word)
        self[word] = term
        return term


_TERMS = _TermTable()


def terms(text: str) -> list[str]:
    """The stemmed, stop-word-free terms of ``text`` in order."""
    flat = INNER_HYPHEN_RE.sub("", text.lower())
    return list(filter(None, map(_TERMS.__getitem__, WORD_RE.findall(flat))))


def surface_forms(text: str, features: Iterable[str]) -> dict[str, str]:
    """How ``text`` spells each of ``features`` (a term, or two consecutive terms) it holds: the
    words as written, lower case, from the first term's word to the last's.  A bigram whose
    terms stand more than ``SPELLED_GAP`` words apart (stop words between: "fine-tuning for
    large") is left out.

    Only words that could start a wanted feature are looked up: a term keeps its word's first
    three letters (the stemmer strips suffixes of words that keep four)."""
    wanted = set(features)
    firsts = {feature.partition(" ")[0] for feature in wanted}
    prefixes = {first[:3] for first in firsts}
    words = SPELLED_WORD_RE.findall(text.lower())
    found: dict[str, str] = {}
    for index, word in enumerate(words):
        # Most words fail the first test; a hyphen among the first letters needs the bare word.
        if word[:3] not in prefixes and (word.isalnum() or _bare(word)[:3] not in prefixes):
            continue
        if (term := _TERMS[_bare(word)]) not in firsts:
            continue
        if term in wanted:
            found.setdefault(term, word)
        for later in range(index + 1, min(index + 1 + SPELLED_GAP, len(words))):
            if following := _TERMS[_bare(words[later])]:
                if f"{term} {following}" in wanted:
                    found.setdefault(f"{term} {following}", " ".join(words[index : later + 1]))
                break
        if len(found) == len(wanted):
            break
    return found


def _bare(word: str) -> str:
    """A spelled word as ``terms`` reads it: without inner hyphens."""
    return word if word.isalnum() else INNER_HYPHEN_RE.sub("", word)


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
    return TfidfVectorizer(**TITLE_SETTINGS)


@dataclass(frozen=True)
class TermCounts:
    """How often each feature (a term, or two consecutive terms) occurs in each document.

    Columns are in sklearn's order (feature strings sorted), and each row holds its entries in
    sklearn's order too: by where in the corpus the feature first occurs.  ``keys`` names each
    column by word ranks: ``first * (len(words) + 1) + second``, where ``second`` is 0 for a
    single term and the second term's rank plus one for a bigram.
    """

    counts: csr_matrix
    keys: np.ndarray
    words: tuple[str, ...]

    def feature_names(self, columns: np.ndarray) -> tuple[str, ...]:
        first, second = np.divmod(self.keys[columns], len(self.words) + 1)
        return tuple(self.words[a] if b == 0 else f"{self.words[a]} {self.words[b - 1]}"
                     for a, b in zip(first.tolist(), second.tolist(), strict=True))


@dataclass(frozen=True)
class CorpusText:
    """Papers tokenised once: title and abstract terms (cue matching reads them), and the counts
    of the paper documents followed by the ``extra`` documents (placement adds its sections)."""

    title_terms: tuple[tuple[str, ...], ...]
    abstract_terms: tuple[tuple[str, ...], ...]
    extra: tuple[str, ...]
    counts: TermCounts

    @property
    def papers(self) -> int:
        return len(self.title_terms)


def count_corpus(papers: Sequence[tuple[str, str]], extra: Sequence[str] = ()) -> CorpusText:
    """Tokenise ``(title, abstract)`` pairs and count them, then the ``extra`` documents."""
    titles = tuple(tuple(terms(title)) for title, _ in papers)
    abstracts = tuple(tuple(terms(abstract)) for _, abstract in papers)
    # terms(paper_document(t, a)) is the title's terms TITLE_WEIGHT times, then the abstract's:
    # the joining spaces split no word and join none.
    documents = [(title,) * TITLE_WEIGHT + (abstract,) for title, abstract in zip(titles, abstracts, strict=True)]
    documents += [(tuple(terms(text)),) for text in extra]
    return CorpusText(titles, abstracts, tuple(extra), count_terms(documents))


def count_terms(documents: Sequence[Sequence[Sequence[str]]]) -> TermCounts:
    """Count the unigrams and bigrams of documents, each given as consecutive runs of terms (a
    paper: its title's terms TITLE_WEIGHT times, then its abstract's), in sklearn's layout (see
    ``TermCounts``).

    Features are numbered by word rank, never spelled out: since terms hold no character below
    the space, ordering "a b" strings is ordering (rank of a, rank of b) pairs, with a single
    term "a" before every bigram that starts with it.
    """
    words = tuple(sorted(set(chain.from_iterable(chain.from_iterable(documents)))))
    rank = {word: i for i, word in enumerate(words)}
    lengths = np.array([sum(map(len, parts)) for parts in documents], dtype=np.int64)
    tokens = chain.from_iterable(chain.from_iterable(documents))
    ranks = np.fromiter(map(rank.__getitem__, tokens), dtype=np.int64, count=int(lengths.sum()))
    # The key array is handed on, not kept: counting frees it as soon as it is read.
    return TermCounts(*_count_matrix(_feature_sequence(ranks, lengths, len(words) + 1), lengths), words=words)


def _feature_sequence(ranks: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
    """Feature keys in sklearn's analyzer order: each document's unigrams, then its bigrams."""
    features = np.where(lengths > 0, 2 * lengths - 1, 0)
    # A token's unigram sits at its own position shifted by the bigrams of earlier documents; the
    # bigram it starts sits its document's length further on.
    shift = np.cumsum(features) - features - (np.cumsum(lengths) - lengths)
    unigram_at = np.arange(len(ranks)) + np.repeat(shift, lengths)
    keys = np.empty(int(features.sum()), dtype=np.int64)
    keys[unigram_at] = ranks * width
    starts_pair = np.ones(len(ranks), dtype=bool)
    starts_pair[np.cumsum(lengths)[lengths > 0] - 1] = False  # a document's last token starts none
    bigram_at = unigram_at[starts_pair] + np.repeat(lengths, lengths)[starts_pair]
    keys[bigram_at] = ranks[starts_pair] * width + ranks[1:][starts_pair[:-1]] + 1
    return keys


def _count_matrix(keys: np.ndarray, lengths: np.ndarray) -> tuple[csr_matrix, np.ndarray]:
    """Documents × features counts (inside a row, features in order of first use in the corpus),
    and the key of each column.

    ``np.unique`` by hand, to free each array (the keys first: the caller kept no reference) as
    soon as it is read: on 20,000 papers this counting sets the pipeline's peak memory.
    """
    order = np.argsort(keys, kind="stable")  # stable: a key's first entry is its first use
    ordered = keys[order]
    del keys
    starts = np.empty(len(ordered), dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    unique_keys = ordered[starts]
    del ordered
    by_first_use = np.argsort(order[starts])
    use_rank = np.empty(len(unique_keys), dtype=np.int32)
    use_rank[by_first_use] = np.arange(len(unique_keys), dtype=np.int32)
    used = np.empty(len(order), dtype=np.int32)
    used[order] = use_rank[np.cumsum(starts, dtype=np.int32) - 1]
    del order, starts
    features = np.where(lengths > 0, 2 * lengths - 1, 0)
    rows = np.repeat(np.arange(len(lengths), dtype=np.int32), features)
    # Building CSR from coordinates sums the repeats and sorts each row: by first use, here.
    shape = (len(lengths), len(unique_keys))
    counts = coo_matrix((np.ones(len(used), dtype=DTYPE), (rows, used)), shape=shape).tocsr()
    counts.indices = by_first_use[counts.indices].astype(np.int32)
    return counts, unique_keys


def weigh(counts: TermCounts, rows: int) -> tuple[csr_matrix, np.ndarray]:
    """TF-IDF of the first ``rows`` documents, fitted on them alone, and the columns it kept.

    Applies ``TFIDF`` as ``TfidfVectorizer`` does: drop features in fewer than ``min_df`` or
    more than ``max_df`` of the documents, then sklearn's own ``TfidfTransformer``.
    """
    matrix = counts.counts[:rows]
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    max_count = TFIDF.max_df * rows
    keep = (frequency >= TFIDF.min_df) & (frequency <= max_count)
    columns = np.flatnonzero(keep)
    if max_count < TFIDF.min_df or not len(columns):
        # sklearn raises here (see tests/references.py): nothing to weigh.
        return csr_matrix((rows, 0), dtype=DTYPE), columns[:0]
    kept = keep[matrix.indices]
    new_index = (np.cumsum(keep) - 1).astype(np.int32)
    entries_per_row = np.diff(matrix.indptr)
    row_of = np.repeat(np.arange(rows), entries_per_row)
    indptr = np.concatenate(([0], np.cumsum(np.bincount(row_of[kept], minlength=rows)))).astype(np.int32)
    pruned = csr_matrix((matrix.data[kept], new_index[matrix.indices[kept]], indptr), shape=(rows, len(columns)))
    transformer = TfidfTransformer(sublinear_tf=TFIDF.sublinear_tf, norm=TFIDF.norm)
    return csr_matrix(transformer.fit(pruned).transform(pruned, copy=False)), columns
