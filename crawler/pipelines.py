"""The crawl's pipeline settings helper and its failure log.

The fetch stage has one item pipeline, :class:`crawler.rawstore.RawPagePipeline`: every fetched
page is written to ``raw_pages`` as received, and extraction, relevance and de-duplication run
in worker processes over the stored pages (:mod:`crawler.extractpass`), never on the reactor.
:class:`FailureLog` writes every failed fetch (a :class:`crawler.items.FailedPage`) to the run's
``crawl_failures`` with its URL, so a bad URL never stops the crawl and never goes unrecorded;
the extraction pass records extraction rejections the same way.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

from corpus import writes
from corpus.store import Store

from .errors import Errors
from .items import FailedPage

logger = logging.getLogger(__name__)


def _required(crawler, name: str):
    """The Scrapy setting ``name``, which :func:`crawler.settings.scrapy_settings` derives from the
    debatelens settings; raises ``NotConfigured`` when it is missing."""
    value = crawler.settings.get(name)
    if value is None or value == "":
        raise NotConfigured(Errors.E202.format(setting=name))
    return value


class FailureLog:
    """Extension: record failed fetches in ``crawl_failures``.

    Listens to ``item_scraped``: a :class:`FailedPage` passes the pipeline untouched. Counts go
    to the crawl stats (``debatelens/failed``, ``debatelens/failed/<reason>``).
    """

    def __init__(self, crawler) -> None:
        run_id = crawler.settings.get("DEBATELENS_RUN_ID")
        if not run_id:
            raise NotConfigured("DEBATELENS_RUN_ID is not set")
        self.run_id = int(run_id)
        self.stats = crawler.stats
        self.store = Store.open(_required(crawler, "DEBATELENS_DB"), migrate=False)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _record(self, url: str, reason: str, detail: str) -> None:
        self.stats.inc_value("debatelens/failed")
        self.stats.inc_value(f"debatelens/failed/{reason}")
        with self.store.unit_of_work() as session:
            writes.record_failure(session, self.run_id, url=url, reason=reason, detail=detail)

    def item_scraped(self, item, response, spider):
        if isinstance(item, FailedPage):
            self._record(item.url, item.reason, item.detail)

    def spider_closed(self, spider):
        self.store.close()
