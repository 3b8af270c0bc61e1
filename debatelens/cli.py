"""The ``debatelens`` command line: parse arguments, call one library function, format output.

A thin layer, as sqlite-utils' ``cli.py`` is: the work happens in ``crawler``, ``analysis``,
``reports`` and ``corpus``. Library errors become one line on stderr and exit code 1 here and
nowhere else; usage errors exit 2. Heavy libraries (Scrapy, spaCy, torch, BERTopic) are imported
inside the commands that use them, so ``--help`` answers at once.
"""

from __future__ import annotations

import functools
import gzip
import json
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from corpus.labels import ACTOR_TYPES, STANCE_LABELS

from .output import emit, output_options

#: CSV columns of `query claims` and `query actors` (fixed, rows or not).
CLAIM_FIELDS = ["id", "published_at", "speaker", "speaker_entity", "actor_type", "cue", "content", "kind", "passage",
                "stances", "relatedness", "outlet", "title", "url", "document_id"]
ACTOR_FIELDS = ["name", "actor_type", "label", "documents", "mentions", "claims", "entity_id"]
CLUSTER_FIELDS = ["speaker", "content", "documents", "outlets", "first_published", "first_outlet", "first_url",
                  "claim_ids"]
POSITION_FIELDS = ["actor", "actor_type", "proposition", "favor", "against", "neutral", "unclear", "net", "low", "high",
                   "position", "previous_net", "moved"]

def _help(name: str, text: str | None = None) -> str:
    """Help of an option that sets the setting ``name``: its text, env variable and default
    (all from the one table in corpus.settings)."""
    from corpus.settings import setting

    s = setting(name)
    shown = "on" if s.default is True else "off" if s.default is False else s.default
    return f"{text or s.help} [env {s.env}; default {shown}]"


def db_option(f):
    """``--db`` and ``--config``: the store and the config file, shared by every command that reads a store."""
    f = click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
                     help="A TOML file of settings [default: debatelens.toml beside a SQLite store, if any].")(f)
    return click.option("--db", "db", default=None, help=_help("db"))(f)


def profile_option(f):
    return click.option("--profile", default=None, help=_help("profile"))(f)


def _settings(config: str | None, **overrides: Any):
    """The validated settings: defaults < config file < environment < these options (``None``: not given)."""
    from corpus.settings import load_settings

    return load_settings(config=config, overrides=overrides)


def library_errors(f):
    """Turn the library's user-fixable errors (:class:`corpus.errors.DebatelensError`) into one
    line on stderr and exit 1."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from corpus.errors import DebatelensError

        try:
            return f(*args, **kwargs)
        except DebatelensError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _error_line(message: str) -> None:
    click.echo("error: " + " ".join(message.split()), err=True)


#: click >= 8.2 raises this (a UsageError) for a group called without a command.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class CommandLine(click.Group):
    """The ``debatelens`` group: every handled error is one line on stderr, starting ``error:``.

    Exit code 2 for a usage error (with a pointer to the command's ``--help``), 1 for any other
    handled error. Done here rather than by patching ``click.ClickException.show``, which would
    change every click program in the process and still leave usage errors on four lines.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as exc:  # a bare group: its help, as click prints it (exit 2)
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = f" See '{exc.ctx.command_path} --help'." if exc.ctx is not None else ""
            _error_line(exc.format_message() + hint)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            _error_line(exc.format_message())
            sys.exit(exc.exit_code)
        except click.Abort:
            _error_line("aborted.")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=CommandLine, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="debatelens")
def cli():
    """Follow a public policy debate through the press.

    \b
    debatelens crawl --sitemap https://example.org/sitemap.xml
    debatelens analyze
    debatelens report --period 2026-W09
    debatelens query claims --proposition distillation-is-theft --stance against
    """


def _check_urls(values: tuple[str, ...], option: str) -> list[str]:
    from urllib.parse import urlsplit

    for value in values:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.BadParameter(f"{value!r} is not an absolute http(s) URL (e.g. https://example.org/feed.xml).",
                                     param_hint=option)
    return list(values)


@cli.command()
@click.option("--url", "urls", multiple=True, help="A page to fetch (repeatable).")
@click.option("--urls-file", type=click.File("r"), help="A file of page URLs, one a line (- for stdin).")
@click.option("--feed", "feeds", multiple=True, help="An RSS/Atom feed whose entries to fetch (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap or sitemap index (repeatable).")
@click.option("--statement", "statements", multiple=True, help="An official statement (PDF or HTML) to fetch.")
@click.option("--warc", "warcs", multiple=True, type=click.Path(dir_okay=False),
              help="Read pages from this WARC file instead of fetching them (repeatable).")
@click.option("--warc-since", help="WARC records dated on or after this day or time (ISO 8601, UTC).")
@click.option("--warc-until", help="WARC records dated before this day or time (ISO 8601, UTC).")
@click.option("--warc-host", "warc_hosts", multiple=True, help="WARC records of this host or its subdomains only.")
@click.option("--refetch", is_flag=True, help="Fetch pages already stored.")
@click.option("--delay", type=click.FloatRange(min=0), default=None, help=_help("download_delay"))
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), help="Keep an HTTP cache in this folder.")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), help="Scrapy log level (on stderr).")
@click.option("--processes", "extract_processes", type=click.IntRange(min=0), default=None,
              help=_help("extract_processes"))
@click.option("--quiet", is_flag=True, help="No live progress line (it is shown only on a terminal anyway).")
@click.option("--allow-private", is_flag=True, default=None, help=_help("allow_private"))
@click.option("--frontier", default=None, metavar="redis://HOST:PORT/N", help=_help("frontier"))
@db_option
@profile_option
@library_errors
def crawl(urls, urls_file, feeds, sitemaps, statements, warcs, warc_since, warc_until, warc_hosts, refetch, delay,
          cache_dir, log_level, extract_processes, quiet, allow_private, frontier, db, config, profile):
    """Fetch pages, extract them, keep the relevant ones in the store.

    With no --url/--feed/--sitemap/--statement/--warc, crawls the profile's discovery sources
    (feeds, sitemaps, statements, GDELT, Hacker News, Reddit threads, sites); --warc reads
    archived pages instead of fetching them.
    Each page is stored raw as fetched; worker processes (one per core) extract, score and
    de-duplicate the stored pages meanwhile. A page that fails is recorded with its reason;
    the crawl goes on. A live progress line shows on a terminal (--quiet: none).
    With --frontier, crawl processes on several machines share one queue and duplicate filter
    (scrapy-redis): run the same command on each, with one PostgreSQL --db; the first seeds,
    the others take their requests from the queue, and each ends when the whole crawl is done.

    \b
    Example:
      debatelens crawl --sitemap http://127.0.0.1:8765/sitemap.xml --db demo.db --allow-private
      debatelens crawl --warc CC-NEWS-20260223.warc.gz --warc-host example.org
      debatelens crawl --frontier redis://10.0.0.5:6379/0 --db postgresql+psycopg://crawl@10.0.0.5/debatelens
    """
    from crawler.run import crawl as run_crawl
    from crawler.sources.plan import warc_plan

    page_urls = list(urls) + ([line.strip() for line in urls_file if line.strip() and not line.startswith("#")]
                              if urls_file else [])
    settings = _settings(config, db=db, profile=profile, download_delay=delay, extract_processes=extract_processes,
                         allow_private=allow_private, frontier=frontier)
    summary = run_crawl(settings=settings, urls=_check_urls(tuple(page_urls), "--url"),
                        feeds=_check_urls(feeds, "--feed"), sitemaps=_check_urls(sitemaps, "--sitemap"),
                        statements=_check_urls(statements, "--statement"),
                        warc=warc_plan(list(warcs), since=warc_since, until=warc_until, hosts=list(warc_hosts)),
                        scrapy_overrides={"LOG_LEVEL": log_level}, refetch=refetch, cache_dir=cache_dir,
                        progress=False if quiet else None)
    c = summary.counts
    click.echo(summary.line("crawl"))
    if summary.frontier:
        click.echo("  " + {"first": "shared frontier: this process seeded the crawl",
                           "joined": "shared frontier: joined a crawl in progress (its requests came from the queue)",
                           "resumed": "shared frontier: resumed the queue of a crawl stopped early"}[summary.frontier]
                   + ".")
    if c.get("skipped_known"):
        click.echo(f"  {c['skipped_known']} URLs already stored were not fetched again (--refetch to fetch them).")
    for url, reason, detail in summary.failures[:20]:
        click.echo(f"  failed {url}: {reason} ({detail})")
    if len(summary.failures) > 20:
        click.echo(f"  ... and {len(summary.failures) - 20} more (see crawl_failures, run {summary.run_id})")
    if summary.status != "finished":
        raise click.ClickException(f"crawl #{summary.run_id} {summary.status} before its end; run the same "
                                   f"command again to go on (stored pages are not fetched again).")
    if not c.get("pages") and not c.get("skipped_known") and summary.failures:
        raise click.ClickException(f"crawl #{summary.run_id} fetched no page: every source failed (see above); "
                                   f"check the URLs and that the sites are reachable.")


@cli.command()
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help=_help("batch_size"))
@click.option("--processes", type=click.IntRange(min=1), default=None, help=_help("processes"))
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Analyse at most this many documents.")
@click.option("--redo", is_flag=True, help="Re-analyse documents already analysed.")
@click.option("--since", help="Only documents published on or after this day, YYYY-MM-DD (UTC).")
@click.option("--until", help="Only documents published before this day, YYYY-MM-DD (UTC).")
@click.option("--no-themes", is_flag=True, default=None, help=_help("themes", "Skip the theme model."))
@click.option("--refit-themes", is_flag=True,
              help="Fit the themes again over every relevant document (otherwise new documents go into the stored "
                   "themes; see the README's themes policy).")
@click.option("--spacy-model", default=None, help=_help("spacy_model"))
@click.option("--embedding-model", default=None, help=_help("embedding_model"))
@click.option("--cluster", default=None, metavar="tcp://HOST:PORT", help=_help("cluster"))
@db_option
@profile_option
@library_errors
def analyze(batch_size, processes, limit, redo, since, until, no_themes, refit_themes, spacy_model, embedding_model,
            cluster, db, config, profile):
    """Find actors, claims, stances and themes in documents not yet analysed.

    With --cluster, the documents are analysed by the workers of a Dask scheduler (one batch per
    task), each writing to the PostgreSQL store; this process fits the themes.

    \b
    Example:
      debatelens analyze --db demo.db --processes 2
      debatelens analyze --db demo.db --refit-themes
      debatelens analyze --cluster tcp://10.0.0.5:8786 --db postgresql+psycopg://analyze@10.0.0.5/debatelens
    """
    from analysis.run import analyze as run_analyze

    start, end = _window(since, until)
    settings = _settings(config, db=db, profile=profile, batch_size=batch_size, processes=processes,
                         themes=False if no_themes else None, spacy_model=spacy_model, embedding_model=embedding_model,
                         cluster=cluster)
    summary = run_analyze(settings, limit=limit, redo=redo, since=start, until=end, refit_themes=refit_themes,
                          progress=lambda done, total: click.echo(f"  {done}/{total} documents", err=True))
    if summary.run_id is None:
        click.echo("analysis: nothing to analyse (every relevant document in the window is analysed; "
                   "--redo analyses them again).")
        return
    c, s = summary.counts, summary.seconds
    if "cluster" in s:  # the workers' parse seconds add up; the documents took the wall-clock's
        rate = c["documents"] / s["cluster"] if s["cluster"] else 0.0
        timing = f"documents on the cluster {s['cluster']:.1f}s, {rate:.1f} docs/s"
    else:
        rate = c["documents"] / s["parse"] if s.get("parse") else 0.0
        timing = f"parse {s['parse']:.1f}s, {rate:.1f} docs/s"
    click.echo(f"analysis #{summary.run_id}: {c['documents']} documents ({c['words']} words), {c['mentions']} mentions, "
               f"{c['claims']} claims, {c['stances']} stances, {c['topics']} themes over {c['passages']} passages "
               f"({c.get('themes', 'none')}) in {s['total']:.1f}s ({timing}).")
    for worker, documents in sorted(c.get("workers", {}).items()):
        click.echo(f"  worker {worker}: {documents} documents")


@cli.group()
def query():
    """Ask the store: claims, actors.

    \b
    Example:
      debatelens query claims --speaker Anthropic --format csv
    """


def _window(since: str | None, until: str | None):
    """``(since, until)`` as UTC datetimes from ``--since``/``--until`` days; until is exclusive."""
    from corpus.periods import parse_date

    start, end = (parse_date(since) if since else None), (parse_date(until) if until else None)
    if start and end and end <= start:
        raise click.BadParameter(f"--until {until} must come after --since {since} (--until is the first day "
                                 f"left out).", param_hint="--until")
    return start, end


def _note_limit(rows: list, limit: int | None) -> None:
    if limit and len(rows) >= limit:
        click.echo(f"note: the first {limit} rows are shown; use --limit to see more.", err=True)


@contextmanager
def _reading(db: str | None, config: str | None):
    """A read-only session on an existing, non-empty store for the read commands ([E011] / [E007] otherwise)."""
    from corpus import queries
    from corpus.store import Store

    with Store.open(_settings(config, db=db).db, must_exist=True) as store, store.reading() as session:
        queries.require_documents(session, store.url)
        yield session


@query.command("claims")
@click.argument("text", required=False)
@click.option("--speaker", help="The speaker as written has these words (the last a prefix), or the "
                                 "resolved actor's name contains this (case-insensitive).")
@click.option("--proposition", help="Proposition key, e.g. distillation-is-theft.")
@click.option("--stance", type=click.Choice(STANCE_LABELS), help="Stance toward --proposition.")
@click.option("--actor-type", type=click.Choice(ACTOR_TYPES),
              help="The speaker's actor type; government also covers officials (see --exact-type).")
@click.option("--exact-type", is_flag=True, help="--actor-type matches that type alone (government: not officials).")
@click.option("--since", help="Published on or after this day, YYYY-MM-DD (UTC).")
@click.option("--until", help="Published before this day, YYYY-MM-DD (UTC).")
@click.option("--in", "search_in", type=click.Choice(["claims", "documents"]), default="claims", show_default=True,
              help="TEXT searches the claims (content, speaker, cue) or their documents (title, text).")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="At most this many claims.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Skip this many first.")
@click.option("--clusters", is_flag=True,
              help="The same claim repeated across documents (same speaker, near-same words): who said it first, "
                   "who repeated it.")
@output_options
@db_option
@library_errors
def query_claims(text, speaker, proposition, stance, actor_type, exact_type, since, until, search_in, limit, offset,
                 clusters, fmt, db, config):
    """Claims matching every filter, with the passage and its link: by relevance to TEXT, else newest first.

    TEXT is a full-text search: words (all must match, any form: account finds accounts),
    "a phrase", a OR b, prefix*, -excluded (put -- before a TEXT that starts with -).

    \b
    Example:
      debatelens query claims '"fake accounts" OR distill*' --since 2026-02-01 --limit 20
      debatelens query claims --proposition government-should-restrict --stance against \\
          --actor-type government --since 2026-02-23 --format csv
      debatelens query claims --clusters --since 2026-02-23
    """
    from corpus import queries

    start, end = _window(since, until)
    if clusters:
        if text or speaker or proposition or stance or actor_type:
            raise click.UsageError("--clusters takes only --since, --until and --limit.")
        with _reading(db, config) as session:
            rows = queries.claim_clusters(session, since=start, until=end, limit=limit)
        _note_limit(rows, limit)
        emit(rows, fmt, columns=["speaker", "documents", "first_published", "first_outlet", "outlets", "content"],
             fields=CLUSTER_FIELDS)
        return
    with _reading(db, config) as session:
        rows = queries.find_claims(session, text=text, speaker=speaker, proposition=proposition, stance=stance,
                                   actor_type=actor_type, exact_type=exact_type, since=start, until=end,
                                   limit=limit, offset=offset, search_in=search_in)
    _note_limit(rows, limit)
    if fmt == "table":  # one column for who spoke: the resolved actor, else the words of the text
        rows = [{**r, "who": r["speaker_entity"] or r["speaker"]} for r in rows]
    emit(rows, fmt, columns=["published_at", "who", "cue", "content", "stances", "outlet", "url"], fields=CLAIM_FIELDS)


@query.command("actors")
@click.option("--since", help="Published on or after this day, YYYY-MM-DD (UTC).")
@click.option("--until", help="Published before this day, YYYY-MM-DD (UTC).")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True, help="At most this many actors.")
@output_options
@db_option
@library_errors
def query_actors(since, until, limit, fmt, db, config):
    """Actors by the number of relevant documents that mention them.

    \b
    Example:
      debatelens query actors --since 2026-02-23 --until 2026-03-02
    """
    from corpus import queries

    start, end = _window(since, until)
    with _reading(db, config) as session:
        rows = queries.top_actors(session, start, end, limit=limit)
    _note_limit(rows, limit)
    emit(rows, fmt, columns=ACTOR_FIELDS, fields=ACTOR_FIELDS)


def _read_page(path: str) -> bytes:
    """The bytes of a saved page, gunzipped when ``path`` ends with ``.gz``.

    Raises:
        OSError: unreadable file or not gzip data; EOFError / zlib.error: truncated gzip data.
    """
    data = Path(path).read_bytes()
    return gzip.decompress(data) if path.endswith(".gz") else data


@cli.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", help="The URL the page was fetched from (one page only; default file:// path).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one object (a list for several pages); jsonl: one line per page.")
@click.option("--min-length", type=click.IntRange(min=0), default=None, help=_help("min_length"))
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None, help="A TOML file of settings.")
@library_errors
def extract(pages, url, fmt, min_length, config):
    """Show what crawl would store for saved HTML pages (.html or .html.gz).

    \b
    Example:
      debatelens extract page.html --url https://example.org/story --format json
    """
    from crawler.errors import Reasons
    from crawler.extraction import Rejection
    from crawler.extraction import extract as extract_page

    if url and len(pages) > 1:
        raise click.BadParameter("--url names one page; give one PAGE with it.", param_hint="--url")
    settings = _settings(config, min_length=min_length)
    rows = []
    for path in pages:
        page_url = url or Path(path).resolve().as_uri()
        try:
            result = extract_page(_read_page(path), page_url, min_length=settings.min_length)
        except (OSError, EOFError, zlib.error) as exc:  # EOFError: truncated .gz (click would say "Aborted!")
            result = Rejection(url=page_url, reason=Reasons.UNREADABLE.code,
                               detail=Reasons.UNREADABLE.describe(what=str(exc) or type(exc).__name__))
        if isinstance(result, Rejection):
            rows.append({"path": path, "url": page_url, "error": result.reason, "detail": result.detail})
            continue
        rows.append({"path": path, "url": result.url, "canonical_url": result.canonical_url, "title": result.title,
                     "authors": list(result.authors),
                     "published_at": result.published_at.isoformat() if result.published_at else None,
                     "language": result.language, "outlet": result.outlet, "outlet_name": result.outlet_name,
                     "kind": result.kind, "text": result.text, "comments": len(result.comments)})
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(json.dumps(rows if len(rows) > 1 else rows[0], ensure_ascii=False, indent=2))
    if all("error" in r for r in rows):
        sys.exit(1)


def _read_inputs(files: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(name, text)`` of each file (``-`` is stdin), all read before any model loads."""
    texts = []
    for name in files:
        try:
            # stdin as bytes, decoded strictly: its text layer may smuggle undecodable bytes in as
            # surrogates (errors="surrogateescape"), which spaCy cannot hash (a traceback).
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            texts.append((name, data.decode("utf-8")))
        except OSError as exc:
            raise click.ClickException(f"cannot read {name}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise click.ClickException(f"cannot read {name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return texts


@cli.command("claims")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("--spacy-model", default=None, help=_help("spacy_model"))
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None, help="A TOML file of settings.")
@profile_option
@library_errors
def claims_command(files, fmt, spacy_model, config, profile):
    """Find claims (speaker, cue, content) in plain-text files, or - for stdin.

    `speaker` is the text as written, `speaker_name` who it refers to in the text ("the company"
    -> the organisation named before), `via` the channel ("a post on X"). Offsets are character
    offsets into each file's text (UTF-8 decoded).

    \b
    Example:
      debatelens claims article.txt --format jsonl | debatelens stance -
    """
    from analysis.nlp import load_spacy
    from analysis.standalone import claim_rows
    from corpus.profile import load_profile

    settings = _settings(config, spacy_model=spacy_model, profile=profile)
    texts = _read_inputs(files)
    prof = load_profile(settings.profile)
    nlp = load_spacy(settings.spacy_model, profile=prof, claims=True)
    rows = [{"file": name, **row} for name, text in texts for row in claim_rows(nlp, text, prof)]
    emit(rows, fmt, columns=["file", "speaker", "speaker_name", "cue", "kind", "content"])


def _stance_model(settings):
    from analysis.embeddings import Embedder
    from analysis.stance.training import load_or_train
    from corpus.profile import load_profile

    prof = load_profile(settings.profile)
    return load_or_train(settings, prof, Embedder(settings.embedding_model))[0], prof


@cli.command("stance")
@click.argument("files", nargs=-1, required=True)
@click.option("--proposition", help="Only this proposition's key (then unrelated claims are shown too).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None, help="A TOML file of settings.")
@click.option("--attribute/--no-attribute", default=True, show_default=True,
              help="Find who is speaking in a statement given without a speaker (\"X said ...\") and score "
                   "its claims.")
@click.option("--spacy-model", default=None, help=_help("spacy_model"))
@profile_option
@library_errors
def stance_command(files, proposition, fmt, attribute, spacy_model, config, profile):
    """Score claims read as JSONL (speaker, content), in order, with their stances.

    Reads what `debatelens claims` prints; a line that is not JSON is a claim with no speaker.
    A statement with no speaker is first searched for attributions ("Anthropic said the
    accounts were fraudulent": speaker Anthropic); its stance is that of the claims found in it
    (listed as `attributed`), else of the whole statement. Each stance: label (favor, against,
    neutral, unclear; unrelated with --proposition), probability, relatedness.

    \b
    Example:
      debatelens claims article.txt | debatelens stance - --proposition accusation-justified
    """
    from analysis.standalone import attributions, read_claim_lines, stance_rows

    settings = _settings(config, profile=profile, spacy_model=spacy_model)
    model, prof = _stance_model(settings)
    claims = [c for name, text in _read_inputs(files)
              for c in read_claim_lines(text.splitlines(), source=name, profile=prof)]
    if proposition:
        prof.proposition(proposition)  # [E006] with the known keys
    parts = None
    if attribute and any(not c.speaker.strip() for c in claims):
        from analysis.nlp import load_spacy

        parts = attributions(load_spacy(settings.spacy_model, profile=prof, claims=True), claims, prof)
    rows = stance_rows(model, claims, proposition=proposition, parts=parts)
    if fmt == "table":
        rows = [{"speaker": r.get("speaker_name") or r.get("speaker") or "", "content": r.get("content") or r.get("text"),
                 "stances": "; ".join(f"{s['proposition']}={s['label']} ({s['probability']:.2f})" for s in r["stances"])}
                for r in rows]
    emit(rows, fmt, columns=["speaker", "stances", "content"])


@cli.command("train-stance")
@click.option("--labels", type=click.Path(exists=True, dir_okay=False),
              help=_help("stance_labels", "Your own labelled statements (CSV), added to the profile's."))
@click.option("--out", type=click.Path(dir_okay=False), help=_help("stance_model", "Write the model here."))
@click.option("--folds", type=click.IntRange(min=0), default=5, show_default=True,
              help="Cross-validation folds for the recorded metrics (0: skip).")
@click.option("--embedding-model", default=None, help=_help("embedding_model"))
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None, help="A TOML file of settings.")
@profile_option
@library_errors
def train_stance(labels, out, folds, embedding_model, config, profile):
    """Train the stance model on the profile's labelled statements (and yours), measure it, write it.

    The CSV columns are group,proposition,label,speaker,kind,text (label: favor, against,
    neutral, unrelated). analyze trains the default model by itself on first use; run this after
    changing the labels, or to keep a model in a file of your choice.

    \b
    Example:
      debatelens train-stance --labels my-labels.csv --out stance.joblib
    """
    from analysis.embeddings import Embedder
    from analysis.stance.training import train_stance as run_training
    from corpus.profile import load_profile

    settings = _settings(config, profile=profile, embedding_model=embedding_model)
    prof = load_profile(settings.profile)
    model, path = run_training(settings, prof, Embedder(settings.embedding_model), labels=labels, out=out, folds=folds)
    m = model.metrics
    click.echo(f"stance model {model.name}: {m['statements']} labelled statements, data sha256 {model.data_sha256[:16]}")
    if "cv_macro_f1" in m:
        per = ", ".join(f"{k} {v:.3f}" for k, v in m["cv_per_label_f1"].items())
        click.echo(f"  cross-validated macro-F1 {m['cv_macro_f1']:.3f} ({per}); four labels {m['cv_macro_f1_4']:.3f}")
    click.echo(f"written to {path}")


@query.command("positions")
@click.option("--proposition", help="Only this proposition's key.")
@click.option("--actor-type", type=click.Choice(ACTOR_TYPES),
              help="Only actors of this type; government also covers officials (see --exact-type).")
@click.option("--exact-type", is_flag=True, help="--actor-type matches that type alone (government: not officials).")
@click.option("--since", help="Published on or after this day, YYYY-MM-DD (UTC).")
@click.option("--until", help="Published before this day, YYYY-MM-DD (UTC).")
@click.option("--min-claims", type=click.IntRange(min=1), default=1, show_default=True,
              help="Leave out actors with fewer claims on the proposition.")
@output_options
@db_option
@library_errors
def query_positions(proposition, actor_type, exact_type, since, until, min_claims, fmt, db, config):
    """Actors' positions per proposition: counts, net position with its 95% interval, movement.

    With --since and --until, movement is against the period of the same length just before.

    \b
    Example:
      debatelens query positions --proposition accusation-justified --since 2026-02-23 --until 2026-03-02
    """
    from dataclasses import asdict

    from corpus.positions import actor_positions

    start, end = _window(since, until)
    previous = (start - (end - start), start) if start and end else None
    with _reading(db, config) as session:
        rows = [asdict(p) for p in actor_positions(session, start=start, end=end, previous=previous,
                                                   proposition=proposition, actor_type=actor_type,
                                                   exact_type=exact_type, min_claims=min_claims)]
    emit(rows, fmt, columns=["actor", "actor_type", "proposition", "position", "net", "low", "high", "favor",
                             "against", "neutral", "unclear", "moved"], fields=POSITION_FIELDS)


from .commands.discover import discover  # noqa: E402  (after the helpers it uses)

cli.add_command(discover)

from .commands.reextract import reextract  # noqa: E402

cli.add_command(reextract)

from .commands.report import report  # noqa: E402  (registered after the shared decorators exist)

cli.add_command(report)

from .commands.search import query_documents, query_sql  # noqa: E402

query.add_command(query_documents)
query.add_command(query_sql)

from .commands.serve import serve  # noqa: E402

cli.add_command(serve)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="debatelens")


if __name__ == "__main__":
    main()
