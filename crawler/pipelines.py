"""Item pipelines: extract -> score relevance -> de-duplicate -> store.

Each pipeline takes its settings through ``from_crawler`` and opens its resources in
``open_spider``; a page that cannot be kept is dropped with ``DropItem(reason)``, and
:class:`FailureLog` writes every failure (fetch errors and extraction rejections) to the run's
``crawl_failures`` with its URL, so a bad page never stops the crawl and never goes unrecorded.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from corpus import queries, writes
from corpus.profile import load_profile
from corpus.store import Store

from .errors import Errors, Reasons
from .extraction import ExtractedDocument, Rejection, extract
from .items import FailedPage
from .neardup import NearDuplicateIndex

logger = logging.getLogger(__name__)

#: Source kind for each document kind the extractor reports.
SOURCE_KIND = {"article": "news", "post": "blog", "thread": "forum", "statement": "official"}


class PageDropped(DropItem):
    """A page that was fetched but not stored, with a reason code (``not-html``, ``duplicate`` ...).

    ``failure`` tells whether it counts as a failure of its URL (recorded in ``crawl_failures``)
    or as an ordinary decision (a duplicate).
    """

    def __init__(self, url: str, reason: str, detail: str, *, failure: bool) -> None:
        super().__init__(f"{reason}: {detail} <{url}>")
        self.url, self.reason, self.detail, self.failure = url, reason, detail, failure
        # Scrapy (>= 2.13) logs a drop at this level: a duplicate is a decision, not a warning.
        self.log_level = "WARNING" if failure else "INFO"


def _required(crawler, name: str):
    """The Scrapy setting ``name``, which :func:`crawler.settings.scrapy_settings` derives from the
    debatelens settings; raises ``NotConfigured`` when it is missing."""
    value = crawler.settings.get(name)
    if value is None or value == "":
        raise NotConfigured(Errors.E202.format(setting=name))
    return value


class ExtractPipeline:
    """Extract body and metadata with :func:`crawler.extraction.extract` (a pure function)."""

    def __init__(self, min_length: int) -> None:
        self.min_length = min_length

    @classmethod
    def from_crawler(cls, crawler):
        return cls(min_length=int(_required(crawler, "DEBATELENS_MIN_LENGTH")))

    def process_item(self, item, spider=None):
        if isinstance(item, FailedPage):
            return item
        result = extract(item.body, item.url, min_length=self.min_length)
        if isinstance(result, Rejection):
            raise PageDropped(item.url, result.reason, result.detail, failure=result.failure)
        item.extracted = result
        return item


class RelevancePipeline:
    """Score each page against the profile's relevance rule (pages are kept either way, flagged)."""

    def __init__(self, profile_name: str) -> None:
        self.profile = load_profile(profile_name)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(_required(crawler, "DEBATELENS_PROFILE"))
        pipeline.stats = crawler.stats
        return pipeline

    def process_item(self, item, spider=None):
        if isinstance(item, FailedPage):
            return item
        doc: ExtractedDocument = item.extracted
        # A thread is judged with its replies: the opening post may only ask the question.
        text = "\n".join(filter(None, [doc.title, doc.description, doc.text, *(c.text for c in doc.comments)]))
        item.relevance, item.relevant = self.profile.relevance.score(text)
        self.stats.inc_value("debatelens/relevant" if item.relevant else "debatelens/irrelevant")
        return item


class DuplicatesPipeline:
    """Drop exact duplicates: same canonical URL or same content hash as a stored page."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.seen_urls: set[str] = set()
        self.seen_hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(_required(crawler, "DEBATELENS_DB"))

    def open_spider(self, spider=None):
        self.store = Store.open(self.db_url, migrate=False)

    def close_spider(self, spider=None):
        self.store.close()

    def process_item(self, item, spider=None):
        if isinstance(item, FailedPage):
            return item
        doc: ExtractedDocument = item.extracted
        text_hash = writes.content_hash(doc.text)
        if doc.canonical_url in self.seen_urls or text_hash in self.seen_hashes:
            detail = Reasons.DUPLICATE.describe(what="a page seen earlier in this crawl")
            raise PageDropped(item.url, Reasons.DUPLICATE.code, detail, failure=Reasons.DUPLICATE.failure)
        with self.store.reading() as session:
            dup = queries.find_duplicate(session, canonical_url=doc.canonical_url, text_hash=text_hash)
            if dup is not None:
                raise PageDropped(item.url, Reasons.DUPLICATE.code,
                                  Reasons.DUPLICATE.describe(what=f"stored document {dup.id} <{dup.canonical_url}>"),
                                  failure=Reasons.DUPLICATE.failure)
        self.seen_urls.add(doc.canonical_url)
        self.seen_hashes.add(text_hash)
        item.meta["content_hash"] = text_hash
        return item


class StorePipeline:
    """Write each page (and its comments) to the store in one transaction.

    Near-duplicates (MinHash LSH over stored and newly stored bodies) are stored, with
    ``near_duplicate_of`` pointing at the first of their group.
    """

    def __init__(self, db_url: str, run_id: int | None, threshold: float) -> None:
        self.db_url, self.run_id, self.threshold = db_url, run_id, threshold

    @classmethod
    def from_crawler(cls, crawler):
        run_id = crawler.settings.get("DEBATELENS_RUN_ID")
        pipeline = cls(_required(crawler, "DEBATELENS_DB"), int(run_id) if run_id else None,
                       float(_required(crawler, "DEBATELENS_NEAR_DUPLICATE_THRESHOLD")))
        pipeline.stats = crawler.stats
        return pipeline

    def open_spider(self, spider=None):
        self.store = Store.open(self.db_url, migrate=False)
        self.index = NearDuplicateIndex(threshold=self.threshold)
        with self.store.reading() as session:
            for doc_id, text in queries.recent_texts(session):
                self.index.add(doc_id, text)

    def close_spider(self, spider=None):
        self.store.close()

    def process_item(self, item, spider=None):
        if isinstance(item, FailedPage):
            return item
        doc: ExtractedDocument = item.extracted
        outlet = doc.outlet or urlsplit(doc.canonical_url).netloc
        item.near_duplicate_of = self.index.query(doc.text)
        with self.store.unit_of_work() as session:
            source_id = writes.get_or_create_source(session, outlet, name=doc.outlet_name,
                                                    kind=SOURCE_KIND.get(doc.kind, "news"))
            parent_id = writes.add_document(
                session, url=item.url, canonical_url=doc.canonical_url, source_id=source_id,
                title=doc.title, authors=list(doc.authors), published_at=doc.published_at,
                language=doc.language, kind=doc.kind, text=doc.text,
                content_hash=item.meta.get("content_hash") or writes.content_hash(doc.text),
                relevance=item.relevance, relevant=item.relevant, html=item.body,
                near_duplicate_of=item.near_duplicate_of, crawl_run_id=self.run_id)
            for n, comment in enumerate(doc.comments, start=1):
                writes.add_document(
                    session, url=item.url, canonical_url=f"{doc.canonical_url}#comment-{n}",
                    source_id=source_id, title=doc.title, authors=[comment.author] if comment.author else [],
                    published_at=comment.published_at or doc.published_at, language=doc.language,
                    kind="comment", parent_id=parent_id, text=comment.text,
                    relevance=item.relevance, relevant=item.relevant, crawl_run_id=self.run_id)
        self.index.add(parent_id, doc.text)
        if item.near_duplicate_of is not None:
            self.stats.inc_value("debatelens/near_duplicates")
        self.stats.inc_value("debatelens/stored")
        self.stats.inc_value("debatelens/comments", len(doc.comments))
        if item.relevant:
            self.stats.inc_value("debatelens/kept")
        return {"url": item.url, "canonical_url": doc.canonical_url, "relevant": item.relevant}


class FailureLog:
    """Extension: record failed fetches and failed extractions in ``crawl_failures``.

    Listens to ``item_scraped`` (a :class:`FailedPage` passes the pipelines untouched) and
    ``item_dropped`` (a :class:`PageDropped` with ``failure=True``); counts go to the crawl stats.
    """

    def __init__(self, crawler) -> None:
        run_id = crawler.settings.get("DEBATELENS_RUN_ID")
        if not run_id:
            raise NotConfigured("DEBATELENS_RUN_ID is not set")
        self.run_id = int(run_id)
        self.stats = crawler.stats
        self.store = Store.open(_required(crawler, "DEBATELENS_DB"), migrate=False)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
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

    def item_dropped(self, item, response, exception, spider):
        if isinstance(exception, PageDropped):
            if exception.failure:
                self._record(exception.url, exception.reason, exception.detail)
            else:
                self.stats.inc_value(f"debatelens/{exception.reason}")

    def spider_closed(self, spider):
        self.store.close()
