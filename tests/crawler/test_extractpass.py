"""The fetch/extract split: raw pages in the store, the extraction pass over them, reextract.

Pages are written here (own words), stored as raw pages the way the crawl's writer stores them,
and the pass runs for real: worker processes, the store on disk, the de-duplication indexes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from corpus import rawpages, writes
from corpus.models import CrawlFailure, Document, RawPage
from corpus.settings import load_settings
from corpus.store import Store
from crawler import extractpass
from crawler.extraction import ExtractedDocument, Rejection
from crawler.extractpass import ExtractionPass, process_page
from crawler.neardup import NUM_PERM
from crawler.progress import describe

pytestmark = pytest.mark.slow

UTC = dt.timezone.utc
ORIGIN = "https://ledger.example"


def paragraphs(topic: int, n: int = 7) -> str:
    return "".join(
        f"<p>Section {topic}.{i}: the accusing lab said rival labs ran distillation through fraudulent "
        f"accounts, and critics answered that item {topic * 31 + i} of the record shows the accusers "
        f"scraped the open web for years before they complained.</p>" for i in range(n))


def page(title: str, body: str, *, canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{link}"
            f"<meta property='article:published_time' content='2026-02-24T09:00:00Z'></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode()


ARTICLE = page("Labs trade distillation charges", paragraphs(1), canonical=f"{ORIGIN}/a.html")
#: The same article under another URL, its canonical naming the first: an exact duplicate.
COPY = ARTICLE
#: The article syndicated: own canonical, a line added at the end: a near-duplicate.
SYNDICATED = page("Labs trade distillation charges", paragraphs(1) + "<p>First published by The Ledger.</p>",
                  canonical=f"{ORIGIN}/syndicated.html")
OTHER = page("A second look at the accounts", paragraphs(2), canonical=f"{ORIGIN}/b.html")
SHORT = page("Brief", "<p>The lab accused rivals of distillation.</p>")
# binary that is neither HTML nor a PDF (a "%PDF-" body now goes to the PDF reader)
NOT_HTML = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def raw(url: str, body: bytes) -> dict:
    return {"url": url, "final_url": url, "status": 200, "headers": {"Content-Type": "text/html"},
            "fetched_at": dt.datetime.now(UTC), "size": len(body), "body": writes.compress_html(body)}


@pytest.fixture
def store_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store.open(url)
    with store.unit_of_work() as session:
        run_id = writes.start_crawl_run(session, profile="ai-distillation", parameters={}, versions={})
    store.close()
    return url, run_id


def add(url: str, pages: list[tuple[str, bytes]], run_id: int) -> list[int]:
    with Store.open(url, migrate=False) as store, store.unit_of_work() as session:
        return rawpages.add_raw_pages(session, [dict(raw(u, b), crawl_run_id=run_id) for u, b in pages])


def run_pass(url: str, run_id: int, **kwargs) -> ExtractionPass:
    """A pass in this thread (``in_process``), unless ``in_process=False`` asks for a worker."""
    kwargs.setdefault("min_length", 200)
    kwargs.setdefault("in_process", True)
    pass_ = ExtractionPass(url, profile="ai-distillation", run_id=run_id, threshold=0.9, processes=1, **kwargs)
    pass_.run()
    return pass_


def rows(url: str, statement):
    with Store.open(url, migrate=False) as store, store.reading() as session:
        return list(session.execute(statement).all())


def test_a_worker_extracts_scores_and_hashes_a_page_once():
    from corpus.profile import load_profile

    result = process_page(1, f"{ORIGIN}/a.html", writes.compress_html(ARTICLE),
                          profile=load_profile("ai-distillation"), min_length=200)
    assert isinstance(result.result, ExtractedDocument)
    assert result.relevant and result.relevance > 0
    assert result.content_hash == writes.content_hash(result.result.text)
    assert len(result.minhash) == NUM_PERM * 4
    bad = process_page(2, f"{ORIGIN}/x", b"not zlib", profile=load_profile("ai-distillation"), min_length=200)
    assert isinstance(bad.result, Rejection) and bad.result.reason == "parse-error"


def test_the_pass_stores_documents_and_records_every_raw_page(store_url):
    url, run_id = store_url
    ids = add(url, [(f"{ORIGIN}/a.html", ARTICLE), (f"{ORIGIN}/a.html?ref=feed", COPY),
                    (f"{ORIGIN}/syndicated.html", SYNDICATED), (f"{ORIGIN}/b.html", OTHER),
                    (f"{ORIGIN}/short.html", SHORT), (f"{ORIGIN}/figure.png", NOT_HTML)], run_id)
    done = run_pass(url, run_id, in_process=False)  # a real worker process
    outcomes = dict(rows(url, select(RawPage.id, RawPage.outcome).order_by(RawPage.id)))
    assert [outcomes[i] for i in ids] == ["stored", "duplicate", "stored", "stored", "too-short", "not-html"]
    docs = {d.canonical_url: d for (d,) in rows(url, select(Document))}
    assert set(docs) == {f"{ORIGIN}/a.html", f"{ORIGIN}/syndicated.html", f"{ORIGIN}/b.html"}
    first = docs[f"{ORIGIN}/a.html"]
    assert docs[f"{ORIGIN}/syndicated.html"].near_duplicate_of == first.id
    assert docs[f"{ORIGIN}/b.html"].near_duplicate_of is None
    assert all(len(d.minhash) == NUM_PERM * 4 and d.crawl_run_id == run_id for d in docs.values())
    assert writes.decompress_html(first.raw_html) == ARTICLE  # the stored blob, not compressed twice
    failures = rows(url, select(CrawlFailure.url, CrawlFailure.reason).where(CrawlFailure.run_id == run_id))
    assert sorted(r for _, r in failures) == ["not-html", "too-short"]
    assert done.counts["pages"] == 6 and done.counts["stored"] == 3 and done.counts["duplicate"] == 1
    assert done.counts["failed"] == 2 and done.counts["near_duplicates"] == 1
    with Store.open(url, migrate=False) as store, store.reading() as session:
        assert rawpages.count_pending(session) == 0


def test_a_pass_stopped_halfway_leaves_the_rest_pending_and_the_next_takes_it(store_url, monkeypatch):
    url, run_id = store_url
    monkeypatch.setattr(extractpass, "CHUNK", 2)
    monkeypatch.setattr(extractpass, "AHEAD", 1)
    pages = [(f"{ORIGIN}/p{n}.html", page(f"Story {n}", paragraphs(10 + n), canonical=f"{ORIGIN}/p{n}.html"))
             for n in range(5)]
    add(url, pages, run_id)
    first = ExtractionPass(url, profile="ai-distillation", run_id=run_id, min_length=200, threshold=0.9,
                           processes=1, in_process=True, progress=lambda counts: first.stop.set())
    first.run()
    assert first.counts["pages"] == 2
    extracted = rows(url, select(RawPage.id, RawPage.document_id).where(RawPage.extracted_at.is_not(None)))
    assert len(extracted) == 2 and all(doc_id for _, doc_id in extracted)
    assert len(rows(url, select(Document.id))) == 2  # every extracted page has its document, no more
    with Store.open(url, migrate=False) as store, store.reading() as session:
        assert rawpages.pending_urls(session) == {u for u, _ in pages[2:]}
    second = run_pass(url, run_id)
    assert second.counts["pages"] == 3 and second.counts["stored"] == 3
    assert len(rows(url, select(Document.id))) == 5


def test_documents_stored_before_signatures_get_one_and_are_found_as_near_duplicates(store_url):
    url, run_id = store_url
    with Store.open(url, migrate=False) as store, store.unit_of_work() as session:
        source = writes.get_or_create_source(session, "ledger.example")
        old = writes.add_document(session, url=f"{ORIGIN}/old.html", canonical_url=f"{ORIGIN}/old.html",
                                  source_id=source, text=process_page(
                                      0, ORIGIN, writes.compress_html(ARTICLE), profile=_profile(),
                                      min_length=200).result.text)
    add(url, [(f"{ORIGIN}/syndicated.html", SYNDICATED)], run_id)
    run_pass(url, run_id)
    (sig,) = rows(url, select(Document.minhash).where(Document.id == old))[0]
    assert sig is not None and len(sig) == NUM_PERM * 4
    (near,) = rows(url, select(Document.near_duplicate_of).where(Document.canonical_url == f"{ORIGIN}/syndicated.html"))[0]
    assert near == old


def _profile():
    from corpus.profile import load_profile

    return load_profile("ai-distillation")


def test_reextract_all_updates_documents_in_place_and_keeps_what_it_now_rejects(store_url, tmp_path):
    from crawler.run import reextract

    url, run_id = store_url
    add(url, [(f"{ORIGIN}/a.html", ARTICLE), (f"{ORIGIN}/b.html", OTHER)], run_id)
    run_pass(url, run_id)
    before = {d.canonical_url: d for (d,) in rows(url, select(Document))}
    settings = load_settings(environ={}, overrides={"db": url, "extract_processes": 1})
    again = reextract(settings=settings, redo=True)
    assert again.status == "finished" and again.counts["updated"] == 2 and again.counts["stored"] == 0
    after = {d.canonical_url: d for (d,) in rows(url, select(Document))}
    assert {k: d.id for k, d in after.items()} == {k: d.id for k, d in before.items()}
    # A stricter minimum rejects both now: recorded against the reextract run, documents kept.
    long = max(len(d.text) for d in after.values()) + 1
    strict = reextract(settings=settings.replace(min_length=long), redo=True)
    assert strict.counts["failed_too-short"] == 2 and len(rows(url, select(Document.id))) == 2
    assert {r for _, r, _ in strict.failures} == {"too-short"}
    # Nothing pending: a plain reextract has nothing to do.
    assert reextract(settings=settings).counts["extracted"] == 0


#: A syndicated copy of ARTICLE in another section of the site: a line of its own, the original
#: as canonical (a canonical on another registered domain is ignored: W230).
WIRE = page("Labs trade distillation charges", "<p>Distributed by Example Wire.</p>" + paragraphs(1),
            canonical=f"{ORIGIN}/a.html")


@pytest.mark.parametrize("order", ["copy first", "original first", "one chunk"])
def test_the_original_is_kept_whichever_of_it_and_a_copy_came_first(store_url, order):
    """A copy declaring the original canonical is its duplicate; fetched first, it is replaced when
    the original comes (a crawl resumed after a kill fetches in another order); reextract keeps it."""
    from crawler.run import reextract

    url, run_id = store_url
    pages = [(f"{ORIGIN}/wire/2026/labs.html", WIRE), (f"{ORIGIN}/a.html", ARTICLE)]
    if order == "one chunk":
        add(url, pages, run_id)
        run_pass(url, run_id)
    for p in pages if order == "copy first" else pages[::-1] if order == "original first" else []:
        add(url, [p], run_id)
        run_pass(url, run_id)
    (doc,) = [d for (d,) in rows(url, select(Document))]
    assert doc.url == f"{ORIGIN}/a.html" and "Distributed by" not in doc.text
    assert writes.decompress_html(doc.raw_html) == ARTICLE
    outcomes = dict(rows(url, select(RawPage.final_url, RawPage.outcome)))
    assert outcomes == {f"{ORIGIN}/a.html": "stored", f"{ORIGIN}/wire/2026/labs.html": "duplicate"}
    settings = load_settings(environ={}, overrides={"db": url, "extract_processes": 1})
    again = reextract(settings=settings, redo=True)
    assert again.counts["updated"] == 1 and again.counts["duplicate"] == 1
    (after,) = [d for (d,) in rows(url, select(Document))]
    assert (after.id, after.url, after.text) == (doc.id, doc.url, doc.text)


def test_the_progress_line_says_fetched_kept_dropped_failed_and_rate():
    line = describe("crawl #3", {"fetched": 120, "kept": 30, "duplicate": 4, "home_page": 1, "failed": 2,
                                 "pending": 7}, 3.0)
    assert line == "crawl #3  fetched 120  kept 30  dropped 5  failed 2  pending 7  40.0 pages/s"


def test_two_passes_on_one_store_judge_each_page_against_the_other_ones_documents(store_url):
    """Crawl processes sharing a frontier write to one store at once: a pass whose indexes were
    loaded before the other stored its documents still finds them (the extraction lock and
    catch-up), and a pass takes only its own crawl's pages while the other crawl runs."""
    url, run_a = store_url
    with Store.open(url, migrate=False) as store, store.unit_of_work() as session:
        run_b = writes.start_crawl_run(session, profile="ai-distillation", parameters={}, versions={})
    add(url, [(f"{ORIGIN}/a.html", ARTICLE)], run_a)
    add(url, [(f"{ORIGIN}/a.html?ref=feed", COPY), (f"{ORIGIN}/syndicated.html", SYNDICATED)], run_b)
    late = ExtractionPass(url, profile="ai-distillation", run_id=run_b, min_length=200, threshold=0.9,
                          processes=1, in_process=True, own_pages=True)
    with Store.open(url, migrate=False) as store:
        late.pool = late._new_pool()
        late._load_indexes(store, late.pool)  # loaded while nothing is stored yet
        first = run_pass(url, run_a, own_pages=True)
        assert first.counts["pages"] == 1  # run B is running: its pages are its own pass's
        late._loop(store, None)
    assert late.counts["duplicate"] == 1 and late.counts["stored"] == 1 and late.counts["near_duplicates"] == 1
    docs = {d.canonical_url: d for (d,) in rows(url, select(Document))}
    assert set(docs) == {f"{ORIGIN}/a.html", f"{ORIGIN}/syndicated.html"}
    assert docs[f"{ORIGIN}/syndicated.html"].near_duplicate_of == docs[f"{ORIGIN}/a.html"].id


def test_pages_another_pass_extracted_meanwhile_are_left_to_it(store_url):
    url, run_id = store_url
    add(url, [(f"{ORIGIN}/a.html", ARTICLE), (f"{ORIGIN}/b.html", OTHER)], run_id)
    with Store.open(url, migrate=False) as store, store.reading() as session:
        chunk = rawpages.pending_raw_pages(session, limit=16)
    results = [process_page(r.id, r.final_url, r.body, profile=_profile(), min_length=200) for r in chunk]
    run_pass(url, run_id)  # the other pass: extracts and stores both
    stale = ExtractionPass(url, profile="ai-distillation", run_id=run_id, min_length=200, threshold=0.9,
                           processes=1, in_process=True)
    with Store.open(url, migrate=False) as store:
        stale.pool = stale._new_pool()
        stale._load_indexes(store, stale.pool)
        stale._write(store, chunk, results)
    assert stale.counts["taken_elsewhere"] == 2 and stale.counts["pages"] == 0
    assert len(rows(url, select(Document.id))) == 2


def test_a_crawl_pass_takes_the_pages_a_stopped_crawl_left(store_url):
    url, stopped = store_url
    add(url, [(f"{ORIGIN}/a.html", ARTICLE)], stopped)
    with Store.open(url, migrate=False) as store, store.unit_of_work() as session:
        writes.finish_crawl_run(session, stopped, counts={}, status="interrupted")
        current = writes.start_crawl_run(session, profile="ai-distillation", parameters={}, versions={})
    assert run_pass(url, current, own_pages=True).counts["stored"] == 1
