"""Run a crawl: one ``crawl_runs`` row, the spiders in one Scrapy process, counts at the end.

:func:`crawl` is what ``debatelens crawl`` calls. Twisted's reactor runs once per process, so
call it once per process (the command line does; tests run the command in a subprocess).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from corpus import queries, writes
from corpus.profile import load_profile
from corpus.settings import Settings, load_settings
from corpus.store import Store


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


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("debatelens", "scrapy", "trafilatura", "htmldate", "courlan"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    return out


def _counts(stats: dict[str, Any]) -> dict[str, int]:
    counts = {
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("response_received_count", 0),  # pages, feeds, sitemaps, robots.txt
        "pages": stats.get("debatelens/pages", 0),
        "stored": stats.get("debatelens/stored", 0),
        "kept": stats.get("debatelens/kept", 0),
        "irrelevant": stats.get("debatelens/irrelevant", 0),
        "duplicate": stats.get("debatelens/duplicate", 0),
        "home_page": stats.get("debatelens/home-page", 0),
        "near_duplicates": stats.get("debatelens/near_duplicates", 0),
        "comments": stats.get("debatelens/comments", 0),
        "failed": stats.get("debatelens/failed", 0),
        "skipped_known": stats.get("debatelens/skipped_known", 0),
    }
    counts.update({k.split("/", 1)[1].replace("/", "_"): v for k, v in stats.items()
                   if k.startswith("debatelens/failed/")})
    return counts


def crawl(*, settings: Settings | None = None, urls: list[str] = (), feeds: list[str] = (),
          sitemaps: list[str] = (), scrapy_overrides: dict[str, Any] | None = None,
          refetch: bool = False, cache_dir: str | None = None) -> CrawlSummary:
    """Crawl ``urls``, ``feeds`` and ``sitemaps`` (default: the profile's discovery sources) into
    the store named by ``settings.db``.

    Args:
        settings: debatelens settings (store, profile, delays, lengths; default:
            :func:`corpus.settings.load_settings`).
        urls, feeds, sitemaps: absolute http(s) URLs. When all three are empty, the profile's
            ``discovery.feeds`` and ``discovery.sitemaps`` are used.
        scrapy_overrides: raw Scrapy settings (e.g. ``{"LOG_LEVEL": "DEBUG"}``).
        refetch: fetch URLs already stored.
        cache_dir: enable Scrapy's HTTP cache in this folder.

    Returns:
        a :class:`CrawlSummary`; the run row holds the same counts.

    Raises:
        CorpusError: the store cannot be opened or the profile read.
    """
    from scrapy.crawler import CrawlerProcess

    from .settings import scrapy_settings
    from .spiders.discovery import DiscoverySpider

    settings = settings or load_settings()
    prof = load_profile(settings.profile)
    if not (urls or feeds or sitemaps):
        feeds, sitemaps = list(prof.feeds), list(prof.sitemaps)
    store = Store.open(settings.db)
    parameters = {"urls": list(urls), "feeds": list(feeds), "sitemaps": list(sitemaps), "refetch": refetch}
    with store.unit_of_work() as session:
        run_id = writes.start_crawl_run(session, profile=prof.name, parameters=parameters, versions=_versions())
        known = frozenset() if refetch else frozenset(queries.stored_urls(session))

    overrides = dict(scrapy_overrides or {})
    if cache_dir:
        overrides.update({"HTTPCACHE_ENABLED": True, "HTTPCACHE_DIR": cache_dir})
    conf = scrapy_settings(settings, db_url=store.url, run_id=run_id, profile=prof.path or prof.name,
                           overrides=overrides)

    process = CrawlerProcess(conf)
    # robots.txt of an unreachable host is logged with a full traceback by Scrapy; the pages of
    # that host are recorded as failures with their reason anyway, so keep the log to one line each.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    # One spider for all sources: one scheduler and duplicate filter see every URL, so a page in
    # both the feed and the sitemap is fetched once.
    crawler = process.create_crawler(DiscoverySpider)
    crawlers = [crawler]
    process.crawl(crawler, urls=list(urls), feeds=list(feeds), sitemaps=list(sitemaps), skip_urls=known)
    started = time.monotonic()
    status = "finished"
    try:
        process.start()
    except KeyboardInterrupt:  # pragma: no cover - a second Ctrl-C: Scrapy stops at once
        status = "interrupted"
    except BaseException:
        with store.unit_of_work() as session:
            writes.finish_crawl_run(session, run_id, counts={}, status="failed")
        store.close()
        raise
    seconds = time.monotonic() - started
    # A first Ctrl-C (or SIGTERM) makes Scrapy shut down gracefully: start() returns normally and
    # only the spiders' finish_reason ("shutdown" instead of "finished") tells the crawl stopped early.
    reasons = {crawler.stats.get_value("finish_reason") for crawler in crawlers}
    if status == "finished" and reasons - {"finished"}:
        status = "interrupted" if "shutdown" in reasons else "failed"

    total: dict[str, int] = {}
    for crawler in crawlers:
        for key, value in _counts(crawler.stats.get_stats()).items():
            total[key] = total.get(key, 0) + value
    total["seconds"] = round(seconds, 2)
    with store.unit_of_work() as session:
        writes.finish_crawl_run(session, run_id, counts=total, status=status)
        failures = queries.run_failures(session, run_id)
    store.close()
    return CrawlSummary(run_id=run_id, counts=total, seconds=seconds, failures=failures, status=status)
