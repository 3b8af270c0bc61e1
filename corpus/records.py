"""Frozen records that reads hand to the stages: no ORM object leaves ``corpus``.

A record is a plain snapshot of a row: it cannot lazy-load, cannot be written back by accident,
and stays valid after its session is closed. Times are timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocumentText:
    """A document to analyse: its id, its extracted text (characters; claim offsets index it),
    its kind (article | post | thread | comment | statement), its byline authors, its outlet's
    name (whom an unsigned post's own assertions are credited to) and the outlet's kind (news |
    blog | forum | official | research | social; "" when unknown)."""

    id: int
    text: str
    kind: str = "article"
    authors: tuple[str, ...] = ()
    outlet: str = ""
    outlet_kind: str = ""


@dataclass(frozen=True)
class StoredDocument:
    """A stored document that a new page duplicates: its id and canonical URL."""

    id: int
    canonical_url: str


@dataclass(frozen=True)
class RunRecord:
    """One crawl or analysis run: id, status (running | finished | interrupted | failed), start
    and end (UTC; ``finished_at`` is ``None`` while running), and what it recorded."""

    id: int
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    counts: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportRecord:
    """A rendered briefing: its period label and ``[start, end)`` (UTC), the file's path, when it
    was rendered (UTC) and its counts."""

    period: str
    start: dt.datetime
    end: dt.datetime
    path: str
    created_at: dt.datetime
    counts: dict[str, Any] = field(default_factory=dict)
