"""The spider's API sources: GDELT DOC searches, Hacker News searches and threads, Reddit threads.

A mixin of :class:`crawler.spiders.discovery.DiscoverySpider`. The answers are read by the pure
functions of :mod:`crawler.sources`; the articles they name are page requests (or, in a dry run,
:class:`crawler.items.DiscoveredUrl`), and API threads are fetched as pages whose JSON
:func:`crawler.sources.documents.extract_document` turns into a thread with its comments.

GDELT calls go one at a time, in order: each answer (or failure) sends the next call, in the
download slot :data:`crawler.sources.plan.GDELT_SLOT` whose delay is the ``gdelt_interval``
setting (:func:`crawler.sources.plan.scrapy_overrides`), so two calls are never closer than that.
The calls still to make travel with each call (its meta ``gdelt_queue``), not in the spider; with
a shared frontier (:mod:`crawler.frontier`) the calls stay in the process that made the first one
(meta ``debatelens_frontier_local``), whose download slot keeps them ``gdelt_interval`` apart, and
the articles they name go to the shared queue.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ..errors import Reasons, Warnings
from ..sources import gdelt, hackernews
from ..sources.plan import GDELT_SLOT, GdeltPlan, HackerNewsPlan, RedditPlan
from ..sources.reddit import thread_json_url

logger = logging.getLogger(__name__)


class ApiSourcesMixin:
    """GDELT, Hacker News and Reddit for :class:`DiscoverySpider` (``gdelt``, ``hackernews``,
    ``reddit``: the plans of :mod:`crawler.sources.plan`, or None)."""

    gdelt: GdeltPlan | None = None
    hackernews: HackerNewsPlan | None = None
    reddit: RedditPlan | None = None

    def api_requests(self) -> Iterator:
        """The first requests of the API sources (one GDELT call; every search; every thread)."""
        if self.gdelt is not None:
            # The slot's delay comes from DOWNLOAD_SLOTS (crawler.sources.plan.scrapy_overrides); a
            # crawler built without it still keeps the interval.
            slots = getattr(self.crawler.engine.downloader, "per_slot_settings", None)
            if isinstance(slots, dict):
                slots.setdefault(GDELT_SLOT, {"delay": self.gdelt.interval, "concurrency": 1, "jitter": 0})
            queue = deque(gdelt.Slice(q, self.gdelt.start, self.gdelt.end) for q in self.gdelt.queries)
            request = self._next_gdelt_call(queue)
            if request is not None:
                yield request
        if self.hackernews is not None:
            for query in self.hackernews.queries:
                yield self._hn_search(query, 0)
        if self.reddit is not None:
            for thread in self.reddit.threads:
                try:
                    url = thread_json_url(self.reddit.base_url, thread)
                except ValueError as exc:
                    yield self.failed(thread, Reasons.BAD_SOURCE, what=str(exc))
                    continue
                request = self.page_request(url, source="reddit", via=thread, kind="thread")
                if request is not None:
                    yield request

    # --- GDELT -----------------------------------------------------------------------------

    def _next_gdelt_call(self, queue: deque) -> scrapy.Request | None:
        """The call of the first slice of ``queue``, carrying the rest; None when it is empty."""
        if not queue:
            return None
        piece = queue.popleft()
        self.crawler.stats.inc_value("debatelens/gdelt_calls")
        return scrapy.Request(gdelt.slice_url(self.gdelt.api_url, piece, max_records=self.gdelt.max_records),
                              callback=self.parse_gdelt, errback=self.gdelt_failed, dont_filter=self.repeat_sources,
                              meta={"slice": piece, "gdelt_queue": tuple(queue), "download_slot": GDELT_SLOT,
                                    "autothrottle_dont_adjust_delay": True, "debatelens_frontier_local": True})

    def parse_gdelt(self, response: Response) -> Iterator:
        """The articles of one GDELT answer as page requests; a full answer splits its slice
        (:func:`crawler.sources.gdelt.split`); then the next call."""
        piece: gdelt.Slice = response.meta["slice"]
        queue = deque(response.meta.get("gdelt_queue", ()))
        try:
            articles = gdelt.parse_artlist(response.body)
        except gdelt.GdeltError as exc:
            yield self.failed(response.url, Reasons.BAD_API, what=str(exc))
            articles = []
        self.crawler.stats.inc_value("debatelens/gdelt_articles", len(articles))
        if len(articles) >= self.gdelt.max_records:
            halves = gdelt.split(piece)
            if halves is None:
                logger.warning(Warnings.W221.format(query=piece.query, count=len(articles),
                                                    start=piece.start.isoformat(), end=piece.end.isoformat()))
            else:
                queue.extendleft(reversed(halves))
        for article in articles:
            extra = {k: v for k, v in (("domain", article.domain), ("language", article.language),
                                       ("sourcecountry", article.sourcecountry)) if v}
            request = self.page_request(article.url, source="gdelt", via=response.url, title=article.title,
                                        published=article.seen, extra=extra)
            if request is not None:
                yield request
        following = self._next_gdelt_call(queue)
        if following is not None:
            yield following

    def gdelt_failed(self, failure: Failure) -> Iterable:
        """A failed GDELT call is a failure of its URL; the next call goes on."""
        yield from self.on_error(failure)
        request = getattr(failure, "request", None)
        queue = deque(request.meta.get("gdelt_queue", ())) if request is not None else deque()
        following = self._next_gdelt_call(queue)
        if following is not None:
            yield following

    # --- Hacker News -----------------------------------------------------------------------

    def _hn_search(self, query: str, page: int) -> scrapy.Request:
        plan = self.hackernews
        url = hackernews.search_url(plan.api_url, query, page=page, since=plan.start, until=plan.end)
        return scrapy.Request(url, callback=self.parse_hn_search, errback=self.on_error, dont_filter=self.repeat_sources,
                              meta={"query": query, "page": page})

    def parse_hn_search(self, response: Response) -> Iterator:
        """Each story's article and thread (when it has comments or text); the next page."""
        try:
            stories, pages = hackernews.parse_search(response.body)
        except ValueError as exc:
            yield self.failed(response.url, Reasons.BAD_API, what=f"not a Hacker News search answer: {exc}"[:300])
            return
        self.crawler.stats.inc_value("debatelens/hn_stories", len(stories))
        for story in stories:
            extra = {"hn_id": story.id, "points": story.points, "comments": story.comments}
            if story.url:
                request = self.page_request(story.url, source="hackernews", via=response.url, title=story.title,
                                            published=story.created, extra=extra)
                if request is not None:
                    yield request
            if story.comments or not story.url:
                request = self.page_request(hackernews.item_url(self.hackernews.api_url, story.id),
                                            source="hackernews", via=response.url, title=story.title,
                                            published=story.created, kind="thread", extra=extra)
                if request is not None:
                    yield request
        page = response.meta["page"] + 1
        if page < min(pages, self.hackernews.max_pages):
            yield self._hn_search(response.meta["query"], page)
