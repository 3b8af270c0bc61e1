"""kill -9 of crawl, analyze and report at random points (issue 10): after the stage is run again,
the store equals an uninterrupted run's (documents, claims, stances, topics, briefings), nothing
lost or doubled, and no run is left ``running``. One trial per stage here (``DEBATELENS_CRASH_TRIALS``
for more); ``benchmarks/crash.py --trials 20`` on demand."""

from __future__ import annotations

import os
import random

import pytest

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("DEBATELENS_CRASH_TRIALS", "1"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    pytest.importorskip("spacy")
    from benchmarks import crash
    from crawler.localsite import LocalSite

    with LocalSite(crash.SITE) as site:
        folder = tmp_path_factory.mktemp("reference")
        saved = {s: folder / f"before-{s}.db" for s in ("analyze", "report")}
        db, seconds, _ = crash.pipeline(folder, site.origin, keep=saved)
        yield {"site": site, "snapshot": crash.snapshot(db), "seconds": seconds, "saved": saved,
               "crawled": crash.snapshot(saved["analyze"])}


@pytest.mark.parametrize("stage", ["crawl", "analyze", "report"])
def test_a_killed_stage_run_again_leaves_the_store_of_an_uninterrupted_run(reference, stage, tmp_path):
    from benchmarks import crash

    snap = reference["snapshot"]
    assert snap["documents"] and snap["claims"] and snap["stances"] and snap["topics"] and snap["reports"]
    rnd = random.Random(f"{stage}-{os.getpid()}")
    for n in range(TRIALS):
        folder = tmp_path / f"trial-{n}"
        folder.mkdir()
        after = rnd.uniform(0.1, 0.6) * reference["seconds"][stage]  # likely mid-run
        # crawl: the crawled store against the reference's before analyze (the analysis of the
        # same documents is the analyze trial's); analyze and report: from the reference's copy
        if stage == "crawl":
            db, _, killed = crash.pipeline(folder, reference["site"].origin, kill=(stage, after), until="crawl")
            differences = crash.compare(reference["crawled"], crash.snapshot(db))
        else:
            db, _, killed = crash.pipeline(folder, reference["site"].origin, kill=(stage, after),
                                           start=reference["saved"][stage])
            differences = crash.compare(snap, crash.snapshot(db))
        assert not differences, f"{stage} killed after {after:.1f} s (killed: {killed}): {differences}"
