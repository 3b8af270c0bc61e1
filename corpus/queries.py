"""Reads from the store: typed functions that return plain rows (dicts, tuples) or the frozen
records of :mod:`corpus.records`; no ORM object leaves ``corpus``.

Used by the crawler (what is stored already), analysis (what to analyse), reports (a briefing's
context) and the ``query`` command. Each takes a session from :meth:`corpus.store.Store.reading`
(or the unit of work it reads inside).
Every period bound is a half-open UTC interval ``[start, end)`` on ``documents.published_at``.
Period reads count a story once: near-duplicate documents (syndicated copies, ``near_duplicate_of``
set by the crawler) are left out of counts, actors, claims, outlets and documents; only
:func:`claim_clusters` keeps them, since a repeat is what it reports.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, defer

from .errors import CorpusError, EmptyStoreError, Errors
from .models import (
    STANCE_LABELS,
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
)
from .records import DocumentText, ReportRecord, RunRecord, StoredDocument


def require_documents(session: Session, url: str) -> int:
    """The number of stored documents. Raises :class:`EmptyStoreError` [E007] when there are none."""
    n = session.scalar(select(func.count(Document.id))) or 0
    if n == 0:
        from .db import display_url

        raise EmptyStoreError(Errors.E007.format(url=display_url(url), what="no documents"))
    return n


def documents_by_id(session: Session, ids: list[int]) -> list[DocumentText]:
    """``DocumentText`` (id, text, kind, authors, outlet and its kind) of the documents with these
    ids, in the order given; unknown ids are left out."""
    rows = {r.id: DocumentText(r.id, r.text, r.kind, tuple(r.authors or ()), r.outlet or "", r.outlet_kind or "")
            for r in session.execute(select(Document.id, Document.text, Document.kind, Document.authors,
                                            Source.name.label("outlet"), Source.kind.label("outlet_kind"))
                                     .outerjoin(Source, Document.source_id == Source.id)
                                     .where(Document.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def document_languages(session: Session, ids: list[int]) -> dict[int, str | None]:
    """Document id -> its stored language (ISO 639-1 code, ``None`` when unknown)."""
    out: dict[int, str | None] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(select(Document.id, Document.language)
                               .where(Document.id.in_(ids[start:start + 500]))).all()
        out.update((r.id, r.language) for r in rows)
    return out


def documents_to_analyze(session: Session, *, limit: int | None = None, redo: bool = False,
                         since: dt.datetime | None = None, until: dt.datetime | None = None) -> list[int]:
    """Ids of relevant documents not yet analysed (all relevant ones with ``redo``), oldest id first;
    with ``since``/``until`` (UTC, ``[since, until)``) only those published in that window."""
    query = select(Document.id).where(Document.relevant.is_(True)).order_by(Document.id)
    if not redo:
        query = query.where(Document.analyzed_at.is_(None))
    if since is not None:
        query = query.where(Document.published_at >= since)
    if until is not None:
        query = query.where(Document.published_at < until)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def not_yet_analyzed(session: Session, ids: list[int]) -> list[int]:
    """Which of the documents ``ids`` have no ``analyzed_at`` yet, in the order given (a batch
    handed to a worker again after another worker died may have been written already)."""
    if not ids:
        return []
    pending = set(session.scalars(select(Document.id).where(Document.id.in_(ids), Document.analyzed_at.is_(None))))
    return [i for i in ids if i in pending]


def find_duplicate(session: Session, *, canonical_url: str, text_hash: str) -> StoredDocument | None:
    """A stored document with the same canonical URL, else one with the same content hash."""
    row = session.execute(select(Document.id, Document.canonical_url)
                          .where(Document.canonical_url == canonical_url).limit(1)).first()
    if row is None:
        row = session.execute(select(Document.id, Document.canonical_url)
                              .where(Document.content_hash == text_hash).order_by(Document.id).limit(1)).first()
    return StoredDocument(row.id, row.canonical_url) if row is not None else None


def recent_texts(session: Session, *, limit: int = 5000) -> list[tuple[int, str]]:
    """``(id, text)`` of the newest ``limit`` top-level documents, to seed near-duplicate search."""
    rows = session.execute(select(Document.id, Document.text).where(Document.parent_id.is_(None))
                           .order_by(Document.id.desc()).limit(limit))
    return [(r.id, r.text) for r in rows]


def stored_urls(session: Session) -> set[str]:
    """Every fetched URL and canonical URL of stored top-level documents (to skip refetching)."""
    rows = session.execute(select(Document.url, Document.canonical_url).where(Document.parent_id.is_(None)))
    return {u for r in rows for u in r}


def run_failures(session: Session, run_id: int) -> list[tuple[str, str, str]]:
    """``(url, reason, detail)`` of every failure of crawl run ``run_id``, in order."""
    rows = session.execute(select(CrawlFailure.url, CrawlFailure.reason, CrawlFailure.detail)
                           .where(CrawlFailure.run_id == run_id).order_by(CrawlFailure.id))
    return [tuple(r) for r in rows]


def theme_documents(session: Session) -> list[dict[str, Any]]:
    """The documents themes are made of: every relevant top-level document that is not a
    near-duplicate, as dicts with id, canonical_url, outlet (the source's name, ``""`` if none),
    text; in canonical-URL order (an order that does not depend on when a page was crawled)."""
    rows = session.execute(select(Document.id, Document.canonical_url, Document.text, Source.name.label("outlet"))
                           .outerjoin(Source, Document.source_id == Source.id)
                           .where(Document.relevant.is_(True), Document.near_duplicate_of.is_(None),
                                  Document.kind != "comment")
                           .order_by(Document.canonical_url))
    return [{"id": r.id, "canonical_url": r.canonical_url, "outlet": r.outlet or "", "text": r.text} for r in rows]


def outlet_texts(session: Session) -> list[tuple[str, str]]:
    """``(outlet name, text)`` of every stored top-level document, relevant or not (an outlet's
    template shows in all its pages), but near-duplicates (a copy repeats a story, not a template),
    to learn boilerplate from; in canonical-URL order."""
    rows = session.execute(select(Source.name, Document.text).join(Source, Document.source_id == Source.id)
                           .where(Document.kind != "comment", Document.near_duplicate_of.is_(None))
                           .order_by(Document.canonical_url))
    return [(name, text) for name, text in rows]


def topic_centroids(session: Session, run_id: int) -> dict[int, list[float]]:
    """Theme number -> centroid of run ``run_id``'s themes that have one (not the outliers)."""
    rows = session.execute(select(Topic.number, Topic.centroid).where(Topic.analysis_run_id == run_id))
    return {number: list(c) for number, c in rows if c}


def documents_with_topics(session: Session, run_id: int) -> set[int]:
    """Ids of the documents already counted in run ``run_id``'s themes."""
    return set(session.scalars(select(DocumentTopic.document_id).join(Topic, Topic.id == DocumentTopic.topic_id)
                               .where(Topic.analysis_run_id == run_id).distinct()))


def relevant_texts(session: Session) -> list[tuple[int, str]]:
    """``(id, text)`` of every relevant document that is not a near-duplicate, by id."""
    rows = session.execute(select(Document.id, Document.text)
                           .where(Document.relevant.is_(True), Document.near_duplicate_of.is_(None))
                           .order_by(Document.id))
    return [(r.id, r.text) for r in rows]


#: Actor types a filter on the key also matches unless an exact match is asked for: a government
#: speaks through its officials (a senator, a ministry's secretary), so "claims by a government
#: actor" covers the people who speak for it.
ACTOR_TYPE_GROUPS: dict[str, tuple[str, ...]] = {"government": ("government", "official")}


def actor_types(actor_type: str, *, exact: bool = False) -> tuple[str, ...]:
    """The stored actor types that a filter on ``actor_type`` matches: the type itself, and with
    ``exact=False`` the types it covers (:data:`ACTOR_TYPE_GROUPS`: government -> official)."""
    return (actor_type,) if exact else ACTOR_TYPE_GROUPS.get(actor_type, (actor_type,))


def _in_period(start: dt.datetime | None, end: dt.datetime | None, *, copies: bool = False):
    """Relevant documents published in ``[start, end)``; near-duplicates (syndicated copies,
    ``near_duplicate_of`` set) are left out unless ``copies``, so a story is counted once."""
    conds = []
    if start is not None:
        conds.append(Document.published_at >= start)
    if end is not None:
        conds.append(Document.published_at < end)
    if not copies:
        conds.append(Document.near_duplicate_of.is_(None))
    return and_(Document.relevant.is_(True), *conds)


def period_counts(session: Session, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Counts for a period: relevant documents, sources, claims, speakers, stances, comments."""
    where = _in_period(start, end)
    docs = session.scalar(select(func.count(Document.id)).where(where, Document.kind != "comment")) or 0
    comments = session.scalar(select(func.count(Document.id)).where(where, Document.kind == "comment")) or 0
    sources = session.scalar(select(func.count(func.distinct(Document.source_id))).where(where)) or 0
    claims = session.scalar(select(func.count(Claim.id)).join(Document).where(where)) or 0
    speakers = session.scalar(select(func.count(func.distinct(Claim.speaker_entity_id))).join(Document)
                              .where(where, Claim.speaker_entity_id.is_not(None))) or 0
    stances = session.scalar(select(func.count(Stance.id)).join(Claim).join(Document).where(where)) or 0
    return {"documents": docs, "comments": comments, "sources": sources, "claims": claims,
            "speakers": speakers, "stances": stances}


def store_counts(session: Session) -> dict[str, Any]:
    """Counts over the whole store (documents, relevant, analysed, undated, claims, date range)."""
    first, last = session.execute(select(func.min(Document.published_at), func.max(Document.published_at))
                                  .where(Document.relevant.is_(True))).one()
    return {
        "documents": session.scalar(select(func.count(Document.id))) or 0,
        "relevant": session.scalar(select(func.count(Document.id)).where(Document.relevant.is_(True))) or 0,
        "analyzed": session.scalar(select(func.count(Document.id)).where(Document.analyzed_at.is_not(None))) or 0,
        "undated": session.scalar(select(func.count(Document.id)).where(
            Document.relevant.is_(True), Document.published_at.is_(None))) or 0,
        "claims": session.scalar(select(func.count(Claim.id))) or 0,
        "first_published": first,
        "last_published": last,
    }


def top_actors(session: Session, start: dt.datetime, end: dt.datetime, *, limit: int = 15,
               profile_only: bool = False) -> list[dict[str, Any]]:
    """Actors by the number of relevant documents of the period that mention them: profile
    actors and PERSON / ORG entities (places and nationalities are mentions, not actors).

    Returns dicts: entity_id, name, label, actor_type, documents, mentions, claims (as speaker).
    """
    where = _in_period(start, end)
    # A thread and its comments are one document, as in period_counts.
    documents = func.count(func.distinct(func.coalesce(Document.parent_id, Document.id)))
    query = (select(Entity.id, Entity.name, Entity.label, Entity.actor_type,
                    documents.label("documents"), func.count(Mention.id).label("mentions"))
             .join(Mention, Mention.entity_id == Entity.id).join(Document, Document.id == Mention.document_id)
             .where(where).group_by(Entity.id, Entity.name, Entity.label, Entity.actor_type)
             .order_by(documents.desc(), func.count(Mention.id).desc(), Entity.name).limit(limit))
    if profile_only:
        query = query.where(Entity.in_profile.is_(True))
    else:  # actors: profile actors, people and organisations (not places or nationalities)
        query = query.where(or_(Entity.in_profile.is_(True), Entity.label.in_(("PERSON", "ORG"))))
    rows = [dict(r._mapping) for r in session.execute(query)]
    ids = [r["id"] for r in rows]
    # Every speaker of the period counted, the rows' picked here: with the ids in the statement,
    # SQLite's planner walked those speakers' claims of every period (0.26 s at 1,000,000
    # claims) instead of the period's claims (10 ms through ix_claims_document_speaker).
    said = dict(session.execute(select(Claim.speaker_entity_id, func.count()).select_from(Document)
                                .join(Claim, Claim.document_id == Document.id)
                                .where(where, Claim.speaker_entity_id.is_not(None))
                                .group_by(Claim.speaker_entity_id)).all()) if ids else {}
    for r in rows:
        r["entity_id"] = r.pop("id")
        r["claims"] = said.get(r["entity_id"], 0)
    return rows


#: Entities a ``--speaker`` substring may name before they are matched by a subquery instead
#: of a list of ids.
MAX_SPEAKER_ENTITIES = 500


def claim_conditions(session: Session, *, speaker: str | None = None, proposition: str | None = None,
                     stance: str | None = None, actor_type: str | None = None,
                     exact_type: bool = False, indexed: bool = True) -> list[Any]:
    """WHERE conditions on ``Claim`` for the claim filters of :func:`find_claims` (also used by
    :func:`corpus.search.find_documents`); the speaker entity is looked up in subqueries, so no
    join is needed.

    ``indexed=False`` writes each condition on ``column + 0``, which no index can answer, so
    that the planner does not start from the claims it selects (:func:`_newest_claim_ids`);
    the rows selected are the same.

    Raises:
        CorpusError: [E006] unknown proposition, [E009] unknown stance.
    """
    from . import search

    if stance is not None and stance not in STANCE_LABELS:
        raise CorpusError(Errors.E009.format(value=stance, known=", ".join(STANCE_LABELS)))
    conditions = []
    claim_id = Claim.id if indexed else Claim.id + 0
    speaker_id = Claim.speaker_entity_id if indexed else Claim.speaker_entity_id + 0
    if speaker:
        # The resolved actor's name (entities: a small table) as a substring, its ids looked up
        # first so that the planner sees a list, not a subquery it must guess the size of; the
        # speaker as written through the search index (word prefixes), not a LIKE over every claim.
        named = select(Entity.id).where(func.lower(Entity.name).contains(speaker.lower(), autoescape=True))
        ids = list(session.scalars(named.limit(MAX_SPEAKER_ENTITIES + 1)))
        by_entity = speaker_id.in_(ids if len(ids) <= MAX_SPEAKER_ENTITIES else named)
        as_written = search.speaker_condition(session.get_bind().dialect.name, speaker, claim_id)
        conditions.append(by_entity if as_written is None else or_(by_entity, as_written))
    if actor_type:
        conditions.append(speaker_id.in_(
            select(Entity.id).where(Entity.actor_type.in_(actor_types(actor_type, exact=exact_type)))))
    if proposition or stance:
        sub = select(Stance.claim_id).join(Proposition, Stance.proposition_id == Proposition.id)
        if proposition:
            known = list(session.scalars(select(Proposition.key).distinct()))
            if proposition not in known:
                raise CorpusError(Errors.E006.format(key=proposition, known=", ".join(sorted(known)) or "none stored"))
            sub = sub.where(Proposition.key == proposition)
        if stance:
            sub = sub.where(Stance.label == stance)
        conditions.append(claim_id.in_(sub))
    return conditions


def find_claims(session: Session, *, text: str | None = None, speaker: str | None = None,
                proposition: str | None = None, stance: str | None = None, actor_type: str | None = None,
                exact_type: bool = False, since: dt.datetime | None = None, until: dt.datetime | None = None,
                limit: int | None = 100, offset: int = 0, search_in: str = "claims") -> list[dict[str, Any]]:
    """Claims matching every given filter, each with its passage and link: the most relevant
    first when ``text`` is given, else newest first.

    Args:
        text: a full-text search (:mod:`corpus.search`: words, "phrases", OR, prefix*, -word)
            over the claim's content, speaker and cue, or with ``search_in="documents"`` over its
            document's title and text.
        speaker: words of the speaker as written, the last one a prefix ("jane r", "roe"), or
            a case-insensitive substring of the resolved speaker entity's name.
        proposition: proposition key; with ``stance``, the claim's stance toward it.
        stance: favor | against | neutral (needs ``proposition``, or matches any proposition).
        actor_type: the speaker entity's actor type (company, government, official, ...);
            ``government`` also matches officials (:func:`actor_types`) unless ``exact_type``.
        exact_type: match ``actor_type`` alone.
        since, until: published_at bounds, UTC, ``[since, until)``.
        limit: at most this many rows (``None``: all).
        offset: skip this many rows first (paging, with ``limit``).
        search_in: ``"claims"`` or ``"documents"``: what ``text`` is matched against.

    Returns:
        dicts with id, speaker, speaker_entity, actor_type, cue, content, kind, passage, url,
        title, outlet, published_at (datetime, UTC), document_id and stances (``{key: label}``);
        with ``text`` by relevance (bm25 on SQLite, ts_rank on PostgreSQL), then as without:
        newest first, undated documents last (on every back end), then by claim id. Claims of
        near-duplicate documents (syndicated copies) are left out: the original carries them.

    Raises:
        CorpusError: [E006] unknown proposition, [E009] unknown stance, [E030]/[E031] a search
            with nothing to find.
    """
    from . import search

    filters = {"speaker": speaker, "proposition": proposition, "stance": stance, "actor_type": actor_type,
               "exact_type": exact_type}
    conditions = claim_conditions(session, **filters)
    newest = (Document.published_at.desc().nulls_last(), Claim.id)
    # The page's claim ids first, through the indexes alone (migration 0009), then the rows of
    # those ids: carrying every matching claim's row and its document's text through the sort
    # cost a read of the text for each match.
    page = (select(Claim.id).join(Document, Claim.document_id == Document.id)
            .where(_in_period(since, until), *conditions))
    if not text:
        ids = _newest_claim_ids(session, page.order_by(*newest), conditions, filters, since, until, limit, offset)
    else:
        if search_in not in ("claims", "documents"):
            raise ValueError(f"search_in must be 'claims' or 'documents', not {search_in!r}")

        def build(hits):  # the most relevant first, then as without a search
            joined = page.join(hits, hits.c.id == (Claim.id if search_in == "claims" else Document.id))
            return joined.order_by(hits.c.rank, *newest).limit(limit).offset(offset or None)
        ids = [r[0] for r in search.ranked(session, search_in, text, build, want=(limit + offset) if limit else None)]
    speaker_entity = aliased(Entity)
    found = {r[0].id: r for r in session.execute(
        select(Claim, Document, Source, speaker_entity).options(defer(Document.raw_html))
        .join(Document, Claim.document_id == Document.id)
        .outerjoin(Source, Document.source_id == Source.id)
        .outerjoin(speaker_entity, Claim.speaker_entity_id == speaker_entity.id)
        .where(Claim.id.in_(ids)))} if ids else {}
    rows = [found[i] for i in ids]
    stances = _stance_rows(session, [r[0].id for r in rows])
    out = []
    for claim, doc, source, entity in rows:
        out.append({
            "id": claim.id, "speaker": claim.speaker, "speaker_entity": entity.name if entity else None,
            "actor_type": entity.actor_type if entity else None, "cue": claim.cue, "content": claim.content,
            "kind": claim.kind, "passage": doc.text[claim.sentence_start:claim.sentence_end].strip(),
            "url": doc.canonical_url, "title": doc.title, "outlet": source.name if source else None,
            "published_at": doc.published_at, "document_id": doc.id,
            "stances": {key: label for key, label, _ in stances.get(claim.id, ())},
            "relatedness": max((r for _, _, r in stances.get(claim.id, ())), default=0.0),
        })
    return out




#: Choosing how to find the newest matching claims on SQLite (:func:`_newest_claim_ids`): sorting
#: the candidates costs about 2 us a candidate, walking the documents newest first about 0.15 us a
#: claim walked (benchmarks/store.py, 1,000,000 claims, 2 cores), so the walk wins when
#: candidates ** 2 > want * claims * WALK_RATIO.
WALK_RATIO = 1 / 16


def _newest_claim_ids(session: Session, query, conditions: list[Any], filters: dict[str, Any],
                      since: dt.datetime | None, until: dt.datetime | None, limit: int | None,
                      offset: int) -> list[int]:
    """Ids of the claims of ``query`` (``SELECT claims.id`` newest first, filtered by
    ``conditions``, the :func:`claim_conditions` of ``filters``), page ``[offset, offset + limit)``.

    SQLite's planner, which has no statistics on date ranges, starts from the claims the
    speaker, actor-type or stance filters select and sorts all of them by date: 140-180 ms for
    the 40,000-70,000 claims of a common speaker or stance in a million. When the candidates are
    many (see :data:`WALK_RATIO`), it is faster to walk the documents newest first (index
    ``ix_documents_period``) and test each of their claims, stopping at the page's last claim:
    a common filter fills a page within a few thousand claims. The candidates are counted
    first, up to the number that decides (a few milliseconds); a rare speaker keeps the sort. PostgreSQL's
    planner makes this choice itself from its statistics.
    """
    want = limit + offset if limit else None
    claim_side = any(filters[k] for k in ("speaker", "proposition", "stance", "actor_type"))
    if want and claim_side and session.get_bind().dialect.name == "sqlite":
        claims = session.scalar(select(func.max(Claim.id))) or 0  # about the number of claims
        enough = math.isqrt(int(want * claims * WALK_RATIO)) + 1
        candidates = session.scalar(select(func.count()).select_from(  # counted up to `enough` only
            select(Claim.id).where(*conditions).limit(enough).subquery())) or 0
        if candidates >= enough:
            walk = (select(Claim.id).select_from(Document)
                    .with_hint(Document, "INDEXED BY ix_documents_period", "sqlite")
                    .join(Claim, Claim.document_id == Document.id)
                    .where(_in_period(since, until), *claim_conditions(session, **filters, indexed=False))
                    .order_by(Document.published_at.desc().nulls_last(), Claim.id))
            return list(session.scalars(walk.limit(limit).offset(offset or None)))
    return list(session.scalars(query.limit(limit).offset(offset or None)))


def claim_clusters(session: Session, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
                   min_documents: int = 2, limit: int | None = 100) -> list[dict[str, Any]]:
    """The same claim repeated across documents: claims of one speaker entity with one cluster key
    (:func:`corpus.writes.claim_cluster_key`) in at least ``min_documents`` relevant documents.

    Returns dicts: speaker, content (of the first appearance), documents, outlets (names, in
    order of first appearance), first_published (UTC), first_outlet, first_url, claim_ids; the
    most repeated first. Near-duplicate pages (syndicated copies) count as their own documents:
    a repeat is a repeat, whoever copied it.
    """
    rows = session.execute(
        select(Claim.id, Claim.cluster_key, Claim.content, Entity.name, Document.id.label("doc_id"),
               Document.published_at, Document.canonical_url, Source.name.label("outlet"))
        .join(Document, Claim.document_id == Document.id).join(Entity, Claim.speaker_entity_id == Entity.id)
        .outerjoin(Source, Document.source_id == Source.id)
        .where(_in_period(since, until, copies=True), Claim.cluster_key.is_not(None))
        .order_by(Document.published_at.asc().nulls_last(), Claim.id)).all()
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for r in rows:
        groups[(r.name, r.cluster_key)].append(r)
    out = []
    for (speaker, _), members in groups.items():
        documents = {m.doc_id for m in members}
        if len(documents) < min_documents:
            continue
        first = members[0]
        outlets = list(dict.fromkeys(m.outlet for m in members if m.outlet))
        out.append({"speaker": speaker, "content": first.content, "documents": len(documents), "outlets": outlets,
                    "first_published": first.published_at, "first_outlet": first.outlet,
                    "first_url": first.canonical_url, "claim_ids": [m.id for m in members]})
    out.sort(key=lambda c: (-c["documents"], c["first_published"] is None, c["first_published"] or 0, c["speaker"]))
    return out[:limit] if limit else out


def _stance_rows(session: Session, claim_ids: list[int]) -> dict[int, list[tuple[str, str, float]]]:
    out: dict[int, list[tuple[str, str, float]]] = defaultdict(list)
    if not claim_ids:
        return out
    rows = session.execute(select(Stance.claim_id, Proposition.key, Stance.label, Stance.relatedness)
                           .join(Proposition, Stance.proposition_id == Proposition.id)
                           .where(Stance.claim_id.in_(claim_ids)).order_by(Stance.claim_id, Proposition.id))
    for claim_id, key, label, relatedness in rows:
        out[claim_id].append((key, label, relatedness))
    return out




def propositions(session: Session, profile: str) -> list[dict[str, str]]:
    """The stored propositions of ``profile``: key and text."""
    return [{"key": p.key, "text": p.text} for p in
            session.scalars(select(Proposition).where(Proposition.profile == profile).order_by(Proposition.id))]


def latest_topic_run(session: Session) -> int | None:
    """Id of the newest analysis run that stored topics, or ``None``."""
    return session.scalar(select(func.max(Topic.analysis_run_id)))


def themes_due(session: Session) -> bool:
    """Whether the theme model should be fitted again though no document is new: an analysis
    run changed documents after the newest finished fit, or was cut short (``interrupted``,
    ``failed``, still ``running``) after it, or there was never a fit while analysed relevant
    documents exist.

    A fit is a run whose counts say ``themes: "fitted"`` (set by ``analyze`` once its topics are
    written) or ``"assigned"`` (its new documents put into the stored themes), or the newest run
    that stored topics (stores from before that mark).
    """
    last_topics = latest_topic_run(session)
    runs = session.execute(select(AnalysisRun.id, AnalysisRun.status, AnalysisRun.counts)
                           .order_by(AnalysisRun.id.desc()).limit(500)).all()
    for run_id, status, counts in runs:
        counts = counts or {}
        if counts.get("themes") in ("fitted", "assigned") or run_id == last_topics:
            return False
        if status != "finished" or counts.get("documents", 0) > 0:
            return True
    return bool(session.scalar(select(func.count(Document.id)).where(
        Document.relevant.is_(True), Document.analyzed_at.is_not(None))))


def topics_with_counts(session: Session, run_id: int, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    """Topics of ``run_id`` with their passages in the period and in the whole corpus.

    Returns dicts: id, number, label, terms, size, example (the passage nearest the theme's
    centroid), shares (ISO week -> share of that week's theme passages), period_documents,
    period_passages; outliers last. Near-duplicate documents are not counted.
    """
    where = _in_period(start, end)
    in_period = dict(session.execute(
        select(DocumentTopic.topic_id, func.sum(DocumentTopic.passages)).join(Document)
        .where(where).group_by(DocumentTopic.topic_id)).all())
    docs = dict(session.execute(
        select(DocumentTopic.topic_id, func.count(DocumentTopic.document_id)).join(Document)
        .where(where).group_by(DocumentTopic.topic_id)).all())
    out = []
    for t in session.scalars(select(Topic).where(Topic.analysis_run_id == run_id).order_by(Topic.number)):
        out.append({"id": t.id, "number": t.number, "label": t.label, "terms": list(t.terms), "size": t.size,
                    "example": t.example or "", "shares": dict(t.shares or {}),
                    "period_passages": int(in_period.get(t.id, 0) or 0), "period_documents": docs.get(t.id, 0)})
    return sorted(out, key=lambda t: (t["number"] == -1, -t["period_passages"], -t["size"]))


def topic_timeline(session: Session, run_id: int, *, end: dt.datetime | None = None) -> list[tuple[int, dt.datetime, int]]:
    """``(topic number, published_at, passages)`` for every dated document-topic pair of ``run_id``
    published before ``end``; callers bucket them into weeks."""
    query = (select(Topic.number, Document.published_at, DocumentTopic.passages)
             .join(DocumentTopic, DocumentTopic.topic_id == Topic.id)
             .join(Document, Document.id == DocumentTopic.document_id)
             .where(Topic.analysis_run_id == run_id, Document.published_at.is_not(None)))
    if end is not None:
        query = query.where(Document.published_at < end)
    return [tuple(r) for r in session.execute(query)]


def period_sources(session: Session, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    """Outlets of the period's relevant documents: name, domain, kind, documents, claims."""
    where = _in_period(start, end)
    claims = (select(Claim.document_id, func.count(Claim.id).label("n")).group_by(Claim.document_id).subquery())
    rows = session.execute(
        select(Source.name, Source.domain, Source.kind, func.count(Document.id).label("documents"),
               func.coalesce(func.sum(claims.c.n), 0).label("claims"))
        .join(Document, Document.source_id == Source.id).outerjoin(claims, claims.c.document_id == Document.id)
        .where(where, Document.kind != "comment")
        .group_by(Source.name, Source.domain, Source.kind).order_by(func.count(Document.id).desc(), Source.name))
    return [dict(r._mapping) for r in rows]


def period_documents(session: Session, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    """The period's relevant top-level documents: title, url, outlet, published_at, kind, claims."""
    claims = select(Claim.document_id, func.count(Claim.id).label("n")).group_by(Claim.document_id).subquery()
    rows = session.execute(
        select(Document.id, Document.title, Document.canonical_url.label("url"), Document.published_at,
               Document.kind, Source.name.label("outlet"), func.coalesce(claims.c.n, 0).label("claims"))
        .outerjoin(Source, Document.source_id == Source.id).outerjoin(claims, claims.c.document_id == Document.id)
        .where(_in_period(start, end), Document.kind != "comment").order_by(Document.published_at, Document.id))
    return [dict(r._mapping) for r in rows]




def speaker_counts(session: Session, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Speaker entity name -> number of the period's claims related to a proposition (claims
    with a stance), for speakers who made at least one claim in the period."""
    with_stance = select(Stance.claim_id).distinct().scalar_subquery()
    rows = session.execute(
        select(Entity.name, func.count(func.distinct(Claim.id)).filter(Claim.id.in_(with_stance)))
        .join(Claim, Claim.speaker_entity_id == Entity.id).join(Document, Claim.document_id == Document.id)
        .where(_in_period(start, end)).group_by(Entity.name))
    return {name: n for name, n in rows}


def reports(session: Session) -> list[ReportRecord]:
    """Every recorded briefing, newest period first, newest rendering first."""
    return [ReportRecord(r.period, r.start, r.end, r.path, r.created_at, dict(r.counts or {}))
            for r in session.scalars(select(Report).order_by(Report.start.desc(), Report.created_at.desc()))]


def _run_record(run) -> RunRecord | None:
    if run is None:
        return None
    return RunRecord(run.id, run.status, run.started_at, run.finished_at, dict(run.counts or {}),
                     dict(run.parameters or {}), dict(run.versions or {}))


def last_runs(session: Session) -> dict[str, RunRecord | None]:
    """The newest crawl run and analysis run: ``{"crawl": RunRecord | None, "analysis": ...}``."""
    return {"crawl": _run_record(session.scalar(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))),
            "analysis": _run_record(session.scalar(select(AnalysisRun).order_by(AnalysisRun.id.desc()).limit(1)))}


def embeddings(session: Session, model: str, hashes: list[str]) -> dict[str, bytes]:
    """Stored embeddings of ``model`` for the texts whose SHA-256 (hex) are in ``hashes``:
    hash -> float32 bytes; texts not stored are absent. Reads in chunks of 500 hashes (SQLite's
    bound-parameter limit)."""
    found: dict[str, bytes] = {}
    for i in range(0, len(hashes), 500):
        chunk = hashes[i:i + 500]
        found.update(session.execute(select(Embedding.text_sha256, Embedding.vector)
                                     .where(Embedding.model == model, Embedding.text_sha256.in_(chunk))).all())
    return found
