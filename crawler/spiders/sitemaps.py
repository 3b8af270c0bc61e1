"""Discover pages through XML sitemaps (and sitemap indexes, robots.txt ``Sitemap:`` lines)."""

from __future__ import annotations

from scrapy.http import Response
from scrapy.spiders import SitemapSpider as ScrapySitemapSpider

from ..items import FailedPage
from .base import PageSpider


class SitemapSpider(PageSpider, ScrapySitemapSpider):
    """Scrapy's ``SitemapSpider`` with debatelens' page handling and failure records.

    Every URL of every ``urlset`` becomes a page request (``sitemap_rules`` are not used); known
    URLs are skipped; a sitemap that cannot be parsed is recorded as a failure of its URL.
    """

    name = "sitemaps"

    def __init__(self, sitemaps: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.sitemap_urls = list(sitemaps or [])

    async def start(self):
        import scrapy

        for url in self.sitemap_urls:
            yield scrapy.Request(url, callback=self._parse_sitemap, errback=self.on_error, dont_filter=True)

    def _parse_sitemap(self, response: Response):
        produced = list(super()._parse_sitemap(response))
        if not produced and not self._get_sitemap_body(response):
            yield FailedPage(url=response.url, reason="bad-sitemap", detail="not a sitemap or sitemap index")
            return
        for request in produced:
            if request.callback == self._parse_sitemap:
                yield request.replace(errback=self.on_error)
                continue
            page = self.page_request(request.url, via=response.url)
            if page is not None:
                yield page
