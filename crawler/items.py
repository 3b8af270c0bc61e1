"""Items that travel from the spiders through the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(repr=False)
class PageItem:
    """A fetched page: what the pipelines extract, score, de-duplicate and store.

    ``body`` is the raw response bytes; ``content_type`` the ``Content-Type`` header (may be empty);
    ``via`` the feed, sitemap or list that led to it. The pipelines fill ``extracted`` (a
    :class:`crawler.extraction.ExtractedDocument`), ``relevance``/``relevant`` and
    ``near_duplicate_of``.
    """

    url: str
    status: int
    body: bytes
    content_type: str = ""
    via: str = ""
    extracted: Any = None
    relevance: float = 0.0
    relevant: bool = False
    near_duplicate_of: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # log lines name the page, never its bytes
        return f"PageItem(url={self.url!r}, status={self.status}, bytes={len(self.body)})"


@dataclass
class FailedPage:
    """A URL the spider could not fetch: a reason code (``http-404``, ``unreachable``,
    ``robots``, ``timeout``) and one line of detail. Stored as a crawl failure, never a document."""

    url: str
    reason: str
    detail: str = ""
