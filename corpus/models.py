"""The SQL store's schema: SQLAlchemy 2.0 declarative models.

Every table of DESIGN.md lives here and nowhere else. Column types are the portable ones
(``String``, ``Text``, ``LargeBinary``, ``DateTime(timezone=True)``, ``JSON``), so the same models
run on SQLite and PostgreSQL. Times are stored in UTC. Character offsets (``*_start``/``*_end``)
index the ``documents.text`` string of the claim's document (Python ``str`` indices, end exclusive).

Constraint names follow one naming convention (Alembic docs, "The Importance of Naming
Constraints"), so migrations can drop and alter them on both back ends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from .labels import ACTOR_TYPES, DOCUMENT_KINDS, SOURCE_KINDS, STANCE_LABELS  # noqa: E402,F401  (re-exported)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (UTC).

    SQLite keeps no zone and returns naive values; PostgreSQL's ``timestamptz`` converts to the
    session zone. Both are normalised here so the rest of the code sees one kind of datetime.
    Naive values given to the store are taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    """Declarative base with the shared :data:`NAMING_CONVENTION` metadata."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: UTCDateTime()}


class Source(Base):
    """An outlet: a registered domain (``nytimes.com``) with a display name and a kind.

    Several outlets can share a host (newsletters on substack.com, blogs on medium.com), so an
    outlet is a ``(domain, name)`` pair; a page with no outlet name gets the domain as its name.
    """

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("domain", "name", name="uq_sources_domain_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16), default="news")

    documents: Mapped[list[Document]] = relationship(back_populates="source")


class CrawlRun(Base):
    """One ``debatelens crawl``: parameters, counts and status; failures hang off it."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|finished|failed
    profile: Mapped[str] = mapped_column(String(100))
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)

    failures: Mapped[list[CrawlFailure]] = relationship(back_populates="run")


class CrawlFailure(Base):
    """A URL that a crawl could not store, with the reason code and one line of detail."""

    __tablename__ = "crawl_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    run: Mapped[CrawlRun] = relationship(back_populates="failures")


class Document(Base):
    """A fetched page (article, post, thread, statement) or a comment under a thread.

    ``text`` is the extracted body; ``raw_html`` the fetched bytes, zlib-compressed, so text can be
    re-extracted and each citation checked. ``relevance`` is the profile relevance score in [0, 1];
    ``relevant`` is the keep decision taken with it, ``relevance_reason`` what decided it (the keyword
    rule's and the semantic signal's verdicts, :func:`crawler.relevance.judge`; ``""`` before
    0008). ``analyzed_at`` is set by ``analyze``; ``analysis_note`` says why it read nothing when
    it skipped the document (a language the parser does not read).
    """

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(default=list)
    published_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    language: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="article")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    near_duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    relevance: Mapped[float] = mapped_column(Float, default=0.0)
    relevant: Mapped[bool] = mapped_column(default=True, index=True)
    # server defaults only: rows written by code of an older revision leave them to the database
    relevance_reason: Mapped[str] = mapped_column(Text, server_default="")
    analysis_note: Mapped[str] = mapped_column(Text, server_default="")
    raw_html: Mapped[bytes | None] = mapped_column(LargeBinary)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    analyzed_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    #: MinHash signature of ``text`` (128 permutations as little-endian uint32, 512 bytes;
    #: :mod:`crawler.neardup`), computed once when the page is extracted, so the near-duplicate
    #: index is loaded from the store instead of re-hashing every stored text.
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)

    source: Mapped[Source | None] = relationship(back_populates="documents")
    claims: Mapped[list[Claim]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class RawPage(Base):
    """A fetched page as received, before extraction: what ``crawl`` writes while it fetches.

    ``body`` is the response body zlib-compressed (:func:`corpus.writes.compress_html`), ``size``
    its length in bytes before compression; ``url`` the URL requested and ``final_url`` the one
    answered after redirects; ``headers`` the response headers (name -> value, repeated headers
    joined by ``", "``); ``fetched_at`` UTC. The extraction pass (``crawl``, ``reextract``) reads
    the pages whose ``extracted_at`` is empty and sets, in the transaction that writes their
    documents, ``extracted_at``, ``outcome`` (``stored``, ``updated``, ``duplicate`` or a
    rejection code such as ``too-short``) and ``document_id`` (the document made from it or
    the stored one it duplicates).
    """

    __tablename__ = "raw_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(default=200)
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    size: Mapped[int] = mapped_column(default=0)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    extracted_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)


class Entity(Base):
    """A canonical actor (from the profile, or a new PERSON/ORG/GPE seen by NER)."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("name", "label", name="uq_entities_name_label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(32))  # spaCy label: ORG, PERSON, GPE, NORP ...
    actor_type: Mapped[str | None] = mapped_column(String(32))  # one of ACTOR_TYPES, None if unknown
    in_profile: Mapped[bool] = mapped_column(default=False)
    #: The country of a place or a government body ("Chinese Ministry of Foreign Affairs" -> China),
    #: so a country and its ministries are linked; ``None`` for others.
    country: Mapped[str | None] = mapped_column(String(64))


class Mention(Base):
    """One occurrence of an entity in a document's text: ``text[start:end]``."""

    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(String(500))

    document: Mapped[Document] = relationship(back_populates="mentions")
    entity: Mapped[Entity] = relationship()


class AnalysisRun(Base):
    """One ``debatelens analyze``: model names and versions, parameters, counts, status."""

    __tablename__ = "analysis_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    profile: Mapped[str] = mapped_column(String(100))
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Claim(Base):
    """Who said what: a speaker, a cue (reporting verb) and the content, with char spans.

    Spans index ``document.text``; ``sentence_start:sentence_end`` is the passage to quote.
    ``cluster_id`` groups the same claim repeated by several outlets (content hash for now).
    """

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    # indexed with speaker_entity_id (ix_claims_document_speaker, migration 0009)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    analysis_run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_runs.id"))
    speaker: Mapped[str] = mapped_column(Text)
    speaker_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    cue: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # direct | indirect | authorial
    speaker_start: Mapped[int]
    speaker_end: Mapped[int]
    cue_start: Mapped[int]
    cue_end: Mapped[int]
    content_start: Mapped[int]
    content_end: Mapped[int]
    sentence_start: Mapped[int]
    sentence_end: Mapped[int]
    cluster_key: Mapped[str | None] = mapped_column(String(64), index=True)
    #: The channel the statement was made through ("a post on X", "the Financial Times"), if told.
    via: Mapped[str | None] = mapped_column(String(200))

    document: Mapped[Document] = relationship(back_populates="claims")
    speaker_entity: Mapped[Entity | None] = relationship()
    stances: Mapped[list[Stance]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", passive_deletes=True
    )


class Proposition(Base):
    """A debatable statement of the profile (``key`` like ``distillation-is-theft``)."""

    __tablename__ = "propositions"
    __table_args__ = (UniqueConstraint("profile", "key", name="uq_propositions_profile_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)


class Stance(Base):
    """A claim's stance toward a proposition: favor | against | neutral | unclear, a score in
    [-1, 1] (P(favor) - P(against)), its relatedness and the probability of its label."""

    __tablename__ = "stances"
    __table_args__ = (UniqueConstraint("claim_id", "proposition_id", name="uq_stances_claim_proposition"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # indexed with label (ix_stances_claim_label, ix_stances_proposition_label, migration 0009)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    proposition_id: Mapped[int] = mapped_column(ForeignKey("propositions.id"))
    label: Mapped[str] = mapped_column(String(16))
    score: Mapped[float]
    relatedness: Mapped[float] = mapped_column(Float, default=0.0)
    probability: Mapped[float] = mapped_column(Float, default=0.0)
    model: Mapped[str] = mapped_column(String(200))

    claim: Mapped[Claim] = relationship(back_populates="stances")
    proposition: Mapped[Proposition] = relationship()


class Topic(Base):
    """A theme found by one analysis run's topic model: label, top terms, size in passages, the
    example passage nearest its centroid, the centroid (a unit sentence embedding, to assign later
    documents to it), and its share of the theme passages of each ISO week (``{"2026-W09": 0.25}``)."""

    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # the model's topic id; -1 is the outlier topic
    label: Mapped[str] = mapped_column(String(500))
    terms: Mapped[list[Any]] = mapped_column(default=list)
    size: Mapped[int]
    example: Mapped[str] = mapped_column(Text, default="", server_default="")
    centroid: Mapped[list[Any] | None] = mapped_column(JSON)
    shares: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DocumentTopic(Base):
    """How many of a document's passages fall in a topic (share = passages / document passages)."""

    __tablename__ = "document_topics"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True)
    passages: Mapped[int]
    share: Mapped[float]

    topic: Mapped[Topic] = relationship()


class Embedding(Base):
    """A sentence embedding of one text by one model, computed once and shared by the stages
    that read it (the stance of a claim's content, the themes of a passage): a later run, a
    refit of the themes or a retrained stance model reads it back instead of encoding again.

    ``text_sha256`` is the SHA-256 of the text (UTF-8), ``vector`` its ``dim`` float32 values
    (little-endian bytes, unit length as the embedder returns them). Rows are content-addressed,
    so a stage stopped halfway leaves only rows a rerun would write again."""

    __tablename__ = "embeddings"
    __table_args__ = (UniqueConstraint("model", "text_sha256", name="uq_embeddings_model_text"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    text_sha256: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Report(Base):
    """A rendered briefing: its period (UTC, end exclusive), file path and when it was made."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(40))
    start: Mapped[dt.datetime]
    end: Mapped[dt.datetime]
    path: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


# Covering indexes of the query commands (migration 0009). A document row holds its text
# inline, before the columns the filters read, so reading it for a filter costs its overflow
# pages; these indexes answer the period and near-duplicate filters, a claim's speaker and a
# stance's label without the rows (measured in benchmarks/store.py, 1,000,000 claims).
#: the period walk, newest first (the filters of corpus.queries._in_period)
Index("ix_documents_period", Document.relevant, Document.published_at, Document.near_duplicate_of)
#: the same filters for a document looked up by id (a claim's document)
Index("ix_documents_id_filters", Document.id, Document.relevant, Document.near_duplicate_of,
      Document.published_at)
#: a claim's document and speaker; on PostgreSQL with the claim's id too (migration 0011), which
#: SQLite's indexes hold anyway (the rowid)
Index("ix_claims_document_speaker", Claim.document_id, Claim.speaker_entity_id, postgresql_include=["id"])
Index("ix_stances_claim_label", Stance.claim_id, Stance.proposition_id, Stance.label)
Index("ix_stances_proposition_label", Stance.proposition_id, Stance.label, Stance.claim_id)
