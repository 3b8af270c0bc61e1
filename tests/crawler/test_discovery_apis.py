"""GDELT, Hacker News and Reddit discovery against recorded answers of each service's shape.

Each service is a :class:`RecordedService` on 127.0.0.1 (see ``conftest.py``) answering JSON
written for these tests in the real APIs' shapes; the spider runs in process with no pipeline.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

import pytest

from crawler.items import DiscoveredUrl, FailedPage, PageItem
from crawler.sources import gdelt
from crawler.sources.documents import extract_document
from crawler.sources.plan import GdeltPlan, HackerNewsPlan, RedditPlan, scrapy_overrides
from crawler.spiders.discovery import DiscoverySpider

START = datetime(2026, 2, 23, 0, 0, tzinfo=timezone.utc)
END = START + timedelta(hours=6)
#: 600 articles, one every 36 seconds over the six hours: more than two full calls.
ARTICLES = [{"url": f"https://news{n % 7}.example/2026/02/story-{n}.html", "url_mobile": "",
             "title": f"Story {n} on the distillation dispute", "socialimage": "",
             "seendate": (START + timedelta(seconds=36 * n)).strftime("%Y%m%dT%H%M%SZ"),
             "domain": f"news{n % 7}.example", "language": "English", "sourcecountry": "United States"}
            for n in range(600)]



def _gdelt_answer(recorded_service, query):
    if query.get("query") == ["short"]:
        return recorded_service.Answer("The specified phrase is too short.", content_type="text/html")
    start = datetime.strptime(query["startdatetime"][0], gdelt.DATETIME_FORMAT).replace(tzinfo=timezone.utc)
    end = datetime.strptime(query["enddatetime"][0], gdelt.DATETIME_FORMAT).replace(tzinfo=timezone.utc)
    found = [a for a in ARTICLES
             if start <= datetime.strptime(a["seendate"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc) < end]
    found.sort(key=lambda a: a["seendate"], reverse=True)  # sort=datedesc
    limit = int(query["maxrecords"][0])
    return recorded_service.Answer(json.dumps({"articles": found[:limit]} if found else {}))


@pytest.fixture(scope="module")
def gdelt_run(recorded_service, spider_runner):
    with recorded_service(lambda path, query: _gdelt_answer(recorded_service, query)
                          if path == "/api/v2/doc/doc" else None) as service:
        plan = GdeltPlan(api_url=service.url("api/v2/doc/doc"), interval=0.3, queries=("distillation", "short"),
                         start=START, end=END)
        arguments = {"gdelt": plan, "dry_run": True}
        run = spider_runner(DiscoverySpider, scrapy_overrides(arguments), **arguments)
        run.calls = [(t, q) for t, p, q in service.requests if p == "/api/v2/doc/doc"]
        yield run


def test_gdelt_slices_full_answers_until_every_article_is_found(gdelt_run):
    urls = {item.url for item in gdelt_run.of(DiscoveredUrl)}
    assert urls == {a["url"] for a in ARTICLES}
    # 6 h (250 of 600) -> two 3 h halves (250 of 300 each) -> four 1.5 h quarters (150 each); then "short"
    ranges = [(q["startdatetime"][0], q["enddatetime"][0]) for _t, q in gdelt_run.calls]
    assert len(ranges) == 8 and ranges[0] == ("20260223000000", "20260223060000")
    assert ranges[1:3] == [("20260223000000", "20260223030000"), ("20260223000000", "20260223013000")]
    assert all(q["maxrecords"] == ["250"] and q["mode"] == ["artlist"] and q["format"] == ["json"]
               for _t, q in gdelt_run.calls)


def test_gdelt_calls_keep_the_interval(gdelt_run):
    times = [t for t, _q in gdelt_run.calls]
    gaps = [b - a for a, b in zip(times, times[1:])]
    # the slot's delay, measured at the server: a first call that opened its connection may arrive a
    # little later after leaving the slot than a second one that reused it
    assert min(gaps) >= 0.3 * 0.75, gaps


def test_gdelt_articles_carry_what_the_api_said(gdelt_run):
    item = next(i for i in gdelt_run.of(DiscoveredUrl) if i.url.endswith("/story-1.html"))
    assert (item.source, item.title, item.published) == ("gdelt", "Story 1 on the distillation dispute",
                                                         "2026-02-23T00:00:36Z")
    assert item.extra == {"domain": "news1.example", "language": "English", "sourcecountry": "United States"}


def test_a_refused_gdelt_query_is_a_bad_api_failure(gdelt_run):
    (failure,) = gdelt_run.of(FailedPage)
    assert failure.reason == "bad-api" and "The specified phrase is too short." in failure.detail
    assert "query=short" in failure.url


def test_slices_are_not_split_below_fifteen_minutes():
    assert gdelt.split(gdelt.Slice("q", START, START + timedelta(minutes=20))) is None
    assert gdelt.split(gdelt.Slice("q", START, START + timedelta(minutes=30)))[0].end == START + timedelta(minutes=15)


def test_a_full_slice_too_short_to_split_is_warned_and_the_interval_kept_without_the_slot_setting(
        recorded_service, spider_runner, caplog):
    # 300 articles in 20 minutes: the first call is full, and 20 minutes cannot be halved
    burst = [dict(a, seendate=(START + timedelta(seconds=4 * n)).strftime("%Y%m%dT%H%M%SZ"))
             for n, a in enumerate(ARTICLES[:300])]

    def route(path, query):
        return recorded_service.Answer(json.dumps({"articles": burst[:int(query["maxrecords"][0])]}))

    with recorded_service(route) as service, caplog.at_level(logging.WARNING, logger="crawler.spiders.apis"):
        plan = GdeltPlan(api_url=service.url("doc"), interval=0.4, queries=("a", "b"), start=START,
                         end=START + timedelta(minutes=20))
        run = spider_runner(DiscoverySpider, {}, gdelt=plan, dry_run=True)  # no DOWNLOAD_SLOTS given
    calls = [t for t, path, _q in service.requests if path == "/doc"]
    assert len(run.of(DiscoveredUrl)) == 250 and len(calls) == 2
    assert calls[1] - calls[0] >= 0.4 * 0.75
    warned = [r.getMessage() for r in caplog.records if r.getMessage().startswith("[W221]")]
    assert len(warned) == 2 and "returned the full 250 articles" in warned[0]


# --- Hacker News ----------------------------------------------------------------------------

def hit(n, *, url=None, comments=0, text=None):
    return {"objectID": str(n), "title": f"Lab accuses rivals of distillation ({n})", "url": url, "author": f"user{n}",
            "points": 10 * n, "num_comments": comments, "story_text": text, "created_at_i": 1771840800 + n,
            "created_at": "2026-02-23T10:00:00.000Z"}


THREAD = {
    "id": 101, "type": "story", "author": "user1", "title": "Lab accuses rivals of distillation (101)",
    "url": "https://ledger.example/story.html", "text": None, "created_at_i": 1771840900, "points": 50,
    "children": [
        {"id": 102, "type": "comment", "author": "ana", "created_at_i": 1771841000, "parent_id": 101,
         "text": "<p>Terms of service are not copyright.<p>The accounts were fake though &amp; that matters.",
         "children": [{"id": 104, "type": "comment", "author": "ben", "created_at_i": 1771841100, "parent_id": 102,
                       "text": "Scraping the web was fine for them, apparently.", "children": []}]},
        {"id": 103, "type": "comment", "author": None, "text": None, "created_at_i": 1771841050, "parent_id": 101,
         "children": [{"id": 105, "type": "comment", "author": "cy", "created_at_i": 1771841200,
                       "parent_id": 103, "text": "<i>Distillation</i> is a standard technique.", "children": []}]},
    ]}



@pytest.fixture(scope="module")
def hn_run(recorded_service, spider_runner):
    Answer = recorded_service.Answer

    def route(path, query):
        if path == "/api/v1/search":
            assert query["tags"] == ["story"]
            page = int(query["page"][0])
            hits = [hit(101, url="https://ledger.example/story.html", comments=3),
                    hit(201, text="Ask HN: is distillation theft?", comments=1)] if page == 0 else [
                    hit(301, url="https://blog.example/post.html")]
            return Answer(json.dumps({"hits": hits, "nbHits": 3, "page": page, "nbPages": 2, "hitsPerPage": 2}))
        if path == "/api/v1/items/101":
            return Answer(json.dumps(THREAD))
        return None

    with recorded_service(route) as service:
        plan = HackerNewsPlan(api_url=service.url("api/v1"), queries=("distillation",),
                              start=START, end=END + timedelta(days=30), max_pages=5)
        run = spider_runner(DiscoverySpider, hackernews=plan, dry_run=True)
        run.service = service
        yield run


def test_hn_search_pages_give_articles_and_threads(hn_run):
    found = [(i.url.removeprefix(hn_run.service.origin), i.kind) for i in hn_run.of(DiscoveredUrl)]
    assert found == [("https://ledger.example/story.html", "page"), ("/api/v1/items/101", "thread"),
                     ("/api/v1/items/201", "thread"), ("https://blog.example/post.html", "page")]
    searches = [q for _t, p, q in hn_run.service.requests if p == "/api/v1/search"]
    assert [q["page"] for q in searches] == [["0"], ["1"]]
    assert searches[0]["numericFilters"] == [f"created_at_i>={int(START.timestamp())},"
                                             f"created_at_i<{int((END + timedelta(days=30)).timestamp())}"]
    first = hn_run.of(DiscoveredUrl)[0]
    assert first.extra == {"hn_id": "101", "points": 1010, "comments": 3} and first.source == "hackernews"


def test_an_hn_thread_is_a_thread_document_with_its_comments_depth_first():
    doc = extract_document(json.dumps(THREAD).encode(), "http://127.0.0.1:1/api/v1/items/101")
    assert doc.kind == "thread" and doc.canonical_url == "https://news.ycombinator.com/item?id=101"
    assert doc.authors == ("user1",) and doc.published_at == datetime.fromtimestamp(1771840900, timezone.utc)
    assert [(c.author, c.text) for c in doc.comments] == [
        ("ana", "Terms of service are not copyright.\nThe accounts were fake though & that matters."),
        ("ben", "Scraping the web was fine for them, apparently."),
        ("cy", "Distillation is a standard technique.")]  # the deleted comment gone, its reply kept
    assert doc.text == "Lab accuses rivals of distillation (101)\nhttps://ledger.example/story.html"


# --- Reddit ---------------------------------------------------------------------------------

def reddit_thread(sub="MachineLearning", tid="1abcde"):
    def comment(cid, author, body, replies=""):
        return {"kind": "t1", "data": {"id": cid, "author": author, "body": body, "created_utc": 1771841000.0,
                                       "replies": replies}}

    nested = {"kind": "Listing", "data": {"children": [comment("c3", "dee", "Both things can be true."),
                                                       {"kind": "more", "data": {"count": 4, "children": ["c9"]}}]}}
    return [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
            "id": tid, "title": "[D] Is distilling a rival's model theft?", "author": "op_user",
            "selftext": "The lab says 24,000 fake accounts were used.\n\nIs that theft or fair game?",
            "created_utc": 1771840800.0, "permalink": f"/r/{sub}/comments/{tid}/is_distilling_theft/",
            "subreddit": sub, "url": f"https://www.reddit.com/r/{sub}/comments/{tid}/is_distilling_theft/"}}]}},
        {"kind": "Listing", "data": {"children": [
            comment("c1", "eve", "Scraping without consent is the same thing.", nested),
            comment("c2", "[deleted]", "[removed]")]}},
    ]


def test_a_reddit_thread_is_a_thread_document_with_nested_comments():
    doc = extract_document(json.dumps(reddit_thread()).encode(),
                           "http://127.0.0.1:1/r/MachineLearning/comments/1abcde/is_distilling_theft.json?raw_json=1")
    assert doc.kind == "thread" and doc.outlet_name == "r/MachineLearning" and doc.authors == ("op_user",)
    assert doc.canonical_url == "http://127.0.0.1:1/r/MachineLearning/comments/1abcde/is_distilling_theft/"
    assert doc.text == "The lab says 24,000 fake accounts were used.\nIs that theft or fair game?"
    assert [(c.author, c.text) for c in doc.comments] == [("eve", "Scraping without consent is the same thing."),
                                                          ("dee", "Both things can be true.")]


def test_profile_reddit_threads_are_fetched_as_json(recorded_service, spider_runner):
    Answer = recorded_service.Answer
    with recorded_service(lambda path, query: Answer(json.dumps(reddit_thread()))
                          if path.endswith("/comments/1abcde/is_distilling_theft.json") else None) as service:
        plan = RedditPlan(base_url=service.origin,
                          threads=("r/MachineLearning/comments/1abcde/is_distilling_theft/", "r/x/about"))
        run = spider_runner(DiscoverySpider, reddit=plan)
    (page,) = run.of(PageItem)
    assert page.url == service.url("r/MachineLearning/comments/1abcde/is_distilling_theft.json?raw_json=1")
    assert extract_document(page.body, page.url).comments[1].text == "Both things can be true."
    (bad,) = run.of(FailedPage)
    assert bad.reason == "bad-source" and "no /comments/ID" in bad.detail


def test_json_of_another_shape_is_not_html(caplog):
    with caplog.at_level(logging.ERROR):
        result = extract_document(b'{"hello": "world"}', "http://127.0.0.1:1/x.json")
    assert result.reason == "not-html"
