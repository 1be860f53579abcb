"""A monthly bar chart as an SVG string, drawn on the server for the teaser PDF.

WeasyPrint draws inline SVG itself, so the teaser needs no browser and no chart library; the
same inputs always give the same bytes, which keeps the teaser's cache key stable. Values are
Decimals (money or an index); the axis runs from zero (or the lowest negative month) to a round
number above the highest month.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH = 500
HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 52, 6, 8, 20
GRID_LINES = 4
MAX_LABELS = 8
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"


@dataclass(frozen=True, slots=True)
class Point:
    month: dt.date
    value: Decimal


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0):
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10.0 * power


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart_svg(
    points: Sequence[Point], *, tick: Callable[[float], str], bar_colour: str = "#2f6f9f"
) -> str:
    """Bars of `points` in order, y ticks worded by `tick`; "" without points."""
    if not points:
        return ""
    values = [float(p.value) for p in points]
    high = nice_ceiling(max(max(values), 0.0))
    low = -nice_ceiling(-min(values)) if min(values) < 0 else 0.0
    span = high - low
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / span

    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" font-family="{FONT}" font-size="9">'
        )
    ]
    for line in range(GRID_LINES + 1):
        value = low + span * line / GRID_LINES
        at = _fmt(y(value))
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{at}" y2="{at}" stroke="#ddd" '
            'stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{_fmt(y(value) + 3)}" text-anchor="end" '
            f'fill="#555">{escape(tick(value))}</text>'
        )
    slot = plot_w / len(points)
    bar = slot * 0.7
    every = max(1, math.ceil(len(points) / MAX_LABELS))
    zero = y(0.0)
    for index, (point, value) in enumerate(zip(points, values, strict=True)):
        x = LEFT + slot * index + (slot - bar) / 2
        top, bottom = min(y(value), zero), max(y(value), zero)
        parts.append(
            f'<rect x="{_fmt(x)}" y="{_fmt(top)}" width="{_fmt(bar)}" '
            f'height="{_fmt(max(bottom - top, 0.5))}" fill="{bar_colour}"/>'
        )
        if index % every == 0:
            parts.append(
                f'<text x="{_fmt(x + bar / 2)}" y="{HEIGHT - 6}" text-anchor="middle" '
                f'fill="#555">{point.month:%Y-%m}</text>'
            )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(zero)}" y2="{_fmt(zero)}" '
        'stroke="#888" stroke-width="0.8"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def as_index(points: Sequence[Point]) -> list[Point]:
    """The points as an index, 100 at the first month with positive revenue (months before it
    are dropped): the shape of the series without its scale. [] when no month is positive."""
    start = next((i for i, p in enumerate(points) if p.value > 0), None)
    if start is None:
        return []
    base = points[start].value
    return [Point(p.month, (p.value * 100 / base).quantize(Decimal("0.1"))) for p in points[start:]]


def compact_money(value: float, *, chinese: bool) -> str:
    """A tick label: 1.2万 / 3亿 in Chinese, 12k / 1.2M in English."""
    size = abs(value)
    if chinese:
        for unit, word in ((1e8, "亿"), (1e4, "万")):
            if size >= unit:
                return _fmt(value / unit) + word
        return _fmt(value)
    for unit, word in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= unit:
            return _fmt(value / unit) + word
    return _fmt(value)
