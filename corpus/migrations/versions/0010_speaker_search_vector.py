"""PostgreSQL: a claim's speaker in a tsvector column of its own, with a GIN index

``query claims --speaker`` looked the speaker up in the weighted ``search_vector`` of migration
0003 (weight B). A GIN index holds lexemes, not weights, so each row holding the words anywhere
(content, speaker or cue) was fetched and rechecked for the weight: 454 ms p95 at 1,000,000
claims (benchmarks/store.py). A column of the speaker alone lets the index answer by itself
(PostgreSQL docs, "Text Search Indexes"; "Generated Columns"). SQLite needs nothing: its FTS5
column filter (``{speaker} : ...``) is answered by the index.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

#: the same configuration as the speaker field of ``search_vector`` (migration 0003)
EXPRESSION = "to_tsvector('english'::regconfig, coalesce(speaker, ''))"


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE claims ADD COLUMN speaker_vector tsvector GENERATED ALWAYS AS ({EXPRESSION}) STORED")
    op.execute("CREATE INDEX ix_claims_speaker_vector ON claims USING gin (speaker_vector)")


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_claims_speaker_vector")
    op.execute("ALTER TABLE claims DROP COLUMN IF EXISTS speaker_vector")
