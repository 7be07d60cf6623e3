"""Findable pages: each paper page's description is its own contribution sentence, short enough
for a search result, and the front matter that carries it reads back exactly."""

from __future__ import annotations

import html

from mkdocs.utils.meta import get_data

from generator.render.rows import DESCRIPTION_MAX_CHARS, brief
from tests.golden import render_mini


def test_brief_keeps_whole_sentences_that_fit_or_cuts_the_first_at_a_word() -> None:
    assert brief("Short.  Text\nhere.") == "Short. Text here."
    long_second = "First sentence is here. " + "Word " * 80
    assert brief(long_second) == "First sentence is here."
    cut = brief("word " * 100)
    assert cut.endswith("…") and len(cut) <= DESCRIPTION_MAX_CHARS and not cut[:-1].endswith(" ")


def test_paper_pages_describe_themselves_by_their_contribution_sentence() -> None:
    result = render_mini()
    pages = {page.src_uri: page for page in result.pages}
    descriptions = set()
    for paper in result.survey.papers:
        _, meta = get_data(pages[f"papers/{paper.slug}.md"].full_content)
        description = html.unescape(meta["description"])
        contribution = result.survey.facts[paper.slug].first("summary")
        assert description == (contribution.text if contribution else brief(paper.abstract))
        descriptions.add(description)
    assert len(descriptions) == len(result.survey.papers)


def test_chapter_pages_are_described_by_their_introduction_and_name_their_feed() -> None:
    result = render_mini()
    pages = {page.src_uri: page for page in result.pages}
    for chapter in result.survey.taxonomy.chapters:
        _, meta = get_data(pages[f"chapters/{chapter.id}.md"].full_content)
        assert html.unescape(meta["description"]) == brief(chapter.intro)
        assert meta["feed"]["path"] == f"feed-chapter-{chapter.id}.xml"
