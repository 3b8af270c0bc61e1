"""Reporting periods: ISO weeks, months, days and date ranges, as half-open UTC intervals."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import CorpusError, Errors

UTC = dt.timezone.utc
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    """A reporting period: ``[start, end)`` in UTC, with the ``label`` the user typed.

    ``kind`` is ``week``, ``month``, ``day`` or ``range``.
    """

    label: str
    kind: str
    start: dt.datetime
    end: dt.datetime

    @property
    def days(self) -> int:
        """Length in days."""
        return (self.end - self.start).days

    def previous(self) -> Period:
        """The period of the same kind and length just before this one."""
        if self.kind == "week":
            start = self.start - dt.timedelta(days=7)
            year, week, _ = start.isocalendar()
            return Period(f"{year}-W{week:02d}", "week", start, self.start)
        if self.kind == "month":
            last = self.start - dt.timedelta(days=1)
            return parse_period(f"{last.year}-{last.month:02d}")
        if self.kind == "day":
            return parse_period((self.start - dt.timedelta(days=1)).date().isoformat())
        start = self.start - (self.end - self.start)
        end_day = (self.start - dt.timedelta(days=1)).date()
        return Period(f"{start.date()}..{end_day}", "range", start, self.start)

    def contains(self, when: dt.datetime) -> bool:
        """True when ``when`` (aware, any zone; naive is taken as UTC) falls in the period."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return self.start <= when < self.end


def _strict_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` only. (``date.fromisoformat`` alone would also take ``20260223`` and
    ``2026-W09-1`` on Python 3.11+ but not on 3.10.) Raises ``ValueError``."""
    if not _DAY.match(value):
        raise ValueError(f"not YYYY-MM-DD: {value!r}")
    return dt.date.fromisoformat(value)


def _day(value: str, whole: str) -> dt.date:
    try:
        return _strict_date(value)
    except ValueError as exc:
        raise CorpusError(Errors.E005.format(value=whole)) from exc


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)


def parse_period(value: str) -> Period:
    """Parse ``2026-W09`` (ISO week), ``2026-02`` (month), ``2026-02-23`` (day) or
    ``2026-02-01..2026-02-28`` (inclusive range of days) into a :class:`Period` in UTC.

    Raises:
        CorpusError: [E005] with the accepted forms, for anything else (including week 54,
            month 13, or a range that ends before it starts).
    """
    text = (value or "").strip()
    try:
        if m := _WEEK.match(text):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Period(text, "week", _midnight(monday), _midnight(monday + dt.timedelta(days=7)))
        if m := _MONTH.match(text):
            first = dt.date(int(m[1]), int(m[2]), 1)
            nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return Period(text, "month", _midnight(first), _midnight(nxt))
    except ValueError as exc:
        raise CorpusError(Errors.E005.format(value=value)) from exc
    if _DAY.match(text):
        day = _day(text, value)
        return Period(text, "day", _midnight(day), _midnight(day + dt.timedelta(days=1)))
    if ".." in text:
        first, _, last = text.partition("..")
        a, b = _day(first.strip(), value), _day(last.strip(), value)
        if b < a:
            raise CorpusError(Errors.E005.format(value=value))
        return Period(text, "range", _midnight(a), _midnight(b + dt.timedelta(days=1)))
    raise CorpusError(Errors.E005.format(value=value))


def parse_date(value: str) -> dt.datetime:
    """``YYYY-MM-DD`` -> midnight UTC. Raises ``CorpusError`` [E008] otherwise."""
    try:
        return _midnight(_strict_date(value.strip()))
    except (ValueError, AttributeError) as exc:
        raise CorpusError(Errors.E008.format(value=value)) from exc


def week_of(when: dt.datetime) -> str:
    """The ISO week label (``2026-W09``) of an aware datetime, in UTC."""
    year, week, _ = when.astimezone(UTC).isocalendar()
    return f"{year}-W{week:02d}"
