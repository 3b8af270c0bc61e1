"""The shared crawl frontier (scrapy-redis on a real redis-server on loopback).

The frontier's bookkeeping (who seeds, who is busy, who clears) is tested against the server
directly; then two ``debatelens crawl --frontier`` processes crawl the bundled sample site into
one store (SQLite; PostgreSQL when ``DEBATELENS_TEST_PG_URL`` is set) and the store is compared
with a single process's crawl. Tests skip when redis-server is not installed (see the
``redis_server`` fixture in ``conftest.py``).
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.errors import CrawlerError
from crawler.localsite import LocalSite

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "sample" / "site"
BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


def frontier(url: str, name: str):
    from crawler.frontier import Frontier

    return Frontier(url, ident=name)


def keys(url: str) -> list[str]:
    import redis

    with redis.Redis.from_url(url) as client:
        return sorted(k.decode() for k in client.keys("debatelens:*"))


def queue(url: str, *requests: bytes) -> None:
    import redis

    with redis.Redis.from_url(url) as client:
        for n, data in enumerate(requests):
            client.zadd("debatelens:discovery:requests", {data: n})


def kill(url: str, name: str) -> None:
    """What a process killed outright leaves: its lease, run out."""
    import redis

    with redis.Redis.from_url(url) as client:
        client.hset("debatelens:discovery:crawlers", name, 0)
        client.hset("debatelens:discovery:busy", name, 0)


# --- the bookkeeping ------------------------------------------------------------------------------

def test_the_first_process_seeds_and_the_next_joins(frontier_url):
    first = frontier(frontier_url, "a").join("plan-1")
    second = frontier(frontier_url, "b").join("plan-1")
    assert (first.role, first.seeds, first.crawlers) == ("first", True, 0)
    assert (second.role, second.seeds, second.crawlers) == ("joined", False, 1)


def test_a_process_with_other_sources_is_refused_while_the_crawl_runs(frontier_url):
    frontier(frontier_url, "a").join("plan-1")
    with pytest.raises(CrawlerError, match=r"\[E207\].*crawling other sources \(1 crawler"):
        frontier(frontier_url, "b").join("plan-2")


def test_a_dead_crawl_of_other_sources_is_discarded_with_a_warning(frontier_url, caplog):
    frontier(frontier_url, "a").join("plan-1")
    queue(frontier_url, b"request-1", b"request-2")
    kill(frontier_url, "a")
    with caplog.at_level(logging.WARNING, logger="crawler.frontier"):
        joined = frontier(frontier_url, "b").join("plan-2")
    assert (joined.role, joined.discarded, joined.queued) == ("first", 2, 0)
    assert "[W205]" in caplog.text and "2 requests queued" in caplog.text


def test_the_queue_of_a_stopped_crawl_is_resumed_without_seeding(frontier_url):
    a = frontier(frontier_url, "a")
    a.join("plan-1")
    queue(frontier_url, b"request-1")
    assert a.leave(finished=False) is False  # Ctrl-C: the queue is kept
    resumed = frontier(frontier_url, "b").join("plan-1")
    assert (resumed.role, resumed.seeds, resumed.queued) == ("resumed", False, 1)


def test_a_finished_crawl_with_an_empty_queue_starts_afresh(frontier_url):
    a = frontier(frontier_url, "a")
    a.join("plan-1")
    a.leave(finished=False)
    assert frontier(frontier_url, "b").join("plan-1").role == "first"


def test_popping_a_request_marks_the_process_busy_until_it_is_idle(frontier_url):
    a, b = frontier(frontier_url, "a"), frontier(frontier_url, "b")
    a.join("plan-1")
    b.join("plan-1")
    assert a.state() == (0, 1)  # b is busy from its join until its engine says idle
    b.renew(busy=False)
    assert a.state() == (0, 0)
    queue(frontier_url, b"request-1")
    assert a.state() == (1, 0)
    assert b.pop() == b"request-1" and b.pop() is None
    assert a.state() == (0, 1)  # queue empty, but b has the request in hand: the crawl goes on
    assert _taken(frontier_url) == {b"b": b"1"}
    b.renew(busy=False)
    assert a.state() == (0, 0)


def test_a_killed_process_holds_the_others_only_until_its_lease_runs_out(frontier_url):
    a, b = frontier(frontier_url, "a"), frontier(frontier_url, "b")
    a.join("plan-1")
    b.join("plan-1")
    kill(frontier_url, "b")
    assert a.state() == (0, 0)


def test_the_last_process_to_leave_a_finished_crawl_deletes_its_keys(frontier_url):
    a, b = frontier(frontier_url, "a"), frontier(frontier_url, "b")
    a.join("plan-1")
    b.join("plan-1")
    assert a.leave(finished=True) is False  # b is still crawling
    assert "debatelens:discovery:plan" in keys(frontier_url)
    assert b.leave(finished=True) is True
    assert keys(frontier_url) == []
    assert b.leave(finished=True) is False  # twice is harmless


def test_the_plan_fingerprint_ignores_the_time_windows_computed_from_now():
    from crawler.frontier import plan_fingerprint

    one = {"sitemaps": ["http://x/s.xml"], "gdelt": {"queries": ["q"], "start": "2026-03-01T10:00:00",
                                                     "end": "2026-03-08T10:00:00"}}
    later = {"sitemaps": ["http://x/s.xml"], "gdelt": {"queries": ["q"], "start": "2026-03-01T10:01:00",
                                                       "end": "2026-03-08T10:01:00"}}
    other = {"sitemaps": ["http://x/other.xml"], "gdelt": one["gdelt"]}
    assert plan_fingerprint(one, "ai-distillation") == plan_fingerprint(later, "ai-distillation")
    assert plan_fingerprint(one, "ai-distillation") != plan_fingerprint(other, "ai-distillation")
    assert plan_fingerprint(one, "ai-distillation") != plan_fingerprint(one, "another-debate")


def test_a_password_in_the_url_is_never_shown():
    from crawler.frontier import display

    assert display("redis://user:s3cret@10.0.0.5:6379/2") == "redis://user:***@10.0.0.5:6379/2"
    assert display("redis://10.0.0.5:6379/2") == "redis://10.0.0.5:6379/2"


# --- the command line's errors ---------------------------------------------------------------------

def clean_env() -> dict[str, str]:
    """The environment of a crawl subprocess: no DEBATELENS_* of the caller's, this checkout's code first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_crawl(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = clean_env()
    return subprocess.run([sys.executable, "-m", "debatelens", "crawl", "--quiet", "--allow-private", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout, check=False)


def error_line(out: subprocess.CompletedProcess) -> str:
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1, (out.returncode, out.stderr)
    return lines[0]


def test_an_unreachable_frontier_is_one_line_saying_what_to_start(tmp_path):
    pytest.importorskip("scrapy_redis")
    import socket

    with socket.socket() as s:  # a port nobody listens on: bind, note it, close
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    out = run_crawl("--url", "http://127.0.0.1:9/x.html", "--db", str(tmp_path / "x.db"),
                    "--frontier", f"redis://127.0.0.1:{closed}/0", cwd=tmp_path)
    line = error_line(out)
    assert line.startswith("error: [E206] Cannot reach the crawl frontier at redis://127.0.0.1:") and "redis-server" in line


def test_a_frontier_that_is_no_redis_url_is_refused(tmp_path):
    out = run_crawl("--url", "http://127.0.0.1:9/x.html", "--db", str(tmp_path / "x.db"),
                    "--frontier", "http://127.0.0.1:6379", cwd=tmp_path)
    assert "[E013]" in error_line(out) and "redis://HOST:PORT/N" in out.stderr


def test_warc_files_are_not_crawled_through_a_frontier(tmp_path, frontier_url):
    warc = tmp_path / "x.warc"
    warc.write_bytes(b"")
    out = run_crawl("--warc", str(warc), "--db", str(tmp_path / "x.db"), "--frontier", frontier_url, cwd=tmp_path)
    assert error_line(out).startswith("error: [E208] --warc cannot be used with a shared crawl frontier")


# --- two crawl processes, one frontier, one store -------------------------------------------------

class GatedSite(LocalSite):
    """The sample site whose pages (``.html``) wait for ``gate``: the crawl that seeds reads the
    sitemap and the feed, queues their pages, and fetches none until the test opens the gate."""

    def __init__(self, folder: Path, gate: threading.Event) -> None:
        super().__init__(folder)
        inner = self.server.RequestHandlerClass

        class Gated(inner.func):
            def send_head(self):
                if self.path.split("?")[0].endswith(".html"):
                    gate.wait(120)
                return super().send_head()

        self.server.RequestHandlerClass = functools.partial(Gated, **inner.keywords)


def _store_rows(url: str, origin: str):
    """What a crawl stored, without ids: raw pages (URL, run), documents (canonical URL, kind,
    relevant, parent's canonical URL; not the text: of two copies under one canonical URL, the
    first fetched is kept, in one process as in two), the raw pages' outcomes, run rows."""
    from sqlalchemy import select

    from corpus.models import CrawlRun, Document, RawPage
    from corpus.store import Store

    cut = len(origin) + 1
    with Store.open(url, migrate=False) as store, store.reading() as session:
        raw = [(u[cut:], run) for u, run in session.execute(select(RawPage.url, RawPage.crawl_run_id))]
        outcomes = sorted(session.scalars(select(RawPage.outcome)))
        canonical = dict(session.execute(select(Document.id, Document.canonical_url)).all())
        docs = [(d.canonical_url[cut:], d.kind, d.relevant, canonical[d.parent_id][cut:] if d.parent_id else None)
                for (d,) in session.execute(select(Document))]
        # which of two near-duplicates is marked depends on which was extracted first: the pairs
        near = {frozenset((canonical[a][cut:], canonical[b][cut:])) for a, b in session.execute(
            select(Document.id, Document.near_duplicate_of).where(Document.near_duplicate_of.is_not(None)))}
        runs = [(r.id, r.status, r.counts, r.parameters)
                for (r,) in session.execute(select(CrawlRun).order_by(CrawlRun.id))]
    return raw, (sorted(docs), near), outcomes, runs


def _leases(url: str) -> tuple[dict[bytes, bytes], dict[bytes, bytes]]:
    """The frontier's ``crawlers`` and ``busy`` hashes (process id -> lease end)."""
    import redis

    with redis.Redis.from_url(url) as client:
        return client.hgetall("debatelens:discovery:crawlers"), client.hgetall("debatelens:discovery:busy")


def _taken(url: str) -> dict[bytes, bytes]:
    import redis

    with redis.Redis.from_url(url) as client:
        return client.hgetall("debatelens:discovery:taken")


def _wait(condition, procs, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert all(p.poll() is None for p in procs), f"a crawl ended while waiting until {what}"
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_crawl_processes_share_one_frontier_and_fetch_every_page_once(backend, frontier_url, new_database,
                                                                         tmp_path):
    gate = threading.Event()
    sources = lambda site: ("--sitemap", site.url("sitemap.xml"), "--feed", site.url("feed.xml"))  # noqa: E731
    (tmp_path / "reference").mkdir()
    (tmp_path / "shared").mkdir()
    with GatedSite(SITE, gate) as site, new_database(backend, tmp_path / "reference") as reference, \
            new_database(backend, tmp_path / "shared") as shared:
        gate.set()
        alone = run_crawl(*sources(site), "--db", reference, "--delay", "0", cwd=tmp_path)
        assert alone.returncode == 0, alone.stderr[-3000:]
        gate.clear()

        command = [sys.executable, "-m", "debatelens", "crawl", "--quiet", "--allow-private", *sources(site),
                   "--db", shared, "--delay", "0.1", "--frontier", frontier_url]
        env = clean_env()
        first = subprocess.Popen(command, cwd=tmp_path, env=env, text=True, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        _wait(lambda: len(_leases(frontier_url)[0]) == 1, [first], "the first crawl joined")
        (first_id,) = _leases(frontier_url)[0]
        second = subprocess.Popen(command, cwd=tmp_path, env=env, text=True, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        # The pages wait at the gate until the second process is in and has taken requests: the
        # first holds at most CONCURRENT_REQUESTS (16) of the 33 while they wait, so the second's
        # poll finds the rest queued (the frontier counts what each took, in `taken`).
        _wait(lambda: len(_leases(frontier_url)[0]) == 2, [first, second], "the second crawl joined")
        (second_id,) = set(_leases(frontier_url)[0]) - {first_id}
        _wait(lambda: int(_taken(frontier_url).get(second_id, 0)) > 0, [first, second],
              "the second crawl took requests")
        gate.set()
        outs = [p.communicate(timeout=300) for p in (first, second)]
        assert [p.returncode for p in (first, second)] == [0, 0], [err[-3000:] for _, err in outs]
        assert keys(frontier_url) == []  # the last one out deleted the crawl's keys

        raw_alone, docs_alone, outcomes_alone, _ = _store_rows(reference, site.origin)
        raw, docs, outcomes, runs = _store_rows(shared, site.origin)
        urls = [u for u, _ in raw]
        assert sorted(urls) == sorted(u for u, _ in raw_alone) and len(urls) == len(set(urls)) == 33
        # the canonical-URL, content-hash and near-duplicate checks held across the two processes
        assert docs == docs_alone and outcomes == outcomes_alone
        assert [(status, p["frontier"]["role"]) for _, status, _, p in runs] == [("finished", "first"),
                                                                                 ("finished", "joined")]
        fetched = {run_id: counts["pages"] for run_id, _, counts, _ in runs}
        assert sum(fetched.values()) == 33 and all(fetched.values())  # both fetched pages
        assert {run_id: sum(1 for _, r in raw if r == run_id) for run_id in fetched} == fetched
        assert sum(c.get("stored", 0) for _, _, c, _ in runs) == sum(1 for d in docs[0] if d[3] is None)
        print(f"pages fetched per process: {list(fetched.values())}")

        # the store's own de-duplication still holds: a new crawl through the frontier starts
        # afresh (the last crawl's keys are gone) and fetches no stored page again
        again = run_crawl(*sources(site), "--db", shared, "--delay", "0", "--frontier", frontier_url, cwd=tmp_path)
        assert again.returncode == 0, again.stderr[-3000:]
        assert "this process seeded the crawl" in again.stdout
        *_, last = _store_rows(shared, site.origin)[3]
        assert last[2]["pages"] == 2  # the 404 and the empty page, which are fetched again by every crawl
        assert last[2]["skipped_known"] >= 31
