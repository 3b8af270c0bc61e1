"""A dry run of discovery: every URL a crawl would fetch, with what its source said of it.

:func:`discover` is what ``debatelens discover`` calls. It runs the crawl's own spider
(:class:`crawler.spiders.discovery.DiscoverySpider`) with ``dry_run=True``: feeds, sitemaps and
API searches are fetched (politely, robots.txt obeyed, as a crawl fetches them), pages are not,
and nothing is written to a store. Like :func:`crawler.run.crawl` it starts Twisted's reactor,
so call it once per process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from corpus.profile import load_profile
from corpus.settings import Settings, load_settings

from .items import DiscoveredUrl, FailedPage


@dataclass
class DiscoverySummary:
    """What a dry run found.

    Attributes:
        urls (int): URLs listed (each once).
        failures (list[FailedPage]): sources that could not be fetched or read.
        seconds (float): elapsed time.
        status (str): ``finished``, or ``interrupted`` / ``failed`` as for a crawl.
    """

    urls: int = 0
    failures: list[FailedPage] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "finished"


def discover(*, settings: Settings | None = None, sources: dict[str, Any] | None = None,
             on_url: Callable[[DiscoveredUrl], None] | None = None,
             scrapy_overrides: dict[str, Any] | None = None) -> DiscoverySummary:
    """List what a crawl of ``sources`` would fetch, fetching only the sources.

    Args:
        settings: debatelens settings (delays, user agent, API base URLs; default
            :func:`corpus.settings.load_settings`).
        sources: the spider's source arguments (``urls``, ``feeds``, ``sitemaps`` ... as
            :func:`crawler.sources.plan.crawl_sources` builds them); None or empty: the
            profile's discovery sources.
        on_url: called with each :class:`DiscoveredUrl` as soon as it is found (the command
            prints it as a JSONL line).
        scrapy_overrides: raw Scrapy settings (``{"LOG_LEVEL": "DEBUG"}``).

    Returns:
        DiscoverySummary: counts and the sources that failed.

    Raises:
        CorpusError: the profile cannot be read.
        CrawlerError: a source of the profile is invalid.
    """
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from .settings import scrapy_settings
    from .sources.plan import crawl_sources, scrapy_overrides as source_overrides
    from .spiders.discovery import DiscoverySpider

    settings = settings or load_settings()
    prof = load_profile(settings.profile)
    arguments = crawl_sources(prof, settings, given=sources or {})
    overrides = {"ITEM_PIPELINES": {}, "EXTENSIONS": {"crawler.pipelines.FailureLog": None},
                 **source_overrides(arguments)}
    overrides.update(scrapy_overrides or {})
    conf = scrapy_settings(settings, db_url="", run_id=0, profile=prof.path or prof.name, overrides=overrides)
    summary = DiscoverySummary()

    def scraped(item, response, spider) -> None:
        if isinstance(item, DiscoveredUrl):
            summary.urls += 1
            if on_url is not None:
                on_url(item)
        elif isinstance(item, FailedPage):
            summary.failures.append(item)

    process = CrawlerProcess(conf)
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    crawler = process.create_crawler(DiscoverySpider)
    crawler.signals.connect(scraped, signal=signals.item_scraped)
    process.crawl(crawler, dry_run=True, **arguments)
    started = time.monotonic()
    try:
        process.start()
    except KeyboardInterrupt:  # pragma: no cover - a second Ctrl-C
        summary.status = "interrupted"
    summary.seconds = time.monotonic() - started
    reason = crawler.stats.get_value("finish_reason")
    if summary.status == "finished" and reason != "finished":
        summary.status = "interrupted" if reason == "shutdown" else "failed"
    return summary
