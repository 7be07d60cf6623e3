"""Atom feeds to follow the survey: one for all papers, one per chapter and one per tag.

Entries are newest first: by when the paper arrived (the commit that added its first seed
file, from ``whatsnew.arrivals``), then by its listing date.  An entry's ``updated`` is that
arrival time, or the listing date when the arrival is not known (no git history, or a seed file
not committed yet); ``published`` is the listing date when its year is known.  The summary
names the paper's chapter and section, its contribution sentence and its main facts.  A feed
holds its ``FEED_ENTRIES`` newest papers, so every feed of a survey that size or smaller holds
exactly its papers.  Links are absolute when the site's address is known (``site_url``) and
relative to the feed file otherwise.  Every text is escaped with ``escape.xml_text``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator import escape, urls
from generator.extract import FIELDS
from generator.model import EPOCH, Arrival, Page, Paper, Survey, WhatsNew
from generator.urls import chapter_url, paper_url, tag_id, tag_url
from generator.whatsnew import NOT_COMMITTED

FEED_ENTRIES = 500
FACTS_PER_FIELD = 4  # the first facts of each field in an entry's summary
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Feed:
    """One feed: where it lives, the page it belongs to, its title and its papers (any order)."""

    src: str
    url: str
    page_url: str
    title: str
    slugs: tuple[str, ...]


@dataclass(frozen=True)
class Dated:
    """A paper's place in the feeds: when it arrived and when it was listed (ISO, or None)."""

    arrived: str | None
    listed: str | None

    @property
    def published(self) -> str | None:
        return f"{self.listed}T00:00:00Z" if self.listed else None

    @property
    def updated(self) -> str:
        return self.arrived or self.published or EPOCH


def survey_feeds(survey: Survey) -> list[Feed]:
    """The whole survey's feed, then each chapter's (those with papers), then each tag's."""
    title = survey.taxonomy.title
    feeds = [Feed(urls.src("feed"), urls.url("feed"), urls.url("whats-new"), f"{title}: new papers",
                  tuple(p.slug for p in survey.papers))]
    for chapter in survey.chapters:
        members = tuple(p.slug for p in survey.in_chapter(chapter.id))
        if members:
            route = {"chapter": chapter.id}
            feeds.append(Feed(urls.src("chapter-feed", **route), urls.url("chapter-feed", **route),
                              chapter_url(chapter.id), f"{title}: {chapter.title}", members))
    for tag, papers in survey.by_tag.items():
        route = {"tag": tag_id(tag)}
        feeds.append(Feed(urls.src("tag-feed", **route), urls.url("tag-feed", **route), tag_url(tag),
                          f"{title}: papers tagged “{tag}”", tuple(p.slug for p in papers)))
    return feeds


def newest_first(news: WhatsNew, papers: dict[str, Paper]) -> dict[str, Dated]:
    """Every paper's dates, in feed order: newest arrival first, then newest listing date, then
    What's new's own order."""
    def dated(arrival: Arrival) -> Dated:
        date = papers[arrival.slug].date
        return Dated(arrival.when, date.iso if date else None)

    items = [(arrival.slug, dated(arrival)) for arrival in news.arrivals]
    # Python's sort is stable: papers that tie on both dates keep What's new's order.
    items.sort(key=lambda item: (_arrival_key(item[1], news.from_history), item[1].listed or ""), reverse=True)
    return dict(items)


def _arrival_key(dated: Dated, from_history: bool) -> str:
    return (dated.arrived or NOT_COMMITTED) if from_history else ""


def feed_files(survey: Survey, news: WhatsNew, site_url: str | None) -> list[Page]:
    """Every feed as a non-Markdown ``Page``."""
    order = newest_first(news, survey.by_slug)
    rank = {slug: index for index, slug in enumerate(order)}
    # A paper is in the survey's feed, its chapter's and its tags': summarise it once.
    summaries: dict[str, str] = {}
    return [
        Page(feed.src, atom_document(feed, survey, [(s, order[s]) for s in sorted(feed.slugs, key=rank.__getitem__)],
                                     site_url, summaries), in_nav=False)
        for feed in survey_feeds(survey)
    ]


def atom_document(feed: Feed, survey: Survey, entries: Sequence[tuple[str, Dated]], site_url: str | None,
                  summaries: dict[str, str] | None = None) -> str:
    """An Atom 1.0 document of a feed's ``FEED_ENTRIES`` newest papers; ``summaries`` keeps each
    paper's escaped summary for the next feed."""
    shown = entries[:FEED_ENTRIES]
    base = site_url.rstrip("/") + "/" if site_url else None

    def link(target: str) -> str:
        return escape.xml_text(base + target if base else str(urls.relative(feed.url, target)))

    updated = max((dated.updated for _, dated in shown), default=EPOCH)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}">',
        f'  <title type="text">{escape.xml_text(feed.title)}</title>',
        f"  <id>{link(feed.url) if base else 'urn:survey-atlas:feed:' + escape.xml_text(feed.url)}</id>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" href="{link(feed.url)}"/>',
        f'  <link rel="alternate" type="text/html" href="{link(feed.page_url)}"/>',
        "  <author><name>Survey Atlas curators</name></author>",
        "  <generator>Survey Atlas</generator>",
    ]
    known = {} if summaries is None else summaries
    for slug, dated in shown:
        if slug not in known:
            known[slug] = escape.xml_text(summary_text(survey, survey.by_slug[slug]))
        lines += entry_lines(survey, survey.by_slug[slug], dated, link, known[slug])
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def entry_lines(survey: Survey, paper: Paper, dated: Dated, link: Callable[[str], str], summary: str) -> list[str]:
    """One paper's entry; ``summary`` is its ``summary_text``, escaped."""
    chapter = survey.chapter_of(paper)
    published = [f"    <published>{dated.published}</published>"] if dated.published else []
    categories = [f'    <category term="{escape.xml_text(chapter.id)}" label="{escape.xml_text(chapter.title)}"/>']
    categories += [f'    <category term="{escape.xml_text(tag)}"/>' for tag in survey.tags.get(paper.slug, ())]
    return [
        "  <entry>",
        f'    <title type="text">{escape.xml_text(paper.title)}</title>',
        f"    <id>urn:survey-atlas:paper:{escape.xml_text(paper.slug)}</id>",
        f'    <link rel="alternate" type="text/html" href="{link(paper_url(paper.slug))}"/>',
        *published,
        f"    <updated>{dated.updated}</updated>",
        *categories,
        f'    <summary type="text">{summary}</summary>',
        "  </entry>",
    ]


def summary_text(survey: Survey, paper: Paper) -> str:
    """Where the paper sits, what it contributes and its main facts, as one line of text."""
    placement = survey.placements[paper.slug]
    facts = survey.facts[paper.slug]
    contribution = facts.first("summary")
    parts = [survey.section_title(placement.section_key) + "."]
    if contribution:
        parts.append(contribution.text if contribution.text.endswith((".", "?", "!", "…")) else contribution.text + ".")
    listed = []
    for field in FIELDS:
        if field.label is None or not facts[field.name]:
            continue
        shown = facts[field.name][:FACTS_PER_FIELD]
        values = ", ".join(f.text + (f" ({f.role})" if f.role else "") for f in shown)
        listed.append(f"{field.label}: {values}")
    if listed:
        parts.append("; ".join(listed) + ".")
    return " ".join(parts)
