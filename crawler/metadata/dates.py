"""Dates of the crawler: every datetime it returns is timezone-aware UTC.

The one date helper of the crawler package (publication dates of documents and comments, and
the extraction benchmark's comparison of them). Parsing: ISO 8601 with dateutil's
``isoparse``, else dateutil's free-form parser with a table of common zone abbreviations.
"""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone
from typing import Any

from dateutil import parser as date_parser

from .structured import json_text

__all__ = ["UTC", "as_utc", "parse_datetime"]

UTC = timezone.utc

#: Zone abbreviations dateutil does not place by itself: name -> fixed UTC offset. Ambiguous
#: ones take their most common reading (CST: US Central, BST: British Summer Time).
TZINFOS = {name: timezone(timedelta(hours=hours)) for name, hours in {
    "UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2}.items()}


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive datetime is taken to be UTC already.

    Args:
        value (datetime): aware or naive.

    Returns:
        datetime: timezone-aware, ``tzinfo`` UTC, the same instant.
    """
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def parse_datetime(value: Any) -> datetime | None:
    """A timezone-aware UTC datetime from an ISO 8601 or free-form date string.

    Args:
        value (Any): a string, or a JSON-LD value holding one (a list, ``{"@value": ...}``);
            anything else gives None.

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
                parsed = date_parser.parse(value, default=datetime(1, 1, 1), tzinfos=TZINFOS)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.year < 1900:
        return None
    return as_utc(parsed)
