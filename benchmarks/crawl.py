"""Crawl speed on real pages: fetch + extract + store, beside news-please and bare trafilatura.

Serves the pages of ``../shared/data/extraction-bench`` and ``publisher-pages`` (234 distinct
pages) under distinct URLs, repeated under distinct paths (``r0/`` ... ``r4/``: 1,170 URLs by
default; the copies are stored once and counted as duplicates, each is fetched and extracted) from
a threaded static server on 127.0.0.1, then measures in one run:

- the server alone (a threaded client fetching every URL): shows it is not the bottleneck;
- ``debatelens crawl`` of the sitemap: pages/s of fetch + extract + relevance + de-duplication +
  store (wall time of the command, start-up included), and the fetch stage's own rate (first to
  last ``raw_pages.fetched_at``);
- ``debatelens reextract --all`` on the store it made: the extraction pass alone, on every core;
- bare ``trafilatura.extract`` in one process over the distinct pages;
- news-please (``NewsPlease.from_html``) in one process over the distinct pages, through the
  Python given with ``--news-please-python`` (a venv of its own: its pins would change this one's);
- CPU use of each core during the crawl (from ``/proc/stat``; the machine may be shared, so the
  crawl's own CPU seconds are printed too).

``--code DIR`` runs the crawl and reextract from another checkout (``PYTHONPATH=DIR``), e.g. a
worktree of an older commit, to measure before and after on the same pages.

Run by hand: ``.venv/bin/python benchmarks/crawl.py [--copies 5] [--news-please-python PY]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.localsite import LocalSite  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SOURCES = [DATA / "extraction-bench" / "html", DATA / "publisher-pages"]


def distinct_pages() -> list[tuple[str, bytes]]:
    """``(relative path, html bytes)`` of every shared page, sorted."""
    out = []
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.html.gz")):
            rel = path.relative_to(folder.parent).as_posix()[: -len(".gz")]
            out.append((rel, gzip.decompress(path.read_bytes())))
    return out


def build_site(dest: Path, pages: list[tuple[str, bytes]], copies: int) -> list[str]:
    """Write ``copies`` copies of ``pages`` under ``dest/r<k>/``; returns the served paths."""
    served = []
    for k in range(copies):
        for rel, html in pages:
            path = dest / f"r{k}" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(html)
            served.append(f"r{k}/{rel}")
    return served


def server_rate(urls: list[str], threads: int = 16) -> float:
    """Pages/s the server gives a threaded client fetching every URL once."""
    def get(url: str) -> int:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return len(response.read())

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(get, urls))
    return len(urls) / (time.perf_counter() - started)


def cpu_times() -> list[tuple[int, int]]:
    """``(busy, total)`` jiffies of each core from ``/proc/stat``."""
    out = []
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu") and line[3:4].isdigit():
            values = [int(v) for v in line.split()[1:]]
            idle = values[3] + values[4]
            out.append((sum(values) - idle, sum(values)))
    return out


def core_use(before, after) -> list[float]:
    """Busy share (0-1) of each core between two :func:`cpu_times` samples."""
    return [(b2 - b1) / max(1, t2 - t1) for (b1, t1), (b2, t2) in zip(before, after)]


def run_command(args: list[str], code: str | None) -> tuple[float, float, str]:
    """``debatelens ARGS`` in a subprocess: (wall seconds, CPU seconds of it and its workers, stdout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    if code:
        env["PYTHONPATH"] = code
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "debatelens", *args], capture_output=True, text=True, env=env,
                          cwd=code or ROOT, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"debatelens {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return seconds, cpu, done.stdout.strip()


def bare_trafilatura(pages: list[tuple[str, bytes]], origin: str) -> float:
    """Pages/s of ``trafilatura.extract`` (defaults) in this process, over ``pages``."""
    import trafilatura

    started = time.perf_counter()
    for rel, html in pages:
        trafilatura.extract(html, url=f"{origin}/{rel}")
    return len(pages) / (time.perf_counter() - started)


NEWS_PLEASE = """
import gzip, json, sys, time
from newsplease import NewsPlease
paths = json.loads(sys.stdin.read())
pages = [(u, gzip.decompress(open(p, 'rb').read()).decode('utf-8', 'replace')) for u, p in paths]
started = time.perf_counter()
for url, html in pages:
    try:
        NewsPlease.from_html(html, url=url, fetch_images=False)
    except Exception:
        pass
print(len(pages) / (time.perf_counter() - started))
"""


def news_please(python: str, pages: list[tuple[str, Path]]) -> float | None:
    """Pages/s of news-please's ``NewsPlease.from_html`` with the interpreter ``python``."""
    done = subprocess.run([python, "-c", NEWS_PLEASE], input=json.dumps([(u, str(p)) for u, p in pages]),
                          capture_output=True, text=True, check=False)
    if done.returncode:
        print(f"news-please failed: {done.stderr[-800:]}", file=sys.stderr)
        return None
    return float(done.stdout.strip().splitlines()[-1])


def fetch_rate(db: Path) -> tuple[int, float] | None:
    """``(raw pages, pages/s)`` from first to last ``fetched_at`` (None before raw pages existed)."""
    con = sqlite3.connect(db)
    try:
        n, first, last = con.execute("select count(*), min(fetched_at), max(fetched_at) from raw_pages").fetchone()
    except sqlite3.OperationalError:
        return None
    from datetime import datetime

    span = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
    return n, n / span if span > 0 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="copies of the 234 pages (distinct paths)")
    parser.add_argument("--code", help="run debatelens from this checkout (PYTHONPATH)")
    parser.add_argument("--processes", type=int, default=0, help="extraction workers (0: every core)")
    parser.add_argument("--news-please-python", help="a Python with news-please installed")
    parser.add_argument("--skip-baselines", action="store_true", help="crawl and reextract only")
    parser.add_argument("--keep", help="keep the site and store in this folder")
    args = parser.parse_args()
    if not all(folder.is_dir() for folder in SOURCES):
        print(f"skipped: shared data not found under {DATA}")
        return
    work = Path(args.keep or tempfile.mkdtemp(prefix="debatelens-crawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "store.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    pages = distinct_pages()
    served = build_site(work / "site", pages, args.copies)
    rows = []
    with LocalSite(work / "site") as server:
        urls = [server.url(p) for p in served]
        (work / "site" / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>", encoding="utf-8")
        serve = server_rate(urls)
        rows.append(("loopback server alone (16 client threads)", f"{serve:8.1f}", ""))
        before = cpu_times()
        seconds, cpu, out = run_command(["crawl", "--db", str(db), "--delay", "0", "--quiet", "--allow-private",
                                         "--sitemap", server.url("sitemap.xml"),
                                         *(["--processes", str(args.processes)] if args.processes else [])],
                                        args.code)
        use = core_use(before, cpu_times())
    print(out.splitlines()[0])
    con = sqlite3.connect(db)
    counts = json.loads(con.execute("select counts from crawl_runs order by id desc").fetchone()[0])
    n = counts.get("pages", 0)
    rows.append((f"debatelens crawl, fetch + extract + store ({n} pages)", f"{n / seconds:8.1f}",
                 f"{seconds:.1f} s wall, {cpu:.1f} s CPU; cores busy " + ", ".join(f"{u:.0%}" for u in use)))
    fetched = fetch_rate(db)
    if fetched:
        rows.append(("  its fetch stage (first to last raw page)", f"{fetched[1]:8.1f}", f"{fetched[0]} raw pages"))
    if fetched:
        seconds, cpu, out = run_command(["reextract", "--all", "--db", str(db), "--quiet",
                                         *(["--processes", str(args.processes)] if args.processes else [])],
                                        args.code)
        rows.append((f"debatelens reextract --all, extraction pass ({fetched[0]} pages)",
                     f"{fetched[0] / seconds:8.1f}", f"{seconds:.1f} s wall, {cpu:.1f} s CPU"))
    if not args.skip_baselines:
        origin = "http://127.0.0.1"
        rows.append((f"bare trafilatura.extract, 1 process ({len(pages)} pages)",
                     f"{bare_trafilatura(pages, origin):8.1f}", ""))
        if args.news_please_python:
            files = [(f"{origin}/{p.relative_to(f.parent).as_posix()[:-3]}", p)
                     for f in SOURCES for p in sorted(f.rglob("*.html.gz"))]
            rate = news_please(args.news_please_python, files)
            rows.append((f"news-please from_html, 1 process ({len(files)} pages)",
                         f"{rate:8.2f}" if rate else "  failed", ""))
    print()
    print(f"{'':60} pages/s")
    for name, rate, note in rows:
        print(f"{name:60} {rate}  {note}")
    print(f"cores: {os.cpu_count()}; store: {work}")


if __name__ == "__main__":
    main()
