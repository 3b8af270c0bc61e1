"""documents.relevance_reason (both relevance signals' verdicts) and documents.analysis_note (why
analyze read nothing: a language its parser does not read)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (SQLite allows it with a constant default): a batch copy of the table
    # would drop the full-text triggers and browse views that depend on it
    op.add_column('documents', sa.Column('relevance_reason', sa.Text(), nullable=False, server_default=''))
    op.add_column('documents', sa.Column('analysis_note', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('analysis_note')
        batch.drop_column('relevance_reason')
