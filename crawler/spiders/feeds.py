"""Read the entries of RSS 2.0, RSS 1.0 and Atom feeds: link, title and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import scrapy
from scrapy.http import Response

__all__ = ["FeedEntry", "feed_entries", "feed_links"]


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed.

    Attributes:
        url (str): the entry's link, absolute.
        title (str | None): its title, whitespace collapsed.
        published (str | None): its date (RSS ``pubDate``, Atom ``published`` else ``updated``,
            RSS 1.0 ``dc:date``) as ISO 8601 UTC (``2026-02-23T10:15:00Z``) when readable, else as
            written; None when the entry has none.
    """

    url: str
    title: str | None = None
    published: str | None = None


def _iso(value: str | None) -> str | None:
    """An RFC 822 (RSS) or RFC 3339 (Atom) date as ISO 8601 UTC; unreadable text as written."""
    text = (value or "").strip()
    if not text:
        return None
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_entries(response: Response) -> list[FeedEntry]:
    """The entries of an RSS 2.0, RSS 1.0 or Atom feed, in feed order, each link once.

    Atom: ``entry/link[@rel='alternate' or no rel]/@href``; RSS: ``item/link`` text (falling back
    to a permalink ``guid``). Namespaces are ignored; links are resolved against the feed's URL,
    stripped of whitespace (tracking parameters are the extractor's business).

    Returns:
        list[FeedEntry]: ``[]`` for a document with no entries (an HTML page, an empty channel).

    Raises:
        ValueError: when the body is not XML at all (from the selector).
        LookupError: when the charset the response names (header or XML declaration) is not a
            text encoding (``rot13``); the crawl records it as ``bad-charset``
            (:class:`crawler.middlewares.SpiderErrorsMiddleware`).
    """
    selector = scrapy.Selector(response, type="xml")
    selector.remove_namespaces()
    entries: dict[str, FeedEntry] = {}

    def add(href: str | None, title: str | None, date: str | None) -> None:
        if href and href.strip():
            url = response.urljoin(href.strip())
            title = " ".join((title or "").split()) or None
            entries.setdefault(url, FeedEntry(url=url, title=title, published=_iso(date)))

    for entry in selector.xpath("//entry"):
        add(entry.xpath("link[@rel='alternate']/@href | link[not(@rel)]/@href").get(),
            entry.xpath("string(title)").get(),
            entry.xpath("published/text()").get() or entry.xpath("updated/text()").get())
    for item in selector.xpath("//item"):
        add(item.xpath("link/text()").get() or item.xpath("guid[not(@isPermaLink='false')]/text()").get(),
            item.xpath("string(title)").get(), item.xpath("pubDate/text()").get() or item.xpath("date/text()").get())
    return list(entries.values())


def feed_links(response: Response) -> list[str]:
    """Absolute links of the entries of a feed, in feed order, each once (:func:`feed_entries`).

    Returns:
        list[str]: ``[]`` for a document with no entries.

    Raises:
        ValueError: when the body is not XML at all.
    """
    return [entry.url for entry in feed_entries(response)]
