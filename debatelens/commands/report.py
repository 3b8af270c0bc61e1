"""``debatelens report``: the HTML briefing of one period, or of every period with data."""

from __future__ import annotations

import click

from ..cli import _settings, db_option, library_errors, profile_option


@click.command()
@click.option("--period", default=None,
              help="2026-W09 (ISO week), 2026-02 (month), 2026-02-23 (day) or 2026-02-01..2026-02-28 (range, UTC).")
@click.option("--all", "all_periods", is_flag=True, help="Render every period with data (see --every).")
@click.option("--every", type=click.Choice(["week", "month"]), default="week", show_default=True,
              help="With --all: the kind of period.")
@click.option("--out", "out_dir", default="briefings", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the briefings, their stored copies (copies/) and the index page.")
@click.option("--templates", "templates", default=None, type=click.Path(file_okay=False),
              help="A folder of templates searched before the shipped ones (briefing.html, briefing.css, "
                   "sections/*.html): restyle a briefing by overriding any of them.")
@click.option("--format", "fmt", type=click.Choice(["html", "json"]), default="html", show_default=True,
              help="html: write the files; json: print the briefing's context as data (writes nothing).")
@db_option
@profile_option
@library_errors
def report(period, all_periods, every, out_dir, templates, fmt, db, config, profile):
    """Render the HTML briefing of a period (and refresh the index of briefings).

    A briefing is one self-contained HTML file (inline CSS and SVG charts, nothing loaded from
    anywhere): summary, key figures, positions, claims with their passages and links, themes,
    sources, watchlist, method.

    \b
    Examples:
      debatelens report --period 2026-W09 --out briefings
      debatelens report --all --every month
      debatelens report --period 2026-02 --format json > 2026-02.json
    """
    from reports.briefing import briefing_context, to_json, write_all

    if bool(period) == all_periods:
        raise click.UsageError("give one of --period PERIOD or --all.")
    settings = _settings(config, db=db, profile=profile)
    if fmt == "json":
        if all_periods:
            from corpus.store import Store
            from reports.briefing import periods_with_data

            with Store.open(settings.db, must_exist=True) as store, store.reading() as session:
                labels = periods_with_data(session, every=every)
            click.echo(to_json([briefing_context(settings, period=p) for p in labels]))
        else:
            click.echo(to_json(briefing_context(settings, period=period)))
        return
    results = write_all(settings, periods=None if all_periods else [period], every=every, out_dir=out_dir,
                        templates=templates)
    for r in results:
        c = r.counts
        quiet = " (quiet)" if r.quiet else ""
        click.echo(f"briefing {r.path.stem.removeprefix('briefing-')}: {c['documents']} documents, "
                   f"{c['claims']} claims{quiet} -> {r.path}")
    click.echo(f"index: {results[-1].index}")
