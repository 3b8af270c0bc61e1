"""Runs killed with kill -9 (issue 10): their rows do not stay ``running`` for ever, and a theme
fit lost with them is redone by the next ``analyze`` even when no document is new."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
from sqlalchemy import select

from analysis.analyzer import Analyzer
from analysis.run import analyze
from analysis.topics import TopicResult
from corpus import queries, writes
from corpus.models import AnalysisRun, CrawlRun, Document, Topic
from corpus.store import Store

UTC = dt.timezone.utc


def _killed_run(url: str, kind: str) -> int:
    """The id of a ``kind`` run started by a process that was then killed with SIGKILL."""
    code = textwrap.dedent(f"""
        import sys, time
        from corpus import writes
        from corpus.store import Store
        with Store.open({url!r}) as store, store.unit_of_work() as session:
            run_id = writes.start_{kind}_run(session, profile="p", parameters={{}}, versions={{}})
        print(run_id, flush=True)
        time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        run_id = int(proc.stdout.readline())
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    return run_id


def _status(url: str, model, run_id: int) -> str:
    with Store.open(url) as store, store.reading() as session:
        return session.get(model, run_id).status


def test_a_run_whose_process_is_gone_is_marked_interrupted_by_the_next(tmp_path):
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    crawl_id = _killed_run(url, "crawl")
    assert _status(url, CrawlRun, crawl_id) == "running"
    analysis_id = _killed_run(url, "analysis")  # its start marks the killed crawl
    assert _status(url, CrawlRun, crawl_id) == "interrupted"
    assert _status(url, AnalysisRun, analysis_id) == "running"
    with Store.open(url) as store, store.unit_of_work() as session:
        alive = writes.start_crawl_run(session, profile="p", parameters={}, versions={})
    assert _status(url, CrawlRun, crawl_id) == "interrupted"
    assert _status(url, AnalysisRun, analysis_id) == "interrupted"
    assert _status(url, CrawlRun, alive) == "running"  # this process is alive: its run is left alone
    with Store.open(url) as store, store.reading() as session:
        run = session.get(CrawlRun, crawl_id)
        assert run.finished_at is not None and run.counts["interrupted"] == "process gone"
        assert session.get(CrawlRun, alive).parameters["process"]["pid"] == os.getpid()


def test_a_run_of_another_host_is_left_running(tmp_path):
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    with Store.open(url) as store, store.unit_of_work() as session:
        other = writes.start_crawl_run(session, profile="p", parameters={}, versions={})
        session.get(CrawlRun, other).parameters = {"process": {"host": "elsewhere.invalid", "pid": 1}}
    with Store.open(url) as store, store.unit_of_work() as session:
        assert writes.mark_interrupted_runs(session) == []
    assert _status(url, CrawlRun, other) == "running"


class _Meta:
    meta = {"name": "none", "version": "0"}


class _CountingThemes:
    """A theme model that puts every passage in one topic and counts its fits."""

    name = "counting"

    def __init__(self) -> None:
        self.fits = 0

    def fit(self, passages_by_doc, embeddings) -> TopicResult:
        self.fits += 1
        docs = {doc_id for doc_id, _ in passages_by_doc}
        return TopicResult(topics=[{"number": 0, "label": "distillation", "terms": ["distillation"],
                                    "size": len(passages_by_doc)}],
                           assignments={d: {0: 1} for d in docs})


class _Embedder:
    name = "zeros"

    def encode(self, texts):
        return np.zeros((len(texts), 4), dtype=np.float32)


def test_a_theme_fit_lost_to_a_crash_is_redone_with_nothing_new_to_parse(tmp_path, settings_for):
    url = f"sqlite:///{tmp_path / 'themes.db'}"
    text = ("Anthropic accused DeepSeek of distillation through fraudulent accounts, "
            "and critics called the accusation of theft hypocritical.")
    with Store.open(url) as store, store.unit_of_work() as session:
        source = writes.get_or_create_source(session, "example.org")
        for i in range(3):
            doc_id = writes.add_document(session, url=f"https://example.org/{i}",
                                         canonical_url=f"https://example.org/{i}", source_id=source,
                                         title="t", text=text, relevant=True,
                                         published_at=dt.datetime(2026, 2, 23, tzinfo=UTC))
            session.get(Document, doc_id).analyzed_at = dt.datetime(2026, 2, 24, tzinfo=UTC)
    killed = _killed_run(url, "analysis")  # killed during its theme fit: no topics stored
    themes = _CountingThemes()
    parts = Analyzer(nlp=_Meta(), embedder=_Embedder(), themes=themes)
    with Store.open(url) as store, store.reading() as session:
        assert queries.themes_due(session)

    summary = analyze(settings_for(url), analyzer=parts)

    assert themes.fits == 1 and summary.counts["topics"] == 1 and summary.counts["themes"] == "fitted"
    assert summary.counts["documents"] == 0
    assert _status(url, AnalysisRun, killed) == "interrupted"
    with Store.open(url) as store, store.reading() as session:
        assert session.scalars(select(Topic.analysis_run_id)).all() == [summary.run_id]
        assert not queries.themes_due(session)
    assert analyze(settings_for(url), analyzer=parts).run_id is None  # done: nothing to redo
    assert themes.fits == 1
