"""Colour arithmetic for the plot tests: CIELAB differences as seen with normal vision and with each of
the three kinds of dichromacy, simulated with Machado, Oliveira and Fernandes' (2009) matrices at full
severity, applied in linear RGB.  A palette passes when every pair stays apart for every viewer."""

from __future__ import annotations

import itertools
import math
import re

Matrix = tuple[tuple[float, float, float], ...]

IDENTITY: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
VIEWERS: dict[str, Matrix] = {
    "normal": IDENTITY,
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def parse_colour(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' or a computed 'rgb(r, g, b)' as 0-1 sRGB channels."""
    colour = colour.strip().lower()
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    numbers = re.findall(r"[\d.]+", colour)
    return tuple(float(n) / 255 for n in numbers[:3])  # type: ignore[return-value]


def to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def lab(colour: str, viewer: str = "normal") -> tuple[float, float, float]:
    """CIELAB (D65) of a colour as the given viewer sees it."""
    linear = [to_linear(c) for c in parse_colour(colour)]
    seen = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, linear, strict=True)))) for row in VIEWERS[viewer]]
    r, g, b = seen
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(first: str, second: str, viewer: str = "normal") -> float:
    """CIE76 colour difference; about 2.3 is just noticeable, 10 or more reads as a different colour."""
    return math.dist(lab(first, viewer), lab(second, viewer))


def closest_pair(colours: list[str]) -> tuple[float, str, str, str]:
    """The smallest difference between two of the colours over all viewers, with the pair and the viewer."""
    return min((delta_e(a, b, viewer), a, b, viewer)
               for a, b in itertools.combinations(colours, 2) for viewer in VIEWERS)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours."""
    def luminance(colour: str) -> float:
        r, g, b = (to_linear(c) for c in parse_colour(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)
