"""``analyze --cluster``: the per-document work of an analysis run on Dask distributed workers.

What runs where:

- **this process** (the one that runs ``debatelens analyze --cluster tcp://HOST:PORT``) picks the
  documents to analyse, records the run row, cuts the documents in batches of ``batch_size``
  (the batches one process would write) and submits one Dask task per batch; when every batch is
  written, it fits the themes once on the passages' embeddings, which the workers computed and
  stored (:data:`analysis.run.PASSAGE_CHUNK` passages per task), and finishes the run row;
- **each worker** loads the analyzer once (:func:`worker_analyzer`, kept for the life of the worker
  process and rebuilt only for other settings or another profile), parses its batch, scores the
  stances and writes the batch to the shared PostgreSQL store in one transaction, under the store's
  analysis lock (:func:`corpus.writes.lock_analysis`: entities are got or created by name).

The rules of a local run hold: a batch lands whole or not at all, so a run stopped halfway (the
driver killed, a worker killed) leaves whole batches and the next run analyses the rest; a batch
that the scheduler hands to another worker after its first worker died skips the documents the
first one wrote (:func:`corpus.queries.not_yet_analyzed`). A worker whose models or versions
differ from this process's refuses its batch (E114) rather than write claims of another model.

Workers run one task at a time each (start them with ``--nthreads 1``, as many worker processes
per machine as it has cores); a worker with more threads runs its tasks one after the other, the
analyzer not being thread-safe. The per-document time budget (``document_time_budget``) is not
enforced on a worker: it needs signals, which only the main thread of a process gets, and Dask runs
tasks on other threads.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable
from typing import Any

from corpus import queries
from corpus.errors import NotInstalled
from corpus.profile import Profile
from corpus.settings import Settings
from corpus.store import Store

from .analyzer import Analyzer
from .errors import AnalysisError, Errors

#: Seconds to wait for the scheduler to answer, then for a first worker to join it.
CONNECT_TIMEOUT = 30.0
WORKER_TIMEOUT = 120.0
#: Versions that may differ from worker to worker (where the stance model file lies).
LOCAL_VERSIONS = frozenset({"stance_file"})

_analyzers: dict[str, tuple[Analyzer, dict[str, str]]] = {}
_lock = threading.Lock()  # one task at a time uses a worker's analyzer


#: Settings that do not change the analyzer: a worker keeps its models from a run on one store to
#: a run on another.
NOT_MODELS = frozenset({"db", "cluster", "processes", "batch_size"})


def _key(settings: Settings, profile: Profile) -> str:
    values = sorted((k, v) for k, v in dict(settings).items() if k not in NOT_MODELS)
    return hashlib.sha256(pickle.dumps((values, profile))).hexdigest()


def worker_analyzer(settings: Settings, profile: Profile) -> tuple[Analyzer, dict[str, str]]:
    """The analyzer of this worker process for ``settings`` and ``profile``, built on first use
    (:func:`analysis.analyzer.build_analyzer`) and kept, with its versions
    (:meth:`analysis.analyzer.Analyzer.versions`). Call it holding ``_lock``."""
    from .analyzer import build_analyzer

    key = _key(settings, profile)
    if key not in _analyzers:
        _analyzers.clear()  # one analyzer per worker: a new run with other settings replaces it
        parts = build_analyzer(settings, profile)
        _analyzers[key] = (parts, parts.versions())
    return _analyzers[key]


def _worker_address() -> str:
    from distributed import get_worker

    try:
        return get_worker().address
    except ValueError:  # called outside a worker (a test calling the task directly)
        return "local"


def analyze_batch(ids: list[int], job: tuple[Settings, Profile], *, url: str, run_id: int,
                  prop_ids: dict[str, int], versions: dict[str, str], redo: bool) -> dict[str, Any]:
    """A Dask task: analyse the documents ``ids`` (one batch) and write them to the store ``url``.

    Args:
        ids: document ids, in the order to analyse them.
        job: the run's settings (``processes`` 1) and debate profile, scattered once to every worker.
        url: the PostgreSQL store; ``run_id``: the run of the driver; ``prop_ids``: proposition
            key -> id.
        versions: the driver's :meth:`analysis.analyzer.Analyzer.versions`.
        redo: documents analysed already are analysed again (else they are skipped: a batch
            rerun after its worker died).

    Returns:
        ``{"worker": address, "ids": the documents written, "counts": ..., "seconds": ...}``.

    Raises:
        AnalysisError: [E114] this worker's models or versions differ from the driver's.
    """
    from .run import analyze_documents

    settings, profile = job
    with _lock:
        parts, mine = worker_analyzer(settings, profile)
        worker = _worker_address()
        differences = sorted(k for k in set(mine) | set(versions)
                             if k not in LOCAL_VERSIONS and mine.get(k) != versions.get(k))
        if differences:
            raise AnalysisError(Errors.E114.format(
                worker=worker, differences=", ".join(f"{k}: {mine.get(k)} here, {versions.get(k)} there"
                                                     for k in differences)))
        counts: dict[str, Any] = {"documents": 0, "words": 0, "mentions": 0, "claims": 0, "claims_in_scope": 0,
                                  "stances": 0, "truncated": 0}
        seconds = {"parse": 0.0, "stance": 0.0}
        store = Store.open(url, migrate=False, must_exist=True)
        try:
            if not redo:
                with store.reading() as session:
                    ids = queries.not_yet_analyzed(session, ids)
            analyze_documents(store, ids, parts, settings, profile=profile, run_id=run_id, prop_ids=prop_ids,
                              counts=counts, seconds=seconds, lock=True)
        finally:
            store.close()
    return {"worker": worker, "ids": list(ids), "counts": counts, "seconds": seconds}


def embed_passages(texts: list[str], job: tuple[Settings, Profile], *, url: str) -> int:
    """A Dask task: embed ``texts`` (passages) with this worker's embedder in one call and store
    the vectors (:class:`analysis.embeddings.StoredEmbeddings`); returns how many were new."""
    from .embeddings import StoredEmbeddings

    settings, profile = job
    with _lock:
        parts, _ = worker_analyzer(settings, profile)
        store = Store.open(url, migrate=False, must_exist=True)
        try:
            stored = StoredEmbeddings(parts.embedder, store)
            stored.encode(texts)
            return stored.misses
        finally:
            store.close()


def _merge(counts: dict, seconds: dict, result: dict[str, Any], limit: int) -> None:
    """Add one task's counts and seconds to the run's (lists kept to ``limit`` items)."""
    for name, value in result["counts"].items():
        if isinstance(value, list):
            listed = counts.setdefault(name, [])
            listed.extend(value[:max(0, limit - len(listed))])
        elif isinstance(value, (int, float)):
            counts[name] = counts.get(name, 0) + value
    for name, value in result["seconds"].items():
        seconds[name] = seconds.get(name, 0.0) + value
    workers = counts.setdefault("workers", {})
    workers[result["worker"]] = workers.get(result["worker"], 0) + result["counts"]["documents"]


class Cluster:
    """A connection to a Dask scheduler that runs the tasks of one analysis run.

    Use :meth:`connect`, then :meth:`analyze` and :meth:`embed`; close it (or use it as a context
    manager) to release the client. Tasks still queued when it closes are cancelled.
    """

    def __init__(self, client, address: str) -> None:
        self.client, self.address = client, address
        self._job = None

    @classmethod
    def connect(cls, address: str, *, timeout: float = CONNECT_TIMEOUT,
                workers_timeout: float = WORKER_TIMEOUT) -> Cluster:
        """A client of the scheduler at ``address`` that has at least one worker.

        Raises:
            NotInstalled: [E111] Dask distributed is not installed.
            AnalysisError: [E112] no scheduler answers there; [E113] no worker joined it in
                ``workers_timeout`` seconds.
        """
        try:
            from distributed import Client
        except ImportError as exc:
            raise NotInstalled(Errors.E111) from exc
        try:
            client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise AnalysisError(Errors.E112.format(address=address, reason=str(exc).splitlines()[0][:200])) from exc
        try:
            client.wait_for_workers(1, timeout=workers_timeout)
        except TimeoutError as exc:
            client.close()
            raise AnalysisError(Errors.E113.format(address=address, seconds=workers_timeout)) from exc
        return cls(client, address)

    def _scattered(self, settings: Settings, profile: Profile):
        """The run's settings and profile, sent once to every worker."""
        if self._job is None:
            job = (settings.replace(processes=1, cluster=""), profile)
            self._job = self.client.scatter(job, broadcast=True, hash=False)
        return self._job

    def analyze(self, ids: list[int], *, url: str, settings: Settings, profile: Profile, run_id: int,
                prop_ids: dict[str, int], versions: dict[str, str], counts: dict, seconds: dict, redo: bool = False,
                progress: Callable[[int, int], None] | None = None) -> None:
        """Analyse ``ids`` on the workers, one task per ``settings.batch_size`` documents, adding
        each task's counts and seconds to ``counts``/``seconds`` as it ends (``counts["workers"]``:
        documents per worker). The first task that fails cancels the others and its error is
        raised here; the batches written until then stay.

        Raises:
            AnalysisError: a document analysed twice (a bug: the scheduler ran a batch again
                without the skip), or what a task raised.
        """
        from distributed import as_completed

        from .run import MAX_LISTED

        size = settings.batch_size
        batches = [ids[i:i + size] for i in range(0, len(ids), size)]
        job = self._scattered(settings, profile)
        futures = [self.client.submit(analyze_batch, batch, job, url=url, run_id=run_id, prop_ids=prop_ids,
                                      versions=versions, redo=redo, key=f"debatelens-analyze-{run_id}-{n}",
                                      pure=False)
                   for n, batch in enumerate(batches)]
        seen: set[int] = set()
        try:
            for future in as_completed(futures, loop=self.client.loop):
                result = future.result()
                twice = seen & set(result["ids"])
                if twice:
                    raise AnalysisError(f"documents {sorted(twice)[:10]} were analysed twice in run {run_id}")
                seen |= set(result["ids"])
                _merge(counts, seconds, result, MAX_LISTED)
                if progress:
                    progress(len(seen), len(ids))
        finally:
            self.client.cancel(futures)

    def embed(self, chunks: list[list[str]], *, url: str, settings: Settings, profile: Profile) -> int:
        """Embed and store the passages of ``chunks`` on the workers, one task per chunk; returns
        how many texts were new."""
        job = self._scattered(settings, profile)
        futures = [self.client.submit(embed_passages, chunk, job, url=url, pure=False) for chunk in chunks]
        try:
            return sum(self.client.gather(futures))
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        """Close the client (tasks of this client still queued are forgotten by the scheduler)."""
        self.client.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
