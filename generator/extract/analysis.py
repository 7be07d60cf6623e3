"""The per-paper analysis that fact extractors read: segments, vocabulary and shared passes, computed once.

An ``Analysis`` holds a paper's title and abstract and the vocabulary, and computes on first
use what several extractors share: the segments (title and sentences), the opening segments
that kind, modality and summary are judged from, the word indexes of the whole title and
abstract (benchmarks and models), the names the paper gives its own model, and the number
pass (parameters, training data and context length all come out of it).  Extractors only read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from generator.extract.names import WordIndex, word_index
from generator.extract.numbers import NumberFacts, number_facts
from generator.extract.own_names import own_names
from generator.extract.sentences import ANALYSIS_WINDOW_CHARS, Segment, make_segments
from generator.extract.vocabulary import Vocabulary


@dataclass(frozen=True)
class Analysis:
    """A paper's title and abstract, and what is read from them, each piece computed once."""

    title: str
    abstract: str
    vocabulary: Vocabulary

    @cached_property
    def segments(self) -> list[Segment]:
        """The title (if any), then the abstract's sentences."""
        return make_segments(self.title, self.abstract)

    @cached_property
    def opening(self) -> list[Segment]:
        """The segments that start within the analysis window: what kind, modality and summary read."""
        return [segment for segment in self.segments if segment.order < ANALYSIS_WINDOW_CHARS]

    @cached_property
    def title_words(self) -> WordIndex:
        return word_index(self.title)

    @cached_property
    def abstract_words(self) -> WordIndex:
        return word_index(self.abstract)

    @cached_property
    def numbers(self) -> NumberFacts:
        """The one number pass over every segment: parameters, data scale, context length."""
        return number_facts(self.segments, self.vocabulary, self.own_names)

    @cached_property
    def own_names(self) -> tuple[str, ...]:
        """What the paper calls its own model or system (``own_names.py``)."""
        return own_names(self.title, self.abstract, self.vocabulary.models)
