"""The store in Datasette (``debatelens serve``): read-only, with the metadata of
``corpus/datasette/metadata.yaml`` (titles, descriptions, facets, canned queries).

Datasette serves SQLite files. A SQLite store is served as it is, in Datasette's immutable mode
(``-i``: opened ``?immutable=1``, no locks, never written; Datasette docs, "Immutable mode")
after a WAL checkpoint, since an immutable reader does not see rows still in the ``-wal`` file.
A PostgreSQL store is served through a SQLite export (:func:`export_sqlite`): the same tables
through the same migrations (so the FTS5 indexes and the ``claim_rows`` / ``stance_rows`` views
are there), copied table by table. The datasette-postgresql plugins are experimental and lack
facets and full-text search, hence the export.

Datasette is an optional dependency (``pip install 'debatelens[serve]'``); it is imported when used.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import CorpusError, Errors, NotInstalled

#: Datasette settings of ``serve`` (Datasette docs, "Settings"): facets and queries over a
#: million claims are given a few seconds rather than the defaults' 200 ms / 1 s.
SETTINGS = {"sql_time_limit_ms": 5000, "facet_time_limit_ms": 2000, "default_page_size": 50,
            "allow_download": False, "suggest_facets": False}


def _require_datasette():
    try:
        import datasette.app  # noqa: F401
    except ImportError as exc:
        raise NotInstalled(Errors.E034) from exc
    return datasette.app


def metadata(database: str) -> dict[str, Any]:
    """The Datasette metadata for a database named ``database`` (a served file's stem).

    Returns:
        the parsed ``metadata.yaml`` with its ``{database}`` key renamed.
    """
    import yaml

    text = resources.files("corpus").joinpath("datasette/metadata.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["databases"] = {database: data["databases"].pop("{database}")}
    return data


def checkpoint(path: Path) -> None:
    """Move what the ``-wal`` file holds into the database file, so an immutable reader sees it.

    Raises:
        CorpusError: [E011] there is no such file; [E001] it cannot be opened.
    """
    if not path.exists():
        raise CorpusError(Errors.E011.format(url=f"sqlite:///{path}"))
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CorpusError(Errors.E001.format(url=f"sqlite:///{path}", reason=str(exc))) from exc


def datasette_app(path: Path):
    """A ``datasette.app.Datasette`` serving the SQLite store at ``path`` immutably with the
    debatelens metadata and :data:`SETTINGS`. Its ``.client`` is Datasette's own test client.

    Raises:
        NotInstalled: [E034] datasette is missing.
    """
    app = _require_datasette()
    path = Path(path)
    return app.Datasette(immutables=[str(path)], metadata=metadata(path.stem), settings=SETTINGS,
                         cors=False)


def export_sqlite(url: str, path: Path, *, batch: int = 5000) -> dict[str, int]:
    """Copy the store at ``url`` (PostgreSQL) into a new SQLite file at ``path`` to serve it.

    The file is created through the migrations (every table, the FTS5 indexes and their
    triggers, the views), then every table is copied in primary-key order, ``batch`` rows at a
    time, in one transaction, foreign keys checked at the end.

    Returns:
        rows copied per table.

    Raises:
        CorpusError: [E035] ``path`` exists already (it is never overwritten); errors of
            :func:`corpus.db.open_engine` for either store.
    """
    from sqlalchemy import insert, select

    from . import db
    from .models import Base

    path = Path(path)
    if path.exists():
        raise CorpusError(Errors.E035.format(path=path))
    source = db.open_engine(url, must_exist=True)
    target = db.open_engine(f"sqlite:///{path}")
    counts: dict[str, int] = {}
    try:
        with source.connect() as src, target.connect() as dst:
            dst.exec_driver_sql("PRAGMA foreign_keys=OFF")  # documents refer to later documents too
            dst.commit()
            with dst.begin():
                dst.exec_driver_sql("BEGIN")
                for table in Base.metadata.sorted_tables:
                    counts[table.name] = 0
                    result = src.execution_options(stream_results=True).execute(
                        select(table).order_by(*table.primary_key.columns))
                    for chunk in result.mappings().partitions(batch):
                        dst.execute(insert(table), [dict(r) for r in chunk])
                        counts[table.name] += len(chunk)
                broken = dst.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise CorpusError(Errors.E036.format(url=url, rows=broken[:5]))
    except BaseException:
        target.dispose()
        path.unlink(missing_ok=True)
        raise
    finally:
        source.dispose()
    target.dispose()
    return counts
