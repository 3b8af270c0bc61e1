"""Extraction quality gate: scores on the two shared page sets against pinned floors.

Like trafilatura's ``tests/eval_gate.py``: the scores of :func:`crawler.extraction.extract` on
``../shared/data`` (extraction-bench: body F1; publisher-pages: title, date, authors, body F1,
metrics of ``benchmarks/extraction.py``) must stay at or above the floors below, which hold for
the data whose SHA-256 is pinned. Raise a floor with the score; never lower one silently: a change
that costs quality says so in its commit, with the figures. Skips when ``../shared/data`` is absent.

Measured (``python benchmarks/extraction.py --direct --baseline``):

=====================  ==========  ===========  ==================
figure                 before      now          bare trafilatura
=====================  ==========  ===========  ==================
bench body F1          0.9739      0.9748       0.9598 (0.9641 favor_precision)
publisher title        0.792       0.830        0.755
publisher title exact  0.755       0.792        0.717
publisher date         0.981       0.981        0.962
publisher authors      1.000       1.000        0.923
publisher body F1      0.954       0.954        0.948
=====================  ==========  ===========  ==================

The title is compared with typography folded (curly and straight quotes, dashes, ellipsis: the
expectations mix them within one headline); ``exact`` is the strict match. "before" is the
extractor before titles were cleaned of site names, bylines, sections, kickers and truncation
(issue 8 item 4). The nine titles still missed are pages whose ``og:title`` and JSON-LD
``headline`` differ and the expectation follows the headline, on publishers whose other pages,
with the same agreement between sources, follow ``og:title`` (:mod:`crawler.metadata.titles`).
"""

from __future__ import annotations

import pytest

#: Floors: the scores reached, rounded down to 3 decimals (titles: less than one page of the 53 below
#: the score, 0.830 and 0.792). Raise them with the score.
FLOORS = {
    "bench_body_f1": 0.974,
    "publisher_title": 0.82,
    "publisher_title_exact": 0.78,
    "publisher_date": 0.981,
    "publisher_authors": 1.0,
    "publisher_body_f1": 0.954,
}
#: SHA-256 of extraction-bench and publisher-pages (``benchmarks.extraction.fingerprint``).
EVAL_DATA_SHA256 = "88e74d92f79b0d19b8e7f4a771869218912b22b6f38614a85f72649c23560bdc"


@pytest.mark.slow
@pytest.mark.realdata
def test_extraction_scores_stay_above_their_floors():
    from benchmarks import extraction as bench

    if not (bench.BENCH.is_dir() and bench.PUBLISHERS.is_dir()):
        pytest.skip(f"no evaluation data at {bench.DATA} (../shared/data is absent)")
    assert bench.fingerprint(bench.BENCH, bench.PUBLISHERS) == EVAL_DATA_SHA256, (
        "the evaluation data changed: run `python benchmarks/extraction.py --direct`, then update "
        "EVAL_DATA_SHA256 and FLOORS in this file knowingly")
    rows_bench = bench.run_direct(bench.bench_pages()[0])
    rows_publishers = bench.run_direct(bench.publisher_pages()[0])
    scores = bench.scores(rows_bench, rows_publishers)
    below = {name: (round(scores[name], 4), floor) for name, floor in FLOORS.items() if scores[name] < floor}
    assert not below, f"below the floor (score, floor): {below}; all scores: {scores}"
