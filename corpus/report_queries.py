"""Reads for briefings (``reports``) that :mod:`corpus.queries` does not give: the claims on the
propositions with every stored offset, the stored copies of cited documents, the dates that have
coverage. Kept in their own module so the briefing's reads change without touching the shared
query module. Every period bound is a half-open UTC interval ``[start, end)`` on
``documents.published_at``; only relevant documents count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from .models import Claim, Document, Entity, Proposition, Source, Stance


def _debate(start: dt.datetime | None, end: dt.datetime | None):
    """Claims of relevant, non-copy documents in ``[start, end)`` that have a stance."""
    conds = [Document.relevant.is_(True), Document.near_duplicate_of.is_(None),
             # EXISTS, not IN (SELECT ...): with IN, SQLite probed every stance's claim id for each
             # document (8.5 s for a week of 1,800 documents; 0.1 s with EXISTS).
             select(Stance.id).where(Stance.claim_id == Claim.id).exists()]
    if start is not None:
        conds.append(Document.published_at >= start)
    if end is not None:
        conds.append(Document.published_at < end)
    return and_(*conds)


def count_debate_claims(session: Session, start: dt.datetime | None, end: dt.datetime | None) -> int:
    """How many claims :func:`debate_claims` returns for the same period."""
    return session.scalar(select(func.count(Claim.id)).join(Document, Claim.document_id == Document.id)
                          .where(_debate(start, end))) or 0


def debate_claims(session: Session, start: dt.datetime | None, end: dt.datetime | None) -> list[dict[str, Any]]:
    """The claims of the period's relevant documents that bear on a proposition (have a stance),
    syndicated copies (near-duplicates) left out, with the offsets a passage is cut from.

    Returns:
        dicts with id, document_id, speaker (as written), speaker_entity, entity_id, actor_type,
        cue, kind, content, via, speaker_span, cue_span, content_span, sentence_span
        (``(start, end)`` character offsets into the document text), url (canonical), title,
        outlet, outlet_kind, domain, published_at (UTC) and stances: a list of dicts
        (proposition, label, score, relatedness, probability), most related first. Ordered by
        published_at then claim id.
    """
    entity = aliased(Entity)
    # Columns, not Claim objects: a busy week has thousands of claims and the ORM's instances
    # cost more than the query.
    query = (select(Claim.id, Claim.document_id, Claim.speaker, Claim.speaker_entity_id, Claim.cue, Claim.kind,
                    Claim.content, Claim.via, Claim.speaker_start, Claim.speaker_end, Claim.cue_start, Claim.cue_end,
                    Claim.content_start, Claim.content_end, Claim.sentence_start, Claim.sentence_end,
                    Document.published_at, Document.canonical_url, Document.title, Source.name.label("outlet"),
                    Source.kind.label("outlet_kind"), Source.domain, entity.name.label("entity_name"),
                    entity.actor_type)
             .join(Document, Claim.document_id == Document.id)
             .outerjoin(Source, Document.source_id == Source.id)
             .outerjoin(entity, Claim.speaker_entity_id == entity.id)
             .where(_debate(start, end))
             .order_by(Document.published_at.asc().nulls_last(), Claim.id))
    rows = session.execute(query).all()
    stances: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = [r.id for r in rows]
    for chunk in range(0, len(ids), 500):  # bound the IN list (SQLite's variable limit)
        part = ids[chunk:chunk + 500]
        for claim_id, key, label, score, relatedness, probability in session.execute(
                select(Stance.claim_id, Proposition.key, Stance.label, Stance.score, Stance.relatedness,
                       Stance.probability)
                .join(Proposition, Stance.proposition_id == Proposition.id).where(Stance.claim_id.in_(part))
                .order_by(Stance.claim_id, Stance.relatedness.desc(), Proposition.id)):
            stances[claim_id].append({"proposition": key, "label": label, "score": score,
                                      "relatedness": relatedness, "probability": probability})
    out = []
    for r in rows:
        out.append({
            "id": r.id, "document_id": r.document_id, "speaker": r.speaker, "speaker_entity": r.entity_name,
            "entity_id": r.speaker_entity_id, "actor_type": r.actor_type, "cue": r.cue, "kind": r.kind,
            "content": r.content, "via": r.via or "",
            "speaker_span": (r.speaker_start, r.speaker_end), "cue_span": (r.cue_start, r.cue_end),
            "content_span": (r.content_start, r.content_end), "sentence_span": (r.sentence_start, r.sentence_end),
            "url": r.canonical_url, "title": r.title, "outlet": r.outlet, "outlet_kind": r.outlet_kind,
            "domain": r.domain, "published_at": r.published_at, "stances": stances.get(r.id, []),
        })
    return out


def document_copies(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The stored copy of each document in ``ids``: id, url (as fetched), canonical_url, title,
    authors, published_at, fetched_at (UTC), content_hash, outlet, domain, text. Unknown ids are
    left out."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in range(0, len(ids), 500):
        for r in session.execute(
                select(Document.id, Document.url, Document.canonical_url, Document.title, Document.authors,
                       Document.published_at, Document.fetched_at, Document.content_hash, Document.text,
                       Source.name.label("outlet"), Source.domain)
                .outerjoin(Source, Document.source_id == Source.id).where(Document.id.in_(ids[chunk:chunk + 500]))):
            row = dict(r._mapping)
            row["authors"] = list(row["authors"] or [])
            out[row["id"]] = row
    return out


def coverage_dates(session: Session) -> list[dt.datetime]:
    """``published_at`` (UTC) of every dated relevant top-level document, oldest first (the
    periods ``report --all`` renders)."""
    return list(session.scalars(select(Document.published_at)
                                .where(Document.relevant.is_(True), Document.published_at.is_not(None),
                                       Document.parent_id.is_(None))
                                .order_by(Document.published_at)))
