"""Fetch a given list of page URLs."""

from __future__ import annotations

from .base import PageSpider


class UrlListSpider(PageSpider):
    """Fetch each URL of ``urls`` (a list of absolute http(s) URLs) as a page."""

    name = "urls"

    def __init__(self, urls: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.urls = list(urls or [])

    async def start(self):
        for url in self.urls:
            request = self.page_request(url, via="list", dont_filter=True)
            if request is not None:
                yield request
