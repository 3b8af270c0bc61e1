"""Bounds on untrusted text before and while spaCy reads it: punctuation runs, windows, a clock.

A crawled page is whatever a server sent, so :func:`analysis.run.analyze` never hands spaCy a
text it cannot finish:

- :func:`collapse_punctuation`: spaCy's tokenizer strips prefixes and suffixes one character
  at a time and searches the rest of the token again after each, so a token made of a long run
  of punctuation costs quadratic time (measured with en_core_web_sm 3.8: 8,000 quote marks
  11 s, 32,000 175 s). Runs longer than ``max_run`` characters keep their first ``max_run``
  characters; the rest become spaces, so the text keeps its length and every character offset
  (claims, mentions) still points into the stored text.
- :func:`windows`: a long document is parsed in windows of at most ``size`` characters, cut at
  a paragraph break, else a sentence end, else a space, so that no spaCy ``Doc`` exceeds
  ``nlp.max_length`` and memory stays bounded (spaCy needs about 1 GB per 100,000 characters
  for the parser and NER, by its own E088 message); the windows' claims and mentions are
  shifted back to offsets of the whole text.
- :func:`time_limit`: a wall-clock budget (``SIGALRM``, main thread of the main interpreter
  only; elsewhere it does nothing) that raises :class:`BudgetExceeded` inside the code it
  guards, so one pathological document is recorded as failed and the rest of its batch goes on.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace

__all__ = ["BudgetExceeded", "collapse_punctuation", "restored", "shifted", "time_limit", "windows"]

_RUN_CACHE: dict[int, re.Pattern[str]] = {}


def _run_pattern(max_run: int) -> re.Pattern[str]:
    pattern = _RUN_CACHE.get(max_run)
    if pattern is None:
        # Neither a letter, digit nor space (underscores included: the tokenizer strips them one
        # by one too, measured 5.5 s for 4,000): punctuation, symbols, emoji, control characters.
        pattern = _RUN_CACHE[max_run] = re.compile(r"(?:[^\w\s]|_){%d,}" % (max_run + 1))
    return pattern


def collapse_punctuation(text: str, max_run: int) -> str:
    """``text`` with every run of more than ``max_run`` punctuation or symbol characters cut
    to its first ``max_run``, the rest of the run replaced by spaces (same length, same offsets).

    Args:
        text: a document's text.
        max_run: longest run kept, in characters (setting ``max_punctuation_run``); 0 keeps
            the text as it is.

    Returns:
        str: of ``len(text)`` characters; ``text`` itself when nothing was cut.
    """
    if max_run <= 0 or len(text) <= max_run:
        return text
    return _run_pattern(max_run).sub(lambda m: m.group()[:max_run] + " " * (len(m.group()) - max_run), text)


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` character spans that cover ``text`` in order, each at most ``size`` long.

    A window ends at the last paragraph break (``\\n``) in its second half, else the last
    sentence end (``. ``, ``? ``, ``! ``), else the last space, else at ``size`` characters.

    Args:
        text: the text to cut.
        size: longest window in characters (setting ``analysis_window_chars``), > 0.

    Returns:
        ``[(0, len(text))]`` for a text of at most ``size`` characters (``[]`` for an empty one).
    """
    if size <= 0:
        raise ValueError("size must be > 0")
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            half = start + size // 2
            cut = text.rfind("\n", half, end)
            if cut < 0:
                cut = max(text.rfind(". ", half, end), text.rfind("? ", half, end), text.rfind("! ", half, end))
                cut = cut + 1 if cut >= 0 else -1
            if cut < 0:
                cut = text.rfind(" ", half, end)
            if cut > start:
                end = cut + 1
        spans.append((start, end))
        start = end
    return spans


def shifted(item, offset: int):
    """A copy of the dataclass ``item`` (a claim, a mention) with every character offset
    (``start``, ``end``, ``*_start``, ``*_end``) moved by ``offset``; ``-1`` ("none") stays."""
    if not offset:
        return item
    return replace(item, **{f.name: getattr(item, f.name) + offset for f in fields(item)
                            if (f.name.endswith(("_start", "_end")) or f.name in ("start", "end"))
                            and isinstance(getattr(item, f.name), int) and getattr(item, f.name) >= 0})


def restored(claim, text: str):
    """``claim`` with its ``speaker``, ``cue`` and ``content`` read again from ``text`` at their
    offsets: the words as stored, where :func:`collapse_punctuation` changed the text parsed."""
    changes = {}
    for name in ("speaker", "cue", "content"):
        start, end = getattr(claim, f"{name}_start", -1), getattr(claim, f"{name}_end", -1)
        if 0 <= start <= end <= len(text) and text[start:end] != getattr(claim, name):
            changes[name] = text[start:end]
    return replace(claim, **changes) if changes else claim


class BudgetExceeded(Exception):
    """Raised inside the code guarded by :func:`time_limit` when its seconds are spent."""


@contextmanager
def time_limit(seconds: float) -> Iterator[bool]:
    """Raise :class:`BudgetExceeded` in the guarded block once ``seconds`` (wall clock) have passed.

    Uses ``signal.setitimer(ITIMER_REAL)``: the exception is raised at the next Python bytecode
    the interpreter runs, so C code that never returns to Python (one regular expression on a
    huge string) is only interrupted when it does; :func:`collapse_punctuation` and
    :func:`windows` bound those. Nested limits are not supported (the inner one wins).

    Args:
        seconds: the budget; 0 or less: no limit.

    Yields:
        bool: whether the limit is armed (False off the main thread, where signals cannot be
        set, and on platforms without ``setitimer``).
    """
    armed = (seconds > 0 and hasattr(signal, "setitimer")
             and threading.current_thread() is threading.main_thread())
    if not armed:
        yield False
        return

    def _expired(_signum, _frame):
        raise BudgetExceeded(f"over the budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
