"""What two papers share, and how much it counts: the evidence behind a related paper.

``related`` finds each paper's candidates by TF-IDF cosine; this module scores them and says
why.  Three kinds of evidence add up:

- **text**: the cosine *without the pair's largest shared term*, so that one shared word, however
  rare ("tiny" in TinyViT and Tiny Time Mixers), never relates two papers on its own;
- **structure**: the survey places both in the same section (or, weaker, the same chapter);
- **facts**: benchmarks, base models and method tags both papers name, each weighed by how rare
  it is in the corpus (two papers both naming ImageNet share less than two naming C4).

A candidate is kept only when its text evidence reaches ``MIN_TEXT``: structure and facts
reorder papers that share words, they never relate papers that do not.  Each kept pair gets a
one-line reason, "same section · both evaluate on C4 · data filtering", from the same evidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix

from generator.model import OTHER_ID, Facts, Paper, Placement

# Text evidence (cosine less the largest shared term's share) below which two papers are not
# related, whatever else they share.  Unigram-and-bigram cosines are low: 0.07 is a typical
# best match in the real corpus.
MIN_TEXT = 0.022
SAME_SECTION = 0.03
SAME_CHAPTER = 0.005
# A shared fact named by only these two papers adds FACT_WEIGHT; one named by every paper, nothing.
FACT_WEIGHT = 0.008
MAX_FACT_BONUS = 0.02
# The combined score a related paper needs: papers in one section need some shared words beyond
# the largest, papers in different sections need about twice as many.
MIN_SCORE = 0.06
# Pairs whose largest shared terms are computed at once (memory: pairs × terms of a row).
PAIR_CHUNK = 20_000
REASON_SEPARATOR = " · "
SHOWN_FACTS = 2
SHOWN_TERMS = 2
_WORD_ENDING = re.compile(r"(?<=\w\w\w)(?:ing|ed|es|e|s)$")
_SIZE_SUFFIX = re.compile(r"[\s-]+\d+(?:\.\d+)?[KMBT]$", re.IGNORECASE)


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs ``(first[n], second[n])`` (row numbers) with their cosine."""

    first: np.ndarray
    second: np.ndarray
    cosine: np.ndarray


@dataclass(frozen=True)
class Context:
    """What the scoring reads besides the vectors, one entry per paper in corpus order."""

    sections: tuple[str, ...]
    facts: tuple[frozenset[str], ...]
    rarity: Mapping[str, float]
    labels: Mapping[str, str]


def paper_context(papers: Sequence[Paper], placements: Mapping[str, Placement],
                  facts: Mapping[str, Facts], methods: Mapping[str, tuple[str, ...]]) -> Context:
    """Each paper's section and shared-fact keys, with how rare each key is."""
    sections = tuple(_section_of(placements.get(p.slug)) for p in papers)
    labels: dict[str, str] = {}
    keyed = []
    for paper in papers:
        keys = set()
        for kind, value in _fact_values(facts.get(paper.slug), methods.get(paper.slug, ())):
            key = f"{kind}:{value.casefold()}"
            labels.setdefault(key, value)
            keys.add(key)
        keyed.append(frozenset(keys))
    frequency = Counter(key for keys in keyed for key in keys)
    total = max(len(papers), 2)
    # 1 for a key two papers share, falling to 0 for a key every paper has.
    rarity = {key: max(0.0, 1 - math.log(count / 2) / math.log(total / 2)) if total > 2 else 1.0
              for key, count in frequency.items()}
    return Context(sections, tuple(keyed), rarity, labels)


def _section_of(placement: Placement | None) -> str:
    """The section key, or "" when the paper has no section that says anything (*Other*)."""
    if placement is None or placement.chapter == OTHER_ID:
        return ""
    return placement.section_key


def _fact_values(facts: Facts | None, methods: tuple[str, ...]) -> list[tuple[str, str]]:
    values = [("method", name) for name in methods]
    if facts is not None:
        values += [("benchmark", str(fact.value)) for fact in facts["benchmarks"]]
        values += [("model", _SIZE_SUFFIX.sub("", str(fact.value))) for fact in facts["models"]]
    return values


def largest_shared_term(matrix: csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """For each pair of rows, the largest product of a shared column's weights (0 when the
    rows share none)."""
    share = np.zeros(len(first), dtype=matrix.dtype)
    for start in range(0, len(first), PAIR_CHUNK):
        pairs = slice(start, start + PAIR_CHUNK)
        products = csr_matrix(matrix[first[pairs]].multiply(matrix[second[pairs]]))
        filled = np.flatnonzero(np.diff(products.indptr))
        if len(filled):
            share[start + filled] = np.maximum.reduceat(products.data, products.indptr[filled])
    return share


def score_pairs(matrix: csr_matrix, candidates: Candidates, context: Context) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's combined score and whether it is related at all (enough text evidence).

    The largest shared term, the costly part, is looked for only in pairs that could pass with
    their whole cosine as text evidence."""
    sections = np.array(context.sections, dtype=object)
    first_section, second_section = sections[candidates.first], sections[candidates.second]
    filled = first_section != ""
    same_section = filled & (first_section == second_section)
    chapters = np.array([key.partition("/")[0] for key in context.sections], dtype=object)
    same_chapter = filled & ~same_section & (chapters[candidates.first] == chapters[candidates.second])
    facts = np.array([_fact_bonus(context, i, j) for i, j in
                      zip(candidates.first.tolist(), candidates.second.tolist(), strict=True)], dtype=np.float64)
    bonus = SAME_SECTION * same_section + SAME_CHAPTER * same_chapter + facts
    text = candidates.cosine.astype(np.float64)
    hopeful = np.flatnonzero((text >= MIN_TEXT) & (text + bonus >= MIN_SCORE))
    share = largest_shared_term(matrix, candidates.first[hopeful], candidates.second[hopeful])
    text[hopeful] -= share
    score = text + bonus
    related = np.zeros(len(text), dtype=bool)
    related[hopeful] = (text[hopeful] >= MIN_TEXT) & (score[hopeful] >= MIN_SCORE)
    return score, related


def _fact_bonus(context: Context, first: int, second: int) -> float:
    shared = context.facts[first] & context.facts[second]
    if not shared:
        return 0.0
    return min(MAX_FACT_BONUS, FACT_WEIGHT * sum(context.rarity[key] for key in shared))


def reason(context: Context, first: int, second: int, shared_words: Sequence[str]) -> str:
    """Why paper ``second`` is related to paper ``first``, in a few words: the structure they
    share, then the rarest facts both name, then the words that weigh most in both."""
    parts = []
    section, other = context.sections[first], context.sections[second]
    if section and section == other:
        parts.append("same section")
    elif section and section.partition("/")[0] == other.partition("/")[0]:
        parts.append("same chapter")
    shared = sorted(context.facts[first] & context.facts[second], key=lambda key: (-context.rarity[key], key))
    by_kind: dict[str, list[str]] = {}
    for key in shared:
        by_kind.setdefault(key.partition(":")[0], []).append(context.labels[key])
    if "benchmark" in by_kind:
        parts.append("both evaluate on " + " and ".join(by_kind["benchmark"][:SHOWN_FACTS]))
    if "model" in by_kind:
        parts.append("both use " + " and ".join(by_kind["model"][:SHOWN_FACTS]))
    parts += by_kind.get("method", [])[:SHOWN_FACTS]
    words = _new_words(shared_words, [label.casefold() for label in parts])
    if words:
        parts.append(", ".join(words))
    return REASON_SEPARATOR.join(parts)


def _new_words(words: Sequence[str], said: Sequence[str]) -> list[str]:
    """Up to ``SHOWN_TERMS`` of ``words`` less those already said, in another number or inside
    a longer phrase ("medical image" after "medical images", "vision-language" after
    "vision-language models")."""
    kept: list[str] = []
    seen = [_singular(other) for other in said]
    for word in words:
        bare = _singular(word)
        if any(bare in other or other in bare for other in seen):
            continue
        kept.append(word)
        seen.append(bare)
        if len(kept) == SHOWN_TERMS:
            break
    return kept


@lru_cache(maxsize=1 << 16)
def _singular(phrase: str) -> str:
    """The phrase with each word's plural or verb ending cut ("tuning" and "tune" agree)."""
    return " ".join(_WORD_ENDING.sub("", word) for word in phrase.split(" "))


def shared_features(matrix: csr_matrix, terms: Sequence[str], first: np.ndarray, second: np.ndarray,
                    count: int = 2 * SHOWN_TERMS) -> list[list[str]]:
    """For each pair of rows, the ``count`` features that weigh most in both, heaviest first;
    a two-term feature stands in for the single terms it is made of."""
    found: list[list[str]] = []
    for start in range(0, len(first), PAIR_CHUNK):
        pairs = slice(start, start + PAIR_CHUNK)
        products = csr_matrix(matrix[first[pairs]].multiply(matrix[second[pairs]]))
        for row in range(products.shape[0]):
            begin, end = products.indptr[row], products.indptr[row + 1]
            heaviest = products.indices[begin:end][np.argsort(-products.data[begin:end], kind="stable")[:6]]
            # A number alone ("000" of "10,000 GPUs") says nothing to a reader.
            readable = [terms[column] for column in heaviest.tolist()
                        if not any(word.isdigit() for word in terms[column].split(" "))]
            found.append(_distinct(readable, count))
    return found


def _distinct(features: Sequence[str], count: int) -> list[str]:
    """The first ``count`` features, a bigram replacing the unigrams it contains."""
    chosen: list[str] = []
    for feature in features:
        words = feature.split(" ")
        if any(set(words) <= set(kept.split(" ")) for kept in chosen):
            continue
        chosen = [kept for kept in chosen if kept not in words]
        chosen.append(feature)
    return chosen[:count]
