"""Briefings opened in headless Chromium as a reader would, at 1280 px and on a 390 px phone:
no console error, no request but the file itself, every section there, nothing wider than the
screen, a picture that is not blank, and a printout whose text holds every source's address.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped with a message without it.
"""

from __future__ import annotations

import io
import re

import pytest

from reports.briefing import SECTIONS, write_briefing

from .cdp import Browser, find_chromium
from .conftest import extend_store

pytestmark = pytest.mark.slow

LAYOUT = """(() => {
  const w = document.documentElement.clientWidth, wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > w + 1 || r.left < -1) {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
      wide.push(el.tagName.toLowerCase() + cls + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  }
  return {width: w, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10),
          sections: [...document.querySelectorAll('main > section[id]')].map(s => [s.id, s.innerText.trim().length]),
          scripts: document.scripts.length};
})()"""


@pytest.fixture(scope="module")
def briefing(tmp_path_factory, new_database):
    from tests.conftest import _settings_for, seed_store

    folder = tmp_path_factory.mktemp("browser")
    with new_database("sqlite", folder) as url:
        store = extend_store(seed_store(url))
        result = write_briefing(_settings_for(url), period="2026-W09", out_dir=folder / "out")
        yield store, result


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    with Browser(binary) as b:
        yield b


def _not_blank(png: bytes) -> tuple[int, float]:
    """(distinct grey levels, share of pixels darker than the background) of a screenshot."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    background = max(range(256), key=histogram.__getitem__)
    ink = sum(n for level, n in enumerate(histogram) if level < background - 40)
    return sum(1 for n in histogram if n), ink / (image.width * image.height)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_opens_the_briefing(briefing, browser, width):
    _, result = briefing
    mark = len(browser.events)
    browser.open(result.path, width=width)
    layout = browser.evaluate(LAYOUT)
    assert layout["width"] == width
    assert [s for s, _ in layout["sections"]] == [s for s, _ in SECTIONS]
    assert all(n > 40 for _, n in layout["sections"]), layout["sections"]  # every section has content
    assert layout["wide"] == [] and layout["scrollWidth"] <= width, layout
    assert layout["scripts"] == 0
    events = browser.events[mark:]
    requested = [p["request"]["url"] for name, p in events if name == "Network.requestWillBeSent"]
    assert requested == [result.path.resolve().as_uri()]
    errors = [e for e in browser.console_errors() if e]
    assert errors == []
    levels, ink = _not_blank(browser.screenshot())
    assert levels > 20 and ink > 0.01


@pytest.mark.parametrize("page", ["index.html", "copy"])
def test_index_and_stored_copy_fit_a_phone(briefing, browser, page):
    store, result = briefing
    path = result.index if page == "index.html" else result.path.parent / "copies" / f"doc-{store.docs['hostile']}.html"
    mark = len(browser.events)
    browser.open(path, width=390)
    layout = browser.evaluate(LAYOUT)
    assert layout["wide"] == [] and layout["scrollWidth"] <= 390, layout
    requested = [p["request"]["url"] for name, p in browser.events[mark:] if name == "Network.requestWillBeSent"]
    assert requested == [path.resolve().as_uri()]
    assert browser.console_errors() == [] and layout["scripts"] == 0


def test_hostile_text_runs_nothing(briefing, browser):
    """The hostile post's title and text (``<script>``, ``onerror=``, a ``javascript:`` link) are
    shown as text: no script element, no dialog, no link to ``javascript:``."""
    _, result = briefing
    browser.open(result.path, width=1280)
    found = browser.evaluate("""({
        links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
                 .filter(h => /^\\s*(javascript|data|vbscript):/i.test(h)),
        images: document.images.length, handlers: document.querySelectorAll('[onerror],[onclick],[onload]').length,
        text: document.body.innerText.includes('<script>alert(2)</script> the accusers <b>copied</b> first')})""")
    assert found == {"links": [], "images": 0, "handlers": 0, "text": True}
    assert not [e for e in browser.console_errors() if e.startswith("dialog")]


def test_printout_has_page_numbers_and_every_source_address(briefing, browser):
    from pypdf import PdfReader

    store, result = briefing
    browser.open(result.path, width=1280)
    reader = PdfReader(io.BytesIO(browser.pdf()))
    assert len(reader.pages) >= 2
    pages = [page.extract_text() or "" for page in reader.pages]
    compact = re.sub(r"\s+", "", "".join(pages))
    for url in (store.seeded.urls["accuse"], store.seeded.urls["critic"], "https://wire.co.uk/tech/distill"):
        assert url in compact, url
    assert f"page1of{len(reader.pages)}" in compact.lower()
    assert f"page{len(reader.pages)}of{len(reader.pages)}" in re.sub(r"\s+", "", pages[-1]).lower()
