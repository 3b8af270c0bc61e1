"""Discover pages through RSS 2.0 and Atom feeds."""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response

from ..items import FailedPage
from .base import PageSpider


def feed_links(response: Response) -> list[str]:
    """Absolute links of the entries of an RSS 2.0, RSS 1.0 or Atom feed, in feed order.

    Atom: ``entry/link[@rel='alternate' or no rel]/@href``; RSS: ``item/link`` text (falling back
    to a permalink ``guid``). Namespaces are ignored.
    """
    selector = scrapy.Selector(response, type="xml")
    selector.remove_namespaces()
    links: list[str] = []
    for entry in selector.xpath("//entry"):
        href = entry.xpath("link[@rel='alternate']/@href | link[not(@rel)]/@href").get()
        if href:
            links.append(response.urljoin(href.strip()))
    for item in selector.xpath("//item"):
        href = item.xpath("link/text()").get() or item.xpath("guid[not(@isPermaLink='false')]/text()").get()
        if href and href.strip():
            links.append(response.urljoin(href.strip()))
    return list(dict.fromkeys(links))


class FeedSpider(PageSpider):
    """Read each feed of ``feeds`` and fetch every entry's page."""

    name = "feeds"

    def __init__(self, feeds: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.feeds = list(feeds or [])

    async def start(self):
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error, dont_filter=True)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | FailedPage]:
        try:
            links = feed_links(response)
        except ValueError as exc:  # not XML at all
            yield FailedPage(url=response.url, reason="bad-feed", detail=f"not an RSS/Atom feed: {exc}"[:300])
            return
        if not links:
            yield FailedPage(url=response.url, reason="bad-feed", detail="the feed lists no entry links")
        self.crawler.stats.inc_value("debatelens/feed_entries", len(links))
        for link in links:
            request = self.page_request(link, via=response.url)
            if request is not None:
                yield request
