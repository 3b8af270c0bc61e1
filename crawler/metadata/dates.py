"""Dates of the crawler: every datetime it returns is timezone-aware UTC.

The one date helper of the crawler package (publication dates of documents and comments, and
the extraction benchmark's comparison of them). Parsing: ISO 8601 with dateutil's
``isoparse``, else dateutil's free-form parser with a table of common zone abbreviations.

Numeric dates such as ``03/02/2026`` are read in the page's locale: day first everywhere but in
the month-first regions (:data:`MONTH_FIRST_REGIONS`, after the CLDR short date patterns:
``M/d/yy`` for en-US and its territories), so on an en-GB page it is 3 February.
:func:`day_first` says which reading a locale takes, :func:`other_reading` gives the reading it
did not take, which :class:`crawler.metadata.PageMetadata` prefers when only that one matches a
date the page shows its readers.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone
from typing import Any

from dateutil import parser as date_parser

from .structured import json_text

__all__ = ["MONTH_FIRST_REGIONS", "UTC", "as_utc", "day_first", "other_reading", "parse_datetime",
           "visible_date"]

UTC = timezone.utc

#: Zone abbreviations dateutil does not place by itself: name -> fixed UTC offset. Ambiguous
#: ones take their most common reading (CST: US Central, BST: British Summer Time).
TZINFOS = {name: timezone(timedelta(hours=hours)) for name, hours in {
    "UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2}.items()}


#: Regions whose CLDR short date pattern puts the month first (``M/d/yy``): the United States and
#: the territories and states that follow its usage. Every other region reads ``03/02`` day first.
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
#: Languages whose pages, when they give no region, write numeric dates month first; bare ``en``
#: is read as American (dateutil's default), since most English pages without a region are.
_MONTH_FIRST_LANGUAGES = frozenset({"en"})
_LOCALE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?")
# "03/02/2026", "3.2.26", "03-02-2026 10:00": two numeric fields of at most two digits, then a year
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?!\d)")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def day_first(locale: str | None) -> bool:
    """Whether numeric dates of a page in ``locale`` put the day first.

    Args:
        locale (str | None): a language tag as pages declare it (``"en-GB"``, ``"en_US"``,
            ``"fr"``, ``"zh-CN"``); None or unreadable counts as ``en``.

    Returns:
        bool: False for the regions of :data:`MONTH_FIRST_REGIONS` and for bare ``en``; True for
        every other region and language.
    """
    match = _LOCALE.match(locale or "")
    if match is None:
        return False
    language, region = match.group(1).lower(), (match.group(2) or "").upper()
    if region:
        return region not in MONTH_FIRST_REGIONS
    return language not in _MONTH_FIRST_LANGUAGES


def other_reading(value: Any, *, dayfirst: bool) -> datetime | None:
    """The reading of a numeric date that ``dayfirst`` did not take, when there is one.

    Args:
        value (Any): the date as the page gives it (``"03/02/2026"``).
        dayfirst (bool): the reading taken (:func:`day_first` of the page's locale).

    Returns:
        datetime | None: the date with day and month swapped (UTC), or None when ``value`` is not
        a numeric date or only one reading is a valid date (``"25/02/2026"``) or both are the same.
    """
    value = json_text(value, clean=False)
    match = _NUMERIC.match(value or "")
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first == second or first > 12 or second > 12:
        return None
    return parse_datetime(value, dayfirst=not dayfirst)


def visible_date(text: str) -> date | None:
    """The calendar day in a short text that readers see ("Tuesday 3 February 2026", "Feb. 3,
    2026, 10:04 am"), read only when it spells the month and gives a year, so that it cannot be
    misread; None otherwise.

    Args:
        text (str): the text of a dateline, a ``<time>`` element or a byline (at most 100
            characters are read).
    """
    text = text.strip()[:100]
    if not _MONTH_NAME.search(text) or not _YEAR.search(text):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
            parsed = date_parser.parse(text, fuzzy=True, default=datetime(1, 1, 1), tzinfos=TZINFOS)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed.year >= 1900 else None


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive datetime is taken to be UTC already.

    Args:
        value (datetime): aware or naive.

    Returns:
        datetime: timezone-aware, ``tzinfo`` UTC, the same instant.
    """
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def parse_datetime(value: Any, *, dayfirst: bool = False) -> datetime | None:
    """A timezone-aware UTC datetime from an ISO 8601 or free-form date string.

    Args:
        value (Any): a string, or a JSON-LD value holding one (a list, ``{"@value": ...}``);
            anything else gives None.
        dayfirst (bool): read a numeric ``03/02/2026`` as 3 February (the page's locale,
            :func:`day_first`). Default False: 2 March, as dateutil does. Dates that start with
            the year are read year-month-day either way.

    Returns:
        datetime | None: in UTC (:func:`as_utc`). Naive values, and zones dateutil cannot place,
        are read as UTC; the zone abbreviations of :data:`TZINFOS` are known. A date without a
        time of day is midnight UTC. No year, a year before 1900, or no date at all: None.
        Never raises on bad input.
    """
    value = json_text(value, clean=False)
    if not value or not value.strip():
        return None
    try:
        parsed = date_parser.isoparse(value.strip())
    except (ValueError, OverflowError):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
                # dayfirst only where the year comes last: dateutil would read "2026-01-06 13:55
                # +01:00" as 1 June with it
                parsed = date_parser.parse(value, default=datetime(1, 1, 1), tzinfos=TZINFOS,
                                           dayfirst=dayfirst and bool(_NUMERIC.match(value)))
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.year < 1900:
        return None
    return as_utc(parsed)
