"""``debatelens query documents`` and ``debatelens query sql``: full-text search over documents,
and read-only SQL on the store (registered under ``query`` in :mod:`debatelens.cli`)."""

from __future__ import annotations

import click

from corpus.labels import ACTOR_TYPES, STANCE_LABELS

from ..cli import _note_limit, _reading, _settings, _window, db_option, library_errors
from ..output import emit, output_options

#: CSV columns of `query documents` (fixed, rows or not).
DOCUMENT_FIELDS = ["id", "published_at", "title", "outlet", "kind", "claims", "chars", "snippet", "url"]


@click.command("documents")
@click.argument("text", required=False)
@click.option("--speaker", help="Has a claim whose speaker as written has these words (the last a prefix), or whose "
                                "resolved actor's name contains this.")
@click.option("--proposition", help="Has a claim with a stance on this proposition key.")
@click.option("--stance", type=click.Choice(STANCE_LABELS), help="That claim's stance toward --proposition.")
@click.option("--actor-type", type=click.Choice(ACTOR_TYPES),
              help="Has a claim by an actor of this type; government also covers officials (see --exact-type).")
@click.option("--exact-type", is_flag=True, help="--actor-type matches that type alone.")
@click.option("--since", help="Published on or after this day, YYYY-MM-DD (UTC).")
@click.option("--until", help="Published before this day, YYYY-MM-DD (UTC).")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="At most this many documents.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Skip this many first.")
@output_options
@db_option
@library_errors
def query_documents(text, speaker, proposition, stance, actor_type, exact_type, since, until, limit, offset, fmt,
                    db, config):
    """Documents matching every filter: by relevance to TEXT (title and text), else newest first.

    TEXT is a full-text search: words (all must match, any form), "a phrase", a OR b, prefix*,
    -excluded (put -- before a TEXT that starts with -). The claim filters keep documents with at
    least one such claim.

    \b
    Example:
      debatelens query documents '"terms of service" OR distill*' --since 2026-02-01 --limit 20
      debatelens query documents --speaker Anthropic --proposition distillation-is-theft --stance favor
    """
    from corpus import search

    start, end = _window(since, until)
    with _reading(db, config) as session:
        rows = search.find_documents(session, text=text, speaker=speaker, proposition=proposition, stance=stance,
                                     actor_type=actor_type, exact_type=exact_type, since=start, until=end,
                                     limit=limit, offset=offset)
    _note_limit(rows, limit)
    columns = ["published_at", "title", "outlet", "claims", *(["snippet"] if text else []), "url"]
    emit(rows, fmt, columns=columns, fields=DOCUMENT_FIELDS)


@click.command("sql")
@click.argument("statement")
@click.option("--limit", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows to show at most (the rest is not fetched).")
@output_options
@db_option
@library_errors
def query_sql(statement, limit, fmt, db, config):
    """Run one SQL statement on the store, read-only: a write is refused by the connection.

    SQLite stores are opened read-only (mode=ro); PostgreSQL sessions are READ ONLY. Tables:
    claims, documents, sources, entities, mentions, stances, propositions, topics, ...

    \b
    Example:
      debatelens query sql "SELECT speaker, count(*) AS n FROM claims GROUP BY speaker ORDER BY n DESC LIMIT 10"
    """
    from corpus.readonly import run_read_only

    url = _settings(config, db=db).db
    result = run_read_only(url, statement, max_rows=limit)
    rows = result.as_dicts()
    if result.truncated:
        click.echo(f"note: the first {limit} rows are shown; use --limit to see more.", err=True)
    emit(rows, fmt, columns=result.columns, fields=result.columns)
