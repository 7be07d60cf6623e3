"""Listings: every paper by title, the tags index, and each tag's papers, paged alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from markupsafe import Markup

from generator import urls
from generator.model import Page, Paper, Survey
from generator.render.facets import LISTING_FACETS, PARAMS_KEY, listing_filters, parameter_count
from generator.render.pagetype import NavEntry, PageType, RenderInput
from generator.render.rows import LISTING_COLUMNS, Downloads, Table, corpus_downloads, table, tag_downloads
from generator.urls import listing_src, listing_url, relative, tag_id, tag_url

# The all-papers listing, sorted by title, is split into pages of this many rows.
LISTING_PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class PagerItem:
    """One page of a paged listing, labelled by the range of titles it holds."""

    url: Markup
    current: bool
    first: str
    last: str


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    count: int
    url: Markup


def build_all_papers(given: RenderInput) -> list[Page]:
    return listing_pages(given, given.survey.papers, urls.ALL_PAPERS, "All papers",
                         "Every paper in the survey, one row each",
                         Scoped("all papers", partial(corpus_downloads, survey_title=given.survey.taxonomy.title)),
                         in_nav=True)


@dataclass(frozen=True)
class Scoped:
    """What a listing's downloads hold: a label ("all papers", "this tag") and their links
    from a page of the listing."""

    label: str
    links: Callable[[str], Downloads]  # from the page's URL


def papers_by_tag(survey: Survey) -> dict[str, list[Paper]]:
    """The papers of each tag; two tags may not share a page name."""
    by_tag = survey.by_tag
    ids = {tag: tag_id(tag) for tag in by_tag}
    if len(set(ids.values())) != len(ids):
        raise ValueError(f"two tags share a page name: {sorted(ids.items())}")
    return by_tag


def build_tags(given: RenderInput) -> list[Page]:
    """The tags index, and for each tag a listing of its papers (paged like all papers) with
    downloads and a feed of exactly those papers."""
    by_tag = papers_by_tag(given.survey)
    here = urls.url("tags")
    index = given.env.markdown.get_template("tags.md.j2").render(tags=[
        TagCount(tag, len(by_tag[tag]), relative(here, tag_url(tag)))
        for tag in sorted(by_tag, key=lambda t: (-len(by_tag[t]), t.casefold()))
    ])
    pages = [Page(urls.src("tags"), index)]
    for tag in sorted(by_tag):
        scoped = Scoped("this tag's papers", partial(tag_downloads, tag=tag, survey_title=given.survey.taxonomy.title))
        pages += listing_pages(given, by_tag[tag], tag_url(tag), f"Tag: {tag}",
                               f"The papers tagged “{tag}”, one row each", scoped)
    return pages


def listing_pages(given: RenderInput, papers: Sequence[Paper], base: str, title: str, intro: str,
                  scoped: Scoped, in_nav: bool = False) -> list[Page]:
    """Papers by title as a sortable table at ``base``, split into pages of ``LISTING_PAGE_SIZE`` rows."""
    ordered = sorted(papers, key=lambda p: (p.title.casefold(), p.slug))
    chunks = [ordered[i:i + LISTING_PAGE_SIZE] for i in range(0, len(ordered), LISTING_PAGE_SIZE)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        here = listing_url(base, number)
        pager = [
            PagerItem(relative(here, listing_url(base, n)), n == number,
                      title_prefix(c[0].title) if c else "", title_prefix(c[-1].title) if c else "")
            for n, c in enumerate(chunks, start=1)
        ]
        downloads = scoped.links(here)
        listing = filterable(given.survey, table(given.survey, chunk, here, LISTING_COLUMNS, detailed=False))
        body = {"table": listing, "pages": pager, "intro": intro, "page_size": LISTING_PAGE_SIZE,
                "downloads": downloads, "downloads_label": scoped.label,
                "filters": listing_filters([row.filters for row in listing.rows])}
        numbered = title if len(chunks) == 1 else f"{title} ({number} of {len(chunks)})"
        front_matter = {"title": numbered, "downloads": downloads}
        pages.append(given.page(listing_src(base, number), ("papers.md.j2", front_matter), ("papers.html.j2", body),
                                in_nav=in_nav and number == 1))
    return pages


def filterable(survey: Survey, listing: Table) -> Table:
    """The listing with each row's facet values (the first of each) and parameter count as the
    attributes ``docs/assets/filters.js`` filters by."""
    rows = []
    for row in listing.rows:
        paper = row.paper.paper
        values = [(facet.key, found[0]) for facet in LISTING_FACETS if (found := facet.values(survey, paper))]
        params = parameter_count(survey, paper)
        rows.append(replace(row, filters=tuple(values + ([(PARAMS_KEY, params)] if params else []))))
    return replace(listing, rows=rows, filterable=True)


def title_prefix(title: str, words: int = 2) -> str:
    """The first words of a title, to label a listing page by the range of titles it holds."""
    head = " ".join(title.split()[:words])
    return head if len(head) <= 24 else head[:23] + "…"


def all_papers_nav(survey: Survey) -> NavEntry:
    return ("All papers", listing_src(urls.ALL_PAPERS, 1))


def tags_nav(survey: Survey) -> NavEntry:
    return ("Tags", urls.src("tags"))


ALL_PAPERS = PageType("all-papers", ("papers.md.j2", "papers.html.j2", "table.j2"), build_all_papers, all_papers_nav)
TAGS = PageType("tags", ("tags.md.j2", "papers.md.j2", "papers.html.j2", "table.j2"), build_tags, tags_nav)
