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
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

import lxml.etree

from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..errors import Reasons, Warnings

logger = logging.getLogger(__name__)

__all__ = ["BadSitemap", "SitemapLinks", "SitemapTooLarge", "looks_like_sitemap", "read_sitemap", "sitemap_body"]

# The parser options of Scrapy's ``scrapy.utils.sitemap.Sitemap`` (recover from broken XML, no
# entity expansion), so that details are read from the same tree Scrapy reads locations from.
_PARSER_OPTIONS = {"recover": True, "remove_comments": True, "resolve_entities": False, "no_network": True}
_SITEMAP_PATH = re.compile(r"(?:\.xml(?:\.gz)?$|sitemap)", re.IGNORECASE)


class BadSitemap(ValueError):
    """Raised by :func:`read_sitemap` for a response that lists no URL; the message says why
    in one line (not XML, another root element, an empty ``urlset``)."""


class SitemapTooLarge(Exception):
    """Raised by :func:`sitemap_body` for a gzip body that decompresses past ``max_size`` (a
    gzip bomb, or a sitemap above ``max_body_bytes``). Not a :class:`BadSitemap`: it carries its
    own reason (``too-large``), recorded by :class:`crawler.middlewares.SpiderErrorsMiddleware`.
    """

    debatelens_reason = Reasons.TOO_LARGE

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


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
    #: page URL -> what the sitemap said of it: ``title`` (``news:title``), ``published``
    #: (``news:publication_date``, ISO 8601 UTC when readable), ``lastmod``, ``publication``
    #: (``news:publication/news:name``), ``language``; only the fields present.
    details: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)
    #: True when ``sitemaps`` were taken from a ``<urlset>`` by their URLs (:func:`looks_like_sitemap`).
    guessed: bool = field(default=False, compare=False)


def looks_like_sitemap(url: str) -> bool:
    """Whether a location listed in a ``<urlset>`` names a sitemap rather than a page.

    A path that ends in ``.xml`` or ``.xml.gz``, or that has "sitemap" in it
    (``/sitemap-news/2``, ``/sitemap.xml/news/``). Some sites publish their sitemap index as a
    ``<urlset>`` (a malformed index); the sitemaps.org protocol says a ``<urlset>`` lists pages,
    so this reads the URL, the only evidence there is before fetching. A page wrongly taken for
    a sitemap is still fetched: the spider reads a non-sitemap answer as a page.
    """
    return bool(_SITEMAP_PATH.search(urlsplit(url).path))


def _iso_date(value: str) -> str:
    """``value`` (a W3C datetime, as sitemaps write dates) as ISO 8601 UTC
    (``2026-02-23T10:15:00Z``); a bare day stays a day; unreadable text is returned as written."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if len(text) <= 10:
        return moment.date().isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _details(body: bytes) -> dict[str, dict[str, str]]:
    """Page URL -> the ``lastmod`` and Google News fields of its ``<url>`` entry.

    Google's news sitemap extension (``xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"``):
    ``<news:news><news:publication><news:name/><news:language/></news:publication>
    <news:publication_date/><news:title/></news:news>``; matched by local name, whatever prefix.
    """
    try:
        root = lxml.etree.fromstring(body, parser=lxml.etree.XMLParser(**_PARSER_OPTIONS))
    except lxml.etree.XMLSyntaxError:
        return {}
    out: dict[str, dict[str, str]] = {}
    for entry in (root if root is not None else ()):
        if _local(entry.tag) != "url":
            continue
        fields: dict[str, str] = {}
        loc = ""
        for child in entry:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod" and (child.text or "").strip():
                fields["lastmod"] = _iso_date(child.text)
            elif name == "news":
                for item in child.iter():
                    key, text = _local(item.tag), (item.text or "").strip()
                    if not text:
                        continue
                    if key == "title":
                        fields["title"] = " ".join(text.split())
                    elif key == "publication_date":
                        fields["published"] = _iso_date(text)
                    elif key == "name":
                        fields["publication"] = text
                    elif key == "language":
                        fields["language"] = text
        if loc and fields:
            out.setdefault(loc, fields)
    return out


def sitemap_body(response: Response, *, max_size: int = 0, warn_size: int = 0) -> bytes | None:
    """The XML of a sitemap response, or None if it is not one.

    The steps of Scrapy's ``SitemapSpider._get_sitemap_body``: an ``XmlResponse`` as it is; a
    gzip body decompressed (at most ``max_size`` bytes, 0 for no limit; logs ``[W201]`` past
    ``warn_size``); a body of a ``.xml`` or ``.xml.gz`` URL as it is (already decompressed by
    ``HttpCompressionMiddleware``).

    Args:
        response: the downloaded response.
        max_size (int): bytes, Scrapy's ``DOWNLOAD_MAXSIZE``; a gzip body that decompresses
            past it raises :class:`SitemapTooLarge`.
        warn_size (int): bytes, Scrapy's ``DOWNLOAD_WARNSIZE``.
    """
    if isinstance(response, XmlResponse):
        return response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(response.body, max_size=max_size)
        except (OSError, EOFError):  # broken gzip data: not a sitemap
            return None
        except ValueError as exc:  # over max_size (Scrapy's _DecompressionMaxSizeExceeded)
            if not hasattr(exc, "max_size"):
                return None
            raise SitemapTooLarge(f"{len(response.body)} bytes of gzip decompress past {max_size} bytes "
                                  f"(max_body_bytes)") from None
        if len(response.body) < warn_size <= len(body):
            logger.warning(Warnings.W201.format(url=response.url, size=len(body), warn_size=warn_size))
        return body
    if response.url.endswith((".xml", ".xml.gz")):
        return response.body
    return None


def read_sitemap(response: Response, *, max_size: int = 0, warn_size: int = 0) -> SitemapLinks:
    """The sitemaps and pages listed by a sitemap, sitemap index or robots.txt response.

    Every ``<loc>`` counts (no alternate links); locations are taken as written. A ``<urlset>``
    whose entries name sitemaps (:func:`looks_like_sitemap`: a malformed sitemap index) gives
    those as sitemaps, the rest as pages, and logs ``[W220]``. A news sitemap's ``news:title``
    and ``news:publication_date`` (and any ``lastmod``) are in :attr:`SitemapLinks.details`.

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
    if kind == "sitemapindex":
        return SitemapLinks(sitemaps=locations)
    nested = tuple(loc for loc in locations if looks_like_sitemap(loc))
    if nested:
        logger.warning(Warnings.W220.format(url=response.url, count=len(nested), total=len(locations)))
    pages = tuple(loc for loc in locations if loc not in nested)
    details = _details(body) if b"lastmod" in body or b"news" in body else {}
    return SitemapLinks(sitemaps=nested, pages=pages, details={u: d for u, d in details.items() if u in pages},
                        guessed=bool(nested))
