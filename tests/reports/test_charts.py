"""``reports.charts``: inline SVG built from numbers, with axes, labels escaped, nothing outside
the picture."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from reports.charts import MARGIN, bars, line, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The chart as XML (well-formed only if every label was escaped)."""
    return ET.fromstring(str(svg).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def texts(root: ET.Element, cls: str) -> list[ET.Element]:
    return [t for t in root.iter(f"{SVG}text") if t.get("class") == cls]


def test_nice_ticks():
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(4) == [0, 1, 2, 3, 4]
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(0.37) == [0, 0.1, 0.2, 0.3, 0.4]
    assert nice_ticks(1234)[-1] >= 1234


def test_bars_have_axes_ticks_and_every_label_that_fits():
    svg = bars([3, 4, 4, 2, 1, 2, 0], labels=["Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 1"],
               title="documents per day", y_label="documents")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert [t.text for t in texts(root, "tick")] == ["0", "1", "2", "3", "4"]
    assert [t.text for t in texts(root, "axis")] == ["Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 1"]
    assert [t.text for t in texts(root, "axis-title")] == ["documents"]
    assert [t.text for t in texts(root, "count")] == ["3", "4", "4", "2", "1", "2"]
    rects = root.findall(f"{SVG}rect")
    assert [r.find(f"{SVG}title").text for r in rects][:2] == ["Mon 23: 3", "Tue 24: 4"]
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] == max(heights) and heights[6] == 0.0 and heights[0] == pytest.approx(heights[1] * 3 / 4)


def test_nothing_is_drawn_outside_the_view_box():
    """Regression: the tallest bar's count was drawn above the picture and cut off."""
    svg = bars([10, 50, 20], labels=["a", "b", "c"], title="t")
    root = parse(svg)
    _, _, width, height = map(float, root.get("viewBox").split())
    for t in root.iter(f"{SVG}text"):
        assert 0 < float(t.get("y")) <= height and 0 <= float(t.get("x")) <= width
    for r in root.findall(f"{SVG}rect"):
        assert float(r.get("y")) >= MARGIN[2] - 0.01 and float(r.get("y")) + float(r.get("height")) <= height


def test_a_month_of_bars_labels_only_what_fits():
    labels = [f"{d} Feb" for d in range(1, 29)]
    root = parse(bars(list(range(28)), labels=labels, title="t"))
    shown = [t.text for t in texts(root, "axis")]
    assert 3 <= len(shown) < 28 and shown[0] == "1 Feb" and shown[-1] == "28 Feb"
    xs = [float(t.get("x")) for t in texts(root, "axis")]
    assert all(b - a >= len("28 Feb") * 6.5 for a, b in zip(xs, xs[1:]))  # no two labels overlap


def test_line_chart_percent_ticks_and_last_point():
    root = parse(line([0.1, 0.25, 0.4], labels=["W07", "W08", "W09"], title="share", y_label="share"))
    assert [t.text for t in texts(root, "tick")] == ["0%", "10%", "20%", "30%", "40%"]
    assert [t.text for t in texts(root, "axis")] == ["W07", "W08", "W09"]
    circles = root.findall(f"{SVG}circle")
    assert [c.find(f"{SVG}title").text for c in circles] == ["W07: 10%", "W08: 25%", "W09: 40%"]
    assert float(circles[-1].get("r")) > float(circles[0].get("r"))
    points = root.find(f"{SVG}polyline").get("points").split()
    assert float(points[-1].split(",")[1]) < float(points[0].split(",")[1])  # higher share drawn higher


def test_labels_are_escaped():
    svg = bars([1, 2], labels=["<b>Mon</b>", "Tue & Wed"], title="<i>t</i>", y_label="<u>")
    assert "<b>" not in svg and "<i>" not in svg and "<u>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<i>t</i>"
    assert [t.text for t in texts(root, "axis")] == ["<b>Mon</b>", "Tue & Wed"]
    assert not re.search(r"<script", str(line([1.0], labels=["<script>"], title="x")))


def test_edge_cases():
    assert bars([], labels=[], title="t") == "" and line([], labels=[], title="t") == ""
    assert parse(bars([0, 0], labels=["a", "b"], title="t")).find(f"{SVG}rect") is not None  # all zero
    assert parse(line([0.0], labels=["W01"], title="t")).find(f"{SVG}circle") is not None
    with pytest.raises(ValueError, match="3 values but 2 labels"):
        bars([1, 2, 3], labels=["a", "b"], title="t")
    with pytest.raises(ValueError, match="1 values but 2 labels"):
        line([1.0], labels=["a", "b"], title="t")
