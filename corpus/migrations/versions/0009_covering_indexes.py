"""covering indexes for the query commands: the period and near-duplicate filters, a claim's
speaker, a stance's label

A document row holds its text inline, before ``relevant`` and ``near_duplicate_of``, so a
filter that reads them from the row reads the text's overflow pages too; the claim and stance
filters read whole rows for one column each. On 1,000,000 claims (``benchmarks/store.py``)
these indexes answer the filters from the index alone. Four indexes they make redundant (a
prefix of a new one) are dropped.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

NEW = [
    ("ix_documents_period", "documents", ["relevant", "published_at", "near_duplicate_of"]),
    ("ix_documents_id_filters", "documents", ["id", "relevant", "near_duplicate_of", "published_at"]),
    ("ix_claims_document_speaker", "claims", ["document_id", "speaker_entity_id"]),
    ("ix_stances_claim_label", "stances", ["claim_id", "proposition_id", "label"]),
    ("ix_stances_proposition_label", "stances", ["proposition_id", "label", "claim_id"]),
]
OLD = [
    ("ix_documents_relevant_published", "documents", ["relevant", "published_at"]),
    ("ix_claims_document_id", "claims", ["document_id"]),
    ("ix_stances_claim_id", "stances", ["claim_id"]),
    ("ix_stances_proposition_id", "stances", ["proposition_id"]),
]


def upgrade() -> None:
    # plain CREATE / DROP INDEX: a batch copy of a table on SQLite would drop the full-text
    # triggers and browse views that depend on it
    for name, table, columns in NEW:
        op.create_index(name, table, columns)
    for name, table, _ in OLD:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in OLD:
        op.create_index(name, table, columns)
    for name, table, _ in NEW:
        op.drop_index(name, table_name=table)
