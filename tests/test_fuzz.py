"""Fuzzing in CI (issue 10): extraction, feed and sitemap parsing and the claims component get
generated and mutated inputs (hypothesis; mutations of ../shared/data/extraction-bench pages when
present, else of the sample site) for a few seconds each; any break of a target's contract
(:mod:`benchmarks.fuzz`) fails with the input. ``benchmarks/fuzz.py`` runs 10,000 on demand."""

from __future__ import annotations

import logging

import pytest

pytest.importorskip("hypothesis")

#: inputs per target in CI: a few seconds each (extraction ~0.1 s an input, the XML readers ~10 ms)
BUDGET = {"extraction": 20, "feed": 120, "sitemap": 120, "claims": 12}


def _fuzz(name: str) -> dict:
    from benchmarks import fuzz

    check, strategy = fuzz.strategies(fuzz.seed_pages(limit=12))[name]
    logging.disable(logging.WARNING)
    try:
        return fuzz.run(name, check, strategy, BUDGET[name], seed=10, derandomize=True)  # same inputs each run
    finally:
        logging.disable(logging.NOTSET)


def _no_crash(result: dict) -> None:
    assert result["inputs"] >= BUDGET[result["target"]] // 2
    details = "\n\n".join(f"input {value[:300]!r}\n{tb}" for value, tb in result["crashes"][:3])
    assert not result["crashes"], f"{len(result['crashes'])} crashes of {result['target']}:\n{details}"


@pytest.mark.parametrize("target", ["extraction", "feed", "sitemap"])
def test_readers_of_pages_feeds_and_sitemaps_hold_their_contract(target):
    _no_crash(_fuzz(target))


@pytest.mark.slow
def test_the_claims_component_holds_its_contract():
    pytest.importorskip("spacy")
    _no_crash(_fuzz("claims"))


def test_the_fuzzer_finds_a_broken_contract():
    # a check that breaks on one hostile fragment must be caught: the harness itself can fail
    from benchmarks import fuzz

    def fragile(data: bytes) -> None:
        assert b"<p>" not in data  # the seed's own tag: its mutations and splices carry it

    result = fuzz.run("fragile", fragile, fuzz.documents([b"<p>x</p>"]), 200, seed=3, derandomize=True)
    assert result["crashes"] and b"<p>" in result["crashes"][0][0]
    assert result["inputs"] == 200  # a crash does not stop the run
