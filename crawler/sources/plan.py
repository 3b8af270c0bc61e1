"""What a crawl or a dry run reads: the sources given on the command line, else the profile's.

:func:`crawl_sources` builds the keyword arguments of
:class:`crawler.spiders.discovery.DiscoverySpider` from a profile's ``[discovery]`` table and the
settings (API base URLs, the GDELT interval), so that ``debatelens crawl`` and
``debatelens discover`` read the same sources in the same way; :func:`scrapy_overrides` gives
the Scrapy settings those sources need (the GDELT download slot and its delay).

The profile's ``[discovery]`` table (see ``corpus/profiles/ai-distillation.toml``)::

    feeds, sitemaps, queries, statements = [...]     # URLs; queries are search words
    [discovery.gdelt]        queries (default: discovery.queries), days | start, end
    [discovery.hackernews]   queries, days | start, end, max_pages
    [discovery.reddit]       threads (URLs or paths such as r/SUB/comments/ID)
    [[discovery.sites]]      start, allow, deny, articles (regular expressions), depth
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from corpus.profile import Profile
from corpus.settings import Settings

from ..errors import CrawlerError, Errors
from .gdelt import MAX_RECORDS, parse_moment
from .warc import WarcFilter

__all__ = ["GDELT_SLOT", "GdeltPlan", "HackerNewsPlan", "RedditPlan", "SitePlan", "WarcPlan",
           "crawl_sources", "scrapy_overrides"]

#: Scrapy download slot of GDELT API calls: one at a time, ``gdelt_interval`` seconds apart.
GDELT_SLOT = "debatelens-gdelt-api"
#: Spider arguments that name sources; when the caller gives any of them, the profile's are not used.
SOURCE_ARGUMENTS = ("urls", "feeds", "sitemaps", "statements", "warc")


@dataclass(frozen=True)
class GdeltPlan:
    """GDELT DOC API searches: each query over ``[start, end)`` (UTC), sliced when a call is full.

    Attributes:
        api_url (str): the endpoint (setting ``gdelt_api_url``).
        interval (float): seconds between two calls (setting ``gdelt_interval``).
        queries (tuple[str, ...]): GDELT query strings.
        start, end (datetime): the time range, aware UTC.
        max_records (int): articles a call asks for (the API's most: 250).
    """

    api_url: str
    interval: float
    queries: tuple[str, ...]
    start: datetime
    end: datetime
    max_records: int = MAX_RECORDS


@dataclass(frozen=True)
class HackerNewsPlan:
    """Hacker News searches: stories matching each query in ``[start, end)``, and their threads.

    Attributes:
        api_url (str): the API root (setting ``hn_api_url``).
        queries (tuple[str, ...]): search words.
        start, end (datetime | None): the time range (UTC), None for no bound.
        max_pages (int): result pages read per query (100 stories a page).
    """

    api_url: str
    queries: tuple[str, ...]
    start: datetime | None = None
    end: datetime | None = None
    max_pages: int = 3


@dataclass(frozen=True)
class RedditPlan:
    """Reddit threads read as JSON: ``threads`` are URLs or paths on ``base_url``."""

    base_url: str
    threads: tuple[str, ...]


@dataclass(frozen=True)
class SitePlan:
    """Link-following within one site.

    Attributes:
        start (tuple[str, ...]): pages to start from (section fronts, archives).
        allow, deny (tuple[str, ...]): regular expressions (Python ``re``, searched in the
            absolute URL) of links to follow / never follow; no ``allow``: every link on the
            start pages' hosts.
        articles (tuple[str, ...]): regular expressions of the links that are documents (fetched
            as pages, not followed further); none: every page reached is one.
        depth (int): links followed from a start page at most (1: the pages it links to).
    """

    start: tuple[str, ...]
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    depth: int = 1


@dataclass(frozen=True)
class WarcPlan:
    """WARC files to read pages from, and which records (:class:`crawler.sources.warc.WarcFilter`)."""

    files: tuple[str, ...]
    selection: WarcFilter = field(default_factory=WarcFilter)


def _bad(path: str, why: str) -> CrawlerError:
    return CrawlerError(Errors.E235.format(path=path, why=why))


def _strings(table: dict, key: str, where: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    value = table.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(where, f"`{key}` must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _window(table: dict, where: str, *, days: float | None, now: datetime) -> tuple[datetime | None, datetime | None]:
    """``[start, end)`` of a source table: ``start``/``end`` (ISO 8601), else the last ``days`` days."""
    try:
        start = parse_moment(table["start"]) if "start" in table else None
        end = parse_moment(table["end"]) if "end" in table else None
    except (TypeError, ValueError, AttributeError):
        raise _bad(where, "`start` and `end` must be ISO 8601 dates such as 2026-02-20 or 2026-02-20T06:00:00Z") from None
    value = table.get("days", days)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
        raise _bad(where, "`days` must be a number of days > 0")
    end = end or now
    if start is None and value is not None:
        start = end - timedelta(days=value)
    if start is not None and start >= end:
        raise _bad(where, "`start` must be before `end`")
    return start, end


def _patterns(table: dict, key: str, where: str) -> tuple[str, ...]:
    patterns = _strings(table, key, where)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _bad(where, f"`{key}` pattern {pattern!r} is not a regular expression: {exc}") from None
    return patterns


def _table(discovery: dict, key: str, where: str) -> dict | None:
    value = discovery.get(key)
    if value is not None and not isinstance(value, dict):
        raise _bad(where, f"`discovery.{key}` must be a table")
    return value


def profile_sources(profile: Profile, settings: Settings, *, now: datetime | None = None) -> dict[str, Any]:
    """The sources of the profile's ``[discovery]`` table, as spider arguments.

    Args:
        profile: the debate profile.
        settings: debatelens settings (``gdelt_api_url``, ``gdelt_interval``, ``hn_api_url``, ``reddit_url``).
        now: the end of ``days`` windows (default: the current time, UTC, to the minute).

    Raises:
        CrawlerError: [E235] naming the first invalid entry.
    """
    now = now or datetime.now(timezone.utc).replace(second=0, microsecond=0)
    where = profile.path or profile.name
    discovery = profile.discovery or {}
    out: dict[str, Any] = {"feeds": list(profile.feeds), "sitemaps": list(profile.sitemaps),
                           "statements": list(_strings(discovery, "statements", where))}
    gdelt = _table(discovery, "gdelt", where)
    if gdelt is not None:
        queries = _strings(gdelt, "queries", f"{where} discovery.gdelt", profile.queries)
        start, end = _window(gdelt, f"{where} discovery.gdelt", days=7, now=now)
        if queries:
            out["gdelt"] = GdeltPlan(api_url=settings.gdelt_api_url, interval=settings.gdelt_interval,
                                     queries=queries, start=start, end=end)
    hn = _table(discovery, "hackernews", where)
    if hn is not None:
        queries = _strings(hn, "queries", f"{where} discovery.hackernews", profile.queries)
        start, end = _window(hn, f"{where} discovery.hackernews", days=None, now=now)
        pages = hn.get("max_pages", 3)
        if isinstance(pages, bool) or not isinstance(pages, int) or pages < 1:
            raise _bad(f"{where} discovery.hackernews", "`max_pages` must be a whole number >= 1")
        if queries:
            out["hackernews"] = HackerNewsPlan(api_url=settings.hn_api_url, queries=queries, start=start,
                                               end=end, max_pages=pages)
    reddit = _table(discovery, "reddit", where)
    if reddit is not None:
        threads = _strings(reddit, "threads", f"{where} discovery.reddit")
        if threads:
            out["reddit"] = RedditPlan(base_url=settings.reddit_url, threads=threads)
    sites = discovery.get("sites", [])
    if not isinstance(sites, list) or not all(isinstance(s, dict) for s in sites):
        raise _bad(where, "`discovery.sites` must be an array of tables ([[discovery.sites]])")
    plans = []
    for n, site in enumerate(sites):
        here = f"{where} discovery.sites[{n}]"
        depth = site.get("depth", 1)
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
            raise _bad(here, "`depth` must be a whole number >= 1")
        start_urls = _strings(site, "start", here)
        if not start_urls:
            raise _bad(here, "`start` lists no URL")
        plans.append(SitePlan(start=start_urls, allow=_patterns(site, "allow", here),
                              deny=_patterns(site, "deny", here), articles=_patterns(site, "articles", here),
                              depth=depth))
    if plans:
        out["sites"] = plans
    return out


def crawl_sources(profile: Profile, settings: Settings, *, given: dict[str, Any]) -> dict[str, Any]:
    """The spider's source arguments.

    Args:
        profile: the debate profile (its ``discovery`` sources are the default).
        settings: debatelens settings (API base URLs and intervals).
        given: sources given by the caller (``urls``, ``feeds``, ``sitemaps``, ``statements``:
            lists of URLs; ``warc``: a :class:`WarcPlan`); empty values are ignored. When none
            is given, the profile's (:func:`profile_sources`) are used.

    Returns:
        dict[str, Any]: keyword arguments for ``DiscoverySpider``.

    Raises:
        CrawlerError: [E235] an invalid source in the profile.
    """
    chosen = {key: value for key, value in given.items() if key in SOURCE_ARGUMENTS and value}
    if chosen:
        return {key: value if key == "warc" else list(value) for key, value in chosen.items()}
    return profile_sources(profile, settings)


def scrapy_overrides(arguments: dict[str, Any]) -> dict[str, Any]:
    """Scrapy settings the sources need: GDELT calls in their own download slot, one at a time,
    ``interval`` seconds apart, with no jitter and no AutoThrottle adjustment (the requests
    also carry ``autothrottle_dont_adjust_delay``)."""
    gdelt = arguments.get("gdelt")
    if gdelt is None:
        return {}
    return {"DOWNLOAD_SLOTS": {GDELT_SLOT: {"delay": gdelt.interval, "concurrency": 1, "jitter": 0}}}


def warc_plan(files: list[str], *, since: str | None = None, until: str | None = None,
              hosts: list[str] = ()) -> WarcPlan | None:
    """The WARC source of a crawl: ``files`` with the record filters, or None for no file.

    Args:
        files: paths of ``.warc`` / ``.warc.gz`` files.
        since, until: only records with a ``WARC-Date`` on or after ``since`` and before
            ``until`` (ISO 8601 dates or date-times, UTC when no zone is given).
        hosts: only URLs on these hosts or their subdomains.

    Raises:
        CrawlerError: [E236] a file that does not exist, a date that is not ISO 8601.
    """
    from pathlib import Path

    if not files:
        return None
    for name in files:
        if not Path(name).is_file():
            raise CrawlerError(Errors.E236.format(path=name, why="no such file"))
    try:
        start = parse_moment(since) if since else None
        end = parse_moment(until) if until else None
    except ValueError:
        raise CrawlerError(Errors.E236.format(
            path=", ".join(files), why=f"--since/--until must be ISO 8601 dates, not {since or until!r}")) from None
    return WarcPlan(files=tuple(files), selection=WarcFilter(since=start, until=end,
                                                             hosts=tuple(h.strip().lower() for h in hosts if h.strip())))
