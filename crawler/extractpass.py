"""The extraction pass: extract, score and de-duplicate stored raw pages on every core.

What ``crawl`` runs beside its fetching and what ``debatelens reextract`` runs alone:

1. worker processes (:class:`concurrent.futures.ProcessPoolExecutor`, one per core by default)
   each take a chunk of raw pages and, per page, decompress it, run
   :func:`crawler.sources.documents.extract_document` (bytes + URL in, document or rejection out:
   HTML through :func:`crawler.extraction.extract`, PDF statements, API threads), score its
   relevance with the profile's rule, and compute its content hash and MinHash signature (once;
   :func:`crawler.neardup.signature`);
2. the coordinating thread (never the crawl's reactor thread) de-duplicates each result in page
   order against in-memory indexes loaded once at the start (canonical URL -> document,
   content hash -> document, MinHash LSH of the stored signatures) and writes the documents of a
   chunk and the outcome of its raw pages in one transaction.

Several passes may write to one store at once (crawl processes sharing a frontier,
:mod:`crawler.frontier`; a ``reextract`` beside a crawl). Each takes the store's extraction lock
for the transaction of a chunk (:func:`corpus.rawpages.lock_extraction`), adds to its indexes
the documents stored since its last look (by the others), and skips the pages of the chunk that
another pass has extracted meanwhile, so a URL, a content hash or a near-duplicate is judged
against every document stored, whoever stored it. A crawl's pass takes only its own run's pages
and those of crawls no longer running (``own_pages``).

So a pass stopped at any point leaves each raw page either extracted, with its document and
outcome, or still pending, and the next pass (crawl or reextract) picks up the pending ones.

A raw page already extracted into a document (``reextract --all``) updates that document in
place (the text changed: ``analyzed_at`` is cleared so ``analyze`` takes it again); a rejection
of such a page is recorded as a failure and leaves the stored document as it was.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from urllib.parse import urlsplit

from corpus import rawpages, writes
from corpus.profile import load_profile
from corpus.rawpages import RawPageRecord
from corpus.store import Store

from .errors import Reasons
from .extraction import ExtractedDocument, Rejection
from .metadata.urls import normalise_url
from .neardup import NearDuplicateIndex, signature
from .relevance import judge, lead_of, load_semantic
from .sources.documents import extract_document

logger = logging.getLogger(__name__)

#: Source kind for each document kind the extractor reports.
SOURCE_KIND = {"article": "news", "post": "blog", "thread": "forum", "statement": "official"}
#: Raw pages per task sent to a worker (and per transaction written).
CHUNK = 16
#: Chunks in flight per worker: enough that a worker never waits for the writer.
AHEAD = 3
#: Seconds between two looks for newly fetched pages while the crawl is still fetching.
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class PageResult:
    """What a worker makes of one raw page.

    Attributes:
        raw_id (int): the raw page.
        result (ExtractedDocument | Rejection): the extraction.
        relevance (float): the profile's score in [0, 1] (0 for a rejection).
        relevant (bool): the profile's keep decision.
        relevance_reason (str): both signals' verdicts (:func:`crawler.relevance.judge`).
        content_hash (str): :func:`corpus.writes.content_hash` of the body ("" for a rejection).
        minhash (bytes): :func:`crawler.neardup.signature` of the body (b"" for a rejection).
        comment_hashes (tuple[str, ...]): content hashes of the comments, in order.
    """

    raw_id: int
    result: ExtractedDocument | Rejection
    relevance: float = 0.0
    relevant: bool = False
    content_hash: str = ""
    minhash: bytes = b""
    comment_hashes: tuple[str, ...] = ()
    relevance_reason: str = ""


# --- the worker side (module-level: what a worker process imports and calls) ----------------------

_WORKER: dict = {}


def _exit_with_parent(interval: float = 0.5) -> None:
    """End this worker process when the process that started it is gone (``kill -9`` of a crawl):
    an orphaned worker would otherwise wait forever on the task queue, its siblings holding the
    queue open, and keep the crawl's stdout and stderr open after it. A daemon thread polls the
    parent's pid every ``interval`` seconds (portable; Linux's PR_SET_PDEATHSIG would need ctypes
    and covers one platform only). The parent is the one multiprocessing recorded, so a worker
    whose parent died while it was still starting exits at once."""
    recorded = multiprocessing.parent_process()
    parent = recorded.pid if recorded is not None else os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _init_worker(profile: str, min_length: int, *, worker: bool = True) -> None:
    """Worker initialiser: load the profile once; in a worker process, leave Ctrl-C to the parent
    (which stops the pass in order) instead of dying in the middle of a page."""
    if worker:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _exit_with_parent()
    _WORKER["profile"] = prof = load_profile(profile)
    _WORKER["min_length"] = min_length
    # The semantic relevance model loads here, once per worker process, never per page.
    _WORKER["semantic"], _WORKER["semantic_note"] = load_semantic(prof, threads=1 if worker else None)


def process_page(raw_id: int, url: str, body: bytes, *, profile=None, min_length: int | None = None,
                 semantic=False) -> PageResult:
    """Extract, score and hash one stored raw page (zlib-compressed ``body``) fetched from ``url``.

    Args:
        raw_id: the raw page's id, handed back in the result.
        url: the URL the page was answered from (after redirects).
        body: the stored body, as :func:`corpus.writes.compress_html` wrote it.
        profile: a :class:`corpus.profile.Profile` (default: the worker's, see :func:`_init_worker`).
        min_length: shortest body kept, characters (default: the worker's).
        semantic: a :class:`crawler.relevance.SemanticRelevance`, ``None`` for the keyword rule
            alone, default: the worker's.

    Returns:
        PageResult: never raises on a bad page (an unreadable body is a ``parse-error`` rejection).
    """
    return _process_pages([(raw_id, url, body)], profile=profile, min_length=min_length, semantic=semantic)[0]


def _extract_page(raw_id: int, url: str, body: bytes, min_length: int):
    """The extraction of one raw page: a ``PageResult`` rejection, or ``(document, text)``
    where ``text`` is what the keyword rule reads."""
    try:
        html = zlib.decompress(body)
    except zlib.error as exc:
        reason = Reasons.PARSE_ERROR
        return PageResult(raw_id, Rejection(url, reason.code, reason.describe(error=f"stored body: {exc}")))
    # HTML through crawler.extraction.extract; PDF statements and API threads (JSON) by their bytes
    result = extract_document(html, url, min_length=min_length)
    if isinstance(result, Rejection):
        return PageResult(raw_id, result)
    # A thread is judged with its replies: the opening post may only ask the question.
    text = "\n".join(filter(None, [result.title, result.description, result.text,
                                   *(c.text for c in result.comments)]))
    return result, text


def _process_pages(pages: list[tuple[int, str, bytes]], *, profile=None, min_length: int | None = None,
                   semantic=False) -> list[PageResult]:
    """Extract each page, then judge the relevance of the documents: the keyword rule on each
    text, the semantic signal on the English leads of the chunk in one encoder call."""
    profile = profile or _WORKER["profile"]
    min_length = _WORKER["min_length"] if min_length is None else min_length
    note = "" if semantic is not False else _WORKER.get("semantic_note", "")
    semantic = _WORKER.get("semantic") if semantic is False else semantic
    if semantic is None and not note:
        note = "no semantic model given"
    out: list = []
    for raw_id, url, body in pages:
        try:
            out.append(_extract_page(raw_id, url, body, min_length))
        except Exception as exc:  # noqa: BLE001 - one bad page must not cost the chunk
            reason = Reasons.PARSE_ERROR
            out.append(PageResult(raw_id, Rejection(url, reason.code,
                                                    reason.describe(error=f"{type(exc).__name__}: {exc}"[:300]))))
    probabilities: dict[int, float] = {}
    if semantic is not None:
        read = [i for i, o in enumerate(out) if isinstance(o, tuple) and semantic.reads(o[0].language)]
        leads = [lead_of(out[i][0].title, out[i][0].description, out[i][0].text, semantic.spec.lead_chars)
                 for i in read]
        try:
            probabilities = dict(zip(read, (float(p) for p in semantic.probabilities(leads))))
        except Exception as exc:  # noqa: BLE001 - the keyword rule still judges the chunk
            note = f"the encoder failed: {type(exc).__name__}: {str(exc)[:200]}"
    results = []
    for i, ((raw_id, _url, _body), o) in enumerate(zip(pages, out)):
        if isinstance(o, PageResult):
            results.append(o)
            continue
        doc, text = o
        page_note = note
        if semantic is not None and i not in probabilities and not page_note:
            page_note = f"language {doc.language} (the encoder reads {', '.join(semantic.spec.languages)})"
        verdict = judge(profile, text, probability=probabilities.get(i), semantic_note=page_note,
                        threshold=semantic.threshold if semantic is not None else 0.5)
        results.append(PageResult(raw_id, doc, verdict.score, verdict.relevant, writes.content_hash(doc.text),
                                  signature(doc.text), tuple(writes.content_hash(c.text) for c in doc.comments),
                                  verdict.reason))
    return results


def _process_chunk(pages: list[tuple[int, str, bytes]]) -> list[PageResult]:
    return _process_pages(pages)


def _signatures(texts: list[tuple[int, str]]) -> list[tuple[int, bytes]]:
    return [(doc_id, signature(text)) for doc_id, text in texts]


# --- the coordinating side ------------------------------------------------------------------------

class _InlineExecutor:
    """The executor of ``in_process`` passes: runs each task at submit, in the caller's thread."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed over as a future's exception
            future.set_exception(exc)
        return future

    def map(self, fn, iterable):
        return map(fn, iterable)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def default_processes() -> int:
    """Worker processes when none are asked for: every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


#: Outcome of the original's page that replaced a copy's document (recorded as ``stored``).
TAKEN_OVER = "taken-over"


class ExtractionPass:
    """Extract the store's pending raw pages in worker processes, de-duplicate, write documents.

    Args:
        db_url (str): the store.
        profile (str): profile name or path (its relevance rule scores each page).
        run_id (int): the ``crawl_runs`` row failures and documents are recorded under.
        min_length (int): shortest body kept, characters.
        threshold (float): near-duplicate MinHash Jaccard threshold, 0-1.
        processes (int): worker processes; 0 means every core (:func:`default_processes`).
        progress (callable | None): called with the counts (a ``Counter``) after each chunk.
        in_process (bool): extract in the calling thread, no worker process (for one process
            where nothing else needs the core: ``reextract --processes 1``; the crawl always
            uses workers, to keep the reactor's process free). Default False.
        own_pages (bool): take only the pending pages of crawl run ``run_id`` and of runs no
            longer running (:func:`corpus.rawpages.pending_raw_pages`); default False: every
            pending page.

    Attributes:
        counts (collections.Counter): ``pages`` (raw pages extracted), ``stored``, ``updated``,
            ``kept`` (stored or updated and relevant), ``irrelevant``, ``duplicate``,
            ``near_duplicates``, ``comments``, ``failed`` and ``failed_<reason>``, ``home_page``,
            ``taken_elsewhere`` (pages another pass extracted first: not counted in ``pages``).
        stop (threading.Event): set it to end the pass after the chunk being written; pages not
            written stay pending.
    """

    def __init__(self, db_url: str, *, profile: str, run_id: int, min_length: int, threshold: float,
                 processes: int = 0, progress: Callable[[Counter], None] | None = None,
                 in_process: bool = False, own_pages: bool = False) -> None:
        self.db_url, self.profile, self.run_id = db_url, profile, run_id
        self.min_length, self.threshold = min_length, threshold
        self.processes = processes or default_processes()
        self.progress = progress
        self.in_process = in_process
        self.own_pages = own_pages
        self.counts: Counter = Counter()
        self.stop = threading.Event()
        self.seconds = 0.0

    # indexes -------------------------------------------------------------------------------------

    def _load_indexes(self, store: Store, pool: ProcessPoolExecutor) -> None:
        """Canonical URLs, content hashes and MinHash signatures of every stored top-level
        document, read in batches; signatures missing (documents stored before they were kept)
        are computed once in the workers and stored."""
        self.by_url: dict[str, int] = {}
        self.by_hash: dict[str, int] = {}
        self.doc_ids: set[int] = set()
        self.page_url: dict[int, str] = {}  # document id -> normalised URL of the page it was made from
        self.last_seen = 0
        self.index = NearDuplicateIndex(threshold=self.threshold)
        signatures, missing = [], []
        with store.reading() as session:
            for row in rawpages.dedup_rows(session):
                self.by_url.setdefault(row.canonical_url, row.id)
                self.by_hash.setdefault(row.content_hash, row.id)
                self.doc_ids.add(row.id)
                self.page_url[row.id] = normalise_url(row.url or "")
                self.last_seen = max(self.last_seen, row.id)
                (signatures.append((row.id, row.minhash)) if row.minhash else missing.append(row.id))
        self.index.load(signatures)
        for start in range(0, len(missing), 512):
            with store.reading() as session:
                texts = rawpages.texts_without_minhash(session, missing[start:start + 512])
            step = max(1, len(texts) // self.processes + 1)
            computed = [s for part in pool.map(_signatures, [texts[i:i + step] for i in range(0, len(texts), step)])
                        for s in part]
            self.index.load(computed)
            with store.unit_of_work() as session:
                rawpages.set_minhashes(session, computed)

    def _catch_up(self, session) -> None:
        """Add to the indexes the documents other passes stored since the last look (call it
        under the extraction lock). Their signatures are read as stored (a document of this
        version always has one; one without is left out of the near-duplicate index)."""
        signatures = []
        for row in rawpages.dedup_rows(session, after_id=self.last_seen):
            self.last_seen = max(self.last_seen, row.id)
            if row.id in self.doc_ids:
                continue
            self.by_url.setdefault(row.canonical_url, row.id)
            self.by_hash.setdefault(row.content_hash, row.id)
            self.doc_ids.add(row.id)
            self.page_url[row.id] = normalise_url(row.url or "")
            if row.minhash:
                signatures.append((row.id, row.minhash))
        self.index.load(signatures)

    # the loop ------------------------------------------------------------------------------------

    def run(self, *, fetching: threading.Event | None = None) -> Counter:
        """Process pending raw pages until none is left.

        Args:
            fetching: while the crawl fetches, an event that is not set yet: the pass waits for
                new pages until it is set and none is pending. ``None`` (reextract): stop when
                none is pending.

        Returns:
            collections.Counter: :attr:`counts`.

        Raises:
            CorpusError: the store cannot be read or written (the chunk in hand is rolled back).
        """
        started = time.monotonic()
        store = Store.open(self.db_url, migrate=False)
        self.pool = self._new_pool()
        try:
            self._load_indexes(store, self.pool)
            self._loop(store, fetching)
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
            store.close()
            self.seconds = time.monotonic() - started
        return self.counts

    def _new_pool(self) -> ProcessPoolExecutor:
        if self.in_process:
            _init_worker(self.profile, self.min_length, worker=False)
            return _InlineExecutor()
        # spawn: the crawl's process runs a reactor and threads, which a fork would copy mid-flight.
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.profile, self.min_length))

    def _submit(self, rows: list[RawPageRecord]) -> Future:
        return self.pool.submit(_process_chunk, [(r.id, r.final_url, r.body) for r in rows])

    def _loop(self, store: Store, fetching: threading.Event | None) -> None:
        in_flight: deque[tuple[list[RawPageRecord], Future]] = deque()
        last_id = 0
        while not self.stop.is_set():
            # Read before looking: a page written after this look is found by the next one.
            done_fetching = fetching is None or fetching.is_set()
            while len(in_flight) < self.processes * AHEAD:
                with store.reading() as session:
                    rows = rawpages.pending_raw_pages(session, after_id=last_id, limit=CHUNK,
                                                      run_id=self.run_id if self.own_pages else None)
                if not rows:
                    break
                last_id = rows[-1].id
                in_flight.append((rows, self._submit(rows)))
            if not in_flight:
                if done_fetching:
                    return
                time.sleep(POLL_SECONDS)
                continue
            rows, future = in_flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                results = self._after_broken_pool(rows, in_flight)
            self._write(store, rows, results)
            if self.progress is not None:
                self.progress(self.counts)

    def _after_broken_pool(self, rows: list[RawPageRecord], in_flight: deque) -> list[PageResult]:
        """A worker died (a page crashed the parser, or ran out of memory): start a new pool and
        take the chunk page by page, so only a page that kills a worker is lost (recorded as
        ``parse-error``); the chunks in flight are submitted again."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        results = []
        for row in rows:
            try:
                results.extend(self._submit([row]).result())
            except BrokenProcessPool:
                reason = Reasons.PARSE_ERROR
                results.append(PageResult(row.id, Rejection(row.final_url, reason.code, reason.describe(
                    error="the extraction worker died on this page"))))
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._new_pool()
        for i, (chunk, _future) in enumerate(list(in_flight)):
            in_flight[i] = (chunk, self._submit(chunk))
        return results

    # writing -------------------------------------------------------------------------------------

    def _write(self, store: Store, rows: list[RawPageRecord], results: list[PageResult]) -> None:
        """Write one chunk: documents, failures and raw-page outcomes in one transaction, under
        the store's extraction lock, against every document stored so far."""
        by_id = {r.id: r for r in rows}
        outcomes, counts = [], Counter()
        with store.unit_of_work() as session:
            rawpages.lock_extraction(session)
            pending = rawpages.still_pending(session, list(by_id))
            self._catch_up(session)
            for res in results:
                if res.raw_id not in pending:  # another pass extracted it meanwhile
                    counts["taken_elsewhere"] += 1
                    continue
                row = by_id[res.raw_id]
                outcome, doc_id = self._one(session, row, res, counts)
                outcomes.append({"id": row.id, "outcome": outcome, "document_id": doc_id})
            replaced = [(o["document_id"], o["id"]) for o in outcomes if o["outcome"] == TAKEN_OVER]
            for o in outcomes:
                o["outcome"] = "stored" if o["outcome"] == TAKEN_OVER else o["outcome"]
            rawpages.mark_extracted(session, outcomes)
            # the copies an original replaced (this chunk's included) are its duplicates now
            rawpages.mark_copies(session, replaced)
        self.counts.update(counts)

    def _takes_over(self, document_id: int, page: str, canonical: str) -> bool:
        """Whether a page fetched at ``page`` (normalised URL) whose canonical URL is
        ``canonical`` replaces the stored document ``document_id`` instead of being its duplicate:
        it is the original (fetched at its own canonical URL) and the document was made from a
        copy elsewhere (a syndicated or mirrored page declaring the original canonical). So the
        store keeps the publisher's version whatever order the pages came in."""
        return page == canonical and self.page_url.get(document_id, canonical) != canonical

    def _source(self, session, doc: ExtractedDocument) -> int:
        outlet = doc.outlet or urlsplit(doc.canonical_url).netloc
        return writes.get_or_create_source(session, outlet, name=doc.outlet_name,
                                           kind=SOURCE_KIND.get(doc.kind, "news"))

    def _one(self, session, row: RawPageRecord, res: PageResult, counts: Counter) -> tuple[str, int | None]:
        counts["pages"] += 1
        result = res.result
        if isinstance(result, Rejection):
            if result.failure:
                counts["failed"] += 1
                counts[f"failed_{result.reason}"] += 1
                writes.record_failure(session, self.run_id, url=row.final_url, reason=result.reason,
                                      detail=result.detail)
            else:
                counts[result.reason.replace("-", "_")] += 1
            return result.reason, row.document_id
        doc: ExtractedDocument = result
        own = row.document_id if row.document_id in self.doc_ids else None
        other = self.by_url.get(doc.canonical_url)
        if other is None or other == own:
            other = self.by_hash.get(res.content_hash)
        page = normalise_url(row.final_url)
        if other is not None and other != own:
            if not self._takes_over(other, page, doc.canonical_url):
                counts["duplicate"] += 1
                return "duplicate", other
            own = other  # the original, fetched after a copy of it: its version replaces the copy's
        elif own is not None and self.page_url.get(own, page) != page and not self._takes_over(
                own, page, doc.canonical_url):
            # re-extracting a copy whose document its original has since taken over
            counts["duplicate"] += 1
            return "duplicate", own
        near = self.index.query(signature=res.minhash, exclude=own)
        fields = dict(url=row.final_url, canonical_url=doc.canonical_url, title=doc.title,
                      authors=list(doc.authors), published_at=doc.published_at, language=doc.language,
                      kind=doc.kind, text=doc.text, content_hash=res.content_hash, relevance=res.relevance,
                      relevant=res.relevant, relevance_reason=res.relevance_reason, near_duplicate_of=near, minhash=res.minhash)
        comments = [dict(url=row.final_url, canonical_url=f"{doc.canonical_url}#comment-{n}", title=doc.title,
                         authors=[c.author] if c.author else [], published_at=c.published_at or doc.published_at,
                         language=doc.language, kind="comment", text=c.text, content_hash=h,
                         relevance=res.relevance, relevant=res.relevant, relevance_reason=res.relevance_reason)
                    for n, (c, h) in enumerate(zip(doc.comments, res.comment_hashes), start=1)]
        if own is not None and self.page_url.get(own, page) != page:
            # taken over: the original's page, outlet and text; the copy, counted stored when it
            # came, is the duplicate now (its raw page re-marked by _write)
            fields.update(raw_html=row.body, source_id=self._source(session, doc))
            rawpages.update_document(session, own, comments=comments, **fields)
            self.index.remove(own)
            self.index.add(own, signature=res.minhash)
            self.by_url[doc.canonical_url] = own
            self.page_url[own] = page
            counts["duplicate"] += 1
            return TAKEN_OVER, own
        if own is not None:
            rawpages.update_document(session, own, comments=comments, **fields)
            doc_id, outcome = own, "updated"
            self.index.remove(own)
            counts["updated"] += 1
        else:
            source_id = self._source(session, doc)
            doc_id = writes.add_document(session, source_id=source_id, raw_html=row.body,
                                         crawl_run_id=self.run_id, **fields)
            for comment in comments:
                writes.add_document(session, source_id=source_id, parent_id=doc_id, crawl_run_id=self.run_id,
                                    **comment)
            outcome = "stored"
            counts["stored"] += 1
        self.by_url[doc.canonical_url] = doc_id
        self.by_hash.setdefault(res.content_hash, doc_id)
        self.doc_ids.add(doc_id)
        self.page_url[doc_id] = page
        self.index.add(doc_id, signature=res.minhash)
        counts["comments"] += len(comments)
        counts["near_duplicates"] += near is not None
        counts["kept" if res.relevant else "irrelevant"] += 1
        return outcome, doc_id
