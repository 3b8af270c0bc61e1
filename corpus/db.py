"""Engines and schema upgrades for the store (sessions come from :class:`corpus.store.Store`).

One URL selects the database: the ``--db`` option, else ``DEBATELENS_DB``, else the ``db``
setting's default (a SQLite file in the working directory, in WAL mode). PostgreSQL
(``postgresql+psycopg://...``) is the scale-out path: nothing here assumes SQLite beyond the
``PRAGMA`` hook, which only runs on SQLite connections.

SQLite connections keep the sqlite3 driver's legacy transaction control: it emits BEGIN only before
INSERT/UPDATE/DELETE, so a unit of work's reads run outside its transaction and a read-then-write
unit does not fail with "database is locked" when another process committed in between (as a
deferred BEGIN before the read would, whatever ``busy_timeout``). Two consequences: code that needs
DDL or a SAVEPOINT inside a transaction must emit ``BEGIN`` first (the migrations do, see
``migrations/env.py``), and ``Session.begin_nested()`` before the session's first write does not
nest (its RELEASE commits).

The schema is owned by Alembic: :func:`open_engine` upgrades the database to the newest revision
on first use, inside one transaction (SQLite and PostgreSQL both have transactional DDL), so an
interrupted upgrade leaves the store as it was.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from .errors import CorpusError, Errors
from .settings import setting

MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(db: str | None = None) -> str:
    """The database URL to use: ``db`` if given, else ``$DEBATELENS_DB``, else the ``db`` setting's default.

    A bare file path (``corpus.db``, ``/tmp/x.sqlite``, ``~/x.db``) is taken as a SQLite file; a
    leading ``~`` is expanded (SQLite itself would open a folder literally named ``~``).
    """
    url = db or os.environ.get(setting("db").env) or setting("db").default
    if "://" not in url:
        url = f"sqlite:///{os.path.expanduser(url)}"
    return url


#: ``scheme://user:password@`` in a URL that SQLAlchemy cannot parse: the password is masked by
#: :func:`display_url` all the same (greedy up to the last ``@``: a password may hold one unencoded).
_PASSWORD = re.compile(r"(://[^:/@]*):(.*)@")


def display_url(url: object) -> str:
    """``url`` as it may be shown in a message or a log: its password replaced by ``***``.

    A URL SQLAlchemy parses is rendered by ``URL.render_as_string(hide_password=True)``; then,
    parsed or not (a malformed port, an unknown shape, an unencoded ``@`` in the password),
    everything from ``user:`` to the last ``@`` is masked by pattern, so no error message ever
    carries a password (at worst it hides a little more). Never raises.
    """
    text = str(url)
    try:
        text = make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - any parse failure: the pattern alone
        pass
    # Also after rendering: SQLAlchemy reads a password with an unencoded "@" only up to it.
    return _PASSWORD.sub(r"\1:***@", text)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised via engine
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Reads through a memory map of the file (up to 1 GiB of it) instead of a read() per page
    # into SQLite's own 2 MB page cache: the query commands touch hundreds of thousands of index
    # pages at a million claims (https://www.sqlite.org/mmap.html; writes still go through the
    # WAL, so a crash loses nothing it would not lose without).
    cursor.execute("PRAGMA mmap_size=1073741824")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache a connection
    cursor.close()


def _check_sqlite_path(url: str, database: str | None) -> None:
    if not database or database == ":memory:":
        return
    path = Path(database)  # what SQLite will open: it does not expand ~
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise CorpusError(Errors.E001.format(url=url, reason=f"the folder {parent} does not exist"))
    if path.exists() and not os.access(path, os.W_OK):
        raise CorpusError(Errors.E001.format(url=url, reason=f"{path} is not writable"))
    if not path.exists() and not os.access(parent, os.W_OK):
        raise CorpusError(Errors.E001.format(url=url, reason=f"the folder {parent} is not writable"))


def create(url: str | None = None, *, echo: bool = False) -> Engine:
    """Create an engine for ``url`` (see :func:`resolve_url`) without touching the schema.

    Raises:
        CorpusError: [E002] for a URL SQLAlchemy cannot parse or has no driver for, [E020] for a
            malformed one (a port that is not a number), the password masked in both
            (:func:`display_url`); [E001] for a
            SQLite path whose folder is missing or not writable.
    """
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CorpusError(Errors.E002.format(url=display_url(url))) from None
    except ValueError as exc:  # a port that is not a number, an out-of-range one
        reason = "its port is not a number" if "int()" in str(exc) else str(exc).splitlines()[0][:200]
        raise CorpusError(Errors.E020.format(url=display_url(url), reason=reason)) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise CorpusError(Errors.E002.format(url=display_url(url)))
    if backend == "sqlite":
        _check_sqlite_path(url, parsed.database)
    try:
        engine = create_engine(url, echo=echo, future=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise CorpusError(Errors.E002.format(url=display_url(url))) from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine):
    """An Alembic ``Config`` for the migrations shipped in this package, bound to ``engine``.

    Configured in code (no alembic.ini), as warehouse does, so it works from an installed wheel.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema of ``engine``'s database to ``revision`` (default: newest).

    Raises:
        CorpusError: [E001] when the database cannot be opened, [E010] when a migration fails.
    """
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        raise CorpusError(Errors.E001.format(url=engine.url, reason=str(exc.orig).strip())) from exc
    except SQLAlchemyError as exc:
        raise CorpusError(Errors.E010.format(url=engine.url, reason=str(exc).splitlines()[0])) from exc


def open_engine(url: str | None = None, *, migrate: bool = True, must_exist: bool = False) -> Engine:
    """Create an engine and, unless ``migrate=False``, bring its schema up to date.

    Args:
        url: database URL or SQLite path; ``None`` uses ``$DEBATELENS_DB`` or the default.
        migrate: run Alembic ``upgrade head`` first (cheap when already current).
        must_exist: for readers (query, report): a store that does not exist yet is an error,
            not an empty store created on the spot by a mistyped ``--db``.

    Raises:
        CorpusError: [E011] with ``must_exist`` when there is no store; see also :func:`create`
            and :func:`upgrade`.
    """
    engine = create(url)
    if must_exist:
        database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
        try:
            missing = (database not in (None, "", ":memory:") and not Path(database).exists()) or (
                database is None and is_empty(engine))
        except OperationalError as exc:
            engine.dispose()
            raise CorpusError(Errors.E001.format(url=engine.url, reason=str(exc.orig).strip())) from exc
        if missing:
            engine.dispose()
            raise CorpusError(Errors.E011.format(url=engine.url))
    if migrate:
        upgrade(engine)
    return engine


def is_empty(engine: Engine) -> bool:
    """True when the database has no debatelens tables yet."""
    return not inspect(engine).has_table("documents")
