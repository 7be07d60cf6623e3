"""SVG plots are well-formed, accessible, inert for hostile text, deterministic and robust to odd input."""

from __future__ import annotations

import math
import re
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

from generator.escape import PAGE_SPECIALS
from generator.plots import (
    PALETTE,
    MapPoint,
    bar_chart_svg,
    plain_text,
    topic_map_svg,
    year_histogram_svg,
)
from generator.topicmap import topic_coordinates

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = (
    "</title><script>alert(1)</script>",
    "{{ 7*7 }}",
    "[x](javascript:alert(1))",
    '" onmouseover="x',
    "*bold* _em_ `code` {% raw %} {# c #} <b>&amp;</b> ' \\ \u202eevil\u200f 🧪",
)
GROUPS = [("vision", "Vision"), ("language", "Language & Speech"), ("agents", "Agents")]
GEOMETRY = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height")
ALLOWED_ATTRIBUTES = {"id", "class", "viewBox", "width", "height", "style", "font-size", "role", "aria-labelledby",
                      "href", "tabindex", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "text-anchor"}


def points(n: int = 30) -> list[MapPoint]:
    return [MapPoint(x=float(i % 7), y=float(i % 5) * 1.5, group=GROUPS[i % 3][0], label=f"Paper {i}",
                     href=f"../papers/p{i}/") for i in range(n)]


def sample_plots(label: str = "Paper", href: str = "../papers/p/") -> dict[str, str]:
    """One plot of each kind (and the map's highlighted variant) with ``label`` in every text slot."""
    point = MapPoint(1.0, 2.0, "vision", label, href)
    return {
        "bar": bar_chart_svg([(label, 3, href), ("Other", 5, None)], title=label, desc=label, id_prefix="bar"),
        "hist": year_histogram_svg({2021: 2, 2024: 7}, title=label, desc=label, id_prefix="hist"),
        "map": topic_map_svg([point, *points()], [("vision", label), *GROUPS[1:]], title=label, desc=label,
                             id_prefix="map"),
        "slice": topic_map_svg([point, *points()], [("vision", label), *GROUPS[1:]], title=label, desc=label,
                               id_prefix="slice", highlight="vision"),
    }


def degenerate_plots() -> dict[str, str]:
    nan = float("nan")
    one = [MapPoint(0.5, 0.5, "vision", "only", "a/")]
    same = [MapPoint(2.0, 2.0, "vision", f"p{i}", "a/") for i in range(5)]
    broken = [MapPoint(nan, 1.0, "vision", "n", "a/"), MapPoint(1.0, float("inf"), "agents", "i", "b/"),
              MapPoint(3.0, 4.0, "language", "ok", "c/"), MapPoint(3.0, 9.0, "nowhere", "unknown group", "d/")]
    common = {"title": "T", "desc": "D"}
    return {
        "bar-empty": bar_chart_svg([], id_prefix="a", **common),
        "bar-zero": bar_chart_svg([("zero", 0, None), ("", 0, "x/")], id_prefix="b", **common),
        "hist-empty": year_histogram_svg({}, id_prefix="c", **common),
        "hist-one": year_histogram_svg({2024: 0}, id_prefix="d", **common),
        "map-empty": topic_map_svg([], GROUPS, id_prefix="e", **common),
        "map-no-groups": topic_map_svg(one, [], id_prefix="f", **common),
        "map-one": topic_map_svg(one, GROUPS, id_prefix="g", **common),
        "map-same": topic_map_svg(same, GROUPS, id_prefix="h", highlight="vision", **common),
        "map-nan": topic_map_svg(broken, GROUPS, id_prefix="i", **common),
        "map-all-nan": topic_map_svg([MapPoint(nan, nan, "vision", "n", "a/")], GROUPS, id_prefix="j", **common),
    }


def every_plot() -> dict[str, str]:
    return {**sample_plots(), **degenerate_plots()}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def titles(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{NS}title")]


# (1) well-formed, (2) accessible name and description


@pytest.mark.parametrize("name", sorted(every_plot()))
def test_every_plot_is_well_formed_and_labelled(name: str) -> None:
    svg = every_plot()[name]
    root = parse(svg)
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{NS}title", f"{NS}desc")
    has_links = any(element.tag == f"{NS}a" for element in root.iter())
    assert root.get("role") == ("group" if has_links else "img")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("width") == "100%" and root.get("viewBox", "").startswith("0 0 ")
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_id_prefix_keeps_ids_of_several_plots_apart() -> None:
    first, second = (parse(bar_chart_svg([("a", 1, None)], title="t", desc="d", id_prefix=p)) for p in ("p1", "p2"))
    assert {e.get("id") for e in first.iter()} & {e.get("id") for e in second.iter()} == {None}


@pytest.mark.parametrize("prefix", ["", "a\n", "a b", 'x"y', "<p>", "-x", "é"])
def test_a_bad_id_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError):
        bar_chart_svg([("a", 1, None)], title="t", desc="d", id_prefix=prefix)


# (3) hostile text stays text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_appears_only_escaped(hostile: str) -> None:
    for svg in sample_plots(label=hostile).values():
        root = parse(svg)
        every_text = " ".join(root.itertext())
        assert plain_text(hostile) in every_text  # shown literally, as text
        lowered = svg.lower()
        for raw in ("<script", "javascript:", "{{", "}}", "{%", "{#", "onmouseover="):
            assert raw not in lowered
        for element in root.iter():
            assert set(element.attrib) <= ALLOWED_ATTRIBUTES
            assert element.tag.startswith(NS)
            assert element.tag[len(NS):] in {"svg", "title", "desc", "style", "g", "a", "text", "rect", "line",
                                             "circle"}


def test_every_markdown_special_becomes_a_character_reference() -> None:
    specials = "".join(sorted(PAGE_SPECIALS))
    svg = sample_plots(label=f"x{specials}y")["map"]
    assert "x" + "".join(f"&#{ord(ch)};" for ch in specials) + "y" in svg


def test_long_labels_are_cut_but_kept_whole_in_the_tooltip() -> None:
    long = "A very long paper title about *everything* " * 6
    root = parse(bar_chart_svg([(long, 4, "c/")], title="t", desc="d", id_prefix="b"))
    shown = [t.text or "" for t in root.iter(f"{NS}text")][0]
    assert shown.endswith("…") and len(shown) < len(plain_text(long))
    assert any(plain_text(long) in t for t in titles(root))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_round_trips_as_literal_text(text: str) -> None:
    root = parse(topic_map_svg([MapPoint(0, 0, "g", text, "a/")], [("g", text)], title=text, desc=text,
                               id_prefix="p"))
    assert titles(root)[0] == plain_text(text)
    assert titles(root)[1] == plain_text(text)


@pytest.mark.parametrize("wrap", ["{}", '<figure markdown="0">\n{}\n</figure>', "Some text.\n\n{}\n\nMore text."])
def test_markdown_leaves_the_plot_alone(wrap: str) -> None:
    for hostile in HOSTILE:
        for svg in sample_plots(label=hostile).values():
            html = markdown.markdown(wrap.format(svg), extensions=["attr_list", "md_in_html"])
            assert svg in html
            for made_up in ("<em>", "<strong>", "<code>", "<script", "javascript:"):
                assert made_up not in html


# (4) links


@pytest.mark.parametrize("href", ["javascript:alert(1)", "https://example.com/", "//evil.example/x", "../Papers/X/",
                                  'a" onclick="x', "a b/", "data:text/html,x", "a/?q=1", "a\n/", "a/\n"])
def test_a_link_outside_the_safe_pattern_is_refused(href: str) -> None:
    with pytest.raises(ValueError):
        bar_chart_svg([("a", 1, href)], title="t", desc="d", id_prefix="b")
    with pytest.raises(ValueError):
        topic_map_svg([MapPoint(0, 0, "g", "a", href)], [("g", "G")], title="t", desc="d", id_prefix="m")


def test_links_are_emitted_as_given() -> None:
    root = parse(bar_chart_svg([("a", 1, "../chapters/vision/#top"), ("b", 2, None)], title="t", desc="d",
                               id_prefix="b"))
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ["../chapters/vision/#top"]


# (5) embeddable in Markdown, (6) deterministic


@pytest.mark.parametrize("name", sorted(every_plot()))
def test_no_blank_or_indented_lines(name: str) -> None:
    for line in every_plot()[name].split("\n"):
        assert line.strip(), "a blank line would end the raw HTML block"
        assert not line.startswith(" ") and not line.startswith("\t")


def test_same_input_gives_byte_identical_output() -> None:
    assert every_plot() == every_plot()
    coords = topic_coordinates(sparse_random(50, 40, density=0.2, random_state=3, format="csr"))
    mapped = [MapPoint(float(x), float(y), GROUPS[i % 3][0], f"p{i}", f"p{i}/") for i, (x, y) in enumerate(coords)]
    assert topic_map_svg(mapped, GROUPS, title="t", desc="d", id_prefix="m") == \
        topic_map_svg(list(mapped), list(GROUPS), title="t", desc="d", id_prefix="m")


# (7) degenerate input


def assert_finite_geometry(root: ET.Element) -> None:
    for element in root.iter():
        for name in GEOMETRY:
            value = element.get(name)
            if value is not None and value != "100%":
                assert math.isfinite(float(value)), f"{element.tag} {name}={value}"


@pytest.mark.parametrize("name", sorted(degenerate_plots()))
def test_degenerate_input_gives_a_finite_plot(name: str) -> None:
    svg = degenerate_plots()[name]
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    assert_finite_geometry(parse(svg))


def test_placeholders_say_why_there_is_no_plot() -> None:
    plots = degenerate_plots()
    assert "No dated papers" in plots["hist-empty"]
    assert "No papers to map" in plots["map-empty"] and "No papers to map" in plots["map-all-nan"]
    assert "No data" in plots["bar-empty"]


def test_points_without_coordinates_are_left_out_and_unknown_groups_are_grey() -> None:
    root = parse(degenerate_plots()["map-nan"])
    circles = {a.find(f"{NS}title").text: a.find(f"{NS}circle") for a in root.iter(f"{NS}a")}
    assert set(circles) == {"ok", "unknown group"}
    assert circles["unknown group"].get("class") == "sa-other"


def test_equal_coordinates_land_in_the_middle() -> None:
    root = parse(degenerate_plots()["map-same"])
    centres = {(c.get("cx"), c.get("cy")) for c in root.iter(f"{NS}circle")}
    assert centres == {("400.0", "240.0")}


@pytest.mark.parametrize("call", [
    lambda: bar_chart_svg([("a", -1, None)], title="t", desc="d", id_prefix="b"),
    lambda: year_histogram_svg({2020: -3}, title="t", desc="d", id_prefix="h"),
    lambda: topic_map_svg(points(), GROUPS, title="t", desc="d", id_prefix="m", highlight="missing"),
])
def test_invalid_arguments_are_refused(call: Callable[[], str]) -> None:
    with pytest.raises(ValueError):
        call()


# Plot content


def test_bar_chart_shows_label_and_value_and_scales_bars() -> None:
    root = parse(bar_chart_svg([("Vision", 10, "v/"), ("Language", 5, None)], title="t", desc="d", id_prefix="b"))
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts == ["Vision", "10", "Language", "5"]
    widths = [float(r.get("width")) for r in root.iter(f"{NS}rect")]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)


def test_histogram_fills_missing_years_and_thins_crowded_labels() -> None:
    root = parse(year_histogram_svg({2019: 1, 2022: 4}, title="t", desc="d", id_prefix="h"))
    assert titles(root)[1:] == ["2019: 1", "2020: 0", "2021: 0", "2022: 4"]
    long_root = parse(year_histogram_svg({1901: 1, 2024: 2}, title="t", desc="d", id_prefix="h"))
    year_labels = [int(t.text) for t in long_root.iter(f"{NS}text") if re.fullmatch(r"\d{4}", t.text or "")]
    step = year_labels[1] - year_labels[0]
    assert step > 1 and all(year % step == 0 for year in year_labels)


def test_map_colours_by_group_index_and_highlights_one_slice() -> None:
    root = parse(topic_map_svg(points(6), GROUPS, title="t", desc="d", id_prefix="m"))
    assert [c.get("class") for c in root.iter(f"{NS}circle")] == ["sa-g0", "sa-g1", "sa-g2"] * 2
    legend = [t.text for t in root.iter(f"{NS}text")]
    assert legend == ["Vision", "Language & Speech", "Agents"]
    sliced = parse(topic_map_svg(points(6), GROUPS, title="t", desc="d", id_prefix="m", highlight="language"))
    classes = [c.get("class") for c in sliced.iter(f"{NS}circle")]
    assert classes == ["sa-dim"] * 4 + ["sa-g1"] * 2  # the slice is drawn last, on top
    radii = [float(c.get("r")) for c in sliced.iter(f"{NS}circle")]
    assert radii[0] < radii[-1]


def test_points_stay_inside_the_plot_area() -> None:
    root = parse(topic_map_svg(points(), GROUPS, title="t", desc="d", id_prefix="m"))
    frame = root.find(f"{NS}rect")
    for circle in root.iter(f"{NS}circle"):
        assert float(frame.get("x")) < float(circle.get("cx")) < float(frame.get("x")) + float(frame.get("width"))
        assert float(frame.get("y")) < float(circle.get("cy")) < float(frame.get("y")) + float(frame.get("height"))


def relative_luminance(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("background", ["#ffffff", "#1e2129"])
def test_palette_reads_on_light_and_dark_backgrounds(background: str) -> None:
    assert len(set(PALETTE)) == 16
    for colour in PALETTE:
        light, dark = sorted([relative_luminance(colour), relative_luminance(background)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 3.0, colour


def test_twenty_thousand_points_render_quickly() -> None:
    rng = np.random.default_rng(0)
    many = [MapPoint(float(x), float(y), GROUPS[i % 3][0], f"A paper title number {i} about things", f"p/{i}/")
            for i, (x, y) in enumerate(rng.normal(size=(20_000, 2)))]
    start = time.perf_counter()
    svg = topic_map_svg(many, GROUPS, title="t", desc="d", id_prefix="m", highlight="agents")
    elapsed = time.perf_counter() - start
    assert svg.count("<circle") == 20_000
    assert elapsed < 2.0  # typically ~0.2 s; generous for slow CI machines
    assert len(svg) / 20_000 < 160  # per-point markup stays short


# (8) coordinates


def test_topic_coordinates_are_two_dimensional_rounded_and_deterministic() -> None:
    matrix = sparse_random(60, 45, density=0.15, random_state=7, format="csr", dtype=np.float32)
    coords = topic_coordinates(matrix)
    assert coords.shape == (60, 2)
    assert np.array_equal(coords, topic_coordinates(matrix.copy()))
    assert np.array_equal(coords, np.round(coords, 4))
    assert np.isfinite(coords).all() and np.abs(coords).max() > 0


def test_topic_coordinates_do_not_mirror_with_the_sign_of_the_input() -> None:
    matrix = sparse_random(30, 20, density=0.3, random_state=2, format="csr")
    assert np.allclose(topic_coordinates(matrix), topic_coordinates(-matrix), atol=1e-3)


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
