"""``DiscoverySpider`` in a real Scrapy crawler, in this process, against a loopback site.

As Scrapy's own ``tests/test_crawl.py`` does: :func:`scrapy.utils.test.get_crawler` builds a
crawler with a real runner, and the crawl runs against a server on 127.0.0.1
(:class:`crawler.localsite.LocalSite`); nothing leaves the machine. No Twisted reactor is
installed in the test process, so Scrapy (>= 2.14) runs reactorless, each crawl in its own
``asyncio.run`` and with its aiohttp download handler; the crawls through ``debatelens crawl``
in ``test_spiders.py`` cover Twisted's handler and the store. No pipeline runs here: the items
the spider yields (:class:`PageItem`, :class:`FailedPage`) are collected as they are scraped.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from crawler.errors import Reasons
from crawler.items import FailedPage, PageItem
from crawler.localsite import PLACEHOLDER_ORIGIN, LocalSite
from crawler.spiders.discovery import DiscoverySpider

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample" / "site"
#: Spider settings of these crawls: polite defaults off (one local server), no retries, quiet.
SETTINGS = {"ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "RETRY_ENABLED": False, "LOG_LEVEL": "WARNING",
            "DOWNLOAD_TIMEOUT": 10, "COOKIES_ENABLED": False}
O = PLACEHOLDER_ORIGIN  # written in the site's files, rewritten by LocalSite to the served origin


@dataclass
class Crawl:
    """What one crawl yielded: pages by path (origin removed), failures by path and reason (a
    URL given both as a sitemap and as a feed fails twice), responses by path, and its stats."""

    origin: str
    pages: list[str] = field(default_factory=list)
    failures: dict[tuple[str, str], FailedPage] = field(default_factory=dict)
    responses: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def scraped(self, item) -> None:
        path = item.url.removeprefix(self.origin + "/")
        if isinstance(item, PageItem):
            self.pages.append(path)
        elif isinstance(item, FailedPage):
            assert (path, item.reason) not in self.failures, path
            self.failures[path, item.reason] = item


def crawl(site: LocalSite, **arguments) -> Crawl:
    """Run :class:`DiscoverySpider` with ``arguments`` against ``site`` to its end, in process."""
    result = Crawl(site.origin)

    def on_item(item, response, spider):
        result.scraped(item)

    def on_response(response, request, spider):
        result.responses.append(response.url.removeprefix(site.origin + "/"))

    async def run() -> None:
        with warnings.catch_warnings():
            # Scrapy announces its aiohttp handler (used when no reactor is installed) as experimental.
            warnings.filterwarnings("ignore", message="AiohttpDownloadHandler is experimental")
            crawler = get_crawler(DiscoverySpider, SETTINGS)
        crawler.signals.connect(on_item, signal=signals.item_scraped)
        crawler.signals.connect(on_response, signal=signals.response_received)
        await crawler.crawl_async(**arguments)
        result.stats = crawler.stats.get_stats()

    asyncio.run(run())
    assert result.stats.get("finish_reason") == "finished", result.stats
    return result


def page(title: str) -> str:
    body = "".join(f"<p>Paragraph {i} of {title}: the labs argued over model outputs.</p>" for i in range(5))
    return f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><article>{body}</article></body></html>"


def urlset(*paths: str) -> str:
    entries = "".join(f"<url><loc>{O}/{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A small site: robots.txt (a disallowed folder, a Sitemap line), a sitemap index listing two
    sitemaps (one gzip-compressed) and itself, a feed, and sitemaps that list nothing."""
    root = tmp_path_factory.mktemp("site")
    (root / "private").mkdir()
    for name in ("a", "b", "c", "d", "private/secret"):
        (root / f"{name}.html").write_text(page(name), encoding="utf-8")
    (root / "robots.txt").write_text(f"User-agent: *\nDisallow: /private/\nSitemap: {O}/index.xml\n",
                                     encoding="utf-8")
    (root / "index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{O}/pages.xml</loc></sitemap><sitemap><loc>{O}/more.xml.gz</loc></sitemap>"
        f"<sitemap><loc>{O}/index.xml</loc></sitemap></sitemapindex>", encoding="utf-8")
    (root / "pages.xml").write_text(urlset("a.html", "b.html", "private/secret.html", "missing.html"),
                                    encoding="utf-8")
    # LocalSite rewrites the placeholder origin in text files only: write the served origin later
    (root / "more.xml.gz.template").write_text(urlset("c.html", "a.html"), encoding="utf-8")
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><link>{O}/a.html</link></item>'
        f"<item><link>{O}/d.html</link></item></channel></rss>", encoding="utf-8")
    (root / "empty.xml").write_text(urlset(), encoding="utf-8")
    (root / "notxml.xml").write_text("this is not XML at all", encoding="utf-8")
    with LocalSite(root) as served:
        xml = (root / "more.xml.gz.template").read_text(encoding="utf-8").replace(O, served.origin)
        (root / "more.xml.gz").write_bytes(gzip.compress(xml.encode()))
        yield served


@pytest.fixture(scope="module")
def robots_crawl(site) -> Crawl:
    """The site crawled from its robots.txt, plus its feed: every discovery path at once."""
    return crawl(site, sitemaps=[site.url("robots.txt")], feeds=[site.url("feed.xml")])


def test_robots_sitemap_index_and_gzip_sitemap_are_followed_to_every_page(robots_crawl):
    assert sorted(robots_crawl.pages) == ["a.html", "b.html", "c.html", "d.html"]


def test_a_page_in_feed_and_sitemaps_is_fetched_once(robots_crawl):
    assert robots_crawl.pages.count("a.html") == 1
    assert robots_crawl.stats["debatelens/pages"] == 4
    assert robots_crawl.stats["debatelens/feed_entries"] == 2


def test_a_self_listing_sitemap_index_is_read_once(robots_crawl):
    # index.xml is named by robots.txt and lists itself; robots.txt is read by the spider and by
    # Scrapy's robots.txt middleware
    assert sorted(robots_crawl.responses) == sorted(
        ["robots.txt", "robots.txt", "index.xml", "pages.xml", "more.xml.gz", "feed.xml",
         "a.html", "b.html", "c.html", "d.html", "missing.html"])
    assert not [path for path, _ in robots_crawl.failures if path == "index.xml"]


def test_disallowed_and_missing_pages_are_failures_with_their_hint(robots_crawl):
    assert set(robots_crawl.failures) == {("private/secret.html", "robots"), ("missing.html", "http-404")}
    missing = robots_crawl.failures["missing.html", "http-404"]
    assert missing.detail == Reasons.HTTP.describe(status=404)
    assert robots_crawl.failures["private/secret.html", "robots"].detail.endswith(Reasons.ROBOTS.hint)


@pytest.fixture(scope="module")
def bad_sources_crawl(site) -> Crawl:
    """Sources that list nothing, and a page on a closed port."""
    with socket.socket() as s:  # a port nobody listens on: bind, note it, close
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    result = crawl(site, sitemaps=[site.url(p) for p in ("feed.xml", "empty.xml", "notxml.xml", "a.html")],
                   feeds=[site.url("b.html"), site.url("empty.xml")], urls=[f"http://127.0.0.1:{closed}/gone.html"])
    result.closed = closed
    return result


@pytest.mark.parametrize(("path", "reason", "why"), [
    ("feed.xml", "bad-sitemap", "(its root element is <rss>)"),
    ("empty.xml", "bad-sitemap", "the urlset lists no URL"),
    ("notxml.xml", "bad-sitemap", "not a sitemap or sitemap index"),
    ("a.html", "bad-sitemap", "not a sitemap or sitemap index (not XML)"),
    ("b.html", "bad-feed", "the feed lists no entry links"),
])
def test_a_source_that_lists_nothing_is_a_failure_of_its_url(bad_sources_crawl, path, reason, why):
    failure = bad_sources_crawl.failures[path, reason]
    text, hint = failure.detail.split(" \u2014 ")
    assert why in text
    assert hint == Reasons.get(reason).hint


def test_a_sitemap_given_as_a_feed_is_a_bad_feed_too(bad_sources_crawl):
    # empty.xml is given as a sitemap and as a feed: one failure for each
    assert sorted(r for p, r in bad_sources_crawl.failures if p == "empty.xml") == ["bad-feed", "bad-sitemap"]
    assert bad_sources_crawl.failures["empty.xml", "bad-feed"].detail.startswith("the feed lists no entry links")
    assert len(bad_sources_crawl.failures) == 7  # the five above, this one, the closed port
    assert bad_sources_crawl.stats.get("debatelens/pages", 0) == 0


def test_a_closed_port_is_unreachable(bad_sources_crawl):
    (failure,) = [f for f in bad_sources_crawl.failures.values() if f"127.0.0.1:{bad_sources_crawl.closed}" in f.url]
    assert failure.reason == "unreachable" and "refused" in failure.detail.lower()


def test_stored_urls_are_not_fetched_again(site):
    known = frozenset({site.url("a.html"), site.url("c.html")})
    result = crawl(site, sitemaps=[site.url("index.xml")], skip_urls=known)
    assert sorted(result.pages) == ["b.html"]
    assert result.stats["debatelens/skipped_known"] == 3  # a.html twice (two sitemaps), c.html once


def test_the_sample_sitemap_lists_every_page_once():
    with LocalSite(SAMPLE) as served:
        result = crawl(served, sitemaps=[served.url("sitemap.xml")])
    assert len(result.pages) == len(set(result.pages)) == 33  # 34 entries, one of them a 404
    assert set(result.failures) == {("ledger/2026/02/distillation-explainer.html", "http-404")}


def test_a_missing_folder_is_refused_with_its_code(tmp_path):
    from crawler.errors import CrawlerError

    with pytest.raises(CrawlerError, match=r"^\[E204\] No folder .*nope"):
        LocalSite(tmp_path / "nope")
