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

``analyze`` (needs ``--pg``: a cluster writes to PostgreSQL)::

    python benchmarks/scale.py analyze --pg postgresql+psycopg://debatelens@127.0.0.1/debatelens_test
    python benchmarks/scale.py analyze --pg URL --documents 96 --batch-size 8

A generated set of ``--documents`` documents (sentences of this benchmark's own, three themes of
the debate, six paragraphs each) is analysed, each time into a fresh store: once by ``debatelens
analyze`` alone (no cluster), then with ``--cluster`` on a dask scheduler with 1, then 2 workers
(``--nthreads 1``, started here on loopback). The workers load their models on a warm-up run over a
small store first, so the figures are of the analysis, not of the start-up. Printed: wall-clock
of the command (its own model loading included), the run row's seconds of the per-document work
(``parse`` locally; ``cluster`` on the cluster, wall-clock from the first task sent to the last
one back) and of the themes, documents per worker.
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


SPEAKERS = ["Anthropic", "OpenAI", "Senator Ruth Calloway", "Jane Porter, a researcher at an open-source foundation",
            "The Commerce Department", "DeepSeek", "MiniMax", "A spokesperson for Moonshot"]
THEMES = [
    ["{s} said that the rival lab had opened thousands of fraudulent accounts to distill its model through the API.",
     "According to {s}, the distillation campaign harvested millions of answers in violation of the terms of service.",
     "{s} argued that spotting fake accounts early is the only way to stop distillation at scale.",
     "{s} added that the fraudulent accounts were traced to a handful of payment cards and proxy servers."],
    ["{s} told reporters that the distillation of American models undermines export controls on advanced chips.",
     "{s} said Congress should treat unauthorized distillation as a national security risk.",
     "{s} warned that the Commerce Department may restrict access to models trained on distilled outputs.",
     "{s} said export control rules written for chips cannot reach a model copied through distillation."],
    ["{s} wrote that the accusing labs had scraped the web without permission before they complained of distillation.",
     "{s} said the complaint about distillation was hypocritical because every lab trained on copied text.",
     "{s} noted that publishers have sued the same labs for copying their archives, so the theft claims ring hollow.",
     "{s} said a lab that scraped books and news sites has little ground to call distillation theft."],
]


def generated_text(i: int, paragraphs: int = 6) -> str:
    """Document ``i`` of the generated set: ``paragraphs`` paragraphs of two sentences of theme
    ``i % 3``, speakers rotated."""
    sentences, out = THEMES[i % 3], []
    for p in range(paragraphs):
        first, second = sentences[(p + i) % 4], sentences[(p + i + 1) % 4]
        out.append(f"{first.format(s=SPEAKERS[(i + p) % len(SPEAKERS)])} "
                   f"{second.format(s=SPEAKERS[(i + 2 * p + 1) % len(SPEAKERS)])}")
    return "\n".join(out)


def seed_generated(url: str, documents: int) -> None:
    import datetime as dt

    from corpus import writes
    from corpus.store import Store

    with Store.open(url) as store, store.unit_of_work() as session:
        sources = [writes.get_or_create_source(session, f"outlet{k}.example", name=f"Outlet {k}") for k in range(4)]
        for i in range(documents):
            url_i = f"https://outlet{i % 4}.example/{i}"
            writes.add_document(session, url=url_i, canonical_url=url_i, source_id=sources[i % 4],
                                title=f"Distillation dispute, part {i}", text=generated_text(i), relevant=True,
                                published_at=dt.datetime(2026, 2, 2, 9, tzinfo=dt.timezone.utc)
                                + dt.timedelta(hours=7 * i))


@contextmanager
def dask_cluster(workers: int, folder: Path):
    """``tcp://127.0.0.1:PORT``: a dask scheduler and ``workers`` workers of one thread each."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"cwd": folder, "env": env(), "start_new_session": True, "stdout": subprocess.DEVNULL,
              "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"], **common)]
    try:
        for n in range(workers):
            procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads",
                                           "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
                                           "--local-directory", str(folder / f"w{n}")], **common))
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=180)
        yield address
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still closing its models
                p.kill()
                p.wait(timeout=10)


def analyze_trial(db: str, *, cluster: str | None, batch_size: int, folder: Path) -> dict:
    """One ``debatelens analyze`` of the store ``db``: wall-clock seconds and the run row's figures."""
    from sqlalchemy import select

    from corpus.models import AnalysisRun
    from corpus.store import Store

    command = [sys.executable, "-m", "debatelens", "analyze", "--db", db, "--batch-size", str(batch_size)]
    if cluster:
        command += ["--cluster", cluster]
    started = time.perf_counter()
    out = subprocess.run(command, cwd=folder, env=env(), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if out.returncode:
        sys.exit(f"analyze failed ({out.returncode}):\n{out.stderr[-3000:]}")
    with Store.open(db, migrate=False) as store, store.reading() as session:
        run = session.scalars(select(AnalysisRun).order_by(AnalysisRun.id.desc())).first()
    return {"seconds": seconds, "counts": run.counts}


def bench_analyze(args) -> None:
    if not args.pg:
        sys.exit("analyze --cluster needs PostgreSQL: give --pg URL")
    folder = Path(tempfile.mkdtemp())
    rows = []

    def show(name: str, trial: dict) -> None:
        c = trial["counts"]
        s = c.get("seconds", {})
        # the per-document work: on the cluster, its wall-clock; alone, all but the load and the themes
        per = s["cluster"] if "cluster" in s else s["total"] - s["load"] - s["topics"]
        print(f"  {name}: wall-clock {trial['seconds']:.1f} s; documents {per:.1f} s "
              f"({c['documents'] / per if per else 0:.2f} docs/s), themes {s.get('topics', 0):.1f} s, "
              f"{c['claims']} claims, {c['topics']} themes; per worker {c.get('workers', {})}; run row {s}",
              flush=True)

    print(f"analyze of {args.documents} generated documents (6 paragraphs each), batch size {args.batch_size}, "
          f"PostgreSQL, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
    if not args.no_local:
        with fresh_store(args.pg, folder) as db:
            seed_generated(db, args.documents)
            rows.append(("1 process, no cluster", analyze_trial(db, cluster=None, batch_size=args.batch_size,
                                                                 folder=folder)))
            show(*rows[-1])
    for workers in args.workers:
        with dask_cluster(workers, folder) as address:
            with fresh_store(args.pg, folder) as warm:  # the workers load their models here
                seed_generated(warm, 2 * workers * args.batch_size)
                analyze_trial(warm, cluster=address, batch_size=args.batch_size, folder=folder)
            with fresh_store(args.pg, folder) as db:
                seed_generated(db, args.documents)
                rows.append((f"{workers} worker{'s' if workers > 1 else ''}",
                             analyze_trial(db, cluster=address, batch_size=args.batch_size, folder=folder)))
                show(*rows[-1])
    print(f"  load at the end {os.getloadavg()[0]:.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    crawl = sub.add_parser("crawl", help="one crawl process vs two sharing a frontier")
    crawl.add_argument("--delay", type=float, default=0.5, help="download delay, seconds (default 0.5)")
    crawl.add_argument("--trials", type=int, default=3)
    crawl.add_argument("--pg", help="a PostgreSQL URL (a schema per trial); default: SQLite files")
    analyze = sub.add_parser("analyze", help="analyze alone vs on a dask cluster of 1 and 2 workers")
    analyze.add_argument("--pg", help="a PostgreSQL URL (a schema per trial); required")
    analyze.add_argument("--documents", type=int, default=96)
    analyze.add_argument("--batch-size", type=int, default=8)
    analyze.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="cluster sizes (default 1 2)")
    analyze.add_argument("--no-local", action="store_true", help="skip the run without a cluster")
    args = parser.parse_args(argv)
    {"crawl": bench_crawl, "analyze": bench_analyze}[args.what](args)


if __name__ == "__main__":
    main()
