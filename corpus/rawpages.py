"""Reads and writes of the fetch/extract split: raw pages, and the documents the extraction pass makes.

``crawl`` writes each fetched page to ``raw_pages`` as it arrives (:func:`add_raw_pages`); the
extraction pass reads the ones not yet extracted (:func:`pending_raw_pages`), loads its
de-duplication indexes once (:func:`dedup_rows`), and writes documents and marks the raw pages in
one transaction per batch (:func:`mark_extracted`, :func:`update_document`), so a pass stopped
halfway leaves every raw page either extracted with its document or still pending. Kept apart
from :mod:`corpus.writes` and :mod:`corpus.queries` because the two sides always change together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from .models import CrawlRun, Document, RawPage, utcnow


@dataclass(frozen=True)
class RawPageRecord:
    """A raw page to extract: its id, the URL requested and the URL answered (after redirects),
    its body as stored (zlib-compressed bytes, :func:`corpus.writes.decompress_html`), the crawl
    run that fetched it and the document made from it earlier (``None`` if none)."""

    id: int
    url: str
    final_url: str
    body: bytes
    crawl_run_id: int | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class DedupRow:
    """One stored top-level document as the de-duplication indexes need it: id, canonical URL,
    content hash (SHA-256 hex), MinHash signature (bytes, ``None`` when not computed yet) and the
    URL of the page it was made from."""

    id: int
    canonical_url: str
    content_hash: str
    minhash: bytes | None
    url: str = ""


def add_raw_pages(session: Session, pages: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert fetched pages in one statement; returns their ids in input order.

    Args:
        pages: one mapping per page with the columns of :class:`corpus.models.RawPage`:
            ``url``, ``final_url``, ``status``, ``headers`` (dict), ``fetched_at`` (UTC),
            ``size`` (bytes before compression), ``body`` (compressed bytes), ``crawl_run_id``.
    """
    if not pages:
        return []
    stmt = insert(RawPage).returning(RawPage.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, [dict(p) for p in pages]))


def pending_raw_pages(session: Session, *, after_id: int = 0, limit: int = 64,
                      run_id: int | None = None) -> list[RawPageRecord]:
    """Raw pages not yet extracted with an id above ``after_id``, oldest first, at most ``limit``.

    Args:
        run_id: only the pages of this crawl run and those of runs no longer ``running`` (left
            by a stopped crawl): what a crawl extracts while other crawl processes, writing to
            the same store, extract their own. ``None``: every pending page (``reextract``).
    """
    stmt = (select(RawPage.id, RawPage.url, RawPage.final_url, RawPage.body, RawPage.crawl_run_id,
                   RawPage.document_id)
            .where(RawPage.extracted_at.is_(None), RawPage.id > after_id))
    if run_id is not None:
        running = select(CrawlRun.id).where(CrawlRun.status == "running", CrawlRun.id != run_id)
        stmt = stmt.where(or_(RawPage.crawl_run_id.is_(None), RawPage.crawl_run_id.not_in(running)))
    return [RawPageRecord(*r) for r in session.execute(stmt.order_by(RawPage.id).limit(limit))]


def still_pending(session: Session, ids: Sequence[int]) -> set[int]:
    """Which of the raw pages ``ids`` are not extracted yet (another process may have taken one)."""
    if not ids:
        return set()
    return set(session.scalars(select(RawPage.id).where(RawPage.id.in_(ids), RawPage.extracted_at.is_(None))))


#: Key of the PostgreSQL advisory lock of the extraction writes (any fixed 64-bit number).
EXTRACTION_LOCK = 0x64626C5F65787472


def lock_extraction(session: Session) -> None:
    """Take the store's extraction lock until the session's transaction ends.

    Extraction passes de-duplicate against what is stored; two of them writing at once (crawl
    processes sharing one store) would each miss the other's documents. So each writes its
    chunk under this lock, after reading the documents stored since its last look. PostgreSQL:
    a transaction-level advisory lock (``pg_advisory_xact_lock``). SQLite: ``BEGIN IMMEDIATE``,
    the database's write lock taken now rather than at the first write (the driver would begin
    only then, see :mod:`corpus.db`). Call it first in the unit of work.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EXTRACTION_LOCK})
    else:
        session.execute(text("BEGIN IMMEDIATE"))


def count_pending(session: Session) -> int:
    """How many raw pages wait for extraction."""
    return session.scalar(select(func.count(RawPage.id)).where(RawPage.extracted_at.is_(None))) or 0


def pending_urls(session: Session) -> set[str]:
    """URLs (requested and answered) of raw pages fetched but not yet extracted: a crawl need not
    fetch them again, the extraction pass will read them."""
    rows = session.execute(select(RawPage.url, RawPage.final_url).where(RawPage.extracted_at.is_(None)))
    return {u for r in rows for u in r}


def document_page_urls(session: Session) -> set[str]:
    """URLs (requested and answered) of raw pages extracted into a stored document or found a
    duplicate of one: a syndicated copy whose original has replaced it in the store is known
    all the same, and a crawl need not fetch it again."""
    rows = session.execute(select(RawPage.url, RawPage.final_url).where(RawPage.document_id.is_not(None)))
    return {u for r in rows for u in r}


def reset_extraction(session: Session) -> int:
    """Mark every raw page for extraction again (``reextract --all``); returns how many."""
    result = session.execute(update(RawPage).where(RawPage.extracted_at.is_not(None))
                             .values(extracted_at=None, outcome=None))
    return result.rowcount or 0


def mark_extracted(session: Session, outcomes: Sequence[Mapping[str, Any]]) -> None:
    """Record the extraction of raw pages in one executemany.

    Args:
        outcomes: one mapping per raw page: ``id``, ``outcome`` (``stored``, ``updated``,
            ``duplicate`` or a rejection code) and ``document_id`` (or ``None``).
    """
    if not outcomes:
        return
    now = utcnow()
    session.execute(update(RawPage), [{"id": o["id"], "outcome": o["outcome"][:40],
                                       "document_id": o.get("document_id"), "extracted_at": now}
                                      for o in outcomes])


def mark_copies(session: Session, replaced: Sequence[tuple[int, int]]) -> None:
    """Re-mark as ``duplicate`` the raw pages of copies whose document their original replaced.

    Args:
        replaced: ``(document id, raw page id of the original)`` pairs: every other raw page of
            that document recorded ``stored`` or ``updated`` becomes ``duplicate``.
    """
    for document_id, original in replaced:
        session.execute(update(RawPage).where(RawPage.document_id == document_id, RawPage.id != original,
                                              RawPage.outcome.in_(("stored", "updated")))
                        .values(outcome="duplicate"))


def dedup_rows(session: Session, *, batch: int = 2000, after_id: int = 0) -> Iterator[DedupRow]:
    """Every stored top-level document's id, canonical URL, content hash, MinHash signature and
    page URL, by id, read in batches of ``batch`` rows (one query each, not one per document); with
    ``after_id``, those with a greater id only (stored since a look that saw up to it)."""
    last = after_id
    while True:
        rows = session.execute(select(Document.id, Document.canonical_url, Document.content_hash, Document.minhash,
                                      Document.url)
                               .where(Document.parent_id.is_(None), Document.id > last)
                               .order_by(Document.id).limit(batch)).all()
        if not rows:
            return
        yield from (DedupRow(*r) for r in rows)
        last = rows[-1].id


def texts_without_minhash(session: Session, ids: Sequence[int]) -> list[tuple[int, str]]:
    """``(id, text)`` of documents ``ids`` (stored before signatures were kept)."""
    return [(r.id, r.text) for r in session.execute(select(Document.id, Document.text).where(Document.id.in_(ids)))]


def set_minhashes(session: Session, signatures: Sequence[tuple[int, bytes]]) -> None:
    """Store MinHash signatures ``(document id, bytes)`` in one executemany."""
    if signatures:
        session.execute(update(Document), [{"id": i, "minhash": m} for i, m in signatures])


def update_document(session: Session, document_id: int, *, comments: Sequence[Mapping[str, Any]] = (),
                    **fields: Any) -> bool:
    """Rewrite a document re-extracted from its raw page, and replace its comments.

    Args:
        document_id: the top-level document.
        comments: the new comment documents (columns of :class:`corpus.models.Document`; the
            parent, source and run are set here from the document).
        **fields: columns to set (``text``, ``title``, ``relevance`` ...).

    Returns:
        bool: whether the text changed; then ``analyzed_at`` is cleared so ``analyze`` takes the
        document again (its old mentions and claims are replaced then).
    """
    old = session.scalar(select(Document.text).where(Document.id == document_id))
    changed = old != fields.get("text", old)
    if changed:
        fields["analyzed_at"] = None
        fields["analysis_note"] = ""
    session.execute(update(Document).where(Document.id == document_id).values(**fields))
    session.execute(delete(Document).where(Document.parent_id == document_id))
    parent = session.execute(select(Document.source_id, Document.crawl_run_id).where(Document.id == document_id)).one()
    session.add_all(Document(parent_id=document_id, source_id=parent.source_id, crawl_run_id=parent.crawl_run_id,
                             **c) for c in comments)
    session.flush()
    return changed


def raw_page_count(session: Session, *, since: dt.datetime | None = None) -> int:
    """How many raw pages are stored (fetched at or after ``since``, UTC, when given)."""
    stmt = select(func.count(RawPage.id))
    if since is not None:
        stmt = stmt.where(RawPage.fetched_at >= since)
    return session.scalar(stmt) or 0
