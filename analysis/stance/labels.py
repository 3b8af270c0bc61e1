"""Labelled stance statements: the profile's CSV, an analyst's own, read and checked.

A labelled set is a CSV with the header ``group,proposition,label,speaker,kind,text``:

- ``group``: statements that paraphrase one idea share a group (cross-validation keeps a group on
  one side of every split, so a paraphrase is never scored against its twin); one text labelled
  toward two propositions is two rows of one group;
- ``proposition``: a key of the profile; ``label``: favor | against | neutral | unrelated;
- ``speaker``: who makes the statement, as the coverage names them ("" for narration);
- ``kind``: ``plain`` or the kind of hard case (denial, concession, sarcasm, hypocrisy, ...);
- ``text``: the statement.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .base import LABELS
from ..errors import AnalysisError, Errors

COLUMNS = ("group", "proposition", "label", "speaker", "kind", "text")


@dataclass(frozen=True)
class LabelledStatement:
    """One row of a labelled set (see the module docstring)."""

    group: str
    proposition: str
    label: str
    speaker: str
    kind: str
    text: str


def read_labels(path: str | Path, *, propositions: Iterable[str] | None = None) -> list[LabelledStatement]:
    """The statements of the labelled CSV at ``path``, in file order.

    Args:
        path: a CSV with the header :data:`COLUMNS` (UTF-8).
        propositions: the keys a row may name (default: any).

    Raises:
        AnalysisError: [E105] the file cannot be read, [E106] a header, label or proposition is
            wrong (the message names the line).
    """
    known = set(propositions) if propositions is not None else None
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise AnalysisError(Errors.E106.format(path=path, line=1, reason=f"the header must be {','.join(COLUMNS)}"))
            rows = []
            for n, row in enumerate(reader, start=2):
                values = {k: (row.get(k) or "").strip() for k in COLUMNS}
                if values["label"] not in LABELS:
                    raise AnalysisError(Errors.E106.format(path=path, line=n,
                                                           reason=f"label {values['label']!r} is not one of {', '.join(LABELS)}"))
                if known is not None and values["proposition"] not in known:
                    raise AnalysisError(Errors.E106.format(path=path, line=n, reason=(
                        f"proposition {values['proposition']!r} is not in the profile ({', '.join(sorted(known))})")))
                if not values["text"] or not values["group"]:
                    raise AnalysisError(Errors.E106.format(path=path, line=n, reason="group and text are required"))
                rows.append(LabelledStatement(**values))
    except OSError as exc:
        raise AnalysisError(Errors.E105.format(path=path, reason=exc.strerror or exc)) from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise AnalysisError(Errors.E105.format(path=path, reason=exc)) from exc
    return rows


def labels_hash(statements: Iterable[LabelledStatement]) -> str:
    """SHA-256 hex digest of the statements (their fields, in order): a model trained on them
    records it, so a changed labelled set is seen as such."""
    digest = hashlib.sha256()
    for s in statements:
        digest.update("\x1f".join((s.group, s.proposition, s.label, s.speaker, s.kind, s.text)).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()
