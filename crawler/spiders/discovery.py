"""The crawl's spider: page URLs, RSS/Atom feeds and XML sitemaps in one.

``debatelens crawl`` runs this one spider so that one scheduler and one duplicate filter see
every URL: a page listed in both the feed and the sitemap is fetched once. A feed or sitemap
that lists nothing is recorded as a failure of its URL (``bad-feed``, ``bad-sitemap``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from ..errors import Reasons
from ..items import FailedPage
from .base import PageSpider
from .feeds import feed_links
from .sitemaps import BadSitemap, read_sitemap


class DiscoverySpider(PageSpider):
    """Fetch ``urls`` as pages, the entries of ``feeds``, and the pages of ``sitemaps``.

    Args:
        urls, feeds, sitemaps (list[str] | None): absolute http(s) URLs (any may be empty). A
            sitemap may be a sitemap index (its sitemaps are read in turn, once each) or a
            robots.txt (its ``Sitemap:`` lines are read).
        **kwargs: Scrapy spider arguments (``skip_urls``, see :class:`PageSpider`).
    """

    name = "discovery"

    def __init__(self, urls: list[str] | None = None, feeds: list[str] | None = None,
                 sitemaps: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.urls = list(urls or [])
        self.feeds = list(feeds or [])
        self.sitemaps = list(sitemaps or [])

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            request = self.page_request(url)
            if request is not None:
                yield request
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error, dont_filter=True)
        for url in self.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error, dont_filter=True)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | FailedPage]:
        """A page request per entry of the feed (:func:`.feeds.feed_links`), or ``bad-feed``."""
        try:
            links = feed_links(response)
        except ValueError as exc:  # not XML at all
            yield self.failed(response.url, Reasons.BAD_FEED, what=f"not an RSS/Atom feed: {exc}"[:300])
            return
        if not links:
            yield self.failed(response.url, Reasons.BAD_FEED, what="the feed lists no entry links")
        self.crawler.stats.inc_value("debatelens/feed_entries", len(links))
        for link in links:
            request = self.page_request(link)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | FailedPage]:
        """A request per sitemap and page the response lists (:func:`.sitemaps.read_sitemap`),
        or ``bad-sitemap``. Limits are the spider's ``download_maxsize`` / ``download_warnsize``
        or Scrapy's ``DOWNLOAD_MAXSIZE`` / ``DOWNLOAD_WARNSIZE`` (bytes)."""
        max_size = response.meta.get("download_maxsize", getattr(
            self, "download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE")))
        warn_size = response.meta.get("download_warnsize", getattr(
            self, "download_warnsize", self.settings.getint("DOWNLOAD_WARNSIZE")))
        try:
            links = read_sitemap(response, max_size=max_size, warn_size=warn_size)
        except BadSitemap as exc:
            yield self.failed(response.url, Reasons.BAD_SITEMAP, what=str(exc))
            return
        for url in links.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error)
        for url in links.pages:
            request = self.page_request(url)
            if request is not None:
                yield request
