"""Syndicated copies (documents with ``near_duplicate_of`` set) are counted once: period counts,
actors, claims, outlets, documents, speakers and positions leave them out; claim clusters keep
them (a repeat is what they report)."""

from __future__ import annotations

import pytest

from corpus import queries, writes
from corpus.periods import parse_period
from corpus.positions import actor_positions

from .conftest import D1, at, claim_fields

W09 = parse_period("2026-W09")


@pytest.fixture
def with_copy(session, seeded):
    """d1 re-published by another outlet (a wire copy, 25 Feb) and flagged a near-duplicate of d1,
    with its own mentions, claims and stances, as analyze would store them."""
    source = writes.get_or_create_source(session, "syndicator.example", name="Syndicator")
    copy = writes.add_document(session, url="https://syndicator.example/copy",
                               canonical_url="https://syndicator.example/copy", source_id=source,
                               title="Anthropic accuses DeepSeek (copy)", published_at=at(25), text=D1,
                               relevant=True, relevance=0.9, near_duplicate_of=seeded.docs["d1"])
    a, d = seeded.entities["Anthropic"], seeded.entities["DeepSeek"]
    start = D1.index("DeepSeek")
    c1, c2 = writes.replace_document_analysis(
        session, copy, run_id=seeded.run_id,
        mentions=[{"entity_id": a, "start": 0, "end": 9, "text": "Anthropic"},
                  {"entity_id": d, "start": start, "end": start + 8, "text": "DeepSeek"}],
        claims=[claim_fields(D1, speaker="Anthropic", cue="said",
                             content="DeepSeek used fraudulent accounts to distill Claude", entity_id=a),
                claim_fields(D1, speaker="DeepSeek", cue="denied", content="the accusation", entity_id=d)])
    theft = seeded.props["distillation-is-theft"]
    writes.add_stances(session, [
        {"claim_id": c1, "proposition_id": theft, "label": "favor", "score": 0.9, "relatedness": 0.8, "model": "t"},
        {"claim_id": c2, "proposition_id": theft, "label": "against", "score": -0.8, "relatedness": 0.8,
         "model": "t"}])
    session.flush()
    return {"doc": copy, "claims": (c1, c2)}


def test_period_counts_leave_copies_out(session, seeded, with_copy):
    assert queries.period_counts(session, W09.start, W09.end) == {
        "documents": 2, "comments": 1, "sources": 2, "claims": 6, "speakers": 3, "stances": 6}


def test_claims_actors_outlets_documents_leave_copies_out(session, seeded, with_copy):
    found = {r["id"] for r in queries.find_claims(session, since=W09.start, until=W09.end, limit=None)}
    assert found and not found & set(with_copy["claims"])
    actors = {r["name"]: r for r in queries.top_actors(session, W09.start, W09.end)}
    assert actors["Anthropic"]["documents"] == 2 and actors["DeepSeek"]["mentions"] == 2
    assert "Syndicator" not in {s["name"] for s in queries.period_sources(session, W09.start, W09.end)}
    assert with_copy["doc"] not in {d["id"] for d in queries.period_documents(session, W09.start, W09.end)}
    assert queries.speaker_counts(session, W09.start, W09.end)["Anthropic"] == 3  # c1, c4, c9; not the copy's


def test_positions_leave_copies_out(session, seeded, with_copy):
    by = {(p.actor, p.proposition): p for p in actor_positions(session, start=W09.start, end=W09.end)}
    anthropic = by[("Anthropic", "distillation-is-theft")]
    assert (anthropic.favor, anthropic.neutral) == (2, 1)  # c1, c4 and c9: the copy's favor is not added
    assert by[("DeepSeek", "distillation-is-theft")].against == 1


def test_claim_clusters_keep_copies(session, seeded, with_copy):
    clusters = queries.claim_clusters(session, since=W09.start, until=W09.end)
    anthropic = next(c for c in clusters if c["speaker"] == "Anthropic")
    assert anthropic["documents"] == 2 and anthropic["outlets"] == ["TechCrunch", "Syndicator"]


def test_positions_actor_type_government_covers_officials(session, seeded):
    gov = actor_positions(session, start=W09.start, end=W09.end, actor_type="government")
    assert [(p.actor, p.actor_type) for p in gov] == [("David Sacks", "official")]
    assert actor_positions(session, start=W09.start, end=W09.end, actor_type="government", exact_type=True) == []
    companies = actor_positions(session, start=W09.start, end=W09.end, actor_type="company")
    assert {p.actor for p in companies} == {"Anthropic", "DeepSeek"}
