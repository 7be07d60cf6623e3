"""One page per paper: abstract with its facts marked, the facts panel, tags, related papers and
why the paper sits where it is.  Built as front matter plus a finished HTML body that skips
Markdown (see ``model.Page``); paper pages stay out of the navigation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator import escape, urls
from generator.extract import FIELDS
from generator.model import DASH, Chapter, Fact, Facts, Page, Paper, Placement, Survey
from generator.render.facets import SEARCH_FACETS, SEARCH_META, facet_values
from generator.render.pagetype import PageType, RenderInput
from generator.render.rows import (
    ChapterLink,
    Named,
    brief,
    byline,
    code_links,
    named,
    paper_link,
    sentence_id,
)
from generator.urls import chapter_url, paper_url, relative, tag_url

# The fact fields shown in a paper's facts panel, in the registry's order.
PANEL_FIELDS = tuple(field for field in FIELDS if field.label is not None)


@dataclass(frozen=True, slots=True)
class FactValue:
    """One fact in the facts panel, with the anchor of the mark that shows it in the abstract
    and, for a quantity, whose it is."""

    fact: Fact
    anchor: str | None
    role: str = ""


# How the facts panel names each role of a quantity (extract/ownership.py).
ROLE_LABELS = {"own": "this paper's", "base": "starting point", "compared": "baseline", "other": "not this paper's"}


@dataclass(frozen=True, slots=True)
class FactRow:
    label: str
    values: list[FactValue]


@dataclass(frozen=True, slots=True)
class TagLink:
    name: str
    url: Markup


@dataclass(frozen=True, slots=True)
class RelatedLink:
    """A related paper's link and why it is related ("same section · both evaluate on C4"): its
    title and chapter only, so that the page's key (``RenderInput.render_key``) does not hash the
    neighbours' abstracts."""

    title: str
    url: Markup
    chapter: Named
    reason: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a paper sits where it is: runner-up, matched terms, confidence.  Raw scores stay off
    the page (they are in papers.json): they shift with every new seed file, and a rebuild
    should rewrite only the pages whose content changes."""

    runner_up: str
    terms: str
    confidence: str
    reason: str


def build(given: RenderInput) -> list[Page]:
    return [paper_page(given, paper) for paper in given.survey.papers]


def meta_description(paper: Paper, facts: Facts) -> str:
    """What search engines and link previews show: the contribution sentence, or the opening of
    the abstract when no sentence says what the paper contributes."""
    contribution = facts.first("summary")
    return brief(contribution.text if contribution else paper.abstract or paper.title)


def paper_page(given: RenderInput, paper: Paper) -> Page:
    """The page, rendered afresh or taken from an earlier build when everything it shows is
    unchanged (most pages, after a curator's edit or a new seed file)."""
    front_matter, body = page_arguments(given.survey, paper)
    return given.page(urls.src("paper", slug=paper.slug), ("paper.md.j2", front_matter), ("paper.html.j2", body),
                      in_nav=False)


def page_arguments(survey: Survey, paper: Paper) -> tuple[dict[str, object], dict[str, object]]:
    """What the front matter template and the body template are given: every value the page
    shows, and nothing else (chapters and sections only by id and title)."""
    here = paper_url(paper.slug)
    placement = survey.placements[paper.slug]
    chapter = survey.chapter_of(paper)
    section = next(s for s in chapter.sections if s.id == placement.section)
    facts = survey.facts[paper.slug]
    marks, shown_by = mark_layout(paper.abstract, facts)
    front_matter = {"paper": paper, "description": meta_description(paper, facts)}
    body = {
        "paper": paper, "chapter": named(chapter), "section": named(section),
        "chapter_link": relative(here, chapter_url(chapter.id)),
        "secondary": [ChapterLink(named(c), relative(here, chapter_url(c.id)))
                      for c in secondary_chapters(survey, placement)],
        "abstract": highlighted_abstract(paper, facts, marks),
        "facts": fact_rows(facts, shown_by),
        "meta": paper_meta(paper),
        "tags": [TagLink(tag, relative(here, tag_url(tag))) for tag in survey.tags.get(paper.slug, ())],
        "code": code_links(facts),
        "related": related_links(survey, paper, here),
        "why": explanation(survey, placement),
        "report_url": relative(here, urls.url("report")),
        "filters": facet_values(survey, paper, SEARCH_FACETS),
        "result_meta": facet_values(survey, paper, SEARCH_META),
    }
    return front_matter, body


def secondary_chapters(survey: Survey, placement: Placement) -> list[Chapter]:
    return [c for c in survey.chapters if c.id in placement.chapters[1:]]


def paper_meta(paper: Paper) -> list[str]:
    """Listing date, upvotes and byline, whichever are known."""
    meta = []
    if paper.date:
        meta.append(f"Listed {paper.date.display}")
    if paper.upvotes is not None:
        meta.append(f"{paper.upvotes} upvote{'s' * (paper.upvotes != 1)}")
    if byline(paper) != DASH:
        meta.append(byline(paper))
    return meta


def fact_spans(abstract: str, facts: Facts) -> list[tuple[int, int, str]]:
    """Character spans in the abstract of every fact read from it, with a stable anchor id."""
    spans = []
    for field in PANEL_FIELDS:
        for index, fact in enumerate(facts[field.name]):
            offset = abstract.find(fact.source)
            if offset >= 0 and fact.end > fact.start:
                spans.append((offset + fact.start, offset + fact.end, f"fact-{field.name}-{index}"))
    return sorted(spans)


def mark_layout(abstract: str, facts: Facts) -> tuple[list[tuple[int, int, str]], dict[str, str]]:
    """The non-overlapping spans to mark, and for every fact's anchor the mark that shows it.

    Spans are taken in order; one that starts inside the previous mark is not marked again
    (the text stays intact) and its fact points at that enclosing mark instead.
    """
    marks: list[tuple[int, int, str]] = []
    shown_by: dict[str, str] = {}
    for start, end, anchor in fact_spans(abstract, facts):
        if marks and start < marks[-1][1]:
            shown_by[anchor] = marks[-1][2]
        else:
            marks.append((start, end, anchor))
            shown_by[anchor] = anchor
    return marks, shown_by


def highlighted_abstract(paper: Paper, facts: Facts, marks: Sequence[tuple[int, int, str]]) -> Markup:
    """The abstract, HTML-escaped (it goes out in an HTML-only body), with each sentence a fact
    was read from in a ``<span>`` that table cells link to (``rows.sentence_id``), and each
    span of ``marks`` (from ``mark_layout``) wrapped in a ``<mark>``."""
    abstract = paper.abstract
    starts: dict[int, tuple[int, str]] = {}
    for field in PANEL_FIELDS:
        for fact in facts[field.name]:
            start = abstract.find(fact.source) if fact.source else -1
            if start >= 0:
                starts[start] = (start + len(fact.source), sentence_id(start))
    # At one offset, close before opening, and keep marks inside sentences: </mark>, </span>,
    # <span>, <mark>.
    tags = [(end, 0, "</mark>") for _, end, _ in marks]
    tags += [(end, 1, "</span>") for end, _ in starts.values()]
    tags += [(start, 2, f'<span class="sa-sentence" id="{anchor}">') for start, (_, anchor) in starts.items()]
    tags += [(start, 3, f'<mark id="{anchor}">') for start, _, anchor in marks]
    parts: list[str] = []
    position = 0
    for offset, _, tag in sorted(tags):
        parts.append(escape.html_text_raw(abstract[position:offset]))
        parts.append(tag)
        position = offset
    parts.append(escape.html_text_raw(abstract[position:]))
    return Markup("".join(parts))


def fact_rows(facts: Facts, shown_by: Mapping[str, str]) -> list[FactRow]:
    """Facts panel rows: label, then each value with its source sentence and the anchor of the
    mark that shows it (``shown_by`` from ``mark_layout``)."""
    rows = []
    for field in PANEL_FIELDS:
        values = [FactValue(fact, shown_by.get(f"fact-{field.name}-{i}"), ROLE_LABELS.get(fact.role or "", ""))
                  for i, fact in enumerate(facts[field.name])]
        if values and field.label is not None:
            rows.append(FactRow(field.label, values))
    return rows


def related_links(survey: Survey, paper: Paper, here: str) -> list[RelatedLink]:
    papers = survey.by_slug
    links = [(paper_link(survey, papers[neighbour.slug], here), neighbour.reason)
             for neighbour in survey.related.get(paper.slug, ())]
    return [RelatedLink(link.paper.title, link.url, link.chapter, reason) for link, reason in links]


def explanation(survey: Survey, placement: Placement) -> Explanation:
    return Explanation(
        runner_up=survey.section_title(placement.runner_up),
        terms=", ".join(placement.terms) or DASH,
        confidence=placement.confidence,
        reason=placement.reason,
    )


PAGE_TYPE = PageType("paper", ("paper.md.j2", "paper.html.j2"), build)
