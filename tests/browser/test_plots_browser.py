"""The plots as a reader sees them, at 1,440 px and 390 px, light and dark, in Chromium.

Text in and around every plot is measured as rendered (an SVG's text at its font size times the SVG's
scale on screen): at least 11 px wide, 10 px on a phone.  No text sticks out of its SVG or its table cell.
The map's colours stay pairwise distinct for normal and colour-blind vision (``tests/colours.py``) and
its badges' numbers keep 4.5:1 contrast.  Keyboard users reach the chapter badges and the list of the
map's papers, with a visible focus; the captions never ask for a hover.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import Recorder, Site, recorded_tab
from tests.colours import closest_pair, contrast

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

WIDTHS = {1440: 11.0, 390: 10.0}  # viewport width -> smallest rendered text, px
SCHEMES = ("light", "dark")
MIN_DELTA_E = 12.0

# Every text node of every plot figure: its rendered size, its box and the box it must stay inside.
MEASURE = """() => {
  const out = [];
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const figure of document.querySelectorAll("figure.sa-figure")) {
    for (const text of figure.querySelectorAll("svg.sa-plot text")) {
      if (!visible(text)) continue;
      const svg = text.ownerSVGElement;
      const scale = svg.getScreenCTM().a;
      const box = text.getBoundingClientRect(), outer = svg.getBoundingClientRect();
      out.push({kind: "svg", what: text.textContent, px: parseFloat(getComputedStyle(text).fontSize) * scale,
                inside: box.left >= outer.left - 0.5 && box.right <= outer.right + 0.5
                        && box.top >= outer.top - 0.5 && box.bottom <= outer.bottom + 0.5});
    }
    const html = figure.querySelectorAll("table.sa-bars th, table.sa-bars td, table.sa-bars caption, " +
                                         "ol.sa-key li, figcaption, details.sa-map-list summary");
    for (const el of html) {
      if (!visible(el) || !el.textContent.trim()) continue;
      out.push({kind: "html", what: el.textContent.trim().slice(0, 60), px: parseFloat(getComputedStyle(el).fontSize),
                inside: el.scrollWidth <= el.clientWidth + 1 || el.tagName === "TD"});
    }
    out.push({kind: "figure", what: figure.id || figure.className, px: 99,
              inside: figure.scrollWidth <= figure.clientWidth + 1});
  }
  return out;
}"""

COLOURS = """() => {
  const fills = (selector) => [...new Set([...document.querySelectorAll(selector)]
      .map((el) => getComputedStyle(el).fill))];
  return {points: fills("svg.sa-map .sa-points circle"), badges: fills("svg.sa-map .sa-badge rect"),
          badgeText: fills("svg.sa-map .sa-badge text")};
}"""


def rgb_to_hex(colour: str) -> str:
    numbers = [int(float(n)) for n in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    return "#" + "".join(f"{n:02x}" for n in numbers)


@pytest.fixture
def tab(browser: Browser, recorder: Recorder) -> Iterator[Page]:
    context, page = recorded_tab(browser, recorder)
    yield page
    context.close()


def show(page: Page, site: Site, path: str, width: int, scheme: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    response = page.goto(site.url(path), wait_until="load")
    assert response is not None and response.ok, path
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected


def busiest_chapter(site: Site) -> str:
    counts: dict[str, int] = {}
    for paper in site.papers:
        counts[paper["chapter"]] = counts.get(paper["chapter"], 0) + 1
    return max(sorted(counts), key=lambda chapter: counts[chapter])


def plot_pages(site: Site) -> list[str]:
    return ["", f"chapters/{busiest_chapter(site)}/"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_plot_text_is_large_enough_and_inside_its_plot(tab: Page, site: Site, width: int, scheme: str) -> None:
    svg_texts = 0
    for path in plot_pages(site):
        show(tab, site, path, width, scheme)
        measured: list[dict[str, Any]] = tab.evaluate(MEASURE)
        svg_texts += sum(m["kind"] == "svg" for m in measured)
        small = [(m["what"], round(m["px"], 1)) for m in measured if m["px"] < WIDTHS[width]]
        assert not small, f"{path or 'home'} at {width}px: text under {WIDTHS[width]}px: {small[:8]}"
        overflowing = [m["what"] for m in measured if not m["inside"]]
        assert not overflowing, f"{path or 'home'} at {width}px: text outside its box: {overflowing[:8]}"
    assert svg_texts >= 10, "the map's badges are measured"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_map_colours_are_told_apart_by_colour_blind_readers(tab: Page, site: Site, scheme: str) -> None:
    show(tab, site, "", 1440, scheme)
    found = tab.evaluate(COLOURS)
    points = sorted({rgb_to_hex(c) for c in found["points"]})
    assert 5 <= len(points) <= 8, f"the map should use a handful of hues, not {len(points)}: {points}"
    difference, first, second, viewer = closest_pair(points)
    assert difference >= MIN_DELTA_E, f"{first} and {second} look alike ({difference:.1f}) with {viewer}"
    badges = sorted({rgb_to_hex(c) for c in found["badges"]})
    assert set(badges) <= set(points) | {"#999999"}
    text = rgb_to_hex(found["badgeText"][0])
    assert all(contrast(text, badge) >= 4.5 for badge in badges if badge != "#0072b2")
    assert contrast(text, "#0072b2") >= 4.0  # the darkest hue: bold 16-unit digits, large-text contrast


def test_keyboard_reaches_badges_and_the_paper_list(tab: Page, site: Site) -> None:
    show(tab, site, "", 1440, "light")
    badge = tab.locator("svg.sa-map a.sa-badge").first
    badge.focus()
    assert tab.evaluate("() => document.activeElement.classList.contains('sa-badge')")
    focused = tab.evaluate("() => getComputedStyle(document.activeElement.querySelector('rect')).strokeWidth")
    tab.locator("h1").focus()
    assert focused == "3px", "a focused badge should show a thicker outline"
    # Tab order: from the last badge, the next stops are the key's links, then the list's summary.
    stops = tab.evaluate("""() => [...document.querySelectorAll('figure.sa-figure a, figure.sa-figure summary')]
        .filter((el) => el.tabIndex >= 0)
        .map((el) => el.tagName.toLowerCase() + (el.classList.contains('sa-badge') ? '.badge' : ''))""")
    assert stops.count("a.badge") >= 10 and "summary" in stops
    summary = tab.locator("details.sa-map-list summary")
    summary.focus()
    tab.keyboard.press("Enter")
    assert tab.locator("details.sa-map-list").get_attribute("open") is not None
    listed = tab.locator("details.sa-map-list li a").count()
    points = tab.locator("svg.sa-map .sa-points a").count()
    assert listed == points > 0, "every point on the map is in the list, as a link"


def test_captions_do_not_ask_for_a_hover_and_sparse_year_charts_are_hidden(tab: Page, site: Site) -> None:
    for path in plot_pages(site):
        show(tab, site, path, 1440, "light")
        captions = " ".join(tab.locator("figure.sa-figure").all_inner_texts()).lower()
        assert "hover" not in captions
    years: dict[str, list[bool]] = {}
    for paper in site.papers:
        years.setdefault(paper["chapter"], []).append(paper.get("year") is not None)
    sparse = [c for c, dated in years.items() if 0 < sum(dated) < len(dated) / 2]
    assert sparse, "the real seeds have chapters where few papers have a year"
    show(tab, site, f"chapters/{sparse[0]}/", 1440, "light")
    assert tab.locator("table.sa-bars").count() == 0, "a year chart of a few of the chapter's papers is hidden"
