"""views claim_rows and stance_rows: one flat row per claim and per stance, to browse and facet

``debatelens serve`` (Datasette) facets a table or a view by its own columns only, and the
columns an analyst facets by (actor, outlet, proposition, stance, week, month) sit in five
tables; ``debatelens query sql`` users want the same flat rows. Both views keep relevant
documents that are not near-duplicates (syndicated copies), as the query commands do.

``week`` is the ISO week (``2026-W09``), ``month`` ``2026-02``, ``day`` ``2026-02-24``, all UTC.
SQLite (3.40 has no ``%V``) takes the ISO week from the week's Thursday: ``date(d, '-3 days',
'weekday 4')`` is the Thursday of d's ISO week, whose year is the ISO year and whose day of the
year gives the week number (ISO 8601: week 1 holds the year's first Thursday).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

PERIODS = {
    "sqlite": {
        "day": "date(d.published_at)",
        "week": ("strftime('%Y', date(d.published_at, '-3 days', 'weekday 4')) || '-W' || "
                 "printf('%02d', (CAST(strftime('%j', date(d.published_at, '-3 days', 'weekday 4')) AS INTEGER)"
                 " - 1) / 7 + 1)"),
        "month": "strftime('%Y-%m', d.published_at)",
    },
    "postgresql": {
        "day": "to_char(d.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        "week": "to_char(d.published_at AT TIME ZONE 'UTC', 'IYYY-\"W\"IW')",
        "month": "to_char(d.published_at AT TIME ZONE 'UTC', 'YYYY-MM')",
    },
}


def _claim_columns(p: dict) -> str:
    return (f"c.id AS claim_id, d.published_at, {p['day']} AS day, {p['week']} AS week, {p['month']} AS month, "
            "COALESCE(e.name, c.speaker) AS actor, c.speaker, e.actor_type, c.cue, c.content, c.kind, "
            "s.name AS outlet, s.domain AS outlet_domain, d.title, d.canonical_url AS url, c.document_id, "
            "c.cluster_key")


FROM = ("FROM claims c JOIN documents d ON d.id = c.document_id "
        "LEFT JOIN sources s ON s.id = d.source_id LEFT JOIN entities e ON e.id = c.speaker_entity_id ")
WHERE = "WHERE d.relevant AND d.near_duplicate_of IS NULL"


def upgrade() -> None:
    p = PERIODS["sqlite" if op.get_context().dialect.name == "sqlite" else "postgresql"]
    op.execute(f"CREATE VIEW claim_rows AS SELECT {_claim_columns(p)} {FROM}{WHERE}")
    op.execute("CREATE VIEW stance_rows AS SELECT st.id AS stance_id, pr.key AS proposition, st.label AS stance, "
               f"st.probability, st.score, {_claim_columns(p)} {FROM}"
               "JOIN stances st ON st.claim_id = c.id JOIN propositions pr ON pr.id = st.proposition_id "
               f"{WHERE}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS stance_rows")
    op.execute("DROP VIEW IF EXISTS claim_rows")
