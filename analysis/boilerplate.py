"""Boilerplate of an outlet: lines and sentences it repeats across its documents.

A newsletter repeats its masthead ("AI News for 2/9/2026. We checked 12 subreddits ..."), its
section headings ("AI Twitter Recap") and its footer in every issue; a blog repeats its "subscribe"
line under every post. Left in, they become a theme of their own (measured on the AI-news digests:
plain BERTopic made one topic of them). This module learns them from repetition, per outlet: a
line or sentence whose *skeleton* (case-folded, digits masked, punctuation and whitespace folded)
occurs in at least ``min_documents`` documents of one outlet and in at least ``min_share`` of
them is boilerplate of that outlet, and :meth:`Boilerplate.strip` removes it from a text.

The idea is the one of site-level boilerplate removal by repetition across a site's pages
(Bar-Yossef & Rajagopalan 2002, "Template detection via data mining"; the "shingle seen on many
pages of one host" rule of jusText and of Kohlschütter et al. 2010); it is written here because
those libraries work on HTML blocks, and themes read stored text. Sentences are split by a regular
expression on end punctuation (not spaCy: this runs over every stored document before each theme
fit, and a sentence boundary missed only keeps a sentence in).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

#: A sentence ends at ., ! or ? followed by space and an upper-case letter, a digit or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[A-Z0-9])")
_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")


def skeleton(text: str) -> str:
    """The form under which repeats are counted: case-folded, each digit run as ``0``, runs of
    punctuation and space as one space (``"AI News for 2/9/2026."`` -> ``"ai news for 0 0 0"``)."""
    return _NON_WORD.sub(" ", _DIGITS.sub("0", text.casefold())).strip()


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph (see the module docstring for the rule)."""
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _units(text: str) -> set[str]:
    """Skeletons of the lines and sentences of ``text`` (each once: a document counts once)."""
    out = set()
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out.add(skeleton(line))
        out.update(skeleton(s) for s in sentences(line))
    out.discard("")
    return out


class Boilerplate:
    """Lines and sentences repeated across the documents of one outlet, learned by :meth:`fit`.

    Args:
        min_documents: a skeleton is boilerplate when it occurs in at least this many documents of
            the outlet (default 3: two documents sharing a sentence is a quote, not a template) ...
        min_share: ... and in at least this share of the outlet's documents (default 0.3).
        min_chars: skeletons shorter than this many characters are never boilerplate (default 12:
            "Yes." or a lone "0" repeat by chance).

    ``outlets`` after :meth:`fit`: outlet -> frozenset of boilerplate skeletons.
    """

    def __init__(self, *, min_documents: int = 3, min_share: float = 0.3, min_chars: int = 12) -> None:
        if min_documents < 2 or not 0.0 < min_share <= 1.0:
            raise ValueError("min_documents must be >= 2 and min_share in (0, 1]")
        self.min_documents, self.min_share, self.min_chars = min_documents, min_share, min_chars
        self.outlets: dict[str, frozenset[str]] = {}

    def fit(self, documents: Iterable[tuple[str, str]]) -> Boilerplate:
        """Learn each outlet's boilerplate from ``(outlet, text)`` pairs (one per document).
        Returns ``self``."""
        counts: dict[str, Counter] = defaultdict(Counter)
        totals: Counter = Counter()
        for outlet, text in documents:
            totals[outlet] += 1
            counts[outlet].update(_units(text))
        self.outlets = {}
        for outlet, counter in counts.items():
            need = max(self.min_documents, self.min_share * totals[outlet])
            self.outlets[outlet] = frozenset(k for k, n in counter.items() if n >= need and len(k) >= self.min_chars)
        return self

    def is_boilerplate(self, outlet: str, text: str) -> bool:
        """True when ``text`` (a line or a sentence) is boilerplate of ``outlet``."""
        return skeleton(text) in self.outlets.get(outlet, ())

    def strip(self, outlet: str, text: str) -> str:
        """``text`` without the outlet's boilerplate lines and sentences; line breaks are kept
        between the lines that remain, so paragraphs stay paragraphs."""
        known = self.outlets.get(outlet)
        if not known:
            return text
        kept_lines = []
        for line in text.split("\n"):
            stripped = line.strip()
            if not stripped or skeleton(stripped) in known:
                continue
            kept = [s for s in sentences(stripped) if skeleton(s) not in known]
            if kept:
                kept_lines.append(" ".join(kept))
        return "\n".join(kept_lines)

    def size(self) -> int:
        """Boilerplate skeletons learned, over all outlets."""
        return sum(len(v) for v in self.outlets.values())
