"""Pages read from WARC archives instead of the network (``debatelens crawl --warc FILE``).

A mixin of :class:`crawler.spiders.discovery.DiscoverySpider`: its ``start()`` yields a
:class:`crawler.items.PageItem` per archived HTML or PDF response that passes the filters
(:func:`crawler.sources.warc.warc_pages`), so archived pages go through the same pipelines
(extraction, relevance, de-duplication, store) as fetched ones. Scrapy takes items from
``start()`` as it has room, so a large archive is streamed, not loaded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from ..errors import Reasons
from ..items import DiscoveredUrl, FailedPage, PageItem
from ..sources.plan import WarcPlan
from ..sources.warc import warc_pages


class WarcMixin:
    """``warc`` (:class:`crawler.sources.plan.WarcPlan` or None) for :class:`DiscoverySpider`."""

    warc: WarcPlan | None = None

    async def warc_items(self) -> AsyncIterator[PageItem | DiscoveredUrl | FailedPage]:
        """The archived pages of every file, in file order; a file that is no WARC is a
        ``bad-warc`` failure of its ``file:`` URL. Stored URLs are skipped as in a crawl."""
        from warcio.exceptions import ArchiveLoadFailed

        if self.warc is None:
            return
        stats = self.crawler.stats
        for name in self.warc.files:
            path = Path(name)
            skipped: dict[str, int] = {}
            try:
                for page in warc_pages(path, self.warc.selection, skipped=skipped):
                    stats.inc_value("debatelens/warc_records")
                    if page.url in self.skip_urls:
                        stats.inc_value("debatelens/skipped_known")
                        continue
                    if self.dry_run:
                        listed = self.page_request(
                            page.url, source="warc", via=str(path), kind="page",
                            published=page.date.strftime("%Y-%m-%dT%H:%M:%SZ") if page.date else None,
                            extra={"content_type": page.content_type})
                        if listed is not None:
                            yield listed
                        continue
                    stats.inc_value("debatelens/pages")
                    archived = {"fetched_at": page.date} if page.date else {}
                    yield PageItem(url=page.url, body=page.body, status=page.status,
                                   headers={"Content-Type": page.content_type} if page.content_type else {},
                                   **archived)
            except (OSError, ArchiveLoadFailed, ValueError) as exc:
                yield self.failed(path.resolve().as_uri(), Reasons.BAD_WARC,
                                  what=f"{path}: {type(exc).__name__}: {exc}"[:300])
            for why, count in skipped.items():
                stats.inc_value(f"debatelens/warc_skipped/{why}", count)
