"""End to end on real pages: crawl -> analyze -> report -> query, as a user runs it.

The site served on 127.0.0.1: the AI-news digests of ../shared/data/ainews/html (Jan-Mar 2025,
as published), the February 2026 digests of ../shared/data/ainews/markdown rendered to HTML, and
the 181 off-topic news pages of ../shared/data/extraction-bench, with one sitemap. The commands run
in subprocesses (Scrapy's reactor runs once per process). Skips when ../shared is absent.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.localsite import LocalSite

from benchmarks import realsite  # the site the end-to-end benchmark serves, built by the same code

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.slow,
    pytest.mark.skipif(not realsite.available(),
                       reason=f"real pages not found under {realsite.DATA} (../shared/data is absent)"),
]

#: Digests that covered the dispute: OpenAI / David Sacks on DeepSeek (Jan 2025) and Anthropic's
#: accusation against DeepSeek, Moonshot AI and MiniMax (Feb 2026).
DISPUTE_DIGESTS = ["25-01-29-ainews-not-much-happened-today", "25-01-30-ainews-mistral-small-3-24b-and-tulu-3-405b",
                   "26-02-23-anthropic-distillation", "26-02-24-claude-code"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Build the site, serve it, crawl, analyse two windows, report two weeks. Returns paths."""
    root = tmp_path_factory.mktemp("real")
    site = root / "site"
    pages = realsite.build_site(site)
    db = root / "store.db"
    briefings = root / "briefings"
    env_cmd = [sys.executable, "-m", "debatelens"]
    out = {}
    with LocalSite(site) as server:
        sitemap = realsite.write_sitemap(site, server.origin, pages)
        crawl = subprocess.run([*env_cmd, "crawl", "--db", str(db), "--delay", "0", "--allow-private", "--sitemap", sitemap],
                               capture_output=True, text=True, timeout=1800)
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        out["crawl"] = crawl.stdout
        out["origin"] = server.origin
    for since, until in (("2025-01-20", "2025-02-03"), ("2026-02-16", "2026-03-02")):
        analyze = subprocess.run([*env_cmd, "analyze", "--db", str(db), "--since", since, "--until", until,
                                  "--processes", "2"], capture_output=True, text=True, timeout=3600)
        assert analyze.returncode == 0, analyze.stderr[-3000:]
        out.setdefault("analyze", []).append(analyze.stdout)
    for period in ("2025-W05", "2026-W09"):
        report = subprocess.run([*env_cmd, "report", "--db", str(db), "--period", period, "--out", str(briefings)],
                                capture_output=True, text=True, timeout=600)
        assert report.returncode == 0, report.stderr[-3000:]
    out.update(db=db, briefings=briefings, pages=pages, cmd=env_cmd)
    print("\n".join([out["crawl"], *out["analyze"]]))
    return out


def _rows(db: Path, sql: str, *args):
    with sqlite3.connect(db) as con:
        return con.execute(sql, args).fetchall()


def test_dispute_digests_are_kept_and_off_topic_pages_are_not(run):
    relevant = {url.rsplit("/", 1)[-1] for (url,) in
                _rows(run["db"], "select canonical_url from documents where relevant = 1 and parent_id is null")}
    for slug in DISPUTE_DIGESTS:
        assert slug in relevant, f"{slug} should be kept as relevant"
    off = _rows(run["db"], "select relevant, count(*) from documents where url like '%/bench/%' group by relevant")
    counts = dict(off)
    stored_off = sum(counts.values())
    assert stored_off >= 150, f"most benchmark pages should be extracted and stored, got {stored_off}"
    assert counts.get(1, 0) <= 0.05 * stored_off, f"off-topic pages kept as relevant: {counts.get(1, 0)}"


def _top_actors(run, since: str, until: str, n: int = 10) -> list[str]:
    result = subprocess.run([*run["cmd"], "query", "actors", "--db", str(run["db"]), "--since", since,
                             "--until", until, "--limit", str(n), "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [row["name"] for row in json.loads(result.stdout)]


def test_top_actors_of_the_january_2025_week(run):
    top = _top_actors(run, "2025-01-27", "2025-02-03")
    assert {"DeepSeek", "OpenAI"} <= set(top), top


def test_top_actors_of_the_february_2026_week(run):
    top = _top_actors(run, "2026-02-23", "2026-03-02", n=12)
    assert {"Anthropic", "DeepSeek", "Moonshot AI", "MiniMax"} <= set(top), top


def test_claims_link_back_to_their_pages(run):
    rows = _rows(run["db"], """select c.content, c.content_start, c.content_end, d.text, d.canonical_url, d.url
                               from claims c join documents d on d.id = c.document_id""")
    assert len(rows) >= 20, f"expected claims from the dispute digests, found {len(rows)}"
    for content, start, end, text, canonical, url in rows:
        assert text[start:end] == content
        assert url.startswith(run["origin"]) and canonical.startswith("http")
    page = (run["briefings"] / "briefing-2026-W09.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'<a href="([^"]+)"', page))
    claim_urls = {u for (u,) in _rows(run["db"], """select distinct d.canonical_url from claims c
        join documents d on d.id = c.document_id where d.published_at >= '2026-02-23' and d.published_at < '2026-03-02'""")}
    assert claim_urls and claim_urls <= {html.unescape(u) for u in linked}


def test_briefings_name_the_actors_and_the_index_lists_both(run):
    week = (run["briefings"] / "briefing-2026-W09.html").read_text(encoding="utf-8")
    for name in ("Anthropic", "DeepSeek", "MiniMax", "Moonshot AI"):
        assert name in week
    january = (run["briefings"] / "briefing-2025-W05.html").read_text(encoding="utf-8")
    assert "DeepSeek" in january and "OpenAI" in january
    index = (run["briefings"] / "index.html").read_text(encoding="utf-8")
    assert "briefing-2025-W05.html" in index and "briefing-2026-W09.html" in index


def test_the_crawl_run_records_counts_and_failures(run):
    (status, counts), = _rows(run["db"], "select status, counts from crawl_runs order by id desc limit 1")
    counts = json.loads(counts)
    assert status == "finished"
    assert counts["pages"] >= len(run["pages"]) - 5
    assert counts["stored"] + counts["failed"] + counts["duplicate"] >= len(run["pages"]) - 5
