"""Read-only SQL on the store (``debatelens query sql``): the connection refuses writes, not a parser.

Parsing SQL for "is this a SELECT?" is a losing game (``WITH ... DELETE``, ``SELECT`` of a
function that writes, ``PRAGMA``, a second statement after a semicolon), so the refusal is the
database's own:

- SQLite: the file is opened with the URI ``file:PATH?mode=ro`` (SQLITE_OPEN_READONLY; SQLite
  docs, "URI filenames"), and ``PRAGMA query_only=ON`` besides; the sqlite3 driver runs one
  statement a call (a second one is an error).
- PostgreSQL: ``SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`` on a connection of its
  own (never returned to a pool), a ``READ ONLY`` transaction that is rolled back at the end, and
  the statement sent as a prepared statement, which holds one command only (so ``COMMIT; BEGIN
  READ WRITE; ...`` cannot reopen a writable transaction).

A refused write is :class:`ReadOnlyError` [E032]; any other error of the statement (syntax, an
unknown table, two statements) is [E033] with the database's message.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CorpusError, Errors


class ReadOnlyError(CorpusError):
    """The statement would have written to the store, and the read-only connection refused it."""


@dataclass(frozen=True)
class SqlResult:
    """What a read-only statement returned.

    Attributes:
        columns: the result's column names, in order (empty for a statement with no result).
        rows: at most ``max_rows`` tuples.
        truncated: the statement had more rows than ``rows`` holds.
    """

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool

    def as_dicts(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column name (a repeated name keeps its last value)."""
        return [dict(zip(self.columns, r)) for r in self.rows]


def _sentence(reason: str) -> str:
    """The database's message as one sentence ending with one full stop."""
    return reason.strip().rstrip(".") + "."


def _sqlite(path: str, sql: str, max_rows: int) -> SqlResult:
    if not Path(path).exists():
        raise CorpusError(Errors.E011.format(url=f"sqlite:///{path}"))
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("PRAGMA query_only=ON")
        try:
            cur = conn.execute(sql)
            rows = cur.fetchmany(max_rows + 1)
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc) or "query_only" in str(exc):
                raise ReadOnlyError(Errors.E032.format(reason=str(exc))) from exc
            raise CorpusError(Errors.E033.format(reason=_sentence(str(exc)))) from exc
        except (sqlite3.DatabaseError, sqlite3.Warning, ValueError) as exc:
            raise CorpusError(Errors.E033.format(reason=_sentence(str(exc)))) from exc
        columns = [d[0] for d in cur.description or ()]
        return SqlResult(columns, [tuple(r) for r in rows[:max_rows]], len(rows) > max_rows)
    finally:
        conn.rollback()
        conn.close()


def _postgresql(url: str, sql: str, max_rows: int) -> SqlResult:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = psycopg.connect(conninfo)
    except psycopg.Error as exc:
        raise CorpusError(Errors.E001.format(url=parsed.render_as_string(), reason=str(exc).strip())) from exc
    try:
        conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        conn.commit()
        conn.read_only = True  # psycopg opens each transaction with BEGIN READ ONLY as well
        try:
            cur = conn.execute(sql, prepare=True)
            rows = cur.fetchmany(max_rows + 1) if cur.description else []
        except psycopg.errors.ReadOnlySqlTransaction as exc:
            raise ReadOnlyError(Errors.E032.format(reason=str(exc).strip().splitlines()[0])) from exc
        except psycopg.Error as exc:
            raise CorpusError(Errors.E033.format(reason=_sentence(str(exc).strip().splitlines()[0]))) from exc
        columns = [d.name for d in cur.description or ()]
        return SqlResult(columns, [tuple(r) for r in rows[:max_rows]], len(rows) > max_rows)
    finally:
        conn.rollback()
        conn.close()


def run_read_only(url: str, sql: str, *, max_rows: int = 1000) -> SqlResult:
    """Run one SQL statement on the store at ``url`` through a read-only connection.

    Args:
        url: a resolved database URL (:func:`corpus.db.resolve_url`): ``sqlite:///PATH`` or
            ``postgresql+psycopg://...``.
        sql: one statement, as the user wrote it.
        max_rows: rows to return at most (the rest is not fetched).

    Returns:
        the :class:`SqlResult`.

    Raises:
        ReadOnlyError: [E032] the statement writes.
        CorpusError: [E033] any other error of the statement; [E011] no SQLite store there;
            [E001] the server cannot be reached; [E002] another kind of URL.
    """
    from sqlalchemy.engine import make_url

    from .db import resolve_url

    if not sql.strip():
        raise CorpusError(Errors.E033.format(reason="no statement was given."))
    url = resolve_url(url)
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        return _sqlite(parsed.database, sql, max_rows)
    if backend == "postgresql":
        return _postgresql(url, sql, max_rows)
    raise CorpusError(Errors.E002.format(url=url))
