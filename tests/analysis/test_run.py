"""analysis.run: incremental, batched analysis that resumes where a stopped run left off."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

import analysis.run as run_module
from analysis.run import analyze
from corpus import writes
from corpus.models import AnalysisRun, Claim, Document, Embedding, Mention, Stance
from corpus.store import Store

UTC = dt.timezone.utc

#: Written for this test.
TEXTS = [
    "Anthropic said on Monday that DeepSeek had used thousands of fake accounts to copy Claude. "
    "\"This was theft on an industrial scale,\" said Jane Porter, a spokesperson for Anthropic.",
    "MiniMax denied the accusation. The company said that its models were trained on its own data.",
    "Senator Ruth Calloway argued that Congress should require identity checks for model access. "
    "Calloway said the rules were overdue.",
    "Critics said the accusing labs had scraped the web without asking anyone for permission.",
    "The Commerce Department declined to comment on whether export controls would follow.",
]


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store.open(url) as store, store.unit_of_work() as session:
        source = writes.get_or_create_source(session, "example.org", name="Example Times")
        for i, text in enumerate(TEXTS):
            writes.add_document(session, url=f"https://example.org/{i}", canonical_url=f"https://example.org/{i}",
                                source_id=source, title=f"Story {i}", text=text, relevant=True,
                                published_at=dt.datetime(2026, 2, 23 + i, tzinfo=UTC))
        writes.add_document(session, url="https://example.org/off", canonical_url="https://example.org/off",
                            source_id=source, title="Off", text="The derby ended 3-1.", relevant=False)
    return url


def _count(url, model, *where):
    with Store.open(url) as store, store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.slow
def test_analysis_stores_mentions_claims_stances_and_is_incremental(url, analyzer, settings_for):
    summary = analyze(settings_for(url, batch_size=2), analyzer=analyzer)
    assert summary.counts["documents"] == len(TEXTS)  # the irrelevant page is left alone
    assert summary.counts["claims"] >= 5 and summary.counts["mentions"] >= 8
    assert _count(url, Document, Document.analyzed_at.is_(None)) == 1
    assert _count(url, Stance) == summary.counts["stances"] > 0
    with Store.open(url) as store, store.reading() as session:
        for claim in session.scalars(select(Claim)):
            text = claim.document.text
            assert text[claim.content_start:claim.content_end] == claim.content
            assert text[claim.speaker_start:claim.speaker_end] == claim.speaker
        porter = session.scalar(select(Claim).where(Claim.speaker.like("%Porter%")))
        assert porter is not None and porter.kind == "direct" and porter.speaker_entity.name == "Jane Porter"
        calloway = [c.speaker_entity.name for c in session.scalars(select(Claim).where(Claim.speaker == "Calloway"))]
        assert calloway == ["Ruth Calloway"]
        run = session.scalar(select(AnalysisRun))
        assert run.status == "finished" and run.counts["claims"] == summary.counts["claims"]
        assert run.versions["spacy_model"].startswith("core_web_sm")
    again = analyze(settings_for(url), analyzer=analyzer)
    assert again.run_id is None and again.counts["documents"] == 0  # nothing to do: no run, no model
    assert _count(url, Claim) == summary.counts["claims"]
    redo = analyze(settings_for(url), analyzer=analyzer, redo=True)
    assert redo.counts["documents"] == len(TEXTS) and _count(url, Claim) == summary.counts["claims"]
    assert _count(url, Mention) == summary.counts["mentions"]


def _stance_rows(url):
    with Store.open(url) as store, store.reading() as session:
        return sorted(session.execute(select(Claim.content, Stance.label, Stance.probability)
                                      .join(Stance, Stance.claim_id == Claim.id)).all())


@pytest.mark.slow
def test_claims_are_embedded_once_and_a_redo_reads_their_vectors_back(url, analyzer, settings_for, monkeypatch):
    first = analyze(settings_for(url), analyzer=analyzer)
    stored = _count(url, Embedding)
    assert 0 < stored <= 2 * first.counts["claims_in_scope"]  # each claim, and its sentence when it has it alone
    before = _stance_rows(url)
    encoded = []
    embedder = analyzer.stance.embedder
    real = embedder.encode
    monkeypatch.setattr(embedder, "encode", lambda texts: encoded.extend(texts) or real(texts))
    redo = analyze(settings_for(url), analyzer=analyzer, redo=True)
    assert redo.counts["stances"] == first.counts["stances"] > 0
    assert encoded == [] and _count(url, Embedding) == stored
    assert _stance_rows(url) == before  # the same vectors, so the same stances


@pytest.mark.slow
def test_a_run_stopped_halfway_keeps_whole_batches_and_the_next_resumes(url, analyzer, monkeypatch, settings_for):
    real = run_module._write_batch
    calls = []

    def failing(store, batch, **kwargs):
        calls.append(batch)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the user pressed Ctrl-C during the second batch
        return real(store, batch, **kwargs)

    monkeypatch.setattr(run_module, "_write_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        analyze(settings_for(url, batch_size=2), analyzer=analyzer)
    assert _count(url, Document, Document.analyzed_at.is_not(None)) == 2
    assert _count(url, AnalysisRun, AnalysisRun.status == "failed") == 1
    monkeypatch.setattr(run_module, "_write_batch", real)
    resumed = analyze(settings_for(url, batch_size=2), analyzer=analyzer)
    assert resumed.counts["documents"] == len(TEXTS) - 2
    assert _count(url, Document, Document.analyzed_at.is_(None), Document.relevant.is_(True)) == 0


@pytest.mark.slow
def test_since_and_until_pick_documents_by_publication_day(url, analyzer, settings_for):
    summary = analyze(settings_for(url), analyzer=analyzer, since=dt.datetime(2026, 2, 24, tzinfo=UTC),
                      until=dt.datetime(2026, 2, 26, tzinfo=UTC))
    assert summary.counts["documents"] == 2


def test_an_empty_store_is_an_error(tmp_path, settings_for):
    from corpus.errors import CorpusError, EmptyStoreError

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(CorpusError, match=r"\[E011\]"):  # no store: not created on the spot
        analyze(settings_for(url))
    assert not (tmp_path / "empty.db").exists()
    Store.open(url).close()
    with pytest.raises(EmptyStoreError, match=r"\[E007\]"):
        analyze(settings_for(url))


@pytest.mark.slow
def test_several_spacy_processes_give_the_same_claims(url, analyzer, settings_for):
    """Regression: with ``n_process=2`` spaCy serialises documents between processes, and the
    claims (dataclasses) on ``doc._`` could not be serialised; the analysis crashed."""
    one = analyze(settings_for(url), analyzer=analyzer)
    two = analyze(settings_for(url, processes=2, batch_size=2), analyzer=analyzer, redo=True)
    assert two.counts["claims"] == one.counts["claims"] and two.counts["documents"] == one.counts["documents"]


def test_claims_in_scope_of_a_long_digest_are_those_near_a_dispute_passage():
    from types import SimpleNamespace

    from analysis.scope import claims_in_scope
    from corpus.profile import load_profile

    relevance = load_profile().relevance
    filler = [f"Item {i}: a new benchmark for small models was released." for i in range(60)]
    lines = filler[:30] + ["Anthropic accused DeepSeek of distillation through fake accounts."] + filler[30:]
    text = "\n".join(lines)
    offset = lambda i: sum(len(x) + 1 for x in lines[:i])
    claims = [SimpleNamespace(sentence_start=offset(i)) for i in (0, 29, 31, 32, 33, 60)]
    assert claims_in_scope(text, claims, relevance) == [False, True, True, True, False, False]
    short = "\n".join(lines[25:35])  # a short article is in scope throughout
    assert claims_in_scope(short, claims[:2], relevance) == [True, True]


@pytest.mark.slow
def test_documents_in_another_language_are_skipped_with_a_stated_reason(tmp_path, analyzer, settings_for):
    """Regression: a Chinese page (stored with language zh) went through the English parser, claim
    rules and stance model and came out as noise, silently. It is now marked analysed with no
    claims and the reason, counted and listed in the run row."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store.open(url) as store, store.unit_of_work() as session:
        source = writes.get_or_create_source(session, "keji.example", name="Keji")
        zh = writes.add_document(session, url="https://keji.example/1", canonical_url="https://keji.example/1",
                                 source_id=source, title="指控", language="zh", relevant=True,
                                 text="美国人工智能公司指控三家中国企业通过欺诈账户蒸馏其模型。该公司表示这违反了服务条款。")
        en = writes.add_document(session, url="https://keji.example/2", canonical_url="https://keji.example/2",
                                 source_id=source, title="Claim", language="en", relevant=True, text=TEXTS[0])
    summary = analyze(settings_for(url), analyzer=analyzer)
    assert summary.counts["skipped_language"] == 1 and summary.counts["skipped_ids"] == [zh]
    assert summary.counts["documents"] == 1
    with Store.open(url) as store, store.reading() as session:
        skipped, read = session.get(Document, zh), session.get(Document, en)
        assert skipped.analyzed_at is not None and skipped.claims == [] and skipped.mentions == []
        assert "language zh" in skipped.analysis_note and "reads en only" in skipped.analysis_note
        assert read.claims and read.analysis_note == ""


def test_a_post_author_is_typed_by_the_kind_of_outlet():
    from analysis.mentions import MentionSpan
    from corpus.records import DocumentText

    author = MentionSpan("Priya Raman", "PERSON", "person", -1, -1, "Priya Raman")
    post = DocumentText(1, "text", "post", ("Priya Raman",), "Gradient Notes", "blog")
    assert run_module._author_typed(author, post).actor_type == "media"
    lab = DocumentText(1, "text", "post", ("Priya Raman",), "Northgate AI Lab", "research")
    assert run_module._author_typed(author, lab).actor_type == "researcher"
    forum = DocumentText(1, "text", "comment", ("mlops_marta",), "Tensor Commons Forum", "forum")
    assert run_module._author_typed(author, forum).actor_type == "person"  # posters stay the public
    official = MentionSpan("Hollis Varga", "PERSON", "official", -1, -1, "Sen. Hollis Varga")
    assert run_module._author_typed(official, post).actor_type == "official"  # what the document said stays
    assert run_module._author_typed(None, post) is None
