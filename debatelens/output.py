"""Output formats shared by every read command: ``--format table|csv|json|jsonl``."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import Any

import click

FORMATS = ("table", "csv", "json", "jsonl")
#: Narrowest table drawn, in characters.
TABLE_WIDTH = 160


def output_options(f):
    """The ``--format`` option of read commands (one decorator, as sqlite-utils does)."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(f)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in sorted(value.items()))  # same order on every back end
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def emit(rows: list[dict[str, Any]], fmt: str, *, columns: list[str] | None = None,
         fields: list[str] | None = None) -> None:
    """Print ``rows`` in ``fmt``. ``columns`` picks and orders the table's columns; ``fields``
    fixes the CSV header (the same with or without rows, so weekly exports line up; default: the
    first row's keys). json and jsonl carry every key."""
    if fmt == "json":
        click.echo(json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(_plain(r), ensure_ascii=False))
    elif fmt == "csv":
        keys = fields or (list(rows[0]) if rows else (columns or []))
        writer = csv.DictWriter(sys.stdout, fieldnames=keys, extrasaction="ignore")
        writer.writeheader()
        for r in rows:  # full ISO timestamps here (the table shows the day only)
            writer.writerow({k: v if isinstance(v, str) else v.isoformat() if isinstance(v, dt.datetime)
                             else _cell(v) for k, v in r.items()})
    else:
        from rich.console import Console
        from rich.table import Table

        cols = columns or (list(rows[0]) if rows else [])
        table = Table(show_lines=False)
        for c in cols:
            table.add_column(c, overflow="fold", max_width=60 if c in ("content", "passage", "url") else None)
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in cols))
        # Piped output or a narrow terminal would fold every cell into a column of letters:
        # draw at least TABLE_WIDTH columns wide (use --format csv/jsonl for other programs).
        console = Console()
        if console.width < TABLE_WIDTH:
            console = Console(width=TABLE_WIDTH)
        console.print(table)
        click.echo(f"{len(rows)} rows", err=True)
