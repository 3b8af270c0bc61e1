"""Small inline SVG charts for briefings (no JavaScript, no external files).

Written here rather than with a plotting library: two chart shapes of a few lines each, and a
self-contained file must not load matplotlib's fonts or a JS runtime. Output is markup built
from numbers only, marked safe for Jinja with ``markupsafe.Markup``; labels are escaped.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def sparkline(values: list[int], *, width: int = 160, height: int = 32, title: str = "") -> Markup:
    """A line of ``values`` (oldest first) with the last point marked; ``title`` as tooltip."""
    if not values:
        return Markup("")
    top = max(values) or 1
    step = width / max(1, len(values) - 1)
    points = " ".join(f"{i * step:.1f},{height - 3 - (v / top) * (height - 6):.1f}" for i, v in enumerate(values))
    x_last, y_last = points.split()[-1].split(",")
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}: {", ".join(map(str, values))}</title>'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/>'
        f'<circle cx="{x_last}" cy="{y_last}" r="2.5" fill="currentColor"/></svg>')


def bars(values: list[int], *, labels: list[str], width: int = 560, height: int = 90, title: str = "") -> Markup:
    """A bar chart of ``values`` with one ``labels`` entry per bar (shown as tooltips; the first
    and last label under the axis, class ``axis``), each count above its bar (class ``count``)
    where a bar is at least 14 units wide. Drawn at ``width`` x ``height`` pixels.

    Raises:
        ValueError: ``labels`` and ``values`` differ in length (bars would silently go missing).
    """
    if len(labels) != len(values):
        raise ValueError(f"bars: {len(values)} values but {len(labels)} labels")
    if not values:
        return Markup("")
    top = max(values) or 1
    slot = width / len(values)
    parts = [(f'<svg class="bars" viewBox="0 0 {width} {height + 16}" width="{width}" height="{height + 16}" role="img" '
              f'aria-label="{escape(title)}"><title>{escape(title)}</title>')]
    for i, (v, label) in enumerate(zip(values, labels)):
        h = (v / top) * (height - 4)
        parts.append(f'<rect x="{i * slot + 1:.1f}" y="{height - h:.1f}" width="{max(1.0, slot - 2):.1f}" '
                     f'height="{h:.1f}"><title>{escape(label)}: {v}</title></rect>')
        if v and slot >= 14:  # the count above its bar, where there is room
            parts.append(f'<text x="{i * slot + slot / 2:.1f}" y="{max(10.0, height - h - 3):.1f}" '
                         f'text-anchor="middle" class="count">{v}</text>')
    parts.append(f'<text x="0" y="{height + 13}" class="axis">{escape(labels[0])}</text>'
                 f'<text x="{width}" y="{height + 13}" text-anchor="end" class="axis">{escape(labels[-1])}</text></svg>')
    return Markup("".join(parts))
