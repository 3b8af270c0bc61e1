"""The :class:`Claim` record, the draft it is built from, and the helpers on character ranges."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Span

_WORD_RE = re.compile(r"\w+")
_MIN_QUOTE_WORDS = 4
_MAX_INTERRUPTION_WORDS = 12
#: A news dateline at the head of a speaker span: the city in capitals, an optional date and
#: agency, then a dash ("WASHINGTON, Feb. 24, 2026 — Sen. Ruth Calloway, ..." , "BEIJING
#: (Reuters) - China's foreign ministry ..."). The parser hangs the first sentence's subject
#: on the city, so the span starts with it; the speaker is what follows the dash.
_DATELINE = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:,[^\n—–]{0,40}?)?"
                       r"(?: ?\([^()\n]{1,40}\))? ?(?:—|–|--| - )\s*")


@dataclass(frozen=True)
class Claim:
    """One attribution: a speaker, a cue and a content, with character offsets into ``doc.text``.

    Every ``*_start``/``*_end`` pair slices ``doc.text`` back to its field
    (``doc.text[cue_start:cue_end] == cue``). ``speaker`` is ``""`` with offsets ``-1, -1`` only
    for a direct quotation whose speaker could not be found.

    Attributes:
        speaker: the source, a noun phrase ("The mayor", "he", "officials").
        cue: the reporting verb phrase ("said", "has told reporters", "according to").
        content: what was reported; for a direct claim, the text inside the quotation marks. A
            quotation interrupted by its own cue ("“A,” she said. “B.”") is one claim whose
            content runs from A to B, the interruption included (PolNeAR's discontinuous span).
        kind: ``"direct"`` (verbatim quotation), ``"indirect"`` (paraphrase, belief, finding) or
            ``"authorial"`` (the author's own assertion, :func:`analysis.claims.authorial_claims`).
        sentence_start, sentence_end: span of the sentence(s) that contain speaker, cue and
            content: the passage to quote.
        via: the channel the statement came through, as written ("a post on X", "an
            interview with CNBC", "the Financial Times", "a letter seen by Reuters"); ``""``
            when the text names none. The channel is never the speaker.
    """

    speaker: str
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    cue_end: int
    content: str
    content_start: int
    content_end: int
    kind: str
    sentence_start: int
    sentence_end: int
    via: str = ""


@dataclass
class _Draft:
    """A claim under construction: character ranges, before offsets are frozen into a Claim."""

    speaker: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    kind: str
    via: tuple[int, int] | None = None
    #: ranges inside ``content`` that are not the speaker's words: the cue and speaker that
    #: interrupt a quotation ("“A,” she said, speaking of X. “B.”"), which may hold a claim
    holes: tuple[tuple[int, int], ...] = ()


def _strip_range(text: str, start: int, end: int, *, tail: str = " \t") -> tuple[int, int]:
    """Shrink ``start:end`` past leading white space and trailing characters of ``tail``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return start, end


def _quote_at(quotes: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next((q for q in quotes if q[0] <= pos < q[1]), None)


def _words(text: str, start: int = 0, end: int | None = None) -> int:
    return len(_WORD_RE.findall(text, start, len(text) if end is None else end))

def _end(d: _Draft) -> int:
    return max(d.content[1], d.cue[1], d.speaker[1] if d.speaker else 0)


def _start(d: _Draft) -> int:
    return min(d.content[0], d.cue[0], d.speaker[0] if d.speaker else d.cue[0])


def _sentence_index(starts: list[int], pos: int) -> int:
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def _univocal(drafts: list[_Draft]) -> list[_Draft]:
    """Keep one claim per stretch of content, outer claims first (PolNeAR is univocal)."""
    kept: list[_Draft] = []
    for d in sorted(drafts, key=lambda d: d.content[0] - d.content[1]):
        size = d.content[1] - d.content[0]
        if any(k.content[0] <= d.cue[0] < k.content[1]
               and not any(a <= d.cue[0] < b for a, b in k.holes) for k in kept):
            continue
        if any(_shared(k, d) > size / 2 for k in kept):
            continue
        kept.append(d)
    return kept


def _shared(k: _Draft, d: _Draft) -> int:
    """Characters of ``d``'s content inside ``k``'s, outside ``k``'s holes."""
    lo, hi = max(k.content[0], d.content[0]), min(k.content[1], d.content[1])
    if hi <= lo:
        return 0
    return hi - lo - sum(max(0, min(hi, b) - max(lo, a)) for a, b in k.holes)


def _after_dateline(text: str, start: int, end: int) -> int:
    """``start`` moved past a dateline (:data:`_DATELINE`) that opens ``text[start:end]``, when
    something follows it; else ``start``."""
    m = _DATELINE.match(text, start, end)
    return m.end() if m and m.end() < end and any(c.isalpha() for c in text[m.end():end]) else start


def _freeze(text: str, sents: list[Span], starts: list[int], d: _Draft) -> Claim:
    """The :class:`Claim` of a draft, with the span of the sentences it touches."""
    s_start, s_end = d.speaker if d.speaker is not None else (-1, -1)
    if d.speaker is not None:
        s_start = _after_dateline(text, s_start, s_end)
    first = sents[_sentence_index(starts, _start(d))]
    last = sents[_sentence_index(starts, _end(d) - 1)]
    passage = _strip_range(text, first.start_char, last.end_char, tail=" \t\n\r")
    return Claim(
        speaker=text[s_start:s_end] if d.speaker is not None else "",
        speaker_start=s_start, speaker_end=s_end,
        cue=text[d.cue[0]:d.cue[1]], cue_start=d.cue[0], cue_end=d.cue[1],
        content=text[d.content[0]:d.content[1]],
        content_start=d.content[0], content_end=d.content[1],
        kind=d.kind,
        sentence_start=passage[0], sentence_end=passage[1],
        via=text[d.via[0]:d.via[1]] if d.via else "",
    )

