"""What's new: papers ordered by when they arrived in the repository, then by listing date.

A paper arrives with the first seed file that lists it; a seed file arrives with the commit
that added it under ``seeds/`` (read from git history by ``build.read_inputs``).  Seed files
not committed yet count as newest.  Among the papers of one commit, a later listing date comes
first: the paper's own listing date when its year is known, else the date of its seed file's
listing page; papers with neither follow, newest file name first.  Without any git history the
order is by listing date and seed file name alone, and the page says so.  The feeds
(``feeds.py``) sort by arrival, then by the paper's listing date, keeping this order for ties,
so they follow it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.model import Arrival, Paper, PaperDate, WhatsNew

NOT_COMMITTED = "9999-12-31T23:59:59Z"  # sorts after every real date: uncommitted files are newest


def arrivals(papers: Sequence[Paper], seed_added: Mapping[str, str],
             page_dates: Mapping[str, PaperDate] | None = None) -> WhatsNew:
    """Papers newest first: by the commit time of the first seed file that listed them, then by
    listing date (the paper's own, else its seed file's page date from ``page_dates``), then by
    file name."""
    from_history = bool(seed_added)
    pages = page_dates or {}
    by_slug = {paper.slug: paper for paper in papers}
    items = []
    for paper in papers:
        first = min(paper.sources, key=lambda s: (seed_added.get(s.file, NOT_COMMITTED), s.file, s.line))
        when = seed_added.get(first.file) if from_history else None
        own = paper.date if paper.date and paper.date.year is not None else None
        items.append(Arrival(paper.slug, first.file, when, own or pages.get(first.file)))

    def newest_first(item: Arrival) -> tuple[str, str, str, str]:
        when = (item.when or NOT_COMMITTED) if from_history else ""
        # The feeds' second key: the paper's own listing date, when its year is known.
        own = by_slug[item.slug].date
        page = pages.get(item.seed_file)
        # A date without a year cannot be placed among dated ones: "" puts it after them.
        return (when, (own.iso or "") if own else "", (page.iso or "") if page else "", item.seed_file)

    ordered = sorted(items, key=lambda a: a.slug)
    ordered.sort(key=newest_first, reverse=True)
    return WhatsNew(tuple(ordered), from_history)
