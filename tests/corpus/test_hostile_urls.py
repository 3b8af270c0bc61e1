"""Database URLs that must not leak a password or end in a traceback (issue 10)."""

from __future__ import annotations

import pytest

from corpus import db
from corpus.errors import CorpusError

SECRET = "s3cret-Pa55"


@pytest.mark.parametrize("url", [
    f"postgres://bob:{SECRET}@db.example/x",             # unsupported dialect name
    f"mysql://bob:{SECRET}@db.example/x",
    f"mysql+pymysql://bob:{SECRET}@db.example:3306/x",
    f"oracle://bob:{SECRET}@db.example/x",
    f"postgresql+nosuchdriver://bob:{SECRET}@db.example/x",
])
def test_an_unsupported_url_never_prints_its_password(url):
    with pytest.raises(CorpusError, match=r"^\[E002\]") as caught:
        db.create(url)
    message = str(caught.value)
    assert SECRET not in message and "bob:***@db.example" in message
    assert caught.value.__cause__ is None or SECRET not in str(caught.value.__cause__)


@pytest.mark.parametrize("url", [f"postgresql+psycopg://bob:{SECRET}@db.example:notaport/x",
                                 f"postgresql+psycopg://bob:{SECRET}@db.example:54x/x"])
def test_a_malformed_port_is_one_clear_error(url):
    with pytest.raises(CorpusError, match=r"^\[E020\] Malformed database URL") as caught:
        db.create(url)
    assert "port is not a number" in str(caught.value) and SECRET not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize(("url", "shown"), [
    (f"postgresql+psycopg://bob:{SECRET}@h/db", "postgresql+psycopg://bob:***@h/db"),
    (f"weird://bob:{SECRET}@h:port:x/db", "weird://bob:***@h:port:x/db"),      # unparsable: by pattern
    (f"scheme://bob:{SECRET}@with@at@h/db", "scheme://bob:***@h/db"),          # an unencoded @ in it
    (f"postgresql://bob:pa@{SECRET}@h/db", "postgresql://bob:***@h/db"),
    ("sqlite:///./x.db", "sqlite:///./x.db"),
])
def test_display_url_masks_the_password(url, shown):
    assert db.display_url(url) == shown


def test_the_empty_store_error_masks_the_password():
    from corpus.errors import EmptyStoreError
    from corpus.queries import require_documents

    class NoRows:
        def scalar(self, _statement):
            return 0

    with pytest.raises(EmptyStoreError) as caught:
        require_documents(NoRows(), f"postgresql+psycopg://bob:{SECRET}@h/db")
    assert SECRET not in str(caught.value)
