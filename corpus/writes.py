"""Writes to the store, grouped by stage: runs, crawl, analysis, reports.

The stages call these functions with plain values and get ids back (no ORM object leaves
``corpus``); only this package builds SQL. Each function works inside the caller's session; the
caller decides the unit of work (one page, one batch) with :meth:`corpus.store.Store.unit_of_work`,
so a stage stopped halfway leaves whole units behind and the next run resumes from what is missing.
Reads are in :mod:`corpus.queries`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import socket
import unicodedata
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from .models import (
    AnalysisRun,
    Claim,
    CrawlFailure,
    CrawlRun,
    Document,
    DocumentTopic,
    Embedding,
    Entity,
    Mention,
    Proposition,
    Report,
    Source,
    Stance,
    Topic,
    utcnow,
)
from .profile import Profile


def content_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` after NFKC normalisation, case folding and whitespace folding.

    Two pages whose bodies differ only in spacing or case get the same hash (exact duplicates).
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


#: Words left out of a claim's cluster key: reporting glue that outlets add or drop when they
#: repeat a claim ("that", "the"), so "that the labs used fake accounts" and "The labs used
#: fake accounts." share a key.
_CLUSTER_STOPWORDS = frozenset({"that", "the", "a", "an", "had", "has", "have", "was", "were", "is", "are"})


def claim_cluster_key(content: str) -> str:
    """The key that groups repeats of one claim: the first 16 hex of the SHA-256 of the content's
    words (NFKC, case-folded, punctuation and quote marks dropped, :data:`_CLUSTER_STOPWORDS` left
    out). Claims with the same speaker entity and key are one claim cluster
    (:func:`corpus.queries.claim_clusters`)."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", content).casefold())
    kept = " ".join(w for w in words if w not in _CLUSTER_STOPWORDS)
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()[:16]


def compress_html(raw: bytes | str | None) -> bytes | None:
    """zlib-compress fetched HTML (str is encoded UTF-8) for ``documents.raw_html``."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return zlib.compress(raw, 6)


def decompress_html(blob: bytes | None) -> bytes | None:
    """Inverse of :func:`compress_html`."""
    return zlib.decompress(blob) if blob is not None else None


# --- runs -----------------------------------------------------------------------------------------

def process_stamp() -> dict[str, Any]:
    """The process that starts a run: ``{"host": hostname, "pid": process id}``, kept in the
    run's ``parameters["process"]`` so that a later run can tell whether it is still alive."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def _process_gone(pid: object) -> bool:
    """Whether no live process has id ``pid`` on this machine (a zombie, killed but not yet
    reaped by its parent, counts as gone)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[:1] == ["Z"]


def mark_interrupted_runs(session: Session) -> list[int]:
    """Set every ``running`` crawl and analysis run whose process is gone to ``interrupted``
    (``finished_at`` now, ``counts["interrupted"] = "process gone"``); returns their ids.

    Only runs started on this host with a recorded process (:func:`process_stamp`) are judged:
    a run of another machine, or one recorded before process stamps, is left as it is. A
    process id reused by a new process since the run was killed keeps its run ``running``
    until that process ends too.
    """
    host = socket.gethostname()
    marked = []
    for model in (CrawlRun, AnalysisRun):
        for run in session.scalars(select(model).where(model.status == "running")):
            stamp = (run.parameters or {}).get("process") or {}
            if stamp.get("host") == host and stamp.get("pid") != os.getpid() and _process_gone(stamp.get("pid")):
                run.status, run.finished_at = "interrupted", utcnow()
                run.counts = {**(run.counts or {}), "interrupted": "process gone"}
                marked.append(run.id)
    session.flush()
    return marked


def _start_run(session: Session, model, **fields: Any) -> int:
    """Mark runs whose process is gone (:func:`mark_interrupted_runs`), then insert this one,
    its process stamped in ``parameters["process"]``."""
    mark_interrupted_runs(session)
    fields["parameters"] = {**fields.get("parameters", {}), "process": process_stamp()}
    run = model(**fields, counts={})
    session.add(run)
    session.flush()
    return run.id


def _finish_run(session: Session, model, run_id: int, counts: Mapping[str, Any], status: str) -> None:
    session.execute(update(model).where(model.id == run_id)
                    .values(counts=dict(counts), status=status, finished_at=utcnow()))


def start_crawl_run(session: Session, *, profile: str, parameters: Mapping[str, Any],
                    versions: Mapping[str, Any]) -> int:
    """Insert a ``crawl_runs`` row in status ``running`` (runs whose process is gone are marked
    ``interrupted`` first, :func:`mark_interrupted_runs`); returns its id."""
    return _start_run(session, CrawlRun, profile=profile, parameters=dict(parameters), versions=dict(versions))


def finish_crawl_run(session: Session, run_id: int, *, counts: Mapping[str, Any], status: str = "finished") -> None:
    """Set a crawl run's counts, status and ``finished_at`` (UTC now)."""
    _finish_run(session, CrawlRun, run_id, counts, status)


def record_failure(session: Session, run_id: int, *, url: str, reason: str, detail: str = "") -> None:
    """Record that ``url`` could not be stored by crawl ``run_id``: a reason code and one line."""
    session.add(CrawlFailure(run_id=run_id, url=url, reason=reason[:40], detail=detail[:2000]))


def start_analysis_run(session: Session, *, profile: str, parameters: Mapping[str, Any],
                       versions: Mapping[str, Any]) -> int:
    """Insert an ``analysis_runs`` row in status ``running`` (runs whose process is gone are
    marked ``interrupted`` first, :func:`mark_interrupted_runs`); returns its id."""
    return _start_run(session, AnalysisRun, profile=profile, parameters=dict(parameters), versions=dict(versions))


def finish_analysis_run(session: Session, run_id: int, *, counts: Mapping[str, Any], status: str = "finished") -> None:
    """Set an analysis run's counts, status and ``finished_at`` (UTC now)."""
    _finish_run(session, AnalysisRun, run_id, counts, status)


# --- crawl ----------------------------------------------------------------------------------------

def get_or_create_source(session: Session, domain: str, *, name: str | None = None, kind: str = "news") -> int:
    """The id of the outlet ``(domain, name)``, created on first sight.

    Without a ``name``, the domain's placeholder outlet named after the domain (a nameless page
    is not credited to another outlet of its host). With a name: that outlet; else the domain's
    placeholder, which takes the name when it is the domain's only outlet; else a new outlet on
    the same host (two newsletters on one platform are two outlets).
    """
    rows = list(session.scalars(select(Source).where(Source.domain == domain).order_by(Source.id)))
    if not name:
        placeholder = next((s for s in rows if s.name == domain), None)
        if placeholder is not None:
            return placeholder.id
        source = Source(domain=domain, name=domain, kind=kind)
    else:
        named = next((s for s in rows if s.name == name), None)
        if named is not None:
            return named.id
        placeholder = next((s for s in rows if s.name == domain), None)
        if placeholder is not None and len(rows) == 1:
            placeholder.name = name
            return placeholder.id
        source = Source(domain=domain, name=name, kind=kind)
    session.add(source)
    session.flush()
    return source.id


def add_document(session: Session, **fields: Any) -> int:
    """Insert a document built from ``fields`` (the columns of :class:`corpus.models.Document`).

    ``content_hash`` is computed from ``text`` when not given; ``raw_html`` is compressed here when
    given as ``html`` (str or bytes). Returns the new document's id.
    """
    html = fields.pop("html", None)
    if html is not None:
        fields["raw_html"] = compress_html(html)
    fields.setdefault("content_hash", content_hash(fields["text"]))
    doc = Document(**fields)
    session.add(doc)
    session.flush()
    return doc.id




# --- analysis -------------------------------------------------------------------------------------

#: Key of the PostgreSQL advisory lock of the analysis writes (any fixed 64-bit number).
ANALYSIS_LOCK = 0x64626C5F616E6C7A


def lock_analysis(session: Session) -> None:
    """Take the store's analysis lock until the session's transaction ends.

    Analysis workers on several machines (``analyze --cluster``) write batches to one store; each
    batch gets or creates its entities by name, so two batches writing at once would insert the
    same entity twice (``uq_entities_name_label``). Each writes under this lock, reading the
    entities the others stored first. PostgreSQL: a transaction-level advisory lock
    (``pg_advisory_xact_lock``); SQLite: ``BEGIN IMMEDIATE``. Call it first in the unit of work.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": ANALYSIS_LOCK})
    else:
        session.execute(sql_text("BEGIN IMMEDIATE"))


def sync_propositions(session: Session, profile: Profile) -> dict[str, int]:
    """Make the ``propositions`` rows match the profile's; return key -> id."""
    existing = {p.key: p for p in session.scalars(select(Proposition).where(Proposition.profile == profile.name))}
    for prop in profile.propositions:
        row = existing.get(prop.key)
        if row is None:
            row = Proposition(profile=profile.name, key=prop.key, text=prop.text)
            session.add(row)
            existing[prop.key] = row
        else:
            row.text = prop.text
    session.flush()
    return {k: v.id for k, v in existing.items()}


#: Actor types guessed from the NER label alone, which a document that says more replaces
#: ("person" -> "researcher" once a document calls them a professor).
_GUESSED_TYPES = frozenset({None, "person", "organization"})


class EntityCache:
    """Get-or-create of entities by ``(name, label)``, remembered for one session.

    Profile actors are stored with their actor type and ``in_profile=True``. An entity stored
    with a guessed type (:data:`_GUESSED_TYPES`) takes the first specific type a later mention
    brings (``official``, ``researcher``, ``media``, ...): a guess never hides what a document
    said, whichever document was read first.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._ids: dict[tuple[str, str], int] = {}
        self._types: dict[tuple[str, str], str | None] = {}
        for e in session.scalars(select(Entity)):
            self._ids[(e.name, e.label)] = e.id
            self._types[(e.name, e.label)] = e.actor_type

    def id_for(self, name: str, label: str, *, actor_type: str | None = None, in_profile: bool = False,
               country: str | None = None) -> int:
        """The id of entity ``(name, label)``, inserting it on first sight (with its actor type,
        profile flag and ``country``: the country of a place or government body)."""
        key = (name[:255], label[:32])
        if key not in self._ids:
            entity = Entity(name=key[0], label=key[1], actor_type=actor_type, in_profile=in_profile,
                            country=country[:64] if country else None)
            self.session.add(entity)
            self.session.flush()
            self._ids[key] = entity.id
            self._types[key] = actor_type
        elif actor_type not in _GUESSED_TYPES and self._types.get(key) in _GUESSED_TYPES:
            self.session.execute(update(Entity).where(Entity.id == self._ids[key]).values(actor_type=actor_type))
            self._types[key] = actor_type
        return self._ids[key]


def merge_entities(session: Session, aliases: dict[int, int]) -> int:
    """Merge entities: each ``source id -> target id`` of ``aliases`` has its mentions and the
    claims it spoke moved to the target, which takes the source's actor type when its own is a
    guess (:data:`_GUESSED_TYPES`), and the source row is deleted. Returns the entities merged.
    Call it under the analysis lock (:func:`lock_analysis`), as it changes other runs' rows."""
    if not aliases:
        return 0
    rows = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(set(aliases) | set(aliases.values()))))}
    merged = 0
    for src, dst in sorted(aliases.items()):
        if src not in rows or dst not in rows or src == dst:
            continue
        session.execute(update(Mention).where(Mention.entity_id == src).values(entity_id=dst))
        session.execute(update(Claim).where(Claim.speaker_entity_id == src).values(speaker_entity_id=dst))
        if rows[dst].actor_type in _GUESSED_TYPES and rows[src].actor_type not in _GUESSED_TYPES:
            rows[dst].actor_type = rows[src].actor_type
        rows[dst].country = rows[dst].country or rows[src].country
        session.delete(rows[src])
        merged += 1
    session.flush()
    return merged


def replace_document_analysis(session: Session, document_id: int, *, run_id: int,
                              mentions: Iterable[Mapping[str, Any]],
                              claims: Iterable[Mapping[str, Any]]) -> list[int]:
    """Replace a document's mentions and claims (and so their stances) and mark it analysed.

    ``mentions`` items have entity_id, start, end, text; ``claims`` items have the columns of
    :class:`corpus.models.Claim` but ids. Returns the new claim ids in input order.
    """
    session.execute(delete(Mention).where(Mention.document_id == document_id))
    old_claims = select(Claim.id).where(Claim.document_id == document_id).scalar_subquery()
    session.execute(delete(Stance).where(Stance.claim_id.in_(old_claims)))
    session.execute(delete(Claim).where(Claim.document_id == document_id))
    session.add_all(Mention(document_id=document_id, **m) for m in mentions)
    rows = [Claim(document_id=document_id, analysis_run_id=run_id, **c) for c in claims]
    session.add_all(rows)
    session.execute(update(Document).where(Document.id == document_id).values(analyzed_at=utcnow()))
    session.flush()
    return [r.id for r in rows]


def skip_document_analysis(session: Session, document_ids: Iterable[int], *, run_id: int, note: str) -> None:
    """Mark documents analysed with no mentions and no claims, and say why in ``analysis_note``
    (a language the parser does not read); ``analyze --redo`` considers them again."""
    for document_id in document_ids:
        replace_document_analysis(session, document_id, run_id=run_id, mentions=(), claims=())
        session.execute(update(Document).where(Document.id == document_id).values(analysis_note=note[:500]))
    session.flush()


def add_stances(session: Session, stances: Iterable[Mapping[str, Any]]) -> int:
    """Insert stance rows (claim_id, proposition_id, label, score, relatedness, model); returns count."""
    rows = [Stance(**s) for s in stances]
    session.add_all(rows)
    return len(rows)


def replace_topics(session: Session, run_id: int, topics: Sequence[Mapping[str, Any]],
                   assignments: Mapping[int, Mapping[int, int]]) -> int:
    """Store one run's topics and each document's passage counts per topic.

    Args:
        topics: dicts with number, label, terms (list of str), size (passages), and optionally
            example (a passage) and centroid (list of float).
        assignments: document id -> {topic number -> passages of that document in the topic}.

    Returns the number of topics stored. Topics of earlier runs stay (they are that run's view);
    readers use the newest run that has topics.
    """
    by_number: dict[int, Topic] = {}
    for t in topics:
        row = Topic(analysis_run_id=run_id, number=int(t["number"]), label=str(t["label"])[:500],
                    terms=list(t["terms"]), size=int(t["size"]), example=str(t.get("example") or ""),
                    centroid=list(t["centroid"]) if t.get("centroid") else None)
        session.add(row)
        by_number[row.number] = row
    session.flush()
    for doc_id, counts in assignments.items():
        total = sum(counts.values()) or 1
        for number, n in counts.items():
            if number in by_number:
                session.add(DocumentTopic(document_id=doc_id, topic_id=by_number[number].id,
                                          passages=n, share=n / total))
    return len(by_number)


def add_topic_assignments(session: Session, run_id: int, assignments: Mapping[int, Mapping[int, int]]) -> int:
    """Put more documents in the themes of run ``run_id`` (themes assigned, not refitted): for each
    document id, ``{theme number -> passages}``; a document already in the run's themes is left as
    it is, a number the run has no theme for is left out. Each theme's size grows by its new
    passages. Returns the passages added."""
    themes = {t.number: t for t in session.scalars(select(Topic).where(Topic.analysis_run_id == run_id))}
    if not themes:
        return 0
    done = set(session.scalars(select(DocumentTopic.document_id).join(Topic)
                               .where(Topic.analysis_run_id == run_id).distinct()))
    added = 0
    for doc_id, counts in assignments.items():
        if doc_id in done:
            continue
        total = sum(counts.values()) or 1
        for number, n in counts.items():
            if number in themes:
                session.add(DocumentTopic(document_id=doc_id, topic_id=themes[number].id, passages=n, share=n / total))
                themes[number].size += n
                added += n
    session.flush()
    return added


def update_topic_shares(session: Session, run_id: int) -> dict[int, dict[str, float]]:
    """Store each theme's share of the theme passages of every ISO week (``topics.shares``,
    ``{"2026-W09": 0.25}``; the outliers count in the whole, so shares of a week add up to 1 with
    them) from run ``run_id``'s document counts and the documents' ``published_at`` (UTC).
    Near-duplicates and undated documents are not counted. Returns number -> shares."""
    rows = session.execute(
        select(Topic.number, Document.published_at, DocumentTopic.passages)
        .join(DocumentTopic, DocumentTopic.topic_id == Topic.id).join(Document, Document.id == DocumentTopic.document_id)
        .where(Topic.analysis_run_id == run_id, Document.published_at.is_not(None),
               Document.near_duplicate_of.is_(None)))
    per_week: dict[str, dict[int, int]] = {}
    for number, published, n in rows:
        year, week, _ = published.isocalendar()
        cell = per_week.setdefault(f"{year}-W{week:02d}", {})
        cell[number] = cell.get(number, 0) + n
    shares: dict[int, dict[str, float]] = {}
    for week in sorted(per_week):
        total = sum(per_week[week].values())
        for number, n in per_week[week].items():
            shares.setdefault(number, {})[week] = round(n / total, 4)
    for t in session.scalars(select(Topic).where(Topic.analysis_run_id == run_id)):
        t.shares = shares.get(t.number, {})
    session.flush()
    return shares


# --- reports --------------------------------------------------------------------------------------

def add_report(session: Session, *, period: str, start: dt.datetime, end: dt.datetime, path: str,
               counts: Mapping[str, Any]) -> int:
    """Record a rendered briefing (replacing an earlier row for the same period and path); returns its id."""
    session.execute(delete(Report).where(Report.period == period, Report.path == path))
    row = Report(period=period, start=start, end=end, path=path, counts=dict(counts))
    session.add(row)
    session.flush()
    return row.id


def add_embeddings(session: Session, model: str, vectors: Mapping[str, bytes], dim: int) -> int:
    """Store sentence embeddings of one ``model``: ``vectors`` maps a text's SHA-256 (hex) to its
    ``dim`` float32 values as bytes. A text already stored for the model is left as it is (insert
    ... on conflict do nothing, on SQLite and PostgreSQL alike), so processes that embed the same
    text at once (several analysis workers) do not fail. Returns the number of texts given."""
    if not vectors:
        return 0
    rows = [{"model": model, "text_sha256": sha, "dim": dim, "vector": blob} for sha, blob in vectors.items()]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(Embedding).values(rows).on_conflict_do_nothing(index_elements=["model", "text_sha256"]))
    return len(rows)
