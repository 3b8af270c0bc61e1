"""corpus.store: writes of the crawl and analysis stages, on every back end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zlib

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from corpus import store
from corpus.models import (
    AnalysisRun,
    Claim,
    CrawlRun,
    Document,
    DocumentTopic,
    Entity,
    Mention,
    Proposition,
    Report,
    Source,
    Stance,
    Topic,
)
from corpus.profile import load_profile

UTC = dt.timezone.utc


def count(session: Session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def add_doc(session: Session, name: str, text: str = "Anthropic accused DeepSeek of distillation.", **fields):
    fields.setdefault("url", f"https://example.org/{name}?ref=feed")
    fields.setdefault("canonical_url", f"https://example.org/{name}")
    return store.add_document(session, text=text, **fields)


# --- pure helpers ---------------------------------------------------------------------------------

def test_content_hash_folds_case_whitespace_and_width():
    base = store.content_hash("Anthropic accused DeepSeek of distillation.")
    assert base == store.content_hash("  ANTHROPIC accused\n\tDeepSeek   of distillation. ")
    full_width = "Ａｎｔｈｒｏｐｉｃ accused DeepSeek of distillation."
    assert base == store.content_hash(full_width)  # NFKC folds full-width letters
    assert base != store.content_hash("Anthropic accused DeepSeek of distillation!")
    assert len(base) == 64 and int(base, 16) >= 0


def test_compress_roundtrip():
    html = "<html><body><p>Café – distillation</p></body></html>" * 50
    blob = store.compress_html(html)
    assert isinstance(blob, bytes) and len(blob) < len(html.encode())
    assert store.decompress_html(blob) == html.encode("utf-8")
    assert store.decompress_html(store.compress_html(b"\x00\xff raw")) == b"\x00\xff raw"
    assert store.compress_html(None) is None and store.decompress_html(None) is None
    assert zlib.decompress(blob) == html.encode("utf-8")  # plain zlib: readable without debatelens


# --- crawl ----------------------------------------------------------------------------------------

def test_get_or_create_source(session):
    first = store.get_or_create_source(session, "techcrunch.com")
    assert first.id is not None and first.name == "techcrunch.com" and first.kind == "news"
    again = store.get_or_create_source(session, "techcrunch.com", name="TechCrunch")
    assert again.id == first.id and again.name == "TechCrunch"  # a later name fills the domain placeholder
    other = store.get_or_create_source(session, "techcrunch.com", name="Other")
    assert first.name == "TechCrunch" and other.id != first.id  # another outlet on the same host
    assert store.get_or_create_source(session, "techcrunch.com", name="Other").id == other.id
    # a nameless page is not credited to a named outlet of its host: it gets the placeholder
    nameless = store.get_or_create_source(session, "techcrunch.com")
    assert nameless.name == "techcrunch.com" and nameless.id not in (first.id, other.id)
    assert store.get_or_create_source(session, "techcrunch.com", name="Third").id not in (nameless.id,)
    blog = store.get_or_create_source(session, "simonwillison.net", name="Simon Willison", kind="blog")
    assert blog.kind == "blog" and count(session, Source) == 5


def test_add_document_hashes_and_compresses(session):
    doc = add_doc(session, "a", html="<p>Anthropic accused DeepSeek of distillation.</p>",
                  published_at=dt.datetime(2026, 2, 24, tzinfo=UTC), authors=["A. Writer"])
    session.expire_all()
    stored = session.get(Document, doc.id)
    assert stored.content_hash == store.content_hash(stored.text)
    assert store.decompress_html(stored.raw_html) == b"<p>Anthropic accused DeepSeek of distillation.</p>"
    assert stored.authors == ["A. Writer"] and stored.kind == "article" and stored.relevant is True
    assert stored.analyzed_at is None and stored.fetched_at.tzinfo is not None


def test_canonical_url_is_unique(session):
    add_doc(session, "a")
    with pytest.raises(IntegrityError), session.begin_nested():
        add_doc(session, "a", text="Different text.", url="https://example.org/a?other")


def test_find_duplicate_by_url_then_by_hash(session):
    doc = add_doc(session, "a")
    by_url = store.find_duplicate(session, canonical_url="https://example.org/a", text_hash="0" * 64)
    assert by_url.id == doc.id
    folded = store.content_hash("ANTHROPIC accused  DeepSeek of distillation.")
    by_hash = store.find_duplicate(session, canonical_url="https://mirror.example/a", text_hash=folded)
    assert by_hash.id == doc.id
    new_hash = store.content_hash("Something else.")
    assert store.find_duplicate(session, canonical_url="https://x/b", text_hash=new_hash) is None


def test_stored_urls_and_recent_texts_skip_comments(session):
    a = add_doc(session, "a", "First.")
    b = add_doc(session, "b", "Second.")
    add_doc(session, "c", "A comment.", kind="comment", parent_id=a.id, url="https://example.org/a#c1",
            canonical_url="https://example.org/a#c1")
    assert store.stored_urls(session) == {"https://example.org/a?ref=feed", "https://example.org/a",
                                          "https://example.org/b?ref=feed", "https://example.org/b"}
    assert store.recent_texts(session) == [(b.id, "Second."), (a.id, "First.")]
    assert store.recent_texts(session, limit=1) == [(b.id, "Second.")]


def test_crawl_run_and_failures(session):
    run = store.start_crawl_run(session, profile="ai-distillation", parameters={"max_pages": 10},
                                versions={"scrapy": "2.11"})
    assert run.id is not None and run.status == "running" and run.finished_at is None
    store.record_failure(session, run.id, url="https://x/1", reason="robots", detail="disallowed")
    store.record_failure(session, run.id, url="https://x/2", reason="r" * 60, detail="d" * 5000)
    store.finish_crawl_run(session, run.id, counts={"stored": 3, "failed": 2})
    session.expire_all()
    row = session.get(CrawlRun, run.id)
    assert row.status == "finished" and row.counts == {"stored": 3, "failed": 2}
    assert row.parameters == {"max_pages": 10} and row.finished_at >= row.started_at
    failures = store.run_failures(session, run.id)
    assert failures[0] == ("https://x/1", "robots", "disallowed")
    assert failures[1][0] == "https://x/2" and len(failures[1][1]) == 40 and len(failures[1][2]) == 2000
    assert store.run_failures(session, run.id + 1) == []


def test_analysis_run_can_fail(session):
    run = store.start_analysis_run(session, profile="p", parameters={}, versions={"spacy": "3.8"})
    store.finish_analysis_run(session, run.id, counts={"claims": 0}, status="failed")
    session.expire_all()
    row = session.get(AnalysisRun, run.id)
    assert (row.status, row.counts, row.versions) == ("failed", {"claims": 0}, {"spacy": "3.8"})


# --- analysis -------------------------------------------------------------------------------------

def test_documents_to_analyze(session):
    a = add_doc(session, "a")
    b = add_doc(session, "b", "Second.")
    add_doc(session, "c", "Off topic.", relevant=False)
    assert [d.id for d in store.documents_to_analyze(session)] == [a.id, b.id]
    store.replace_document_analysis(session, a.id, run_id=None, mentions=[], claims=[])
    assert [d.id for d in store.documents_to_analyze(session)] == [b.id]
    assert [d.id for d in store.documents_to_analyze(session, redo=True)] == [a.id, b.id]
    assert [d.id for d in store.documents_to_analyze(session, redo=True, limit=1)] == [a.id]


def test_sync_propositions_is_idempotent_and_updates_text(session):
    profile = load_profile()
    ids = store.sync_propositions(session, profile)
    assert set(ids) == {p.key for p in profile.propositions} and len(set(ids.values())) == len(ids)
    assert store.sync_propositions(session, profile) == ids
    changed = dataclasses.replace(profile, propositions=(
        dataclasses.replace(profile.propositions[0], text="Reworded."), *profile.propositions[1:]))
    assert store.sync_propositions(session, changed) == ids
    assert session.get(Proposition, ids[profile.propositions[0].key]).text == "Reworded."
    assert count(session, Proposition) == len(profile.propositions)


def test_entity_cache(session):
    cache = store.EntityCache(session)
    a = cache.id_for("Anthropic", "ORG", actor_type="company", in_profile=True)
    assert cache.id_for("Anthropic", "ORG") == a
    assert cache.id_for("Anthropic", "PERSON") != a  # same name, other label: another entity
    long_id = cache.id_for("N" * 300, "ORG")
    assert cache.id_for("N" * 255 + "different tail", "ORG") == long_id  # names are cut at 255
    assert store.EntityCache(session).id_for("Anthropic", "ORG") == a  # a new cache finds stored rows
    row = session.get(Entity, a)
    assert (row.actor_type, row.in_profile) == ("company", True)
    assert count(session, Entity) == 3


def _analysis(doc_text: str, entity_id: int):
    s = doc_text.index("Anthropic")
    k = doc_text.index("DeepSeek")
    mentions = [{"entity_id": entity_id, "start": s, "end": s + 9, "text": "Anthropic"}]
    claims = [{"speaker": "Anthropic", "speaker_entity_id": entity_id, "cue": "accused",
               "content": doc_text[k:-1],
               "kind": "indirect", "speaker_start": s, "speaker_end": s + 9, "cue_start": s + 10,
               "cue_end": s + 17, "content_start": k, "content_end": len(doc_text) - 1, "sentence_start": 0,
               "sentence_end": len(doc_text), "cluster_key": "k"}]
    return mentions, claims


def test_replace_document_analysis_replaces(session):
    props = store.sync_propositions(session, load_profile())
    theft = props["distillation-is-theft"]
    run = store.start_analysis_run(session, profile="ai-distillation", parameters={}, versions={})
    entity = store.EntityCache(session).id_for("Anthropic", "ORG")
    doc = add_doc(session, "a")
    other = add_doc(session, "b", "Anthropic accused DeepSeek of distillation, again.")
    mentions, claims = _analysis(doc.text, entity)
    kept = store.replace_document_analysis(session, other.id, run_id=run.id, mentions=mentions, claims=claims)
    store.add_stances(session, [{"claim_id": kept[0], "proposition_id": theft, "label": "favor", "score": 0.5,
                                 "relatedness": 0.5, "model": "m"}])
    for _ in range(2):  # the second run replaces the first: nothing doubles, old stances go
        ids = store.replace_document_analysis(session, doc.id, run_id=run.id, mentions=mentions,
                                              claims=claims + claims)
        assert len(ids) == 2 and all(ids)
        n = store.add_stances(session, [{"claim_id": i, "proposition_id": theft, "label": "favor",
                                         "score": 0.9, "relatedness": 0.7, "model": "test"} for i in ids])
        assert n == 2
        session.flush()
        assert count(session, Mention, Mention.document_id == doc.id) == 1
        assert count(session, Claim, Claim.document_id == doc.id) == 2
        assert count(session, Stance, Stance.claim_id.in_(ids)) == 2
        assert count(session, Stance) == 3  # the other document's stance stays
    assert count(session, Claim, Claim.document_id == other.id) == 1
    session.expire_all()
    stored = session.get(Document, doc.id)
    assert stored.analyzed_at is not None and stored.analyzed_at.utcoffset() == dt.timedelta(0)
    claim = session.get(Claim, ids[0])
    assert claim.analysis_run_id == run.id
    assert stored.text[claim.content_start:claim.content_end] == claim.content


def test_one_stance_per_claim_and_proposition(session):
    props = store.sync_propositions(session, load_profile())
    entity = store.EntityCache(session).id_for("Anthropic", "ORG")
    doc = add_doc(session, "a")
    (claim_id,) = store.replace_document_analysis(session, doc.id, run_id=None, mentions=[],
                                                  claims=_analysis(doc.text, entity)[1])
    row = {"claim_id": claim_id, "proposition_id": props["distillation-is-theft"], "label": "favor",
           "score": 0.9, "relatedness": 0.7, "model": "test"}
    store.add_stances(session, [row])
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        store.add_stances(session, [dict(row, label="against")])


def test_replace_topics(session):
    run = store.start_analysis_run(session, profile="p", parameters={}, versions={})
    a, b = add_doc(session, "a"), add_doc(session, "b", "Other.")
    n = store.replace_topics(session, run.id, [
        {"number": 0, "label": "0_distillation_theft", "terms": ["distillation", "theft"], "size": 5},
        {"number": -1, "label": "outliers", "terms": [], "size": 2},
    ], {a.id: {0: 3, -1: 1}, b.id: {0: 2, 7: 4}})  # topic 7 is unknown: ignored
    session.flush()
    assert n == 2 and count(session, Topic) == 2
    topic0 = session.scalar(select(Topic).where(Topic.number == 0))
    assert topic0.terms == ["distillation", "theft"] and topic0.analysis_run_id == run.id
    shares = {(r.document_id, r.topic.number): (r.passages, r.share)
              for r in session.scalars(select(DocumentTopic))}
    assert shares == {(a.id, 0): (3, 0.75), (a.id, -1): (1, 0.25), (b.id, 0): (2, pytest.approx(2 / 6))}


def test_add_report_replaces_the_same_period_and_path(session):
    start, end = dt.datetime(2026, 2, 23, tzinfo=UTC), dt.datetime(2026, 3, 2, tzinfo=UTC)
    first = store.add_report(session, period="2026-W09", start=start, end=end, path="out/w09.html",
                             counts={"documents": 1})
    store.add_report(session, period="2026-W09", start=start, end=end, path="out/other.html", counts={})
    second = store.add_report(session, period="2026-W09", start=start, end=end, path="out/w09.html",
                              counts={"documents": 2})
    assert count(session, Report) == 2 and second.id != first.id
    session.expire_all()
    row = session.get(Report, second.id)
    assert row.counts == {"documents": 2} and row.start == start and row.end == end
