"""Second line of defence: sanitise the HTML of every generated page with nh3.

Untrusted text is already made inert by ``escape`` before it reaches a template.  This
module runs after Markdown, on the final HTML of each generated page, and keeps only the tags
and attributes our templates, Python-Markdown and our SVG plots produce, with links limited
to http(s) and relative URLs.  If an escaping bug ever let a ``<script>``, an ``onerror=`` or a
``javascript:`` link through, it would be removed here rather than shipped.
"""

from __future__ import annotations

import nh3

HTML_TAGS = frozenset({
    "a", "abbr", "br", "caption", "code", "dd", "details", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "mark", "nav", "ol", "p", "pre", "q", "section", "small", "span",
    "strong", "summary", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    # A listing's filters (templates/papers.html.j2): a form without an action, never submitted.
    "form", "label", "select", "option", "input", "fieldset", "legend", "button", "output",
})
SVG_TAGS = frozenset({
    "svg", "g", "title", "desc", "rect", "circle", "line", "polyline", "path", "text", "tspan",
})
COMMON_ATTRIBUTES = frozenset({
    "id", "class", "title", "role", "lang", "dir", "aria-label", "aria-labelledby", "aria-describedby",
    "aria-hidden", "aria-sort", "aria-live", "data-search-exclude", "data-sortable", "data-sort", "data-sort-type",
    "data-label", "data-sort-group", "hidden",
    # Search facets (Pagefind reads them) and listing filters (docs/assets/filters.js reads them).
    "data-pagefind-filter", "data-pagefind-meta", "data-value", "data-filterable",
    "data-filter-kind", "data-filter-modality", "data-filter-code", "data-filter-params",
})
SVG_ATTRIBUTES = frozenset({
    "viewBox", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "d",
    "points", "transform", "text-anchor", "dominant-baseline", "font-size", "font-weight", "fill",
    "stroke", "stroke-width", "stroke-opacity", "fill-opacity", "opacity", "preserveAspectRatio",
    "xmlns", "focusable",
})
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(COMMON_ATTRIBUTES),
    # Plot links leave the tab order (tabindex=-1): a role="img" map is one stop, not 20,000.
    "a": {"href", "rel", "tabindex"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "details": {"open"},
    "ol": {"start"},
    "form": {"data-listing-filters"},
    "select": {"name"},
    "option": {"value"},
    "input": {"type", "name", "min", "step", "inputmode", "size"},
    "button": {"type"},
    **{tag: set(SVG_ATTRIBUTES) for tag in SVG_TAGS},
}
URL_SCHEMES = frozenset({"http", "https"})


def sanitize_html(html: str) -> str:
    """The HTML with anything outside the allowlist removed (text content is kept).

    nh3 writes character references back as plain characters; braces are encoded again so no
    template engine downstream (a macros plugin, a client-side library) could read seed text.
    """
    cleaned = nh3.clean(
        html,
        tags=set(HTML_TAGS | SVG_TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.replace("{", "&#123;").replace("}", "&#125;")
