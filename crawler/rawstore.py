"""The fetch stage's only pipeline: each fetched page goes to ``raw_pages`` as received.

:class:`RawPagePipeline` does no CPU work on the reactor thread beyond appending the item to a
buffer: a writer thread compresses the bodies (zlib releases the GIL) and inserts them, a batch
per transaction, so the reactor keeps fetching while pages are written. Extraction, relevance and
de-duplication run on the stored pages afterwards or alongside, in worker processes
(:mod:`crawler.extractpass`).

A crawl stopped halfway loses at most the pages of its last unwritten batch (they are fetched
again by the next crawl); every batch written is whole.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor

from corpus import rawpages
from corpus.store import Store
from corpus.writes import compress_html

from .items import FailedPage, PageItem
from .pipelines import _required

logger = logging.getLogger(__name__)

#: Pages per insert (one transaction); the writer also flushes every :data:`FLUSH_SECONDS`.
BATCH_SIZE = 32
#: Longest time, in seconds, a fetched page waits in the buffer before it is written.
FLUSH_SECONDS = 0.5


class RawPagePipeline:
    """Write every fetched :class:`PageItem` to ``raw_pages`` (batched, from a writer thread).

    Args:
        db_url (str): the store (``DEBATELENS_DB``).
        run_id (int | None): the crawl run the pages belong to (``DEBATELENS_RUN_ID``).
        batch_size (int): pages per transaction. Default :data:`BATCH_SIZE`.

    Raises:
        NotConfigured: ``[E202]`` from :meth:`from_crawler` when ``DEBATELENS_DB`` is not set.
    """

    def __init__(self, db_url: str, run_id: int | None, *, batch_size: int = BATCH_SIZE) -> None:
        self.db_url, self.run_id, self.batch_size = db_url, run_id, batch_size
        self.buffer: list[dict] = []
        self.writes: list[Future] = []
        self.stats = None
        self._last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        db_url = _required(crawler, "DEBATELENS_DB")
        run_id = crawler.settings.get("DEBATELENS_RUN_ID")
        pipeline = cls(db_url, int(run_id) if run_id else None)
        pipeline.stats = crawler.stats
        return pipeline

    def open_spider(self, spider=None):
        from twisted.internet import task

        self.store = Store.open(self.db_url, migrate=False)
        # One writer: batches land in fetch order and never compete with each other for the lock.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-pages")
        self.timer = task.LoopingCall(self._flush_if_due)
        self.timer.start(FLUSH_SECONDS, now=False)

    def process_item(self, item, spider=None):
        if isinstance(item, FailedPage) or not isinstance(item, PageItem):
            return item
        self.buffer.append({"url": item.request_url or item.url, "final_url": item.url, "status": item.status,
                            "headers": item.headers, "fetched_at": item.fetched_at, "size": len(item.body),
                            "body": item.body, "crawl_run_id": self.run_id})
        if self.stats is not None:
            self.stats.inc_value("debatelens/fetched")
        if len(self.buffer) >= self.batch_size:
            self._flush()
        return item

    def _flush_if_due(self) -> None:
        if self.buffer and time.monotonic() - self._last_flush >= FLUSH_SECONDS:
            self._flush()

    def _flush(self) -> None:
        batch, self.buffer = self.buffer, []
        self._last_flush = time.monotonic()
        if batch:
            self.writes = [f for f in self.writes if not f.done() or f.exception() is not None]
            self.writes.append(self.writer.submit(self._write, batch))

    def _write(self, batch: list[dict]) -> int:
        """Compress and insert one batch (runs in the writer thread); returns the pages written."""
        for page in batch:
            page["body"] = compress_html(page["body"])
        with self.store.unit_of_work() as session:
            rawpages.add_raw_pages(session, batch)
        if self.stats is not None:
            self.stats.inc_value("debatelens/raw_stored", len(batch))
        return len(batch)

    def close_spider(self, spider=None):
        if self.timer.running:
            self.timer.stop()
        self._flush()
        self.writer.shutdown(wait=True)
        lost = 0
        for future in self.writes:
            if future.exception() is not None:
                lost += 1
                logger.error("a batch of fetched pages could not be stored: %s", future.exception())
        self.store.close()
        if lost and self.stats is not None:
            self.stats.inc_value("debatelens/raw_batches_lost", lost)
