"""Time every stage of the end-to-end run on real pages, as a user runs it (the CLI).

Serves the real-page site of ``benchmarks/realsite.py`` on 127.0.0.1, then times
``debatelens crawl`` (pages/s), ``debatelens analyze`` over the two weeks the end-to-end test
reads (documents/s, words/s), and ``debatelens report`` for both weeks; prints the counts.
Run by hand: ``.venv/bin/python benchmarks/end_to_end.py [--processes 2] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import realsite
from crawler.localsite import LocalSite

WINDOWS = [("2025-01-20", "2025-02-03"), ("2026-02-16", "2026-03-02")]
PERIODS = ["2025-W05", "2026-W09"]


def _run(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "debatelens", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(args[:1])} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep", help="keep the store and briefings in this folder")
    args = parser.parse_args()
    if not realsite.available():
        print(f"skipped: shared data not found under {realsite.DATA}")
        return
    work = Path(args.keep or tempfile.mkdtemp(prefix="debatelens-e2e-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "store.db"
    db.unlink(missing_ok=True)
    pages = realsite.build_site(work / "site")
    with LocalSite(work / "site") as server:
        sitemap = realsite.write_sitemap(work / "site", server.origin, pages)
        crawl_s, crawl_out = _run(["crawl", "--db", str(db), "--delay", "0", "--allow-private", "--sitemap", sitemap])
    print(crawl_out.splitlines()[0])
    analyze = []
    for since, until in WINDOWS:
        seconds, out = _run(["analyze", "--db", str(db), "--since", since, "--until", until,
                             "--processes", str(args.processes)])
        analyze.append(seconds)
        print(out)
    report_s = 0.0
    for period in PERIODS:
        seconds, out = _run(["report", "--db", str(db), "--period", period, "--out", str(work / "briefings")])
        report_s += seconds
        print(out.splitlines()[0])
    con = sqlite3.connect(db)
    crawl_counts = json.loads(con.execute("select counts from crawl_runs order by id desc").fetchone()[0])
    runs = [json.loads(c) for (c,) in con.execute("select counts from analysis_runs order by id")]
    docs = sum(r["documents"] for r in runs)
    words = sum(r["words"] for r in runs)
    parse = sum(r["seconds"]["parse"] for r in runs)
    print()
    print(f"pages served           {len(pages)}")
    print(f"crawl                  {crawl_s:7.1f} s  {crawl_counts['pages'] / crawl_s:6.1f} pages/s  "
          f"(kept {crawl_counts['kept']}, irrelevant {crawl_counts['irrelevant']}, "
          f"duplicate {crawl_counts['duplicate']}, failed {crawl_counts['failed']})")
    print(f"analyze                {sum(analyze):7.1f} s  {docs / sum(analyze):6.2f} docs/s  "
          f"{words / sum(analyze):8.0f} words/s  ({docs} documents, {words} words; spaCy parse {parse:.1f} s)")
    for r in runs:
        print(f"  run                  {r['seconds']}  claims {r['claims']}, stances {r['stances']}, "
              f"topics {r['topics']} over {r['passages']} passages")
    print(f"report (2 briefings)   {report_s:7.1f} s")
    print(f"store: {work}")


if __name__ == "__main__":
    main()
