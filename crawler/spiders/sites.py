"""Link-following within a site: from start pages, links matching allow and not deny, to a depth.

A mixin of :class:`crawler.spiders.discovery.DiscoverySpider`. Links are read with Scrapy's
:class:`scrapy.linkextractors.LinkExtractor` (``allow``/``deny`` regular expressions, restricted
to the start pages' hosts, ``rel=nofollow`` links skipped). A page reached at the last level,
or one matching ``articles``, is fetched as a page; the others (section fronts, archive pages)
are read for their links. With ``articles`` patterns, only the pages matching them are stored.

In a dry run, the pages that are read for links (start pages and, with ``articles``, the
listing pages between) are fetched; documents are listed, not fetched. Without ``articles``
patterns a dry run cannot tell documents from listings, so it lists the links of the start
pages only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from ..sources.plan import SitePlan


class SitesMixin:
    """``sites`` (list[:class:`crawler.sources.plan.SitePlan`]) for :class:`DiscoverySpider`."""

    sites: list[SitePlan] = []

    def _site_extractors(self) -> list[tuple[LinkExtractor, list[re.Pattern]]]:
        """The link extractor and article patterns of each site, built once (also in a process
        that joined a shared crawl and read no start page itself)."""
        if getattr(self, "_site_links", None) is None:
            self._site_links = []
            for plan in self.sites or ():
                # netloc, not hostname: Scrapy compares allow_domains with the netloc (port included)
                hosts = sorted({urlsplit(url).netloc.lower() for url in plan.start} - {""})
                self._site_links.append((LinkExtractor(allow=plan.allow, deny=plan.deny, allow_domains=hosts),
                                         [re.compile(p) for p in plan.articles]))
        return self._site_links

    def site_requests(self) -> Iterator[scrapy.Request]:
        """A request per start page of every site."""
        self._site_extractors()
        for n, plan in enumerate(self.sites or ()):
            for url in plan.start:
                yield scrapy.Request(url, callback=self.parse_site, errback=self.on_error,
                                     dont_filter=self.repeat_sources, meta={"site": n, "site_depth": 0})

    def parse_site(self, response: Response) -> Iterator:
        """A page reached by following links: stored when it is a document, read for links while
        the depth allows."""
        n, depth = response.meta["site"], response.meta["site_depth"]
        plan = self.sites[n]
        links, articles = self._site_extractors()[n]
        if depth > 0 and not articles:
            yield from self.parse_page(response)  # every page reached is a document
        if depth >= plan.depth or not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value("debatelens/site_pages_read")
        for link in links.extract_links(response):
            url, next_depth = link.url, depth + 1
            document = any(p.search(url) for p in articles) if articles else next_depth >= plan.depth
            if document:
                request = self.page_request(url, source="site", via=response.url, title=link.text.strip() or None)
                if request is not None:
                    yield request
            elif next_depth < plan.depth and not (self.dry_run and not articles):
                yield scrapy.Request(url, callback=self.parse_site, errback=self.on_error,
                                     meta={"site": n, "site_depth": next_depth})
            elif self.dry_run and not articles:
                request = self.page_request(url, source="site", via=response.url, title=link.text.strip() or None)
                if request is not None:
                    yield request
