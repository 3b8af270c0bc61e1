"""The Method section: which runs made the data, with which models, how good they measured, the
counts, and the known limits a reader should weigh.

Measured quality comes from the analysis run when it recorded it (``versions`` keys ending in
``_f1``, e.g. ``stance_cv_macro_f1``); else from :data:`MEASURED`, the figures the project's
benchmarks printed (README, "Benchmarks"), each with the command that measures it again.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

#: Benchmark figures (what, value, how measured), used when the run recorded none.
MEASURED = (
    ("Claims (speaker, cue, content) against PolNeAR attributions, dev split", "F1 0.70 (precision 0.85, recall 0.60)",
     "benchmarks/attribution.py"),
    ("Speaker of a matched claim right", "0.95", "benchmarks/attribution.py"),
    ("Stance toward a proposition (favor / against / neutral)", "macro-F1 0.70 cross-validated, 0.73 held out",
     "benchmarks/stance.py"),
)

#: Limits that hold for every briefing.
LIMITS = (
    "A claim's stance comes from a trained model: about one label in four is wrong, so a position rests on "
    "several claims, never one; read the interval.",
    "Claims are found by rules on a small parser's analysis: some attributions are missed (recall about 0.6) and a "
    "wrong parse gives a wrong boundary; every passage links to the stored copy to check.",
    "Syndicated copies (near-duplicates) are left out of claims and positions; a repeat by another outlet counts in "
    "the repeat line.",
    "Documents without a publication date are left out of every period.",
    "An outlet's country is read from its domain (.uk, .de); .com and other generic domains tell none.",
)

FIX_NAMES = {"paragraph-before": "text of an earlier line (a heading, a link row) cut from the front",
             "paragraph-after": "text of a later line cut from the end",
             "stray-mark": "a closing quotation mark of the sentence before dropped from the front",
             "closing-mark": "the passage's own closing quotation mark restored at the end",
             "opening-mark": "the start moved back to the opening mark of the quotation it closes",
             "elided": "paragraphs between the speaker's and the content's left out, marked […]"}


def repairs(shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many shown passages each kind of end repair (:mod:`reports.quotes`) touched."""
    tally = Counter(f for c in shown for f in c["passage"]["fixes"])
    return [{"fix": k, "what": FIX_NAMES.get(k, k), "passages": tally[k]} for k in FIX_NAMES if tally[k]]


def _run(run) -> dict[str, Any] | None:
    if run is None:
        return None
    return {"id": run.id, "status": run.status, "started_at": run.started_at, "finished_at": run.finished_at,
            "counts": dict(run.counts), "parameters": dict(run.parameters), "versions": dict(run.versions)}


def method(runs: dict[str, Any], store: dict[str, Any], counts: dict[str, int], themes: dict[str, Any],
           claims: dict[str, Any]) -> dict[str, Any]:
    """The Method section's data: runs (crawl, analysis), models (name -> version), quality rows
    (what, value, source), counts of the store and the period, limits."""
    analysis = _run(runs.get("analysis"))
    versions = analysis["versions"] if analysis else {}
    models = {k: str(v) for k, v in sorted(versions.items()) if k not in ("stance_file",)}
    recorded = [(k, str(v), f"analysis run #{analysis['id']}") for k, v in sorted(versions.items())
                if k.endswith("_f1")] if analysis else []
    quality = [{"what": w, "value": v, "source": s} for w, v, s in (recorded or MEASURED)]
    limits = list(LIMITS)
    if store.get("undated"):
        limits.insert(3, f"{store['undated']:,} relevant documents of the store have no date and are in no period.")
    if themes.get("run_id") is None:
        limits.append("No theme model has been fitted on this store (too few passages, or analysis ran without themes).")
    return {"crawl": _run(runs.get("crawl")), "analysis": analysis, "theme_run": themes.get("run_id"),
            "models": models, "quality": quality, "quality_recorded": bool(recorded),
            "store": {k: store[k] for k in ("documents", "relevant", "analyzed", "undated", "claims")},
            "period": counts, "limits": limits, "repaired": claims["repaired"]}
