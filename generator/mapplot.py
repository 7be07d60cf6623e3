"""The topic map drawn as SVG: the whole survey on the home page, one chapter's slice on its page.

Fifteen chapters cannot each get a hue a reader tells apart, so the map labels chapters directly: a numbered
badge sits at the middle of each chapter's papers and links to the chapter; seven colour-blind-safe hues are
shared out so that chapters of one colour lie far apart; an HTML key below the map names each number.  The
SVG is 560 units wide and never drawn wider than 700 px, so its badge numbers (16 units) stay above 10 px on
a 390 px phone and at 13 px or more on a desktop.  The points' titles, shown on hover, are also in a
``<details>`` list of links under the map, so touch and keyboard users reach every paper the map shows.
Axes are scaled by one factor: on a t-SNE layout only neighbourhoods matter, and stretching one axis would
invent distances.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from generator.plots import (
    PALETTE,
    SVG_NS,
    checked_href,
    escaped,
    fmt,
    plain_text,
    svg_document,
    svg_text,
    text_width,
)

MAP_WIDTH = 560
MAP_HEIGHT = 420
MAP_INSET = 12  # keeps edge points and badges inside the frame
BADGE_FONT = 16
BADGE_HEIGHT = 22


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    group: str  # chapter id; colour is chosen per group
    label: str  # paper title (untrusted) -> tooltip via <title> inside the point's <a>
    href: str  # relative URL of the paper page


@dataclass(frozen=True)
class MapGroup:
    id: str
    name: str  # chapter title (ours, but escaped all the same)
    href: str  # relative URL of the chapter page


@dataclass(frozen=True)
class Badge:
    number: int
    group: MapGroup
    x: float  # centre
    y: float
    width: float
    count: int


# ---------------------------------------------------------------------------------------------------------
# Positions


def map_positions(points: Sequence[MapPoint]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plot-area coordinates of every point and a mask of those with finite coordinates (y grows upward)."""
    raw = np.array([(p.x, p.y) for p in points], dtype=np.float64).reshape(-1, 2)
    shown = np.asarray(np.isfinite(raw).all(axis=1), dtype=bool)
    xs = np.full(len(points), MAP_WIDTH / 2)
    ys = np.full(len(points), MAP_HEIGHT / 2)
    if not shown.any():
        return xs, ys, shown
    low, high = raw[shown].min(axis=0), raw[shown].max(axis=0)
    span = high - low
    room = np.array([MAP_WIDTH, MAP_HEIGHT], dtype=np.float64) - 2 * MAP_INSET
    fits = [room[axis] / span[axis] for axis in (0, 1) if span[axis] > 0 and math.isfinite(span[axis])]
    scale = min(fits, default=0.0)
    middle = (low + high) / 2
    xs[shown] = MAP_WIDTH / 2 + (raw[shown, 0] - middle[0]) * scale
    ys[shown] = MAP_HEIGHT / 2 - (raw[shown, 1] - middle[1]) * scale
    return xs, ys, shown


def group_middles(points: Sequence[MapPoint], xs: np.ndarray, ys: np.ndarray, shown: np.ndarray
                  ) -> dict[str, tuple[float, float, int]]:
    """Where each group's badge goes, and the group's point count on the map.

    A chapter's papers often form a main cluster plus strays elsewhere; the median of all of them can land
    between clusters, in another chapter's crowd.  So the badge goes to the group's densest point: the one
    with most of its group within ``DENSITY_RADIUS`` (ties: the one nearest the group's median).
    """
    members: dict[str, list[int]] = {}
    for index, point in enumerate(points):
        if shown[index]:
            members.setdefault(point.group, []).append(index)
    return {group: (*densest(xs[idx], ys[idx]), len(idx)) for group, idx in members.items()}


DENSITY_RADIUS = 40.0


def densest(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    # Chapters are sampled to at most ~1,000 points in all, so the pairwise distances stay small.
    dx, dy = xs[:, None] - xs[None, :], ys[:, None] - ys[None, :]
    neighbours = (np.hypot(dx, dy) <= DENSITY_RADIUS).sum(axis=1)
    off_centre = np.hypot(xs - np.median(xs), ys - np.median(ys))
    best = min(range(len(xs)), key=lambda i: (-int(neighbours[i]), float(off_centre[i]), i))
    return float(xs[best]), float(ys[best])


def group_colours(groups: Sequence[MapGroup], middles: Mapping[str, tuple[float, float, int]]) -> dict[str, int]:
    """A palette index per group: the largest groups first, each taking the hue whose groups lie farthest away.

    Groups not on the map take hues in turn; the choice depends only on the input, so maps do not churn.
    """
    order = sorted((g for g in groups if g.id in middles), key=lambda g: -middles[g.id][2])
    colours: dict[str, int] = {}
    for group in order:
        x, y, _ = middles[group.id]

        def distance(hue: int, x: float = x, y: float = y) -> float:
            taken = [middles[other] for other, used in colours.items() if used == hue]
            return min((math.hypot(x - ox, y - oy) for ox, oy, _ in taken), default=math.inf)

        colours[group.id] = max(range(len(PALETTE)), key=lambda hue: (distance(hue), -hue))
    for index, group in enumerate(groups):
        colours.setdefault(group.id, index % len(PALETTE))
    return colours


def badge_width(number: int) -> float:
    return text_width(str(number), BADGE_FONT) + 10


def place_badges(groups: Sequence[MapGroup], middles: Mapping[str, tuple[float, float, int]]) -> list[Badge]:
    """One badge per group on the map, at its middle or, if that spot is taken, the nearest free spot.

    Candidates spiral out from the middle in 6-unit rings; badges stay inside the frame.
    """
    placed: list[Badge] = []
    numbered = [(number, group) for number, group in enumerate(groups, start=1) if group.id in middles]
    for number, group in sorted(numbered, key=lambda item: -middles[item[1].id][2]):
        x, y, count = middles[group.id]
        width = badge_width(number)
        spot = next((c for c in spiral(x, y) if fits(c, width, placed)), (x, y))
        placed.append(Badge(number, group, spot[0], spot[1], width, count))
    return sorted(placed, key=lambda badge: badge.number)


def spiral(x: float, y: float, rings: int = 40) -> list[tuple[float, float]]:
    spots = [(x, y)]
    for ring in range(1, rings + 1):
        steps = 8 * ring
        spots += [(x + 6 * ring * math.cos(2 * math.pi * k / steps), y + 6 * ring * math.sin(2 * math.pi * k / steps))
                  for k in range(steps)]
    return spots


def fits(spot: tuple[float, float], width: float, placed: Sequence[Badge]) -> bool:
    x, y = spot
    inside = (x - width / 2 >= MAP_INSET and x + width / 2 <= MAP_WIDTH - MAP_INSET
              and y - BADGE_HEIGHT / 2 >= MAP_INSET and y + BADGE_HEIGHT / 2 <= MAP_HEIGHT - MAP_INSET)
    return inside and all(abs(x - b.x) * 2 >= width + b.width + 2 or abs(y - b.y) >= BADGE_HEIGHT + 2
                          for b in placed)


# ---------------------------------------------------------------------------------------------------------
# Drawing


def frame() -> str:
    return (f'<rect x="{MAP_INSET / 2}" y="{MAP_INSET / 2}" width="{MAP_WIDTH - MAP_INSET}" '
            f'height="{MAP_HEIGHT - MAP_INSET}" rx="4" class="sa-frame"/>')


def point_markup(point: MapPoint, x: float, y: float, radius: float, css: str) -> str:
    # Points leave the tab order: the list under the map links the same papers, and a map of a thousand
    # tab stops would trap keyboard users.
    return (f'<a href="{checked_href(point.href)}" tabindex="-1"><title>{svg_text(point.label)}</title>'
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(radius)}" class="{css}"/></a>')


def badge_markup(badge: Badge, hue: int) -> str:
    name = f"{badge.number}. {plain_text(badge.group.name)}: {badge.count:,} papers on the map"
    left, top = badge.x - badge.width / 2, badge.y - BADGE_HEIGHT / 2
    return (f'<a href="{checked_href(badge.group.href)}" class="sa-badge"><title>{escaped(name)}</title>'
            f'<rect x="{fmt(left)}" y="{fmt(top)}" width="{fmt(badge.width)}" height="{BADGE_HEIGHT}" rx="6" '
            f'class="sa-g{hue}"/><text x="{fmt(badge.x)}" y="{fmt(badge.y + BADGE_FONT * 0.35)}" '
            f'text-anchor="middle">{badge.number}</text></a>')


def point_radius(count: int) -> float:
    return 4.0 if count <= 400 else 3.0


def topic_map(points: Sequence[MapPoint], groups: Sequence[MapGroup], *, title: str, desc: str,
              id_prefix: str) -> str:
    """The whole map: points coloured by group, a numbered badge per group, the key, and the list of papers.

    Points without finite coordinates are left out, as they have no position to show; points of a group
    not in ``groups`` are drawn grey.  No point to show gives a one-line note instead of a map.
    """
    hrefs_checked = [checked_href(p.href) for p in points] + [checked_href(g.href) for g in groups]
    del hrefs_checked  # validate every link before drawing any
    xs, ys, shown = map_positions(points)
    if not shown.any():
        return '<p class="sa-note">No papers to map.</p>'
    middles = group_middles(points, xs, ys, shown)
    known = {g.id for g in groups}
    colours = group_colours(groups, {k: v for k, v in middles.items() if k in known})
    radius = point_radius(int(shown.sum()))
    parts = [frame(), '<g class="sa-points">']
    parts += [point_markup(p, xs[i], ys[i], radius, f"sa-g{colours[p.group]}" if p.group in colours else "sa-other")
              for i, p in enumerate(points) if shown[i]]
    badges = place_badges(groups, {k: v for k, v in middles.items() if k in known})
    parts += ["</g>", '<g class="sa-badges">', *(badge_markup(b, colours[b.group.id]) for b in badges), "</g>"]
    svg = svg_document(parts, width=MAP_WIDTH, height=MAP_HEIGHT, title=title, desc=desc, id_prefix=id_prefix,
                       css_class="sa-plot sa-map", font_size=BADGE_FONT, interactive=True)
    return "\n".join([svg, key_markup(badges, colours), paper_list(points, shown, groups)])


def key_markup(badges: Sequence[Badge], colours: Mapping[str, int]) -> str:
    """The badges' numbers, colours and chapter names as an HTML list (page text: wraps, never cut)."""
    items = [
        f'<li><svg xmlns="{SVG_NS}" viewBox="0 0 32 22" aria-hidden="true" focusable="false">'
        f'<rect x="1" y="1" width="30" height="20" rx="6" class="sa-g{colours[b.group.id]}"/></svg>'
        f'<span>{b.number}. <a href="{checked_href(b.group.href)}">{svg_text(b.group.name)}</a> '
        f'<span class="sa-key-count">{b.count:,}</span></span></li>'
        for b in badges
    ]
    return "\n".join(['<ol class="sa-key" aria-label="Chapters on the map">', *items, "</ol>"])


def paper_list(points: Sequence[MapPoint], shown: np.ndarray, groups: Sequence[MapGroup]) -> str:
    """Every paper on the map as a link, grouped by chapter: what hovering a point shows, for touch and keys."""
    names = {g.id: (number, g.name) for number, g in enumerate(groups, start=1)}
    by_group: dict[str, list[MapPoint]] = {}
    for index, point in enumerate(points):
        if shown[index]:
            by_group.setdefault(point.group, []).append(point)
    order = sorted(by_group, key=lambda group: names.get(group, (len(names) + 1, group))[0])
    lines = [f'<details class="sa-map-list"><summary>The {int(shown.sum()):,} papers on the map, '
             f'as a list</summary>']
    for group in order:
        number, name = names.get(group, (0, "Not in a chapter"))
        heading = f"{number}. {plain_text(name)}" if number else plain_text(name)
        lines.append(f"<p><strong>{escaped(heading)}</strong></p><ul>")
        lines += [f'<li><a href="{checked_href(p.href)}">{svg_text(p.label)}</a></li>' for p in by_group[group]]
        lines.append("</ul>")
    return "\n".join([*lines, "</details>"])


def chapter_slice(points: Sequence[MapPoint], highlight: str, *, title: str, desc: str, id_prefix: str) -> str:
    """One chapter on the shared map: its papers in colour on top, the others as faint context dots.

    Context dots carry no title or link: everything the slice shows on hover is in the chapter's tables.
    """
    xs, ys, shown = map_positions(points)
    if not any(shown[i] and p.group == highlight for i, p in enumerate(points)):
        return '<p class="sa-note">None of this chapter\'s papers is on the topic map.</p>'
    own = [i for i, p in enumerate(points) if shown[i] and p.group == highlight]
    context = [i for i, p in enumerate(points) if shown[i] and p.group != highlight]
    parts = [frame(), '<g class="sa-context">']
    parts += [f'<circle cx="{fmt(xs[i])}" cy="{fmt(ys[i])}" r="2.5" class="sa-dim"/>' for i in context]
    parts += ["</g>", '<g class="sa-points">']
    parts += [point_markup(points[i], xs[i], ys[i], point_radius(len(own)), "sa-highlight") for i in own]
    parts.append("</g>")
    return svg_document(parts, width=MAP_WIDTH, height=MAP_HEIGHT, title=title, desc=desc, id_prefix=id_prefix,
                        css_class="sa-plot sa-map", font_size=BADGE_FONT, interactive=True)
