"""What's new: papers ordered by when their seed file entered the repository, and an Atom feed.

A paper arrives with the first seed file that lists it; a seed file arrives with the commit
that added it under ``seeds/`` (read from git history by ``build.read_inputs``).  Seed files
not committed yet count as newest.  Among the files of one commit, a listing page with a later
date is newer; pages whose date has no year, or no date, follow, newest file name first.
Without any git history the order is by listing date and seed file name alone, and the page
says so.  The Atom 1.0 feed carries the newest papers;
every title in it is XML-escaped text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from generator.model import EPOCH, Arrival, Paper, PaperDate, WhatsNew
from generator.urls import paper_url, url

FEED_ENTRIES = 50
NOT_COMMITTED = "9999-12-31T23:59:59Z"  # sorts after every real date: uncommitted files are newest


def arrivals(papers: Sequence[Paper], seed_added: Mapping[str, str],
             page_dates: Mapping[str, PaperDate] | None = None) -> WhatsNew:
    """Papers newest first: by the commit time of the first seed file that listed them, then by
    that file's listing page date (``page_dates``, by file name), then by file name."""
    from_history = bool(seed_added)
    dates = page_dates or {}
    items = []
    for paper in papers:
        first = min(paper.sources, key=lambda s: (seed_added.get(s.file, NOT_COMMITTED), s.file, s.line))
        when = seed_added.get(first.file) if from_history else None
        items.append(Arrival(paper.slug, first.file, when, dates.get(first.file)))

    def newest_first(item: Arrival) -> tuple[str, str, str]:
        when = (item.when or NOT_COMMITTED) if from_history else ""
        # A date without a year cannot be placed among dated pages: "" puts it after them.
        listed = (item.listed.iso or "") if item.listed else ""
        return (when, listed, item.seed_file)

    ordered = sorted(items, key=lambda a: a.slug)
    ordered.sort(key=newest_first, reverse=True)
    return WhatsNew(tuple(ordered), from_history)


def atom_feed(news: WhatsNew, papers: Mapping[str, Paper], site_url: str | None, title: str) -> str:
    """An Atom 1.0 document of the newest papers; links are relative to ``site_url``."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom"{" xml:base=" + quoteattr(base) if base else ""}>',
        f"  <title>{xml_escape(title)} — new papers</title>",
        f"  <id>{xml_escape(base or 'urn:survey-atlas:')}{url('feed')}</id>",
        f"  <updated>{news.updated if news.from_history else EPOCH}</updated>",
        f'  <link rel="self" href="{url("feed")}"/>',
        f'  <link rel="alternate" href="{url("whats-new")}"/>',
        "  <author><name>Survey Atlas curators</name></author>",
        '  <generator uri="https://www.mkdocs.org/">Survey Atlas</generator>',
    ]
    for arrival in news.arrivals[:FEED_ENTRIES]:
        lines += _entry(arrival, papers[arrival.slug], news)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(arrival: Arrival, paper: Paper, news: WhatsNew) -> list[str]:
    updated = arrival.when if news.from_history and arrival.when else news.updated
    summary = paper.abstract if len(paper.abstract) <= 600 else paper.abstract[:597].rsplit(" ", 1)[0] + "…"
    return [
        "  <entry>",
        f'    <title type="text">{xml_escape(paper.title)}</title>',
        f"    <id>urn:survey-atlas:paper:{paper.slug}</id>",
        f"    <updated>{updated}</updated>",
        f'    <link rel="alternate" href="{paper_url(paper.slug)}"/>',
        f'    <summary type="text">{xml_escape(summary)}</summary>',
        "  </entry>",
    ]
