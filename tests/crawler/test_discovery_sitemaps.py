"""Sitemaps beyond the protocol's happy path, and the dry run (``dry_run=True``, ``debatelens discover``).

A malformed sitemap index (a ``<urlset>`` whose entries are sitemaps, one of them itself), a
Google-News-style news sitemap, and feeds, served on 127.0.0.1 and crawled in process (Scrapy's
``get_crawler``, no pipeline). The files below are written for these tests.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import XmlResponse

from crawler.items import DiscoveredUrl, FailedPage, PageItem
from crawler.localsite import PLACEHOLDER_ORIGIN, LocalSite
from crawler.spiders.discovery import DiscoverySpider
from crawler.spiders.sitemaps import looks_like_sitemap, read_sitemap

O = PLACEHOLDER_ORIGIN
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def page(title: str) -> str:
    body = "".join(f"<p>Paragraph {i} of {title}: the labs argued over model outputs.</p>" for i in range(5))
    return f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><article>{body}</article></body></html>"


def urlset(*paths: str) -> str:
    entries = "".join(f"<url><loc>{O}/{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset {NS}>{entries}</urlset>'


NEWS = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {NS} {NEWS_NS}>
  <url>
    <loc>{O}/news/lab-names-three-rivals.html</loc>
    <news:news>
      <news:publication><news:name>The Harbor Ledger</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-02-23T11:15:00+01:00</news:publication_date>
      <news:title>Lab names three rivals in   distillation complaint</news:title>
    </news:news>
  </url>
  <url>
    <loc>{O}/news/ministry-answers.html</loc>
    <lastmod>2026-02-24</lastmod>
    <news:news><news:publication_date>2026-02-24</news:publication_date>
      <news:title>Ministry answers the complaint</news:title></news:news>
  </url>
</urlset>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site whose sitemap index is a ``<urlset>`` listing two sitemaps, itself, a news
    sitemap and a page whose path says "sitemap"; a feed with titles and dates."""
    root = tmp_path_factory.mktemp("malformed")
    (root / "news").mkdir()
    (root / "guide").mkdir()
    for name in ("a", "b", "c", "news/lab-names-three-rivals", "news/ministry-answers", "guide/sitemap-basics"):
        (root / f"{name}.html").write_text(page(name), encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    # the malformed index: a urlset of sitemaps (itself among them) and one page
    (root / "sitemap_index.xml").write_text(
        urlset("sitemap-posts.xml", "sitemap-pages.xml.gz", "sitemap_index.xml", "sitemap-news.xml",
               "guide/sitemap-basics.html", "c.html"), encoding="utf-8")
    (root / "sitemap-posts.xml").write_text(urlset("a.html", "sitemap_index.xml"), encoding="utf-8")
    (root / "sitemap-news.xml").write_text(NEWS, encoding="utf-8")
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>First  story</title><link>{O}/a.html</link><pubDate>Mon, 23 Feb 2026 10:15:00 +0000</pubDate></item>"
        f"<item><title>Second</title><link>{O}/c.html</link></item></channel></rss>", encoding="utf-8")
    with LocalSite(root) as served:
        # LocalSite rewrites the placeholder origin in text files only: compress with the served one
        xml = urlset("b.html", "a.html").replace(O, served.origin)
        (root / "sitemap-pages.xml.gz").write_bytes(gzip.compress(xml.encode()))
        yield served


def _path(site, url: str) -> str:
    return url.removeprefix(site.origin + "/")


def test_a_urlset_of_sitemaps_is_read_as_a_sitemap_index(caplog):
    body = urlset("sitemap-1.xml", "sitemap-2.xml.gz", "story.html").replace(O, "https://x.example")
    with caplog.at_level(logging.WARNING, logger="crawler.spiders.sitemaps"):
        links = read_sitemap(XmlResponse("https://x.example/sitemap.xml", body=body.encode()))
    assert links.sitemaps == ("https://x.example/sitemap-1.xml", "https://x.example/sitemap-2.xml.gz")
    assert links.pages == ("https://x.example/story.html",) and links.guessed
    assert caplog.records[0].getMessage().startswith("[W220] sitemap https://x.example/sitemap.xml is a <urlset>")


@pytest.mark.parametrize(("url", "sitemap"), [
    ("https://x.example/sitemap.xml", True), ("https://x.example/post-sitemap2.xml.gz", True),
    ("https://x.example/sitemap.xml/news/", True), ("https://x.example/sitemaps/news?page=2", True),
    ("https://x.example/2026/02/story.html", False), ("https://x.example/feed", False),
    ("https://x.example/story?format=xml", False),
])
def test_which_urlset_entries_are_taken_for_sitemaps(url, sitemap):
    assert looks_like_sitemap(url) is sitemap


def test_news_sitemap_titles_and_dates_are_read():
    links = read_sitemap(XmlResponse("https://x.example/news.xml", body=NEWS.replace(O, "https://x.example").encode()))
    assert links.details["https://x.example/news/lab-names-three-rivals.html"] == {
        "title": "Lab names three rivals in distillation complaint", "published": "2026-02-23T10:15:00Z",
        "publication": "The Harbor Ledger", "language": "en"}
    assert links.details["https://x.example/news/ministry-answers.html"] == {
        "lastmod": "2026-02-24", "published": "2026-02-24", "title": "Ministry answers the complaint"}


@pytest.fixture(scope="module")
def malformed_crawl(site, spider_runner):
    return spider_runner(DiscoverySpider, sitemaps=[site.url("sitemap_index.xml")])


def test_the_malformed_index_leads_to_every_page(site, malformed_crawl):
    pages = sorted(_path(site, item.url) for item in malformed_crawl.of(PageItem))
    assert pages == ["a.html", "b.html", "c.html", "guide/sitemap-basics.html",
                     "news/lab-names-three-rivals.html", "news/ministry-answers.html"]
    assert not malformed_crawl.of(FailedPage)


def test_each_sitemap_is_fetched_once_though_listed_twice_and_by_itself(site, malformed_crawl):
    fetched = [_path(site, url) for url in malformed_crawl.responses]
    for sitemap in ("sitemap_index.xml", "sitemap-posts.xml", "sitemap-pages.xml.gz", "sitemap-news.xml"):
        assert fetched.count(sitemap) == 1, (sitemap, fetched)
    assert malformed_crawl.stats["debatelens/sitemaps_repeated"] == 2  # by itself, and by sitemap-posts.xml


@pytest.fixture(scope="module")
def dry_run(site, spider_runner):
    return spider_runner(DiscoverySpider, dry_run=True, sitemaps=[site.url("sitemap_index.xml")],
                         feeds=[site.url("feed.xml")], urls=[site.url("b.html")])


def test_a_dry_run_fetches_no_page(site, dry_run):
    fetched = {_path(site, url) for url in dry_run.responses}
    # the page with "sitemap" in its path is fetched as a sitemap, found to be a page, and listed
    assert fetched == {"robots.txt", "sitemap_index.xml", "sitemap-posts.xml", "sitemap-pages.xml.gz",
                       "sitemap-news.xml", "feed.xml", "guide/sitemap-basics.html"}
    assert not dry_run.of(PageItem)


def test_a_dry_run_lists_every_url_once_with_what_its_source_said(site, dry_run):
    found = {_path(site, item.url): item for item in dry_run.of(DiscoveredUrl)}
    assert len(found) == len(dry_run.of(DiscoveredUrl)) == 6
    assert found["b.html"].source == "url"  # given directly: listed first, so once, as given
    news = found["news/lab-names-three-rivals.html"]
    assert (news.source, news.title, news.published) == (
        "sitemap", "Lab names three rivals in distillation complaint", "2026-02-23T10:15:00Z")
    assert news.via == site.url("sitemap-news.xml") and news.extra == {"publication": "The Harbor Ledger",
                                                                       "language": "en"}
    first = [item for item in dry_run.of(DiscoveredUrl) if _path(site, item.url) == "a.html"][0]
    assert first.source in ("feed", "sitemap")
    if first.source == "feed":
        assert (first.title, first.published) == ("First story", "2026-02-23T10:15:00Z")


@pytest.mark.slow
def test_debatelens_discover_prints_jsonl_and_writes_no_store(site, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    out = subprocess.run([sys.executable, "-m", "debatelens", "discover", "--sitemap", site.url("sitemap-news.xml"),
                          "--feed", site.url("feed.xml"), "--url", site.url("b.html"), "--allow-private"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert sorted(_path(site, r["url"]) for r in rows) == ["a.html", "b.html", "c.html",
                                                          "news/lab-names-three-rivals.html",
                                                          "news/ministry-answers.html"]
    assert set(rows[0]) == {"url", "source", "via", "title", "published", "kind", "extra"}
    feed = {_path(site, r["url"]): r for r in rows if r["source"] == "feed"}
    assert feed["a.html"]["title"] == "First story" and feed["c.html"]["published"] is None
    assert "discover: 5 URLs" in out.stderr
    assert list(tmp_path.iterdir()) == []  # no store, no file


@pytest.mark.slow
def test_discover_with_only_failing_sources_exits_1(site, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    out = subprocess.run([sys.executable, "-m", "debatelens", "discover", "--sitemap", site.url("missing.xml"),
                          "--allow-private"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False)
    assert out.returncode == 1
    assert "failed " + site.url("missing.xml") + ": http-404" in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("error: no URL found")


def test_sample_sitemap_paths_are_pages_not_sitemaps():
    # the bundled sample's sitemap lists pages only: none may be taken for a sitemap
    sample = Path(__file__).resolve().parents[2] / "sample" / "site" / "sitemap.xml"
    links = read_sitemap(XmlResponse("http://127.0.0.1/sitemap.xml", body=sample.read_bytes()))
    assert not links.sitemaps and len(links.pages) == 34
