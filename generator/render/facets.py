"""Facets: the properties a reader narrows papers by (chapter, kind, modality, code, year, tag).

One registry serves both places that filter.  A paper's page carries each facet's values as
Pagefind filters (``data-pagefind-filter``), so the search panel offers them with counts and
combines them with a query; ``SEARCH_META`` facets are also stored with each result
(``data-pagefind-meta``), so a result shows its chapter and kind.  The rows of a listing carry
the ``LISTING_FACETS`` as ``data-filter-*`` attributes, which ``docs/assets/filters.js`` reads
to narrow the table in the browser; a row's parameter count is its own attribute, for ranges.
Values are plain text; templates escape them for the attribute they land in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.model import Paper, Survey
from generator.render.rows import displayed, max_value, shown_quantities

# The row attribute (``data-filter-params``) holding a paper's parameter count.
PARAMS_KEY = "params"
# What a paper whose abstract links no code is filed under; the other value is CODE_LINKED.
CODE_LINKED = "linked"
NO_CODE = "not linked"


@dataclass(frozen=True)
class Facet:
    """A property papers are filtered by: its key (the Pagefind filter name and the suffix of
    the ``data-filter-*`` attribute), the label a reader sees and how a paper's values are read."""

    key: str
    label: str
    values: Callable[[Survey, Paper], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class FacetValue:
    key: str
    value: str


def chapter_values(survey: Survey, paper: Paper) -> tuple[str, ...]:
    return (survey.chapter_of(paper).title,)


def first_fact_values(name: str) -> Callable[[Survey, Paper], tuple[str, ...]]:
    def values(survey: Survey, paper: Paper) -> tuple[str, ...]:
        fact = survey.facts[paper.slug].first(name)
        return (fact.text,) if fact else ()

    return values


def code_values(survey: Survey, paper: Paper) -> tuple[str, ...]:
    return (CODE_LINKED if survey.facts[paper.slug]["code"] else NO_CODE,)


def year_values(survey: Survey, paper: Paper) -> tuple[str, ...]:
    # A listing date without a year says nothing about the year: no value rather than a guess.
    year = paper.date.year if paper.date else None
    return (str(year),) if year is not None else ()


def tag_values(survey: Survey, paper: Paper) -> tuple[str, ...]:
    return tuple(survey.tags.get(paper.slug, ()))


CHAPTER = Facet("chapter", "Chapter", chapter_values)
KIND = Facet("kind", "Kind", first_fact_values("kind"))
MODALITY = Facet("modality", "Modality", first_fact_values("modality"))
CODE = Facet("code", "Code", code_values)
YEAR = Facet("year", "Year", year_values)
TAG = Facet("tag", "Tag", tag_values)

# The search panel's filters, in the order it shows them.
SEARCH_FACETS = (CHAPTER, KIND, MODALITY, CODE, YEAR, TAG)
# Facets a search result shows under its title.
SEARCH_META = (CHAPTER, KIND)
# The filters above a listing table (the chapter is a column there, and a tag page is one tag).
LISTING_FACETS = (KIND, MODALITY, CODE)


def facet_values(survey: Survey, paper: Paper, facets: tuple[Facet, ...]) -> tuple[FacetValue, ...]:
    """Every value ``paper`` has for each of ``facets``, in the registry's order."""
    return tuple(FacetValue(facet.key, value) for facet in facets for value in facet.values(survey, paper))


def parameter_count(survey: Survey, paper: Paper) -> str:
    """The largest parameter count the paper's tables show (its own models', else the model it
    starts from), as a number of parameters; "" when it gives none."""
    shown, _ = shown_quantities(survey.facts[paper.slug]["parameters"])
    return max_value(displayed(shown)) if shown else ""


@dataclass(frozen=True, slots=True)
class FilterOption:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class ListingFilter:
    """One select above a listing: a facet and its values on that page, most common first."""

    key: str
    label: str
    options: tuple[FilterOption, ...]


@dataclass(frozen=True, slots=True)
class ListingFilters:
    """The filters above one listing page: a select per facet that tells its rows apart, and a
    parameter range when some row has a parameter count."""

    total: int
    selects: tuple[ListingFilter, ...]
    params: bool


def listing_filters(rows: Sequence[Sequence[tuple[str, str]]]) -> ListingFilters:
    """The filters for a listing whose rows carry ``rows`` (each row's ``(key, value)`` pairs);
    a facet with a single value on the page would narrow nothing and is left out."""
    selects = []
    for facet in LISTING_FACETS:
        counts = Counter(value for row in rows for key, value in row if key == facet.key)
        if len(counts) > 1:
            options = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
            selects.append(ListingFilter(facet.key, facet.label, tuple(FilterOption(v, n) for v, n in options)))
    params = any(key == PARAMS_KEY for row in rows for key, _ in row)
    return ListingFilters(len(rows), tuple(selects), params)
