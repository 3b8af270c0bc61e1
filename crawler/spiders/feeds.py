"""Read the entry links of RSS 2.0, RSS 1.0 and Atom feeds."""

from __future__ import annotations

import scrapy
from scrapy.http import Response

__all__ = ["feed_links"]


def feed_links(response: Response) -> list[str]:
    """Absolute links of the entries of an RSS 2.0, RSS 1.0 or Atom feed, in feed order.

    Atom: ``entry/link[@rel='alternate' or no rel]/@href``; RSS: ``item/link`` text (falling back
    to a permalink ``guid``). Namespaces are ignored; links are resolved against the feed's URL,
    stripped of whitespace, and listed once (tracking parameters are the extractor's business).

    Returns:
        list[str]: ``[]`` for a document with no entries (an HTML page, an empty channel).

    Raises:
        ValueError: when the body is not XML at all (from the selector).
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
