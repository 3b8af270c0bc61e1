"""What every debatelens spider shares: turn responses into items, errors into failures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ..errors import Reason, Reasons
from ..items import DiscoveredUrl, FailedPage, PageItem

#: Longest exception text kept in a failure's detail (characters).
MAX_ERROR_CHARS = 300


def _classes(module, *names: str) -> tuple[type, ...]:
    """The exception classes of ``module`` among ``names`` (older Scrapy lacks some)."""
    return tuple(getattr(module, n) for n in names if isinstance(getattr(module, n, None), type))


def failure_reason(failure: Failure) -> tuple[str, str]:
    """The reason code and detail of a failed request.

    Args:
        failure: the errback's failure.

    Returns:
        tuple[str, str]: ``(code, detail)``. ``code`` is one of :class:`crawler.errors.Reasons`:
        ``http-<status>``, ``robots``, ``ignored``, ``timeout``, ``unreachable`` (DNS, refused,
        reset, lost) or ``fetch-error``; ``detail`` is one line, what happened then what to do
        (:meth:`crawler.errors.Reason.describe`), the exception text cut to
        :data:`MAX_ERROR_CHARS` characters.

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
    text = str(exc).strip()[:MAX_ERROR_CHARS]
    reason: Reason
    refused = getattr(exc, "debatelens_reason", None)  # crawler.middlewares.RefusedRequest
    if isinstance(refused, Reason):
        return refused.code, refused.describe(what=getattr(exc, "what", text) or text)
    request = getattr(failure, "request", None)
    too_large = request.meta.get("debatelens_too_large") if request is not None else None
    if too_large or "max size" in text or "DOWNLOAD_MAXSIZE" in text:  # a download or decompression limit
        return Reasons.TOO_LARGE.code, Reasons.TOO_LARGE.describe(what=text or too_large)
    if type(exc).__name__ == "ResponseDataLossError" or "PotentialDataLoss" in text or "_DataLoss" in text:
        return Reasons.INCOMPLETE.code, Reasons.INCOMPLETE.describe(what=text or "body cut short")
    if isinstance(exc, HttpError):
        status = exc.response.status
        return Reasons.HTTP.code_for(status=status), Reasons.HTTP.describe(status=status)
    if isinstance(exc, IgnoreRequest):
        reason = Reasons.ROBOTS if "robots" in text.lower() else Reasons.IGNORED
        what = text or "request ignored"
    elif isinstance(exc, timeouts):
        reason, what = Reasons.TIMEOUT, text or "timed out"
    elif isinstance(exc, dns):
        reason = Reasons.UNREACHABLE
        what = text if text.startswith("DNS lookup failed") else f"DNS lookup failed: {text}"
    else:
        name = type(exc).__name__
        connection = "Refused" in name or "Connection" in name or "Lost" in name
        reason, what = (Reasons.UNREACHABLE if connection else Reasons.FETCH_ERROR), f"{name}: {text}"
    return reason.code, reason.describe(what=what)


class PageSpider(scrapy.Spider):
    """Base class: ``parse_page`` yields a :class:`PageItem`; ``on_error`` a :class:`FailedPage`.

    Attributes:
        skip_urls (frozenset[str]): URLs already in the store (set by :func:`crawler.run.crawl`),
            not fetched again; counted in the ``debatelens/skipped_known`` stat.
        dry_run (bool): list the pages instead of fetching them (``debatelens discover``): every
            :meth:`page_request` yields a :class:`DiscoveredUrl`, once per URL; only sources
            (feeds, sitemaps, API searches) are fetched.
        shared_frontier (bool): the requests go to a frontier shared with other crawl processes
            (:mod:`crawler.frontier`): source requests (feeds, sitemaps, API calls, site pages)
            then pass its duplicate filter too, so no two processes read one sitemap.
        seed (bool): yield the start requests (default). False for a process that joins a
            shared crawl in progress: its work comes from the frontier's queue.
    """

    skip_urls: frozenset[str] = frozenset()
    dry_run: bool = False
    shared_frontier: bool = False
    seed: bool = True

    @property
    def repeat_sources(self) -> bool:
        """``dont_filter`` of source requests: a source is read even when its URL was asked for
        already in this process (sitemaps are de-duplicated by the spider itself); with a shared
        frontier, through its duplicate filter (each read once by all the processes)."""
        return not self.shared_frontier

    def page_request(self, url: str, *, source: str = "url", via: str = "", title: str | None = None,
                     published: str | None = None, kind: str = "page", extra: dict | None = None,
                     **kwargs: Any) -> scrapy.Request | DiscoveredUrl | None:
        """A request for the page at ``url``, or, in a dry run, a :class:`DiscoveredUrl` with
        what its source said of it; ``None`` when ``url`` is stored already (or, in a dry run,
        listed already).

        Args:
            url: absolute URL of the page (or API thread) to fetch.
            source, via, title, published, kind, extra: see :class:`DiscoveredUrl`.
            **kwargs: go to :class:`scrapy.Request` (``callback`` defaults to :meth:`parse_page`).
        """
        if url in self.skip_urls:
            self.crawler.stats.inc_value("debatelens/skipped_known")
            return None
        if self.dry_run:
            listed = self.__dict__.setdefault("_listed", set())
            if url in listed:
                return None
            listed.add(url)
            self.crawler.stats.inc_value("debatelens/discovered")
            return DiscoveredUrl(url=url, source=source, via=via, title=title, published=published,
                                 kind=kind, extra=dict(extra or {}))
        kwargs.setdefault("callback", self.parse_page)
        kwargs.setdefault("errback", self.on_error)
        return scrapy.Request(url, **kwargs)

    def parse_page(self, response: Response) -> Iterator[PageItem]:
        """The response as a :class:`PageItem` (stored raw; extraction happens in the extraction pass)."""
        self.crawler.stats.inc_value("debatelens/pages")
        redirects = response.request.meta.get("redirect_urls") if response.request is not None else None
        headers = {k.decode("latin-1"): ", ".join(v.decode("latin-1") for v in values)
                   for k, values in response.headers.items()}
        yield PageItem(url=response.url, body=response.body, status=response.status, headers=headers,
                       request_url=redirects[0] if redirects else response.url)

    def failed(self, url: str, reason: Reason, **fields: object) -> FailedPage:
        """A :class:`FailedPage` of ``url`` for ``reason`` (its text's ``fields`` filled in),
        logged as a warning."""
        page = FailedPage(url=url, reason=reason.code_for(**fields), detail=reason.describe(**fields))
        self.logger.warning("failed %s: %s (%s)", page.url, page.reason, page.detail)
        return page

    def on_error(self, failure: Failure) -> Iterable[FailedPage]:
        """Turn a failed request into a :class:`FailedPage`; the crawl goes on."""
        reason, detail = failure_reason(failure)
        request = getattr(failure, "request", None)
        # Recorded against the URL asked for, not the last hop of its redirects.
        url = (request.meta.get("redirect_urls") or [request.url])[0] if request is not None else "?"
        self.logger.warning("failed %s: %s (%s)", url, reason, detail)
        yield FailedPage(url=url, reason=reason, detail=detail)
