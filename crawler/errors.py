"""The crawler package's messages: error and warning codes, and the catalogue of crawl reasons.

Modelled on spaCy's ``errors.py``: wording lives here, call sites pick an entry and fill in its
fields.

- :class:`Errors` and :class:`Warnings`: messages of exceptions raised and warnings logged by the
  crawler (codes E2xx, W2xx). Their metaclass :class:`corpus.errors.ErrorsWithCodes`, shared by
  every package, adds the code to each message
  (``Errors.E201`` is ``"[E201] html must be str or bytes, ..."``). E codes are errors, W codes
  warnings, never the other way round.
- :class:`Reasons`: every reason why a URL yields no stored document, fetch failures and
  extraction rejections and pipeline decisions alike. Each :class:`Reason` has its short code
  (``"not-html"``, ``"http-404"``: what ``Rejection.reason`` and ``crawl_failures.reason``
  hold, and what callers match on), a one-line text and a hint of what to do;
  :meth:`Reason.describe` gives ``"text — hint"``, the ``detail`` people read.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from corpus.errors import DebatelensError, ErrorsWithCodes

__all__ = ["CrawlerError", "Errors", "ErrorsWithCodes", "Reason", "Reasons", "Warnings"]


class Warnings(metaclass=ErrorsWithCodes):
    """Warnings the crawler logs; the crawl goes on. Format with ``str.format``."""

    W201 = ("sitemap {url} is {size} bytes after decompression, above DOWNLOAD_WARNSIZE "
            "({warn_size} bytes); it is read all the same.")
    W220 = ("sitemap {url} is a <urlset> that lists {count} sitemaps among its {total} URLs (a malformed "
            "sitemap index); they are read as sitemaps, each once.")
    W221 = ("GDELT query {query!r} returned the full {count} articles for {start}..{end}, a slice too short "
            "to split further; some articles of that slice may be missed.")
    W205 = ("the crawl frontier {url} held an unfinished crawl of other sources that no crawler runs any more "
            "({requests} requests queued); it was discarded and this crawl starts afresh.")
    W230 = ("canonical URL {canonical} of {url} is on another registered domain; it is ignored and the page is "
            "stored under its own URL.")


class Errors(metaclass=ErrorsWithCodes):
    """Errors the crawler raises. Format with ``str.format``; codes are stable, texts may improve."""

    E201 = "html must be str or bytes, not {type}. Pass the response body or its decoded text."
    E202 = "{setting} is not set. Build the crawl's Scrapy settings with crawler.settings.scrapy_settings()."
    E203 = "Near-duplicate threshold {value!r} is out of range. Use a number between 0 and 1 (default 0.9)."
    E204 = "No folder {folder} to serve. Pass the folder of saved pages (e.g. sample/site)."
    E205 = ("The shared crawl frontier needs scrapy-redis and redis: `pip install 'debatelens[scale]'` "
            "(or `pip install scrapy-redis redis`), or crawl without --frontier.")
    E206 = ("Cannot reach the crawl frontier at {url}: {reason}. Start redis-server there (e.g. `redis-server --bind "
            "127.0.0.1 --port 6379`), or crawl without --frontier.")
    E207 = ("The crawl frontier {url} is crawling other sources ({crawlers} crawler(s) running): start every crawler "
            "of one frontier with the same sources and profile, or give this crawl another redis database "
            "(redis://HOST:PORT/N with another N).")
    E208 = "{option} cannot be used with a shared crawl frontier: {why}."
    E235 = "Discovery source in {path} is invalid: {why}. Fix the profile's [discovery] table."
    E236 = "Cannot read WARC file {path}: {why}. Give .warc or .warc.gz files (ISO 28500)."


class CrawlerError(DebatelensError):
    """Raised for a problem of the crawler's set-up that the user can fix (missing folder,
    setting). The message starts with its code from :class:`Errors` and says what to do."""


_FIELDS = string.Formatter()


@dataclass(frozen=True)
class Reason:
    """One entry of :class:`Reasons`: why a URL gave no stored document.

    Attributes:
        code (str): stable short code, stored with a failure and matched on by callers; may hold
            ``{fields}`` for a family of codes (``"http-{status}"``), see :meth:`code_for`.
        text (str): ``str.format`` template of the one-line explanation (the facts).
        hint (str): what an operator can do about it, shown after the text.
        failure (bool): whether it counts as a failure of the URL (recorded in
            ``crawl_failures``); False for decisions about a page (a home page, a duplicate).
            Default True.
    """

    code: str
    text: str
    hint: str
    failure: bool = True
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = [re.escape(lit) + ("[^/]+" if name is not None else "")
                 for lit, name, _spec, _conv in _FIELDS.parse(self.code)]
        object.__setattr__(self, "_pattern", re.compile("".join(parts)))

    @property
    def fields(self) -> tuple[str, ...]:
        """Names of the placeholders of ``code`` and ``text``, in order, without repeats."""
        names = (name for template in (self.code, self.text)
                 for _lit, name, _spec, _conv in _FIELDS.parse(template) if name)
        return tuple(dict.fromkeys(names))

    def matches(self, code: str) -> bool:
        """Whether ``code`` (``"http-404"``) is this reason's code or one of its family."""
        return self._pattern.fullmatch(code) is not None

    def code_for(self, **fields: object) -> str:
        """The code with its placeholders filled in: ``HTTP.code_for(status=404) == "http-404"``.

        Raises:
            KeyError: when a placeholder of ``code`` has no value.
        """
        return self.code.format(**fields)

    def format(self, **fields: object) -> str:
        """``text`` with ``fields`` filled in, on one line (newlines become spaces).

        Raises:
            KeyError: when a placeholder of ``text`` has no value.
        """
        return " ".join(self.text.format(**fields).split())

    def describe(self, **fields: object) -> str:
        """``"text — hint"`` on one line: the ``detail`` of a rejection or failed fetch.

        Raises:
            KeyError: when a placeholder of ``text`` has no value.
        """
        return f"{self.format(**fields)} \u2014 {self.hint}"


class Reasons:
    """The catalogue of reasons a URL gives no stored document, in the order of a crawl:
    fetching, reading feeds and sitemaps, extraction, then the pipelines' decisions."""

    # --- fetching (crawler.spiders.base.failure_reason) ---
    HTTP = Reason("http-{status}", "the server answered HTTP {status}",
                  "4xx: the page moved or is gone, fix or drop the URL; 5xx: retry the crawl later.")
    ROBOTS = Reason("robots", "{what}",
                    "The site's robots.txt disallows the URL; it is not fetched (ROBOTSTXT_OBEY).")
    IGNORED = Reason("ignored", "{what}",
                     "A downloader middleware dropped the request; see the crawl log for which one.")
    TIMEOUT = Reason("timeout", "{what}",
                     "The server did not answer in DOWNLOAD_TIMEOUT; retry later or raise the timeout.")
    UNREACHABLE = Reason("unreachable", "{what}",
                         "DNS failed or the connection was refused or lost: check the host name, "
                         "the network and whether the site is up.")
    FETCH_ERROR = Reason("fetch-error", "{what}",
                         "An unexpected download error; retry, and report it if it repeats.")
    BLOCKED_DESTINATION = Reason("blocked-destination", "{what}",
                                 "Private, loopback, link-local and reserved addresses are not fetched; "
                                 "give --allow-private (setting allow_private) to crawl a local site.")
    REDIRECT_LOOP = Reason("redirect-loop", "{what}",
                           "The site redirects in a circle; report it to the site or drop the URL.")
    TOO_MANY_REDIRECTS = Reason("too-many-redirects", "{what}",
                                "Give the URL the chain ends at, or raise max_redirects.")
    TOO_LARGE = Reason("too-large", "{what}",
                       "The body (after decompression) is above max_body_bytes (max_feed_bytes for a feed); "
                       "raise the setting if the page is genuine.")
    INCOMPLETE = Reason("incomplete", "{what}",
                        "The connection closed before the body the server announced (Content-Length) "
                        "arrived; retry later.")
    BAD_CHARSET = Reason("bad-charset", "{what}",
                         "The server names a charset that is not a text encoding; ask the site to fix its "
                         "Content-Type, or drop the URL.")
    SPIDER_ERROR = Reason("spider-error", "{what}",
                          "The response could not be read; keep the URL and report it if it repeats.")
    # --- discovery (crawler.spiders) ---
    BAD_FEED = Reason("bad-feed", "{what}",
                      "Give the URL of the RSS or Atom feed itself (often /feed or /rss.xml).")
    BAD_SITEMAP = Reason("bad-sitemap", "{what}",
                         "Give the URL of an XML sitemap or sitemap index (often /sitemap.xml), "
                         "or a robots.txt with Sitemap: lines.")
    BAD_API = Reason("bad-api", "{what}",
                     "The search API refused the query or answered something else than its JSON; "
                     "check the query and the API's base URL setting, and retry later.")
    BAD_WARC = Reason("bad-warc", "{what}", "Give WARC files (.warc or .warc.gz, ISO 28500), whole.")
    BAD_SOURCE = Reason("bad-source", "{what}", "Fix the source's entry in the profile's [discovery] table.")
    SITEMAP_LIMIT = Reason("sitemap-limit", "{what}",
                           "Not read: beyond sitemap_max_depth levels of indexes or sitemap_max_count sitemaps "
                           "in one crawl; raise the setting or give the sitemap itself.")
    # --- extraction (crawler.extraction.extract) ---
    NOT_HTML = Reason("not-html", "content looks like {what}, not HTML",
                      "Only HTML pages are extracted; drop the URL or fetch its HTML version.")
    EMPTY = Reason("empty", "{what}",
                   "The server sent nothing readable (blocked, placeholder or script-only page); "
                   "refetch later or render the page before extraction.")
    NO_BODY = Reason("no-body", "no main text found among {chars} characters of visible page text",
                     "The page is probably an index, a gallery or a login wall; it is not a document.")
    TOO_SHORT = Reason("too-short", "body has {chars} characters, below min_length={min_length}",
                       "Lower min_length to keep short items such as briefs or statements.")
    HOME_PAGE = Reason("home-page", "{path} is a site's home page: it lists documents, it is not one",
                       "Nothing to do: the articles it links to are crawled from feeds and sitemaps.",
                       failure=False)
    PARSE_ERROR = Reason("parse-error", "the page could not be parsed: {error}",
                         "Keep the raw HTML and report the page if the error repeats.")
    UNREADABLE = Reason("unreadable", "{what}",
                        "The saved page could not be read: check the path and that it is HTML "
                        "or gzip-compressed HTML.")
    # --- pipelines (crawler.pipelines) ---
    DUPLICATE = Reason("duplicate", "same canonical URL or text as {what}",
                       "Nothing to do: the page is stored once, under its first URL.", failure=False)

    @classmethod
    def all(cls) -> tuple[Reason, ...]:
        """Every reason of the catalogue, in definition order."""
        return tuple(v for v in vars(cls).values() if isinstance(v, Reason))

    @classmethod
    def get(cls, code: str) -> Reason | None:
        """The reason whose code (or code family) ``code`` is (``"http-503"`` -> :data:`HTTP`);
        None for a code not in the catalogue."""
        return next((r for r in cls.all() if r.matches(code)), None)


# --- names kept for callers written before the catalogue (crawler/pipelines.py, older tests) ----

#: Deprecated name of :class:`Reason`.
Message = Reason
NOT_HTML, EMPTY, NO_BODY, TOO_SHORT, PARSE_ERROR, HOME_PAGE = (
    r.code for r in (Reasons.NOT_HTML, Reasons.EMPTY, Reasons.NO_BODY, Reasons.TOO_SHORT,
                     Reasons.PARSE_ERROR, Reasons.HOME_PAGE))
#: Codes of reasons that are decisions about a page, not failures of its URL.
NOT_FAILURES = frozenset(r.code for r in Reasons.all() if not r.failure)
#: Extraction rejections by code (:class:`crawler.extraction.Rejection`).
REJECTIONS: dict[str, Reason] = {r.code: r for r in (
    Reasons.NOT_HTML, Reasons.EMPTY, Reasons.NO_BODY, Reasons.TOO_SHORT, Reasons.HOME_PAGE,
    Reasons.PARSE_ERROR)}
