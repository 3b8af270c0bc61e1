"""The GDELT DOC 2.0 API, article-list mode: URLs of news articles matching a query.

The API (``mode=artlist&format=json``) answers at most 250 articles a call (``maxrecords``)
over a time range given as ``startdatetime`` / ``enddatetime`` (``YYYYMMDDHHMMSS``, UTC), and
asks for at most one call every 5 seconds. Its answer is
``{"articles": [{"url", "url_mobile", "title", "seendate": "20260223T101500Z", "socialimage",
"domain", "language", "sourcecountry"}]}``; ``{}`` when nothing matches; a line of plain text
when the query is refused ("The specified phrase is too short", a rate-limit notice).

A range whose call returns the full 250 may hold more: :func:`split` halves it, down to
:data:`MIN_SLICE` (GDELT updates every 15 minutes, so a finer slice cannot hold fewer articles).
Source: GDELT's "GDELT DOC 2.0 API Debuts" documentation (the ``MAXRECORDS``,
``STARTDATETIME``, ``ENDDATETIME`` and ``FORMAT`` parameters).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

__all__ = ["DATETIME_FORMAT", "MAX_RECORDS", "MIN_SLICE", "GdeltArticle", "GdeltError", "Slice",
           "parse_artlist", "parse_moment", "slice_url", "split"]

#: The API's date-time format, UTC.
DATETIME_FORMAT = "%Y%m%d%H%M%S"
#: Most articles one call returns (the API's maximum ``maxrecords``).
MAX_RECORDS = 250
#: Shortest slice of time worth querying: GDELT's update interval.
MIN_SLICE = timedelta(minutes=15)


class GdeltError(ValueError):
    """An answer that is not an article list (the API's plain-text refusal, or broken JSON);
    the message quotes it, cut to 300 characters."""


@dataclass(frozen=True)
class Slice:
    """One call's query and time range (UTC, ``start`` included, ``end`` excluded)."""

    query: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class GdeltArticle:
    """One article of an answer.

    Attributes:
        url (str): the article's URL.
        title (str | None): its title as GDELT saw it.
        seen (str | None): when GDELT first saw it, ISO 8601 UTC (``2026-02-23T10:15:00Z``).
        domain, language, sourcecountry (str | None): as the API gives them (``language`` is a
            name such as ``English``, not a code).
    """

    url: str
    title: str | None = None
    seen: str | None = None
    domain: str | None = None
    language: str | None = None
    sourcecountry: str | None = None


def parse_moment(value: str) -> datetime:
    """A profile's date or date-time (``2026-02-20``, ``2026-02-20T06:00:00Z``) as an aware UTC datetime.

    Raises:
        ValueError: when ``value`` is not ISO 8601.
    """
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def slice_url(base_url: str, piece: Slice, *, max_records: int = MAX_RECORDS) -> str:
    """The API call of one slice: article list, JSON, newest first.

    Args:
        base_url: the DOC API endpoint (setting ``gdelt_api_url``).
        piece: query and time range.
        max_records: at most this many articles (1-250).
    """
    params = {"query": piece.query, "mode": "artlist", "format": "json", "maxrecords": str(max_records),
              "sort": "datedesc", "startdatetime": piece.start.strftime(DATETIME_FORMAT),
              "enddatetime": piece.end.strftime(DATETIME_FORMAT)}
    return f"{base_url}?{urlencode(params)}"


def _seen(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ")
    except ValueError:
        return value.strip()
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_artlist(body: bytes) -> list[GdeltArticle]:
    """The articles of an ``artlist`` JSON answer, in answer order, each URL once.

    Returns:
        list[GdeltArticle]: ``[]`` for ``{}`` (nothing matched). Entries without a URL are skipped.

    Raises:
        GdeltError: the answer is not JSON of that shape (the API's text refusals).
    """
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text) if text else {}
    except json.JSONDecodeError:
        raise GdeltError(f"the GDELT API did not answer JSON: {' '.join(text.split())[:300]!r}") from None
    if not isinstance(data, dict) or not isinstance(data.get("articles", []), list):
        raise GdeltError(f"the GDELT API answered JSON without an article list: {text[:300]!r}")
    found: dict[str, GdeltArticle] = {}
    for entry in data.get("articles", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str) or not entry["url"].strip():
            continue
        url = entry["url"].strip()
        found.setdefault(url, GdeltArticle(
            url=url, title=" ".join(str(entry.get("title") or "").split()) or None, seen=_seen(entry.get("seendate")),
            domain=entry.get("domain") or None, language=entry.get("language") or None,
            sourcecountry=entry.get("sourcecountry") or None))
    return list(found.values())


def split(piece: Slice) -> tuple[Slice, Slice] | None:
    """The two halves of ``piece`` (cut on a whole second), or None when a half would be
    shorter than :data:`MIN_SLICE`."""
    half = (piece.end - piece.start) / 2
    if half < MIN_SLICE:
        return None
    middle = (piece.start + half).replace(microsecond=0)
    return Slice(piece.query, piece.start, middle), Slice(piece.query, middle, piece.end)
