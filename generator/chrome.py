"""Render Material's tabs and sidebars once for all paper pages instead of once per page.

Material draws the navigation tabs and the whole site navigation into every page; at 2,000
papers that was 40% of the theme's time, and it grows with the pages.  Every paper page sits
at the same depth (``papers/<slug>/``), none is in the navigation and none has a table of
contents, so that markup comes out byte-identical on all of them.  ``overrides/main.html``
wraps those blocks in markers when asked to capture them; the plugin captures them on the first
paper page Material renders in full and hands the markup to the other paper pages, whose
template prints it instead of rendering it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

BLOCKS = ("tabs", "site_nav")


def markers(block: str) -> tuple[str, str]:
    return f"<!--sa:{block}-->", f"<!--/sa:{block}-->"


@dataclass(frozen=True)
class SharedChrome:
    """The captured markup of each block, ready to print as is."""

    tabs: Markup
    site_nav: Markup


def capture(output: str) -> tuple[str, SharedChrome]:
    """The page with the markers removed, and the markup they enclosed.

    Raises ``ValueError`` if a block's markers are missing or out of order (a theme change).
    """
    captured: dict[str, Markup] = {}
    for block in BLOCKS:
        start_marker, end_marker = markers(block)
        start = output.find(start_marker)
        end = output.find(end_marker, start + 1)
        if start < 0 or end < 0:
            raise ValueError(f"markers of the {block!r} block not found in the page")
        inner = output[start + len(start_marker):end]
        captured[block] = Markup(inner)
        output = output[:start] + inner + output[end + len(end_marker):]
    return output, SharedChrome(**captured)
