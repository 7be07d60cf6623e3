"""Large-survey layout: long sections get a table page of their own, the all-papers listing is
split into pages, and the home topic map is thinned.  The mini corpus is rendered with the
thresholds lowered, so these paths run without thousands of papers."""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re

import pytest

from generator import urls
from generator.build import read_inputs
from generator.model import Neighbour, Page, WhatsNew
from generator.render import chapters, home, listings, paper
from generator.render.environment import make_environment, make_environments
from generator.render.pagetype import RenderInput
from generator.render.rows import LISTING_COLUMNS, table
from tests.conftest import ROOT
from tests.golden import MINI, render_mini


@pytest.fixture()
def small_limits(monkeypatch: pytest.MonkeyPatch) -> dict[str, Page]:
    monkeypatch.setattr(chapters, "SECTION_PREVIEW", 1)
    monkeypatch.setattr(listings, "LISTING_PAGE_SIZE", 2)
    monkeypatch.setattr(home, "MAX_HOME_POINTS", 3)
    return {page.src_uri: page for page in render_mini().pages}


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_a_long_section_gets_its_whole_table_on_a_page_of_its_own(small_limits: dict[str, Page]) -> None:
    survey = render_mini().survey
    long_sections = [(c, s) for c in survey.chapters for s in c.sections if len(survey.papers_in(s)) > 1]
    assert long_sections, "the mini corpus needs a section with two papers"
    for chapter, section in long_sections:
        page = small_limits[f"chapters/{chapter.id}/{section.id}.md"]
        assert page.html is not None and not page.in_nav
        rows = re.findall(r'<tr[^>]*><td[^>]*><a href="\.\./\.\./\.\./papers/([^/"]+)/"', page.html)
        assert rows == [p.slug for p in survey.papers_in(section)]
        chapter_page = small_limits[f"chapters/{chapter.id}.md"].full_content
        assert f'href="{section.id}/"' in chapter_page
        assert f"The 1 most upvoted of {len(survey.papers_in(section))} papers" in chapter_page
    short = [s for c in survey.chapters for s in c.sections if len(survey.papers_in(s)) <= 1]
    assert not any(uri.endswith(f"/{s.id}.md") for s in short for uri in small_limits if uri.count("/") == 2)


def test_the_listing_pages_hold_every_paper_once_and_link_each_other(small_limits: dict[str, Page]) -> None:
    survey = render_mini().survey
    listing = {uri: page for uri, page in small_limits.items() if re.fullmatch(r"papers/(index|page-\d+)\.md", uri)}
    assert len(listing) == -(-len(survey.papers) // 2) > 1
    row_link = re.compile(r'<tr[^>]*><td[^>]*><a href="(?:\.\./)*([^/".]+)/"')
    listed = [slug for page in listing.values() for slug in row_link.findall(page.html or "")]
    assert sorted(listed) == sorted(p.slug for p in survey.papers)
    first = listing["papers/index.md"]
    assert first.in_nav and not listing["papers/page-2.md"].in_nav
    assert "page-2/" in links(first.html or "")
    assert "../" in links(listing["papers/page-2.md"].html or ""), "page 2 links back to the first page"
    assert 'aria-current="page"' in (first.html or "")


def test_the_home_topic_map_is_thinned_to_its_limit(small_limits: dict[str, Page]) -> None:
    home = small_limits["index.md"].full_content
    topic_map = home[home.index('id="topic-map'):]
    points = len(re.findall(r"<circle", topic_map.split("</svg>")[0]))
    total = len(render_mini().survey.papers)
    assert total > 3 and points == len(range(0, total, -(-total // 3))) <= 3
    assert f"It shows {points} of the {total} papers." in html.unescape(home)


SITE_URLS = ("", "papers/", "papers/a-1/", "papers/b-2/", "papers/page-2/", "chapters/x/", "chapters/x/s/",
             "chapters/xy/", "report/", "data/", "data/papers.csv", "data/chapters/x.csv", "feed.xml")


@pytest.mark.parametrize("here", [u for u in SITE_URLS if u.endswith("/") or not u])
def test_relative_links_match_posixpath_relpath(here: str) -> None:
    for there in SITE_URLS:
        expected = posixpath.relpath("/" + there, "/" + here)
        expected += "/" if there.endswith("/") and not expected.endswith("/") else ""
        assert urls.relative(here, there) == expected, (here, there)


def test_every_tag_has_a_listing_of_exactly_its_papers(small_limits: dict[str, Page]) -> None:
    survey = render_mini().survey
    tags = sorted({tag for slug in survey.tags for tag in survey.tags[slug]})
    assert tags, "the mini corpus has shared tags"
    index = small_limits["tags.md"].full_content
    row_link = re.compile(r'<tr[^>]*><td[^>]*><a href="(?:\.\./)*(?:papers/)?([^/".]+)/"')
    for tag in tags:
        base = f"tags/{urls.tag_id(tag)}/"
        assert f'href="{urls.tag_id(tag)}/"' in index
        listed = [slug for uri, page in small_limits.items() if uri.startswith(base)
                  for slug in row_link.findall(page.html or "")]
        assert sorted(listed) == sorted(slug for slug, chosen in survey.tags.items() if tag in chosen), tag
    paper = next(p for p in survey.papers if survey.tags.get(p.slug))
    body = small_limits[f"papers/{paper.slug}.md"].html or ""
    assert f'href="../../tags/{urls.tag_id(survey.tags[paper.slug][0])}/"' in body


def test_a_template_reading_a_field_a_row_lacks_fails_the_render() -> None:
    env = make_environment({"t": "{{ row.paper.paper.title }}|{{ row.cells | length }}"}, html_only=True)
    survey = render_mini().survey
    row = table(survey, survey.papers[:1], "papers/", LISTING_COLUMNS, detailed=False).rows[0]
    title = html.escape(survey.papers[0].title, quote=False)
    assert env.get_template("t").render(row=row) == f"{title}|{len(row.cells)}"
    with pytest.raises(Exception, match="has no attribute 'kind'"):
        env.from_string("{{ row.kind }}").render(row=row)


def test_a_related_paper_shows_why_escaped() -> None:
    result = render_mini()
    first, second = result.survey.papers[:2]
    reason = 'same section · both evaluate on <script>alert(1)</script> & "C4"'
    survey = dataclasses.replace(result.survey, related={first.slug: (Neighbour(second.slug, 0.1, reason),)})
    templates = read_inputs(MINI, templates=ROOT / "templates").templates
    given = RenderInput(survey, result.coordinates, result.report, WhatsNew((), False), make_environments(templates))
    body = paper.paper_page(given, first).html or ""
    assert f"{html.escape(reason, quote=True)}</span>" in body.replace("&#x27;", "'")
    assert "<script>alert" not in body
    assert html.escape(second.title) in body
