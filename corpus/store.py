"""The store: the one way into the SQL corpus for every stage and the command line.

:class:`Store` holds one engine and one ``sessionmaker`` per database URL for the whole process
(the crawl's pipelines, its extension and the run bookkeeping share them), and hands out sessions
in two shapes:

- :meth:`Store.reading` for reads: the session is rolled back at the end, so a read never writes;
- :meth:`Store.unit_of_work` for writes that must land whole (one page, one batch of documents):
  committed on success, rolled back on any exception, so a stage stopped halfway leaves whole units
  behind and the next run resumes from what is missing.

Reads are the typed functions of :mod:`corpus.queries`; writes, grouped by stage, those of
:mod:`corpus.writes`. Both take the session these scopes give. No ORM object leaves this package:
what the stages get back are ids, plain rows or the frozen dataclasses of :mod:`corpus.records`.

Usage::

    store = Store.open(url)                  # migrates on first use; Store.open(url) again: same store
    with store.unit_of_work() as session:
        run_id = writes.start_crawl_run(session, profile=..., parameters=..., versions=...)
    with store.reading() as session:
        rows = queries.find_claims(session, speaker="Anthropic")
    store.close()                            # disposed when the last opener closes it
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import db


class Store:
    """One database, opened once per process and shared by reference count.

    Do not build one directly: :meth:`open` returns the process's store for a URL.

    Attributes:
        url (str): the resolved database URL (see :func:`corpus.db.resolve_url`).
        engine (sqlalchemy.Engine): its engine (one per URL per process).
    """

    _open: ClassVar[dict[str, Store]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine, self.url = engine, url
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._users = 0

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True, must_exist: bool = False) -> Store:
        """The store at ``url``, opened on first call in this process and shared afterwards.

        Args:
            url: database URL or SQLite path; ``None`` uses ``$DEBATELENS_DB`` or the default
                (:func:`corpus.db.resolve_url`).
            migrate: bring the schema to the newest revision on first open (cheap when current).
            must_exist: for readers (query, report, analyze): a missing store is an error, not
                an empty store created on the spot by a mistyped ``--db``.

        Returns:
            the shared :class:`Store`; each ``open`` must be matched by one :meth:`close`.

        Raises:
            CorpusError: [E011] no store there with ``must_exist``; [E001] cannot open it;
                [E002] unsupported URL; [E010] a migration failed.
        """
        resolved = db.resolve_url(url)
        with cls._lock:
            store = cls._open.get(resolved)
            if store is None:
                store = cls(db.open_engine(resolved, migrate=migrate, must_exist=must_exist), resolved)
                cls._open[resolved] = store
            store._users += 1
            return store

    def close(self) -> None:
        """Release this opener's hold; the engine is disposed when the last one closes."""
        with self._lock:
            self._users -= 1
            if self._users <= 0:
                self.engine.dispose()
                if self._open.get(self.url) is self:
                    del self._open[self.url]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only: whatever it did is rolled back when the block ends.

        Rows loaded in the block keep their loaded values afterwards (they are detached, not
        expired), though nothing can be lazy-loaded from them any more.
        """
        session = self._sessions()
        try:
            yield session
        finally:
            session.expunge_all()
            session.rollback()
            session.close()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back on any exception.

        Use one per unit that must land whole (one page with its comments, one batch).
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url!r})"
