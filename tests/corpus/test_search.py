"""Full-text search (corpus.search, migration 0003) on every back end: the query syntax, ranking,
phrases, OR, prefixes, exclusions, the index kept in step by triggers / generated columns, and
migrating up and down with it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from corpus import db, queries, search, writes
from corpus.errors import CorpusError
from corpus.models import Claim, Document

from .conftest import claim_fields


def names(rows, seeded) -> list[str]:
    by_id = {v: k for k, v in seeded.claims.items()}
    return [by_id[r["id"]] for r in rows]


# --- the query syntax ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,fts5", [
    ("fake accounts", '("fake") AND ("accounts")'),
    ('"fake accounts"', '("fake accounts")'),
    ("theft OR scraping", '("theft" OR "scraping")'),
    ("export theft OR scraping", '("export") AND ("theft" OR "scraping")'),
    ("distill*", '("distill"*)'),
    ('"fake acc"*', '("fake acc"*)'),
    ("distillation -denied", '(("distillation")) NOT ("denied")'),
    ('claude -"fake accounts"', '(("claude")) NOT ("fake accounts")'),
    ("U.S. export-controls", '("u s") AND ("export controls")'),
    ('"unbalanced phrase', '("unbalanced phrase")'),
    ("OR theft OR", '("theft")'),
    ("dis*till", '("dis till")'),
    ("Déjà vu", '("déjà") AND ("vu")'),
])
def test_query_syntax_to_fts5(text, fts5):
    assert search.parse_query(text).fts5() == fts5


@pytest.mark.parametrize("text,code", [("", "E030"), ("   ", "E030"), ('""', "E030"), ("% _ *", "E030"),
                                       ("OR", "E030"), ("-denied", "E031"), ('-"a b" -c', "E031")])
def test_nothing_to_find_is_a_clear_error(text, code):
    with pytest.raises(CorpusError, match=rf"^\[{code}\]") as info:
        search.parse_query(text)
    assert repr(text) in str(info.value)


#: Strings that are syntax errors for FTS5 MATCH or to_tsquery when passed as they are.
HOSTILE = ['"', "(", ")", "a:b", "NEAR(a b)", "a AND", "NOT a", "'", "\\", "a & b | !c", "--x", "{content}: x",
           "^x", "x:*", "a <-> b", "*", "a**", 'a"b"c', "col:x OR", "AND OR NOT", "\x00x", "Robert'); DROP TABLE claims;--"]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_user_string_is_a_syntax_error(session, seeded, text):
    for where in ("claims", "documents"):
        try:
            rows = queries.find_claims(session, text=text, search_in=where)
        except CorpusError as exc:  # nothing to find: our message, never the engine's
            assert str(exc).startswith(("[E030]", "[E031]"))
        else:
            assert isinstance(rows, list)
    assert session.scalar(sa.select(sa.func.count(Claim.id))) == len(seeded.claims)


# --- matching and ranking on the seeded debate ---------------------------------------------------

def test_words_match_any_form_in_any_order(session, seeded):
    assert names(queries.find_claims(session, text="account fraudulent"), seeded) == ["c1"]  # stems
    assert names(queries.find_claims(session, text="distilling"), seeded) == ["c1"]


def test_phrase_needs_the_words_together(session, seeded):
    assert names(queries.find_claims(session, text='"fraudulent accounts"'), seeded) == ["c1"]
    assert queries.find_claims(session, text='"accounts fraudulent"') == []
    # A phrase lies within one field: the speaker "Anthropic" and the cue "said" are not a phrase.
    assert queries.find_claims(session, text='"anthropic said"') == []


def test_or_and_prefix_and_exclusion(session, seeded):
    assert set(names(queries.find_claims(session, text="theft OR scraped"), seeded)) == {"c4", "c5"}
    assert set(names(queries.find_claims(session, text="access OR nonsense"), seeded)) == {"c3", "c7"}
    assert names(queries.find_claims(session, text="scrap*"), seeded) == ["c5"]
    assert set(names(queries.find_claims(session, text="anthrop*"), seeded)) == {"c1", "c4", "c9", "c8"}
    assert set(names(queries.find_claims(session, text="anthropic -theft"), seeded)) == {"c1", "c9", "c8"}


def test_speaker_and_cue_are_searched(session, seeded):
    assert names(queries.find_claims(session, text="sacks"), seeded) == ["c3"]  # the speaker
    assert names(queries.find_claims(session, text="argued"), seeded) == ["c3"]  # the cue


def test_search_in_documents_matches_title_and_text(session, seeded):
    # d2's title is "Washington weighs its options": every claim of d2, none of the others.
    assert set(names(queries.find_claims(session, text="washington", search_in="documents"), seeded)) == {
        "c3", "c4", "c9"}
    # d1's text has "denied the accusation": both of d1's claims.
    assert set(names(queries.find_claims(session, text='"denied the accusation"', search_in="documents"),
                     seeded)) == {"c1", "c2"}
    assert queries.find_claims(session, text="washington") == []


def test_more_relevant_first(session, seeded):
    # Two new claims in d3 (W10): "theft" twice in a short claim first, then once in a short one
    # (c4: "theft must stop"), then once in a long one.
    d3 = seeded.texts["d3"]
    text = d3 + (" Roe added that theft is theft. Roe noted that some say theft happened at scale, "
                 "though the evidence about the disputed accounts, the logs and the prompts is thin.")
    session.execute(sa.update(Document).where(Document.id == seeded.docs["d3"]).values(text=text))
    strong = claim_fields(text, speaker="Roe", cue="added", content="theft is theft", entity_id=None)
    weak = claim_fields(text, speaker="Roe", cue="noted", entity_id=None,
                        content="some say theft happened at scale, though the evidence about the disputed "
                                "accounts, the logs and the prompts is thin")
    ids = writes.replace_document_analysis(session, seeded.docs["d3"], run_id=seeded.run_id, mentions=[],
                                          claims=[weak, strong])
    rows = queries.find_claims(session, text="theft")
    assert [r["id"] for r in rows] == [ids[1], seeded.claims["c4"], ids[0]]


def test_search_combines_with_every_filter(session, seeded):
    rows = queries.find_claims(session, text="theft OR distill*", speaker="anthropic",
                               proposition="distillation-is-theft", stance="favor", actor_type="company")
    assert set(names(rows, seeded)) == {"c1", "c4"}
    import datetime as dt
    rows = queries.find_claims(session, text="theft OR distill*", speaker="anthropic",
                               since=dt.datetime(2026, 2, 25, tzinfo=dt.timezone.utc))
    assert names(rows, seeded) == ["c4"]


def test_limit_and_offset_page_through_the_ranking(session, seeded):
    everything = queries.find_claims(session, text="anthropic OR claude OR theft OR access", limit=None)
    assert len(everything) >= 5
    pages = [queries.find_claims(session, text="anthropic OR claude OR theft OR access", limit=2, offset=o)
             for o in range(0, len(everything), 2)]
    assert [r["id"] for page in pages for r in page] == [r["id"] for r in everything]


# --- the index stays in step with the rows --------------------------------------------------------

def test_index_follows_insert_update_and_delete(session, seeded):
    assert queries.find_claims(session, text="zeppelin") == []
    c9 = session.get(Claim, seeded.claims["c9"])
    c9.content = "the zeppelin case is still open"
    session.flush()
    assert names(queries.find_claims(session, text="zeppelin"), seeded) == ["c9"]
    assert queries.find_claims(session, text='"case is still open"') != []
    c9.content = "the case is closed"
    session.flush()
    assert queries.find_claims(session, text="zeppelin") == []  # the old words left the index
    c9.speaker = "Zeppelin Labs"
    session.flush()
    assert names(queries.find_claims(session, text="zeppelin"), seeded) == ["c9"]
    session.delete(c9)
    session.flush()
    assert queries.find_claims(session, text="zeppelin") == []
    # Documents: a changed title is found; a deleted document's claims are gone from both indexes.
    session.execute(sa.update(Document).where(Document.id == seeded.docs["d3"]).values(title="Zeppelin critics"))
    assert names(queries.find_claims(session, text="zeppelin", search_in="documents"), seeded) == ["c5"]
    session.execute(sa.delete(Document).where(Document.id == seeded.docs["d3"]))
    assert queries.find_claims(session, text="zeppelin", search_in="documents") == []
    assert queries.find_claims(session, text="scraped") == []


def _sqlite_search_objects(engine) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE '%fts%' AND type IN ('table', 'trigger')")}


def _pg_search_objects(engine) -> set[str]:
    inspector = sa.inspect(engine)
    found = set()
    for t in ("claims", "documents"):
        found |= {f"{t}.{c['name']}" for c in inspector.get_columns(t)
                  if c["name"] in (search.PG_SEARCH_COLUMN, search.PG_SPEAKER_COLUMN)}
        found |= {i["name"] for i in inspector.get_indexes(t) if i["name"] in search.PG_SEARCH_INDEXES}
    return found


def search_objects(engine) -> set[str]:
    return _sqlite_search_objects(engine) if engine.dialect.name == "sqlite" else _pg_search_objects(engine)


SQLITE_OBJECTS = {"claims_fts", "documents_fts", *(f"{t}_fts_{s}" for t in ("claims", "documents")
                                                   for s in ("ai", "ad", "au", "data", "idx", "docsize", "config"))}
PG_OBJECTS = {"claims.search_vector", "documents.search_vector", "claims.speaker_vector", *search.PG_SEARCH_INDEXES}


def test_head_has_every_search_object(db_engine):
    # A later migration that re-creates claims or documents on SQLite (batch "move and copy")
    # would drop their triggers with the table: this fails then.
    assert search_objects(db_engine) == (SQLITE_OBJECTS if db_engine.dialect.name == "sqlite" else PG_OBJECTS)


def test_migration_indexes_stored_rows_and_downgrades_cleanly(fresh_url):
    engine = db.create(fresh_url)
    try:
        db.upgrade(engine, "0002")
        assert search_objects(engine) == set()
        with Session(engine) as s, s.begin():  # a claim stored before the search index existed
            text = "Anthropic said that DeepSeek copied Claude through fraudulent accounts."
            # Core insert of the columns revision 0002 has (the ORM model has later ones too).
            doc = s.execute(sa.insert(Document.__table__).values(
                url="https://example.org/a", canonical_url="https://example.org/a", text=text, title="Copying claims",
                content_hash=writes.content_hash(text)).returning(Document.__table__.c.id)).scalar_one()
            writes.replace_document_analysis(s, doc, run_id=None, mentions=[], claims=[claim_fields(
                text, speaker="Anthropic", cue="said", content="DeepSeek copied Claude", entity_id=None)])
        db.upgrade(engine)
        assert search_objects(engine) == (SQLITE_OBJECTS if engine.dialect.name == "sqlite" else PG_OBJECTS)
        with Session(engine) as s:
            assert [r["content"] for r in queries.find_claims(s, text="copied")] == ["DeepSeek copied Claude"]
            assert len(queries.find_claims(s, text="fraudulent", search_in="documents")) == 1
            assert len(queries.find_claims(s, speaker="anthro")) == 1  # the speaker index (0010 on PostgreSQL)
            assert queries.find_claims(s, speaker="deepseek") == []  # in the content, not the speaker
        command.downgrade(db.alembic_config(engine), "0002")
        assert search_objects(engine) == set()
        with Session(engine) as s:  # the rows are untouched
            assert s.scalar(sa.select(sa.func.count(Claim.id))) == 1
        db.upgrade(engine)
        command.check(db.alembic_config(engine))
        with Session(engine) as s:
            assert len(queries.find_claims(s, text="copied")) == 1
    finally:
        engine.dispose()
