"""analyze --cluster: the documents analysed by two Dask workers (a real scheduler and two worker
processes on 127.0.0.1, started here) into a PostgreSQL store, compared row by row, by content,
with one process's run over the same documents; a SQLite store is refused.

The sentences of the generated documents are written for this test.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from corpus import writes
from corpus.store import Store

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc

SPEAKERS = ["Anthropic", "OpenAI", "Senator Ruth Calloway", "Jane Porter, a researcher at an open-source foundation",
            "The Commerce Department", "DeepSeek", "MiniMax"]
#: Three themes of the debate, two paragraphs' worth of sentences each ({s}: a speaker).
THEMES = [
    ["{s} said that the rival lab had opened thousands of fraudulent accounts to distill its model through the API.",
     "According to {s}, the distillation campaign harvested millions of answers in violation of the terms of service.",
     "{s} argued that spotting fake accounts early is the only way to stop distillation at scale.",
     "{s} added that the fraudulent accounts were traced to a handful of payment cards and proxy servers."],
    ["{s} told reporters that the distillation of American models undermines export controls on advanced chips.",
     "{s} said Congress should treat unauthorized distillation as a national security risk.",
     "{s} warned that the Commerce Department may restrict access to models trained on distilled outputs.",
     "{s} said export control rules written for chips cannot reach a model copied through distillation."],
    ["{s} wrote that the accusing labs had scraped the web without permission before they complained of distillation.",
     "{s} said the complaint about distillation was hypocritical because every lab trained on copied text.",
     "{s} noted that publishers have sued the same labs for copying their archives, so the theft claims ring hollow.",
     "{s} said a lab that scraped books and news sites has little ground to call distillation theft."],
]
DOCUMENTS = 18
BATCH = 4


def document_text(i: int) -> str:
    """Document ``i``: three paragraphs of two sentences of theme ``i % 3``, speakers rotated."""
    sentences = THEMES[i % 3]
    paragraphs = []
    for p in range(3):
        first, second = sentences[(p + i) % 4], sentences[(p + i + 1) % 4]
        paragraphs.append(" ".join([first.format(s=SPEAKERS[(i + p) % len(SPEAKERS)]),
                                    second.format(s=SPEAKERS[(i + 2 * p + 1) % len(SPEAKERS)])]))
    return "\n".join(paragraphs)


def seed(url: str) -> None:
    with Store.open(url) as store, store.unit_of_work() as session:
        sources = [writes.get_or_create_source(session, f"outlet{k}.example", name=f"Outlet {k}") for k in range(3)]
        for i in range(DOCUMENTS):
            writes.add_document(session, url=f"https://outlet{i % 3}.example/{i}",
                                canonical_url=f"https://outlet{i % 3}.example/{i}", source_id=sources[i % 3],
                                title=f"Distillation dispute, part {i}", text=document_text(i), relevant=True,
                                published_at=dt.datetime(2026, 2, 9, 9, tzinfo=UTC) + dt.timedelta(days=i))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATELENS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _stop(procs: list[subprocess.Popen]) -> None:
    """SIGTERM to each process group started here, then SIGKILL to what is left after 20 s."""
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """``tcp://127.0.0.1:PORT``: a dask scheduler and two workers (one thread each, no nanny, no
    dashboard) started for this module, on free loopback ports, stopped at its end."""
    pytest.importorskip("distributed", reason="Dask distributed is not installed: pip install 'debatelens[scale]'")
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"cwd": folder, "env": _env(), "start_new_session": True, "stdout": subprocess.DEVNULL}
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"], stderr=open(folder / "scheduler.log", "w"),
                              **common)]
    try:
        for n in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--host", "127.0.0.1", "--name", f"worker-{n}",
                 "--local-directory", str(folder / f"worker-{n}")],
                stderr=open(folder / f"worker-{n}.log", "w"), **common))
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        _stop(procs)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_dask_workers_analyse_each_document_once_and_the_store_equals_one_process(
        dask_cluster, new_database, tmp_path, analyzer, settings_for):
    from analysis.analyzer import Analyzer
    from analysis.run import analyze
    from analysis.topics import ThemeModel
    from corpus.models import AnalysisRun, Document

    from .conftest import SPACY_MODEL

    with new_database("postgresql", tmp_path) as one, new_database("postgresql", tmp_path) as two:
        seed(one)
        seed(two)
        settings = settings_for(one, batch_size=BATCH, spacy_model=SPACY_MODEL)
        parts = Analyzer(nlp=analyzer.nlp, embedder=analyzer.embedder, stance=analyzer.stance,
                         themes=ThemeModel(seed=settings.seed, embedder=analyzer.embedder))
        local = analyze(settings, analyzer=parts)
        assert local.counts["documents"] == DOCUMENTS

        env = {**_env(), "DEBATELENS_SPACY_MODEL": SPACY_MODEL}
        out = subprocess.run([sys.executable, "-m", "debatelens", "analyze", "--db", two, "--cluster", dask_cluster,
                              "--batch-size", str(BATCH)], capture_output=True, text=True, cwd=tmp_path, env=env,
                             timeout=900, check=False)
        assert out.returncode == 0, out.stderr[-3000:]
        assert f"{DOCUMENTS} documents" in out.stdout and out.stdout.count("  worker tcp://127.0.0.1:") == 2

        with Store.open(two) as store, store.reading() as session:
            (run,) = session.scalars(select(AnalysisRun)).all()
            assert run.status == "finished" and run.parameters["cluster"] == dask_cluster
            workers = run.counts["workers"]
            # both workers took batches, and every document was written once, by one of them
            assert len(workers) == 2 and all(n > 0 for n in workers.values()), workers
            assert sum(workers.values()) == run.counts["documents"] == DOCUMENTS
            assert session.scalars(select(Document.id).where(Document.analyzed_at.is_(None))).all() == []
            ids = session.scalars(select(Document.id).order_by(Document.id)).all()

        a, b = _content(one), _content(two)
        assert a["claims"] and a["stances"] and a["mentions"]
        assert any(t[0] != -1 for t in a["topics"]), "no theme fitted: the test documents are too few"
        for table in ("claims", "stances", "mentions", "entities", "topics", "document_topics"):
            assert a[table] == b[table], f"{table} differ between one process and the cluster"
        assert b["claim_runs"] == {run.id}

        # A batch handed again to a worker (its first worker died after writing it) writes nothing.
        from distributed import Client

        from analysis.cluster import analyze_batch
        from corpus.profile import load_profile

        job = (settings_for(two, batch_size=BATCH, spacy_model=SPACY_MODEL).replace(processes=1), load_profile())
        with Client(dask_cluster, timeout=60, set_as_default=False) as client:
            again = client.submit(analyze_batch, ids[:BATCH], job, url=two, run_id=run.id, prop_ids={},
                                  versions=run.versions, redo=False, pure=False).result(timeout=600)
        assert again["ids"] == [] and again["counts"]["documents"] == 0
        assert _content(two) == b


def _content(url: str) -> dict:
    """The analysis tables of ``url`` by content (documents by URL, entities by name), no ids."""
    from corpus.models import Claim, Document, DocumentTopic, Entity, Mention, Proposition, Stance, Topic

    with Store.open(url) as store, store.reading() as session:
        urls = dict(session.execute(select(Document.id, Document.canonical_url)).all())
        names = {e.id: (e.name, e.label, e.actor_type, e.in_profile, e.country) for e in session.scalars(select(Entity))}
        props = dict(session.execute(select(Proposition.id, Proposition.key)).all())
        claims = list(session.scalars(select(Claim)))
        by_id = {c.id: c for c in claims}
        out = {
            "claims": sorted((urls[c.document_id], c.content_start, c.speaker, names.get(c.speaker_entity_id), c.cue,
                              c.content, c.kind, c.via, c.speaker_start, c.speaker_end, c.cue_start, c.cue_end,
                              c.content_end, c.sentence_start, c.sentence_end, c.cluster_key) for c in claims),
            "claim_runs": {c.analysis_run_id for c in claims},
            "stances": sorted((urls[by_id[s.claim_id].document_id], by_id[s.claim_id].content_start,
                               by_id[s.claim_id].cue_start, props[s.proposition_id], s.label, round(s.score, 4),
                               round(s.relatedness or 0.0, 4), round(s.probability or 0.0, 4), s.model)
                              for s in session.scalars(select(Stance))),
            "mentions": sorted((urls[m.document_id], names[m.entity_id], m.start, m.end, m.text)
                               for m in session.scalars(select(Mention))),
            "entities": sorted(names.values()),
        }
        topics = {t.id: t for t in session.scalars(select(Topic))}
        out["topics"] = sorted((t.number, t.label, tuple(t.terms), t.size, t.example,
                                tuple(sorted((t.shares or {}).items()))) for t in topics.values())
        out["document_topics"] = sorted((urls[d.document_id], topics[d.topic_id].number, d.passages, round(d.share, 4))
                                        for d in session.scalars(select(DocumentTopic)))
    return out


def test_a_cluster_with_a_sqlite_store_is_refused_in_one_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "debatelens", "analyze", "--db", str(tmp_path / "x.db"),
                          "--cluster", "tcp://127.0.0.1:8786"], capture_output=True, text=True, cwd=tmp_path,
                         env=_env(), timeout=120, check=False)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "[E110]" in out.stderr and "PostgreSQL" in out.stderr, out.stderr
    assert not (tmp_path / "x.db").exists()  # refused before a store was opened


def test_no_scheduler_at_the_address_is_an_error_that_says_how_to_start_one():
    pytest.importorskip("distributed", reason="Dask distributed is not installed: pip install 'debatelens[scale]'")
    from analysis.cluster import Cluster
    from analysis.errors import AnalysisError

    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(AnalysisError, match=r"\[E112\].*dask scheduler"):
        Cluster.connect(address, timeout=2)
