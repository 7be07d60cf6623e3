"""Comparison tables a reader can check: in real Chromium, a fact cell leads to its sentence, the
paper column stays in view when a table scrolls sideways, numeric cells sort by what they show,
and no page is wider than a phone's screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import Recorder, Site
from tests.browser.test_browser import assert_clean, busiest_chapter, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

TARGET_IN_VIEW = """() => {
  const target = document.querySelector(":target");
  if (!target) return null;
  const box = target.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return {id: target.id, top: box.top, bottom: box.bottom, headerBottom: header.bottom,
          viewport: window.innerHeight, marks: target.querySelectorAll("mark").length,
          background: getComputedStyle(target).backgroundColor};
}"""


def test_a_params_cell_lands_on_its_highlighted_sentence_fully_in_view(page: Page, site: Site,
                                                                       recorder: Recorder) -> None:
    open_page(page, site, f"chapters/{busiest_chapter(site)}/")
    link = page.locator('td.sa-col-params a[href*="#sentence-"]').first
    sentence = link.get_attribute("title")
    assert sentence, "a Params cell names its sentence in its tooltip"
    link.click()
    page.wait_for_url("**#sentence-*")
    page.wait_for_timeout(300)  # let the browser finish scrolling to the fragment
    state: dict[str, Any] = page.evaluate(TARGET_IN_VIEW)
    assert state is not None and state["id"].startswith("sentence-")
    assert state["top"] >= state["headerBottom"] - 1, f"the sentence starts under the header: {state}"
    assert state["bottom"] <= state["viewport"], f"the sentence runs below the screen: {state}"
    assert state["marks"] >= 1, "the fact is marked inside its sentence"
    assert state["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), "the target sentence is highlighted"
    text = page.evaluate("() => document.querySelector(':target').textContent")
    assert " ".join(text.split()) == " ".join(sentence.split())
    assert_clean(recorder)


def test_the_paper_column_stays_in_view_when_a_table_scrolls_sideways(browser: Browser, site: Site) -> None:
    context = browser.new_context(viewport={"width": 900, "height": 800}, service_workers="block")
    page = context.new_page()
    try:
        open_page(page, site, f"chapters/{busiest_chapter(site)}/")
        state = page.evaluate("""() => {
          const wrap = Array.from(document.querySelectorAll(".sa-table-wrap"))
            .find((w) => w.scrollWidth > w.clientWidth + 20);
          if (!wrap) return null;
          wrap.scrollLeft = wrap.scrollWidth;
          const first = wrap.querySelector("tbody td").getBoundingClientRect();
          const last = wrap.querySelector("tbody tr").lastElementChild.getBoundingClientRect();
          return {wrapLeft: wrap.getBoundingClientRect().left, firstLeft: first.left, scrolled: wrap.scrollLeft,
                  lastRight: last.right, wrapRight: wrap.getBoundingClientRect().right};
        }""")
        assert state is not None, "at 900 px some comparison table must scroll sideways"
        assert state["scrolled"] > 0
        assert abs(state["firstLeft"] - state["wrapLeft"]) <= 1, f"the paper column scrolled away: {state}"
        assert state["lastRight"] <= state["wrapRight"] + 1, "the last column is reachable"
    finally:
        context.close()


def phone_pages(site: Site) -> list[str]:
    busiest = busiest_chapter(site)
    paper = max(site.papers, key=lambda p: len(p["abstract"]))
    # The paper whose abstract holds the longest unbroken word (a URL, an identifier): it must wrap.
    longest_word = max(site.papers, key=lambda p: max(len(word) for word in p["abstract"].split()))
    pages = ["", f"chapters/{busiest}/", paper["url"], longest_word["url"], "papers/", "tags/", "whats-new/",
             "report/", "about/", "performance/", "benchmarks/", "no-such-page/"]
    one_of_each = [sorted(site.root.glob(pattern)) for pattern in
                   ("chapters/*/*/index.html", "tags/*/index.html", "tags/*/*/index.html", "benchmarks/*/index.html",
                    "papers/*/index.html")]
    return pages + [found[0].relative_to(site.root).parent.as_posix() + "/" for found in one_of_each if found]


def test_no_page_is_wider_than_a_phone(browser: Browser, site: Site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    too_wide = {}
    try:
        for path in phone_pages(site):
            if path == "no-such-page/":  # the site's 404 page, served with status 404
                page.goto(site.url(path), wait_until="load")
            else:
                open_page(page, site, path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 390:
                too_wide[path] = width
    finally:
        context.close()
    assert too_wide == {}


SHOWN_AND_SORTED = """(label) => Array.from(document.querySelectorAll("table.sa-table")).flatMap((table) => {
  const column = Array.from(table.tHead.rows[0].cells).findIndex((th) => th.textContent.trim() === label);
  if (column < 0) return [];
  return Array.from(table.tBodies[0].rows, (row) => ({
    paper: row.cells[0].querySelector("a").getAttribute("href"),
    text: row.cells[column].textContent.trim(),
    sort: row.cells[column].getAttribute("data-sort"),
  }));
})"""


@pytest.mark.parametrize(("label", "field"), [("Params", "parameters"), ("Data", "data_scale")])
def test_numeric_cells_sort_by_a_value_they_show(page: Page, site: Site, label: str, field: str) -> None:
    by_slug = {p["slug"]: p for p in site.papers}
    checked = 0
    for chapter in sorted({p["chapter"] for p in site.papers}):
        open_page(page, site, f"chapters/{chapter}/")
        for cell in page.evaluate(SHOWN_AND_SORTED, label):
            if not cell["sort"]:
                assert cell["text"] == "—", cell
                continue
            slug = cell["paper"].rstrip("/").rsplit("/", 1)[-1]
            shown = cell["text"].rsplit(" +", 1)[0]
            sorted_by = [f["text"] for f in by_slug[slug]["facts"][field] if repr(float(f["value"])) == cell["sort"]]
            assert any(text in shown for text in sorted_by), f"{label} sorts by a value it does not show: {cell}"
            checked += 1
    assert checked >= 10, f"only {checked} {label} cells with a value"
