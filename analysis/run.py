"""Run the analysis stage: mentions, claims and stances per document; themes over the corpus.

:func:`analyze` is what ``debatelens analyze`` calls. It is incremental: only relevant documents
with no ``analyzed_at`` are parsed. The texts stream through one ``nlp.pipe`` call (so
``processes`` > 1 starts its workers once, not once per batch), and the parsed documents are
written in batches of ``batch_size``, each in one transaction: a run stopped halfway leaves whole
batches behind and the next run picks up the rest. At the end of a run that analysed something
new, the themes are fitted (first run, or ``refit_themes``) or the new documents are put into the
stored themes (:func:`_fit_themes`); the next run does it when it was lost (a run killed during
it: :func:`corpus.queries.themes_due`). Untrusted text is bounded
(:mod:`analysis.bounds`): punctuation runs collapsed, long documents parsed in windows, a time
budget per document; a document that fails is listed in the run's ``failures`` and the rest go on. The models come from an
:class:`analysis.analyzer.Analyzer`, built from the settings only when there is work to do.

With a Dask scheduler (``cluster``, ``analyze --cluster tcp://HOST:PORT``) the per-document work
of :func:`analyze_documents` runs on the cluster's workers instead, one batch per task, each
written by its worker to the shared PostgreSQL store (:mod:`analysis.cluster`); this process
records the run and fits the themes once, after every batch, on the passages' embeddings the
workers computed and stored.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import select

from corpus import queries, writes
from corpus.db import resolve_url
from corpus.models import Entity
from corpus.profile import Profile, load_profile
from corpus.settings import Settings, load_settings
from corpus.store import Store

from .analyzer import Analyzer, build_analyzer
from .bounds import BudgetExceeded, collapse_punctuation, restored, shifted, time_limit, windows
from .errors import AnalysisError, Errors
from .mentions import MentionSpan, mentions, resolve_actor, store_aliases
from .nlp import ACTOR_LABEL
from .scope import claims_in_scope
from .stance.base import claim_text
from .stance.features import stance_speaker

logger = logging.getLogger(__name__)

#: Documents read from the store at a time while streaming texts into ``nlp.pipe``.
READ_CHUNK = 64
#: Longest list of document ids (failed, truncated) kept in an analysis run's counts.
MAX_LISTED = 100
#: Passages' embeddings are computed this many texts per call (and per Dask task with a cluster):
#: the same calls whoever makes them, so the vectors, and the themes fitted on them, are the same
#: with or without a cluster (a sentence model's vectors change in the last bits with the batch).
PASSAGE_CHUNK = 256


@dataclass
class AnalysisSummary:
    """What a run did: run id (``None`` when there was nothing to do and no run was recorded),
    counts (documents, words, mentions, claims, stances, topics, passages), and the seconds spent
    per step (``load``, ``parse``, ``stance``, ``topics``, ``total``)."""

    run_id: int | None
    counts: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)


def analyze(settings: Settings | None = None, *, analyzer: Analyzer | None = None, profile: Profile | None = None,
            limit: int | None = None, redo: bool = False, since=None, until=None, refit_themes: bool = False,
            progress: Callable[[int, int], None] | None = None, cluster: str | None = None) -> AnalysisSummary:
    """Analyse the documents of the store named by ``settings.db`` that have not been analysed yet.

    Args:
        settings: store, profile, models, ``batch_size``, ``processes``, ``themes``, ``seed``,
            ``max_document_chars`` (default: :func:`corpus.settings.load_settings`).
        analyzer: the models to use; default: built from ``settings`` by
            :func:`analysis.analyzer.build_analyzer`, and only when there is something to analyse.
        profile: the debate profile (default: ``settings.profile``).
        limit: analyse at most this many documents.
        redo: re-analyse documents already analysed.
        since, until: only documents published in ``[since, until)`` (aware datetimes, UTC).
        refit_themes: fit the themes again over every relevant document (by default a run puts
            new documents into the stored themes; the first run fits them).
        progress: called with ``(done, total)`` documents after each batch.
        cluster: a Dask scheduler address (``tcp://HOST:PORT``) whose workers analyse the
            documents (default: ``settings.cluster``; empty: this process). The store must be
            PostgreSQL. ``analyzer`` is then this process's: it fits the themes and its versions
            are the ones every worker must have.

    Returns:
        an :class:`AnalysisSummary`; the analysis_runs row holds the same counts (with a cluster,
        ``counts["workers"]``: documents per worker address, and ``seconds["cluster"]``: the
        wall-clock seconds of the per-document work; ``parse`` and ``stance`` add up the workers').

    Raises:
        CorpusError: [E011] no store, [E007] an empty one.
        AnalysisError: [E110] a cluster with a SQLite store, [E112]/[E113] no scheduler or no
            worker there, [E114] a worker with other models.
        NotInstalled: a model package is missing, or [E111] Dask distributed (the message has the
            pip command).
    """
    settings = settings or load_settings()
    address = settings.cluster if cluster is None else cluster
    if address and not resolve_url(settings.db).startswith("postgresql"):
        raise AnalysisError(Errors.E110.format(backend=resolve_url(settings.db).split(":", 1)[0]))
    prof = profile or load_profile(settings.profile)
    store = Store.open(settings.db, must_exist=True)
    try:
        with store.unit_of_work() as session:
            queries.require_documents(session, store.url)
            writes.mark_interrupted_runs(session)  # killed runs are not left `running`
            todo = queries.documents_to_analyze(session, limit=limit, redo=redo, since=since, until=until)
            prop_ids = writes.sync_propositions(session, prof)
            # A fit lost to a crash (or never made) is redone even when no document is new.
            refit = not todo and not redo and settings.themes and (
                analyzer is None or analyzer.themes.name != "none") and queries.themes_due(session)
        counts: dict[str, Any] = {"documents": 0, "words": 0, "mentions": 0, "claims": 0, "claims_in_scope": 0,
                                  "stances": 0, "topics": 0, "passages": 0, "truncated": 0}
        if not todo and not redo and not refit and not refit_themes:
            return AnalysisSummary(run_id=None, counts=counts, seconds={"total": 0.0})
        t0 = time.monotonic()
        parts = analyzer or build_analyzer(settings, prof)
        seconds = {"load": time.monotonic() - t0, "parse": 0.0, "stance": 0.0, "topics": 0.0}
        params = {"spacy_model": settings.spacy_model, "embedding_model": parts.embedder.name,
                  "batch_size": settings.batch_size, "processes": settings.processes, "limit": limit, "redo": redo,
                  "themes": parts.themes.name, "seed": settings.seed, "refit_themes": refit_themes,
                  "since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
                  "themes_only": refit, "cluster": address or None}
        versions = parts.versions()
        if address:
            from .cluster import Cluster

            pool = Cluster.connect(address)  # before the run row: no scheduler, no run
        with pool if address else nullcontext():
            with store.unit_of_work() as session:
                run_id = writes.start_analysis_run(session, profile=prof.name, parameters=params, versions=versions)
            status = "failed"
            try:
                todo = _skip_other_languages(store, todo, parts, prof, settings, run_id, counts)
                if address:
                    t = time.monotonic()
                    pool.analyze(todo, url=store.url, settings=settings, profile=prof, run_id=run_id,
                                 prop_ids=prop_ids, versions=versions, counts=counts, seconds=seconds,
                                 redo=redo, progress=progress)
                    seconds["cluster"] = time.monotonic() - t
                else:
                    analyze_documents(store, todo, parts, settings, profile=prof, run_id=run_id, prop_ids=prop_ids,
                                      counts=counts, seconds=seconds, progress=progress)
                if todo or redo:
                    counts["entities_merged"] = _merge_short_names(store)
                if todo or redo or refit or refit_themes:
                    embed = (lambda chunks: pool.embed(chunks, url=store.url, settings=settings, profile=prof)
                             ) if address else None
                    _fit_themes(store, run_id, parts, prof, counts, seconds, refit=refit_themes, embed=embed)
                status = "finished"
            finally:
                seconds["total"] = time.monotonic() - t0
                counts["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
                with store.unit_of_work() as session:
                    writes.finish_analysis_run(session, run_id, counts=counts, status=status)
        return AnalysisSummary(run_id=run_id, counts=counts, seconds=seconds)
    finally:
        store.close()


def _merge_short_names(store: Store) -> int:
    """Merge the store's entities that are short names of another (:func:`analysis.mentions.store_aliases`:
    "Calloway" -> "Ruth Calloway", "Halvorsen Institute" -> its full name) in one transaction
    under the analysis lock; the number merged."""
    with store.unit_of_work() as session:
        writes.lock_analysis(session)
        rows = session.execute(select(Entity.id, Entity.name, Entity.label, Entity.in_profile)).all()
        return writes.merge_entities(session, store_aliases([tuple(r) for r in rows]))


def analyze_documents(store: Store, ids: list[int], parts: Analyzer, settings: Settings, *, profile: Profile,
                      run_id: int, prop_ids: dict[str, int], counts: dict, seconds: dict, lock: bool = False,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Parse the documents ``ids`` and write their mentions, claims and stances for run
    ``run_id``, ``settings.batch_size`` documents per transaction: what :func:`analyze` does per
    document, in this process or (``lock``) in a Dask worker beside others.

    Args:
        store: the open store; ``ids``: documents, in the order to analyse them.
        parts, settings, profile: the models, settings and debate profile of the run.
        prop_ids: proposition key -> id (:func:`corpus.writes.sync_propositions`).
        counts, seconds: the run's counts and seconds per step, added to in place.
        lock: write each batch under the store's analysis lock (:func:`corpus.writes.lock_analysis`),
            for writers on several machines.
        progress: called with ``(done, len(ids))`` after each batch.

    Returns:
        the number of documents written.
    """
    done = 0
    for batch in _parsed_batches(store, ids, parts, settings, counts, seconds):
        _write_batch(store, batch, run_id=run_id, parts=parts, profile=profile, prop_ids=prop_ids,
                     counts=counts, seconds=seconds, budget=settings.document_time_budget, lock=lock)
        done += len(batch)
        if progress:
            progress(done, len(ids))
    return done


def _skip_other_languages(store: Store, ids: list[int], parts: Analyzer, profile: Profile, settings: Settings,
                          run_id: int, counts: dict) -> list[int]:
    """The ids of ``ids`` in the parser's language (or of unknown language); the others are
    marked analysed with no claims and ``analysis_note`` saying why (warning W131, counted in
    ``skipped_language``, listed in ``skipped_ids``): the English parser, claim rules and
    stance model would read Chinese as noise, so they are not run on it."""
    if not ids:
        return ids
    language = (getattr(getattr(parts, "nlp", None), "lang", None) or profile.language or "en").lower()
    with store.reading() as session:
        languages = queries.document_languages(session, ids)
    other = [i for i in ids if languages.get(i) and languages[i].split("-")[0].lower() != language]
    if not other:
        return ids
    found = sorted({languages[i] for i in other})
    model = settings.spacy_model
    with store.unit_of_work() as session:
        for i in other:
            writes.skip_document_analysis(session, [i], run_id=run_id,
                                          note=f"not analysed: language {languages[i]}; the parser ({model}) "
                                               f"reads {language} only")
    logger.warning(Errors.W131.format(count=len(other), languages=", ".join(found), model=model, language=language))
    counts["skipped_language"] = len(other)
    counts["skipped_ids"] = other[:MAX_LISTED]
    skipped = set(other)
    return [i for i in ids if i not in skipped]


@dataclass
class _Parsed:
    """One document as parsed: its stored ``text`` (up to ``max_document_chars``), the parsed
    windows as ``(offset, Doc)``, and ``error`` (a reason, then ``parts`` is empty) when the
    parse failed or ran past the time budget."""

    record: Any
    text: str
    parts: list[tuple[int, Any]] = field(default_factory=list)
    error: str | None = None


def _texts(store: Store, ids: list[int], limit_chars: int, counts: dict) -> Iterator[tuple[Any, str]]:
    """``(DocumentText, text)`` of ``ids`` read from the store :data:`READ_CHUNK` at a time; a
    text longer than ``limit_chars`` is analysed in its first ``limit_chars`` only, with warning
    W101, counted in ``truncated`` and its id listed in ``truncated_ids`` of the run row."""
    for begin in range(0, len(ids), READ_CHUNK):
        with store.reading() as session:
            docs = queries.documents_by_id(session, ids[begin:begin + READ_CHUNK])
        for doc in docs:
            text = doc.text
            if len(text) > limit_chars:
                logger.warning(Errors.W101.format(document_id=doc.id, chars=len(text), limit=limit_chars))
                counts["truncated"] += 1
                if len(counts.setdefault("truncated_ids", [])) < MAX_LISTED:
                    counts["truncated_ids"].append(doc.id)
                text = text[:limit_chars]
            yield doc, text


def _windows_of(store: Store, ids: list[int], settings: Settings, counts: dict) -> Iterator[tuple[str, tuple]]:
    """The texts spaCy reads, ``(window text, (document number, DocumentText, text, offset,
    last window?))``: each document's text with its punctuation runs collapsed
    (:func:`analysis.bounds.collapse_punctuation`, same offsets), cut in windows of
    ``analysis_window_chars`` (:func:`analysis.bounds.windows`)."""
    for n, (record, text) in enumerate(_texts(store, ids, settings.max_document_chars, counts)):
        analysed = collapse_punctuation(text, settings.max_punctuation_run)
        spans = windows(analysed, settings.analysis_window_chars) or [(0, 0)]
        for i, (start, end) in enumerate(spans):
            yield analysed[start:end], (n, record, text, start, i == len(spans) - 1)


def _parse_stream(nlp, items: Iterator[tuple[str, tuple]], *, batch_size: int, processes: int,
                  budget: float) -> Iterator[tuple[Any, tuple, str | None]]:
    """``(Doc or None, context, error)`` for each window of ``items``, in order.

    With one process, windows are parsed ``batch_size`` at a time under a clock of ``budget``
    seconds per document of the batch (:func:`analysis.bounds.time_limit`); a batch that runs
    out of time, or fails, is parsed again one document at a time, each under ``budget``
    seconds, and a document that still fails gets ``None`` and its reason: the rest of its batch
    is analysed. With several processes the windows stream through spaCy's own workers
    (``nlp.pipe(n_process=...)``); the clock then guards only the steps after the parse.
    """
    if processes > 1:
        for doc, ctx in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=processes):
            yield doc, ctx, None
        return
    while True:
        chunk = list(islice(items, batch_size))
        if not chunk:
            return
        # Windows of one document stay together: a document is parsed whole or not at all.
        while not chunk[-1][1][4]:
            extra = next(items, None)
            if extra is None:
                break
            chunk.append(extra)
        documents = len({ctx[0] for _, ctx in chunk})
        try:
            with time_limit(budget * documents):
                parsed = list(nlp.pipe(chunk, as_tuples=True, batch_size=len(chunk)))
        except Exception:  # noqa: BLE001 - BudgetExceeded or a spaCy error: find the document
            parsed = None
        if parsed is not None:
            for doc, ctx in parsed:
                yield doc, ctx, None
            continue
        for number in dict.fromkeys(ctx[0] for _, ctx in chunk):
            own = [(t, ctx) for t, ctx in chunk if ctx[0] == number]
            try:
                with time_limit(budget):
                    docs = list(nlp.pipe(own, as_tuples=True, batch_size=len(own)))
            except BudgetExceeded:
                error = f"time-budget: parsing took more than {budget:g} s (setting document_time_budget)"
                docs = [(None, ctx) for _, ctx in own]
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                error = f"parse-error: {type(exc).__name__}: {str(exc)[:200]}"
                docs = [(None, ctx) for _, ctx in own]
            else:
                error = None
            for doc, ctx in docs:
                yield doc, ctx, error


def _parsed_batches(store: Store, ids: list[int], parts: Analyzer, settings: Settings, counts: dict,
                    seconds: dict) -> Iterator[list[_Parsed]]:
    """Batches of :class:`_Parsed` documents, ``settings.batch_size`` at a time, from one
    stream of windows through spaCy (:func:`_parse_stream`)."""
    if not ids:
        return
    nlp = parts.nlp
    nlp.max_length = max(nlp.max_length, settings.analysis_window_chars + 1)
    # spaCy sends each worker batches of `batch_size` texts; smaller ones keep both workers busy.
    inner = max(1, min(16, settings.batch_size // max(1, settings.processes)))
    stream = _parse_stream(nlp, _windows_of(store, ids, settings, counts), batch_size=inner,
                           processes=settings.processes, budget=settings.document_time_budget)
    batch: list[_Parsed] = []
    current: _Parsed | None = None
    current_n = -1
    t = time.monotonic()
    for doc, (n, record, text, offset, _last), error in stream:
        if n != current_n:
            current, current_n = _Parsed(record, text), n
            batch.append(current)
        if error or current.error:
            current.error, current.parts = current.error or error, []
        else:
            current.parts.append((offset, doc))
        if len(batch) > settings.batch_size:  # the next document has begun: the batch is whole
            seconds["parse"] += time.monotonic() - t
            yield batch[:-1]
            batch = batch[-1:]
            t = time.monotonic()
    seconds["parse"] += time.monotonic() - t
    if batch:
        yield batch


class _Speakers:
    """The profile's actors as :func:`analysis.speakers.resolve_speakers` takes them, and the
    entity (name, label, actor type, in profile) of a resolved speaker."""

    def __init__(self, profile: Profile) -> None:
        self.labels = {a.name: ACTOR_LABEL.get(a.type, "ORG") for a in profile.actors}
        self.products = {p: a.name for a in profile.actors for p in a.products}
        self.types = {a.name: a.type for a in profile.actors}

    def entity(self, name: str, label: str, spans: list[MentionSpan]) -> MentionSpan | None:
        """The mention that carries ``name`` (its type as found in the document), else a new one;
        ``None`` when the name is no actor (:func:`analysis.mentions.resolve_actor`)."""
        if name in self.types and not any(m.name == name for m in spans):
            return MentionSpan(name, self.labels[name], self.types[name], -1, -1, name, in_profile=True)
        return resolve_actor(name, label, spans, profile_types=self.types)


def _document_claims(record, doc) -> list:
    """The attributed claims of a parsed document, plus the author's own assertions when it is a
    post, a thread or a comment (credited to the byline author, else the outlet)."""
    from .claims import authorial_claims

    claims = list(doc._.claims or [])
    author = record.authors[0] if record.authors else record.outlet
    if record.kind in ("post", "thread", "comment") and author.strip():
        claims += authorial_claims(doc, author=author, kind_of_document=record.kind, attributed=claims)
        claims.sort(key=lambda c: (c.content_start, c.cue_start))
    return claims


#: The actor type of a post's byline author by the kind of its outlet: who writes posts for a news
#: site or a blog is a commentator (the Media group of a briefing), for a research outlet a
#: researcher; a forum's posters stay members of the public.
AUTHOR_TYPE_BY_OUTLET = {"news": "media", "blog": "media", "research": "researcher"}


def _author_typed(author: MentionSpan | None, record) -> MentionSpan | None:
    """The byline author of a post typed by its outlet's kind (:data:`AUTHOR_TYPE_BY_OUTLET`),
    when the name alone gave a guess (``person``); profile actors and named roles keep theirs."""
    kind = AUTHOR_TYPE_BY_OUTLET.get(record.outlet_kind)
    if (author is None or kind is None or record.kind != "post" or not record.authors
            or author.in_profile or author.actor_type != "person"):
        return author
    return dataclasses.replace(author, actor_type=kind)


def _read_document(parsed: _Parsed, profile: Profile, actors: _Speakers) -> tuple[list, list, list, int]:
    """Mentions, claims and their speakers (entity or ``None``) of a parsed document, with the
    offsets of every window moved to offsets of the whole text; and its word count."""
    from .speakers import resolve_speakers

    record = parsed.record
    spans, claims, resolved, words = [], [], [], 0
    for offset, doc in parsed.parts:
        window_claims = _document_claims(record, doc)
        spans += [shifted(m, offset) for m in mentions(doc, profile)]
        resolved += resolve_speakers(doc, window_claims, actors=actors.labels, products=actors.products)
        claims += [restored(shifted(c, offset), parsed.text) for c in window_claims]
        words += sum(1 for tok in doc if not tok.is_punct and not tok.is_space)
    speakers = []
    for claim, r in zip(claims, resolved):
        if claim.kind == "authorial":
            author = actors.entity(claim.speaker, "PERSON" if record.authors else "ORG", spans)
            speakers.append(_author_typed(author, record))
        elif r.name:
            speakers.append(actors.entity(r.name, r.label, spans))
        else:
            speakers.append(None)
    return spans, claims, speakers, words


def _failed(counts: dict, document_id: int, reason: str) -> None:
    """Count a document analyze could not read and list it (warning W130) in the run row."""
    logger.warning(Errors.W130.format(document_id=document_id, reason=reason))
    counts["failed"] = counts.get("failed", 0) + 1
    listed = counts.setdefault("failures", [])
    if len(listed) < MAX_LISTED:
        listed.append({"document_id": document_id, "reason": reason})


def _write_batch(store: Store, batch: list[_Parsed], *, run_id: int, parts: Analyzer, profile: Profile,
                 prop_ids: dict[str, int], counts: dict, seconds: dict, budget: float = 0.0,
                 lock: bool = False) -> None:
    """Mentions, claims and stances of one batch of parsed documents, written in one transaction.

    A document whose parse failed, or whose claims and speakers take more than ``budget``
    seconds to read, is written with no mentions and no claims (so it is not read again at every
    run; ``analyze --redo`` retries it) and listed in the run's ``failures``. With ``lock``, the
    transaction takes the store's analysis lock first (:func:`corpus.writes.lock_analysis`).
    """
    actors = _Speakers(profile)
    results = []
    contents: list[str] = []
    speakers_of: list[str] = []
    frames: list[str | None] = []  # the sentence of a claim that has it to itself
    for parsed in batch:
        record, text = parsed.record, parsed.text
        spans, claims, speakers, scope = [], [], [], []
        if parsed.error is None:
            try:
                with time_limit(budget):
                    spans, claims, speakers, words = _read_document(parsed, profile, actors)
                    scope = claims_in_scope(text, claims, profile.relevance)
                counts["words"] += words
            except BudgetExceeded:
                parsed.error = (f"time-budget: reading claims took more than {budget:g} s "
                                f"(setting document_time_budget)")
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
                parsed.error = f"claims-error: {type(exc).__name__}: {str(exc)[:200]}"
        if parsed.error is not None:
            _failed(counts, record.id, parsed.error)
            spans, claims, speakers, scope = [], [], [], []
        results.append((record.id, spans, claims, speakers, scope))
        per_sentence = Counter((c.sentence_start, c.sentence_end) for c in claims)
        for claim, speaker, in_scope in zip(claims, speakers, scope):
            if in_scope:
                contents.append(claim_text(claim.cue, claim.content))
                speakers_of.append(stance_speaker(speaker.name if speaker is not None else None, claim.speaker,
                                                  profile))
                sentence = text[claim.sentence_start:claim.sentence_end].strip()
                alone = per_sentence[(claim.sentence_start, claim.sentence_end)] == 1
                frames.append(sentence if alone and sentence and sentence != claim.content else None)
    t = time.monotonic()
    scored = iter(_score_stances(store, parts, contents, speakers_of, frames) if contents else [])
    seconds["stance"] += time.monotonic() - t

    with store.unit_of_work() as session:
        if lock:  # before the entities are read: another worker may be storing the same ones
            writes.lock_analysis(session)
        entities = writes.EntityCache(session)
        for doc_id, spans, claims, speakers, scope in results:
            mention_rows = [{"entity_id": entities.id_for(m.name, m.label, actor_type=m.actor_type,
                                                          in_profile=m.in_profile, country=m.country),
                             "start": m.start, "end": m.end, "text": m.text[:500]} for m in spans]
            claim_rows = []
            for claim, speaker in zip(claims, speakers):
                entity_id = None
                if speaker is not None:
                    entity_id = entities.id_for(speaker.name, speaker.label, actor_type=speaker.actor_type,
                                                in_profile=speaker.in_profile, country=speaker.country)
                claim_rows.append({
                    "speaker": claim.speaker, "speaker_entity_id": entity_id, "cue": claim.cue[:200],
                    "content": claim.content, "kind": claim.kind, "via": (claim.via or None) and claim.via[:200],
                    "speaker_start": claim.speaker_start, "speaker_end": claim.speaker_end,
                    "cue_start": claim.cue_start, "cue_end": claim.cue_end,
                    "content_start": claim.content_start, "content_end": claim.content_end,
                    "sentence_start": claim.sentence_start, "sentence_end": claim.sentence_end,
                    "cluster_key": writes.claim_cluster_key(claim.content),
                })
            claim_ids = writes.replace_document_analysis(session, doc_id, run_id=run_id, mentions=mention_rows,
                                                         claims=claim_rows)
            stances = []
            for claim_id, in_scope in zip(claim_ids, scope):
                for s in next(scored) if in_scope else ():
                    stances.append({"claim_id": claim_id, "proposition_id": prop_ids[s.proposition],
                                    "label": s.label, "score": s.score, "relatedness": s.relatedness,
                                    "probability": s.probability, "model": parts.stance.name[:200]})
            counts["claims_in_scope"] += sum(scope)
            counts["stances"] += writes.add_stances(session, stances)
            counts["mentions"] += len(mention_rows)
            counts["claims"] += len(claim_rows)
            counts["documents"] += 1


def _score_stances(store: Store, parts: Analyzer, contents: list[str], speakers: list[str],
                   frames: list[str | None]):
    """The stance model's scores of ``contents`` (with the sentence ``frames`` of claims that
    have their sentence to themselves, when the model reads frames), with their embeddings read
    from (or written to) the store's ``embeddings`` table when the model has an embedder: each
    claim and sentence is encoded once, whatever the number of runs that score it."""
    from .embeddings import StoredEmbeddings

    embedder = getattr(parts.stance, "embedder", None)
    if embedder is None or getattr(embedder, "name", "none") == "none":
        return parts.stance.score(contents, speakers=speakers)
    stored = StoredEmbeddings(embedder, store)
    vectors = stored.encode(contents)
    if not any(frames) or "frames" not in inspect.signature(parts.stance.score).parameters:
        return parts.stance.score(contents, vectors=vectors, speakers=speakers)
    frame_vectors = stored.encode([f for f in frames if f])
    return parts.stance.score(contents, vectors=vectors, speakers=speakers, frames=frames,
                              frame_vectors=frame_vectors)


def _fit_themes(store: Store, run_id: int, parts: Analyzer, profile: Profile, counts: dict, seconds: dict, *,
                refit: bool = False, embed: Callable[[list[list[str]]], None] | None = None) -> None:
    """Themes over the on-topic passages of every relevant document, by the policy of
    :mod:`analysis.topics`: the first run (or ``refit``) fits them; later runs put the passages
    of documents not yet in a theme into the stored themes (nearest centroid). Boilerplate of
    each outlet is stripped first (:class:`analysis.boilerplate.Boilerplate`, learned from every
    stored page of the outlet). Each theme's share per ISO week is stored after either.

    The passages not yet embedded are embedded :data:`PASSAGE_CHUNK` at a time and stored, by
    ``embed`` when given (a Dask cluster's workers: it takes the list of chunks), else here; the
    fit then reads every vector back from the store."""
    from .boilerplate import Boilerplate
    from .topics import assign, passages

    if parts.themes.name == "none":
        return
    t = time.monotonic()
    with store.reading() as session:
        docs = queries.theme_documents(session)
        template = Boilerplate().fit(queries.outlet_texts(session))
        current = queries.latest_topic_run(session)
        centroids = queries.topic_centroids(session, current) if current is not None else {}
        done = queries.documents_with_topics(session, current) if current is not None else set()
    fitting = refit or not centroids
    if not fitting:
        docs = [d for d in docs if d["id"] not in done]
    # Themes of the debate, not of everything a relevant page covers: only passages that are
    # themselves on topic (a digest covers dozens of unrelated stories).
    items = [(d["id"], p) for d in docs for p in passages(template.strip(d["outlet"], d["text"]))
             if profile.relevance.on_topic(p)]
    # One order whatever the store's ids (a crawl stores pages in the order they arrive), so the
    # embeddings are computed in the same batches and the fit sees the same input on every run.
    items.sort(key=lambda item: (item[1], item[0]))
    counts["passages"] = len(items)
    counts["boilerplate_phrases"] = template.size()
    from .embeddings import StoredEmbeddings

    stored = StoredEmbeddings(parts.embedder, store)
    texts = [p for _, p in items]
    missing = stored.missing(texts)
    chunks = [missing[i:i + PASSAGE_CHUNK] for i in range(0, len(missing), PASSAGE_CHUNK)]
    if embed is not None and chunks:
        embed(chunks)
    else:
        for chunk in chunks:
            stored.encode(chunk)
    vectors = stored.encode(texts)
    with store.unit_of_work() as session:
        if fitting:
            result = parts.themes.fit(items, vectors)
            counts["topics"] = writes.replace_topics(session, run_id, result.topics, result.assignments)
            theme_run = run_id if counts["topics"] else current
        else:
            result = assign(items, vectors, centroids)
            counts["passages_assigned"] = writes.add_topic_assignments(session, current, result.assignments)
            counts["topics"] = len(centroids)
            counts["theme_run"] = current
            theme_run = current
        if theme_run is not None:
            writes.update_topic_shares(session, theme_run)
    counts["themes"] = "fitted" if fitting else "assigned"  # what queries.themes_due looks for
    seconds["topics"] = time.monotonic() - t
