"""The crawl's spider: page URLs, RSS/Atom feeds, XML sitemaps and the API sources in one.

``debatelens crawl`` runs this one spider so that one scheduler and one duplicate filter see
every URL: a page listed in both the feed and the sitemap is fetched once. A feed or sitemap
that lists nothing is recorded as a failure of its URL (``bad-feed``, ``bad-sitemap``). Each
sitemap is read once, however many indexes (or itself) list it. The API sources (GDELT, Hacker
News, Reddit threads), link-following within sites and WARC files are mixins
(:mod:`crawler.spiders.apis`, :mod:`crawler.spiders.sites`, :mod:`crawler.spiders.warcs`).

As a dry run (``dry_run=True``, ``debatelens discover``) the spider fetches its sources and
yields a :class:`crawler.items.DiscoveredUrl` for every page it would fetch, fetching none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response
from w3lib.url import canonicalize_url

from ..errors import Reasons
from ..items import DiscoveredUrl, FailedPage
from ..sources.plan import GdeltPlan, HackerNewsPlan, RedditPlan, SitePlan, WarcPlan
from .apis import ApiSourcesMixin
from .base import PageSpider
from .feeds import feed_entries
from .sitemaps import BadSitemap, read_sitemap
from .sites import SitesMixin
from .warcs import WarcMixin


class DiscoverySpider(ApiSourcesMixin, SitesMixin, WarcMixin, PageSpider):
    """Fetch ``urls`` as pages, the entries of ``feeds``, the pages of ``sitemaps``, and what the
    API sources, sites and WARC files name.

    Args:
        urls, feeds, sitemaps (list[str] | None): absolute http(s) URLs (any may be empty). A
            sitemap may be a sitemap index (its sitemaps are read in turn, once each), a
            ``<urlset>`` that lists sitemaps (a malformed index, read the same way) or a
            robots.txt (its ``Sitemap:`` lines are read).
        statements (list[str] | None): URLs of official statements (PDF or HTML), fetched as pages.
        gdelt (GdeltPlan | None), hackernews (HackerNewsPlan | None), reddit (RedditPlan | None),
            sites (list[SitePlan] | None), warc (WarcPlan | None): the other sources
            (:mod:`crawler.sources.plan`; the mixins read them).
        dry_run (bool): list pages instead of fetching them (:class:`PageSpider`).
        **kwargs: Scrapy spider arguments (``skip_urls``, see :class:`PageSpider`).
    """

    name = "discovery"

    def __init__(self, urls: list[str] | None = None, feeds: list[str] | None = None,
                 sitemaps: list[str] | None = None, statements: list[str] | None = None, *,
                 gdelt: GdeltPlan | None = None, hackernews: HackerNewsPlan | None = None,
                 reddit: RedditPlan | None = None, sites: list[SitePlan] | None = None,
                 warc: WarcPlan | None = None, dry_run: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.gdelt, self.hackernews, self.reddit, self.warc = gdelt, hackernews, reddit, warc
        self.sites = list(sites or [])
        self.urls = list(urls or [])
        self.feeds = list(feeds or [])
        self.sitemaps = list(sitemaps or [])
        self.statements = list(statements or [])
        self.dry_run = dry_run
        self._sitemaps_read: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request | DiscoveredUrl]:
        if not self.seed:  # a process joining a shared crawl: its requests come from the frontier
            return
        for url in self.urls:
            request = self.page_request(url)
            if request is not None:
                yield request
        for url in self.statements:
            request = self.page_request(url, source="statement", kind="statement")
            if request is not None:
                yield request
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error,
                                 dont_filter=self.repeat_sources)
        for url in self.sitemaps:
            request = self.sitemap_request(url)
            if request is not None:
                yield request
        for request in self.api_requests():
            yield request
        for request in self.site_requests():
            yield request
        async for item in self.warc_items():
            yield item

    def sitemap_request(self, url: str, *, maybe_page: bool = False) -> scrapy.Request | None:
        """A request for the sitemap at ``url``, or None when this crawl has read it already.

        ``maybe_page``: the URL came from a ``<urlset>`` (a malformed index); an answer that is
        no sitemap is then read as a page instead of failing.
        """
        key = canonicalize_url(url)
        if key in self._sitemaps_read:
            self.crawler.stats.inc_value("debatelens/sitemaps_repeated")
            return None
        self._sitemaps_read.add(key)
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error,
                              dont_filter=self.repeat_sources, meta={"maybe_page": maybe_page})

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | DiscoveredUrl | FailedPage]:
        """A page request per entry of the feed (:func:`.feeds.feed_entries`), or ``bad-feed``."""
        try:
            entries = feed_entries(response)
        except ValueError as exc:  # not XML at all
            yield self.failed(response.url, Reasons.BAD_FEED, what=f"not an RSS/Atom feed: {exc}"[:300])
            return
        if not entries:
            yield self.failed(response.url, Reasons.BAD_FEED, what="the feed lists no entry links")
        self.crawler.stats.inc_value("debatelens/feed_entries", len(entries))
        for entry in entries:
            request = self.page_request(entry.url, source="feed", via=response.url, title=entry.title,
                                        published=entry.published)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | DiscoveredUrl | FailedPage]:
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
            if response.meta.get("maybe_page") and b"<html" in response.body[:4096].lower():
                # a page with "sitemap" in its path, listed by a urlset: it is a page after all
                yield from self._as_page(response)
                return
            yield self.failed(response.url, Reasons.BAD_SITEMAP, what=str(exc))
            return
        for url in links.sitemaps:
            request = self.sitemap_request(url, maybe_page=links.guessed)
            if request is not None:
                yield request
        for url in links.pages:
            said = links.details.get(url, {})
            request = self.page_request(url, source="sitemap", via=response.url, title=said.get("title"),
                                        published=said.get("published") or said.get("lastmod"),
                                        extra={k: v for k, v in said.items() if k in ("publication", "language")})
            if request is not None:
                yield request

    def _as_page(self, response: Response) -> Iterator:
        """A response fetched as a sitemap that is a page: listed (dry run) or parsed as one."""
        if self.dry_run:
            listed = self.page_request(response.url, source="sitemap")
            if listed is not None:
                yield listed
            return
        yield from self.parse_page(response)
