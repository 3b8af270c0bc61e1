"""Scrapy settings of the debatelens crawler: polite defaults, pipelines enabled explicitly.

Follows Scrapy's project template (robots.txt obeyed, per-domain concurrency, a delay,
AutoThrottle) without its pages of commented-out settings. :func:`crawler.run.crawl` adds the
debatelens settings (``DEBATELENS_*``) at run time.
"""

BOT_NAME = "debatelens"
USER_AGENT = "debatelens/0.1 (+https://github.com/debatelens/debatelens; research crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False  # `debatelens crawl --cache DIR` turns it on
HTTPERROR_ALLOW_ALL = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 100,
    "crawler.pipelines.RelevancePipeline": 200,
    "crawler.pipelines.DuplicatesPipeline": 300,
    "crawler.pipelines.StorePipeline": 400,
}
EXTENSIONS = {
    "crawler.pipelines.FailureLog": 500,
}

# debatelens settings (documented in crawler/run.py SETTINGS)
DEBATELENS_DB = None
DEBATELENS_RUN_ID = None
DEBATELENS_PROFILE = "ai-distillation"
DEBATELENS_MIN_LENGTH = 200
DEBATELENS_NEAR_DUPLICATE_THRESHOLD = 0.9
DEBATELENS_REFETCH = False
