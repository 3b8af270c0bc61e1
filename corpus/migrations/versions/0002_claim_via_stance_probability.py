"""claims.via (the channel of a statement), stances.probability (of the stance's label)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via', sa.String(length=200), nullable=True))
    with op.batch_alter_table('stances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('probability', sa.Float(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('stances', schema=None) as batch_op:
        batch_op.drop_column('probability')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('via')
