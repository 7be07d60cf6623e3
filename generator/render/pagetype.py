"""What a page type is: its name, its templates, where it sits in the navigation and how it is built.

Each module of ``generator/render/`` that makes pages declares one ``PageType`` per kind of page
(``home``, ``chapters``, ``papers``, …) and ``generator/render/__init__.py`` lists them in one
registry.  The templates a build loads, the pages it renders and the navigation MkDocs shows
are all read from that registry, so a new page type is one module and one registry line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.model import Page, Survey, WhatsNew
from generator.render.environment import Environments
from generator.report import CurationReport

# A navigation entry as MkDocs' ``nav`` setting takes it: a title and a page's source path, or
# a title and a list of source paths.
NavEntry = tuple[str, str | list[str]]
# The navigation group of the hand-written pages; a page type whose entry has this title joins it.
ABOUT = "About"


@dataclass(frozen=True)
class RenderInput:
    """What every page builder may read: the survey, the curation report and the arrivals."""

    survey: Survey
    report: CurationReport
    news: WhatsNew
    env: Environments


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
