"""``debatelens reextract``: the extraction pass over stored raw pages, without fetching."""

from __future__ import annotations

import click

from ..cli import _help, _settings, db_option, library_errors, profile_option


@click.command()
@click.option("--all", "redo", is_flag=True,
              help="Take every stored page again (a better extractor, a changed profile), not only pending ones.")
@click.option("--processes", "extract_processes", type=click.IntRange(min=0), default=None,
              help=_help("extract_processes"))
@click.option("--min-length", type=click.IntRange(min=0), default=None, help=_help("min_length"))
@click.option("--quiet", is_flag=True, help="No live progress line (it is shown only on a terminal anyway).")
@db_option
@profile_option
@library_errors
def reextract(redo, extract_processes, min_length, quiet, db, config, profile):
    """Extract, score and de-duplicate stored raw pages again, without fetching.

    Without --all: the pages fetched but not extracted yet (what an interrupted crawl left).
    With --all: every stored page; documents are updated in place, and a changed text is
    analysed again by the next `debatelens analyze`. Stopped halfway, run it again without
    --all to go on.

    \b
    Example:
      debatelens reextract --all --profile my-debate.toml --db demo/debatelens.db
    """
    from crawler.run import reextract as run_reextract

    settings = _settings(config, db=db, profile=profile, extract_processes=extract_processes, min_length=min_length)
    summary = run_reextract(settings=settings, redo=redo, progress=False if quiet else None)
    click.echo(summary.line("reextract"))
    for url, reason, detail in summary.failures[:20]:
        click.echo(f"  failed {url}: {reason} ({detail})")
    if len(summary.failures) > 20:
        click.echo(f"  ... and {len(summary.failures) - 20} more (see crawl_failures, run {summary.run_id})")
    if summary.status != "finished":
        raise click.ClickException(f"reextract #{summary.run_id} {summary.status} before its end; run "
                                   f"`debatelens reextract` again to go on.")
