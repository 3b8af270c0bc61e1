"""full-text search: SQLite FTS5 tables kept by triggers, PostgreSQL tsvector columns with GIN indexes

SQLite: external-content FTS5 tables (the text stays in claims / documents, the index only holds
the tokens), filled from the rows already stored, and triggers that keep them in step on every
INSERT, UPDATE (of the indexed columns) and DELETE (SQLite docs, "FTS5", section 4.4.3
"External Content Tables"). The ``'delete'`` command must be given the old values exactly as
they were indexed, which the triggers' ``old.*`` are.

PostgreSQL: ``search_vector`` columns ``GENERATED ALWAYS AS (...) STORED`` (PostgreSQL 12+), so
the database keeps them current itself, and GIN indexes on them (PostgreSQL docs, "Text Search
Indexes"). A document's vector covers its first 300,000 characters (a tsvector is limited to 1 MB).

The names and the query side live in :mod:`corpus.search`; this file keeps its own copy of the
DDL, as a migration must (a later change to the search schema is a new migration).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TOKENIZE = "porter unicode61 remove_diacritics 2"
#: table -> (FTS table, indexed columns)
SQLITE_FTS = {"claims": ("claims_fts", ("content", "speaker", "cue")),
              "documents": ("documents_fts", ("title", "text"))}

PG_VECTORS = {
    "claims": ("setweight(to_tsvector('english'::regconfig, coalesce(content, '')), 'A') || "
               "setweight(to_tsvector('english'::regconfig, coalesce(speaker, '')), 'B') || "
               "setweight(to_tsvector('english'::regconfig, coalesce(cue, '')), 'C')"),
    "documents": ("setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
                  "setweight(to_tsvector('english'::regconfig, left(coalesce(text, ''), 300000)), 'B')"),
}


def _sqlite_upgrade() -> None:
    for source, (fts, cols) in SQLITE_FTS.items():
        names = ", ".join(cols)
        new = ", ".join(f"new.{c}" for c in cols)
        old = ", ".join(f"old.{c}" for c in cols)
        op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{source}', content_rowid='id', "
                   f"tokenize='{TOKENIZE}')")
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # index the rows stored so far
        op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN "
                   f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END")
        op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN "
                   f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END")
        op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {source} BEGIN "
                   f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
                   f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END")


def _sqlite_downgrade() -> None:
    for source, (fts, _) in SQLITE_FTS.items():
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _sqlite_upgrade()
        return
    for source, expression in PG_VECTORS.items():
        op.execute(f"ALTER TABLE {source} ADD COLUMN search_vector tsvector "
                   f"GENERATED ALWAYS AS ({expression}) STORED")
        op.execute(f"CREATE INDEX ix_{source}_search_vector ON {source} USING gin (search_vector)")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _sqlite_downgrade()
        return
    for source in PG_VECTORS:
        op.execute(f"DROP INDEX IF EXISTS ix_{source}_search_vector")
        op.execute(f"ALTER TABLE {source} DROP COLUMN IF EXISTS search_vector")
