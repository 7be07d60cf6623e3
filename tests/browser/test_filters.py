"""Browser tests of narrowing: the search panel's filters (Pagefind filters, docs/assets/search.js)
and the listing filters (docs/assets/filters.js), on the real site served under a sub-path.

Search: a query's results are narrowed by chapter, then kind, then modality, each option's
count is the number of results choosing it leaves, every result shown names its chapter and
kind, and without a query a filter lists exactly the papers papers.json gives that value, also
when the index is split into several bundles.
Listings: the all-papers table is narrowed by kind, code and a parameter range to exactly the
papers papers.json says, stays narrowed when sorted, is whole again after "Clear filters", a tag
page filters its own rows, and without JavaScript the whole table shows with no form.  axe finds
no serious violation with the listing's form and the search panel's filters in use.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from generator.render.facets import SEARCH_FACETS
from generator.search import index_site
from tests.browser.conftest import Recorder, Site, in_ci
from tests.browser.test_browser import (
    SEARCH_BOX,
    SEVERE,
    SMALL_BATCH,
    assert_clean,
    axe_script,
    describe,
    open_page,
    open_search,
    recorded_page,
    served,
)

try:
    from playwright.sync_api import Browser, Page, expect
except ImportError:  # pragma: no cover - depends on the environment
    if in_ci():
        raise
    pytest.skip("the playwright package is not installed (pip install -e '.[test]')", allow_module_level=True)

pytestmark = pytest.mark.browser

QUERY = "training"
# search.js names the query and filters whose results the list shows, as JSON [query, filters].
SHOWS_SEARCH = "(expected) => document.querySelector('[data-sa-search]').dataset.shownSearch === expected"
RESULT_COUNT = re.compile(r"^(\d+) matching documents?$")


def shown_search(query: str, filters: dict[str, str]) -> str:
    # The same text JSON.stringify gives for [query, filters] (keys in the order they were chosen).
    return json.dumps([query, filters], separators=(",", ":"), ensure_ascii=False)


def wait_for_search(page: Page, query: str, filters: dict[str, str]) -> int:
    page.wait_for_function(SHOWS_SEARCH, arg=shown_search(query, filters), timeout=15_000)
    text = page.locator(".md-search-result__meta").text_content() or ""
    match = RESULT_COUNT.match(text)
    if text.startswith("No matching"):
        return 0
    assert match, text
    return int(match.group(1))


def option_counts(page: Page, facet: str) -> dict[str, int]:
    """Each value of a facet's select with the count its option shows."""
    options = page.evaluate("""(facet) => Array.from(
        document.querySelectorAll(`[data-sa-facets] select[data-facet="${facet}"] option`),
        (option) => [option.value, option.textContent])""", facet)
    counts = {}
    for value, text in options:
        if value:
            match = re.fullmatch(re.escape(value) + r" \((\d+)\)", text)
            assert match, text
            counts[value] = int(match.group(1))
    return counts


def choose(page: Page, facet: str, value: str) -> None:
    page.locator(f"[data-sa-facets] select[data-facet='{facet}']").select_option(value)


def result_places(page: Page) -> list[str]:
    return page.locator(".md-search-result__item .sa-search-where").all_text_contents()


def test_search_filters_narrow_a_query_by_chapter_kind_and_modality(page: Page, site: Site,
                                                                    recorder: Recorder) -> None:
    open_page(page, site)
    open_search(page)
    page.type(SEARCH_BOX, QUERY, delay=50)
    total = wait_for_search(page, QUERY, {})
    assert total > 20
    expect(page.locator("[data-sa-facets]")).to_be_visible()
    labels = page.locator("[data-sa-facets] .sa-search-facet > span").all_text_contents()
    assert labels[:3] == ["Chapter", "Kind", "Modality"]
    chosen: dict[str, str] = {}
    previous = total
    for facet in ("chapter", "kind", "modality"):
        counts = option_counts(page, facet)
        assert counts and sum(counts.values()) <= previous, facet  # one value per paper of each facet
        # The value leaving most results, but fewer than all (so the filter does narrow).
        value = max((v for v, n in counts.items() if 0 < n < previous), key=lambda v: counts[v], default=None)
        if value is None:
            continue
        choose(page, facet, value)
        chosen[facet] = value
        found = wait_for_search(page, QUERY, chosen)
        assert found == counts[value] < previous, (facet, value)
        places = result_places(page)
        assert places and len(places) == min(found, 10)
        if facet == "chapter":
            assert all(place.startswith(value + " · ") or place == value for place in places), places
        if facet == "kind":
            assert all(place.endswith(" · " + value) for place in places), places
        previous = found
    assert len(chosen) >= 2, "the search narrowed by fewer than two facets"
    assert_clean(recorder)


def test_a_filter_without_a_query_lists_exactly_its_papers(page: Page, site: Site, recorder: Recorder) -> None:
    papers = site.papers
    kinds = Counter(p["facts"]["kind"]["text"] for p in papers if p["facts"]["kind"])
    modalities = Counter(p["facts"]["modality"]["text"] for p in papers if p["facts"]["modality"])
    open_page(page, site)
    open_search(page)
    page.wait_for_selector("[data-sa-facets] select[data-facet='kind']", timeout=15_000)
    assert option_counts(page, "kind") == dict(kinds)
    assert option_counts(page, "modality") == dict(modalities)
    assert sorted(option_counts(page, "chapter").values()) == sorted(Counter(p["chapter"] for p in papers).values())
    kind = kinds.most_common(2)[1][0]
    choose(page, "kind", kind)
    assert wait_for_search(page, "", {"kind": kind}) == kinds[kind]
    # Counts of the other facets now count within that kind; the kind's own stay whole.
    within = Counter(p["facts"]["modality"]["text"] for p in papers
                     if p["facts"]["modality"] and p["facts"]["kind"] and p["facts"]["kind"]["text"] == kind)
    assert {v: n for v, n in option_counts(page, "modality").items() if n} == dict(within)
    assert option_counts(page, "kind") == dict(kinds)
    # The box's clear button shows while a filter is chosen, and clears the filters too.
    page.locator("[data-sa-search] button[type=reset]").click()
    page.wait_for_function(SHOWS_SEARCH, arg=shown_search("", {}))
    expect(page.locator("[data-sa-facets] select[data-facet='kind']")).to_have_value("")
    assert_clean(recorder)


@pytest.fixture(scope="module")
def faceted_batches(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real site re-indexed in batches of SMALL_BATCH pages, with the filters named as the
    plugin names them, and served like the real site."""
    root = tmp_path_factory.mktemp("browser-faceted") / "site"
    shutil.copytree(site.root, root)
    stats = index_site(root, batch_pages=SMALL_BATCH, filters=[(f.key, f.label) for f in SEARCH_FACETS])
    assert len(stats.runs) >= 3, stats
    with served(root, "faceted-site-server") as batched:
        yield batched


def test_filters_count_the_papers_of_every_bundle(browser: Browser, site: Site, faceted_batches: Site) -> None:
    kinds = Counter(p["facts"]["kind"]["text"] for p in site.papers if p["facts"]["kind"])
    with recorded_page(browser, faceted_batches) as (page, recorder):
        open_page(page, faceted_batches)
        open_search(page)
        page.wait_for_selector("[data-sa-facets] select[data-facet='kind']", timeout=15_000)
        assert option_counts(page, "kind") == dict(kinds)
        kind = kinds.most_common(1)[0][0]
        choose(page, "kind", kind)
        assert wait_for_search(page, "", {"kind": kind}) == kinds[kind]
        assert_clean(recorder)


# --- listing filters ---------------------------------------------------------------------------

VISIBLE_ROWS = "() => Array.from(document.querySelectorAll('table[data-filterable] tbody tr'))" \
    ".filter((r) => !r.hidden).map((r) => r.querySelector('a').getAttribute('href'))"


def visible_slugs(page: Page) -> set[str]:
    return {re.sub(r"^(\.\./)*(papers/)?", "", href).rstrip("/") for href in page.evaluate(VISIBLE_ROWS)}


def kind_of(paper: dict[str, Any]) -> str | None:
    return paper["facts"]["kind"]["text"] if paper["facts"]["kind"] else None


def test_listing_filters_narrow_the_rows(page: Page, site: Site, recorder: Recorder) -> None:
    papers = site.papers
    open_page(page, site, "papers/")
    form = page.locator("form[data-listing-filters]")
    expect(form).to_be_visible()
    assert visible_slugs(page) == {p["slug"] for p in papers}
    expect(form.locator("output")).to_have_text(f"Showing all {len(papers)} papers")
    kind = Counter(kind_of(p) for p in papers if kind_of(p)).most_common(1)[0][0]
    form.locator("select[name=kind]").select_option(kind)
    expected = {p["slug"] for p in papers if kind_of(p) == kind}
    assert visible_slugs(page) == expected
    expect(form.locator("output")).to_have_text(f"Showing {len(expected)} of {len(papers)} papers")
    form.locator("select[name=code]").select_option("linked")
    expected = {p["slug"] for p in papers if kind_of(p) == kind and p["facts"]["code"]}
    assert expected and visible_slugs(page) == expected
    # Sorting moves rows, and the hidden ones stay hidden.
    page.locator("table[data-filterable] th button.sa-sort", has_text="Upvotes").click()
    assert visible_slugs(page) == expected
    form.locator("button[type=reset]").click()
    page.wait_for_function("(n) => document.querySelector('table[data-filterable]').dataset.shownRows === String(n)",
                           arg=len(papers))
    assert visible_slugs(page) == {p["slug"] for p in papers}
    assert_clean(recorder)


def test_listing_parameter_range_keeps_papers_of_that_size(page: Page, site: Site, recorder: Recorder) -> None:
    open_page(page, site, "papers/")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('table[data-filterable] tbody tr'),
        (row) => row.getAttribute('data-filter-params'))""")
    sizes = [float(size) for size in rows if size]
    assert len(sizes) >= 3
    form = page.locator("form[data-listing-filters]")
    form.locator("input[name=params-min]").fill("1")
    form.locator("input[name=params-max]").fill("10")
    expected = sum(1 for size in sizes if 1e9 <= size <= 10e9)
    assert 0 < expected < len(rows)
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('table[data-filterable] tbody tr'))
        .filter((row) => !row.hidden).map((row) => parseFloat(row.getAttribute('data-filter-params')))""")
    assert len(shown) == expected and all(1e9 <= size <= 10e9 for size in shown)
    assert_clean(recorder)


def test_a_tag_page_filters_its_own_rows(page: Page, site: Site, recorder: Recorder) -> None:
    tagged = [p for p in site.papers if "text" in p["tags"]]
    open_page(page, site, "tags/text/")
    form = page.locator("form[data-listing-filters]")
    expect(form).to_be_visible()
    assert visible_slugs(page) == {p["slug"] for p in tagged}
    kind = Counter(kind_of(p) for p in tagged if kind_of(p)).most_common(2)[1][0]
    form.locator("select[name=kind]").select_option(kind)
    assert visible_slugs(page) == {p["slug"] for p in tagged if kind_of(p) == kind}
    assert_clean(recorder)


def test_without_javascript_the_whole_table_shows_and_no_form(browser: Browser, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(site.url("papers/"))
        expect(page.locator("form[data-listing-filters]")).to_be_hidden()
        assert page.locator("table[data-filterable] tbody tr:visible").count() == len(site.papers)
    finally:
        context.close()


def test_no_serious_accessibility_violations_in_the_filters(page: Page, site: Site) -> None:
    open_page(page, site, "papers/")
    expect(page.locator("form[data-listing-filters]")).to_be_visible()
    open_search(page)
    page.type(SEARCH_BOX, QUERY, delay=50)
    wait_for_search(page, QUERY, {})
    choose(page, "kind", next(iter(option_counts(page, "kind"))))
    # Only what the filters add: the result panel's own colours are Material's (its meta bar and
    # <mark> fall just short of 4.5:1 in light mode, a known issue of the theme, not checked here).
    page.add_script_tag(content=axe_script())
    scope = {"include": [["form[data-listing-filters]"], ["[data-sa-facets]"], [".sa-search-where"]]}
    results = page.evaluate("(scope) => axe.run(scope, {resultTypes: ['violations']})", scope)
    severe = [v for v in results["violations"] if v["impact"] in SEVERE]
    assert not severe, "\n".join(map(describe, severe))
    assert results["passes"], "axe checked nothing: the scope matched no element"
