"""The site's addresses: one route table giving every page kind's source file and URL.

Every generated file has a source path under ``docs/`` (what MkDocs is handed) and, with
MkDocs' directory URLs, a URL relative to the site root (``papers/<slug>/``).  Both are
written here once, as patterns, and everything else asks ``src`` / ``url`` for them, so a
page kind moves by editing one line.  ``relative`` turns two such URLs into the link from one
page to the other; links are relative so that the site works from any sub-path (GitHub Pages
serves project sites under ``/<repo>/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

# Site-internal URLs are built from slugs and ids, so they never need escaping.
LOCAL_URL_RE = re.compile(r"^[a-z0-9./_-]*$")


@dataclass(frozen=True)
class Route:
    """Where one kind of generated file lives: ``src`` under ``docs/``, ``url`` on the site."""

    src: str
    url: str


# Patterns take the keyword arguments of ``src`` / ``url``.  A listing is paged: page 1 sits at
# its base, page n at ``<base>page-<n>/``; slugs end in a hash, so no page name clashes with a slug.
ROUTES: dict[str, Route] = {
    "home": Route("index.md", ""),
    "chapter": Route("chapters/{chapter}.md", "chapters/{chapter}/"),
    "section": Route("chapters/{chapter}/{section}.md", "chapters/{chapter}/{section}/"),
    "paper": Route("papers/{slug}.md", "papers/{slug}/"),
    "listing": Route("{base}index.md", "{base}"),
    "listing-page": Route("{base}page-{number}.md", "{base}page-{number}/"),
    "tags": Route("tags.md", "tags/"),
    "tag": Route("tags/{tag}/index.md", "tags/{tag}/"),
    "benchmarks": Route("benchmarks.md", "benchmarks/"),
    "benchmark": Route("benchmarks/{benchmark}.md", "benchmarks/{benchmark}/"),
    "report": Route("report.md", "report/"),
    "whats-new": Route("whats-new.md", "whats-new/"),
    "whats-new-page": Route("whats-new/page-{number}.md", "whats-new/page-{number}/"),
    "feed": Route("feed.xml", "feed.xml"),
    # Feeds sit at the site's root: Material fetches sitemap.xml beside every <link rel=alternate>
    # of a page (for its language selector), and only the root has one.
    "chapter-feed": Route("feed-chapter-{chapter}.xml", "feed-chapter-{chapter}.xml"),
    "tag-feed": Route("feed-tag-{tag}.xml", "feed-tag-{tag}.xml"),
    "data": Route("data/{name}", "data/{name}"),
    "chapter-data": Route("data/chapters/{chapter}.{ext}", "data/chapters/{chapter}.{ext}"),
    "tag-data": Route("data/tags/{tag}.{ext}", "data/tags/{tag}.{ext}"),
    "plots-css": Route("assets/plots.css", "assets/plots.css"),
}
ALL_PAPERS = "papers/"  # the base of the all-papers listing


def src(kind: str, **params: object) -> str:
    """The source path under ``docs/`` of a page of ``kind``."""
    return ROUTES[kind].src.format(**params)


def url(kind: str, **params: object) -> str:
    """The URL, relative to the site root, of a page of ``kind``."""
    return ROUTES[kind].url.format(**params)


def paper_url(slug: str) -> str:
    return url("paper", slug=slug)


def chapter_url(chapter_id: str) -> str:
    return url("chapter", chapter=chapter_id)


def section_url(chapter_id: str, section_id: str) -> str:
    return url("section", chapter=chapter_id, section=section_id)


def tag_id(tag: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")


def benchmark_url(name: str) -> str:
    return url("benchmark", benchmark=tag_id(name))


def tag_url(tag: str) -> str:
    return url("tag", tag=tag_id(tag))


def listing_url(base: str, number: int) -> str:
    """Page ``number`` (from 1) of a listing at ``base``."""
    return url("listing", base=base) if number == 1 else url("listing-page", base=base, number=number)


def listing_src(base: str, number: int) -> str:
    return src("listing", base=base) if number == 1 else src("listing-page", base=base, number=number)


def relative(from_url: str, to_url: str) -> Markup:
    """Relative link between two directory URLs of our own (``""`` is the site root).

    Plain segment arithmetic rather than ``posixpath.relpath``: rendering 20,000 pages asks
    for about 400,000 links, and relpath's absolute-path work made this a visible cost.
    """
    here = from_url.split("/")[:-1] if from_url else []
    there = to_url.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    target = "../" * (len(here) - common) + "/".join(there[common:])
    if not to_url:  # the site root, written as relpath does: "..", "../..", or "." at the root
        target = target.rstrip("/") or "."
    target = target or "./"
    if not LOCAL_URL_RE.match(target):
        raise ValueError(f"unexpected characters in a site URL: {target!r}")
    return Markup(target)
