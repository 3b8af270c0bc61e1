"""Small inline SVG charts for briefings: axes, ticks and labels, no JavaScript, no external file.

Written here rather than with a plotting library: two chart shapes of some forty lines each, and a
self-contained file must not load matplotlib's fonts or a JS runtime. Output is markup built from
numbers only, marked safe for Jinja with ``markupsafe.Markup``; every label is escaped. Each chart
has a ``viewBox`` and scales to its container (CSS ``width: 100%``), so it fits a 390 px phone;
the briefing prints a table of the same numbers beside it.

Ticks are "nice" numbers (1, 2 or 5 times a power of ten: Heckbert, "Nice numbers for graph
labels", Graphics Gems, 1990).
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

#: Room around the plot for the axes' labels, in SVG units (left, right, top, bottom).
MARGIN = (40, 22, 20, 36)


def nice_ticks(top: float, *, count: int = 4) -> list[float]:
    """Tick values from 0 to at least ``top``, about ``count`` of them, a nice step apart.

    ``nice_ticks(7)`` is ``[0, 2, 4, 6, 8]``; ``nice_ticks(0)`` is ``[0, 1]``.
    """
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _fmt(v: float, percent: bool) -> str:
    if percent:
        return f"{v * 100:.0f}%" if v * 100 >= 1 or v == 0 else f"{v * 100:.1f}%"
    return f"{v:g}"


def _frame(width: int, height: int, ticks: list[float], *, percent: bool, title: str, y_label: str,
           cls: str) -> tuple[list[str], float, float, float, float]:
    """The SVG head, grid lines with their labels, and the plot box ``(x0, y0, w, h)``."""
    left, right, top, bottom = MARGIN
    x0, y0, w, h = left, top, width - left - right, height - top - bottom
    parts = [f'<svg class="chart {cls}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>']
    for t in ticks:
        y = y0 + h - (t / ticks[-1]) * h
        parts.append(f'<line class="grid" x1="{x0}" x2="{x0 + w}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">{_fmt(t, percent)}</text>')
    parts.append(f'<line class="axis-line" x1="{x0}" x2="{x0}" y1="{y0}" y2="{y0 + h}"/>'
                 f'<line class="axis-line" x1="{x0}" x2="{x0 + w}" y1="{y0 + h}" y2="{y0 + h}"/>')
    if y_label:
        parts.append(f'<text class="axis-title" x="2" y="{y0 - 8}">{escape(y_label)}</text>')
    return parts, x0, y0, w, h


def _labelled(n: int, slot: float, longest: int) -> set[int]:
    """Indexes of the x labels to draw: every k-th, so that labels of ``longest`` characters
    (about 6.5 units each at the charts' 11-unit font) do not overlap; the last one always, in
    place of a neighbour too close to it."""
    every = max(1, math.ceil((longest * 6.5 + 6) / slot)) if slot > 0 else n
    shown = set(range(0, n, every))
    if n - 1 not in shown:
        if n - 1 - max(shown) < every:
            shown.discard(max(shown))
        shown.add(n - 1)
    return shown


def bars(values: list[int], *, labels: list[str], title: str, y_label: str = "", width: int = 480,
         height: int = 190) -> Markup:
    """A bar chart with a y axis (nice ticks, grid lines) and an x axis (``labels``, as many as fit).

    Args:
        values: one non-negative count per bar, in order.
        labels: one short label per bar (a day, ``Mon 23``); each bar also carries ``label: value``
            as a tooltip.
        title: what the chart shows (``<title>`` and ``aria-label``).
        y_label: the unit of the y axis, drawn above it.
        width, height: the ``viewBox`` in SVG units (the chart scales to its container).

    Each count is written above its bar (class ``count``) where the bar is at least 14 units wide;
    the top margin keeps the tallest bar's count inside the picture.

    Raises:
        ValueError: ``labels`` and ``values`` differ in length (bars would silently go missing).
    """
    if len(labels) != len(values):
        raise ValueError(f"bars: {len(values)} values but {len(labels)} labels")
    if not values:
        return Markup("")
    ticks = nice_ticks(max(values))
    parts, x0, y0, w, h = _frame(width, height, ticks, percent=False, title=title, y_label=y_label, cls="bars")
    slot = w / len(values)
    shown = _labelled(len(values), slot, max(len(label) for label in labels))
    for i, (v, label) in enumerate(zip(values, labels)):
        bh = (v / ticks[-1]) * h
        x = x0 + i * slot
        parts.append(f'<rect x="{x + slot * 0.15:.1f}" y="{y0 + h - bh:.1f}" width="{max(1.0, slot * 0.7):.1f}" '
                     f'height="{bh:.1f}"><title>{escape(label)}: {v}</title></rect>')
        if v and slot >= 14:
            parts.append(f'<text class="count" x="{x + slot / 2:.1f}" y="{y0 + h - bh - 4:.1f}" '
                         f'text-anchor="middle">{v}</text>')
        if i in shown:
            parts.append(f'<text class="axis" x="{x + slot / 2:.1f}" y="{y0 + h + 16}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line(values: list[float], *, labels: list[str], title: str, y_label: str = "", percent: bool = True,
         width: int = 480, height: int = 170) -> Markup:
    """A line chart of ``values`` (oldest first) with axes; the last point marked.

    Args:
        values: one value per period (shares in [0, 1] when ``percent``).
        labels: one label per value (a week, ``W09``); as many are drawn as fit.
        title, y_label, width, height: as for :func:`bars`.
        percent: y ticks as percentages.

    Raises:
        ValueError: ``labels`` and ``values`` differ in length.
    """
    if len(labels) != len(values):
        raise ValueError(f"line: {len(values)} values but {len(labels)} labels")
    if not values:
        return Markup("")
    ticks = nice_ticks(max(values) if max(values) > 0 else (0.1 if percent else 1))
    parts, x0, y0, w, h = _frame(width, height, ticks, percent=percent, title=title, y_label=y_label, cls="line")
    step = w / max(1, len(values) - 1)
    shown = _labelled(len(values), step, max(len(label) for label in labels))
    points = [(x0 + i * step, y0 + h - (v / ticks[-1]) * h) for i, v in enumerate(values)]
    parts.append('<polyline fill="none" stroke="currentColor" stroke-width="2" points="'
                 + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + '"/>')
    for i, ((x, y), v, label) in enumerate(zip(points, values, labels)):
        last = i == len(values) - 1
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3.5 if last else 2}" fill="currentColor">'
                     f'<title>{escape(label)}: {_fmt(v, percent)}</title></circle>')
        if i in shown:
            anchor = "end" if last and len(values) > 1 else "middle"
            parts.append(f'<text class="axis" x="{x:.1f}" y="{y0 + h + 16}" text-anchor="{anchor}">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
