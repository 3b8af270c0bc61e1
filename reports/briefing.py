"""Periodic briefings: a context built from the store, rendered to one self-contained HTML file.

:func:`write_briefing` is what ``debatelens report --period P`` calls, :func:`write_all` what
``--all`` calls, :func:`briefing_context` what ``--format json`` prints. The page carries its CSS
and charts (inline SVG) inside and loads nothing, so it can be mailed or archived as one file;
beside it, ``copies/doc-N.html`` are the stored copies of the cited documents (the text as
fetched, the quoted passages marked), and ``index.html`` lists every briefing of the folder.

Templates are rendered by one Jinja ``Environment(autoescape=True, undefined=StrictUndefined)``:
every value from the store is escaped, and a missing context key fails loudly instead of
rendering blank. ``briefing.html`` includes one partial per section (``sections/*.html``) and
the stylesheet (``briefing.css``); a ``templates`` folder given by the user is searched first,
so any of them can be replaced one at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from corpus import queries, report_queries, writes
from corpus.errors import EmptyStoreError, Errors
from corpus.periods import parse_period, week_of
from corpus.profile import load_profile
from corpus.settings import Settings, load_settings
from corpus.store import Store

from . import charts
from .context import build_context
from .errors import Errors as ReportErrors
from .errors import ReportError

#: The sections of a briefing, in page order: (id, heading). Each is ``sections/<id>.html``.
SECTIONS = (("summary", "Summary"), ("figures", "Key figures"), ("positions", "Positions"),
            ("claims", "Claims"), ("themes", "Themes"), ("sources", "Sources"), ("watchlist", "Watchlist"),
            ("method", "Method"))


def _date(d) -> str:
    return f"{d.day} {d:%b %Y}" if d else "undated"


def css_string(value: Any) -> Markup:
    """``value`` as the inside of a CSS double-quoted string in a ``<style>`` element: quotes and
    backslashes escaped, ``<`` and line breaks as CSS escapes, so no value can close the string or
    the element."""
    out = []
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "<>&\n\r" or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup("".join(out))


def environment(templates: str | Path | None = None) -> Environment:
    """The Jinja environment of the report templates (autoescape on, StrictUndefined).

    Args:
        templates: a folder searched before the shipped templates (``--templates DIR``).

    Raises:
        ReportError: [E301] ``templates`` is not a folder.
    """
    loaders = [PackageLoader("reports", "templates")]
    if templates is not None:
        if not Path(templates).is_dir():
            raise ReportError(ReportErrors.E301.format(path=templates))
        loaders.insert(0, FileSystemLoader(str(templates)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["date"] = _date
    env.filters["datetime"] = lambda d: d.strftime("%Y-%m-%d %H:%M UTC") if d else ""
    env.filters["signed"] = lambda n: f"+{n:,}" if n > 0 else ("0" if n == 0 else f"−{abs(n):,}")
    env.filters["pct"] = lambda v: f"{v * 100:.0f}%"
    env.filters["net"] = lambda v: "–" if v is None else f"{v:+.2f}".replace("-", "−")
    env.filters["css_string"] = css_string
    env.globals["charts"] = charts
    env.globals["sections"] = SECTIONS
    return env


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(context: dict[str, Any] | list[dict[str, Any]]) -> str:
    """A context (or a list of them) as JSON: datetimes in ISO 8601 (UTC), tuples as lists."""
    return json.dumps(context, default=_json_default, ensure_ascii=False, indent=2)


def render(env: Environment, name: str, **context: Any) -> str:
    """Render template ``name`` with ``context``.

    Raises:
        ReportError: [E302] the template (or a partial it includes) fails: a syntax error, a
            name the context does not have.
    """
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        raise ReportError(ReportErrors.E302.format(name=name, path=where, reason=exc)) from exc


def briefing_context(settings: Settings | None = None, *, period: str) -> dict[str, Any]:
    """The context of the briefing of ``period`` as data (what ``report --format json`` prints).

    Raises:
        CorpusError: [E005] malformed period, [E001]/[E011] store cannot be opened.
        EmptyStoreError: [E007] no documents in the store, or none analysed.
    """
    settings = settings or load_settings()
    per = parse_period(period)
    prof = load_profile(settings.profile)
    with Store.open(settings.db, must_exist=True) as store, store.reading() as session:
        return _checked_context(session, per, prof, store.url)


def _checked_context(session, per, prof, url) -> dict[str, Any]:
    context = build_context(session, per, prof, url=url)
    if not context["store"]["analyzed"]:
        raise EmptyStoreError(Errors.E007.format(url=url, what="no document has been analysed"))
    return context


@dataclass(frozen=True)
class BriefingResult:
    """A written briefing: its path, the index path, the period's counts, the copies written."""

    path: Path
    index: Path
    counts: dict[str, int]
    copies: int = 0
    quiet: bool = False


def _file_name(label: str) -> str:
    return f"briefing-{label.replace('..', '_to_')}.html"


def _render_one(session, env: Environment, per, prof, url: str, out: Path) -> tuple[Path, dict[str, Any], int]:
    context = _checked_context(session, per, prof, url)
    html = render(env, "briefing.html", **context)
    ids = sorted({c["document_id"] for g in context["claims"]["groups"] for s in g["sides"] for c in s["cards"]}
                 | {d["id"] for d in context["sources"]["documents"]})
    marks: dict[int, list[dict[str, Any]]] = {}
    for g in context["claims"]["groups"]:
        for s in g["sides"]:
            for c in s["cards"]:
                marks.setdefault(c["document_id"], []).append(c)
    copies = report_queries.document_copies(session, ids)
    # Only now, with every page rendered: a failed report leaves no empty folder behind.
    pages = {out / "copies" / f"doc-{i}.html": render(env, "copy.html", doc=copies[i], segments=_segments(
        copies[i]["text"], marks.get(i, [])), meta=context["meta"], period=context["period"]) for i in copies}
    path = out / _file_name(per.label)
    try:
        (out / "copies").mkdir(parents=True, exist_ok=True)
        _write_atomic(path, html)
        for p, page in pages.items():
            _write_atomic(p, page)
    except OSError as exc:
        raise ReportError(ReportErrors.E303.format(path=out, reason=exc.strerror or exc)) from exc
    counts = {f["key"]: f["value"] for f in context["figures"]}
    counts["quiet"] = int(context["summary"]["quiet"])
    writes.add_report(session, period=per.label, start=per.start, end=per.end, path=str(path.resolve()), counts=counts)
    return path, context, len(pages)


def _segments(text: str, cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored text cut into pieces, the quoted passages marked (``claim`` = its id)."""
    spans = sorted({(c["passage"]["start"], c["passage"]["end"], c["id"]) for c in cards})
    out, pos = [], 0
    for start, end, claim_id in spans:
        if start < pos:  # overlapping passages: the first one keeps the mark
            continue
        out.append({"text": text[pos:start], "claim": None})
        out.append({"text": text[start:end], "claim": claim_id})
        pos = end
    out.append({"text": text[pos:], "claim": None})
    return [s for s in out if s["text"]]


def _write_index(session, env: Environment, out: Path, context_meta: dict[str, Any]) -> Path:
    index = out / "index.html"
    html = render(env, "index.html", meta=context_meta, reports=_index_rows(queries.reports(session), out))
    try:
        _write_atomic(index, html)
    except OSError as exc:
        raise ReportError(ReportErrors.E303.format(path=out, reason=exc.strerror or exc)) from exc
    return index


def write_briefing(settings: Settings | None = None, *, period: str, out_dir: str | Path = "briefings",
                   templates: str | Path | None = None) -> BriefingResult:
    """Render the briefing of ``period`` into ``out_dir/briefing-<period>.html``, the stored
    copies it cites into ``out_dir/copies/``, and refresh ``out_dir/index.html`` (every recorded
    briefing of the folder). Files are written whole (to a temporary name, then renamed) and the
    briefing is recorded in the ``reports`` table.

    Args:
        settings: the store (``db``) and the profile (``profile``); default
            :func:`corpus.settings.load_settings`.
        period: ``2026-W09``, ``2026-02``, ``2026-02-23`` or ``2026-02-01..2026-02-28`` (UTC).
        out_dir: folder for the HTML files (created if missing).
        templates: a folder of templates that replace the shipped ones (``--templates``).

    Raises:
        CorpusError: [E005] malformed period, [E001] store cannot be opened.
        EmptyStoreError: [E007] no documents in the store, or none analysed.
        ReportError: [E301] bad templates folder, [E302] a template fails, [E303] cannot write.
    """
    return write_all(settings, periods=[period], out_dir=out_dir, templates=templates)[0]


def periods_with_data(session, *, every: str = "week") -> list[str]:
    """Labels of every ISO week (``every="week"``) or month with a dated relevant document,
    oldest first.

    Raises:
        ReportError: [E305] ``every`` is neither week nor month.
    """
    if every not in ("week", "month"):
        raise ReportError(ReportErrors.E305.format(value=every))
    dates = report_queries.coverage_dates(session)
    labels = [week_of(d) if every == "week" else f"{d.year}-{d.month:02d}" for d in dates]
    return list(dict.fromkeys(labels))


def write_all(settings: Settings | None = None, *, periods: list[str] | None = None, every: str = "week",
              out_dir: str | Path = "briefings", templates: str | Path | None = None) -> list[BriefingResult]:
    """Render the briefings of ``periods`` (default: every period of kind ``every`` with data,
    :func:`periods_with_data`) and one index. Raises as :func:`write_briefing`, and
    ReportError [E304] when ``periods`` is not given and the store has no dated coverage."""
    settings = settings or load_settings()
    parsed = [parse_period(p) for p in periods] if periods is not None else None
    prof = load_profile(settings.profile)
    env = environment(templates)
    out = Path(out_dir)
    results = []
    with Store.open(settings.db, must_exist=True) as store, store.unit_of_work() as session:
        if parsed is None:
            queries.require_documents(session, store.url)
            labels = periods_with_data(session, every=every)
            if not labels:
                raise ReportError(ReportErrors.E304.format(url=store.url))
            parsed = [parse_period(p) for p in labels]
        meta = None
        for per in parsed:
            path, context, n = _render_one(session, env, per, prof, store.url, out)
            meta = context["meta"]
            counts = {f["key"]: f["value"] for f in context["figures"]}
            results.append(BriefingResult(path=path, index=out / "index.html", counts=counts, copies=n,
                                          quiet=context["summary"]["quiet"]))
        _write_index(session, env, out, meta)
    return results


def _index_rows(reports, out: Path) -> list[dict[str, Any]]:
    """The index lists the briefings of its own folder that still exist, one per period (the
    newest rendering), with links relative to the folder; weeks, then months, then other periods,
    newest first within each."""
    rows, seen = [], set()
    for report in reports:  # newest period first, newest rendering first
        path = Path(report.path)
        if path.parent != out.resolve() or not path.exists() or report.period in seen:
            continue
        seen.add(report.period)
        days = (report.end - report.start).days
        rows.append({"period": report.period, "start": report.start, "last_day": report.end - dt.timedelta(days=1),
                     "href": path.name, "created_at": report.created_at, "counts": dict(report.counts),
                     "kind": "week" if "-W" in report.period else "month" if days >= 28 and len(report.period) == 7
                     else "other"})
    order = {"week": 0, "month": 1, "other": 2}
    return sorted(rows, key=lambda r: (order[r["kind"]], -r["start"].timestamp()))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


__all__ = ["SECTIONS", "BriefingResult", "briefing_context", "environment", "periods_with_data",
           "render", "to_json", "write_all", "write_briefing"]
