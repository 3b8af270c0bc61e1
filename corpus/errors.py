"""Errors of the store, the profile and the settings, in spaCy's ``errors.py`` manner.

Each catalogue is a class whose attributes are message templates; the :class:`ErrorsWithCodes`
metaclass prefixes each with its code when it is read (``Errors.E001`` gives
``"[E001] Cannot open the database ..."``), so a code is written once, as the attribute's name.
Codes starting with E are errors (raised), W warnings (logged, never raised). Every package keeps
its own catalogue with this metaclass (``crawler.errors``, ``analysis.errors``); every error a
user can fix derives from :class:`DebatelensError`, the one class the command line catches and
turns into one line on stderr.
"""

from __future__ import annotations


class ErrorsWithCodes(type):
    """Metaclass of message catalogues: ``Catalogue.E001`` is ``"[E001] " + template``.

    Source: spaCy's ``spacy/errors.py`` (``ErrorsWithCodes``).
    """

    def __getattribute__(cls, code: str) -> str:
        template = super().__getattribute__(code)
        if code.startswith(("E", "W")) and code[1:].isdigit():
            return f"[{code}] {template}"
        return template


class DebatelensError(Exception):
    """Base class of every error a user can fix (bad input, a missing store, a missing model).

    The message starts with its code and says what to do; the command line prints it on one line
    and exits 1. Library callers catch a subclass.
    """


class CorpusError(DebatelensError):
    """A problem of the store, the debate profile or the settings that the user can fix."""


class EmptyStoreError(CorpusError):
    """A read (report, query, analyze) found nothing to work on in the store."""


class NotInstalled(DebatelensError, ImportError):
    """An optional package (a model, a driver) is missing; the message gives the install command.

    Raised when the feature is used, not at import (BERTopic's ``NotInstalled``).
    """


class Errors(metaclass=ErrorsWithCodes):
    """Catalogue of ``corpus``. Format with ``str.format``; codes are stable, texts may improve."""

    E001 = ("Cannot open the database {url}: {reason}. Check the path exists and is writable, "
            "or pass another with --db / DEBATELENS_DB.")
    E002 = "Unsupported database URL {url!r}. Use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB."
    E003 = "Cannot read the debate profile {path}: {reason}."
    E004 = "Invalid debate profile {path}: {reason}."
    E005 = ("Malformed period {value!r}. Use an ISO week (2026-W09), a month (2026-02), a day "
            "(2026-02-23) or a range (2026-02-01..2026-02-28).")
    E006 = "Unknown proposition {key!r}. Known propositions: {known}."
    E007 = "The store at {url} is empty: {what}. Run `debatelens crawl` (and `debatelens analyze`) first."
    E008 = "Malformed date {value!r}. Use YYYY-MM-DD (UTC)."
    E009 = "Unknown stance {value!r}. Use one of: {known}."
    E010 = "Migrating the database {url} failed: {reason}. The store was left as it was before the upgrade."
    E011 = ("There is no store at {url}. Check --db / DEBATELENS_DB, or create one with "
            "`debatelens crawl --db ...`.")
    E012 = "Unknown setting {name!r} in {where}. Known settings: {known}."
    E013 = "Bad value {value!r} for the setting {name} (from {where}): it must be {wanted}."
    E014 = "Cannot read the config file {path}: {reason}. Fix it, or name another with --config."
    # E030-E039: search, read-only SQL, serve (corpus.search, debatelens query sql / serve).
    E030 = ("Nothing to search for in {query!r}: a search needs a word of letters or digits. "
            "Syntax: words (all must match), \"a phrase\", a OR b, prefix*, -excluded.")
    E031 = ("The search {query!r} only excludes (-word): say what to find as well, "
            "e.g. 'distillation -denied'.")
    E032 = ("The store is read-only here: {reason}. `debatelens query sql` runs reads (SELECT, WITH ... "
            "SELECT, EXPLAIN); change the store with the debatelens commands.")
    E033 = ("The SQL statement failed: {reason} Give one statement; the tables are claims, documents, sources, "
            "entities, mentions, stances, propositions, topics, document_topics, crawl_runs, analysis_runs.")
    E020 = ("Malformed database URL {url!r}: {reason}. Use sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB.")
    E034 = ("`debatelens serve` needs Datasette, which is not installed: pip install 'debatelens[serve]' "
            "(or pip install 'datasette>=0.65,<0.66').")
    E035 = "The export file {path} exists already; give another --export path, or remove it first."
    E036 = "Exporting {url} to SQLite found rows pointing at missing rows: {rows}; nothing was exported."
