"""Alembic environment, configured in code by :func:`corpus.db.alembic_config`.

The engine comes in ``config.attributes["engine"]``; the whole upgrade runs in one transaction.

On SQLite two things need care (Alembic docs, "Running 'Batch' Migrations for SQLite"; SQLAlchemy
docs, "Transactions with SQLite and the sqlite3 driver"):

- the sqlite3 driver emits BEGIN only before INSERT/UPDATE/DELETE, so DDL would commit statement by
  statement and a failed upgrade would leave half a schema with no ``alembic_version`` row: BEGIN
  is emitted here;
- batch ("move and copy") migrations drop and re-create tables, and with ``foreign_keys=ON`` a
  DROP TABLE first deletes the rows, so ``ON DELETE CASCADE`` would empty every referencing table
  (re-creating ``documents`` would delete all claims and mentions). Foreign keys are switched off
  for the upgrade (the switch only works outside a transaction), checked with
  ``PRAGMA foreign_key_check`` before the commit, and switched back on.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.exc import SQLAlchemyError

from corpus import search
from corpus.models import Base

config = context.config
target_metadata = Base.metadata
#: Key of the PostgreSQL advisory lock taken for an upgrade (any fixed 64-bit number).
MIGRATION_LOCK = 0x64626C5F6D696772


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            # Batch "move and copy" renames _alembic_tmp_<table> to <table>: since SQLite 3.26 a
            # RENAME checks every view, and the views of 0005 name tables that are mid-copy then.
            # Legacy mode renames without that check, as SQLite's own "making other kinds of
            # table schema changes" procedure advises (SQLite docs, ALTER TABLE, section 7).
            connection.exec_driver_sql("PRAGMA legacy_alter_table=ON")
            connection.commit()
        try:
            with connection.begin():
                # Several processes may open a new store at once (crawlers on several machines):
                # the first to take the lock upgrades, the others then find the schema current.
                # SQLite: the write lock before the version is read (IMMEDIATE); PostgreSQL: an
                # advisory lock held until the upgrade's transaction ends.
                if sqlite:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    render_as_batch=sqlite,
                    compare_type=True,
                    include_name=search.include_name,  # the FTS objects of 0003 are not in the models
                )
                with context.begin_transaction():
                    context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise SQLAlchemyError(f"foreign key check failed after the upgrade: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


if context.is_offline_mode():  # pragma: no cover - offline SQL scripts are not used
    raise SystemExit("debatelens migrations run online only (corpus.db.upgrade).")
run_migrations_online()
