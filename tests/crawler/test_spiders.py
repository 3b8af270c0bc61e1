"""Spiders in a real crawler against a loopback server serving the bundled sample site.

Twisted's reactor runs once per process, so every crawl is ``python -m debatelens crawl`` in a
subprocess, against a database of its own on each back end (SQLite; PostgreSQL when
``DEBATELENS_TEST_PG_URL`` is set). The server is :class:`crawler.localsite.LocalSite` on
127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from corpus.models import CrawlFailure, CrawlRun, Document
from corpus.store import Store
from corpus.writes import decompress_html
from crawler.localsite import PLACEHOLDER_ORIGIN, LocalSite

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "sample" / "site"
BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]

#: Pages of the sample that are plainly about the dispute (title and body), and the off-topic ones.
ON_TOPIC = ["ledger/2026/02/anthropic-accuses-chinese-labs-of-distillation.html",
            "ledger/2026/02/beijing-dismisses-distillation-claims.html",
            "blog-a/2026/02/distillation-isnt-theft-fake-accounts-might-be.html",
            "blog-a/2026/02/how-do-you-spot-24000-fake-accounts.html",
            "blog-b/2026/02/export-controls-wont-stop-distillation.html",
            "wire/2026/02/distillation-accusations-pressure-ai-valuations.html",
            "gov/otp/press/2026-02-25-statement-on-model-distillation.html",
            "forum/thread-1.html"]
OFF_TOPIC = {"ledger/2026/02/harbor-city-fc-late-winner.html": "sports",
             "wire/2026/02/arabica-futures-dry-spell-brazil.html": "coffee",
             "blog-a/2026/02/sourdough-starter-finally-behaves.html": "sourdough",
             "forum/thread-6.html": "gardening"}
SYNDICATED = "wire/2026/02/syndicated-lawmakers-weigh-kyc-rules.html"
ORIGINAL = "ledger/2026/02/lawmakers-weigh-kyc-rules-for-model-apis.html"
MISSING = "ledger/2026/02/distillation-explainer.html"  # in the sitemap, not on the site: 404


def crawl(db_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``debatelens crawl ARGS --db DB_URL --delay 0`` in a subprocess (its own reactor)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    out = subprocess.run([sys.executable, "-m", "debatelens", "crawl", *args, "--db", db_url, "--delay", "0",
                          "--allow-private"],
                         capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False)
    assert out.returncode == 0, f"crawl failed ({out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}"
    return out


def sitemap_urls() -> list[str]:
    """Paths of the sample's sitemap entries, in order (query strings kept)."""
    xml = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    return [u.replace("&amp;", "&").removeprefix(PLACEHOLDER_ORIGIN + "/") for u in re.findall(r"<loc>(.*?)</loc>", xml)]


@dataclass
class Crawled:
    """A store after crawls of the sample, with the served origin and what the command printed."""

    url: str
    origin: str
    outputs: list[subprocess.CompletedProcess]

    def query(self, statement):
        with Store.open(self.url, migrate=False) as store, store.reading() as session:
            return list(session.execute(statement).all())

    def documents(self) -> dict[str, Document]:
        """Top-level documents by canonical path (origin removed)."""
        rows = self.query(select(Document).where(Document.parent_id.is_(None)))
        return {d.canonical_url.removeprefix(self.origin + "/"): d for (d,) in rows}

    def runs(self) -> list[CrawlRun]:
        return [r for (r,) in self.query(select(CrawlRun).order_by(CrawlRun.id))]


@pytest.fixture(scope="module")
def site():
    with LocalSite(SITE) as served:
        yield served


@pytest.fixture(scope="module", params=BACKENDS)
def sitemap_crawl(request, site, new_database, tmp_path_factory) -> Crawled:
    """The sample's sitemap crawled twice into a fresh store (the second crawl should find nothing new)."""
    folder = tmp_path_factory.mktemp("sitemap")
    with new_database(request.param, folder) as url:
        first = crawl(url, "--sitemap", site.url("sitemap.xml"), cwd=folder)
        crawled = Crawled(url, site.origin, [first])
        crawled.after_first = crawled.query(select(func.count(Document.id)))[0][0]
        crawled.outputs.append(crawl(url, "--sitemap", site.url("sitemap.xml"), cwd=folder))
        yield crawled


@pytest.fixture(scope="module", params=BACKENDS)
def feed_crawl(request, site, new_database, tmp_path_factory) -> Crawled:
    """The sample's RSS feed plus one URL on a closed loopback port, crawled into a fresh store."""
    folder = tmp_path_factory.mktemp("feed")
    with socket.socket() as s:  # a port nobody listens on: bind, note it, close
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with new_database(request.param, folder) as url:
        dead = f"http://127.0.0.1:{closed}/gone.html"
        out = crawl(url, "--feed", site.url("feed.xml"), "--url", dead, cwd=folder)
        crawled = Crawled(url, site.origin, [out])
        crawled.dead = dead
        yield crawled


def test_sitemap_crawl_keeps_on_topic_pages_as_relevant(sitemap_crawl):
    docs = sitemap_crawl.documents()
    for path in ON_TOPIC:
        assert path in docs, f"{path} was not stored"
        assert docs[path].relevant, f"{path} is on topic but stored as not relevant ({docs[path].relevance:.2f})"


def test_sitemap_crawl_stores_off_topic_pages_as_not_relevant(sitemap_crawl):
    docs = sitemap_crawl.documents()
    for path, topic in OFF_TOPIC.items():
        assert path in docs, f"{path} ({topic}) was not stored"
        assert not docs[path].relevant, f"{path} ({topic}) stored as relevant"
    worst_on_topic = min(docs[p].relevance for p in ON_TOPIC)
    assert max(docs[p].relevance for p in OFF_TOPIC) < worst_on_topic


def test_every_sitemap_page_is_stored_once(sitemap_crawl):
    docs = sitemap_crawl.documents()
    expected = {p.split("?")[0] for p in sitemap_urls()} - {"broken.html", MISSING, SYNDICATED}
    # The site's front page (a list of headlines) may be stored or turned down by extraction.
    assert set(docs) - {"index.html"} == expected - {"index.html"}
    run = sitemap_crawl.runs()[0]
    assert run.counts["stored"] == len(docs)
    assert f"crawl #{run.id}: " in sitemap_crawl.outputs[0].stdout


def test_syndicated_duplicate_is_stored_once_under_its_canonical_url(sitemap_crawl):
    origin = sitemap_crawl.origin
    rows = sitemap_crawl.query(select(Document.url, Document.canonical_url).where(
        Document.url.in_([f"{origin}/{SYNDICATED}", f"{origin}/{ORIGINAL}"])
        | Document.canonical_url.in_([f"{origin}/{SYNDICATED}", f"{origin}/{ORIGINAL}"])))
    assert len(rows) == 1, rows
    assert rows[0].canonical_url == f"{origin}/{ORIGINAL}"
    assert sitemap_crawl.runs()[0].counts["duplicate"] == 1


def test_utm_urls_are_stored_under_their_clean_canonical_url(sitemap_crawl):
    tagged = [p for p in sitemap_urls() if "utm_" in p]
    assert len(tagged) == 2
    docs = sitemap_crawl.documents()
    for path in tagged:
        clean = path.split("?")[0]
        assert clean in docs
        assert docs[clean].url == f"{sitemap_crawl.origin}/{path}"  # fetched URL kept as it was
    assert not [p for p in docs if "utm_" in p or "?" in p]


def test_broken_and_missing_pages_are_failures_and_the_crawl_finishes(sitemap_crawl):
    run = sitemap_crawl.runs()[0]
    failures = sitemap_crawl.query(select(CrawlFailure.url, CrawlFailure.reason, CrawlFailure.detail)
                                   .where(CrawlFailure.run_id == run.id))
    by_url = {u.removeprefix(sitemap_crawl.origin + "/"): (reason, detail) for u, reason, detail in failures}
    assert set(by_url) - {"index.html"} == {"broken.html", MISSING}
    assert by_url["broken.html"][0] in ("empty", "no-body") and by_url["broken.html"][1]
    assert by_url[MISSING][0] == "http-404" and "404" in by_url[MISSING][1]
    assert run.status == "finished" and run.finished_at is not None
    assert run.counts["failed"] == len(failures) and run.counts["failed_http-404"] == 1
    assert f"failed {sitemap_crawl.origin}/{MISSING}: http-404" in sitemap_crawl.outputs[0].stdout


def test_forum_comments_are_comment_documents_under_their_thread(sitemap_crawl):
    docs = sitemap_crawl.documents()
    comments = sitemap_crawl.query(select(Document.parent_id, Document.kind, Document.relevant, Document.text,
                                          Document.canonical_url).where(Document.parent_id.is_not(None)))
    assert comments and all(c.kind == "comment" and c.text.strip() for c in comments)
    for n in range(1, 7):
        thread = docs[f"forum/thread-{n}.html"]
        html = (SITE / "forum" / f"thread-{n}.html").read_text(encoding="utf-8")
        expected = html.count('itemtype="https://schema.org/Comment"')
        mine = [c for c in comments if c.parent_id == thread.id]
        assert thread.kind == "thread"
        assert len(mine) == expected, f"thread-{n}: {len(mine)} comments stored, {expected} on the page"
        assert {c.relevant for c in mine} <= {thread.relevant}  # a comment shares its thread's relevance
        assert len({c.canonical_url for c in mine}) == expected
    assert sitemap_crawl.runs()[0].counts["comments"] == len(comments)


def test_raw_html_is_kept_compressed_and_decompresses_to_the_page(sitemap_crawl):
    docs = sitemap_crawl.documents()
    for path in ("ledger/2026/02/anthropic-accuses-chinese-labs-of-distillation.html", "forum/thread-2.html"):
        served = (SITE / path).read_bytes().replace(PLACEHOLDER_ORIGIN.encode(), sitemap_crawl.origin.encode())
        blob = docs[path].raw_html
        assert blob is not None and len(blob) < len(served)
        assert decompress_html(blob) == served


def test_documents_carry_their_metadata_and_run(sitemap_crawl):
    docs = sitemap_crawl.documents()
    run = sitemap_crawl.runs()[0]
    article = docs["ledger/2026/02/anthropic-accuses-chinese-labs-of-distillation.html"]
    assert article.title == "Anthropic says Chinese labs used 24,000 fake accounts to copy Claude"
    assert article.published_at is not None and article.published_at.date().isoformat() == "2026-02-23"
    assert article.kind == "article" and "Claire Donnelly" in article.authors
    assert docs["gov/otp/press/2026-02-25-statement-on-model-distillation.html"].kind == "statement"
    assert {d.crawl_run_id for d in docs.values()} == {run.id}


def test_second_crawl_fetches_nothing_new(sitemap_crawl):
    first, second = sitemap_crawl.runs()
    assert second.status == "finished"
    # all but the broken page, the 404 and the home page (turned down, not stored)
    stored = len(sitemap_urls()) - first.counts["failed"] - first.counts["home_page"]
    assert first.counts["home_page"] == 1
    assert second.counts["skipped_known"] == stored
    # robots.txt, the sitemap, the URLs that failed and the home page: nothing stored is fetched again
    assert second.counts["responses"] == 2 + first.counts["failed"] + 1
    assert second.counts["stored"] == 0 and second.counts["duplicate"] == 0
    count = sitemap_crawl.query(select(func.count(Document.id)))[0][0]
    assert count == sitemap_crawl.after_first
    assert not sitemap_crawl.query(select(Document.id).where(Document.crawl_run_id == second.id))
    assert f"{stored} URLs already stored were not fetched again" in sitemap_crawl.outputs[1].stdout


def test_feed_crawl_stores_every_entry(feed_crawl):
    xml = (SITE / "feed.xml").read_text(encoding="utf-8")
    entries = [u.replace("&amp;", "&").removeprefix(PLACEHOLDER_ORIGIN + "/").split("?")[0]
               for u in re.findall(r"<link>(.*?)</link>", xml)[1:]]  # the first <link> is the channel's
    assert len(entries) == 20
    expected = set(entries) - {SYNDICATED} | {ORIGINAL}
    docs = feed_crawl.documents()
    assert set(docs) == expected
    assert {d.relevant for p, d in docs.items() if p in OFF_TOPIC} == {False}
    (run,) = feed_crawl.runs()
    assert run.status == "finished" and run.parameters["feeds"] == [f"{feed_crawl.origin}/feed.xml"]


def test_unreachable_url_is_a_failure_not_a_crashed_crawl(feed_crawl):
    (run,) = feed_crawl.runs()
    failures = feed_crawl.query(select(CrawlFailure.url, CrawlFailure.reason, CrawlFailure.detail)
                                .where(CrawlFailure.run_id == run.id))
    assert [(u, reason) for u, reason, _ in failures] == [(feed_crawl.dead, "unreachable")]
    assert "refused" in failures[0].detail.lower()
    assert run.counts["failed_unreachable"] == 1
    assert f"failed {feed_crawl.dead}: unreachable" in feed_crawl.outputs[0].stdout


# --- a site of our own: robots.txt, a non-HTML URL, a page too short; an interrupted crawl ------

ARTICLE_BODY = "".join(f"<p>Paragraph {i}: the lab accused rivals of distillation through fraudulent accounts, "
                       f"and critics said the accusing labs scraped the web themselves.</p>" for i in range(6))


def page(title: str, body: str = ARTICLE_BODY) -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


@pytest.mark.parametrize("backend", BACKENDS)
def test_robots_non_html_and_short_pages_are_failures_with_reasons(backend, new_database, tmp_path):
    site_dir = tmp_path / "site"
    (site_dir / "private").mkdir(parents=True)
    (site_dir / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    (site_dir / "ok.html").write_text(page("Labs trade distillation charges"), encoding="utf-8")
    (site_dir / "private" / "secret.html").write_text(page("Secret"), encoding="utf-8")
    (site_dir / "short.html").write_text(page("Brief", "<p>The lab accused rivals of distillation.</p>"),
                                         encoding="utf-8")
    (site_dir / "data.json").write_text('{"distillation": true}', encoding="utf-8")
    (site_dir / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                                       '<item><link>/ok.html</link></item></channel></rss>', encoding="utf-8")
    with LocalSite(site_dir) as served, new_database(backend, tmp_path) as url:
        args = [a for p in ("ok.html", "private/secret.html", "short.html", "data.json")
                for a in ("--url", served.url(p))]
        # a feed given as a sitemap, a page given as a feed: recorded, not silently ignored
        args += ["--sitemap", served.url("feed.xml"), "--feed", served.url("short.html")]
        out = crawl(url, *args, cwd=tmp_path)
        crawled = Crawled(url, served.origin, [out])
        assert set(crawled.documents()) == {"ok.html"}
        failures = crawled.query(select(CrawlFailure.url, CrawlFailure.reason, CrawlFailure.detail))
        assert sorted((u.removeprefix(served.origin + "/"), r) for u, r, _ in failures) == [
            ("data.json", "not-html"), ("feed.xml", "bad-sitemap"), ("private/secret.html", "robots"),
            ("short.html", "bad-feed"), ("short.html", "too-short")]
        assert "<rss>" in next(d for u, r, d in failures if r == "bad-sitemap")
        (run,) = crawled.runs()
        assert run.status == "finished" and run.counts["failed"] == 5


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_interrupted_crawl_is_recorded_and_the_next_one_resumes(backend, site, new_database, tmp_path):
    import signal
    import time

    with new_database(backend, tmp_path) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
        proc = subprocess.Popen([sys.executable, "-m", "debatelens", "crawl", "--sitemap", site.url("sitemap.xml"),
                                 "--db", url, "--delay", "1.5", "--allow-private"], cwd=tmp_path, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        crawled = Crawled(url, site.origin, [])
        # 1.5 s between requests: fetching the 33 pages takes about 50 s, so the first document is
        # stored (after the extraction workers load their models) while pages are still to fetch
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                if crawled.query(select(func.count(Document.id)))[0][0]:
                    break
            except SQLAlchemyError:  # the store is not migrated yet
                continue
        proc.send_signal(signal.SIGTERM)  # what Ctrl-C does too: Scrapy shuts down gracefully
        stdout, stderr = proc.communicate(timeout=120)
        (run,) = crawled.runs()
        assert run.status == "interrupted", (stdout, stderr[-2000:])
        assert proc.returncode == 1
        assert stderr.splitlines()[-1].startswith(f"error: crawl #{run.id} interrupted")
        stored = set(crawled.documents())
        assert 0 < len(stored) < 31 and run.counts["stored"] == len(stored)

        crawled.outputs.append(crawl(url, "--sitemap", site.url("sitemap.xml"), cwd=tmp_path))
        first, second = crawled.runs()
        assert second.status == "finished"
        assert second.counts["skipped_known"] >= len(stored)
        docs = crawled.documents()
        assert stored < set(docs) and len(docs) == first.counts["stored"] + second.counts["stored"]
        assert {p.split("?")[0] for p in sitemap_urls()} - {"broken.html", MISSING, SYNDICATED} - {"index.html"} \
            <= set(docs)
