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
        if not produced:  # Scrapy only logs "Ignoring invalid sitemap": record it against the URL
            yield FailedPage(url=response.url, reason="bad-sitemap", detail=self._why_empty(response))
            return
        for request in produced:
            if request.callback == self._parse_sitemap:
                yield request.replace(errback=self.on_error)
                continue
            page = self.page_request(request.url, via=response.url)
            if page is not None:
                yield page

    def _why_empty(self, response: Response) -> str:
        """One line on why ``response`` gave no URL: not a sitemap at all, or an empty one."""
        from scrapy.utils.sitemap import Sitemap

        if response.url.endswith("/robots.txt"):
            return "robots.txt names no sitemap"
        body = self._get_sitemap_body(response)
        if not body:
            return "not a sitemap or sitemap index (not XML)"
        try:
            kind = Sitemap(body).type
        except Exception as exc:  # lxml errors on broken XML  # noqa: BLE001
            return f"not a sitemap or sitemap index: {exc}"[:300]
        if kind in ("urlset", "sitemapindex"):
            return f"the {kind} lists no URL"
        return f"not a sitemap or sitemap index (its root element is <{kind}>)"

