"""Render the survey into pages through the Jinja2 templates in ``templates/``.

Pure: it receives the analysed survey, the curation report, the arrivals and the template
sources and returns ``Page`` records (a path under ``docs/`` and its text); the MkDocs plugin
turns them into virtual files.  ``PAGE_TYPES`` is the registry of page kinds: the templates a
build loads, the pages rendered and the navigation entries are all read from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.model import Page, Survey, WhatsNew
from generator.render import benchmarks, chapters, home, listings, news, paper
from generator.render.blocks import split_finished
from generator.render.environment import make_environments
from generator.render.pagetype import ABOUT, PageType, Rendered, RenderInput
from generator.report import CurationReport

# Every kind of generated page, in the order of the navigation.
PAGE_TYPES: tuple[PageType, ...] = (
    home.PAGE_TYPE,
    chapters.CHAPTERS,
    chapters.SECTIONS,
    listings.ALL_PAPERS,
    news.WHATS_NEW,
    listings.TAGS,
    benchmarks.PAGE_TYPE,
    news.REPORT,
    paper.PAGE_TYPE,
)
TEMPLATE_NAMES = tuple(dict.fromkeys(name for page_type in PAGE_TYPES for name in page_type.templates))


def render_site(
    survey: Survey, coordinates: Mapping[str, tuple[float, float]], report: CurationReport, news: WhatsNew,
    templates: Mapping[str, str], rendered: Mapping[str, Rendered] | None = None,
) -> tuple[Page, ...]:
    """Every page of every type; a page whose builder finds its ``render_key`` in ``rendered``
    (what earlier builds rendered, ``rendered_pages``) is taken from there."""
    return in_registry_order(render_types(survey, coordinates, report, news, templates, rendered, PAGE_TYPES))


def render_types(
    survey: Survey, coordinates: Mapping[str, tuple[float, float]], report: CurationReport, news: WhatsNew,
    templates: Mapping[str, str], rendered: Mapping[str, Rendered] | None, page_types: Sequence[PageType],
) -> dict[str, tuple[Page, ...]]:
    """The pages of some page types, by type name (``render_site`` for only these types)."""
    given = RenderInput(survey, coordinates, report, news, make_environments(templates), rendered or {})
    return {page_type.name: tuple(with_blocks(page) for page in page_type.build(given)) for page_type in page_types}


def in_registry_order(pages_by_type: Mapping[str, tuple[Page, ...]]) -> tuple[Page, ...]:
    """The pages of every page type, in the registry's order."""
    return tuple(page for page_type in PAGE_TYPES for page in pages_by_type[page_type.name])


def rendered_pages(pages: tuple[Page, ...]) -> dict[str, Rendered]:
    """The renderings to keep for the next build, by ``render_key``."""
    return {page.render_key: (page.encoded, page.encoded_html, page.encoded_blocks)
            for page in pages if page.render_key}


def with_blocks(page: Page) -> Page:
    """A Markdown page with its finished HTML regions moved out of its source (blocks.py)."""
    if page.encoded_html is not None or page.encoded_blocks:
        return page
    content, blocks = split_finished(page.content)
    return Page(page.src_uri, content, page.in_nav, None, blocks, page.render_key) if blocks else page


def navigation(survey: Survey, hand_written: list[str]) -> list[dict[str, str | list[str]]]:
    """MkDocs' ``nav``: each page type's entry in registry order, then the *About* group, which
    opens with the hand-written pages and holds the page types whose entry names it."""
    nav: list[dict[str, str | list[str]]] = []
    about = list(hand_written)
    for page_type in PAGE_TYPES:
        entry = page_type.nav(survey) if page_type.nav else None
        if entry is None:
            continue
        title, target = entry
        if title == ABOUT:
            about += [target] if isinstance(target, str) else target
        else:
            nav.append({title: target})
    return nav + [{ABOUT: about}]
