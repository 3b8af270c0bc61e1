"""PostgreSQL: the claims index by document and speaker also holds the claim's id

``ix_claims_document_speaker`` (migration 0009) answers the period walks of the positions and
the claim filters from the index on SQLite, where every index holds the rowid (the claim's id).
A PostgreSQL index holds only its columns, so each claim found through it was fetched from the
table for its id: 50,000 buffers for a month of positions. ``INCLUDE (id)`` makes those scans
index-only (PostgreSQL docs, "Index-Only Scans and Covering Indexes"): positions of a month
130 -> 86 ms a period at 1,000,000 claims (benchmarks/store.py, EXPLAIN ANALYZE).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.drop_index("ix_claims_document_speaker", table_name="claims")
    op.create_index("ix_claims_document_speaker", "claims", ["document_id", "speaker_entity_id"],
                    postgresql_include=["id"])


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.drop_index("ix_claims_document_speaker", table_name="claims")
    op.create_index("ix_claims_document_speaker", "claims", ["document_id", "speaker_entity_id"])
