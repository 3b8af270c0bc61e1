"""Hostile text through analyze and claims (issue 10): a huge document, long runs of quote marks,
a document past its time budget. Each must end with the document analysed or recorded as
failed, never a traceback, and never the rest of its batch left behind."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select

from analysis.bounds import BudgetExceeded, collapse_punctuation, restored, shifted, time_limit, windows
from analysis.run import analyze
from corpus import writes
from corpus.models import AnalysisRun, Claim, Document
from corpus.store import Store

UTC = dt.timezone.utc
#: Written for this test: one attributed claim the extractor finds.
CLAIM = "Anthropic said that DeepSeek had used thousands of fake accounts to copy Claude."
FILLER = "The weather stayed mild over the harbour and the ferries ran on time. "


# --- the bounds themselves ------------------------------------------------------------------------

def test_punctuation_runs_are_cut_and_offsets_kept():
    text = 'He said "' + '"' * 5000 + ' no." Then ' + "_" * 100 + " end " + "!?" * 10
    out = collapse_punctuation(text, 32)
    assert len(out) == len(text)
    assert '"' * 33 not in out and "_" * 33 not in out
    assert out.startswith('He said "' + '"' * 31 + " ")
    assert out.endswith(" end " + "!?" * 10)  # a run of 20 stays
    assert collapse_punctuation(text, 0) is text


def test_windows_cover_the_text_and_cut_at_paragraphs():
    text = ("A paragraph of some length. " * 20 + "\n") * 40
    spans = windows(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= 1000 for start, end in spans)
    assert all(text[end - 1] == "\n" for _, end in spans[:-1])
    assert windows("x" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]  # no break: hard cuts
    assert windows("", 10) == []


def test_shifted_and_restored_claims_point_into_the_stored_text():
    from analysis.claims.model import Claim as ParsedClaim

    stored = "x" * 50 + 'Ana said "!!!!!!!!".'
    parsed = collapse_punctuation(stored, 3)
    window = parsed[50:]
    claim = ParsedClaim(speaker="Ana", speaker_start=0, speaker_end=3, cue="said", cue_start=4, cue_end=8,
                        content=window[10:18], content_start=10, content_end=18, kind="direct",
                        sentence_start=0, sentence_end=len(window))
    moved = restored(shifted(claim, 50), stored)
    assert stored[moved.content_start:moved.content_end] == moved.content == "!!!!!!!!"
    assert stored[moved.speaker_start:moved.speaker_end] == moved.speaker == "Ana"


def test_the_clock_stops_a_busy_block():
    started = time.monotonic()
    with pytest.raises(BudgetExceeded), time_limit(0.2):
        while True:
            sum(range(1000))
    assert time.monotonic() - started < 5
    with time_limit(0) as armed:  # no limit
        assert armed is False


# --- through analyze ------------------------------------------------------------------------------

def _store(tmp_path, texts: list[str]) -> str:
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    with Store.open(url) as store, store.unit_of_work() as session:
        source = writes.get_or_create_source(session, "example.org", name="Example Times")
        for i, text in enumerate(texts):
            writes.add_document(session, url=f"https://example.org/{i}", canonical_url=f"https://example.org/{i}",
                                source_id=source, title=f"Story {i}", text=text, relevant=True,
                                published_at=dt.datetime(2026, 2, 23, tzinfo=UTC))
    return url


def _claims(url: str) -> dict[int, list[tuple[str, int, int, str]]]:
    out: dict[int, list] = {}
    with Store.open(url) as store, store.reading() as session:
        for c in session.scalars(select(Claim)):
            out.setdefault(c.document_id, []).append((c.content, c.content_start, c.content_end, c.document.text))
    return out


@pytest.mark.slow
def test_a_huge_document_is_analysed_in_windows_and_its_batch_goes_on(tmp_path, analyzer, settings_for):
    # 5 MB of text; a claim in the third window; the documents after it in the same batch
    huge = FILLER * 300 + "\n" + CLAIM + "\n" + FILLER * 72_000
    assert len(huge) > 5_000_000
    url = _store(tmp_path, [CLAIM, huge, CLAIM])
    settings = settings_for(url, batch_size=8, themes=False, max_document_chars=60_000, analysis_window_chars=10_000)
    summary = analyze(settings, analyzer=analyzer)
    assert summary.counts["documents"] == 3 and summary.counts.get("failed", 0) == 0
    assert summary.counts["truncated"] == 1 and summary.counts["truncated_ids"] == [2]
    claims = _claims(url)
    assert set(claims) == {1, 2, 3}
    for rows in claims.values():
        for content, start, end, text in rows:
            assert text[start:end] == content
    assert any(start > 20_000 for _, start, _, _ in claims[2]), claims[2]  # found past the first windows


@pytest.mark.slow
def test_long_runs_of_quote_marks_are_collapsed_before_tokenising(tmp_path, analyzer, settings_for):
    # 40,000 quote marks: ~4 minutes of spaCy's tokenizer as they are (8k: 11 s, 32k: 175 s,
    # measured), well under the budget once collapsed.
    url = _store(tmp_path, [CLAIM + " " + '"' * 40_000 + " " + CLAIM])
    summary = analyze(settings_for(url, themes=False, document_time_budget=30.0), analyzer=analyzer)
    assert summary.counts.get("failed", 0) == 0, summary.counts.get("failures")
    assert len(_claims(url)[1]) >= 1


@pytest.mark.slow
def test_a_document_past_its_time_budget_is_recorded_and_the_rest_analysed(tmp_path, analyzer, settings_for):
    slow = CLAIM + " " + '"' * 40_000  # not collapsed below (max_punctuation_run=0): minutes to tokenise
    url = _store(tmp_path, [CLAIM, slow, CLAIM])
    settings = settings_for(url, themes=False, batch_size=8, max_punctuation_run=0, document_time_budget=2.0)
    started = time.monotonic()
    summary = analyze(settings, analyzer=analyzer)
    assert time.monotonic() - started < 120  # bounded: not the minutes the text takes to tokenise
    assert summary.counts["failed"] == 1
    [failure] = summary.counts["failures"]
    assert failure["document_id"] == 2 and failure["reason"].startswith("time-budget")
    assert set(_claims(url)) == {1, 3}
    with Store.open(url) as store, store.reading() as session:
        run = session.get(AnalysisRun, summary.run_id)
        assert run.status == "finished" and run.counts["failures"] == [failure]
        assert session.scalar(select(func.count()).select_from(Document).where(Document.analyzed_at.is_(None))) == 0
    assert analyze(settings, analyzer=analyzer).run_id is None  # not read again at every run


@pytest.mark.slow
def test_claims_reads_a_text_longer_than_spacys_limit(analyzer):
    from analysis.standalone import claim_rows

    nlp = analyzer.nlp
    text = FILLER * 1500 + "\n" + CLAIM  # 105,000 characters, past the limit set below
    limit = nlp.max_length
    nlp.max_length = 50_000  # as spaCy's own 1,000,000, smaller: the test stays quick
    try:
        with pytest.raises(ValueError, match="E088"):
            nlp(text)
        rows = claim_rows(nlp, text, None, window_chars=20_000)
    finally:
        nlp.max_length = limit
    assert rows and text[rows[-1]["content_start"]:rows[-1]["content_end"]] == rows[-1]["content"]
    assert rows[-1]["content_start"] > 100_000
