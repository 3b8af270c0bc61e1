"""``debatelens serve``: browse the store in Datasette, read-only (registered in :mod:`debatelens.cli`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import _settings, db_option, library_errors


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 127.0.0.1 keeps it to this machine (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8001, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--export", "export_path", type=click.Path(dir_okay=False),
              help="PostgreSQL stores: the SQLite file to export the store to and serve [default: "
                   "debatelens-export.db in the working folder]; never overwritten.")
@db_option
@library_errors
def serve(host, port, export_path, db, config):
    """Browse the store in Datasette, read-only: facets, full-text search, canned queries.

    A SQLite store is served as it is, in immutable mode. A PostgreSQL store is first exported
    to a SQLite file (--export), which is served: what you browse is the store as it was then.
    Views claim_rows and stance_rows facet by actor, outlet, proposition, stance, week and
    month; canned queries: claims by actor, the stance grid, a claim's repeats.

    \b
    Example:
      debatelens serve --db demo/debatelens.db --port 8001
    """
    from sqlalchemy.engine import make_url

    from corpus import browse
    from corpus.store import Store

    url = _settings(config, db=db).db
    with Store.open(url, must_exist=True) as store:  # migrated: the views and indexes exist
        backend = store.engine.url.get_backend_name()
        database = store.engine.url.database
    if backend == "sqlite":
        path = Path(database)
        browse.checkpoint(path)
    else:
        path = Path(export_path or "debatelens-export.db")
        click.echo(f"exporting {make_url(url).render_as_string()} to {path} ...", err=True)
        counts = browse.export_sqlite(url, path)
        click.echo(f"exported {counts.get('documents', 0)} documents, {counts.get('claims', 0)} claims to {path}",
                   err=True)
    app = browse.datasette_app(path)
    import uvicorn

    click.echo(f"serving {path} read-only at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app.app(), host=host, port=port, log_level="warning")
