"""Items that travel from the spiders through the pipelines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(repr=False)
class PageItem:
    """A fetched page: what :class:`crawler.rawstore.RawPagePipeline` writes to ``raw_pages``
    (the extraction pass, :mod:`crawler.extractpass`, reads it from there).

    Attributes:
        url (str): the URL fetched (after redirects).
        body (bytes): the raw response body, as received.
        status (int): the HTTP status.
        headers (dict[str, str]): response headers, repeated ones joined by ``", "``.
        request_url (str): the URL requested (before redirects); ``url`` when empty.
        fetched_at (datetime): when the response arrived, UTC.
        extracted: set by the extraction pipeline, a :class:`crawler.extraction.ExtractedDocument`.
        relevance (float): set by the relevance pipeline, the profile's score of the page.
        relevant (bool): set by the relevance pipeline, whether the score passes the profile's rule.
        near_duplicate_of (int | None): set by the store pipeline, the id of the first stored
            document of the page's near-duplicate group.
        meta (dict): values pipelines hand on to later ones (``content_hash``).
    """

    url: str
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    request_url: str = ""
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    extracted: Any = None
    relevance: float = 0.0
    relevant: bool = False
    near_duplicate_of: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # log lines name the page, never its bytes
        return f"PageItem(url={self.url!r}, bytes={len(self.body)})"


@dataclass
class FailedPage:
    """A URL the crawl could not fetch or read (a feed, a sitemap, a page).

    Stored as a crawl failure, never a document.

    Attributes:
        url (str): the URL requested.
        reason (str): the short code of a :class:`crawler.errors.Reasons` entry (``http-404``,
            ``unreachable``, ``robots``, ``timeout``, ``bad-feed`` ...).
        detail (str): one line for people, what happened then what to do
            (:meth:`crawler.errors.Reason.describe`).
    """

    url: str
    reason: str
    detail: str = ""


@dataclass
class DiscoveredUrl:
    """A URL a crawl would fetch, and what its source said of it (``debatelens discover``).

    Yielded instead of a request when a spider runs as a dry run (``dry_run=True``): nothing
    but the sources themselves (feeds, sitemaps, API searches) is fetched.

    Attributes:
        url (str): the URL, absolute, as the source gave it.
        source (str): which kind of source named it: ``url``, ``feed``, ``sitemap``, ``gdelt``,
            ``hackernews``, ``reddit``, ``site``, ``statement`` or ``warc``.
        via (str): the feed, sitemap, API call, page or file that named it (``""`` for a URL given
            directly).
        title (str | None): the title the source gave, if any.
        published (str | None): the date the source gave, ISO 8601 in UTC when it could be read
            (``2026-02-23T10:15:00Z``), else as written.
        kind (str): what will be fetched: ``page``, ``thread`` (an API thread) or ``statement``.
        extra (dict): other fields the source gave (GDELT's ``domain``, ``language``,
            ``sourcecountry``; Hacker News points and comment counts ...).
    """

    url: str
    source: str
    via: str = ""
    title: str | None = None
    published: str | None = None
    kind: str = "page"
    extra: dict[str, Any] = field(default_factory=dict)
