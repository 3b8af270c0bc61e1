"""Shared helpers for crawler tests: saved pages are loaded through one function."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = Path(__file__).parent / "pages"


def read_page(name: str) -> bytes:
    """Bytes of a saved page in ``tests/crawler/pages/``, as a server would send them."""
    return (PAGES / name).read_bytes()


@pytest.fixture
def load_page():
    """The :func:`read_page` helper, for tests that read saved pages."""
    return read_page
