"""Facets (``generator/render/facets.py``): what a paper page hands Pagefind and what a listing's
rows and filter form carry for ``docs/assets/filters.js``.

Each listing row carries exactly its paper's kind, modality, code and parameter count; the
form offers a select per facet that tells the page's rows apart, with counts that add up to the
rows; hostile values stay inside their attribute; the sanitiser keeps every attribute the
registry writes; a paper page's hidden facet block holds each search facet's values.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

from generator.render.environment import make_environment
from generator.render.facets import (
    CODE_LINKED,
    LISTING_FACETS,
    NO_CODE,
    PARAMS_KEY,
    SEARCH_FACETS,
    SEARCH_META,
    facet_values,
    listing_filters,
    parameter_count,
)
from generator.render.rows import LISTING_COLUMNS, table
from generator.sanitize import ATTRIBUTES, sanitize_html
from tests.golden import ROOT, render_mini

HOSTILE = '"><img src=x onerror=alert(1)> & {{ 7*7 }}'


class Attributes(HTMLParser):
    """Every start tag's attributes, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Attributes()
    parser.feed(html)
    return parser.tags


def test_listing_rows_carry_their_papers_facets() -> None:
    pages = {page.src_uri: page for page in render_mini().pages}
    survey = render_mini().survey
    rows = [attrs for tag, attrs in parse(pages["papers/index.md"].html or "")
            if tag == "tr" and "data-filter-code" in attrs]
    assert len(rows) == len(survey.papers)
    by_title = sorted(survey.papers, key=lambda p: (p.title.casefold(), p.slug))
    for attrs, paper in zip(rows, by_title, strict=True):
        facts = survey.facts[paper.slug]
        kind, modality = facts.first("kind"), facts.first("modality")
        assert attrs.get("data-filter-kind") == (kind.text if kind else None)
        assert attrs.get("data-filter-modality") == (modality.text if modality else None)
        assert attrs["data-filter-code"] == (CODE_LINKED if facts["code"] else NO_CODE)
        assert attrs.get("data-filter-params") == (parameter_count(survey, paper) or None)
    assert any("data-filter-params" in attrs for attrs in rows), "the mini corpus needs a paper with a size"


def test_the_form_offers_facets_that_tell_rows_apart_with_counts_that_add_up() -> None:
    rows = [(("kind", "method"), ("code", "linked"), (PARAMS_KEY, "7e9")),
            (("kind", "method"), ("code", "not linked")),
            (("kind", "dataset"), ("code", "linked"), ("modality", "text")),
            (("kind", "method"), ("code", "linked"), ("modality", "text"))]
    filters = listing_filters(rows)
    assert filters.total == 4 and filters.params
    assert [(s.key, [(o.value, o.count) for o in s.options]) for s in filters.selects] == [
        ("kind", [("method", 3), ("dataset", 1)]),
        ("code", [("linked", 3), ("not linked", 1)]),
    ]  # modality has one value on this page: it would narrow nothing
    assert not listing_filters([r[:2] for r in rows]).params


def test_the_listing_page_renders_the_form_hidden_until_its_script_runs() -> None:
    page = next(p for p in render_mini().pages if p.src_uri == "papers/index.md")
    html = sanitize_html(page.html or "")
    forms = [attrs for tag, attrs in parse(html) if tag == "form"]
    assert len(forms) == 1 and "hidden" in forms[0] and "data-listing-filters" in forms[0]
    assert not [attrs for tag, attrs in parse(html) if tag == "form" and "action" in attrs]
    selects = [attrs["name"] for tag, attrs in parse(html) if tag == "select"]
    assert selects and set(selects) <= {facet.key for facet in LISTING_FACETS}
    assert re.search(r'<table class="sa-table" data-sortable="" data-filterable="">', html)
    assert (ROOT / "docs" / "assets" / "filters.js").is_file()
    assert "assets/filters.js" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_sanitiser_keeps_every_attribute_the_facets_write() -> None:
    written = {f"data-filter-{facet.key}" for facet in LISTING_FACETS} | {f"data-filter-{PARAMS_KEY}"}
    written |= {"data-pagefind-filter", "data-pagefind-meta", "data-value", "hidden", "data-filterable"}
    assert written <= ATTRIBUTES["*"]


def test_hostile_values_stay_inside_their_attribute() -> None:
    survey = render_mini().survey
    listing = table(survey, survey.papers[:1], "papers/", LISTING_COLUMNS, detailed=False)
    listing = replace(listing, rows=[replace(listing.rows[0], filters=(("kind", HOSTILE),))], filterable=True)
    env = make_environment({"t": '{% from "table.j2" import paper_table %}{{ paper_table(t) }}',
                            "table.j2": (ROOT / "templates" / "table.j2").read_text(encoding="utf-8")}, html_only=True)
    html = sanitize_html(env.get_template("t").render(t=listing))
    tags = parse(html)
    assert not [tag for tag, _ in tags if tag == "img"]
    kinds = [attrs["data-filter-kind"] for tag, attrs in tags if tag == "tr" and "data-filter-kind" in attrs]
    assert kinds == [HOSTILE]
    assert "{{" not in html


def test_a_paper_page_hands_pagefind_each_facet_value() -> None:
    result = render_mini()
    survey = result.survey
    for paper in survey.papers:
        body = next(p for p in result.pages if p.src_uri == f"papers/{paper.slug}.md").html or ""
        tags = parse(sanitize_html(body))
        filters = [(attrs["data-pagefind-filter"], attrs["data-value"]) for tag, attrs in tags
                   if "data-pagefind-filter" in attrs]
        meta = [(attrs["data-pagefind-meta"], attrs["data-value"]) for tag, attrs in tags
                if "data-pagefind-meta" in attrs]
        assert filters == [(f"{v.key}[data-value]", v.value) for v in facet_values(survey, paper, SEARCH_FACETS)]
        assert meta == [(f"{v.key}[data-value]", v.value) for v in facet_values(survey, paper, SEARCH_META)]
        assert ("chapter[data-value]", survey.chapter_of(paper).title) in filters
        holder = next(attrs for tag, attrs in tags if attrs.get("class") == "sa-facets")
        assert "hidden" in holder and "data-search-exclude" in holder
