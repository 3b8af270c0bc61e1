"""Running at scale, measured: crawl processes sharing a frontier; analyze on Dask workers.

Run by hand, never in CI (it needs redis-server on the PATH, and ``--pg`` a PostgreSQL)::

    python benchmarks/scale.py crawl                      # the sample site, 1 process vs 2, delay 0.5 s
    python benchmarks/scale.py crawl --delay 0 --trials 3
    python benchmarks/scale.py crawl --pg postgresql+psycopg://debatelens@127.0.0.1/debatelens_test

``crawl``: the bundled sample site (``sample/site``, 33 pages) is served on 127.0.0.1
(:class:`crawler.localsite.LocalSite`) and crawled from its sitemap and feed, once by one
``debatelens crawl`` process, once by two processes started together with one ``--frontier``
(a redis-server of the benchmark's own on a free loopback port), each trial into a fresh store.
Seconds are wall-clock from the first process's start to the last one's end (Python and Scrapy
start-up included, as a user sees them), and each run row's ``seconds`` (the crawl itself, from
Scrapy's start to the last page extracted); pages are the raw pages stored, and each process's share.
The download delay is per process and per site (Scrapy's politeness is per process), so two
processes fetch one site up to twice as fast: with several machines, give each site's delay
with that in mind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def redis_server():
    """``redis://127.0.0.1:PORT``: a redis-server of this run's own, nothing saved to disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    import redis

    port, folder = free_port(), tempfile.mkdtemp()
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                             "--dir", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def fresh_store(pg: str | None, folder: Path):
    """A new empty store: a SQLite file, or a schema of its own in the ``pg`` database."""
    if not pg:
        yield f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), out.get("PYTHONPATH")]))
    return out


def crawl_trial(site, db: str, *, processes: int, delay: float, frontier: str | None, folder: Path) -> dict:
    """One crawl of the sample by ``processes`` processes; seconds, pages and each one's share."""
    from sqlalchemy import func, select

    from corpus.models import CrawlRun, RawPage
    from corpus.store import Store

    command = [sys.executable, "-m", "debatelens", "crawl", "--quiet", "--allow-private", "--db", db,
               "--delay", str(delay), "--sitemap", site.url("sitemap.xml"), "--feed", site.url("feed.xml")]
    if frontier:
        command += ["--frontier", frontier]
    started = time.perf_counter()
    procs = [subprocess.Popen(command, cwd=folder, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(processes)]
    outs = [p.communicate() for p in procs]
    seconds = time.perf_counter() - started
    for p, (_, err) in zip(procs, outs):
        if p.returncode:
            sys.exit(f"a crawl failed ({p.returncode}):\n{err[-3000:]}")
    with Store.open(db, migrate=False) as store, store.reading() as session:
        pages = session.scalar(select(func.count(RawPage.id)))
        urls = session.scalar(select(func.count(func.distinct(RawPage.url))))
        runs = [r for (r,) in session.execute(select(CrawlRun).order_by(CrawlRun.id))]
    return {"seconds": seconds, "pages": pages, "distinct": urls, "shares": [r.counts.get("pages", 0) for r in runs],
            "run_seconds": [r.counts.get("seconds", 0.0) for r in runs]}


def bench_crawl(args) -> None:
    from crawler.localsite import LocalSite

    folder = Path(tempfile.mkdtemp())
    rows = []
    with LocalSite(ROOT / "sample" / "site") as site, redis_server() as redis_url:
        for processes in (1, 2):
            trials = []
            for _ in range(args.trials):
                with fresh_store(args.pg, folder) as db:
                    trials.append(crawl_trial(site, db, processes=processes, delay=args.delay,
                                              frontier=f"{redis_url}/0" if processes > 1 else None, folder=folder))
            rows.append((processes, trials))
    print(f"crawl of the sample site (33 pages), delay {args.delay:g} s, store {'PostgreSQL' if args.pg else 'SQLite'}, "
          f"{args.trials} trial(s), {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    for processes, trials in rows:
        median = statistics.median(t["seconds"] for t in trials)
        each = ", ".join(f"{t['seconds']:.1f}" for t in trials)
        print(f"  {processes} process{'es' if processes > 1 else ''}: {median:.1f} s median "
              f"({each}); pages {[t['pages'] for t in trials]}, "
              f"distinct URLs {[t['distinct'] for t in trials]}, per process {[t['shares'] for t in trials]}, "
              f"run rows' seconds {[t['run_seconds'] for t in trials]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    crawl = sub.add_parser("crawl", help="one crawl process vs two sharing a frontier")
    crawl.add_argument("--delay", type=float, default=0.5, help="download delay, seconds (default 0.5)")
    crawl.add_argument("--trials", type=int, default=3)
    crawl.add_argument("--pg", help="a PostgreSQL URL (a schema per trial); default: SQLite files")
    args = parser.parse_args(argv)
    {"crawl": bench_crawl}[args.what](args)


if __name__ == "__main__":
    main()
