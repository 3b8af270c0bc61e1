"""One spider for every discovery source of a crawl: page URLs, feeds and sitemaps together.

``debatelens crawl`` runs this spider so that one scheduler and one duplicate filter see every
URL: a page listed in both the feed and the sitemap is fetched once. The single-source spiders
(:mod:`.urls`, :mod:`.feeds`, :mod:`.sitemaps`) remain for ``scrapy crawl`` users.
"""

from __future__ import annotations

import scrapy

from .feeds import FeedSpider
from .sitemaps import SitemapSpider


class DiscoverySpider(SitemapSpider):
    """Fetch ``urls`` as pages, the entries of ``feeds``, and the URLs of ``sitemaps``.

    Args:
        urls, feeds, sitemaps: absolute http(s) URLs (any may be empty).
    """

    name = "discovery"
    parse_feed = FeedSpider.parse_feed

    def __init__(self, urls: list[str] | None = None, feeds: list[str] | None = None,
                 sitemaps: list[str] | None = None, **kwargs):
        super().__init__(sitemaps=sitemaps, **kwargs)
        self.urls = list(urls or [])
        self.feeds = list(feeds or [])

    async def start(self):
        for url in self.urls:
            request = self.page_request(url, via="list")
            if request is not None:
                yield request
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error, dont_filter=True)
        async for request in super().start():
            yield request
