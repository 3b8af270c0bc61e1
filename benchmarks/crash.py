"""kill -9 at random points of crawl, analyze and report; the store must end as if uninterrupted.

A reference store is made once, uninterrupted: ``crawl`` of the bundled sample site (served on
127.0.0.1), ``analyze``, ``report --period 2026-W09``. Each trial makes a new store the same way,
but kills one stage (``crawl``, ``analyze`` or ``report``) with SIGKILL at a random moment of
its reference duration, then runs that stage again to its end and the later stages as usual.
(A trial of ``analyze`` or ``report`` starts from a copy of the reference store saved just
before that stage.) The final store must equal the reference: the same documents (canonical URL, content hash,
relevance, analysed), claims (document, offsets, speaker, cue, content), stances (claim,
proposition, label), topics of the newest fit (label, size, terms), one briefing row per period:
nothing lost, nothing doubled. Killed runs must end ``interrupted``, never ``running``.

Run: ``.venv/bin/python benchmarks/crash.py [--trials 20] [--stages crawl,analyze,report]
[--seed 1]``. ``tests/test_crash.py`` runs one trial per stage in CI
(``DEBATELENS_CRASH_TRIALS`` for more).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "sample" / "site"
PERIOD = "2026-W09"
STAGES = ("crawl", "analyze", "report")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    env["DEBATELENS_THEMES"] = "true"
    return env


def stage_args(stage: str, db: Path, origin: str, out: Path) -> list[str]:
    """The command line of ``stage`` on the store ``db``."""
    if stage == "crawl":
        return ["crawl", "--db", str(db), "--delay", "0", "--quiet", "--allow-private",
                "--sitemap", f"{origin}/sitemap.xml", "--feed", f"{origin}/feed.xml"]
    if stage == "analyze":
        return ["analyze", "--db", str(db)]
    return ["report", "--db", str(db), "--period", PERIOD, "--out", str(out)]


def run_stage(stage: str, db: Path, origin: str, out: Path, *, kill_after: float | None = None) -> tuple[float, bool]:
    """Run ``stage``; with ``kill_after`` seconds, SIGKILL it then (if still running).

    Returns ``(seconds, killed)``. Raises ``RuntimeError`` when an uninterrupted stage fails.
    """
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "debatelens", *stage_args(stage, db, origin, out)],
                            cwd=db.parent, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            return time.monotonic() - started, True
    out_text, err = proc.communicate(timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"{stage} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return time.monotonic() - started, False


def snapshot(db: Path) -> dict[str, list]:
    """What must survive a crash, as sorted lists (a multiset: a doubled row shows)."""
    con = sqlite3.connect(db)
    try:
        q = lambda sql: sorted(tuple(r) for r in con.execute(sql))  # noqa: E731
        latest = con.execute("select max(analysis_run_id) from topics").fetchone()[0]
        return {
            "documents": q("select canonical_url, content_hash, relevant, analyzed_at is not null from documents"),
            "claims": q("select d.canonical_url, c.content_start, c.content_end, c.speaker, c.cue, c.content, c.kind "
                        "from claims c join documents d on d.id = c.document_id"),
            "stances": q("select d.canonical_url, c.content_start, p.key, s.label from stances s "
                         "join claims c on c.id = s.claim_id join documents d on d.id = c.document_id "
                         "join propositions p on p.id = s.proposition_id"),
            "topics": q(f"select label, size, terms from topics where analysis_run_id = {latest or 0}"),
            "reports": q("select period from reports"),
            "running": q("select 'crawl', id from crawl_runs where status = 'running' union all "
                         "select 'analysis', id from analysis_runs where status = 'running'"),
        }
    finally:
        con.close()


@dataclass
class Trial:
    """One trial: the stage killed, after how many seconds, and what differed from the reference."""

    stage: str
    kill_after: float
    killed: bool
    differences: dict[str, tuple[int, int]] = field(default_factory=dict)
    seconds: float = 0.0


def pipeline(folder: Path, origin: str, *, kill: tuple[str, float] | None = None, start: Path | None = None,
             until: str = "report", keep: dict[str, Path] | None = None) -> tuple[Path, dict, bool]:
    """crawl, analyze, report into a new store in ``folder``.

    Args:
        kill: ``(stage, seconds)``: SIGKILL that stage once after so many seconds, then run it again.
        start: a copy of this store (the reference's, saved before the killed stage) to begin
            from, so that a trial runs only the killed stage and those after it.
        until: the last stage to run.
        keep: stage -> path: save a copy of the store as it is before that stage.

    Returns:
        the store, seconds per stage run again, and whether the kill hit a running process.
    """
    import shutil

    db = folder / "store.db"
    stages = list(STAGES[:STAGES.index(until) + 1])
    if start is not None:
        shutil.copy(start, db)
        stages = stages[stages.index(kill[0]):] if kill else stages
    seconds, killed = {}, False
    for stage in stages:
        if keep and stage in keep and db.exists():
            shutil.copy(db, keep[stage])
        if kill and kill[0] == stage:
            _, killed = run_stage(stage, db, origin, folder / "briefings", kill_after=kill[1])
        seconds[stage], _ = run_stage(stage, db, origin, folder / "briefings")
    return db, seconds, killed


def compare(reference: dict, got: dict) -> dict[str, tuple[int, int]]:
    """Tables that differ: name -> (reference rows, rows got)."""
    out = {k: (len(reference[k]), len(got[k])) for k in reference if k != "running" and reference[k] != got[k]}
    if got["running"]:
        out["running"] = (0, len(got["running"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20, help="kill -9 trials per stage")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from crawler.localsite import LocalSite

    rnd = random.Random(args.seed)
    trials: list[Trial] = []
    with tempfile.TemporaryDirectory(prefix="debatelens-crash-") as tmp, LocalSite(SITE) as site:
        (Path(tmp) / "reference").mkdir()
        saved = {s: Path(tmp) / f"before-{s}.db" for s in ("analyze", "report")}
        ref_db, ref_seconds, _ = pipeline(Path(tmp) / "reference", site.origin, keep=saved)
        reference = snapshot(ref_db)
        print("reference: " + ", ".join(f"{k} {len(v)}" for k, v in reference.items() if k != "running")
              + "; " + ", ".join(f"{s} {t:.1f} s" for s, t in ref_seconds.items()))
        for stage in args.stages.split(","):
            for n in range(args.trials):
                folder = Path(tmp) / f"{stage}-{n}"
                folder.mkdir()
                # a moment of the stage as long as it last took (the machine's load changes)
                after = rnd.uniform(0.05, 0.9) * ref_seconds[stage]
                started = time.monotonic()
                db, seconds, killed = pipeline(folder, site.origin, kill=(stage, after), start=saved.get(stage))
                ref_seconds[stage] = seconds[stage]
                trial = Trial(stage, after, killed, compare(reference, snapshot(db)), time.monotonic() - started)
                trials.append(trial)
                print(f"{stage:8s} trial {n + 1:2d}: kill -9 after {after:5.1f} s "
                      f"({'killed' if killed else 'had finished'}): "
                      f"{'same store' if not trial.differences else trial.differences}")
    bad = [t for t in trials if t.differences]
    killed = sum(t.killed for t in trials)
    print(f"{len(trials)} trials ({killed} killed mid-run): {len(bad)} with a store unlike the reference")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
