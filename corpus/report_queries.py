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

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from .models import Claim, Document, Entity, Proposition, Source, Stance


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
    query = (select(Claim, Document.published_at, Document.canonical_url, Document.title,
                    Source.name, Source.kind, Source.domain, entity.name, entity.actor_type)
             .join(Document, Claim.document_id == Document.id)
             .outerjoin(Source, Document.source_id == Source.id)
             .outerjoin(entity, Claim.speaker_entity_id == entity.id)
             .where(Document.relevant.is_(True), Document.near_duplicate_of.is_(None),
                    Claim.id.in_(select(Stance.claim_id)))
             .order_by(Document.published_at.asc().nulls_last(), Claim.id))
    if start is not None:
        query = query.where(Document.published_at >= start)
    if end is not None:
        query = query.where(Document.published_at < end)
    rows = session.execute(query).all()
    stances: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = [r[0].id for r in rows]
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
    for claim, published, url, title, outlet, outlet_kind, domain, name, actor_type in rows:
        out.append({
            "id": claim.id, "document_id": claim.document_id, "speaker": claim.speaker, "speaker_entity": name,
            "entity_id": claim.speaker_entity_id, "actor_type": actor_type, "cue": claim.cue, "kind": claim.kind,
            "content": claim.content, "via": claim.via or "",
            "speaker_span": (claim.speaker_start, claim.speaker_end), "cue_span": (claim.cue_start, claim.cue_end),
            "content_span": (claim.content_start, claim.content_end),
            "sentence_span": (claim.sentence_start, claim.sentence_end),
            "url": url, "title": title, "outlet": outlet, "outlet_kind": outlet_kind, "domain": domain,
            "published_at": published, "stances": stances.get(claim.id, []),
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
