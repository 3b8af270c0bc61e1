"""corpus.writes (and the reads the crawl and analysis stages make first), on every back end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zlib

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from corpus import queries, writes
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
    return writes.add_document(session, text=text, **fields)


# --- pure helpers ---------------------------------------------------------------------------------

def test_content_hash_folds_case_whitespace_and_width():
    base = writes.content_hash("Anthropic accused DeepSeek of distillation.")
    assert base == writes.content_hash("  ANTHROPIC accused\n\tDeepSeek   of distillation. ")
    full_width = "Ａｎｔｈｒｏｐｉｃ accused DeepSeek of distillation."
    assert base == writes.content_hash(full_width)  # NFKC folds full-width letters
    assert base != writes.content_hash("Anthropic accused DeepSeek of distillation!")
    # the digest of the folded text, not of the text as given
    assert base == hashlib.sha256(b"anthropic accused deepseek of distillation.").hexdigest()


def test_compress_roundtrip():
    html = "<html><body><p>Café – distillation</p></body></html>" * 50
    blob = writes.compress_html(html)
    assert isinstance(blob, bytes) and len(blob) < len(html.encode())
    assert writes.decompress_html(blob) == html.encode("utf-8")
    assert writes.decompress_html(writes.compress_html(b"\x00\xff raw")) == b"\x00\xff raw"
    assert writes.compress_html(None) is None and writes.decompress_html(None) is None
    assert zlib.decompress(blob) == html.encode("utf-8")  # plain zlib: readable without debatelens


# --- crawl ----------------------------------------------------------------------------------------

def test_get_or_create_source(session):
    def source(source_id: int) -> Source:
        return session.get(Source, source_id)

    first = writes.get_or_create_source(session, "techcrunch.com")
    assert (source(first).name, source(first).kind) == ("techcrunch.com", "news")
    again = writes.get_or_create_source(session, "techcrunch.com", name="TechCrunch")
    assert again == first and source(first).name == "TechCrunch"  # a later name fills the domain placeholder
    other = writes.get_or_create_source(session, "techcrunch.com", name="Other")
    assert source(first).name == "TechCrunch" and other != first  # another outlet on the same host
    assert writes.get_or_create_source(session, "techcrunch.com", name="Other") == other
    # a nameless page is not credited to a named outlet of its host: it gets the placeholder
    nameless = writes.get_or_create_source(session, "techcrunch.com")
    assert source(nameless).name == "techcrunch.com" and nameless not in (first, other)
    assert writes.get_or_create_source(session, "techcrunch.com", name="Third") != nameless
    blog = writes.get_or_create_source(session, "simonwillison.net", name="Simon Willison", kind="blog")
    assert source(blog).kind == "blog" and count(session, Source) == 5


def test_add_document_hashes_and_compresses(session):
    doc = add_doc(session, "a", html="<p>Anthropic accused DeepSeek of distillation.</p>",
                  published_at=dt.datetime(2026, 2, 24, tzinfo=UTC), authors=["A. Writer"])
    session.expire_all()
    stored = session.get(Document, doc)
    assert stored.content_hash == writes.content_hash(stored.text)
    assert writes.decompress_html(stored.raw_html) == b"<p>Anthropic accused DeepSeek of distillation.</p>"
    assert stored.authors == ["A. Writer"] and stored.kind == "article" and stored.relevant is True
    assert stored.analyzed_at is None and stored.fetched_at.tzinfo is not None


def test_canonical_url_is_unique(session):
    add_doc(session, "a")
    with pytest.raises(IntegrityError), session.begin_nested():
        add_doc(session, "a", text="Different text.", url="https://example.org/a?other")


def test_find_duplicate_by_url_then_by_hash(session):
    doc = add_doc(session, "a")
    by_url = queries.find_duplicate(session, canonical_url="https://example.org/a", text_hash="0" * 64)
    assert (by_url.id, by_url.canonical_url) == (doc, "https://example.org/a")
    folded = writes.content_hash("ANTHROPIC accused  DeepSeek of distillation.")
    by_hash = queries.find_duplicate(session, canonical_url="https://mirror.example/a", text_hash=folded)
    assert by_hash.id == doc
    new_hash = writes.content_hash("Something else.")
    assert queries.find_duplicate(session, canonical_url="https://x/b", text_hash=new_hash) is None


def test_stored_urls_and_recent_texts_skip_comments(session):
    a = add_doc(session, "a", "First.")
    b = add_doc(session, "b", "Second.")
    add_doc(session, "c", "A comment.", kind="comment", parent_id=a, url="https://example.org/a#c1",
            canonical_url="https://example.org/a#c1")
    assert queries.stored_urls(session) == {"https://example.org/a?ref=feed", "https://example.org/a",
                                          "https://example.org/b?ref=feed", "https://example.org/b"}
    assert queries.recent_texts(session) == [(b, "Second."), (a, "First.")]
    assert queries.recent_texts(session, limit=1) == [(b, "Second.")]


def test_crawl_run_and_failures(session):
    run = writes.start_crawl_run(session, profile="ai-distillation", parameters={"max_pages": 10},
                                versions={"scrapy": "2.11"})
    started = session.get(CrawlRun, run)
    assert started.status == "running" and started.finished_at is None
    writes.record_failure(session, run, url="https://x/1", reason="robots", detail="disallowed")
    writes.record_failure(session, run, url="https://x/2", reason="r" * 60, detail="d" * 5000)
    writes.finish_crawl_run(session, run, counts={"stored": 3, "failed": 2})
    session.expire_all()
    row = session.get(CrawlRun, run)
    assert row.status == "finished" and row.counts == {"stored": 3, "failed": 2}
    assert row.parameters == {"max_pages": 10, "process": writes.process_stamp()}  # who ran it: stale runs
    assert row.finished_at >= row.started_at
    failures = queries.run_failures(session, run)
    assert failures[0] == ("https://x/1", "robots", "disallowed")
    assert failures[1][0] == "https://x/2" and len(failures[1][1]) == 40 and len(failures[1][2]) == 2000
    assert queries.run_failures(session, run + 1) == []


def test_analysis_run_can_fail(session):
    run = writes.start_analysis_run(session, profile="p", parameters={}, versions={"spacy": "3.8"})
    writes.finish_analysis_run(session, run, counts={"claims": 0}, status="failed")
    session.expire_all()
    row = session.get(AnalysisRun, run)
    assert (row.status, row.counts, row.versions) == ("failed", {"claims": 0}, {"spacy": "3.8"})


# --- analysis -------------------------------------------------------------------------------------

def test_documents_to_analyze(session):
    a = add_doc(session, "a")
    b = add_doc(session, "b", "Second.")
    add_doc(session, "c", "Off topic.", relevant=False)
    assert queries.documents_to_analyze(session) == [a, b]
    writes.replace_document_analysis(session, a, run_id=None, mentions=[], claims=[])
    assert queries.documents_to_analyze(session) == [b]
    assert queries.documents_to_analyze(session, redo=True) == [a, b]
    assert queries.documents_to_analyze(session, redo=True, limit=1) == [a]


def test_sync_propositions_is_idempotent_and_updates_text(session):
    profile = load_profile()
    ids = writes.sync_propositions(session, profile)
    assert set(ids) == {p.key for p in profile.propositions} and len(set(ids.values())) == len(ids)
    assert writes.sync_propositions(session, profile) == ids
    changed = dataclasses.replace(profile, propositions=(
        dataclasses.replace(profile.propositions[0], text="Reworded."), *profile.propositions[1:]))
    assert writes.sync_propositions(session, changed) == ids
    assert session.get(Proposition, ids[profile.propositions[0].key]).text == "Reworded."
    assert count(session, Proposition) == len(profile.propositions)


def test_entity_cache(session):
    cache = writes.EntityCache(session)
    a = cache.id_for("Anthropic", "ORG", actor_type="company", in_profile=True)
    assert cache.id_for("Anthropic", "ORG") == a
    assert cache.id_for("Anthropic", "PERSON") != a  # same name, other label: another entity
    long_id = cache.id_for("N" * 300, "ORG")
    assert cache.id_for("N" * 255 + "different tail", "ORG") == long_id  # names are cut at 255
    assert writes.EntityCache(session).id_for("Anthropic", "ORG") == a  # a new cache finds stored rows
    row = session.get(Entity, a)
    assert (row.actor_type, row.in_profile) == ("company", True)
    assert count(session, Entity) == 3


def test_entity_cache_keeps_the_type_a_document_said_over_a_guess(session):
    cache = writes.EntityCache(session)
    petrova = cache.id_for("Nadia Petrova", "PERSON", actor_type="person")  # a page that only names her
    assert cache.id_for("Nadia Petrova", "PERSON", actor_type="researcher") == petrova  # "a professor"
    assert writes.EntityCache(session).id_for("Nadia Petrova", "PERSON", actor_type="person") == petrova
    assert cache.id_for("Nadia Petrova", "PERSON", actor_type="media") == petrova  # first specific type stays
    session.flush()
    assert session.get(Entity, petrova).actor_type == "researcher"


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
    props = writes.sync_propositions(session, load_profile())
    theft = props["distillation-is-theft"]
    run = writes.start_analysis_run(session, profile="ai-distillation", parameters={}, versions={})
    entity = writes.EntityCache(session).id_for("Anthropic", "ORG")
    doc = add_doc(session, "a")
    other = add_doc(session, "b", "Anthropic accused DeepSeek of distillation, again.")
    mentions, claims = _analysis(session.get(Document, doc).text, entity)
    kept = writes.replace_document_analysis(session, other, run_id=run, mentions=mentions, claims=claims)
    writes.add_stances(session, [{"claim_id": kept[0], "proposition_id": theft, "label": "favor", "score": 0.5,
                                 "relatedness": 0.5, "model": "m"}])
    for _ in range(2):  # the second run replaces the first: nothing doubles, old stances go
        ids = writes.replace_document_analysis(session, doc, run_id=run, mentions=mentions,
                                              claims=claims + claims)
        assert len(ids) == 2 and all(ids)
        n = writes.add_stances(session, [{"claim_id": i, "proposition_id": theft, "label": "favor",
                                         "score": 0.9, "relatedness": 0.7, "model": "test"} for i in ids])
        assert n == 2
        session.flush()
        assert count(session, Mention, Mention.document_id == doc) == 1
        assert count(session, Claim, Claim.document_id == doc) == 2
        assert count(session, Stance, Stance.claim_id.in_(ids)) == 2
        assert count(session, Stance) == 3  # the other document's stance stays
    assert count(session, Claim, Claim.document_id == other) == 1
    session.expire_all()
    stored = session.get(Document, doc)
    assert stored.analyzed_at is not None and stored.analyzed_at.utcoffset() == dt.timedelta(0)
    claim = session.get(Claim, ids[0])
    assert claim.analysis_run_id == run
    assert stored.text[claim.content_start:claim.content_end] == claim.content


def test_merge_entities_moves_mentions_and_claims_to_the_full_name(session):
    cache = writes.EntityCache(session)
    short = cache.id_for("Calloway", "PERSON", actor_type="official")
    full = cache.id_for("Ruth Calloway", "PERSON", actor_type="person")
    doc = add_doc(session, "a", "Anthropic accused DeepSeek of distillation, Calloway said.")
    mentions, claims = _analysis(session.get(Document, doc).text, short)
    writes.replace_document_analysis(session, doc, run_id=None, mentions=mentions, claims=claims)
    assert writes.merge_entities(session, {short: full}) == 1
    session.expire_all()
    assert session.get(Entity, short) is None
    assert session.scalars(select(Mention.entity_id).where(Mention.document_id == doc)).all() == [full]
    assert session.scalars(select(Claim.speaker_entity_id).where(Claim.document_id == doc)).all() == [full]
    assert session.get(Entity, full).actor_type == "official"  # the source's type replaced a guess
    assert writes.merge_entities(session, {short: full}) == 0  # gone already: nothing to do


def test_one_stance_per_claim_and_proposition(session):
    props = writes.sync_propositions(session, load_profile())
    entity = writes.EntityCache(session).id_for("Anthropic", "ORG")
    doc = add_doc(session, "a")
    (claim_id,) = writes.replace_document_analysis(session, doc, run_id=None, mentions=[],
                                                  claims=_analysis(session.get(Document, doc).text, entity)[1])
    row = {"claim_id": claim_id, "proposition_id": props["distillation-is-theft"], "label": "favor",
           "score": 0.9, "relatedness": 0.7, "model": "test"}
    writes.add_stances(session, [row])
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        writes.add_stances(session, [dict(row, label="against")])


def test_replace_topics(session):
    run = writes.start_analysis_run(session, profile="p", parameters={}, versions={})
    a, b = add_doc(session, "a"), add_doc(session, "b", "Other.")
    n = writes.replace_topics(session, run, [
        {"number": 0, "label": "0_distillation_theft", "terms": ["distillation", "theft"], "size": 5},
        {"number": -1, "label": "outliers", "terms": [], "size": 2},
    ], {a: {0: 3, -1: 1}, b: {0: 2, 7: 4}})  # topic 7 is unknown: ignored
    session.flush()
    assert n == 2 and count(session, Topic) == 2
    topic0 = session.scalar(select(Topic).where(Topic.number == 0))
    assert topic0.terms == ["distillation", "theft"] and topic0.analysis_run_id == run
    shares = {(r.document_id, r.topic.number): (r.passages, r.share)
              for r in session.scalars(select(DocumentTopic))}
    assert shares == {(a, 0): (3, 0.75), (a, -1): (1, 0.25), (b, 0): (2, pytest.approx(2 / 6))}


def test_add_report_replaces_the_same_period_and_path(session):
    start, end = dt.datetime(2026, 2, 23, tzinfo=UTC), dt.datetime(2026, 3, 2, tzinfo=UTC)
    first = writes.add_report(session, period="2026-W09", start=start, end=end, path="out/w09.html",
                             counts={"documents": 1})
    writes.add_report(session, period="2026-W09", start=start, end=end, path="out/other.html", counts={})
    second = writes.add_report(session, period="2026-W09", start=start, end=end, path="out/w09.html",
                              counts={"documents": 2})
    assert count(session, Report) == 2 and second != first
    session.expire_all()
    row = session.get(Report, second)
    assert row.counts == {"documents": 2} and row.start == start and row.end == end
