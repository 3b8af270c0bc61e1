"""corpus.queries over the seeded debate (see ``seed_debate`` in conftest.py), on every back end.

Week 2026-W09 holds d1 and d2 (and the comment d5); d3 is in W10; d4 is not relevant; d6 is undated.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from corpus import queries, writes
from corpus.errors import CorpusError, EmptyStoreError
from corpus.models import Document
from corpus.periods import parse_period

UTC = dt.timezone.utc
W09 = parse_period("2026-W09")
W09_W10 = parse_period("2026-02-23..2026-03-08")


def ids(rows, seeded) -> list[str]:
    """Claim names (c1..) of find_claims rows, in order."""
    by_id = {v: k for k, v in seeded.claims.items()}
    return [by_id[r["id"]] for r in rows]


# --- find_claims ----------------------------------------------------------------------------------

def test_all_relevant_claims_newest_first_undated_last(session, seeded):
    rows = queries.find_claims(session, limit=None)
    # c6 is in a document that is not relevant; c8's document has no date: last on both back ends.
    assert ids(rows, seeded) == ["c5", "c3", "c4", "c9", "c7", "c1", "c2", "c8"]
    assert ids(queries.find_claims(session, limit=2), seeded) == ["c5", "c3"]


def test_claim_row_fields(session, seeded):
    (row,) = queries.find_claims(session, text="fraudulent")
    assert row["id"] == seeded.claims["c1"] and row["document_id"] == seeded.docs["d1"]
    assert (row["speaker"], row["speaker_entity"], row["actor_type"]) == ("Anthropic", "Anthropic", "company")
    assert (row["cue"], row["kind"]) == ("said", "indirect")
    assert row["content"] == "DeepSeek used fraudulent accounts to distill Claude"
    assert row["passage"] == "Anthropic said DeepSeek used fraudulent accounts to distill Claude."
    assert (row["url"], row["title"], row["outlet"]) == (
        "https://techcrunch.com/d1", "Anthropic accuses DeepSeek", "TechCrunch")
    assert row["published_at"] == dt.datetime(2026, 2, 24, 10, tzinfo=UTC)
    assert row["published_at"].utcoffset() == dt.timedelta(0)
    assert row["stances"] == {"distillation-is-theft": "favor"}
    (c4,) = queries.find_claims(session, text="theft must stop")
    assert c4["stances"] == {"distillation-is-theft": "favor", "accusers-are-hypocrites": "against"}
    (c7,) = queries.find_claims(session, text="nonsense")
    assert (c7["speaker_entity"], c7["actor_type"], c7["stances"]) == (None, None, {})


def test_text_search_matches_content_speaker_and_cue(session, seeded):
    assert ids(queries.find_claims(session, text="FRAUDULENT"), seeded) == ["c1"]  # content, any case
    # "denied" is the cue, not the content (regression: the passage was not searched).
    assert ids(queries.find_claims(session, text="denied"), seeded) == ["c2"]
    assert queries.find_claims(session, text="critics answer") == []  # the title: --in documents
    assert ids(queries.find_claims(session, text="critics answer", search_in="documents"), seeded) == ["c5"]
    assert queries.find_claims(session, text="weather") == []  # only in a document that is not relevant


@pytest.mark.parametrize("needle", ["a%e", "Anthropic%said", "q_x"])
def test_text_search_punctuation_separates_words(session, seeded, needle):
    # Regression: "%" and "_" were LIKE wildcards, so "%" matched every claim; now they are word
    # breaks, and the words must be adjacent in one field.
    assert queries.find_claims(session, text=needle) == []


def test_speaker_filter_matches_speaker_text_or_entity_name(session, seeded):
    assert ids(queries.find_claims(session, speaker="anthropic"), seeded) == ["c4", "c9", "c1", "c8"]
    assert ids(queries.find_claims(session, speaker="jane"), seeded) == ["c5"]  # entity name; text is "Roe"
    assert ids(queries.find_claims(session, speaker="ROE"), seeded) == ["c5"]
    assert ids(queries.find_claims(session, speaker="commenter"), seeded) == ["c7"]


def test_proposition_and_stance_filters(session, seeded):
    theft = "distillation-is-theft"
    assert ids(queries.find_claims(session, proposition=theft), seeded) == ["c4", "c9", "c1", "c2", "c8"]
    assert ids(queries.find_claims(session, proposition=theft, stance="favor"), seeded) == ["c4", "c1"]
    assert ids(queries.find_claims(session, proposition=theft, stance="against"), seeded) == ["c2", "c8"]
    assert ids(queries.find_claims(session, proposition=theft, stance="neutral"), seeded) == ["c9"]
    # A stance alone matches it toward any proposition (c4 is against the hypocrisy charge).
    assert ids(queries.find_claims(session, stance="against"), seeded) == ["c4", "c2", "c8"]
    assert ids(queries.find_claims(session, proposition="accusers-are-hypocrites", stance="favor"),
               seeded) == ["c5"]


def test_actor_type_filter(session, seeded):
    assert ids(queries.find_claims(session, actor_type="official"), seeded) == ["c3"]
    assert ids(queries.find_claims(session, actor_type="company"), seeded) == ["c4", "c9", "c1", "c2", "c8"]
    # A government speaks through its officials: David Sacks (official) is found as government,
    # unless the exact type is asked for.
    assert ids(queries.find_claims(session, actor_type="government"), seeded) == ["c3"]
    assert queries.find_claims(session, actor_type="government", exact_type=True) == []
    assert queries.actor_types("government") == ("government", "official")
    assert queries.actor_types("government", exact=True) == ("government",)
    assert queries.actor_types("company") == ("company",)


def test_since_until_is_half_open(session, seeded):
    at = lambda d, h=0: dt.datetime(2026, 2, d, h, tzinfo=UTC)
    assert ids(queries.find_claims(session, since=at(25), until=dt.datetime(2026, 3, 1, tzinfo=UTC)),
               seeded) == ["c3", "c4", "c9"]
    assert ids(queries.find_claims(session, since=dt.datetime(2026, 3, 2, tzinfo=UTC)), seeded) == ["c5"]
    # c7 is published at exactly 24 Feb 12:00: excluded by until, included by since.
    assert ids(queries.find_claims(session, until=at(24, 12)), seeded) == ["c1", "c2"]
    assert ids(queries.find_claims(session, since=at(24, 12), until=at(25)), seeded) == ["c7"]


def test_filters_combine(session, seeded):
    rows = queries.find_claims(session, speaker="anthropic", proposition="distillation-is-theft",
                               stance="favor", since=W09.start, until=W09.end, text="theft")
    assert ids(rows, seeded) == ["c4"]


@pytest.mark.parametrize("filters", [
    {"speaker": "anthropic"}, {"speaker": "roe"}, {"actor_type": "company"},
    {"proposition": "distillation-is-theft"}, {"proposition": "distillation-is-theft", "stance": "against"},
    {"stance": "against"}, {"speaker": "anthropic", "since": W09.start, "until": W09.end},
    {"actor_type": "company", "proposition": "distillation-is-theft", "until": W09.end},
])
def test_newest_first_by_walking_documents_equals_sorting_candidates(session, seeded, monkeypatch, filters):
    # _newest_claim_ids walks the documents newest first when the candidates are many (SQLite);
    # forced either way, every page is the same, undated documents last.
    def pages(ratio):
        monkeypatch.setattr(queries, "WALK_RATIO", ratio)
        return [ids(queries.find_claims(session, limit=limit, offset=offset, **filters), seeded)
                for limit, offset in ((None, 0), (100, 0), (2, 0), (2, 1), (3, 2))]

    walked, sorted_ = pages(0.0), pages(1e12)
    assert walked == sorted_
    assert walked[0] and walked[0][:2] == walked[2] and walked[0][1:3] == walked[3]


def test_unknown_proposition_raises_e006(session, seeded):
    with pytest.raises(CorpusError, match=r"^\[E006\]") as info:
        queries.find_claims(session, proposition="distillation-is-fine")
    assert "'distillation-is-fine'" in str(info.value) and "government-should-restrict" in str(info.value)


def test_unknown_proposition_on_an_empty_store_raises_e006(session):
    with pytest.raises(CorpusError, match=r"^\[E006\].*none stored"):
        queries.find_claims(session, proposition="anything")


@pytest.mark.parametrize("stance", ["pro", "FAVOR", ""])
def test_unknown_stance_raises_e009(session, seeded, stance):
    with pytest.raises(CorpusError, match=r"^\[E009\]"):
        queries.find_claims(session, proposition="distillation-is-theft", stance=stance)


# --- period views ---------------------------------------------------------------------------------

def test_period_counts(session, seeded):
    assert queries.period_counts(session, W09.start, W09.end) == {
        "documents": 2, "comments": 1, "sources": 2, "claims": 6, "speakers": 3, "stances": 6}
    w10 = parse_period("2026-W10")
    assert queries.period_counts(session, w10.start, w10.end) == {
        "documents": 1, "comments": 0, "sources": 1, "claims": 1, "speakers": 1, "stances": 1}
    empty = parse_period("2026-01")
    assert set(queries.period_counts(session, empty.start, empty.end).values()) == {0}


def test_top_actors_ordering(session, seeded):
    rows = queries.top_actors(session, W09.start, W09.end)
    assert [(r["name"], r["documents"], r["mentions"], r["claims"]) for r in rows] == [
        ("Anthropic", 2, 2, 3),  # two documents first
        ("DeepSeek", 1, 2, 1),  # then mentions break the tie
        ("David Sacks", 1, 1, 1),
    ]
    assert rows[0]["entity_id"] == seeded.entities["Anthropic"] and rows[0]["actor_type"] == "company"
    assert rows[0]["label"] == "ORG" and "id" not in rows[0]
    wider = queries.top_actors(session, W09_W10.start, W09_W10.end)
    assert [r["name"] for r in wider] == ["Anthropic", "DeepSeek", "David Sacks", "Jane Roe"]  # ties by name
    profile_only = queries.top_actors(session, W09_W10.start, W09_W10.end, profile_only=True)
    assert [r["name"] for r in profile_only] == ["Anthropic", "DeepSeek", "David Sacks"]
    assert [r["name"] for r in queries.top_actors(session, W09.start, W09.end, limit=1)] == ["Anthropic"]


def test_period_sources_and_documents(session, seeded):
    assert queries.period_sources(session, W09.start, W09.end) == [
        {"name": "TechCrunch", "domain": "techcrunch.com", "kind": "news", "documents": 1, "claims": 2},
        {"name": "The Verge", "domain": "theverge.com", "kind": "news", "documents": 1, "claims": 3},
    ]
    docs = queries.period_documents(session, W09.start, W09.end)
    assert [(d["id"], d["claims"], d["outlet"], d["kind"]) for d in docs] == [
        (seeded.docs["d1"], 2, "TechCrunch", "article"), (seeded.docs["d2"], 3, "The Verge", "article")]
    assert docs[0]["url"] == "https://techcrunch.com/d1" and docs[0]["title"] == "Anthropic accuses DeepSeek"
    assert docs[1]["published_at"] == dt.datetime(2026, 2, 26, 12, tzinfo=UTC)


# --- whole store ----------------------------------------------------------------------------------

def test_require_documents_on_an_empty_store(session):
    with pytest.raises(EmptyStoreError) as info:
        queries.require_documents(session, "sqlite:///empty.db")
    assert isinstance(info.value, CorpusError)
    assert str(info.value).startswith("[E007]") and "sqlite:///empty.db" in str(info.value)


def test_require_documents_counts(session, seeded):
    assert queries.require_documents(session, "x") == 6


def test_store_counts(session, seeded):
    counts = queries.store_counts(session)
    assert {k: counts[k] for k in ("documents", "relevant", "analyzed", "undated", "claims")} == {
        "documents": 6, "relevant": 5, "analyzed": 6, "undated": 1, "claims": 9}
    assert counts["first_published"] == dt.datetime(2026, 2, 24, 10, tzinfo=UTC)
    assert counts["last_published"] == dt.datetime(2026, 3, 3, 12, tzinfo=UTC)
    assert counts["first_published"].utcoffset() == dt.timedelta(0)


def test_documents_by_id_and_relevant_texts(session, seeded):
    d = seeded.docs
    assert [x.id for x in queries.documents_by_id(session, [d["d3"], d["d1"], 999_999])] == [d["d3"], d["d1"]]
    expected = sorted((d[k], seeded.texts[k]) for k in ("d1", "d2", "d3", "d5", "d6"))
    assert queries.relevant_texts(session) == expected
    session.execute(update(Document).where(Document.id == d["d6"]).values(near_duplicate_of=d["d1"]))
    assert [i for i, _ in queries.relevant_texts(session)] == sorted(d[k] for k in ("d1", "d2", "d3", "d5"))


def test_propositions_of_a_profile(session, seeded):
    assert [p["key"] for p in queries.propositions(session, "ai-distillation")] == [
        "accusation-justified", "distillation-is-theft", "accusers-are-hypocrites", "government-should-restrict"]
    assert queries.propositions(session, "another-debate") == []


def test_topics(session, seeded):
    d = seeded.docs
    assert queries.latest_topic_run(session) is None
    writes.replace_topics(session, seeded.run_id, [
        {"number": -1, "label": "outliers", "terms": [], "size": 3},
        {"number": 0, "label": "0_theft", "terms": ["theft"], "size": 10},
        {"number": 1, "label": "1_export", "terms": ["export"], "size": 4},
    ], {d["d1"]: {0: 3, -1: 1}, d["d2"]: {1: 2, 0: 1}, d["d3"]: {1: 5}, d["d6"]: {0: 1}})
    session.flush()
    later = writes.start_analysis_run(session, profile="ai-distillation", parameters={}, versions={})
    assert queries.latest_topic_run(session) == seeded.run_id  # a run without topics does not count
    rows = queries.topics_with_counts(session, seeded.run_id, W09.start, W09.end)
    assert [(t["number"], t["period_passages"], t["period_documents"], t["size"]) for t in rows] == [
        (0, 4, 2, 10), (1, 2, 1, 4), (-1, 1, 1, 3)]  # busiest first, outliers last
    assert rows[0]["terms"] == ["theft"] and rows[0]["label"] == "0_theft"
    feb24, feb26 = dt.datetime(2026, 2, 24, 10, tzinfo=UTC), dt.datetime(2026, 2, 26, 12, tzinfo=UTC)
    timeline = queries.topic_timeline(session, seeded.run_id)  # the undated d6 is left out
    assert sorted(timeline) == sorted([(0, feb24, 3), (-1, feb24, 1), (1, feb26, 2), (0, feb26, 1),
                                       (1, dt.datetime(2026, 3, 3, 12, tzinfo=UTC), 5)])
    assert sorted(queries.topic_timeline(session, seeded.run_id, end=W09.end)) == sorted(
        [(0, feb24, 3), (-1, feb24, 1), (1, feb26, 2), (0, feb26, 1)])
    writes.replace_topics(session, later, [{"number": 0, "label": "new", "terms": [], "size": 1}], {})
    session.flush()
    assert queries.latest_topic_run(session) == later


def test_reports_and_last_runs(session, seeded):
    w08 = parse_period("2026-W08")
    writes.add_report(session, period="2026-W08", start=w08.start, end=w08.end, path="w08.html", counts={})
    writes.add_report(session, period="2026-W09", start=W09.start, end=W09.end, path="w09.html", counts={})
    assert [r.period for r in queries.reports(session)] == ["2026-W09", "2026-W08"]
    runs = queries.last_runs(session)
    assert runs["crawl"] is None and runs["analysis"].id == seeded.run_id
    writes.start_crawl_run(session, profile="p", parameters={}, versions={})
    newest = writes.start_crawl_run(session, profile="p", parameters={"n": 2}, versions={})
    assert queries.last_runs(session)["crawl"].id == newest


def test_claim_clusters_group_one_claim_repeated_by_several_outlets(session):
    import datetime as dt

    def at(day):
        return dt.datetime(2026, 4, day, 9, tzinfo=dt.timezone.utc)

    anthropic = writes.EntityCache(session).id_for("Anthropic", "ORG", actor_type="company", in_profile=True)
    repeats = [("wire.example", "Wire", 2, "that the labs had used fake accounts to copy Claude"),
               ("daily.example", "Daily", 3, "The labs used fake accounts to copy Claude."),
               ("weekly.example", "Weekly", 5, "the labs used fake accounts to copy Claude")]
    for domain, outlet, day, content in repeats + [("wire.example", "Wire", 4, "export rules are overdue")]:
        source = writes.get_or_create_source(session, domain, name=outlet)
        text = f"Anthropic said {content}."
        doc = writes.add_document(session, url=f"https://{domain}/{day}", canonical_url=f"https://{domain}/{day}",
                                  source_id=source, text=text, published_at=at(day), relevant=True)
        start = text.index(content)
        writes.replace_document_analysis(session, doc, run_id=None, mentions=[], claims=[{
            "speaker": "Anthropic", "speaker_entity_id": anthropic, "cue": "said", "content": content,
            "kind": "indirect", "speaker_start": 0, "speaker_end": 9, "cue_start": 10, "cue_end": 14,
            "content_start": start, "content_end": start + len(content), "sentence_start": 0,
            "sentence_end": len(text), "cluster_key": writes.claim_cluster_key(content)}])
    (cluster,) = queries.claim_clusters(session)  # the export-rules claim stands alone: no cluster
    assert cluster["speaker"] == "Anthropic" and cluster["documents"] == 3
    assert cluster["outlets"] == ["Wire", "Daily", "Weekly"] and cluster["first_outlet"] == "Wire"
    assert cluster["first_published"] == at(2) and cluster["first_url"] == "https://wire.example/2"
    (later,) = queries.claim_clusters(session, since=at(3))  # the period's repeats only
    assert later["documents"] == 2 and later["first_outlet"] == "Daily"
    assert queries.claim_clusters(session, min_documents=4) == []
