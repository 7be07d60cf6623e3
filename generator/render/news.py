"""The *What's new* pages (papers grouped by when they arrived, paged) and the curation report page.

Papers arrive in groups: those a commit brought with one listing date (``Arrival.key``).  The
groups follow ``WhatsNew``'s order, newest first, and fill pages of ``PAGE_ENTRIES`` papers; a
group longer than what is left of a page goes on over the next ones (its heading repeated,
marked as continued), so every paper of the survey is on exactly one page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from generator import urls
from generator.model import Arrival, Page, Survey, WhatsNew
from generator.render.pagetype import ABOUT, NavEntry, PageType, RenderInput
from generator.render.rows import PaperLink, paper_link
from generator.urls import relative

# Papers on one page of What's new.
PAGE_ENTRIES = 100


@dataclass(frozen=True, slots=True)
class ArrivalGroup:
    """Papers that arrived together (one commit, one listing date), or the part of them on one page."""

    label: str
    continued: bool = False
    rows: list[PaperLink] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NewsPage:
    """One page of What's new: its groups and the papers it holds (``first``-``last`` of ``total``)."""

    number: int
    groups: list[ArrivalGroup]
    first: int
    last: int
    total: int


@dataclass(frozen=True, slots=True)
class NewsPagerItem:
    url: Markup
    current: bool
    number: int
    label: str


def whats_new_url(number: int) -> str:
    return urls.url("whats-new") if number == 1 else urls.url("whats-new-page", number=number)


def whats_new_src(number: int) -> str:
    return urls.src("whats-new") if number == 1 else urls.src("whats-new-page", number=number)


def arrival_label(arrival: Arrival, from_history: bool) -> str:
    """A group's heading: the commit's time (or that it is not committed yet) and the listing date."""
    listing = f"listed {arrival.listed.display}" if arrival.listed else f"undated, from {arrival.seed_file}"
    if not from_history:
        return listing[0].upper() + listing[1:]
    if arrival.when is None:
        return f"Not committed yet: {listing}"
    # "2025-06-01T09:30:00Z" -> "2025-06-01 09:30 UTC": two commits of one day stay apart.
    return f"Added {arrival.when[:10]} {arrival.when[11:16]} UTC: {listing}"


def news_pages(news: WhatsNew, size: int = PAGE_ENTRIES) -> list[list[tuple[str, bool, list[Arrival]]]]:
    """The arrivals cut into pages of at most ``size``: each page a list of (label, continued,
    arrivals) groups, in ``news``' order."""
    pages: list[list[tuple[str, bool, list[Arrival]]]] = [[]]
    filled = 0
    previous: tuple[object, ...] | None = None
    for arrival in news.arrivals:
        if filled == size:
            pages.append([])
            filled = 0
        if not pages[-1] or arrival.key != previous:
            pages[-1].append((arrival_label(arrival, news.from_history), arrival.key == previous, []))
        pages[-1][-1][2].append(arrival)
        previous = arrival.key
        filled += 1
    return pages


def build_whats_new(given: RenderInput) -> list[Page]:
    survey, news = given.survey, given.news
    paged = news_pages(news, PAGE_ENTRIES)
    total = len(news.arrivals)
    counts = [sum(len(items) for _, _, items in groups) for groups in paged]
    starts = [1 + sum(counts[:k]) for k in range(len(paged))]
    built: list[Page] = []
    for number, groups in enumerate(paged, start=1):
        here = whats_new_url(number)
        first = starts[number - 1]
        page = NewsPage(number, [
            ArrivalGroup(label, continued, [paper_link(survey, survey.by_slug[a.slug], here) for a in items])
            for label, continued, items in groups
        ], first, first + counts[number - 1] - 1, total)
        # Pages are labelled by the places of their papers in the newest-first order.
        pager = [NewsPagerItem(relative(here, whats_new_url(n)), n == number, n, f"{start}–{start + count - 1}")
                 for n, (start, count) in enumerate(zip(starts, counts, strict=True), start=1)]
        content = given.env.markdown.get_template("whats-new.md.j2").render(
            page=page, pages=pager if len(paged) > 1 else [], from_history=news.from_history,
            feed_url=relative(here, urls.url("feed")),
        )
        built.append(Page(whats_new_src(number), content, in_nav=number == 1))
    return built


def build_report(given: RenderInput) -> list[Page]:
    survey = given.survey
    here = urls.url("report")
    papers = survey.by_slug

    def link(slug: str) -> PaperLink:
        return paper_link(survey, papers[slug], here)

    content = given.env.markdown.get_template("report.md.j2").render(
        survey=survey, report=given.report, link=link,
        chapter_titles={c.id: c.title for c in survey.chapters},
    )
    return [Page(urls.src("report"), content)]


def whats_new_nav(survey: Survey) -> NavEntry:
    return ("What's new", urls.src("whats-new"))


def report_nav(survey: Survey) -> NavEntry:
    return (ABOUT, urls.src("report"))


WHATS_NEW = PageType("whats-new", ("whats-new.md.j2",), build_whats_new, whats_new_nav)
REPORT = PageType("report", ("report.md.j2",), build_report, report_nav)
