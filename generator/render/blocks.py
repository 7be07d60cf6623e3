"""Finished HTML inside Markdown pages: big tables and lists that skip Markdown.

Chapter, benchmark, What's new, home and report pages are Markdown (their headings make the
table of contents and the permalinks), but most of their bytes are raw HTML we built ourselves:
comparison tables, figures, long lists.  Python-Markdown's raw-HTML handling re-parses all of it
(``md_in_html`` was a quarter of a serve rebuild at 2,000 papers) only to pass it through as it
was.  A template wraps such a region in ``{% filter finished %}…{% endfilter %}``;
``split_finished`` then moves each region out of the page's Markdown into ``Page.blocks`` and
leaves a placeholder comment, which Markdown passes through untouched, and ``put_back`` puts the
regions in place in the HTML Markdown made (the plugin does it in ``on_page_content``, before
sanitising).  Seed text cannot forge a marker or a placeholder: templates escape every ``<``.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from generator.model import BLOCK_PLACEHOLDER

OPEN, CLOSE = "<!--sa-finished-->", "<!--/sa-finished-->"
FINISHED_RE = re.compile(re.escape(OPEN) + "(.*?)" + re.escape(CLOSE), re.DOTALL)
PLACEHOLDER_RE = re.compile(r"<!--sa-block-(\d+)-->")  # BLOCK_PLACEHOLDER, its number captured


class BlockError(ValueError):
    """A page's HTML lost or repeated a placeholder of its finished blocks."""


def finished(html: str) -> Markup:
    """The Jinja filter: mark already-escaped HTML to be moved out of the Markdown source."""
    return Markup(f"{OPEN}{html}{CLOSE}")


def unmarked(html: str) -> Markup:
    """The same filter for HTML-only templates, which never pass through Markdown."""
    return Markup(html)


def placeholder(number: int) -> str:
    return BLOCK_PLACEHOLDER.format(number)


def split_finished(markdown: str) -> tuple[str, tuple[str, ...]]:
    """The Markdown with each finished region replaced by a placeholder, and the regions."""
    blocks: list[str] = []

    def stash(match: re.Match[str]) -> str:
        # The region's leading and trailing line breaks stay in the Markdown: they are what
        # separates it from the paragraphs and headings around it.
        region = match.group(1)
        blocks.append(region.strip("\n"))
        before = region[: len(region) - len(region.lstrip("\n"))]
        after = region[len(region.rstrip("\n")):]
        return before + placeholder(len(blocks) - 1) + after

    return FINISHED_RE.sub(stash, markdown), tuple(blocks)


def put_back(html: str, blocks: tuple[str, ...]) -> str:
    """Markdown's output with every placeholder replaced by its region; each must occur once."""
    if not blocks:
        return html
    seen: list[int] = []

    def restore(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(blocks):
            raise BlockError(f"placeholder {number} names no block")
        seen.append(number)
        return blocks[number]

    restored = PLACEHOLDER_RE.sub(restore, html)
    if sorted(seen) != list(range(len(blocks))):
        raise BlockError(f"expected each of {len(blocks)} placeholders once, found {sorted(seen)}")
    return restored
