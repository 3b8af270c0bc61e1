"""Errors of the store, each with a code and what to do (the pattern of spaCy's ``errors.py``).

The command line turns a :class:`CorpusError` into one line on stderr and a non-zero exit; library
callers catch it by class.
"""

from __future__ import annotations


class Errors:
    """Message catalogue. Format with ``str.format``; codes are stable, texts may be improved."""

    E001 = ("[E001] Cannot open the database {url}: {reason}. Check the path exists and is writable, "
            "or pass another with --db / DEBATELENS_DB.")
    E002 = "[E002] Unsupported database URL {url!r}. Use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB."
    E003 = "[E003] Cannot read the debate profile {path}: {reason}."
    E004 = "[E004] Invalid debate profile {path}: {reason}."
    E005 = ("[E005] Malformed period {value!r}. Use an ISO week (2026-W09), a month (2026-02), a day "
            "(2026-02-23) or a range (2026-02-01..2026-02-28).")
    E006 = "[E006] Unknown proposition {key!r}. Known propositions: {known}."
    E007 = "[E007] The store at {url} is empty: {what}. Run `debatelens crawl` (and `debatelens analyze`) first."
    E008 = "[E008] Malformed date {value!r}. Use YYYY-MM-DD (UTC)."
    E009 = "[E009] Unknown stance {value!r}. Use one of: favor, against, neutral."
    E010 = "[E010] Migrating the database {url} failed: {reason}. The store was left as it was before the upgrade."
    E011 = ("[E011] There is no store at {url}. Check --db / DEBATELENS_DB, or create one with "
            "`debatelens crawl --db ...`.")


class CorpusError(Exception):
    """Raised for any problem of the store or the profile that the user can fix.

    The message starts with its code (``[E001]``) and says what to do.
    """


class EmptyStoreError(CorpusError):
    """Raised when a read (report, query) finds nothing to work on in the store."""
