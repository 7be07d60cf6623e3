"""Place every paper in exactly one primary chapter and section, explainably.

Each section is described by a document (chapter title, section title, introduction, cue
terms).  A paper's prior score for a section is the TF-IDF cosine similarity between the
paper and that document plus a bonus for each of the section's cue phrases found in the
paper's title (larger) or abstract.  The survey then teaches placement by its own papers
(``examples``): the curator's overrides and the papers the prior decides firmly are labelled
examples, and each paper's similarity to each section's examples is added to its score.  The
best section wins; the best section of another chapter is the runner-up.

Confidence is about fit, not only the margin.  A placement is low confidence when another
chapter's section scores almost as high, when the paper shares few words beyond cue words
with the papers of any section, when its cue words outvote its other words (the section texts
alone prefer another chapter), or when a single cue word decides it with a small lead; a
paper with almost nothing in common with any section's papers goes to "Other" (the rule is
stated in the README's Curating section).  A curator's override always wins.  Everything is
deterministic: same papers and taxonomy, same placements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from generator.examples import centroid_similarity, cue_feature_columns, unigram_columns, without_columns
from generator.model import OTHER_CHAPTER, OTHER_SECTION, Confidence, Override, Paper, Placement, Section, Taxonomy
from generator.textmodel import CorpusText, count_corpus, terms, weigh

TITLE_CUE_BONUS = 0.12
ABSTRACT_CUE_BONUS = 0.04
# Repeated abstract hits of one cue count, with diminishing weight, up to this many.
MAX_ABSTRACT_HITS = 3
# Below this score a paper fits no section well enough and goes to "Other".
OTHER_FLOOR = 0.06
# A winner ahead of the runner-up by less than this is flagged for the curator: a lead of about
# one abstract mention of a cue (ABSTRACT_CUE_BONUS) is one word's worth, not a decision.
LOW_MARGIN = 0.05
# A second chapter is listed when its best section scores at least this share of the winner.
SECONDARY_SHARE = 0.8
MAX_SECONDARY = 2
CUE_WEIGHT_IN_DOCUMENT = 3
# Similarity to a section's labelled examples is added to the prior at this weight (chosen on
# the gold's tune half: more weight lost papers the section texts placed right).
VOTE_WEIGHT = 0.03
# A paper decided by at least this many of a section's cues, with a clear margin, becomes a
# labelled example (besides the curator's overrides).
EXAMPLE_CUES = 2
# Fit: cosine similarity, every cue term left out, between a paper and the centroid of the
# labelled examples of its closest section.  Under NEAR_FLOOR the placement is low confidence;
# under FAR_FLOOR the paper goes to Other (it shares almost nothing with the survey's papers).
NEAR_FLOOR = 0.06
FAR_FLOOR = 0.03
# A placement that one cue word decides is low confidence unless it leads by ONE_CUE_MARGIN
# and its cue-free similarity to the section's examples reaches ONE_CUE_FIT.
ONE_CUE_MARGIN = 0.06
ONE_CUE_FIT = 0.02
# Fewer labelled examples than this teach nothing: the fit rules are then left out.
MIN_EXAMPLES = 20


def section_document(taxonomy: Taxonomy, section: Section) -> str:
    chapter = taxonomy.chapter(section.chapter_id)
    cues = " . ".join(section.cues)
    return " . ".join([chapter.title, section.title, section.title, section.intro] + [cues] * CUE_WEIGHT_IN_DOCUMENT)


Phrase = tuple[str, ...]


def section_documents(taxonomy: Taxonomy) -> tuple[str, ...]:
    return tuple(section_document(taxonomy, s) for s in taxonomy.sections)


def cue_counts(words: Sequence[str], starts: Mapping[Phrase, Sequence[Phrase]]) -> Counter[Phrase]:
    """How often each cue phrase occurs in ``words``, not counting an occurrence that lies inside
    an occurrence of a longer cue (as ``tests/references.py``'s ``cue_occurrences``); ``starts``
    maps the first one or two terms of the cues to the cues.

    A cue inside a longer cue is the same words read twice: "optimizer states" is a memory cue,
    and the "optimizer" in it must not also vote for the optimiser section.  The paper's terms
    and pairs of terms are counted once (in C) and met with the cues' starts.
    """
    found: Counter[Phrase] = Counter()
    runs: Counter[Phrase] = Counter(zip(words, strict=True))
    runs.update(zip(words, words[1:], strict=False))
    for start in starts.keys() & runs.keys():
        for phrase in starts[start]:
            count = runs[start] if len(phrase) <= 2 else len(_positions(words, phrase))
            if count:
                found[phrase] = count
    return _uncovered(words, found) if len(found) > 1 else found


def _positions(words: Sequence[str], phrase: Phrase) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(words) - n + 1) if words[i] == phrase[0] and tuple(words[i : i + n]) == phrase]


def _inside(short: Phrase, long: Phrase) -> bool:
    return len(short) < len(long) and any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _uncovered(words: Sequence[str], found: Counter[Phrase]) -> Counter[Phrase]:
    """``found`` less the occurrences covered by an occurrence of a longer cue found too."""
    result = Counter(found)
    for short in found:
        longer = [p for p in found if _inside(short, p)]
        if not longer:
            continue
        covered = [(j, j + len(p)) for p in longer for j in _positions(words, p)]
        free = sum(not any(a <= i and i + len(short) <= b for a, b in covered) for i in _positions(words, short))
        if free:
            result[short] = free
        else:
            del result[short]
    return result


def cue_bonus(
    cues: Sequence[tuple[str, Phrase]], title: Counter[Phrase], abstract: Counter[Phrase]
) -> tuple[float, list[str]]:
    """Bonus for the cues found (title hits weigh more) and the cues that matched."""
    bonus = 0.0
    matched: list[str] = []
    for cue, phrase in cues:
        in_title, abstract_count = title[phrase] > 0, abstract[phrase]
        if in_title or abstract_count:
            matched.append(cue)
        bonus += TITLE_CUE_BONUS * in_title
        bonus += sum(ABSTRACT_CUE_BONUS / (k + 1) for k in range(min(abstract_count, MAX_ABSTRACT_HITS)))
    return bonus, matched


@dataclass(frozen=True)
class Cues:
    """The taxonomy's cue phrases, indexed for matching."""

    by_phrase: dict[Phrase, list[tuple[int, str]]]  # phrase → (section column, cue) pairs
    starts: dict[Phrase, list[Phrase]]  # a phrase's first one or two terms → the phrases
    order: list[dict[str, int]]  # per section column: cue → its position in the taxonomy


def cue_set(sections: Sequence[Section]) -> Cues:
    by_phrase = cue_index(sections)
    starts: dict[Phrase, list[Phrase]] = {}
    for phrase in by_phrase:
        starts.setdefault(phrase[:2], []).append(phrase)
    return Cues(by_phrase, starts, [{cue: i for i, cue in enumerate(s.cues)} for s in sections])


def section_bonuses(
    title_terms: Sequence[str], abstract_terms: Sequence[str], cues: Cues
) -> dict[int, tuple[float, list[str]]]:
    """For each section (by column) with a cue in the paper: the bonus and the cues matched."""
    title, abstract = cue_counts(title_terms, cues.starts), cue_counts(abstract_terms, cues.starts)
    per_section: dict[int, list[tuple[str, Phrase]]] = {}
    for phrase in title.keys() | abstract.keys():
        for column, cue in cues.by_phrase[phrase]:
            per_section.setdefault(column, []).append((cue, phrase))
    for column, found in per_section.items():
        found.sort(key=lambda item: cues.order[column][item[0]])  # taxonomy order, for stable output
    return {column: cue_bonus(found, title, abstract) for column, found in per_section.items()}


@dataclass(frozen=True)
class Evidence:
    """What placement weighs, per paper (rows) and section (columns)."""

    prior: np.ndarray  # text similarity to the section document plus the cue bonus
    text: np.ndarray  # the text similarity alone
    matched: list[dict[int, list[str]]]  # per paper: the cues matched in each section with any
    vectors: csr_matrix  # the papers' TF-IDF rows, single terms only
    cue_free: csr_matrix  # the same with every cue term taken out


def score_matrix(
    papers: Sequence[Paper], taxonomy: Taxonomy, text: CorpusText | None = None
) -> tuple[np.ndarray, list[dict[int, list[str]]]]:
    """Prior scores (papers × sections) and, per paper, the cue terms that matched in each
    section (sections without a match are left out)."""
    evidence = placement_evidence(papers, taxonomy, text)
    return evidence.prior, evidence.matched


def placement_evidence(papers: Sequence[Paper], taxonomy: Taxonomy, text: CorpusText | None = None) -> Evidence:
    """Section-text scores, cue matches and cue-free vectors of the papers.

    ``text`` is the papers' tokens and counts with the section documents after them, if the
    caller has them already (``count_placement_text``).
    """
    sections = taxonomy.sections
    if text is None or text.papers != len(papers) or text.extra != section_documents(taxonomy):
        text = count_placement_text(papers, taxonomy)
    matrix, columns = weigh(text.counts, len(papers) + len(sections))
    paper_rows, section_rows = matrix[: len(papers)], matrix[len(papers) :]
    scores = np.asarray((paper_rows @ section_rows.T).todense(), dtype=np.float64)
    text_scores = np.round(scores, 6)
    cues = cue_set(sections)
    matched: list[dict[int, list[str]]] = []
    for row, (title_terms, abstract_terms) in enumerate(zip(text.title_terms, text.abstract_terms, strict=True)):
        bonuses = section_bonuses(title_terms, abstract_terms, cues)
        for column, (bonus, _) in bonuses.items():
            scores[row, column] += bonus
        matched.append({column: names for column, (_, names) in bonuses.items()})
    names = text.counts.feature_names(columns)
    vectors = without_columns(csr_matrix(paper_rows), unigram_columns(names))
    cue_free = without_columns(vectors, cue_feature_columns(names, {t for phrase in cues.by_phrase for t in phrase}))
    return Evidence(np.round(scores, 6), text_scores, matched, vectors, cue_free)


def count_placement_text(papers: Sequence[Paper], taxonomy: Taxonomy) -> CorpusText:
    """The papers' tokens and counts, followed by one document per section."""
    return count_corpus([(p.title, p.abstract) for p in papers], section_documents(taxonomy))


def cue_index(sections: Sequence[Section]) -> dict[Phrase, list[tuple[int, str]]]:
    """Each cue phrase (as terms) with the sections, by column, that list it."""
    index: dict[Phrase, list[tuple[int, str]]] = {}
    for column, section in enumerate(sections):
        for cue in section.cues:
            phrase = tuple(terms(cue))
            if phrase:
                index.setdefault(phrase, []).append((column, cue))
    return index


def assign_papers(
    papers: Sequence[Paper],
    taxonomy: Taxonomy,
    overrides: Mapping[str, Override] | None = None,
    text: CorpusText | None = None,
    unlabelled: frozenset[str] = frozenset(),
) -> dict[str, Placement]:
    """Place every paper; ``overrides`` maps slugs to the curator's pinned sections.

    ``text`` (from ``count_placement_text``) saves tokenising the papers again when the caller
    has already done so; without it, placement counts the papers itself.  Papers named in
    ``unlabelled`` never serve as labelled examples (an evaluation holds them out).
    """
    overrides = overrides or {}
    sections = taxonomy.sections
    if not papers:
        return {}
    evidence = placement_evidence(papers, taxonomy, text)
    examples = labelled_examples(papers, sections, evidence, overrides, unlabelled)
    votes = centroid_similarity(evidence.vectors, examples, len(sections))
    fits = centroid_similarity(evidence.cue_free, examples, len(sections))
    scores = np.round(evidence.prior + VOTE_WEIGHT * votes, 6)
    # Highest score first, taxonomy order breaking ties (a stable sort of the negated scores).
    orders = np.argsort(-scores, axis=1, kind="stable").tolist()
    if len(examples) < MIN_EXAMPLES:
        # Too few placed papers to learn from: judge on the section texts and cues alone.
        fits = np.ones_like(fits)
    placements: dict[str, Placement] = {}
    # The section a paper's words alone choose (first maximum: taxonomy order breaks ties).
    text_best = np.argmax(evidence.text, axis=1).tolist()
    for row, paper in enumerate(papers):
        best = orders[row][0]
        agrees = sections[text_best[row]].chapter_id == sections[best].chapter_id
        fit = Fit(float(fits[row, best]), float(fits[row].max()), agrees)
        placement = _place(scores[row], orders[row], evidence.matched[row], sections, fit)
        override = overrides.get(paper.slug)
        placements[paper.slug] = _apply_override(placement, override) if override else placement
    return placements


def labelled_examples(
    papers: Sequence[Paper],
    sections: Sequence[Section],
    evidence: Evidence,
    overrides: Mapping[str, Override],
    unlabelled: frozenset[str],
) -> dict[int, int]:
    """Rows of the papers that teach placement, with their section columns: the curator's
    overrides, and papers whose section text and at least ``EXAMPLE_CUES`` of its cues decide
    them with a clear margin."""
    column = {section.key: i for i, section in enumerate(sections)}
    prior = evidence.prior
    best = np.argmax(prior, axis=1)  # the first maximum: taxonomy order breaks ties
    best_score = prior[np.arange(len(papers)), best]
    runner = _best_of_other_chapters(prior, best, [s.chapter_id for s in sections])
    firm = ((best_score >= OTHER_FLOOR) & (best_score - runner >= LOW_MARGIN)).tolist()
    examples: dict[int, int] = {}
    for row, paper in enumerate(papers):
        if paper.slug in unlabelled:
            continue
        override = overrides.get(paper.slug)
        if override is not None:
            if override.section in column:
                examples[row] = column[override.section]
        elif firm[row] and len(evidence.matched[row].get(int(best[row]), ())) >= EXAMPLE_CUES:
            examples[row] = int(best[row])
    return examples


def _best_of_other_chapters(scores: np.ndarray, best: np.ndarray, chapters: Sequence[str]) -> np.ndarray:
    """Per row: the highest score among the sections outside the chapter of column ``best``."""
    names = list(dict.fromkeys(chapters))
    chapter_of = np.array([names.index(c) for c in chapters])
    per_chapter = np.full((scores.shape[0], len(names)), -np.inf)
    for index in range(len(names)):
        per_chapter[:, index] = scores[:, chapter_of == index].max(axis=1)
    per_chapter[np.arange(scores.shape[0]), chapter_of[best]] = -np.inf
    return np.where(np.isfinite(per_chapter.max(axis=1)), per_chapter.max(axis=1), 0.0)


@dataclass(frozen=True)
class Fit:
    """How close a paper's words (cues left out) come to the labelled examples."""

    section: float  # to the winning section's examples
    any_section: float  # to the closest section's examples
    # Whether the section texts alone, before any cue bonus, prefer the winner's chapter too: when
    # they prefer another, cue words outvoted what the rest of the paper says.
    text_agrees: bool = True


def _place(
    row: np.ndarray,
    order: list[int],
    matched: dict[int, list[str]],
    sections: Sequence[Section],
    fit: Fit,
) -> Placement:
    best = order[0]
    winner = sections[best]
    runner = next((i for i in order if sections[i].chapter_id != winner.chapter_id), None)
    runner_score = float(row[runner]) if runner is not None else 0.0
    score = float(row[best])
    cue_terms = tuple(matched.get(best, ()))
    if score < OTHER_FLOOR or fit.any_section < FAR_FLOOR:
        reason = ("fits no section: its words are far from every section's text and papers" if score >= OTHER_FLOOR
                  else "fits no section: its words are far from every section's text and cues")
        return Placement(OTHER_CHAPTER.id, OTHER_SECTION.id, (OTHER_CHAPTER.id,), score,
                         winner.key, score, cue_terms, "low", fit.any_section, reason)
    secondary = _secondary_chapters(row, order, sections, winner.chapter_id, score)
    reason = low_confidence_reason(score - runner_score, cue_terms, fit)
    confidence: Confidence = "low" if reason else "high"
    return Placement(winner.chapter_id, winner.id, (winner.chapter_id, *secondary), score,
                     sections[runner].key if runner is not None else None, runner_score,
                     cue_terms, confidence, fit.section, reason)


def low_confidence_reason(margin: float, cues: Sequence[str], fit: Fit) -> str:
    """Why a placement is not trusted, or "" when it is (see the README's Curating section)."""
    if margin < LOW_MARGIN:
        return "close call: another chapter's section scores almost as high"
    if fit.any_section < NEAR_FLOOR:
        return "far from every section's papers: few words in common beyond cue words"
    if not fit.text_agrees:
        return "cue words outvote the text: the paper's words alone are closer to another chapter's section"
    if len(cues) < 2 and margin < ONE_CUE_MARGIN:
        return "one cue word decides it, with a small lead"
    if len(cues) < 2 and fit.section < ONE_CUE_FIT:
        return "one cue word decides it, and the paper's other words are far from the section's papers"
    return ""


def _secondary_chapters(
    row: np.ndarray, order: Sequence[int], sections: Sequence[Section], primary: str, score: float
) -> tuple[str, ...]:
    chosen: list[str] = []
    for i in order:
        chapter = sections[i].chapter_id
        if row[i] < max(SECONDARY_SHARE * score, OTHER_FLOOR) or len(chosen) == MAX_SECONDARY:
            break
        if chapter != primary and chapter not in chosen:
            chosen.append(chapter)
    return tuple(chosen)


def _apply_override(placement: Placement, override: Override) -> Placement:
    chapter, _, section = override.section.partition("/")
    chapters = (chapter, *[c for c in override.also or placement.chapters if c != chapter])
    return Placement(chapter, section, chapters, placement.score, placement.runner_up,
                     placement.runner_up_score, placement.terms, "override", placement.fit)
