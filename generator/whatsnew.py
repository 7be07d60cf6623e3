"""What's new: papers ordered by when their seed file entered the repository.

A paper arrives with the first seed file that lists it; a seed file arrives with the commit
that added it under ``seeds/`` (read from git history by ``build.read_inputs``).  Seed files
not committed yet count as newest.  Without any git history the order falls back to seed file
names, newest name first, and the page says so.  The feeds (``feeds.py``) follow this order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.model import Arrival, Paper, WhatsNew

NOT_COMMITTED = "9999-12-31T23:59:59Z"  # sorts after every real date: uncommitted files are newest


def arrivals(papers: Sequence[Paper], seed_added: Mapping[str, str]) -> WhatsNew:
    """Papers newest first, by the commit time of the first seed file that listed them."""
    from_history = bool(seed_added)
    items = []
    for paper in papers:
        first = min(paper.sources, key=lambda s: (seed_added.get(s.file, NOT_COMMITTED), s.file, s.line))
        when = seed_added.get(first.file) if from_history else None
        items.append(Arrival(paper.slug, first.file, when))

    def newest_first(item: Arrival) -> tuple[str, str]:
        when = (item.when or NOT_COMMITTED) if from_history else ""
        return (when, item.seed_file)

    ordered = sorted(items, key=lambda a: a.slug)
    ordered.sort(key=newest_first, reverse=True)
    return WhatsNew(tuple(ordered), from_history)
