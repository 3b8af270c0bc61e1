"""corpus.db: choosing the database, opening it, SQLite settings, UTC times, units of work."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from corpus import db, writes
from corpus.errors import CorpusError
from corpus.models import Document, Mention, Source

UTC = dt.timezone.utc
TOKYO = dt.timezone(dt.timedelta(hours=9))


# --- choosing the URL -----------------------------------------------------------------------------

def test_resolve_url_precedence(monkeypatch):
    monkeypatch.delenv("DEBATELENS_DB", raising=False)
    assert db.resolve_url() == "sqlite:///./debatelens.db"
    monkeypatch.setenv("DEBATELENS_DB", "postgresql+psycopg://u@h/env")
    assert db.resolve_url() == "postgresql+psycopg://u@h/env"
    assert db.resolve_url(None) == "postgresql+psycopg://u@h/env"
    assert db.resolve_url("sqlite:///arg.db") == "sqlite:///arg.db"  # --db wins over the environment
    monkeypatch.setenv("DEBATELENS_DB", "")
    assert db.resolve_url() == "sqlite:///./debatelens.db"  # an empty variable counts as unset


def test_bare_paths_are_sqlite_files(monkeypatch):
    monkeypatch.delenv("DEBATELENS_DB", raising=False)
    assert db.resolve_url("corpus.db") == "sqlite:///corpus.db"
    assert db.resolve_url("/tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"
    monkeypatch.setenv("DEBATELENS_DB", "data/store.db")
    assert db.resolve_url() == "sqlite:///data/store.db"


def test_bare_path_with_tilde_is_expanded(monkeypatch, tmp_path):
    # Regression: "~/x.db" from a quoted DEBATELENS_DB passed the folder check (expanded) but
    # SQLite opened the literal "./~/x.db".
    monkeypatch.setenv("HOME", str(tmp_path))
    assert db.resolve_url("~/store.db") == f"sqlite:///{tmp_path}/store.db"
    engine = db.open_engine("~/store.db")
    try:
        assert (tmp_path / "store.db").is_file()
    finally:
        engine.dispose()


# --- opening: errors ------------------------------------------------------------------------------

def test_missing_folder_raises_e001(tmp_path):
    url = f"sqlite:///{tmp_path}/no/such/folder/x.db"
    with pytest.raises(CorpusError, match=r"^\[E001\]") as info:
        db.open_engine(url)
    assert "does not exist" in str(info.value) and "--db" in str(info.value)
    with pytest.raises(CorpusError, match=r"^\[E001\]"):
        db.create(str(tmp_path / "missing" / "x.db"))  # a bare path too


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes anywhere whatever the mode: the permission case cannot fail as root")
def test_unwritable_folder_raises_e001(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CorpusError, match=r"^\[E001\].*not writable"):
            db.open_engine(str(folder / "x.db"))
    finally:
        folder.chmod(0o700)


def test_unreachable_postgres_raises_e001():
    # Port 1 on loopback: refused at once, no network needed.
    with pytest.raises(CorpusError, match=r"^\[E001\]"):
        db.open_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql+nosuchdriver://u@h/db", "oracle://u@h/db",
                                 "not a url://x"])
def test_unsupported_url_raises_e002(url):
    with pytest.raises(CorpusError, match=r"^\[E002\]"):
        db.create(url)


# --- SQLite settings ------------------------------------------------------------------------------

def test_sqlite_opens_in_wal_mode_with_foreign_keys(tmp_path):
    engine = db.open_engine(str(tmp_path / "wal.db"))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert (tmp_path / "wal.db-wal").exists()
    finally:
        engine.dispose()


def test_is_empty_before_and_after_migration(tmp_path):
    engine = db.open_engine(str(tmp_path / "e.db"), migrate=False)
    try:
        assert db.is_empty(engine)
        db.upgrade(engine)
        assert not db.is_empty(engine)
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(session: Session):
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(Mention(document_id=999_999, entity_id=999_999, start=0, end=1, text="x"))


# --- times ----------------------------------------------------------------------------------------

def _doc(session: Session, **fields) -> int:
    fields.setdefault("text", "Some text about distillation.")
    fields.setdefault("url", "https://example.org/a")
    fields.setdefault("canonical_url", fields["url"])
    return writes.add_document(session, **fields)


def test_timestamps_read_back_as_aware_utc(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TIME ZONE 'Asia/Tokyo'"))  # the server converts to the session zone
    tokyo = dt.datetime(2026, 2, 24, 9, 30, tzinfo=TOKYO)
    doc = _doc(session, published_at=tokyo)
    session.expire_all()
    published, fetched = session.execute(
        select(Document.published_at, Document.fetched_at).where(Document.id == doc)).one()
    assert published == dt.datetime(2026, 2, 24, 0, 30, tzinfo=UTC)
    assert published.tzinfo is not None and published.utcoffset() == dt.timedelta(0)
    assert fetched.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(UTC) - fetched) < dt.timedelta(minutes=5)
    assert session.get(Document, doc).published_at == tokyo


def test_naive_timestamps_are_taken_as_utc(session: Session):
    doc = _doc(session, published_at=dt.datetime(2026, 2, 24, 12, 0))
    session.expire_all()
    assert session.get(Document, doc).published_at == dt.datetime(2026, 2, 24, 12, 0, tzinfo=UTC)


def test_period_bounds_compare_instants_not_wall_clocks(session: Session):
    _doc(session, published_at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    # 2 Mar 00:30 at UTC+1 is 1 Mar 23:30 UTC: inside a bound given in another zone.
    plus_one = dt.timezone(dt.timedelta(hours=1))
    n = session.scalar(select(func.count(Document.id)).where(
        Document.published_at >= dt.datetime(2026, 3, 2, 0, 30, tzinfo=plus_one)))
    assert n == 1
    n = session.scalar(select(func.count(Document.id)).where(
        Document.published_at >= dt.datetime(2026, 3, 2, 0, 31, tzinfo=plus_one)))
    assert n == 0


# --- units of work --------------------------------------------------------------------------------

def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_savepoints_nest_inside_the_outer_transaction(fresh_url):
    # What the `session` fixture relies on: a commit inside the joined session releases a savepoint
    # and the outer rollback still undoes it. On SQLite this needs an explicit BEGIN (as the
    # fixture does): the sqlite3 driver would run the first SAVEPOINT as the outermost transaction.
    engine = db.open_engine(fresh_url)
    try:
        with engine.connect() as connection:
            outer = connection.begin()
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN")
            s = Session(bind=connection, join_transaction_mode="create_savepoint")
            writes.get_or_create_source(s, "example.org")
            s.commit()
            with pytest.raises(IntegrityError), s.begin_nested():
                s.add(Source(domain="example.org", name="example.org", kind="news"))
            assert s.scalar(select(func.count(Source.id))) == 1
            s.close()
            outer.rollback()
        assert _count(engine, Source) == 0
    finally:
        engine.dispose()


def test_fixture_session_sees_its_own_rows_only(session: Session):
    # Runs on the shared, migrated store: the rolled-back fixture leaves no rows for the next test.
    assert session.scalar(select(func.count(Document.id))) == 0
    _doc(session)
    session.commit()
    assert session.scalar(select(func.count(Document.id))) == 1


def test_fixture_session_sees_its_own_rows_only_again(session: Session):
    assert session.scalar(select(func.count(Document.id))) == 0
    _doc(session)
    session.commit()


def test_default_path_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("DEBATELENS_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    engine = db.open_engine()
    try:
        assert Path(tmp_path / "debatelens.db").is_file()
    finally:
        engine.dispose()
