"""Read XML sitemaps, sitemap indexes and the ``Sitemap:`` lines of robots.txt.

Scrapy's ``SitemapSpider`` reads them in private methods (``_parse_sitemap``,
``_get_sitemap_body``) and only logs "Ignoring invalid sitemap" for a bad one; here the same
steps use Scrapy's public helpers (:class:`scrapy.utils.sitemap.Sitemap`,
:func:`scrapy.utils.sitemap.sitemap_urls_from_robots`, :func:`scrapy.utils.gz.gunzip`), and a
sitemap that lists nothing raises :class:`BadSitemap` with why, so that the spider records it as
a failure of its URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..errors import Warnings

logger = logging.getLogger(__name__)

__all__ = ["BadSitemap", "SitemapLinks", "read_sitemap", "sitemap_body"]


class BadSitemap(ValueError):
    """Raised by :func:`read_sitemap` for a response that lists no URL; the message says why
    in one line (not XML, another root element, an empty ``urlset``)."""


@dataclass(frozen=True)
class SitemapLinks:
    """What one sitemap lists, in document order.

    Attributes:
        sitemaps (tuple[str, ...]): further sitemaps to read (a sitemap index's entries, the
            ``Sitemap:`` lines of robots.txt).
        pages (tuple[str, ...]): pages to fetch (a ``urlset``'s entries).
    """

    sitemaps: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()


def sitemap_body(response: Response, *, max_size: int = 0, warn_size: int = 0) -> bytes | None:
    """The XML of a sitemap response, or None if it is not one.

    The steps of Scrapy's ``SitemapSpider._get_sitemap_body``: an ``XmlResponse`` as it is; a
    gzip body decompressed (at most ``max_size`` bytes, 0 for no limit; logs ``[W201]`` past
    ``warn_size``); a body of a ``.xml`` or ``.xml.gz`` URL as it is (already decompressed by
    ``HttpCompressionMiddleware``).

    Args:
        response: the downloaded response.
        max_size (int): bytes, Scrapy's ``DOWNLOAD_MAXSIZE``; a bigger decompressed body is
            not a sitemap.
        warn_size (int): bytes, Scrapy's ``DOWNLOAD_WARNSIZE``.
    """
    if isinstance(response, XmlResponse):
        return response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(response.body, max_size=max_size)
        except ValueError:  # over max_size (Scrapy's _DecompressionMaxSizeExceeded)
            return None
        if len(response.body) < warn_size <= len(body):
            logger.warning(Warnings.W201.format(url=response.url, size=len(body), warn_size=warn_size))
        return body
    if response.url.endswith((".xml", ".xml.gz")):
        return response.body
    return None


def read_sitemap(response: Response, *, max_size: int = 0, warn_size: int = 0) -> SitemapLinks:
    """The sitemaps and pages listed by a sitemap, sitemap index or robots.txt response.

    Every ``<loc>`` counts (no alternate links); locations are taken as written.

    Args:
        response: the downloaded response; a URL ending in ``/robots.txt`` is read as robots.txt.
        max_size, warn_size (int): bytes, see :func:`sitemap_body`.

    Returns:
        SitemapLinks: never empty.

    Raises:
        BadSitemap: when the response lists no URL, with why.
    """
    if response.url.endswith("/robots.txt"):
        found = tuple(sitemap_urls_from_robots(response.body, base_url=response.url))
        if not found:
            raise BadSitemap("robots.txt names no sitemap")
        return SitemapLinks(sitemaps=found)
    body = sitemap_body(response, max_size=max_size, warn_size=warn_size)
    if not body:
        raise BadSitemap("not a sitemap or sitemap index (not XML)")
    try:
        sitemap = Sitemap(body)
        kind = sitemap.type
        locations = tuple(dict.fromkeys(entry["loc"] for entry in sitemap if entry.get("loc")))
    except Exception as exc:  # lxml errors on XML it cannot recover  # noqa: BLE001
        raise BadSitemap(f"not a sitemap or sitemap index: {exc}"[:300]) from exc
    if kind not in ("urlset", "sitemapindex"):
        raise BadSitemap(f"not a sitemap or sitemap index (its root element is <{kind}>)")
    if not locations:
        raise BadSitemap(f"the {kind} lists no URL")
    return SitemapLinks(sitemaps=locations) if kind == "sitemapindex" else SitemapLinks(pages=locations)
