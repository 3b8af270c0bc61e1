"""corpus.periods: ISO weeks, months, days and ranges as half-open UTC intervals."""

from __future__ import annotations

import datetime as dt

import pytest

from corpus.errors import CorpusError
from corpus.periods import Period, parse_date, parse_period, week_of

UTC = dt.timezone.utc


def utc(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=UTC)


def test_iso_week_is_monday_to_monday_utc():
    p = parse_period("2026-W09")
    assert (p.kind, p.label) == ("week", "2026-W09")
    assert p.start == utc(2026, 2, 23) and p.end == utc(2026, 3, 2)
    assert p.start.weekday() == 0 and p.days == 7
    assert p.start.utcoffset() == dt.timedelta(0)


def test_week_53_of_2026_exists_and_2025_has_none():
    # 1 Jan 2026 is a Thursday, so ISO year 2026 has 53 weeks; 2025 has 52.
    assert dt.date(2026, 12, 31).isocalendar().week == 53
    assert dt.date(2025, 12, 28).isocalendar().week == 52
    p = parse_period("2026-W53")
    assert p.start == utc(2026, 12, 28) and p.end == utc(2027, 1, 4)
    with pytest.raises(CorpusError, match=r"^\[E005\]"):
        parse_period("2025-W53")


def test_week_1_can_start_in_the_previous_calendar_year():
    assert parse_period("2026-W01").start == utc(2025, 12, 29)


def test_month_rollover_december_to_january():
    p = parse_period("2026-12")
    assert (p.kind, p.start, p.end) == ("month", utc(2026, 12, 1), utc(2027, 1, 1))
    assert p.days == 31


@pytest.mark.parametrize(("label", "days"),
                         [("2026-02", 28), ("2028-02", 29), ("2026-04", 30), ("2026-01", 31)])
def test_month_lengths(label, days):
    assert parse_period(label).days == days


def test_day():
    p = parse_period("2026-02-23")
    assert (p.kind, p.start, p.end) == ("day", utc(2026, 2, 23), utc(2026, 2, 24))


def test_range_is_inclusive_of_its_last_day():
    p = parse_period("2026-02-01..2026-02-28")
    assert (p.kind, p.start, p.end, p.days) == ("range", utc(2026, 2, 1), utc(2026, 3, 1), 28)
    one = parse_period("2026-02-10..2026-02-10")
    assert one.days == 1 and one.end == utc(2026, 2, 11)


def test_surrounding_whitespace_is_ignored():
    assert parse_period("  2026-W09 \n").label == "2026-W09"
    assert parse_period("2026-02-01 .. 2026-02-03").days == 3


def test_previous_week_month_day_range():
    w = parse_period("2026-W09").previous()
    assert (w.label, w.kind, w.start, w.end) == ("2026-W08", "week", utc(2026, 2, 16), utc(2026, 2, 23))
    assert parse_period("2026-W01").previous().label == "2025-W52"
    assert parse_period("2027-W01").previous().label == "2026-W53"
    m = parse_period("2026-01").previous()
    assert (m.label, m.start, m.end) == ("2025-12", utc(2025, 12, 1), utc(2026, 1, 1))
    assert parse_period("2026-03").previous().days == 28
    d = parse_period("2026-03-01").previous()
    assert (d.label, d.start) == ("2026-02-28", utc(2026, 2, 28))
    r = parse_period("2026-02-10..2026-02-16").previous()
    assert (r.label, r.kind) == ("2026-02-03..2026-02-09", "range")
    assert (r.start, r.end) == (utc(2026, 2, 3), utc(2026, 2, 10))
    assert parse_period(r.label) == r


def test_previous_of_a_week_parses_back_to_itself():
    p = parse_period("2026-W10")
    for _ in range(60):  # walks back over the 53-week year 2026 into 2025
        prev = p.previous()
        assert parse_period(prev.label) == prev
        assert prev.end == p.start
        p = prev
    assert p.label == "2025-W02"


def test_contains_is_half_open_and_zone_aware():
    p = parse_period("2026-W09")
    assert p.contains(utc(2026, 2, 23))
    assert not p.contains(utc(2026, 3, 2))
    assert p.contains(utc(2026, 3, 1, 23, 59))
    assert p.contains(dt.datetime(2026, 2, 23, 0, 0))  # naive is UTC
    plus_one = dt.timezone(dt.timedelta(hours=1))
    assert p.contains(dt.datetime(2026, 3, 2, 0, 30, tzinfo=plus_one))  # 1 Mar 23:30 UTC
    assert not p.contains(dt.datetime(2026, 2, 23, 0, 30, tzinfo=plus_one))  # 22 Feb 23:30 UTC


def test_week_of_uses_utc():
    assert week_of(utc(2026, 2, 23)) == "2026-W09"
    minus_five = dt.timezone(dt.timedelta(hours=-5))
    # Sunday 1 Mar 20:00 at UTC-5 is Monday 2 Mar 01:00 UTC: week 10.
    assert week_of(dt.datetime(2026, 3, 1, 20, tzinfo=minus_five)) == "2026-W10"


def test_parse_date():
    assert parse_date(" 2026-02-23 ") == utc(2026, 2, 23)
    for bad in ("2026-02-30", "yesterday", "", None, "20260223"):
        with pytest.raises(CorpusError, match=r"^\[E008\]"):
            parse_date(bad)


@pytest.mark.parametrize("value", [
    "2026-W60", "2026-W00", "2026-W9", "2026-13", "2026-00", "2026-02-30", "March", "",
    "2026-03-01..2026-02-01", "2026-02-01..", "..2026-02-01", "2026-02-01..2026-02-30",
    # Python 3.11's date.fromisoformat accepts these; Python 3.10 does not: both must refuse them.
    "20260201..20260228", "2026-W09-1..2026-W09-7",
])
def test_bad_values_raise_e005(value):
    with pytest.raises(CorpusError) as info:
        parse_period(value)
    message = str(info.value)
    assert message.startswith("[E005]")
    assert repr(value) in message and "2026-W09" in message  # names the input and the accepted forms


def test_period_is_a_value():
    assert parse_period("2026-W09") == Period("2026-W09", "week", utc(2026, 2, 23), utc(2026, 3, 2))
