"""Plots are well-formed, accessible, inert for hostile text, deterministic and robust to odd input.

Bar charts are HTML tables, the topic map an SVG followed by an HTML key and list; both are parsed as XML
here (the markup is well-formed XHTML with numeric character references only).
"""

from __future__ import annotations

import math
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable

import markdown
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.sparse import random as sparse_random
from sklearn.neighbors import NearestNeighbors

from generator.escape import PAGE_SPECIALS
from generator.mapplot import MapGroup, MapPoint, chapter_slice, group_colours, topic_map
from generator.plots import PALETTE, PLOT_CSS, bar_chart, plain_text, year_chart
from generator.topicmap import MAP_SAMPLE, oriented, sample_rows, topic_coordinates
from tests.colours import closest_pair, contrast

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = (
    "</title><script>alert(1)</script>",
    "{{ 7*7 }}",
    "[x](javascript:alert(1))",
    '" onmouseover="x',
    "*bold* _em_ `code` {% raw %} {# c #} <b>&amp;</b> ' \\ \u202eevil\u200f 🧪",
)
GROUPS = [MapGroup("vision", "Vision", "../chapters/vision/"), MapGroup("language", "Language & Speech", "l/"),
          MapGroup("agents", "Agents", "a/")]
GEOMETRY = ("x", "y", "cx", "cy", "r", "width", "height")
SVG_TAGS = {"svg", "title", "desc", "g", "a", "text", "rect", "circle"}
HTML_TAGS = {"root", "table", "caption", "thead", "tbody", "tr", "th", "td", "a", "ol", "li", "span", "details",
             "summary", "p", "strong", "ul"}
ALLOWED_ATTRIBUTES = {"id", "class", "viewBox", "width", "height", "font-size", "role", "aria-labelledby",
                      "aria-label", "aria-hidden", "focusable", "preserveAspectRatio", "href", "tabindex", "x", "y",
                      "cx", "cy", "r", "rx", "text-anchor", "scope", "colspan"}


def points(n: int = 30) -> list[MapPoint]:
    return [MapPoint(x=float(i % 7), y=float(i % 5) * 1.5, group=GROUPS[i % 3].id, label=f"Paper {i}",
                     href=f"../papers/p{i}/") for i in range(n)]


def sample_plots(label: str = "Paper", href: str = "../papers/p/") -> dict[str, str]:
    """One plot of each kind with ``label`` in every text slot."""
    point = MapPoint(1.0, 2.0, "vision", label, href)
    groups = [MapGroup("vision", label, href), *GROUPS[1:]]
    return {
        "bar": bar_chart([(label, 3, href), ("Other", 5, None)], caption=label, label_heading=label, id_prefix="bar"),
        "years": year_chart({2021: 2, 2024: 7}, 9, caption=label, id_prefix="years"),
        "map": topic_map([point, *points()], groups, title=label, desc=label, id_prefix="map"),
        "slice": chapter_slice([point, *points()], "vision", title=label, desc=label, id_prefix="slice"),
    }


def degenerate_plots() -> dict[str, str]:
    nan = float("nan")
    one = [MapPoint(0.5, 0.5, "vision", "only", "a/")]
    same = [MapPoint(2.0, 2.0, "vision", f"p{i}", "a/") for i in range(5)]
    broken = [MapPoint(nan, 1.0, "vision", "n", "a/"), MapPoint(1.0, float("inf"), "agents", "i", "b/"),
              MapPoint(3.0, 4.0, "language", "ok", "c/"), MapPoint(3.0, 9.0, "nowhere", "unknown group", "d/")]
    common = {"title": "T", "desc": "D"}
    return {
        "bar-empty": bar_chart([], caption="C", label_heading="L", id_prefix="a"),
        "bar-zero": bar_chart([("zero", 0, None), ("", 0, "x/")], caption="C", label_heading="L", id_prefix="b"),
        "map-empty": topic_map([], GROUPS, id_prefix="e", **common),
        "map-no-groups": topic_map(one, [], id_prefix="f", **common),
        "map-one": topic_map(one, GROUPS, id_prefix="g", **common),
        "map-same": chapter_slice(same, "vision", id_prefix="h", **common),
        "map-nan": topic_map(broken, GROUPS, id_prefix="i", **common),
        "map-all-nan": topic_map([MapPoint(nan, nan, "vision", "n", "a/")], GROUPS, id_prefix="j", **common),
    }


def every_plot() -> dict[str, str]:
    return {**sample_plots(), **degenerate_plots()}


def parse(markup: str) -> ET.Element:
    return ET.fromstring(f"<root>{markup}</root>")


def svg_of(markup: str) -> ET.Element:
    svg = parse(markup).find(f"{SVG}svg")
    assert svg is not None, markup[:200]
    return svg


def titles(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}title")]


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# (1) well-formed, (2) accessible


@pytest.mark.parametrize("name", sorted(every_plot()))
def test_every_plot_is_well_formed_and_labelled(name: str) -> None:
    root = parse(every_plot()[name])
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    for svg in root.iter(f"{SVG}svg"):
        if svg.get("aria-hidden") == "true":
            continue  # a bar or a key swatch: decoration next to its text
        title, desc = svg[0], svg[1]
        assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
        has_links = any(element.tag == f"{SVG}a" for element in svg.iter())
        assert svg.get("role") == ("group" if has_links else "img")
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for table in root.iter("table"):
        assert table.find("caption") is not None and len(table.findall("thead/tr/th")) == 3


@pytest.mark.parametrize("prefix", ["", "a\n", "a b", 'x"y', "<p>", "-x", "é"])
def test_a_bad_id_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError):
        bar_chart([("a", 1, None)], caption="c", label_heading="l", id_prefix=prefix)
    with pytest.raises(ValueError):
        topic_map(points(), GROUPS, title="t", desc="d", id_prefix=prefix)


# (3) hostile text stays text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_appears_only_escaped(hostile: str) -> None:
    for markup in sample_plots(label=hostile).values():
        root = parse(markup)
        assert plain_text(hostile) in " ".join(root.itertext())  # shown literally, as text
        lowered = markup.lower()
        for raw in ("<script", "javascript:", "{{", "}}", "{%", "{#", "onmouseover="):
            assert raw not in lowered
        for element in root.iter():
            assert set(element.attrib) <= ALLOWED_ATTRIBUTES, element.attrib
            assert local(element.tag) in (SVG_TAGS if element.tag.startswith(SVG) else HTML_TAGS)


def test_every_markdown_special_becomes_a_character_reference() -> None:
    specials = "".join(sorted(PAGE_SPECIALS))
    markup = sample_plots(label=f"x{specials}y")["map"]
    assert "x" + "".join(f"&#{ord(ch)};" for ch in specials) + "y" in markup


def test_long_labels_are_never_cut() -> None:
    long = "A very long chapter title about *everything* " * 6
    root = parse(bar_chart([(long, 4, "c/")], caption="c", label_heading="l", id_prefix="b"))
    assert root.find(".//tbody/tr/th/a").text == plain_text(long)  # the table cell wraps it
    key = parse(topic_map(points(), [MapGroup("vision", long, "v/"), *GROUPS[1:]], title="t", desc="d",
                          id_prefix="m")).find("ol")
    assert plain_text(long) in " ".join(key.itertext())


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_round_trips_as_literal_text(text: str) -> None:
    svg = svg_of(topic_map([MapPoint(0, 0, "g", text, "a/")], [MapGroup("g", text, "g/")], title=text, desc=text,
                           id_prefix="p"))
    assert titles(svg)[0] == plain_text(text)
    assert titles(svg)[1] == plain_text(text)  # the point's tooltip, after the svg's title


# Pages place every plot inside a <figure> (templates/home.md.j2, chapter.md.j2).
@pytest.mark.parametrize("wrap", ['<figure class="sa-figure" data-search-exclude>\n{}\n</figure>',
                                  '<figure markdown="0">\n{}\n</figure>',
                                  "Some text.\n\n<figure>\n{}\n</figure>\n\nMore text."])
def test_markdown_leaves_the_plot_alone(wrap: str) -> None:
    for hostile in HOSTILE:
        for markup in sample_plots(label=hostile).values():
            html = markdown.markdown(wrap.format(markup), extensions=["attr_list", "md_in_html"])
            assert markup in html
            for made_up in ("<em>", "<strong>x", "<code>", "<script", "javascript:"):
                assert made_up not in html


# (4) links


@pytest.mark.parametrize("href", ["javascript:alert(1)", "https://example.com/", "//evil.example/x", "../Papers/X/",
                                  'a" onclick="x', "a b/", "data:text/html,x", "a/?q=1", "a\n/", "a/\n"])
def test_a_link_outside_the_safe_pattern_is_refused(href: str) -> None:
    with pytest.raises(ValueError):
        bar_chart([("a", 1, href)], caption="c", label_heading="l", id_prefix="b")
    with pytest.raises(ValueError):
        topic_map([MapPoint(0, 0, "g", "a", href)], [MapGroup("g", "G", "g/")], title="t", desc="d", id_prefix="m")
    with pytest.raises(ValueError):
        topic_map(points(), [MapGroup("g", "G", href)], title="t", desc="d", id_prefix="m")


def test_links_are_emitted_as_given() -> None:
    root = parse(bar_chart([("a", 1, "../chapters/vision/#top"), ("b", 2, None)], caption="c", label_heading="l",
                           id_prefix="b"))
    assert [a.get("href") for a in root.iter("a")] == ["../chapters/vision/#top"]


# (5) embeddable in Markdown, (6) deterministic


@pytest.mark.parametrize("name", sorted(every_plot()))
def test_no_blank_or_indented_lines(name: str) -> None:
    for line in every_plot()[name].split("\n"):
        assert line.strip(), "a blank line would end the raw HTML block"
        assert not line.startswith(" ") and not line.startswith("\t")


def test_same_input_gives_byte_identical_output() -> None:
    assert every_plot() == every_plot()
    coords = topic_coordinates(sparse_random(50, 40, density=0.2, random_state=3, format="csr"))
    mapped = [MapPoint(float(x), float(y), GROUPS[i % 3].id, f"p{i}", f"p{i}/") for i, (x, y) in enumerate(coords)]
    assert topic_map(mapped, GROUPS, title="t", desc="d", id_prefix="m") == \
        topic_map(list(mapped), list(GROUPS), title="t", desc="d", id_prefix="m")


# (7) degenerate input


def assert_finite_geometry(root: ET.Element) -> None:
    for element in root.iter():
        for name in GEOMETRY:
            value = element.get(name)
            if value is not None and not value.endswith("%"):
                assert math.isfinite(float(value)), f"{element.tag} {name}={value}"


@pytest.mark.parametrize("name", sorted(degenerate_plots()))
def test_degenerate_input_gives_a_finite_plot(name: str) -> None:
    markup = degenerate_plots()[name]
    assert "nan" not in markup.lower() and "inf" not in markup.lower()
    assert_finite_geometry(parse(markup))


def test_placeholders_say_why_there_is_no_plot() -> None:
    plots = degenerate_plots()
    assert "No papers to map" in plots["map-empty"] and "No papers to map" in plots["map-all-nan"]
    assert "No data" in plots["bar-empty"]


def test_points_without_coordinates_are_left_out_and_unknown_groups_are_grey() -> None:
    svg = svg_of(degenerate_plots()["map-nan"])
    circles = {a.find(f"{SVG}title").text: a.find(f"{SVG}circle") for a in svg.iter(f"{SVG}a")
               if a.find(f"{SVG}circle") is not None}
    assert set(circles) == {"ok", "unknown group"}
    assert circles["unknown group"].get("class") == "sa-other"


def test_equal_coordinates_land_in_the_middle() -> None:
    svg = svg_of(degenerate_plots()["map-same"])
    centres = {(c.get("cx"), c.get("cy")) for c in svg.iter(f"{SVG}circle")}
    assert centres == {("280.0", "210.0")}


def test_negative_counts_are_refused() -> None:
    calls: list[Callable[[], str]] = [
        lambda: bar_chart([("a", -1, None)], caption="c", label_heading="l", id_prefix="b"),
        lambda: year_chart({2020: -3}, 5, caption="c", id_prefix="h"),
    ]
    for call in calls:
        with pytest.raises(ValueError):
            call()


# Plot content


def test_bar_chart_shows_label_and_value_and_scales_bars() -> None:
    root = parse(bar_chart([("Vision", 10, "v/"), ("Language", 5, None)], caption="c", label_heading="l",
                           id_prefix="b"))
    rows = root.findall(".//tbody/tr")
    assert ["".join(row.find("th").itertext()) for row in rows] == ["Vision", "Language"]
    assert [row.find("td[@class='sa-bar-count']").text for row in rows] == ["10", "5"]
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == [100.0, 50.0]


def test_year_chart_fills_missing_years() -> None:
    root = parse(year_chart({2019: 1, 2022: 4}, 5, caption="c", id_prefix="h"))
    assert ["".join(row.find("th").itertext()) for row in root.findall(".//tbody/tr")] == [
        "2019", "2020", "2021", "2022"]


@pytest.mark.parametrize(("dated", "total", "shown"), [(1, 44, False), (21, 44, False), (22, 44, True),
                                                        (44, 44, True), (0, 0, False)])
def test_year_chart_is_hidden_when_most_papers_have_no_year(dated: int, total: int, shown: bool) -> None:
    counts = {2024: dated} if dated else {}
    assert bool(year_chart(counts, total, caption="c", id_prefix="h")) is shown


def test_map_colours_by_group_with_a_numbered_badge_and_key_per_group() -> None:
    markup = topic_map(points(6), GROUPS, title="t", desc="d", id_prefix="m")
    svg = svg_of(markup)
    classes = [c.get("class") for c in svg.iter(f"{SVG}circle")]
    assert len(set(classes)) == 3 and all(c.startswith("sa-g") for c in classes)
    assert classes[:3] == classes[3:]  # one colour per group
    badges = [a for a in svg.iter(f"{SVG}a") if a.get("class") == "sa-badge"]
    assert [b.find(f"{SVG}text").text for b in badges] == ["1", "2", "3"]
    assert [b.get("href") for b in badges] == [g.href for g in GROUPS]
    assert all(b.get("tabindex") is None for b in badges)  # badges are in the tab order, points are not
    assert all(a.get("tabindex") == "-1" for a in svg.iter(f"{SVG}a") if a.get("class") != "sa-badge")
    key = parse(markup).find("ol")
    assert ["".join(li.itertext()).split(" ")[0] for li in key] == ["1.", "2.", "3."]


def test_every_point_is_also_a_link_in_the_list_under_the_map() -> None:
    root = parse(topic_map(points(12), GROUPS, title="t", desc="d", id_prefix="m"))
    in_svg = [a.get("href") for a in root.find(f"{SVG}svg").iter(f"{SVG}a") if a.get("class") != "sa-badge"]
    listed = [a.get("href") for a in root.find("details").iter("a")]
    assert sorted(in_svg) == sorted(listed) and len(listed) == 12


def test_groups_sharing_a_hue_lie_far_apart() -> None:
    # Ten groups in a row, 10 units apart: seven hues, so three are used twice, by groups far apart.
    middles = {f"g{i}": (10.0 * i, 0.0, 10 - i) for i in range(10)}
    colours = group_colours([MapGroup(f"g{i}", "G", "g/") for i in range(10)], middles)
    assert len(set(colours.values())) == len(PALETTE)
    for a in range(10):
        for b in range(a + 1, 10):
            if colours[f"g{a}"] == colours[f"g{b}"]:
                assert b - a >= 5, (a, b)


def test_a_chapter_slice_draws_its_papers_on_top_and_others_as_plain_context() -> None:
    svg = svg_of(chapter_slice(points(6), "language", title="t", desc="d", id_prefix="m"))
    linked = [a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a")]
    assert linked == ["Paper 1", "Paper 4"]  # only the chapter's papers carry a title and a link
    circles = list(svg.iter(f"{SVG}circle"))
    assert [c.get("class") for c in circles] == ["sa-dim"] * 4 + ["sa-highlight"] * 2  # the slice is drawn last, on top


def test_points_and_badges_stay_inside_the_frame() -> None:
    svg = svg_of(topic_map(points(), GROUPS, title="t", desc="d", id_prefix="m"))
    frame = svg.find(f"{SVG}rect")
    left, top = float(frame.get("x")), float(frame.get("y"))
    right, bottom = left + float(frame.get("width")), top + float(frame.get("height"))
    for circle in svg.iter(f"{SVG}circle"):
        assert left < float(circle.get("cx")) < right and top < float(circle.get("cy")) < bottom
    for rect in svg.iter(f"{SVG}rect"):
        x, y = float(rect.get("x")), float(rect.get("y"))
        assert left <= x and x + float(rect.get("width")) <= right
        assert top <= y and y + float(rect.get("height")) <= bottom


def test_palette_is_told_apart_with_every_kind_of_colour_blindness() -> None:
    difference, first, second, viewer = closest_pair(list(PALETTE))
    assert difference >= 12, f"{first} and {second} look alike ({difference:.1f}) with {viewer}"
    # The old 16-hue palette fails the same check: proof the check can fail.
    old = ["#3d7fd9", "#e0731f", "#2e9e4f", "#d9475a", "#8c6bd6", "#1f9ea3", "#b8860b", "#c850a8"]
    assert closest_pair(old)[0] < 12


@pytest.mark.parametrize("background", ["#ffffff", "#1e2129"])
def test_every_hue_reads_in_its_scheme(background: str) -> None:
    # On the dark scheme every hue has 3:1 contrast; on white the lightest ones rely on the dark outline
    # that plots.css gives every point (checked here), so they need none of their own.
    for colour in PALETTE:
        assert contrast(colour, background) >= 3.0 or background == "#ffffff", colour
    assert ".sa-plot circle{stroke:#000" in PLOT_CSS
    assert all(contrast("#000000", colour) >= 4.0 for colour in PALETTE)  # badge numbers


def test_a_thousand_points_render_quickly() -> None:
    rng = np.random.default_rng(0)
    many = [MapPoint(float(x), float(y), GROUPS[i % 3].id, f"A paper title number {i} about things", f"p/{i}/")
            for i, (x, y) in enumerate(rng.normal(size=(MAP_SAMPLE, 2)))]
    start = time.perf_counter()
    markup = topic_map(many, GROUPS, title="t", desc="d", id_prefix="m")
    elapsed = time.perf_counter() - start
    assert markup.count("<circle") == MAP_SAMPLE
    assert elapsed < 2.0  # typically ~0.1 s
    assert len(markup) / MAP_SAMPLE < 300  # a point and its list item stay short


# (8) coordinates


def test_topic_coordinates_are_two_dimensional_rounded_and_deterministic() -> None:
    matrix = sparse_random(60, 45, density=0.15, random_state=7, format="csr", dtype=np.float32)
    coords = topic_coordinates(matrix)
    assert coords.shape == (60, 2)
    assert np.array_equal(coords, topic_coordinates(matrix.copy()))
    assert np.array_equal(coords, np.round(coords, 4))
    assert np.isfinite(coords).all() and np.abs(coords).max() > 0


def test_each_axis_is_flipped_so_its_largest_entry_is_positive() -> None:
    coords = np.array([[1.0, -5.0], [-3.0, 2.0], [0.5, 1.0]])
    assert oriented(coords).tolist() == [[-1.0, 5.0], [3.0, -2.0], [-0.5, -1.0]]
    assert np.array_equal(oriented(-coords), oriented(coords))


@pytest.mark.parametrize("shape", [(0, 5), (1, 5), (2, 5), (5, 2), (5, 0), (4, 4)])
def test_topic_coordinates_of_tiny_or_empty_matrices_are_zeros(shape: tuple[int, int]) -> None:
    coords = topic_coordinates(sparse.csr_matrix(shape))
    assert coords.shape == (shape[0], 2) and not coords.any()


def test_topic_coordinates_survive_rank_one_nan_and_dense_input() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        flat = topic_coordinates(np.ones((5, 4)))
    assert flat.shape == (5, 2) and np.isfinite(flat).all()
    with_nan = np.eye(4)
    with_nan[0, 1] = np.nan
    assert np.isfinite(topic_coordinates(with_nan)).all()


def test_only_an_even_sample_is_laid_out_and_the_rest_has_no_coordinates() -> None:
    matrix = sparse_random(90, 40, density=0.2, random_state=5, format="csr")
    coords = topic_coordinates(matrix, limit=30)
    laid_out = np.isfinite(coords).all(axis=1)
    assert list(np.flatnonzero(laid_out)) == list(sample_rows(90, 30)) == list(range(0, 90, 3))
    assert np.isnan(coords[~laid_out]).all()


def test_the_layout_keeps_topics_apart() -> None:
    # Three topics with their own words: on the map, a paper's nearest neighbours share its topic.
    rng = np.random.default_rng(1)
    rows, topic = [], []
    for t in range(3):
        for _ in range(40):
            row = np.zeros(90)
            row[rng.choice(np.arange(30 * t, 30 * t + 30), size=6, replace=False)] = 1.0
            row[rng.choice(90, size=2, replace=False)] += 0.5  # a few shared words
            rows.append(row)
            topic.append(t)
    coords = topic_coordinates(sparse.csr_matrix(np.array(rows)))
    labels = np.array(topic)
    neighbours = NearestNeighbors(n_neighbors=6).fit(coords).kneighbors(coords, return_distance=False)[:, 1:]
    assert (labels[neighbours] == labels[:, None]).mean() > 0.9
