"""Alembic environment, configured in code by :func:`corpus.db.alembic_config`.

The engine comes in ``config.attributes["engine"]``; the whole upgrade runs in one transaction.
"""

from __future__ import annotations

from alembic import context

from corpus.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - offline SQL scripts are not used
    raise SystemExit("debatelens migrations run online only (corpus.db.upgrade).")
run_migrations_online()
