"""Run the analysis stage: mentions, claims and stances per document; themes over the corpus.

:func:`analyze` is what ``debatelens analyze`` calls. It is incremental: only relevant documents
with no ``analyzed_at`` are parsed. The texts stream through one ``nlp.pipe`` call (so
``processes`` > 1 starts its workers once, not once per batch), and the parsed documents are
written in batches of ``batch_size``, each in one transaction: a run stopped halfway leaves whole
batches behind and the next run picks up the rest. The theme model is refitted over all relevant
documents at the end of each run that analysed something new. The models come from an
:class:`analysis.analyzer.Analyzer`, built from the settings only when there is work to do.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from corpus import queries, writes
from corpus.profile import Profile, load_profile
from corpus.settings import Settings, load_settings
from corpus.store import Store

from .analyzer import Analyzer, build_analyzer
from .errors import Errors
from .mentions import GUESSED_TYPE, MentionSpan, mentions
from .nlp import ACTOR_LABEL
from .scope import claims_in_scope

logger = logging.getLogger(__name__)

#: Documents read from the store at a time while streaming texts into ``nlp.pipe``.
READ_CHUNK = 64


@dataclass
class AnalysisSummary:
    """What a run did: run id (``None`` when there was nothing to do and no run was recorded),
    counts (documents, words, mentions, claims, stances, topics, passages), and the seconds spent
    per step (``load``, ``parse``, ``stance``, ``topics``, ``total``)."""

    run_id: int | None
    counts: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)


def analyze(settings: Settings | None = None, *, analyzer: Analyzer | None = None, profile: Profile | None = None,
            limit: int | None = None, redo: bool = False, since=None, until=None,
            progress: Callable[[int, int], None] | None = None) -> AnalysisSummary:
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
        progress: called with ``(done, total)`` documents after each batch.

    Returns:
        an :class:`AnalysisSummary`; the analysis_runs row holds the same counts.

    Raises:
        CorpusError: [E011] no store, [E007] an empty one.
        NotInstalled: a model package is missing (the message has the pip command).
    """
    settings = settings or load_settings()
    prof = profile or load_profile(settings.profile)
    store = Store.open(settings.db, must_exist=True)
    try:
        with store.unit_of_work() as session:
            queries.require_documents(session, store.url)
            todo = queries.documents_to_analyze(session, limit=limit, redo=redo, since=since, until=until)
            prop_ids = writes.sync_propositions(session, prof)
        counts: dict[str, Any] = {"documents": 0, "words": 0, "mentions": 0, "claims": 0, "claims_in_scope": 0,
                                  "stances": 0, "topics": 0, "passages": 0, "truncated": 0}
        if not todo and not redo:
            return AnalysisSummary(run_id=None, counts=counts, seconds={"total": 0.0})
        t0 = time.monotonic()
        parts = analyzer or build_analyzer(settings, prof)
        seconds = {"load": time.monotonic() - t0, "parse": 0.0, "stance": 0.0, "topics": 0.0}
        params = {"spacy_model": settings.spacy_model, "embedding_model": parts.embedder.name,
                  "batch_size": settings.batch_size, "processes": settings.processes, "limit": limit, "redo": redo,
                  "themes": parts.themes.name, "seed": settings.seed,
                  "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
        with store.unit_of_work() as session:
            run_id = writes.start_analysis_run(session, profile=prof.name, parameters=params,
                                               versions=parts.versions())
        status = "failed"
        try:
            done = 0
            for batch in _parsed_batches(store, todo, parts, settings, counts, seconds):
                _write_batch(store, batch, run_id=run_id, parts=parts, profile=prof, prop_ids=prop_ids,
                             counts=counts, seconds=seconds)
                done += len(batch)
                if progress:
                    progress(done, len(todo))
            if todo or redo:
                _fit_themes(store, run_id, parts, prof, counts, seconds)
            status = "finished"
        finally:
            seconds["total"] = time.monotonic() - t0
            counts["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
            with store.unit_of_work() as session:
                writes.finish_analysis_run(session, run_id, counts=counts, status=status)
        return AnalysisSummary(run_id=run_id, counts=counts, seconds=seconds)
    finally:
        store.close()


def _texts(store: Store, ids: list[int], limit_chars: int, counts: dict) -> Iterator[tuple[str, Any]]:
    """``(text, DocumentText)`` of ``ids`` read from the store :data:`READ_CHUNK` at a time; a text
    longer than ``limit_chars`` is cut there (warning W101), so one huge page cannot stop a run."""
    for begin in range(0, len(ids), READ_CHUNK):
        with store.reading() as session:
            docs = queries.documents_by_id(session, ids[begin:begin + READ_CHUNK])
        for doc in docs:
            text = doc.text
            if len(text) > limit_chars:
                logger.warning(Errors.W101.format(document_id=doc.id, chars=len(text), limit=limit_chars))
                counts["truncated"] += 1
                text = text[:limit_chars]
            yield text, doc


def _parsed_batches(store: Store, ids: list[int], parts: Analyzer, settings: Settings, counts: dict,
                    seconds: dict) -> Iterator[list[tuple[Any, str, Any]]]:
    """Batches of ``(DocumentText, text, parsed Doc)``, ``settings.batch_size`` at a time, from one
    streaming ``nlp.pipe`` call over every document."""
    nlp = parts.nlp
    nlp.max_length = max(nlp.max_length, settings.max_document_chars + 1)
    # spaCy sends each worker batches of `batch_size` texts; smaller ones keep both workers busy.
    inner = max(1, min(16, settings.batch_size // max(1, settings.processes)))
    stream = nlp.pipe(_texts(store, ids, settings.max_document_chars, counts), as_tuples=True,
                      batch_size=inner, n_process=settings.processes)
    while True:
        t = time.monotonic()
        chunk = list(islice(stream, settings.batch_size))
        seconds["parse"] += time.monotonic() - t
        if not chunk:
            return
        yield [(record, doc.text, doc) for doc, record in chunk]


class _Speakers:
    """The profile's actors as :func:`analysis.speakers.resolve_speakers` takes them, and the
    entity (name, label, actor type, in profile) of a resolved speaker."""

    def __init__(self, profile: Profile) -> None:
        self.labels = {a.name: ACTOR_LABEL.get(a.type, "ORG") for a in profile.actors}
        self.products = {p: a.name for a in profile.actors for p in a.products}
        self.types = {a.name: a.type for a in profile.actors}

    def entity(self, name: str, label: str, spans: list[MentionSpan]) -> MentionSpan:
        """The mention that carries ``name`` (its type as found in the document), else a new one."""
        same = [m for m in spans if m.name == name]
        if same:
            return min(same, key=lambda m: not m.in_profile)
        if name in self.types:
            return MentionSpan(name, self.labels[name], self.types[name], -1, -1, name, in_profile=True)
        return MentionSpan(name, label, GUESSED_TYPE.get(label), -1, -1, name)


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


def _write_batch(store: Store, batch: list[tuple[Any, str, Any]], *, run_id: int, parts: Analyzer,
                 profile: Profile, prop_ids: dict[str, int], counts: dict, seconds: dict) -> None:
    """Mentions, claims and stances of one batch of parsed documents, written in one transaction."""
    from .speakers import resolve_speakers

    actors = _Speakers(profile)
    results = []
    contents: list[str] = []
    speakers_of: list[str] = []
    for record, text, doc in batch:
        spans = mentions(doc, profile)
        claims = _document_claims(record, doc)
        resolved = resolve_speakers(doc, claims, actors=actors.labels, products=actors.products)
        speakers = []
        for claim, r in zip(claims, resolved):
            if claim.kind == "authorial":
                speakers.append(actors.entity(claim.speaker, "PERSON" if record.authors else "ORG", spans))
            elif r.name:
                speakers.append(actors.entity(r.name, r.label, spans))
            else:
                speakers.append(None)
        scope = claims_in_scope(text, claims, profile.relevance)
        results.append((record.id, spans, claims, speakers, scope))
        for claim, speaker, in_scope in zip(claims, speakers, scope):
            if in_scope:
                contents.append(claim.content)
                speakers_of.append(speaker.name if speaker is not None else claim.speaker)
        counts["words"] += sum(1 for tok in doc if not tok.is_punct and not tok.is_space)
    t = time.monotonic()
    scored = iter(parts.stance.score(contents, speakers=speakers_of) if contents else [])
    seconds["stance"] += time.monotonic() - t

    with store.unit_of_work() as session:
        entities = writes.EntityCache(session)
        for doc_id, spans, claims, speakers, scope in results:
            mention_rows = [{"entity_id": entities.id_for(m.name, m.label, actor_type=m.actor_type,
                                                          in_profile=m.in_profile),
                             "start": m.start, "end": m.end, "text": m.text[:500]} for m in spans]
            claim_rows = []
            for claim, speaker in zip(claims, speakers):
                entity_id = None
                if speaker is not None:
                    entity_id = entities.id_for(speaker.name, speaker.label, actor_type=speaker.actor_type,
                                                in_profile=speaker.in_profile)
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


def _fit_themes(store: Store, run_id: int, parts: Analyzer, profile: Profile, counts: dict, seconds: dict) -> None:
    """Refit the theme model over the on-topic passages of every relevant document."""
    from .topics import passages

    if parts.themes.name == "none":
        return
    t = time.monotonic()
    with store.reading() as session:
        texts = queries.relevant_texts(session)
    # Themes of the debate, not of everything a relevant page covers: only passages that are
    # themselves on topic (a digest covers dozens of unrelated stories).
    items = [(doc_id, p) for doc_id, text in texts for p in passages(text) if profile.relevance.on_topic(p)]
    counts["passages"] = len(items)
    vectors = parts.embedder.encode([p for _, p in items])
    result = parts.themes.fit(items, vectors)
    with store.unit_of_work() as session:
        counts["topics"] = writes.replace_topics(session, run_id, result.topics, result.assignments)
    seconds["topics"] = time.monotonic() - t
