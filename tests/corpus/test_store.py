"""corpus.store.Store: one engine per URL per process, read and write scopes, on every back end."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus import writes
from corpus.errors import CorpusError
from corpus.models import Document, Source
from corpus.store import Store


def _count(store: Store, model) -> int:
    with Session(store.engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def _doc(session: Session, source_id: int) -> int:
    return writes.add_document(session, url="https://example.org/a", canonical_url="https://example.org/a",
                               source_id=source_id, text="Some text about distillation.")


def test_one_store_per_url_shared_until_the_last_close(fresh_url):
    first = Store.open(fresh_url)
    second = Store.open(fresh_url)
    assert second is first and second.engine is first.engine  # the crawl's pipelines share one engine
    first.close()
    with second.unit_of_work() as s:  # still open: one holder is left
        writes.get_or_create_source(s, "example.org")
    second.close()
    third = Store.open(fresh_url)
    try:
        assert third is not first and _count(third, Source) == 1
    finally:
        third.close()


def test_unit_of_work_commits_a_whole_unit(fresh_url):
    with Store.open(fresh_url) as store:
        with store.unit_of_work() as s:
            _doc(s, writes.get_or_create_source(s, "example.org"))
        assert _count(store, Document) == 1 and _count(store, Source) == 1


def test_unit_of_work_that_raises_leaves_nothing_behind(fresh_url):
    with Store.open(fresh_url) as store:
        with pytest.raises(RuntimeError, match="halfway"), store.unit_of_work() as s:
            _doc(s, writes.get_or_create_source(s, "example.org"))  # flushed: sent to the database
            raise RuntimeError("stopped halfway")
        assert _count(store, Document) == 0 and _count(store, Source) == 0


def test_reading_never_writes(fresh_url):
    with Store.open(fresh_url) as store:
        with store.reading() as s:
            writes.get_or_create_source(s, "example.org")  # a write by mistake is rolled back
        assert _count(store, Source) == 0


def test_a_reader_does_not_create_a_missing_store(tmp_path):
    with pytest.raises(CorpusError, match=r"^\[E011\]"):
        Store.open(str(tmp_path / "missing.db"), must_exist=True)
    assert not (tmp_path / "missing.db").exists()
