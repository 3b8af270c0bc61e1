"""raw_pages (fetched pages before extraction), documents.minhash (stored near-duplicate signature)

Existing documents with kept HTML get a raw page each (already extracted, outcome ``stored``), so
``debatelens reextract --all`` covers stores crawled before this revision too.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('raw_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('crawl_run_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('extracted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['crawl_run_id'], ['crawl_runs.id'], name=op.f('fk_raw_pages_crawl_run_id_crawl_runs')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_raw_pages_document_id_documents'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_raw_pages'))
    )
    with op.batch_alter_table('raw_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_raw_pages_crawl_run_id'), ['crawl_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_raw_pages_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_raw_pages_extracted_at'), ['extracted_at'], unique=False)
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minhash', sa.LargeBinary(), nullable=True))
    # Backfill: one extracted raw page per top-level document whose HTML was kept.
    op.execute(
        "INSERT INTO raw_pages (crawl_run_id, url, final_url, status, headers, fetched_at, size, body,"
        " extracted_at, outcome, document_id)"
        " SELECT crawl_run_id, url, url, 200, '{}', fetched_at, 0, raw_html, fetched_at, 'stored', id"
        " FROM documents WHERE parent_id IS NULL AND raw_html IS NOT NULL ORDER BY id")


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('minhash')
    with op.batch_alter_table('raw_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_raw_pages_extracted_at'))
        batch_op.drop_index(batch_op.f('ix_raw_pages_document_id'))
        batch_op.drop_index(batch_op.f('ix_raw_pages_crawl_run_id'))
    op.drop_table('raw_pages')
