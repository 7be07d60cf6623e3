"""Fact fields: what a fact kind module declares, and helpers that turn found facts into a field's value.

A ``FactField`` names a kind of fact (its key in ``Facts`` and ``papers.json``), its label
on paper pages (None: not in the facts panel), whether a paper has many or at most one, its
place in the registry, the function that extracts it from a paper's ``Analysis``, and its
CSV column.  Extractors find facts keyed by their position in the paper; ``dedupe`` orders
them and drops repeats, ``single`` wraps a one-valued field's fact.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from generator.extract.analysis import Analysis
from generator.model import Fact


@dataclass(frozen=True)
class CsvColumn:
    """A fact field's column in the CSV export: its header and how a paper's facts fill a cell."""

    name: str
    cell: Callable[[tuple[Fact, ...]], str]


@dataclass(frozen=True)
class FactField:
    """One kind of fact: its name in ``Facts`` and ``papers.json``, its label on paper pages
    (None: not in the facts panel), whether a paper has many or at most one, its position in
    the registry (lower first), its extractor and its CSV column."""

    name: str
    label: str | None
    many: bool
    position: int
    extract: Callable[[Analysis], tuple[Fact, ...]]
    csv: CsvColumn | None = None


def first_text(facts: tuple[Fact, ...]) -> str:
    """A CSV cell: the first fact's text."""
    return facts[0].text if facts else ""


def all_texts(facts: tuple[Fact, ...]) -> str:
    """A CSV cell: every fact's text, joined by "; "."""
    return "; ".join(fact.text for fact in facts)


def texts_with_roles(facts: tuple[Fact, ...]) -> str:
    """A CSV cell: every quantity's text with its role (``ownership.py``), joined by "; "."""
    return "; ".join(f"{fact.text} ({fact.role})" if fact.role else fact.text for fact in facts)


def all_values(facts: tuple[Fact, ...]) -> str:
    """A CSV cell: every fact's value, joined by spaces."""
    return " ".join(str(fact.value) for fact in facts)


def dedupe(facts: Iterable[tuple[int, Fact]], key: Callable[[Fact], Hashable]) -> tuple[Fact, ...]:
    """Facts in paper order (then by span), keeping the first of those with the same ``key``."""
    seen: set[Hashable] = set()
    kept: list[Fact] = []
    for _, fact in sorted(facts, key=lambda item: (item[0], item[1].start, item[1].end)):
        identity = key(fact)
        if identity in seen:
            continue
        seen.add(identity)
        kept.append(fact)
    return tuple(kept)


def number_key(fact: Fact) -> tuple[float, str | None, str | None]:
    """What makes two numeric facts the same: value to six digits, unit and qualifier."""
    value = fact.value if isinstance(fact.value, float) else 0.0
    return (float(f"{value:.6g}"), fact.unit, fact.qualifier)


def number_role_key(fact: Fact) -> tuple[float, str | None, str | None, str | None]:
    """``number_key`` and the role: the same size stated as the paper's own in one sentence and
    as a baseline's in another is two facts, so that the table finds the own one."""
    return (*number_key(fact), fact.role)


def single(fact: Fact | None) -> tuple[Fact, ...]:
    """A one-valued field's facts: none, or the one found."""
    return () if fact is None else (fact,)
