"""The home page: chapters with their counts, the papers-per-chapter chart and the topic map."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator import urls
from generator.mapplot import MapGroup, MapPoint, topic_map
from generator.model import Chapter, Page, Paper, Survey, shown_chapters
from generator.plots import bar_chart
from generator.render.pagetype import NavEntry, PageType, RenderInput
from generator.render.rows import corpus_downloads
from generator.urls import chapter_url, paper_url, relative


@dataclass(frozen=True, slots=True)
class ChapterCount:
    chapter: Chapter
    url: Markup
    count: int


# The home page's topic map draws at most this many papers, evenly thinned (one SVG point and one list
# item each); the map's model already lays out only a sample (topicmap.MAP_SAMPLE).
MAX_HOME_POINTS = 3000


def build(given: RenderInput) -> list[Page]:
    survey = given.survey
    counts = survey.chapter_counts
    chapters = [
        ChapterCount(c, relative("", chapter_url(c.id)), counts[c.id])
        for c in shown_chapters(survey.chapters, counts)
    ]
    dated = [p.date.year for p in survey.papers if p.date and p.date.year]
    bars = [(item.chapter.title, item.count, str(item.url)) for item in chapters]
    on_map = thinned(mapped(given.coordinates, survey.papers), MAX_HOME_POINTS)
    sample = "" if len(on_map) == len(survey.papers) else f" It shows {len(on_map)} of the {len(survey.papers)} papers."
    content = given.env.markdown.get_template("home.md.j2").render(
        chapter_chart=Markup(bar_chart(bars, caption="Papers per chapter", label_heading="Chapter",
                                       id_prefix="chapters")),
        topic_map=Markup(topic_map(
            map_points(survey, given.coordinates, on_map, ""), map_groups(survey, ""),
            title="Topic map of all papers", id_prefix="topic-map",
            desc="Each point is a paper; papers with similar abstracts sit close together (a t-SNE layout of "
                 "their TF-IDF vectors). Colours and numbered badges mark chapters, as in the key below the map; "
                 "each point links to its paper, each badge to its chapter." + sample)),
        survey=survey, chapters=chapters, paper_count=len(survey.papers),
        seed_count=len({s.file for p in survey.papers for s in p.sources}),
        years=(min(dated), max(dated)) if dated else None,
        downloads=corpus_downloads("", survey.taxonomy.title),
        all_papers_url=relative("", urls.listing_url(urls.ALL_PAPERS, 1)), tags_url=relative("", urls.url("tags")),
    )
    return [Page(urls.src("home"), content)]


def map_points(survey: Survey, coordinates: Mapping[str, tuple[float, float]], papers: Sequence[Paper],
               here: str) -> list[MapPoint]:
    return [
        MapPoint(*coordinates[p.slug], group=survey.placements[p.slug].chapter, label=p.title,
                 href=str(relative(here, paper_url(p.slug))))
        for p in papers
    ]


def map_groups(survey: Survey, here: str) -> list[MapGroup]:
    return [MapGroup(c.id, c.title, str(relative(here, chapter_url(c.id)))) for c in survey.chapters]


def mapped(coordinates: Mapping[str, tuple[float, float]], papers: Sequence[Paper]) -> list[Paper]:
    """The papers the topic map's model laid out (it gives the others no coordinates)."""
    return [p for p in papers if all(map(math.isfinite, coordinates[p.slug]))]


def thinned(papers: Sequence[Paper], limit: int) -> list[Paper]:
    """Every n-th paper, so that at most ``limit`` remain (papers are in corpus order)."""
    step = max(1, -(-len(papers) // limit))
    return list(papers[::step])


def nav(survey: Survey) -> NavEntry:
    return ("Home", urls.src("home"))


PAGE_TYPE = PageType("home", ("home.md.j2",), build, nav)
