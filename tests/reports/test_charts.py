"""``reports.charts``: inline SVG built from numbers, labels escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from reports.charts import bars, sparkline

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The chart as XML (well-formed only if every label was escaped)."""
    return ET.fromstring(str(svg).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_sparkline_points_and_last_marker():
    svg = sparkline([0, 2, 4], width=100, height=20, title="passages")
    assert isinstance(svg, Markup)
    root = parse(svg)
    points = [tuple(map(float, p.split(","))) for p in root.find(f"{SVG}polyline").get("points").split()]
    assert [x for x, _ in points] == [0.0, 50.0, 100.0]
    assert points[0][1] == 17.0 and points[2][1] == 3.0  # the highest value at the top margin
    circle = root.find(f"{SVG}circle")
    assert (float(circle.get("cx")), float(circle.get("cy"))) == points[-1]
    assert root.find(f"{SVG}title").text == "passages: 0, 2, 4"


def test_sparkline_escapes_its_title():
    svg = sparkline([1, 2], title='<script>alert("x")</script> & co')
    assert "<script>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == '<script>alert("x")</script> & co'


def test_sparkline_edge_cases():
    assert sparkline([]) == ""
    assert parse(sparkline([0, 0, 0])).find(f"{SVG}polyline") is not None  # all zero: no division by zero
    assert parse(sparkline([5])).find(f"{SVG}circle").get("cx") == "0.0"


def test_bars_heights_and_labels():
    svg = bars([1, 0, 4], labels=["a", "b", "c"], width=300, height=50, title="per day")
    root = parse(svg)
    rects = root.findall(f"{SVG}rect")
    assert [float(r.get("height")) for r in rects] == [11.5, 0.0, 46.0]
    assert [r.find(f"{SVG}title").text for r in rects] == ["a: 1", "b: 0", "c: 4"]
    assert [t.text for t in root.findall(f"{SVG}text") if t.get("class") == "axis"] == ["a", "c"]
    assert [t.text for t in root.findall(f"{SVG}text") if t.get("class") == "count"] == ["1", "4"]


def test_bars_escape_labels():
    svg = bars([1, 2], labels=["<b>Mon</b>", "Tue & Wed"], title="<i>t</i>")
    assert "<b>" not in svg and "<i>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<i>t</i>"
    assert [t.text for t in root.findall(f"{SVG}text") if t.get("class") == "axis"] == ["<b>Mon</b>", "Tue & Wed"]


def test_bars_of_nothing():
    assert bars([], labels=[]) == ""


def test_bars_need_one_label_per_value():
    with pytest.raises(ValueError, match="3 values but 2 labels"):
        bars([1, 2, 3], labels=["a", "b"])
