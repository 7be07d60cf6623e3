"""What a page type is: its name, its templates, where it sits in the navigation and how it is built.

Each module of ``generator/render/`` that makes pages declares one ``PageType`` per kind of page
(``home``, ``chapters``, ``papers``, …) and ``generator/render/__init__.py`` lists them in one
registry.  The templates a build loads, the pages it renders and the navigation MkDocs shows
are all read from that registry, so a new page type is one module and one registry line.

A builder that renders through ``RenderInput.page`` gets its pages from the stage cache when an
earlier build rendered the same templates with the same values (``render_key``); it only has to
hand its templates every value they show, and nothing they do not (links carry a chapter's id and
title, not the chapter, so an edited introduction leaves the pages that merely link to it alone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.cache import value_key
from generator.model import Page, Survey, WhatsNew
from generator.render.environment import Environments
from generator.report import CurationReport

# A navigation entry as MkDocs' ``nav`` setting takes it: a title and a page's source path, or
# a title and a list of source paths.
NavEntry = tuple[str, str | list[str]]
# The navigation group of the hand-written pages; a page type whose entry has this title joins it.
ABOUT = "About"


# A template's name and the values it is given.
TemplateCall = tuple[str, Mapping[str, object]]
# A cached rendering: a page's Markdown source, its finished HTML body (or None) and its blocks,
# UTF-8 as ``model.Page`` holds them.
Rendered = tuple[bytes, bytes | None, tuple[bytes, ...]]


@dataclass(frozen=True)
class RenderInput:
    """What every page builder may read: the survey, the topic map's coordinates of each paper
    (by slug), the curation report, the arrivals, the templates, and the pages earlier builds
    rendered (by ``render_key``)."""

    survey: Survey
    coordinates: Mapping[str, tuple[float, float]]
    report: CurationReport
    news: WhatsNew
    env: Environments
    rendered: Mapping[str, Rendered] = field(default_factory=dict)

    def render_key(self, templates: tuple[str, ...], arguments: object) -> str:
        """A hash of everything a page is rendered from: its templates' sources and the values
        it hands them.  The rendering code itself is covered by the cache's version.  Values
        pickle the same way from one build to the next (no sets among them), so an unchanged
        page finds its earlier rendering; a different byte only costs a rendering, never a stale
        page."""
        return value_key(tuple(self.env.templates[name] for name in templates), arguments)

    def page(self, src_uri: str, markdown: TemplateCall, html: TemplateCall | None = None,
             in_nav: bool = True) -> Page:
        """A page rendered from a Markdown template (the page, or only its front matter when an
        HTML template makes its body), or taken from an earlier build's rendering of the same
        templates and values."""
        key = self.render_key((markdown[0], *(html[:1] if html else ())), (markdown[1], html[1] if html else None))
        if key in self.rendered:
            encoded, encoded_body, blocks = self.rendered[key]
            return Page(src_uri, encoded, in_nav, encoded_body, blocks, render_key=key)
        content = self.env.markdown.get_template(markdown[0]).render(markdown[1])
        body = self.env.html.get_template(html[0]).render(html[1]) if html else None
        return Page(src_uri, content, in_nav, body, render_key=key)


@dataclass(frozen=True)
class PageType:
    """A kind of generated page.

    ``nav`` gives the page type's entry in the navigation for a survey; without it, the pages
    stay out of the navigation.
    """

    name: str
    templates: tuple[str, ...]
    build: Callable[[RenderInput], list[Page]]
    nav: Callable[[Survey], NavEntry | None] | None = None
