"""corpus.search.find_documents on the seeded debate, on every back end: ranking by title and
text, the claim filters, paging, snippets."""

from __future__ import annotations

import datetime as dt

import pytest

from corpus import search
from corpus.errors import CorpusError

UTC = dt.timezone.utc


def names(rows, seeded) -> list[str]:
    by_id = {v: k for k, v in seeded.docs.items()}
    return [by_id[r["id"]] for r in rows]


def test_newest_first_without_text(session, seeded):
    # d4 is not relevant; d6 is undated (last); the comment d5 is a document too.
    assert names(search.find_documents(session), seeded) == ["d3", "d2", "d5", "d1", "d6"]


def test_text_ranks_title_above_body(session, seeded):
    # "anthropic" is in d1's title and text, in d2's and d6's text only.
    rows = search.find_documents(session, text="anthropic")
    assert names(rows, seeded)[0] == "d1" and set(names(rows, seeded)) == {"d1", "d2", "d6"}
    assert "Anthropic" in rows[0]["snippet"]


def test_row_fields(session, seeded):
    (row,) = search.find_documents(session, text='"export controls"')
    assert names([row], seeded) == ["d2"]
    assert (row["title"], row["outlet"], row["kind"], row["claims"]) == (
        "Washington weighs its options", "The Verge", "article", 3)
    assert row["url"] == "https://theverge.com/d2" and row["chars"] == len(seeded.texts["d2"])
    assert row["published_at"] == dt.datetime(2026, 2, 26, 12, tzinfo=UTC)
    assert "export controls" in row["snippet"]


def test_claim_filters_keep_documents_with_such_a_claim(session, seeded):
    assert names(search.find_documents(session, speaker="sacks"), seeded) == ["d2"]
    assert set(names(search.find_documents(session, proposition="distillation-is-theft", stance="against"),
                     seeded)) == {"d1", "d6"}
    assert names(search.find_documents(session, actor_type="official"), seeded) == ["d2"]
    assert names(search.find_documents(session, text="anthropic", speaker="deepseek"), seeded) == ["d1"]
    assert names(search.find_documents(session, text="anthropic", since=dt.datetime(2026, 2, 25, tzinfo=UTC)),
                 seeded) == ["d2"]


def test_paging(session, seeded):
    everything = search.find_documents(session, limit=None)
    pages = [search.find_documents(session, limit=2, offset=o) for o in (0, 2, 4)]
    assert [r["id"] for p in pages for r in p] == [r["id"] for r in everything]


def test_bad_searches_are_clear_errors(session, seeded):
    with pytest.raises(CorpusError, match=r"^\[E030\]"):
        search.find_documents(session, text='"*"')
    with pytest.raises(CorpusError, match=r"^\[E006\]"):
        search.find_documents(session, proposition="nope")


def test_snippet_cuts_around_the_first_match():
    text = "Lorem ipsum " * 40 + "the fraudulent accounts were found " + "dolor sit " * 40
    out = search.snippet(text, search.parse_query("accounts"), width=80)
    assert out.startswith("…") and out.endswith("…") and "fraudulent accounts" in out and len(out) <= 82
    assert search.snippet("short text", search.parse_query("absent")) == "short text"
