"""topics.example, topics.centroid, topics.shares (a theme's example passage, centroid and share per
ISO week), entities.country (the country of a place or government body)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('example', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('centroid', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('shares', sa.JSON(), nullable=True))
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_column('country')
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_column('shares')
        batch_op.drop_column('centroid')
        batch_op.drop_column('example')
