"""Atom feeds: one per survey, chapter and tag, each valid for a feed parser and holding exactly
its papers, newest arrival first, with real dates, escaped text and links that resolve."""

from __future__ import annotations

import dataclasses
import posixpath
from functools import cache
from typing import Any

import feedparser
import pytest

from generator import feeds
from generator.build import Result
from generator.feeds import feed_files, summary_text
from generator.model import PaperDate, Survey
from generator.urls import paper_url
from generator.whatsnew import arrivals
from tests.golden import MINI_SEED_ADDED, render_mini

SITE = "https://example.org/survey/"


@cache
def mini() -> Result:
    return render_mini()


def parsed_feeds(survey: Survey, seed_added: dict[str, str], site_url: str | None) -> dict[str, Any]:
    news = arrivals(survey.papers, seed_added)
    return {page.src_uri: feedparser.parse(page.content) for page in feed_files(survey, news, site_url)}


def expected_members(survey: Survey) -> dict[str, set[str]]:
    """Which papers each feed must hold, worked out from the survey without the feeds module."""
    members = {"feed.xml": {p.slug for p in survey.papers}}
    for chapter in survey.chapters:
        slugs = {p.slug for p in survey.papers if survey.placements[p.slug].chapter == chapter.id}
        if slugs:
            members[f"feed-chapter-{chapter.id}.xml"] = slugs
    for paper in survey.papers:
        for tag in survey.tags.get(paper.slug, ()):
            members.setdefault(f"feed-tag-{tag}.xml", set()).add(paper.slug)
    return members


def slug_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("site_url", [SITE, None])
def test_every_feed_parses_and_holds_exactly_its_papers(site_url: str | None) -> None:
    survey = mini().survey
    found = parsed_feeds(survey, MINI_SEED_ADDED, site_url)
    assert set(found) == set(expected_members(survey))
    for name, feed in found.items():
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.title and feed.feed.id and feed.feed.updated
        assert {slug_of(entry.link) for entry in feed.entries} == expected_members(survey)[name], name
        assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_links_are_absolute_with_a_site_url_and_resolve_from_the_feed_without_one() -> None:
    survey = mini().survey
    with_site = parsed_feeds(survey, MINI_SEED_ADDED, SITE)["feed-chapter-efficiency.xml"]
    assert all(entry.link.startswith(SITE + "papers/") for entry in with_site.entries)
    assert with_site.feed.id == SITE + "feed-chapter-efficiency.xml"
    assert {link.rel: link.href for link in with_site.feed.links} == {
        "self": SITE + "feed-chapter-efficiency.xml", "alternate": SITE + "chapters/efficiency/"}
    relative = parsed_feeds(survey, MINI_SEED_ADDED, None)["feed-chapter-efficiency.xml"]
    for entry in relative.entries:
        # A reader resolves a relative link against the feed's own address.
        resolved = posixpath.normpath(entry.link) + "/"
        assert resolved == paper_url(slug_of(entry.link))


def test_newest_arrival_first_then_newest_listing_date() -> None:
    survey = mini().survey
    feed = parsed_feeds(survey, MINI_SEED_ADDED, SITE)["feed.xml"]
    stamps = [(entry.updated, entry.get("published", "")) for entry in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    # Both seed files' commit times are there: entries carry their own arrival, not one build time.
    assert {entry.updated for entry in feed.entries} == set(MINI_SEED_ADDED.values())
    assert feed.feed.updated == max(MINI_SEED_ADDED.values())
    by_slug = survey.by_slug
    for entry in feed.entries:
        date = by_slug[slug_of(entry.link)].date
        assert entry.get("published") == (f"{date.iso}T00:00:00Z" if date and date.iso else None)


def test_without_history_entries_are_dated_by_their_listing_date() -> None:
    survey = mini().survey
    feed = parsed_feeds(survey, {}, SITE)["feed.xml"]
    for entry in feed.entries:
        date = survey.by_slug[slug_of(entry.link)].date
        assert entry.updated == (f"{date.iso}T00:00:00Z" if date and date.iso else "1970-01-01T00:00:00Z")
    dated = [entry.updated for entry in feed.entries]
    assert dated == sorted(dated, reverse=True)


def test_summary_names_the_chapter_section_contribution_and_facts() -> None:
    survey = mini().survey
    paper = next(p for p in survey.papers if p.title.startswith("Sparse Mixture"))
    text = summary_text(survey, paper)
    assert text.startswith("Efficiency › Mixture of experts. We propose SparseMix")
    assert "Parameters: 42.8B (own), 2.7B (own)" in text and "Benchmarks and datasets: MMLU, GSM8K" in text
    entry = next(e for e in parsed_feeds(survey, MINI_SEED_ADDED, SITE)["feed.xml"].entries if e.title == paper.title)
    assert entry.summary == text
    assert [tag.term for tag in entry.tags] == ["efficiency", *survey.tags[paper.slug]]


def test_hostile_titles_and_abstracts_stay_text() -> None:
    survey = mini().survey
    first, *rest = survey.papers
    title = 'Title <b>bold</b> & "quotes" ]]> \x01\ufffe end'
    hostile = dataclasses.replace(first, title=title, abstract="<script>alert(1)</script> & more")
    survey = dataclasses.replace(survey, papers=(hostile, *rest))
    pages = feed_files(survey, arrivals(survey.papers, MINI_SEED_ADDED), 'https://example.org/"x"/')
    feed = feedparser.parse(next(p.content for p in pages if p.src_uri == "feed.xml"))
    assert not feed.bozo
    assert 'Title <b>bold</b> & "quotes" ]]> end' in [entry.title for entry in feed.entries]
    assert all("<script>" not in page.content and "<b>" not in page.content for page in pages)


def test_a_feed_holds_its_newest_papers_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    survey = mini().survey
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)
    whole = parsed_feeds(survey, MINI_SEED_ADDED, SITE)["feed.xml"]
    monkeypatch.undo()
    everything = parsed_feeds(survey, MINI_SEED_ADDED, SITE)["feed.xml"]
    assert [e.id for e in whole.entries] == [e.id for e in everything.entries][:2]
    assert len(everything.entries) == len(survey.papers) > 2


def test_an_undated_year_gives_no_published_date() -> None:
    survey = mini().survey
    first, *rest = survey.papers
    survey = dataclasses.replace(survey, papers=(dataclasses.replace(first, date=PaperDate(3, 4)), *rest))
    feed = parsed_feeds(survey, MINI_SEED_ADDED, SITE)["feed.xml"]
    entry = next(e for e in feed.entries if slug_of(e.link) == first.slug)
    assert "published" not in entry and entry.updated in MINI_SEED_ADDED.values()


def test_papers_of_a_seed_file_not_committed_yet_come_first() -> None:
    survey = mini().survey
    committed = {"a_listing.txt": MINI_SEED_ADDED["a_listing.txt"]}  # b_listing.txt is not committed yet
    feed = parsed_feeds(survey, committed, SITE)["feed.xml"]
    in_b = {p.slug for p in survey.papers if p.sources[0].file == "b_listing.txt"}
    assert in_b and len(in_b) < len(survey.papers)
    order = [slug_of(entry.link) for entry in feed.entries]
    assert set(order[:len(in_b)]) == in_b
    for entry in feed.entries[:len(in_b)]:
        assert entry.updated == entry.get("published", "1970-01-01T00:00:00Z")
