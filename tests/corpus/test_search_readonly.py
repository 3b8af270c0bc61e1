"""corpus.readonly: one statement through a connection that refuses writes, on every back end."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from corpus.errors import CorpusError
from corpus.readonly import ReadOnlyError, run_read_only


def claim_count(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("SELECT count(*) FROM claims"))
    finally:
        engine.dispose()


def test_select_returns_columns_and_rows(seeded_store):
    result = run_read_only(seeded_store.url, "SELECT speaker, count(*) AS n FROM claims GROUP BY speaker "
                                             "ORDER BY n DESC, speaker")
    assert result.columns == ["speaker", "n"] and not result.truncated
    assert all(n == 1 for _, n in result.rows)  # five speakers, one claim each
    assert {r[0] for r in result.rows} == {"Anthropic", "The Commerce Department", "Jane Roe", "OpenAI",
                                           "Coach Smith"}
    assert result.as_dicts()[0].keys() == {"speaker", "n"}


def test_max_rows_truncates(seeded_store):
    result = run_read_only(seeded_store.url, "SELECT id FROM claims ORDER BY id", max_rows=2)
    assert len(result.rows) == 2 and result.truncated


@pytest.mark.parametrize("statement", [
    "DELETE FROM claims",
    "UPDATE claims SET content = 'x'",
    "INSERT INTO sources (domain, name, kind) VALUES ('x.example', 'x', 'news')",
    "CREATE TABLE probe (id integer)",
    "DROP TABLE claims",
])
def test_writes_are_refused_by_the_connection(seeded_store, statement):
    before = claim_count(seeded_store.url)
    with pytest.raises(ReadOnlyError, match=r"^\[E032\]"):
        run_read_only(seeded_store.url, statement)
    assert claim_count(seeded_store.url) == before


@pytest.mark.parametrize("statement", [
    "SELECT 1; DELETE FROM claims",                              # a second statement
    "COMMIT; BEGIN; DELETE FROM claims",                         # reopening a writable transaction
    "WITH gone AS (DELETE FROM claims RETURNING id) SELECT count(*) FROM gone",
    "PRAGMA query_only=OFF",
    "SET TRANSACTION READ WRITE",
])
def test_tricks_do_not_write(seeded_store, statement):
    before = claim_count(seeded_store.url)
    try:
        run_read_only(seeded_store.url, statement)
    except CorpusError as exc:
        assert str(exc).startswith(("[E032]", "[E033]"))
    assert claim_count(seeded_store.url) == before
    with pytest.raises(ReadOnlyError):  # and the next statement is still refused
        run_read_only(seeded_store.url, "DELETE FROM claims")


@pytest.mark.parametrize("statement", ["SELEC 1", "SELECT * FROM no_such_table", ""])
def test_bad_statements_are_one_clear_error(seeded_store, statement):
    with pytest.raises(CorpusError, match=r"^\[E033\] The SQL statement failed: .+\."):
        run_read_only(seeded_store.url, statement)


def test_missing_sqlite_store_is_e011(tmp_path):
    with pytest.raises(CorpusError, match=r"^\[E011\]"):
        run_read_only(f"sqlite:///{tmp_path / 'missing.db'}", "SELECT 1")
    assert not (tmp_path / "missing.db").exists()
