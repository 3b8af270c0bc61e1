"""Scrapy settings of the debatelens crawler: polite defaults, pipelines enabled explicitly.

Follows Scrapy's project template (robots.txt obeyed, per-domain concurrency, a delay,
AutoThrottle) without its pages of commented-out settings. The values a user may change (delay,
timeout, per-site concurrency, user agent, the pipelines' ``DEBATELENS_*`` settings) are not
here: they live once in :mod:`corpus.settings`, and :func:`scrapy_settings` derives the Scrapy
keys from them; what is below is fixed crawler behaviour.
"""

from __future__ import annotations

from typing import Any

BOT_NAME = "debatelens"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False  # `debatelens crawl --cache DIR` turns it on
HTTPERROR_ALLOW_ALL = False
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Fetching only: pages go to raw_pages as received; extraction, relevance and de-duplication run
# in worker processes over the stored pages (crawler.extractpass), never on the reactor thread.
ITEM_PIPELINES = {
    "crawler.rawstore.RawPagePipeline": 100,
}
EXTENSIONS = {
    "crawler.pipelines.FailureLog": 500,
}
# Before RobotsTxtMiddleware (100): a refused destination is not even asked for its robots.txt.
# Scrapy's RedirectMiddleware (600) is replaced by one that records loops and long chains.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.DestinationFilterMiddleware": 50,
    "crawler.middlewares.DownloadLimitsMiddleware": 60,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.RedirectMiddleware": 600,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.SourceLimitsMiddleware": 950,
    "crawler.middlewares.SpiderErrorsMiddleware": 1000,
}



# With a shared frontier (the `frontier` setting): scrapy-redis's scheduler and duplicate filter,
# kept when a process closes (the last one out of a finished crawl deletes them: crawler.frontier).
FRONTIER_SETTINGS = {
    "SCHEDULER": "crawler.frontier.FrontierScheduler",
    "SCHEDULER_QUEUE_CLASS": "crawler.frontier.FrontierQueue",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,
    "SCHEDULER_QUEUE_KEY": "debatelens:%(spider)s:requests",
    "SCHEDULER_DUPEFILTER_KEY": "debatelens:%(spider)s:dupefilter",
}


def scrapy_settings(settings, *, db_url: str, run_id: int, profile: str, overrides: dict[str, Any] | None = None,
                    frontier_id: str | None = None):
    """The Scrapy ``Settings`` of one crawl: this module at project priority, then the values
    derived from the debatelens ``settings`` (a :class:`corpus.settings.Settings`), then
    ``overrides`` (raw Scrapy settings, e.g. ``{"LOG_LEVEL": "DEBUG"}``).

    Args:
        settings: validated debatelens settings.
        db_url: the store the pipelines write to (``DEBATELENS_DB``).
        run_id: the ``crawl_runs`` row of this crawl (``DEBATELENS_RUN_ID``).
        profile: profile name or path whose relevance rule scores pages (``DEBATELENS_PROFILE``).
        overrides: Scrapy settings given by the caller, at command-line priority.
        frontier_id: this process's id in the shared frontier ``settings.frontier``
            (:meth:`crawler.frontier.Frontier.join`); with an empty ``frontier`` setting, unused.
    """
    import sys

    from scrapy.settings import Settings

    conf = Settings()
    conf.setmodule(sys.modules[__name__], priority="project")
    conf.update({
        "USER_AGENT": settings.user_agent,
        "DOWNLOAD_DELAY": settings.download_delay,
        "AUTOTHROTTLE_START_DELAY": max(settings.download_delay, 0.01),
        "DOWNLOAD_TIMEOUT": settings.download_timeout,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.concurrent_requests_per_domain,
        "DEBATELENS_DB": db_url,
        "DEBATELENS_RUN_ID": run_id,
        "DEBATELENS_PROFILE": profile,
        "DEBATELENS_MIN_LENGTH": settings.min_length,
        "DEBATELENS_NEAR_DUPLICATE_THRESHOLD": settings.near_duplicate_threshold,
        "DEBATELENS_ALLOW_PRIVATE": settings.allow_private,
        "DOWNLOAD_MAXSIZE": settings.max_body_bytes,
        "DOWNLOAD_WARNSIZE": settings.max_body_bytes // 2,
        "REDIRECT_MAX_TIMES": settings.max_redirects,
        "DEBATELENS_MAX_FEED_BYTES": settings.max_feed_bytes,
        "DEBATELENS_SITEMAP_MAX_DEPTH": settings.sitemap_max_depth,
        "DEBATELENS_SITEMAP_MAX_COUNT": settings.sitemap_max_count,
    }, priority="cmdline")
    if settings.frontier:
        conf.update({**FRONTIER_SETTINGS, "REDIS_URL": settings.frontier, "DEBATELENS_FRONTIER_ID": frontier_id},
                    priority="cmdline")
    conf.update(overrides or {}, priority="cmdline")
    return conf
