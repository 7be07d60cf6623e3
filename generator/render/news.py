"""The *What's new* page (papers by when their seed file arrived) and the curation report page."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import urls
from generator.model import Page, Survey
from generator.render.pagetype import ABOUT, NavEntry, PageType, RenderInput
from generator.render.rows import PaperLink, paper_link
from generator.urls import relative

# What's new lists this many of the newest papers.
PAGE_ENTRIES = 200


@dataclass(frozen=True, slots=True)
class ArrivalGroup:
    """Papers that arrived together: under one commit date, or one seed file without history."""

    label: str
    seed_file: str
    rows: list[PaperLink] = field(default_factory=list)


def build_whats_new(given: RenderInput) -> list[Page]:
    survey, news = given.survey, given.news
    here = urls.url("whats-new")
    groups: list[ArrivalGroup] = []
    for arrival in news.arrivals[:PAGE_ENTRIES]:
        label = (arrival.when or "not committed yet")[:10] if news.from_history else arrival.seed_file
        if not groups or groups[-1].label != label:
            groups.append(ArrivalGroup(label, arrival.seed_file))
        groups[-1].rows.append(paper_link(survey, survey.by_slug[arrival.slug], here))
    content = given.env.markdown.get_template("whats-new.md.j2").render(
        groups=groups, from_history=news.from_history, shown=min(len(news.arrivals), PAGE_ENTRIES),
        total=len(news.arrivals), feed_url=relative(here, urls.url("feed")),
    )
    return [Page(urls.src("whats-new"), content)]


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
