"""Whole crawls (``debatelens crawl`` in a subprocess, its own reactor) from the new sources into a store.

A profile whose ``[discovery]`` names loopback services only: GDELT and Hacker News answers in
the real APIs' shapes, a Reddit thread, a PDF statement; then ``crawl --warc`` on an archive.
Every URL is on 127.0.0.1 (the WARC's URLs are read from the file, never fetched).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from corpus.models import Document
from corpus.store import Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "corpus" / "profiles" / "ai-distillation.toml"


def article(title: str) -> str:
    body = "".join(f"<p>{title}: the lab accused its rivals of distillation through fake accounts, paragraph {i}, "
                   f"and the rivals denied using the model's outputs.</p>" for i in range(6))
    return f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>" \
           f"{body}</article></body></html>"


def profile_with(tmp_path: Path, discovery: str) -> Path:
    """The shipped profile with its ``[discovery]`` tables replaced by ``discovery``."""
    text = PROFILE.read_text(encoding="utf-8")
    head, rest = text.split("[discovery]", 1)
    tail = rest[rest.index("\n[relevance]"):]
    path = tmp_path / "loopback.toml"
    # the profile's data files (stance labels, relevance examples) are named relative to it
    tail = tail.replace('= "ai-distillation.', '= "' + str(PROFILE.parent) + '/ai-distillation.')
    path.write_text(head + discovery + tail, encoding="utf-8")
    return path


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    out = subprocess.run([sys.executable, "-m", "debatelens", *args], capture_output=True, text=True, cwd=cwd,
                         env={**base, **env}, timeout=300, check=False)
    assert out.returncode == 0, f"{args} failed ({out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def api_crawl(tmp_path_factory, recorded_service):
    import importlib.util

    # the PDF builder of the unit tests beside this file (test modules are not a package here)
    spec = importlib.util.spec_from_file_location("discovery_files", Path(__file__).with_name("test_discovery_files.py"))
    files = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(files)
    STATEMENT_LINES, make_pdf = files.STATEMENT_LINES, files.make_pdf
    Answer = recorded_service.Answer
    pdf = make_pdf(STATEMENT_LINES, title="Statement on model distillation", created="D:20260224093000Z")
    thread = {"id": 7, "type": "story", "author": "op", "title": "Lab accuses rivals of distillation",
              "url": "{ORIGIN}/hn-linked.html", "text": None, "created_at_i": 1771840900,
              "children": [{"id": 8, "type": "comment", "author": "ana", "created_at_i": 1771841000,
                            "text": "The fake accounts are the real story here.",
                            "children": [{"id": 9, "type": "comment", "author": "ben", "created_at_i": 1771841100,
                                          "text": "Distillation itself is not theft.", "children": []}]}]}
    reddit = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
        "id": "abc12", "title": "Is distilling a rival's model theft?", "author": "op2", "subreddit": "ml",
        "selftext": "The lab accused rivals of distillation through fake accounts.", "created_utc": 1771840800,
        "permalink": "/r/ml/comments/abc12/is_distilling_theft/"}}]}},
        {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
            "id": "c1", "author": "eve", "body": "They scraped everyone first.", "created_utc": 1771841000,
            "replies": ""}}]}}]

    def route(path, query):
        if path == "/gdelt":
            return Answer(json.dumps({"articles": [
                {"url": "{ORIGIN}/gdelt-a.html", "title": "A", "seendate": "20260223T101500Z", "domain": "127.0.0.1",
                 "language": "English", "sourcecountry": "", "url_mobile": "", "socialimage": ""}]}))
        if path == "/hn/search":
            hits = [{"objectID": "7", "title": thread["title"], "url": "{ORIGIN}/hn-linked.html", "author": "op",
                     "points": 3, "num_comments": 2, "created_at_i": 1771840900}]
            return Answer(json.dumps({"hits": hits, "nbHits": 1, "page": 0, "nbPages": 1, "hitsPerPage": 100}))
        if path == "/hn/items/7":
            return Answer(json.dumps(thread))
        if path == "/r/ml/comments/abc12/is_distilling_theft.json":
            return Answer(json.dumps(reddit))
        if path == "/statement.pdf":
            return Answer(pdf, content_type="application/pdf")
        if path in ("/gdelt-a.html", "/hn-linked.html"):
            return Answer(article(path.strip("/")), content_type="text/html; charset=utf-8")
        return None

    tmp = tmp_path_factory.mktemp("apicrawl")
    with recorded_service(route) as service:
        profile = profile_with(tmp, f"""[discovery]
statements = ["{service.url('statement.pdf')}"]
[discovery.gdelt]
queries = ["distillation"]
start = "2026-02-23"
end = "2026-02-24"
[discovery.hackernews]
queries = ["distillation"]
[discovery.reddit]
threads = ["r/ml/comments/abc12/is_distilling_theft/"]
""")
        env = {"DEBATELENS_ALLOW_PRIVATE": "1",  # the recorded service is on 127.0.0.1
               "DEBATELENS_GDELT_API_URL": service.url("gdelt"), "DEBATELENS_GDELT_INTERVAL": "0.1",
               "DEBATELENS_HN_API_URL": service.url("hn"), "DEBATELENS_REDDIT_URL": service.origin}
        db = tmp / "store.db"
        listed = run("discover", "--profile", str(profile), cwd=tmp, env=env)
        out = run("crawl", "--profile", str(profile), "--db", str(db), "--delay", "0", cwd=tmp, env=env)
        yield {"db": db, "out": out, "listed": listed, "service": service}


def _documents(db: Path) -> list[Document]:
    store = Store.open(f"sqlite:///{db}", migrate=False)
    try:
        with store.reading() as session:
            return list(session.scalars(select(Document).order_by(Document.id)))
    finally:
        store.close()


def test_the_profile_sources_are_crawled_into_the_store(api_crawl):
    origin = api_crawl["service"].origin
    docs = _documents(api_crawl["db"])
    by_url = {d.canonical_url.replace(origin, ""): d for d in docs}
    assert {"/gdelt-a.html", "/hn-linked.html", "/statement.pdf", "https://news.ycombinator.com/item?id=7",
            "/r/ml/comments/abc12/is_distilling_theft/"} <= set(by_url)
    assert by_url["/statement.pdf"].kind == "statement" and by_url["/statement.pdf"].title == \
        "Statement on model distillation"


def test_hn_and_reddit_threads_are_stored_with_their_comments_as_children(api_crawl):
    docs = _documents(api_crawl["db"])
    hn = next(d for d in docs if d.canonical_url == "https://news.ycombinator.com/item?id=7")
    comments = [d for d in docs if d.parent_id == hn.id]
    assert hn.kind == "thread" and [(c.kind, c.authors, c.text) for c in comments] == [
        ("comment", ["ana"], "The fake accounts are the real story here."),
        ("comment", ["ben"], "Distillation itself is not theft.")]
    reddit = next(d for d in docs if d.canonical_url.endswith("/r/ml/comments/abc12/is_distilling_theft/"))
    assert [c.text for c in docs if c.parent_id == reddit.id] == ["They scraped everyone first."]


def test_discover_listed_what_the_crawl_fetched_without_fetching_it(api_crawl):
    origin = api_crawl["service"].origin
    rows = [json.loads(line) for line in api_crawl["listed"].stdout.splitlines()]
    listed = {r["url"].replace(origin, ""): r["source"] for r in rows}
    assert listed == {"/statement.pdf": "statement", "/gdelt-a.html": "gdelt", "/hn-linked.html": "hackernews",
                      "/hn/items/7": "hackernews", "/r/ml/comments/abc12/is_distilling_theft.json?raw_json=1": "reddit"}
    # every page was fetched once, by the crawl; discover fetched only the APIs' searches
    paths = api_crawl["service"].paths()
    assert paths.count("/gdelt-a.html") == 1 and paths.count("/statement.pdf") == 1
    assert paths.count("/gdelt") == 2 and paths.count("/hn/search") == 2


def test_crawl_warc_stores_archived_pages_with_filters(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "CC-NEWS-20260223.warc.gz"
    with open(archive, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, date in (("https://www.ledger.example/2026/02/a.html", "2026-02-23T10:00:00Z"),
                          ("https://wire.example/b.html", "2026-02-23T11:00:00Z"),
                          ("https://www.ledger.example/2026/01/old.html", "2026-01-10T10:00:00Z")):
            body = article(url.rsplit("/", 1)[-1]).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers, warc_headers_dict={"WARC-Date": date}))
    db = tmp_path / "warc.db"
    out = run("crawl", "--warc", str(archive), "--warc-since", "2026-02-01", "--warc-host", "ledger.example",
              "--db", str(db), cwd=tmp_path, env={})
    docs = _documents(db)
    assert [d.canonical_url for d in docs] == ["https://www.ledger.example/2026/02/a.html"]
    assert "1 pages fetched" in out.stdout
