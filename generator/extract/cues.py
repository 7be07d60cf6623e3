"""Weighted cue phrases: regexes whose matches vote for a label (a kind, a modality).

A ``Cue`` is a case-insensitive regex with a weight and the keywords of which every match
contains one; the keywords are registered with the pre-filter, so a sentence without them is
not scanned.  ``score_cues`` adds each match's weight to its label's score and remembers
the first trigger as the evidence a label's fact points at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from generator.extract.prefilter import keyword_registry
from generator.extract.sentences import ANALYSIS_WINDOW_CHARS, Segment

# A label's score: total weight, and the segment and span of its first trigger.
Score = tuple[float, Segment | None, tuple[int, int] | None]
Scores = dict[str, Score]


class Cue(NamedTuple):
    """A weighted cue phrase, matched case-insensitively.

    ``keywords`` are lower-case fragments of which every match contains at
    least one.  The cue regexes cannot skip ahead to a likely start and so
    cost far more than a look-up: a sentence that holds none of the keywords
    (see ``Segment.keyword_mask``) is not scanned.  ``bit`` stands for the
    keyword set in that mask; 0 (no keywords): always scanned.

    Case-insensitive matching is about three times slower than plain matching,
    so when ``on_folded`` is set ``pattern`` is the lower-cased regex, matched
    case-sensitively against ``Segment.folded``: same spans (see ``fold_case``).
    """

    pattern: re.Pattern[str]
    weight: float
    keywords: tuple[str, ...]
    bit: int
    on_folded: bool


# Cues by the label they vote for.
CueTable = Mapping[str, tuple[Cue, ...]]


def cues(*specs: tuple[str, float, str]) -> tuple[Cue, ...]:
    """Cues from (pattern, weight, space-separated keywords) triples."""
    return tuple(_cue(pattern, weight, keywords) for pattern, weight, keywords in specs)


def _cue(pattern: str, weight: float, keywords: str) -> Cue:
    words, bit = tuple(keywords.split()), keyword_registry().register(keywords)
    # Lower-casing would change a case-sensitive part or an escape like \W.
    if "(?-i" in pattern or re.search(r"\\[A-Z]", pattern):
        return Cue(re.compile(pattern, re.IGNORECASE), weight, words, bit, False)
    return Cue(re.compile(pattern.lower()), weight, words, bit, True)


def score_cues(scores: Scores, segment: Segment, table: CueTable, factor: float = 1.0) -> None:
    """Add the weight of every cue match in ``segment`` to its label's score."""
    mask = segment.keyword_mask
    for label, label_cues in table.items():
        for pattern, weight, _, bit, on_folded in label_cues:  # unpacked: runs ~50 times a sentence
            if bit and not bit & mask:
                continue  # none of its keywords here: the regex cannot match
            text = segment.folded if on_folded else segment.text
            for match in pattern.finditer(text, 0, ANALYSIS_WINDOW_CHARS):
                add_score(scores, label, weight * factor, segment, match.span())


def classify(
    segments: Sequence[Segment],
    title_cues: CueTable,
    text_cues: CueTable,
) -> Scores:
    """Score each label; remember the strongest trigger as the fact's source."""
    scores: Scores = {}
    for segment in segments:
        score_cues(scores, segment, title_cues if segment.is_title else text_cues)
    return scores


def add_score(scores: Scores, label: str, weight: float, segment: Segment, span: tuple[int, int]) -> None:
    """Add ``weight`` to ``label``; its first trigger stays its evidence."""
    total, best_segment, best_span = scores.get(label, (0.0, None, None))
    if best_segment is None:
        best_segment, best_span = segment, span
    scores[label] = (total + weight, best_segment, best_span)
