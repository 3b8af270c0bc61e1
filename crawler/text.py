"""Text helpers shared by the crawler: word shingles and comparison keys.

One shingle function for the project: extraction (:func:`crawler.extraction._declared_body`),
near-duplicate detection (:mod:`crawler.neardup`), the extraction benchmark and its test all cut
texts with :func:`shingles`, and differ only in size, case folding and how they count.
"""

from __future__ import annotations

import re

__all__ = ["WORD", "shingles", "text_key"]

#: A word token: a run of Unicode word characters (``\\w+``), as in the ScrapingHub
#: article-extraction benchmark's ``evaluate.py``.
WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")


def shingles(text: str | None, size: int = 4, *, casefold: bool = True) -> list[tuple[str, ...]]:
    """Word ``size``-grams of ``text``, in text order, repeats kept.

    Args:
        text (str | None): any text; ``None`` counts as empty.
        size (int): words per shingle. Default 4, the unit of the extraction benchmark;
            near-duplicate detection uses 5 (Broder 1997).
        casefold (bool): compare case-insensitively. Default True; the benchmark metric
            passes False to stay the ScrapingHub metric.

    Returns:
        list[tuple[str, ...]]: one tuple of words per shingle. A text with fewer than ``size``
        words is one shingle of all its words; a text without words has none. Wrap in ``set``
        or ``collections.Counter`` as the use needs.

    Raises:
        ValueError: when ``size`` is below 1.
    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, not {size}")
    words = WORD.findall((text or "").casefold() if casefold else (text or ""))
    if not words:
        return []
    return [tuple(words[i:i + size]) for i in range(max(1, len(words) - size + 1))]


def text_key(text: str) -> str:
    """Comparison key of a text: whitespace collapsed to one space, stripped, case-folded."""
    return _WS.sub(" ", text).strip().casefold()
