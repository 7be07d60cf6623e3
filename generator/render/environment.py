"""The Jinja2 environments the page builders render with, and the filters templates may use.

Everything printed is made inert unless it is markup we built ourselves (``Markup``): Markdown
pages escape every character Markdown reads as well as HTML's, so seed text is inert in the
page body, in tables and in front matter; ``*.html.j2`` bodies are never parsed as Markdown
and need only HTML's escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from generator import escape
from generator.render.blocks import finished, unmarked
from generator.taxonomy import ID_RE
from generator.wording import count


@dataclass(frozen=True)
class Environments:
    """One environment for Markdown pages and front matter, one for finished HTML bodies, and the
    template sources both load."""

    markdown: Environment
    html: Environment
    templates: Mapping[str, str]


def make_environments(templates: Mapping[str, str]) -> Environments:
    return Environments(make_environment(templates), make_environment(templates, html_only=True),
                        dict(templates))


def make_environment(templates: Mapping[str, str], *, html_only: bool = False) -> Environment:
    # Titles and chapter names are printed on many pages (tables, related lists); escape each once.
    text = lru_cache(maxsize=1 << 16)(escape.html_text if html_only else escape.page_text)
    env = Environment(
        loader=DictLoader(dict(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=lambda value: value if isinstance(value, Markup) else text("" if value is None else value),
    )
    env.filters["yaml"] = lambda value: Markup(escape.front_matter_string(escape.title_text(value)))
    env.filters["url"] = escape.url_attribute
    env.filters["query"] = escape.search_query
    env.filters["ident"] = identifier
    env.filters["count"] = lambda number, noun: count(number, noun)
    env.filters["finished"] = unmarked if html_only else finished
    return env


def identifier(value: str) -> Markup:
    """A validated taxonomy id, safe to use verbatim in anchors, attr_list and paths."""
    if not ID_RE.match(value):
        raise ValueError(f"not an identifier: {value!r}")
    return Markup(value)
