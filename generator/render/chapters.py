"""Chapter pages (introduction, plots, one comparison table per section) and the whole-table
pages of sections too long to show in full on their chapter's page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from generator import urls
from generator.mapplot import chapter_slice
from generator.model import Chapter, Page, Paper, Section, Survey
from generator.plots import year_chart
from generator.render.home import map_points, mapped, thinned
from generator.render.pagetype import NavEntry, PageType, RenderInput
from generator.render.rows import COMPARISON_COLUMNS, Table, brief, chapter_downloads, named, table
from generator.urls import chapter_url, relative, section_url

# A chapter page shows each section's most upvoted papers; a longer section gets a page of its
# own with the whole table, so a chapter of thousands of papers is still a page that opens at once.
SECTION_PREVIEW = 25
# A chapter's slice of the topic map draws at most this many other papers as grey context.
MAX_CONTEXT_POINTS = 1500


@dataclass(frozen=True, slots=True)
class SectionBlock:
    """A section on its chapter's page: its preview rows, its size, and its own page if long."""

    section: Section
    table: Table
    total: int
    more_url: Markup | None


def build_chapters(given: RenderInput) -> list[Page]:
    return [chapter_page(given, chapter) for chapter in given.survey.chapters]


def chapter_page(given: RenderInput, chapter: Chapter) -> Page:
    survey = given.survey
    here = chapter_url(chapter.id)
    sections = [
        SectionBlock(
            section=s,
            table=comparison_table(survey, survey.papers_in(s)[:SECTION_PREVIEW], here),
            total=len(survey.papers_in(s)),
            more_url=relative(here, section_url(chapter.id, s.id)) if has_own_page(survey, s) else None,
        )
        for s in chapter.sections
    ]
    members = [p for p in survey.papers if survey.placements[p.slug].chapter == chapter.id]
    years = Counter(p.date.year for p in members if p.date and p.date.year)
    arguments = dict(
        year_chart=Markup(year_chart(years, len(members), caption=f"Papers per listing year, {sum(years.values())} "
                                     f"of {len(members)} papers", id_prefix=f"years-{chapter.id}")),
        topic_slice=Markup(chapter_slice(
            map_points(survey, given.coordinates, mapped(given.coordinates, members)
                       + context_papers(survey, given.coordinates, chapter), here), chapter.id,
            title=f"{chapter.title} on the topic map", id_prefix=f"map-{chapter.id}",
            desc="This chapter's papers in colour among the other chapters' papers in grey, on the same topic map "
                 "as the home page: papers with similar abstracts sit close together. Each coloured point links "
                 "to its paper, which the tables below list too.")),
        chapter=chapter, sections=sections, total=sum(s.total for s in sections), description=brief(chapter.intro),
        downloads=chapter_downloads(here, chapter, survey.taxonomy.title),
    )
    return given.page(urls.src("chapter", chapter=chapter.id), ("chapter.md.j2", arguments))


def comparison_table(survey: Survey, papers: list[Paper], here: str) -> Table:
    return table(survey, papers, here, COMPARISON_COLUMNS, detailed=True)


def has_own_page(survey: Survey, section: Section) -> bool:
    return len(survey.papers_in(section)) > SECTION_PREVIEW


def context_papers(survey: Survey, coordinates: Mapping[str, tuple[float, float]], chapter: Chapter) -> list[Paper]:
    """Other chapters' papers drawn grey around a chapter's slice, evenly thinned when many."""
    others = [p for p in survey.papers if survey.placements[p.slug].chapter != chapter.id]
    return thinned(mapped(coordinates, others), MAX_CONTEXT_POINTS)


def build_sections(given: RenderInput) -> list[Page]:
    survey = given.survey
    return [
        section_page(given, chapter, section)
        for chapter in survey.chapters for section in chapter.sections if has_own_page(survey, section)
    ]


def section_page(given: RenderInput, chapter: Chapter, section: Section) -> Page:
    """The whole comparison table of a section too long for its chapter page."""
    survey = given.survey
    here = section_url(chapter.id, section.id)
    downloads = chapter_downloads(here, chapter, survey.taxonomy.title)
    body = dict(
        chapter=named(chapter), section=section, chapter_link=relative(here, chapter_url(chapter.id)),
        table=comparison_table(survey, survey.papers_in(section), here), downloads=downloads,
    )
    front_matter = dict(title=f"{section.title} · {chapter.title}", downloads=downloads)
    return given.page(urls.src("section", chapter=chapter.id, section=section.id), ("section.md.j2", front_matter),
                      ("section.html.j2", body), in_nav=False)


def nav(survey: Survey) -> NavEntry:
    counts = survey.chapter_counts
    return ("Chapters", [urls.src("chapter", chapter=c.id) for c in survey.chapters if counts[c.id]])


CHAPTERS = PageType("chapters", ("chapter.md.j2", "table.j2"), build_chapters, nav)
SECTIONS = PageType("sections", ("section.md.j2", "section.html.j2", "table.j2"), build_sections)
