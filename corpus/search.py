"""Full-text search over claims and documents: one small query syntax, two engines.

The indexes are created by migration 0003 (``corpus/migrations/versions/0003_full_text_search.py``):

- SQLite: FTS5 external-content tables ``claims_fts`` (content, speaker, cue of ``claims``) and
  ``documents_fts`` (title, text of ``documents``), tokenizer ``porter unicode61
  remove_diacritics 2``, kept in sync by ``AFTER INSERT/UPDATE/DELETE`` triggers;
  ranked with ``bm25()`` (SQLite docs, "FTS5", section 5.1.1).
- PostgreSQL: stored generated ``search_vector tsvector`` columns (``english`` configuration,
  content/title weighted A, speaker/text B, cue C) with GIN indexes; ranked with ``ts_rank``.
  A document's vector covers its first :data:`PG_DOCUMENT_CHARS` characters (a ``tsvector`` is
  limited to 1 MB; PostgreSQL docs, "Text Search Limitations").

The query syntax (the same on both back ends) is what people type into search boxes:

=====================  ===============================================================
``fake accounts``      both words (any order, any form: ``account`` matches ``accounts``)
``"fake accounts"``    the phrase
``theft OR scraping``  either (``OR`` in capitals binds tighter than the implied AND)
``distill*``           a prefix (``distill``, ``distilled``, ``distillation``)
``-denied``            without this word or phrase
=====================  ===============================================================

A user's string is never passed to ``MATCH`` or ``to_tsquery`` as it stands, where a stray quote,
bracket or colon is a syntax error (FTS5's grammar is small, its error messages are not): it is
parsed here into :class:`SearchQuery` (a conjunction of alternatives of terms) and rewritten, every
term as an FTS5 string in double quotes, or as bound ``phraseto_tsquery`` / ``to_tsquery``
arguments of word characters only, combined with the ``&&``, ``||`` and ``!!`` tsquery
operators. Anything left unbalanced (an open quote, an ``OR`` at the end) is read leniently; the
only errors are a query with nothing to search for [E030] and one that only excludes [E031].

Stop words differ: PostgreSQL's ``english`` configuration drops them (``the`` alone matches
nothing there), FTS5 keeps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table

from .errors import CorpusError, Errors

#: The PostgreSQL text search configuration of the ``search_vector`` columns.
PG_CONFIG = "english"
#: Characters of a document's text indexed on PostgreSQL (its ``tsvector`` must stay under 1 MB).
PG_DOCUMENT_CHARS = 300_000
#: The weights of the fields of a ``search_vector`` (claims: content, speaker, cue; documents:
#: title, text).
PG_WEIGHTS = ("A", "B", "C")
#: SQLite FTS5 tables (and their shadow tables, ``<name>_data`` ...), left out of ``alembic check``.
FTS_TABLES = ("claims_fts", "documents_fts")
#: The generated column and index names on PostgreSQL, left out of ``alembic check`` likewise.
PG_SEARCH_COLUMN = "search_vector"
#: The claim's speaker alone (migration 0010), for ``--speaker``: the GIN index of a weighted
#: vector cannot tell the speaker field from the others.
PG_SPEAKER_COLUMN = "speaker_vector"
PG_SEARCH_INDEXES = ("ix_claims_search_vector", "ix_documents_search_vector", "ix_claims_speaker_vector")

Target = Literal["claims", "documents"]


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic autogenerate's ``include_name`` hook (used by ``migrations/env.py``): leaves the
    search objects of migration 0003 out of the comparison with the models, which do not hold
    them (FTS5 virtual tables and their shadow tables on SQLite, the generated ``search_vector``
    columns and their GIN indexes on PostgreSQL)."""
    if type_ == "table":
        return not is_search_table(name or "")
    if type_ == "column":
        return name not in (PG_SEARCH_COLUMN, PG_SPEAKER_COLUMN)
    if type_ == "index":
        return name not in PG_SEARCH_INDEXES
    return True


def is_search_table(name: str) -> bool:
    """True for an FTS5 table of :data:`FTS_TABLES` or one of its shadow tables (``claims_fts_data``)."""
    return any(name == t or name.startswith(t + "_") for t in FTS_TABLES)

_WORD = re.compile(r"[^\W_]+")  # what both tokenizers call a word: letters and digits
#: A token: an optional "-", then a quoted phrase (closing quote optional, a star after it
#: optional) or a run of non-space characters.
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?(\*?)|(\S+))')


@dataclass(frozen=True)
class Term:
    """One word or phrase of a query.

    Attributes:
        words: the lower-cased words (``[^\\W_]+`` runs); more than one is a phrase.
        prefix: the last word is a prefix (``distill*``).
    """

    words: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        """The term as an FTS5 string: ``"fake accounts"`` or ``"distill"*``."""
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")

    def tsquery(self, weights: tuple[str, ...] = ()) -> ColumnElement:
        """The term as a PostgreSQL ``tsquery`` expression with one bound argument; with
        ``weights`` (``("B",)``) only in those fields.

        A phrase must lie within one field, as in FTS5; the fields of a ``search_vector`` are
        concatenated (positions run on from one to the next), so a phrase is asked of each weight
        in turn: ``(fake:A <-> accounts:A) | (fake:B <-> accounts:B) | ...``. Only word
        characters reach ``to_tsquery``, so its syntax (``& | ! ( ) : * < > '``) cannot occur.
        """
        config = literal_column(f"'{PG_CONFIG}'")
        if len(self.words) == 1 and not weights:
            return (func.to_tsquery(config, self.words[0] + ":*") if self.prefix
                    else func.plainto_tsquery(config, self.words[0]))

        def phrase(weight: str) -> str:
            last = self.words[-1] + (":*" if self.prefix else ":") + weight
            return " <-> ".join([f"{w}:{weight}" for w in self.words[:-1]] + [last])
        return func.to_tsquery(config, " | ".join(f"({phrase(w)})" for w in weights or PG_WEIGHTS))


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: every group must match (AND), a group is alternatives (OR), and no
    ``excluded`` term may match.

    Attributes:
        groups: tuples of :class:`Term`, at least one group.
        excluded: terms that must not match.
        text: the string as the user gave it.
    """

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    text: str

    def words(self) -> list[str]:
        """Every word of the included terms, in order (to highlight a snippet)."""
        return [w for group in self.groups for term in group for w in term.words]

    def fts5(self) -> str:
        """The query as an FTS5 ``MATCH`` string (explicit brackets, no precedence left to FTS5)."""
        def alternatives(terms):
            return "(" + " OR ".join(t.fts5() for t in terms) + ")"
        out = " AND ".join(alternatives(g) for g in self.groups)
        if self.excluded:
            out = f"({out}) NOT {alternatives(self.excluded)}"
        return out

    def tsquery(self) -> ColumnElement:
        """The query as one PostgreSQL ``tsquery`` expression (``tsquery_and/or/not``, the
        functions behind the ``&&``, ``||`` and ``!!`` operators)."""
        expr = None
        for group in self.groups:
            alt = group[0].tsquery()
            for term in group[1:]:
                alt = func.tsquery_or(alt, term.tsquery())
            expr = alt if expr is None else func.tsquery_and(expr, alt)
        for term in self.excluded:
            expr = func.tsquery_and(expr, func.tsquery_not(term.tsquery()))
        return expr


def parse_query(text: str) -> SearchQuery:
    """Parse a search string (syntax in the module docstring) into a :class:`SearchQuery`.

    Args:
        text: what the user typed, any characters.

    Returns:
        the parsed query.

    Raises:
        CorpusError: [E030] nothing to search for (no letters or digits); [E031] only excluded
            terms (a search must say what to find).
    """
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False  # the previous token was OR
    for match in _TOKEN.finditer(text):
        negated, phrase, star, word = match.group(1) == "-", match.group(2), match.group(3), match.group(4)
        if word == "OR" and not negated:
            join_next = bool(groups)
            continue
        raw = phrase if phrase is not None else word
        words = tuple(w.lower() for w in _WORD.findall(raw))
        if not words:
            continue
        # A prefix where a star ends the last word ("distill*", "fake acc"*), not in "dis*till".
        prefix = bool(star) if phrase is not None else bool(re.search(r"[^\W_]\*+$", raw))
        term = Term(words, prefix)
        if negated:
            excluded.append(term)
        elif join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups and not excluded:
        raise CorpusError(Errors.E030.format(query=text))
    if not groups:
        raise CorpusError(Errors.E031.format(query=text))
    return SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded), text)


def as_query(query: str | SearchQuery) -> SearchQuery:
    """``query`` parsed (see :func:`parse_query`) unless it is a :class:`SearchQuery` already."""
    return query if isinstance(query, SearchQuery) else parse_query(query)


#: bm25 column weights of ``claims_fts`` (content, speaker, cue) and ``documents_fts`` (title,
#: text): a word in the content or title counts more than one in the speaker or the body.
_BM25_WEIGHTS = {"claims": (1.0, 0.8, 0.3), "documents": (2.0, 1.0)}


def matching(dialect: str, target: Target, query: str | SearchQuery) -> Select:
    """A ``SELECT id, rank`` of the claims (or documents) that match ``query``.

    Args:
        dialect: ``"sqlite"`` or ``"postgresql"`` (``session.get_bind().dialect.name``).
        target: ``"claims"`` (content, speaker, cue) or ``"documents"`` (title, text).
        query: a search string or a parsed :class:`SearchQuery`.

    Returns:
        a select of ``id`` (claims.id / documents.id) and ``rank``: lower is more relevant
        (SQLite: ``bm25()``, which is negative; PostgreSQL: ``-ts_rank(vector, query, 1)``,
        normalised by the log of the length, as bm25 is by length). Join it and order by ``rank``.

    Raises:
        CorpusError: [E030] / [E031] for a query with nothing to find (:func:`parse_query`).
    """
    parsed = as_query(query)
    if dialect == "sqlite":
        fts = table(f"{target}_fts", column("rowid"))
        name = literal_column(f"{target}_fts")
        return (select(fts.c.rowid.label("id"), func.bm25(name, *_BM25_WEIGHTS[target]).label("rank"))
                .select_from(fts).where(name.op("MATCH")(parsed.fts5())))
    if dialect == "postgresql":
        vector = literal_column(f"{target}.{PG_SEARCH_COLUMN}")
        tsq = parsed.tsquery()
        return (select(literal_column(f"{target}.id").label("id"), (-func.ts_rank(vector, tsq, 1)).label("rank"))
                .select_from(table(target)).where(vector.op("@@")(tsq)))
    raise CorpusError(Errors.E002.format(url=dialect))


def speaker_condition(dialect: str, speaker: str, claim_id: ColumnElement) -> ColumnElement | None:
    """A WHERE condition on ``claims``: the speaker, as written, has these words, the last one as
    a prefix (``"jane r"`` finds "Jane Roe", ``roe`` finds "Roe"), through the search index
    rather than a ``LIKE`` over every claim (5.2 s at 1,000,000 claims before migration 0003).
    ``None`` when ``speaker`` has no word to look for.

    SQLite: ``claim_id IN`` the rows of the FTS5 speaker column. PostgreSQL: the claim's own
    ``speaker_vector`` (migration 0010) tested in the row, so the planner may walk the newest
    documents and test their claims instead of fetching every match first: ``--speaker
    Anthropic`` 441 -> 42 ms p50 at 1,000,000 claims (benchmarks/store.py).

    Args:
        dialect: ``"sqlite"`` or ``"postgresql"``; speaker: what the user typed.
        claim_id: the ``claims.id`` column to test (``Claim.id``, or ``Claim.id + 0``).
    """
    words = tuple(w.lower() for w in _WORD.findall(speaker))
    if not words:
        return None
    if dialect == "sqlite":
        fts = table("claims_fts", column("rowid"))
        return claim_id.in_(select(fts.c.rowid).select_from(fts).where(
            literal_column("claims_fts").op("MATCH")("{speaker} : " + Term(words, prefix=True).fts5())))
    phrase = " <-> ".join(words[:-1] + (words[-1] + ":*",))
    tsq = func.to_tsquery(literal_column(f"'{PG_CONFIG}'"), phrase)
    return literal_column(f"claims.{PG_SPEAKER_COLUMN}").op("@@")(tsq)


def snippet(text: str, query: SearchQuery, *, width: int = 160) -> str:
    """About ``width`` characters of ``text`` around the first word of ``query`` found in it
    (a word's first five letters, so ``accounts`` finds ``account``), with ``…`` where cut.

    Done in Python rather than with FTS5 ``snippet()`` / ``ts_headline`` so that both back ends
    give the same snippet, and only for the rows shown.
    """
    lowered = text.lower()
    hits = [i for i in (lowered.find(w[:5]) for w in query.words()) if i >= 0]
    if not hits:
        return text[:width].strip() + ("…" if len(text) > width else "")
    start = max(0, min(hits) - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def find_documents(session, *, text: str | None = None, speaker: str | None = None,
                   proposition: str | None = None, stance: str | None = None, actor_type: str | None = None,
                   exact_type: bool = False, since=None, until=None, limit: int | None = 100,
                   offset: int = 0) -> list[dict]:
    """Relevant documents matching every filter: by relevance to ``text`` (title and text),
    else newest first; the claim filters keep documents with at least one such claim.

    Args:
        session: a session from :meth:`corpus.store.Store.reading`.
        text: a search (the syntax of :func:`parse_query`) over the title and the text.
        speaker, proposition, stance, actor_type, exact_type: as in
            :func:`corpus.queries.find_claims`, on the document's claims.
        since, until: published_at bounds, UTC datetimes, ``[since, until)``.
        limit: at most this many rows (``None``: all); offset: skip this many first.

    Returns:
        dicts with id, published_at (UTC), title, outlet, kind, url, claims (how many the
        document has), chars (length of its text) and, with ``text``, snippet (about 160
        characters around the first match). Near-duplicates (syndicated copies) are left out.

    Raises:
        CorpusError: [E006] unknown proposition, [E009] unknown stance, [E030]/[E031] a
            search with nothing to find.
    """
    from sqlalchemy import exists

    from .models import Claim, Document, Source
    from .queries import _in_period, claim_conditions

    parsed = as_query(text) if text else None
    conditions = claim_conditions(session, speaker=speaker, proposition=proposition, stance=stance,
                                  actor_type=actor_type, exact_type=exact_type)
    claims = select(func.count(Claim.id)).where(Claim.document_id == Document.id).correlate(Document).scalar_subquery()
    query = (select(Document.id, Document.published_at, Document.title, Source.name.label("outlet"), Document.kind,
                    Document.canonical_url.label("url"), claims.label("claims"),
                    func.length(Document.text).label("chars"))
             .outerjoin(Source, Document.source_id == Source.id).where(_in_period(since, until)))
    if conditions:
        query = query.where(exists(select(Claim.id).where(Claim.document_id == Document.id, *conditions)))
    newest = (Document.published_at.desc().nulls_last(), Document.id)
    if parsed is None:
        result = session.execute(query.order_by(*newest).limit(limit).offset(offset or None)).all()
    else:
        def build(hits):
            return (query.join(hits, hits.c.id == Document.id).order_by(hits.c.rank, *newest)
                    .limit(limit).offset(offset or None))
        result = ranked(session, "documents", parsed, build, want=(limit + offset) if limit else None)
    rows = [dict(r._mapping) for r in result]
    if parsed is not None and rows:
        texts = dict(session.execute(select(Document.id, func.substr(Document.text, 1, 20000))
                                     .where(Document.id.in_([r["id"] for r in rows]))).all())
        for r in rows:
            r["snippet"] = snippet(texts.get(r["id"]) or "", parsed)
    return rows


def ranked(session, target: Target, query: str | SearchQuery, build, *, want: int | None) -> list:
    """Rows of ``build(hits)`` (a select joined to the ``hits`` subquery of :func:`matching`, with
    its own filters, order, limit and offset), computed on the best matches first.

    On SQLite, joining every match before the ORDER BY ... LIMIT reads one claim and one
    document row (its text inline, kilobytes) per match: tens of thousands for a common word in
    a store of a million claims. So the matches are first cut to the ``k`` best (FTS5 ranks them
    from its own index), ``k`` = 4 x ``want`` + 100; when that gives fewer than ``want`` rows
    and the cut did not hold every match, the statement runs again on all of them. Matches tied
    in rank at the cut may come out in another order than without it. On PostgreSQL ts_rank
    reads every matching row anyway (its tsvector is in the row), so there is no cut.

    Args:
        session: a reading session; target: ``"claims"`` or ``"documents"``.
        query: the search (string or parsed).
        build: ``hits -> Select``, the statement to run for a given hits subquery.
        want: rows wanted (limit + offset), ``None`` for all.

    Returns:
        the rows of the statement (``session.execute(...).all()``).
    """
    dialect = session.get_bind().dialect.name
    base = matching(dialect, target, query)
    if want and dialect == "sqlite":
        k = 4 * want + 100
        rows = session.execute(build(base.order_by(column("rank")).limit(k).subquery("hits"))).all()
        if len(rows) >= want or session.scalar(select(func.count()).select_from(base.subquery())) <= k:
            return rows
    return session.execute(build(base.subquery("hits"))).all()
