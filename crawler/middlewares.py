"""Middlewares that keep a crawl safe from what the web sends: destinations, redirects, errors.

- :class:`DestinationFilterMiddleware` (downloader): every request, redirects and robots.txt
  included, is checked on the address its host resolves to; private, loopback, link-local,
  reserved and multicast addresses (not globally reachable by Python's :mod:`ipaddress`, which
  follows the IANA special-purpose registries) are refused with :class:`DestinationRefused`
  unless the ``allow_private`` setting is on. A page, feed or sitemap cannot make the crawler
  fetch ``http://169.254.169.254/`` (a cloud metadata service) or a service on the crawling
  machine. The check is made on the answer of the system resolver just before the download;
  Scrapy's download handler resolves the host again when it connects, so a DNS server that
  answers differently within that instant (DNS rebinding) is not covered: a crawl of hostile
  domains needs a network-level egress filter as well.
- :class:`RedirectMiddleware` (downloader, in place of Scrapy's): Scrapy drops a redirect to a
  URL already seen through its duplicate filter without a word, and says "max redirections
  reached" against the last hop; here a loop (A -> A, A -> B -> A) is :class:`RedirectLoop` and
  a chain longer than ``max_redirects`` is :class:`TooManyRedirects`, both recorded against the
  URL first asked for (``redirect_urls[0]``, see :meth:`crawler.spiders.base.PageSpider.on_error`).
- :class:`SpiderErrorsMiddleware` (spider): an exception in a spider callback (a response no
  reader expected, a charset Python has no decoder for) becomes a failure of that URL
  (``spider-error``, ``bad-charset``, or the reason the exception carries) instead of a
  traceback in the log and nothing in the store.
- :class:`DownloadLimitsMiddleware` (downloader): a feed is read up to ``max_feed_bytes``, and a
  body cut at its size limit is told apart from other cancelled downloads (``too-large``).
- :class:`SourceLimitsMiddleware` (spider): sitemap indexes are followed ``sitemap_max_depth`` levels deep and at most
  ``sitemap_max_count`` sitemaps are read per crawl, the rest recorded as ``sitemap-limit`` (an
  index that lists a new index at every answer would otherwise be followed for ever).

Each refusal is an ``IgnoreRequest`` carrying its :class:`crawler.errors.Reason`
(``debatelens_reason``), so :func:`crawler.spiders.base.failure_reason` records it with its code.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from .errors import Reason, Reasons
from .items import FailedPage

logger = logging.getLogger(__name__)

__all__ = ["DestinationFilterMiddleware", "DestinationRefused", "DownloadLimitsMiddleware", "RedirectLoop", "RedirectMiddleware",
           "SourceLimitsMiddleware", "SpiderErrorsMiddleware", "TooManyRedirects", "is_public_address"]


class RefusedRequest(IgnoreRequest):
    """A request the crawler refuses, with the :class:`~crawler.errors.Reason` to record.

    Attributes:
        debatelens_reason (Reason): the catalogue entry (its ``code`` is stored).
        what (str): the facts, the ``{what}`` of the reason's text.
    """

    debatelens_reason: Reason = Reasons.IGNORED

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class DestinationRefused(RefusedRequest):
    """The URL's host is (or resolves to) an address that is not globally reachable."""

    debatelens_reason = Reasons.BLOCKED_DESTINATION


class RedirectLoop(RefusedRequest):
    """A redirect leads back to a URL of its own chain."""

    debatelens_reason = Reasons.REDIRECT_LOOP


class TooManyRedirects(RefusedRequest):
    """A redirect chain is longer than ``max_redirects``."""

    debatelens_reason = Reasons.TOO_MANY_REDIRECTS


def is_public_address(address: str) -> bool:
    """Whether ``address`` (an IPv4 or IPv6 literal) is globally reachable and not multicast.

    IPv4-mapped IPv6 (``::ffff:127.0.0.1``) and 6to4 forms are judged by the IPv4 address they
    carry. False for anything that is not an address.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        carried = ip.ipv4_mapped or ip.sixtofour
        if carried is not None:
            ip = carried
    return ip.is_global and not ip.is_multicast


class DestinationFilterMiddleware:
    """Refuse requests whose host is, or resolves to, a non-public address (see the module).

    Settings: ``DEBATELENS_ALLOW_PRIVATE`` (bool, from the ``allow_private`` setting): when
    true, every destination is allowed (a local test site). Resolved addresses are kept per
    host for the crawl. A host that does not resolve is let through: the download then fails
    as ``unreachable``, the true reason.
    """

    def __init__(self, *, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        self._verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(allow_private=crawler.settings.getbool("DEBATELENS_ALLOW_PRIVATE"))

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if self.allow_private:
            return None
        parts = urlsplit(request.url)
        host = parts.hostname
        if not host:
            return None
        if host not in self._verdicts:
            self._verdicts[host] = await self._verdict(host, parts.port or (443 if parts.scheme == "https" else 80))
        refused = self._verdicts[host]
        if refused:
            raise DestinationRefused(refused)
        return None

    @staticmethod
    async def _verdict(host: str, port: int) -> str | None:
        """Why ``host`` is refused (one line), or ``None`` when every address it has is public."""
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            addresses = [host]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError):
                return None  # not resolvable: the download reports it
            addresses = list(dict.fromkeys(info[4][0] for info in infos))
        for address in addresses:
            if not is_public_address(address):
                shown = host if address == host else f"{host} ({address})"
                return f"{shown} is a private, loopback, link-local or reserved address"
        return None


class RedirectMiddleware(ScrapyRedirectMiddleware):
    """Scrapy's ``RedirectMiddleware`` that records loops and long chains (see the module).

    ``REDIRECT_MAX_TIMES`` comes from the ``max_redirects`` setting.
    """

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            hops = " -> ".join([*chain, redirected.url])
            raise RedirectLoop(f"the redirects lead back to a URL of their own chain: {hops}"[:500])
        if len(chain) > self.max_redirect_times:
            raise TooManyRedirects(f"more than {self.max_redirect_times} redirects from {chain[0]} "
                                   f"(last: {redirected.url})"[:500])
        return super()._redirect(redirected, request, reason)


class SpiderErrorsMiddleware:
    """An exception raised by a spider callback becomes a :class:`FailedPage` of its URL.

    The URL recorded is the one first asked for (before redirects). Scrapy would log a
    traceback and record nothing.
    """

    def process_spider_exception(self, response: Response, exception: Exception,
                                 spider: Any = None) -> Iterable[FailedPage]:
        request = response.request
        url = (request.meta.get("redirect_urls") or [response.url])[0] if request is not None else response.url
        reason = getattr(exception, "debatelens_reason", None)
        what = getattr(exception, "what", "") or f"{type(exception).__name__}: {str(exception).strip()}"
        if not isinstance(reason, Reason):
            # A charset named by the server that Python cannot decode with (unknown, or a
            # str-to-str codec such as rot13): LookupError from the response's .text.
            reason = Reasons.BAD_CHARSET if isinstance(exception, LookupError) else Reasons.SPIDER_ERROR
        what = what[:300]
        logger.warning("failed %s: %s (%s)", url, reason.code, what)
        return [FailedPage(url=url, reason=reason.code, detail=reason.describe(what=what))]


def _callback_name(request: Request) -> str:
    callback = request.callback
    return getattr(callback, "__name__", "") if callback is not None else ""


class DownloadLimitsMiddleware:
    """Downloader middleware: a feed is read up to ``max_feed_bytes`` (``download_maxsize`` in
    its meta), and the bytes of every body are counted as they arrive (``bytes_received``) so
    that a download Scrapy cancels past its size limit, with no Content-Length to say so before,
    is recorded as ``too-large`` (meta ``debatelens_too_large``) rather than a bare
    "download cancelled".

    Settings: ``DEBATELENS_MAX_FEED_BYTES``; Scrapy's ``DOWNLOAD_MAXSIZE``.
    """

    def __init__(self, *, max_feed_bytes: int = 0, max_size: int = 0) -> None:
        self.max_feed_bytes, self.max_size = max_feed_bytes, max_size

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        middleware = cls(max_feed_bytes=crawler.settings.getint("DEBATELENS_MAX_FEED_BYTES"),
                         max_size=crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def process_request(self, request: Request, spider: Any = None) -> None:
        if self.max_feed_bytes and _callback_name(request) == "parse_feed":
            request.meta.setdefault("download_maxsize", self.max_feed_bytes)
        return None

    def bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        received = request.meta.get("debatelens_bytes", 0) + len(data)
        request.meta["debatelens_bytes"] = received
        limit = request.meta.get("download_maxsize", self.max_size)
        if limit and received > limit:
            request.meta["debatelens_too_large"] = f"{received} bytes received, past the limit of {limit} bytes"


class SourceLimitsMiddleware:
    """Spider middleware: sitemap indexes followed ``sitemap_max_depth`` levels deep, at most
    ``sitemap_max_count`` sitemaps per crawl (see the module); a sitemap request is told by its
    callback (``parse_sitemap`` of :class:`crawler.spiders.discovery.DiscoverySpider`).

    Settings: ``DEBATELENS_SITEMAP_MAX_DEPTH``, ``DEBATELENS_SITEMAP_MAX_COUNT``.
    """

    def __init__(self, *, sitemap_max_depth: int = 5, sitemap_max_count: int = 1000) -> None:
        self.max_depth, self.max_count = sitemap_max_depth, sitemap_max_count
        self.sitemaps = 0

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(sitemap_max_depth=s.getint("DEBATELENS_SITEMAP_MAX_DEPTH", 5),
                   sitemap_max_count=s.getint("DEBATELENS_SITEMAP_MAX_COUNT", 1000))

    def _limited(self, response: Response, result: Any) -> Any:
        if not isinstance(result, Request) or _callback_name(result) != "parse_sitemap":
            return result
        depth = response.meta.get("sitemap_depth", 0) + 1
        self.sitemaps += 1
        if depth > self.max_depth:
            what = (f"{result.url} is {depth} levels of sitemap indexes below the sitemap given "
                    f"(listed by {response.url}), past sitemap_max_depth={self.max_depth}")
        elif self.sitemaps > self.max_count:
            what = (f"{result.url} would be sitemap number {self.sitemaps} of this crawl, "
                    f"past sitemap_max_count={self.max_count}")
        else:
            result.meta["sitemap_depth"] = depth
            return result
        logger.warning("failed %s: %s (%s)", result.url, Reasons.SITEMAP_LIMIT.code, what)
        return FailedPage(url=result.url, reason=Reasons.SITEMAP_LIMIT.code, detail=Reasons.SITEMAP_LIMIT.describe(what=what))

    def process_spider_output(self, response: Response, result: Iterable[Any], spider: Any = None):
        for item in result:
            yield self._limited(response, item)

    async def process_spider_output_async(self, response: Response, result, spider: Any = None):
        async for item in result:
            yield self._limited(response, item)
