"""Typed view-models: the rows and links templates print, built from the survey's records.

A template reads exactly the fields of these frozen dataclasses, so a misspelt field fails the
render (``StrictUndefined``) instead of printing nothing.  Comparison-table rows and listing
rows share their common columns (``PaperColumns``); each sortable column carries the value it
sorts by beside the text it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from markupsafe import Markup

from generator import escape
from generator.model import DASH, Chapter, Fact, Facts, Paper, Survey
from generator.urls import chapter_url, paper_url, relative, url


@dataclass(frozen=True, slots=True)
class CodeLink:
    url: str
    label: str


@dataclass(frozen=True, slots=True)
class PaperColumns:
    """The columns comparison tables and listings share: paper, date, parameters, code."""

    paper: Paper
    url: Markup
    date: str
    date_sort: str
    params: str
    params_sort: str
    code: list[CodeLink]

    @classmethod
    def of(cls, survey: Survey, paper: Paper, here: str, **columns: Any) -> Self:
        """The shared columns of ``paper`` on the page at ``here``, plus the subclass's ``columns``."""
        facts = survey.facts[paper.slug]
        return cls(
            paper=paper,
            url=relative(here, paper_url(paper.slug)),
            date=paper.date.display if paper.date else DASH,
            date_sort=date_sort(paper),
            params=joined(facts["parameters"]),
            params_sort=max_value(facts["parameters"]),
            code=code_links(facts),
            **columns,
        )


@dataclass(frozen=True, slots=True)
class TableRow(PaperColumns):
    """One comparison-table row."""

    summary: str
    byline: str
    kind: str
    modality: str
    data: str
    data_sort: str
    benchmarks: str
    result: str


@dataclass(frozen=True, slots=True)
class ListingRow(PaperColumns):
    """A listing row: only the columns of ``papers.html.j2`` (listings hold every paper, some
    several times over in tag listings, so the comparison columns are not computed for them)."""

    chapter: Chapter
    chapter_url: Markup


@dataclass(frozen=True, slots=True)
class ChapterLink:
    chapter: Chapter
    url: Markup


@dataclass(frozen=True, slots=True)
class Downloads:
    """Links to the exports of what a page shows."""

    csv: Markup
    bib: Markup
    json: Markup | None = None


def corpus_downloads(here: str) -> Downloads:
    def link(name: str) -> Markup:
        return relative(here, url("data", name=name))

    return Downloads(link("papers.csv"), link("papers.bib"), link("papers.json"))


def chapter_downloads(here: str, chapter_id: str) -> Downloads:
    def link(ext: str) -> Markup:
        return relative(here, url("chapter-data", chapter=chapter_id, ext=ext))

    return Downloads(link("csv"), link("bib"))


@dataclass(frozen=True, slots=True)
class PaperLink:
    """A paper named by a link, with the chapter it sits in."""

    paper: Paper
    url: Markup
    chapter: Chapter
    chapter_url: Markup


def table_row(survey: Survey, paper: Paper, here: str) -> TableRow:
    facts = survey.facts[paper.slug]
    return TableRow.of(
        survey, paper, here,
        summary=one_line_summary(facts),
        byline=byline(paper),
        kind=fact_text(facts.first("kind")),
        modality=fact_text(facts.first("modality")),
        data=joined(facts["data_scale"]),
        data_sort=max_value(facts["data_scale"]),
        benchmarks=joined(facts["benchmarks"], limit=4),
        result=fact_text(facts.first("results")),
    )


def listing_row(survey: Survey, paper: Paper, here: str) -> ListingRow:
    chapter = survey.chapter_of(paper)
    return ListingRow.of(
        survey, paper, here,
        chapter=chapter, chapter_url=relative(here, chapter_url(chapter.id)),
    )


def paper_link(survey: Survey, paper: Paper, here: str) -> PaperLink:
    chapter = survey.chapter_of(paper)
    return PaperLink(paper, relative(here, paper_url(paper.slug)), chapter, relative(here, chapter_url(chapter.id)))


def date_sort(paper: Paper) -> str:
    return "{:04d}{:02d}{:02d}".format(*paper.date.sort_key) if paper.date else ""


def one_line_summary(facts: Facts) -> str:
    summary = facts.first("summary")
    if summary is None:
        return ""
    text = summary.text
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def byline(paper: Paper) -> str:
    parts = []
    if paper.organization:
        parts.append(paper.organization)
    if paper.authors is not None:
        parts.append(f"{paper.authors} author{'s' * (paper.authors != 1)}")
    return " · ".join(parts) or DASH


def fact_text(fact: Fact | None) -> str:
    return fact.text if fact else DASH


def joined(facts: Sequence[Fact], limit: int = 3) -> str:
    texts = list(dict.fromkeys(f.text for f in facts))
    if not texts:
        return DASH
    return ", ".join(texts[:limit]) + (f" +{len(texts) - limit}" if len(texts) > limit else "")


def max_value(facts: Sequence[Fact]) -> str:
    numbers = [f.value for f in facts if isinstance(f.value, (int, float))]
    return repr(float(max(numbers))) if numbers else ""


def code_links(facts: Facts) -> list[CodeLink]:
    links = []
    for fact in facts["code"]:
        url = escape.safe_url(str(fact.value or fact.text))
        if url:
            links.append(CodeLink(url, link_label(url)))
    return links


def link_label(url: str) -> str:
    host = url.split("/")[2].removeprefix("www.")
    return {"github.com": "GitHub", "huggingface.co": "HF"}.get(host, host)
