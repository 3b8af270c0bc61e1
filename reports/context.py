"""A briefing's context: everything a briefing shows for one period, as plain data.

:func:`build_context` returns dicts, lists, strings, numbers and UTC datetimes only (no ORM
object, no markup), so the same value renders the HTML (charts are drawn by the templates from the
numbers) and prints as JSON (``debatelens report --format json``). Keys, one per section:
``meta`` (profile, period, previous, generated_at), ``summary``, ``figures``, ``timeline``,
``positions``, ``claims``, ``themes``, ``sources``, ``watchlist``, ``method``; ``period``,
``previous`` and ``store`` at the top for the partials' convenience.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict
from typing import Any

from corpus import queries, report_queries
from corpus.periods import Period, week_of
from corpus.positions import actor_positions
from corpus.profile import Profile

from . import claims_view, method, sources_view, summary

#: Weeks of theme history drawn in the theme charts.
TREND_WEEKS = 8
#: Themes shown in full (the rest are counted).
MAX_THEMES = 8
#: Actors per type group in the Positions tables.
MAX_POSITION_ROWS = 8
#: Documents listed under Sources (those with most claims first; the rest are counted).
MAX_DOCUMENTS = 60

#: Actor-type groups of the Positions section, in order: (key, heading, actor types).
TYPE_GROUPS = (
    ("governments", "Governments and officials", ("government", "official")),
    ("labs", "Labs and companies", ("company",)),
    ("researchers", "Researchers", ("researcher",)),
    ("media", "Media", ("media",)),
    ("public", "Public figures", ("person",)),
    ("other", "Other organisations", ("organization", None)),
)


def period_data(period: Period) -> dict[str, Any]:
    """A :class:`corpus.periods.Period` as data: label, kind, start, end (exclusive), last_day,
    days, and a reader's name ("week 9 of 2026")."""
    last = period.end - dt.timedelta(days=1)
    if period.kind == "week":
        year, week, _ = period.start.isocalendar()
        name = f"week {week} of {year}"
    elif period.kind == "month":
        name = f"{period.start:%B %Y}"
    elif period.kind == "day":
        name = f"{period.start.day} {period.start:%B %Y}"
    else:
        name = f"{period.start.day} {period.start:%b %Y} to {last.day} {last:%b %Y}"
    return {"label": period.label, "kind": period.kind, "start": period.start, "end": period.end,
            "last_day": last, "days": period.days, "name": name}


def _figures(now: dict[str, int], before: dict[str, int]) -> list[dict[str, Any]]:
    names = [("documents", "documents"), ("sources", "outlets"), ("claims", "claims"), ("actors", "actors mentioned"),
             ("speakers", "named speakers"), ("debate_claims", "claims on the propositions"), ("comments", "comments")]
    return [{"key": k, "label": label, "value": now.get(k, 0), "previous": before.get(k, 0),
             "change": now.get(k, 0) - before.get(k, 0)} for k, label in names]


def _timeline(period: Period, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Documents per day of the period (at most 62 days drawn; longer ranges per week)."""
    per_day: dict[dt.date, int] = defaultdict(int)
    for d in documents:
        per_day[d["published_at"].date()] += 1
    days = [(period.start + dt.timedelta(days=i)).date() for i in range(period.days)]
    if len(days) <= 62:
        rows = [{"label": f"{d:%a} {d.day}" if len(days) <= 8 else f"{d.day} {d:%b}", "date": d,
                 "documents": per_day.get(d, 0)} for d in days]
        unit = "day"
    else:
        weeks: dict[str, int] = defaultdict(int)
        for d in days:
            weeks[week_of(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc))] += per_day.get(d, 0)
        rows = [{"label": w[5:], "date": w, "documents": n} for w, n in weeks.items()]
        unit = "week"
    return {"unit": unit, "rows": rows}


def _positions(period: Period, previous: Period, session, propositions) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {}
    for p in actor_positions(session, start=period.start, end=period.end, previous=(previous.start, previous.end)):
        row = rows.setdefault(p.actor, {"actor": p.actor, "actor_type": p.actor_type, "cells": {}, "claims": 0})
        row["cells"][p.proposition] = {**asdict(p), "claims": p.claims}
        row["claims"] += p.claims
    groups = []
    for key, heading, types in TYPE_GROUPS:
        members = sorted((r for r in rows.values() if r["actor_type"] in types), key=lambda r: (-r["claims"], r["actor"]))
        if members:
            groups.append({"key": key, "heading": heading, "rows": members[:MAX_POSITION_ROWS],
                           "more": max(0, len(members) - MAX_POSITION_ROWS)})
    return {"propositions": propositions, "groups": groups, "actors": len(rows),
            "moved": sum(1 for r in rows.values() for c in r["cells"].values() if c["moved"])}


def _theme_label(t: dict[str, Any]) -> str:
    """A theme's readable label: the store's label, without a BERTopic ``N_`` prefix and
    underscores (``0_fraudulent_accounts_distill`` -> ``fraudulent · accounts · distill``)."""
    label = str(t.get("label") or "")
    head, _, rest = label.partition("_")
    if rest and head.lstrip("-").isdigit():
        return " · ".join(w for w in rest.split("_") if w)
    return label or f"theme {t['number']}"


def _themes(session, period: Period, previous: Period) -> dict[str, Any]:
    run_id = queries.latest_topic_run(session)
    if run_id is None:
        return {"run_id": None, "weeks": [], "items": [], "more": 0}
    ends = [period.end - dt.timedelta(days=7 * i) for i in reversed(range(TREND_WEEKS))]
    weeks = [week_of(e - dt.timedelta(days=1)) for e in ends]
    passages: dict[str, dict[int, int]] = {w: defaultdict(int) for w in weeks}
    for number, published, n in queries.topic_timeline(session, run_id, end=period.end):
        w = week_of(published)
        if w in passages:
            passages[w][number] += n
    now = queries.topics_with_counts(session, run_id, period.start, period.end)
    before = {t["number"]: t["period_passages"] for t in
              queries.topics_with_counts(session, run_id, previous.start, previous.end)}
    total_now = sum(t["period_passages"] for t in now) or 0
    total_before = sum(before.values()) or 0
    items = []
    for t in now:
        if t["number"] == -1:
            continue
        series = [passages[w][t["number"]] / (sum(passages[w].values()) or 1) for w in weeks]
        items.append({"number": t["number"], "label": _theme_label(t), "stored_label": t["label"],
                      "terms": list(t["terms"])[:10], "size": t["size"], "example": t.get("example") or "", "passages": t["period_passages"],
                      "documents": t["period_documents"], "previous_passages": before.get(t["number"], 0),
                      "share": t["period_passages"] / total_now if total_now else 0.0,
                      "previous_share": before.get(t["number"], 0) / total_before if total_before else 0.0,
                      "series": [{"week": w, "short": w.split("-")[-1], "share": round(s, 4)}
                                 for w, s in zip(weeks, series)]})
    items = [t for t in items if t["passages"] > 0] or []
    items.sort(key=lambda t: (-t["passages"], t["number"]))
    return {"run_id": run_id, "weeks": weeks, "items": items[:MAX_THEMES], "more": max(0, len(items) - MAX_THEMES),
            "outlier_passages": next((t["period_passages"] for t in now if t["number"] == -1), 0)}


def build_context(session, period: Period, profile: Profile, *, url: str = "",
                  now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything a briefing shows for ``period`` (module docstring), from the store.

    Args:
        session: a read session of the store.
        period: the period; it is compared with ``period.previous()``.
        profile: the debate profile (title, propositions).
        url: the store's URL, named in errors.
        now: the time of rendering (UTC; default now): ``meta.generated_at``, the only value
            that differs between two renderings of the same store.

    Raises:
        EmptyStoreError: [E007] when the store has no documents at all.
    """
    queries.require_documents(session, url)
    previous = period.previous()
    start, end = period.start, period.end
    counts, before = (queries.period_counts(session, start, end),
                      queries.period_counts(session, previous.start, previous.end))
    actors_now = queries.top_actors(session, start, end, limit=None)
    actors_before = queries.top_actors(session, previous.start, previous.end, limit=None)
    claims = report_queries.debate_claims(session, start, end)
    counts.update(actors=len(actors_now), debate_claims=len(claims))
    before.update(actors=len(actors_before),
                  debate_claims=report_queries.count_debate_claims(session, previous.start, previous.end))
    propositions = queries.propositions(session, profile.name)
    clusters = queries.claim_clusters(session, until=end, limit=None)
    cards = claims_view.dedupe(claims, clusters)
    speaker_now = queries.speaker_counts(session, start, end)
    ever_before = set(queries.speaker_counts(session, None, start))
    types = {a["name"]: a["actor_type"] for a in actors_now}
    types.update({c["speaker_entity"]: c["actor_type"] for c in claims if c["speaker_entity"]})
    fresh = summary.new_speakers(speaker_now, ever_before, cards, types)
    themes = _themes(session, period, previous)
    documents = queries.period_documents(session, start, end)
    store = queries.store_counts(session)
    in_period = {c["id"] for c in cards}
    repeated = [{**r, "earlier": bool(r["first_published"] and r["first_published"] < start)}
                for r in clusters if set(r["claim_ids"]) & in_period]
    ctx: dict[str, Any] = {
        "meta": {"profile": {"name": profile.name, "title": profile.title, "description": profile.description},
                 "generated_at": now or dt.datetime.now(dt.timezone.utc)},
        "period": period_data(period), "previous": period_data(previous), "store": store,
        "figures": _figures(counts, before),
        "timeline": _timeline(period, documents),
        "positions": _positions(period, previous, session, propositions),
        "themes": themes,
        "repeated": repeated,
        "speaker_counts": speaker_now,
        "watchlist": {"new_speakers": fresh[:summary.MAX_NEW_SPEAKERS],
                      "new_speakers_more": max(0, len(fresh) - summary.MAX_NEW_SPEAKERS),
                      "rising_actors": summary.rising_actors(actors_now, actors_before),
                      "rising_themes": summary.rising_themes(themes["items"])},
    }
    ctx["summary"] = summary.summary(ctx, cards)
    groups, shown = claims_view.group_claims(cards, propositions, pinned=set(ctx["summary"]["pinned"]))
    texts = {d.id: d.text for d in queries.documents_by_id(session, sorted({c["document_id"] for c in shown}))}
    claims_view.attach_passages(shown, texts, start)
    ctx["claims"] = {"groups": groups, "shown": len(shown), "cards": len(cards), "debate": len(claims),
                     "total": counts["claims"], "repeated": sum(1 for c in shown if c["repeat"]),
                     "repaired": method.repairs(shown)}
    ctx["sources"] = sources_view.sources(queries.period_sources(session, start, end), documents,
                                          limit=MAX_DOCUMENTS)
    ctx["method"] = method.method(queries.last_runs(session), store, counts, themes, ctx["claims"])
    del ctx["speaker_counts"]
    return ctx
