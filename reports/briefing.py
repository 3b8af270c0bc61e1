"""Periodic briefings: a context built from the store, rendered to one self-contained HTML file.

:func:`write_briefing` is what ``debatelens report`` calls. The page carries its CSS and charts
(inline SVG) inside, so it can be mailed or archived as one file. Templates are rendered by one
Jinja ``Environment(autoescape=True, undefined=StrictUndefined)``: every value from the store is
escaped, and a missing context key fails loudly instead of rendering blank.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from corpus import queries, writes
from corpus.errors import EmptyStoreError, Errors
from corpus.periods import Period, parse_period, week_of
from corpus.profile import Profile, load_profile
from corpus.settings import Settings, load_settings
from corpus.store import Store

from . import charts

#: Claims shown in full in a briefing (the rest are counted).
MAX_CLAIMS = 60
#: New speakers named in "what changed" (by claims on the propositions; the rest are counted).
MAX_NEW_SPEAKERS = 12
#: Weeks of theme history drawn in the trend charts.
TREND_WEEKS = 12


def environment() -> Environment:
    """The Jinja environment of the report templates (autoescape on, StrictUndefined)."""
    env = Environment(loader=PackageLoader("reports", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["date"] = lambda d: d.strftime("%d %b %Y") if d else "undated"
    env.filters["datetime"] = lambda d: d.strftime("%Y-%m-%d %H:%M UTC") if d else ""
    env.filters["signed"] = lambda n: f"+{n}" if n > 0 else str(n)
    return env


def _weeks_back(end: dt.datetime, n: int) -> list[str]:
    return [week_of(end - dt.timedelta(days=7 * i + 1)) for i in reversed(range(n))]


def build_context(session, period: Period, profile: Profile, *, url: str = "") -> dict[str, Any]:
    """Everything a briefing shows for ``period``, as plain values.

    Keys: profile, period, previous, generated_at, counts, previous_counts, deltas, actors,
    new_speakers, new_speakers_more, propositions, stance_rows, claims (those with a stance, most
    related first), claims_debate, claims_total, themes, sources, documents,
    store, runs, timeline_svg.

    Raises:
        EmptyStoreError: [E007] when the store has no documents at all.
    """
    queries.require_documents(session, url)
    previous = period.previous()
    counts = queries.period_counts(session, period.start, period.end)
    before = queries.period_counts(session, previous.start, previous.end)
    claims = queries.find_claims(session, since=period.start, until=period.end, limit=None)
    # The briefing quotes the claims on the propositions (those with a stance), the most related
    # first, those of a known speaker before the others; the rest are counted.
    debate_claims = sorted((c for c in claims if c["stances"]),
                           key=lambda c: (c["speaker_entity"] is None, -round(c["relatedness"], 2),
                                          -(c["published_at"].timestamp() if c["published_at"] else 0)))
    speakers_now = queries.speaker_counts(session, period.start, period.end)
    speakers_before = set(queries.speaker_counts(session, previous.start, previous.end))
    new_speakers = sorted((n for n in speakers_now if n not in speakers_before and speakers_now[n]),
                          key=lambda n: (-speakers_now[n], n))
    run_id = queries.latest_topic_run(session)
    themes = []
    if run_id is not None:
        weeks = _weeks_back(period.end, TREND_WEEKS)
        series: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(weeks, 0))
        for number, published, n in queries.topic_timeline(session, run_id, end=period.end):
            week = week_of(published)
            if week in series[number]:
                series[number][week] += n
        # The previous period of the same kind (not the week before the last: a month compares with a month)
        before_themes = {t["number"]: t["period_passages"]
                         for t in queries.topics_with_counts(session, run_id, previous.start, previous.end)}
        for t in queries.topics_with_counts(session, run_id, period.start, period.end):
            if t["number"] == -1:
                continue
            values = list(series[t["number"]].values())
            t["trend_svg"] = charts.sparkline(values, title=f"passages per week, {weeks[0]} to {weeks[-1]}")
            t["previous_passages"] = before_themes.get(t["number"], 0)
            themes.append(t)
    documents = queries.period_documents(session, period.start, period.end)
    per_day: dict[str, int] = defaultdict(int)
    for d in documents:
        per_day[d["published_at"].date().isoformat()] += 1
    days = [(period.start + dt.timedelta(days=i)).date().isoformat() for i in range(min(period.days, 62))]
    return {
        "profile": {"name": profile.name, "title": profile.title, "description": profile.description},
        "period": period,
        "previous": previous,
        "generated_at": dt.datetime.now(dt.timezone.utc),
        "counts": counts,
        "previous_counts": before,
        "deltas": {k: counts[k] - before.get(k, 0) for k in counts},
        "actors": queries.top_actors(session, period.start, period.end, limit=15),
        "new_speakers": new_speakers[:MAX_NEW_SPEAKERS],
        "new_speakers_more": max(0, len(new_speakers) - MAX_NEW_SPEAKERS),
        "propositions": queries.propositions(session, profile.name),
        "stance_rows": _position_rows(session, period, previous),
        "claims": debate_claims[:MAX_CLAIMS],
        "claims_debate": len(debate_claims),
        "claims_total": len(claims),
        "themes": themes[:10],
        "sources": queries.period_sources(session, period.start, period.end),
        "documents": documents,
        "store": queries.store_counts(session),
        "runs": queries.last_runs(session),
        "timeline_svg": charts.bars([per_day.get(d, 0) for d in days], labels=days,
                                    title="relevant documents per day"),
    }


def _position_rows(session, period: Period, previous: Period, *, limit: int = 15) -> list[dict[str, Any]]:
    """The grid of actors x propositions: one row per actor (most claims first), a
    :class:`corpus.positions.Position` per proposition it spoke to (the numbers
    ``debatelens query positions`` prints for the same period)."""
    from corpus.positions import actor_positions

    rows: dict[str, dict[str, Any]] = {}
    for p in actor_positions(session, start=period.start, end=period.end, previous=(previous.start, previous.end)):
        row = rows.setdefault(p.actor, {"actor": p.actor, "actor_type": p.actor_type, "cells": {}, "total": 0})
        row["cells"][p.proposition] = p
        row["total"] += p.claims
    return sorted(rows.values(), key=lambda r: (-r["total"], r["actor"]))[:limit]


@dataclass(frozen=True)
class BriefingResult:
    """A written briefing: its path, the index path, and the period's counts."""

    path: Path
    index: Path
    counts: dict[str, int]


def write_briefing(settings: Settings | None = None, *, period: str,
                   out_dir: str | Path = "briefings") -> BriefingResult:
    """Render the briefing of ``period`` into ``out_dir/briefing-<period>.html`` and refresh
    ``out_dir/index.html`` (every recorded briefing). The file is written whole (to a temporary
    name, then renamed) and recorded in the ``reports`` table.

    Args:
        settings: the store (``db``) and the profile (``profile``); default
            :func:`corpus.settings.load_settings`.
        period: ``2026-W09``, ``2026-02``, ``2026-02-23`` or ``2026-02-01..2026-02-28`` (UTC).
        out_dir: folder for the HTML files (created if missing).

    Raises:
        CorpusError: [E005] malformed period, [E001] store cannot be opened.
        EmptyStoreError: [E007] no documents in the store, or none analysed.
        OSError: the output folder cannot be written.
    """
    settings = settings or load_settings()
    per = parse_period(period)
    prof = load_profile(settings.profile)
    store = Store.open(settings.db, must_exist=True)
    out = Path(out_dir)
    env = environment()
    try:
        with store.unit_of_work() as session:
            context = build_context(session, per, prof, url=store.url)
            if not context["store"]["analyzed"]:
                raise EmptyStoreError(Errors.E007.format(url=store.url, what="no document has been analysed"))
            html = env.get_template("briefing.html").render(**context, css=_css())
            # Only now, with the page rendered: a failed report leaves no empty folder behind.
            out.mkdir(parents=True, exist_ok=True)
            path = out / f"briefing-{per.label.replace('..', '_to_')}.html"
            _write_atomic(path, html)
            writes.add_report(session, period=per.label, start=per.start, end=per.end, path=str(path.resolve()),
                              counts=context["counts"])
            index_html = env.get_template("index.html").render(
                profile=context["profile"], reports=_index_rows(queries.reports(session), out),
                generated_at=context["generated_at"], css=_css())
            index = out / "index.html"
            _write_atomic(index, index_html)
    finally:
        store.close()
    return BriefingResult(path=path, index=index, counts=context["counts"])


def _index_rows(reports, out: Path) -> list[dict[str, Any]]:
    """The index lists the briefings of its own folder that still exist, one per period (the
    newest rendering), with links relative to the folder."""
    rows, seen = [], set()
    for report in reports:  # newest period first, newest rendering first
        path = Path(report.path)
        if path.parent != out.resolve() or not path.exists() or report.period in seen:
            continue
        seen.add(report.period)
        rows.append({"period": report.period, "start": report.start, "end": report.end, "href": path.name,
                     "created_at": report.created_at, "counts": report.counts})
    return rows


def _css() -> str:
    return (Path(__file__).parent / "templates" / "briefing.css").read_text(encoding="utf-8")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
