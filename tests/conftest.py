"""Shared fixtures: a migrated store on every back end, and a session rolled back after each test.

``session`` follows SQLAlchemy 2.0's "Joining a Session into an External Transaction (such as for
test suites)": the test's session runs inside an outer transaction on one connection; its own
commits are savepoints, and the outer transaction is rolled back at the end, so tests never see
each other's rows.

Back ends: SQLite (a temp file migrated with :func:`corpus.db.open_engine`) always; PostgreSQL when
``DEBATELENS_TEST_PG_URL`` is set (``bash .ci/postgres.sh`` starts one and prints the URL).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from corpus import db

PG_ENV = "DEBATELENS_TEST_PG_URL"

#: The back ends every ``session`` / ``db_engine`` test runs on; PostgreSQL ones are marked.
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def pg_url_or_skip() -> str:
    """The PostgreSQL test URL, or skip the test with how to get one."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests skipped "
                    f"(run `bash .ci/postgres.sh` as root and export the URL it prints)")
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def db_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An engine on a store migrated to the newest revision (one per back end per test run)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'debatelens-test.db'}"
    else:
        url = pg_url_or_skip()
    engine = db.open_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    """A session whose every change, committed or not, is rolled back after the test."""
    connection = db_engine.connect()
    outer = connection.begin()
    if connection.dialect.name == "sqlite":
        # The sqlite3 driver begins a transaction only before DML: without a real BEGIN the
        # session's first SAVEPOINT would be the outermost transaction and its RELEASE would commit.
        connection.exec_driver_sql("BEGIN")
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty database of the test's own, for tests that migrate or really commit.

    SQLite: a new file. PostgreSQL: a new schema in the test database (``search_path`` set through
    the URL's ``options``), dropped afterwards, so the shared migrated schema is never touched.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    base = pg_url_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
