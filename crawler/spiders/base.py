"""What every debatelens spider shares: turn responses into items, errors into failures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ..items import FailedPage, PageItem


def _classes(module, *names: str) -> tuple[type, ...]:
    """The exception classes of ``module`` among ``names`` (older Scrapy lacks some)."""
    return tuple(getattr(module, n) for n in names if isinstance(getattr(module, n, None), type))


def failure_reason(failure: Failure) -> tuple[str, str]:
    """``(reason code, one line)`` for a failed request: ``http-<status>``, ``robots``,
    ``timeout``, ``unreachable`` (DNS, refused, reset) or ``fetch-error``.

    Knows Twisted's exceptions and the ``scrapy.exceptions`` that Scrapy 2.13+ wraps them in
    (``DownloadTimeoutError``, ``CannotResolveHostError``, ``DownloadConnectionRefusedError``).
    """
    import scrapy.exceptions
    import twisted.internet.error
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError

    timeouts = (_classes(twisted.internet.error, "TimeoutError", "TCPTimedOutError")
                + _classes(scrapy.exceptions, "DownloadTimeoutError"))
    dns = _classes(twisted.internet.error, "DNSLookupError") + _classes(scrapy.exceptions, "CannotResolveHostError")
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http-{status}", f"the server answered HTTP {status}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc) or "request ignored"
        return ("robots" if "robots" in text.lower() else "ignored"), text
    if isinstance(exc, timeouts):
        return "timeout", str(exc).strip() or "timed out"
    if isinstance(exc, dns):
        text = str(exc).strip()[:300]
        return "unreachable", text if text.startswith("DNS lookup failed") else f"DNS lookup failed: {text}"
    name = type(exc).__name__
    if "Refused" in name or "Connection" in name or "Lost" in name:
        return "unreachable", f"{name}: {str(exc).strip()[:300]}"
    return "fetch-error", f"{name}: {str(exc).strip()[:300]}"


class PageSpider(scrapy.Spider):
    """Base class: ``parse_page`` yields a :class:`PageItem`; ``on_error`` a :class:`FailedPage`.

    ``skip_urls`` (set by :func:`crawler.run.crawl`) holds URLs already in the store, which are not
    fetched again unless the crawl asks to refetch.
    """

    skip_urls: frozenset[str] = frozenset()

    def page_request(self, url: str, *, via: str = "", **kwargs: Any) -> scrapy.Request | None:
        """A request for a page, or ``None`` when ``url`` is stored already."""
        if url in self.skip_urls:
            self.crawler.stats.inc_value("debatelens/skipped_known")
            return None
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error,
                              cb_kwargs={"via": via}, **kwargs)

    def parse_page(self, response: Response, via: str = "") -> Iterator[PageItem]:
        """The response as a :class:`PageItem` (extraction happens in the pipelines)."""
        self.crawler.stats.inc_value("debatelens/pages")
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        yield PageItem(url=response.url, status=response.status, body=response.body,
                       content_type=content_type, via=via)

    def on_error(self, failure: Failure) -> Iterable[FailedPage]:
        """Turn a failed request into a :class:`FailedPage`; the crawl goes on."""
        reason, detail = failure_reason(failure)
        url = failure.request.url if getattr(failure, "request", None) else "?"
        self.logger.warning("failed %s: %s (%s)", url, reason, detail)
        yield FailedPage(url=url, reason=reason, detail=detail)
