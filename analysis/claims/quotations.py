"""Quotations found on the characters, and the claims they make without a reporting verb.

Rule 1 and rule 4 of :mod:`analysis.claims`: quotation pairs per paragraph; pull quotes with a
dash line; quotations interrupted by their cue; continuations; ``NAME: text`` lines.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .cues import _LABELS, FINDING_NOUNS
from .model import (
    _MAX_INTERRUPTION_WORDS,
    _MIN_QUOTE_WORDS,
    _Draft,
    _end,
    _sentence_index,
    _start,
    _strip_range,
    _words,
)

_SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
_QUOTE_RE = re.compile(r"''|``|[\"“”„«»]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}
_DASH_RE = re.compile(r"^\s*(?:[―—–]|--)\s*(?P<name>[^\n]{2,80}?)\s*$")
_COLON_LINE_RE = re.compile(
    r"^[\"“]?(?P<src>[A-Z][^\n:\"“”]{0,48}?)\s*:\s+(?P<content>\S[^\n]*)$", re.MULTILINE)
# --------------------------------------------------------------------------- quotations

def _quotations(text: str) -> list[tuple[int, int]]:
    """Inner character ranges ``(start, end)`` of the quotations of ``text``, without the marks.

    Pairs are found line by line (a line is a paragraph). Directional marks pair with each other,
    straight ones toggle; a closing "”" after a space opens (a common typo); a quotation still open
    at the end of its paragraph ends there (the convention for multi-paragraph quotations).
    """
    found: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        open_at: int | None = None
        straight = False  # the open quotation began with a straight mark
        nested = 0  # directional quotations open inside a straight one
        for m in _QUOTE_RE.finditer(text, para.start(), para.end()):
            mark = m.group()
            before = text[m.start() - 1] if m.start() > para.start() else " "
            if open_at is None:
                if mark in _CLOSERS and not (before.isspace() or before in "([—-"):
                    continue  # a stray closer
                open_at = m.end()
                straight = mark not in _OPENERS and mark not in _CLOSERS
            elif straight and mark in _OPENERS:
                nested += 1
            elif straight and mark in _CLOSERS and nested:
                nested -= 1
            elif mark in _OPENERS:
                if m.start() > open_at:
                    found.append((open_at, m.start()))
                open_at = m.end()
            else:
                if m.start() > open_at:
                    found.append((open_at, m.start()))
                open_at, nested = None, 0
        if open_at is not None and para.end() > open_at:
            found.append((open_at, para.end()))
    return [_strip_range(text, s, e, tail=" \t,") for s, e in found if text[s:e].strip(" \t,")]


def _quote_at(quotes: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next((q for q in quotes if q[0] <= pos < q[1]), None)

# --------------------------------------------------------------------------- quotations without a verb

def _quote_drafts(text: str, quotes: list[tuple[int, int]], drafts: list[_Draft],
                  sent_starts: list[int]) -> list[_Draft]:
    """Claims for quotations no cue took: pull quotes ("...” -- Name") and continuations (rule 4)."""
    new: list[_Draft] = []
    for q in quotes:
        if _words(text, *q) < _MIN_QUOTE_WORDS:
            continue
        if any(d.content[0] < q[1] and d.content[1] > q[0] for d in drafts + new):
            continue
        line_end = text.find("\n", q[1])
        line_end = len(text) if line_end < 0 else line_end
        closing = re.match(r"\s*(?:''|[\"”»])?", text[q[1]:line_end])
        after = q[1] + (closing.end() if closing else 0)
        dash = _DASH_RE.match(text[after:line_end])
        if dash is None and not text[after:line_end].strip():  # the dash line follows
            nxt = re.match(r"\n(?:[ \t]*\n)?", text[line_end:])
            if nxt:
                after = line_end + nxt.end()
                line_end = text.find("\n", after)
                line_end = len(text) if line_end < 0 else line_end
                dash = _DASH_RE.match(text[after:line_end])
        if dash:
            name = dash.group("name").split(",")[0].rstrip(". ")
            start = after + dash.start("name")
            new.append(_Draft((start, start + len(name)), _strip_range(text, after, start), q,
                              "direct"))
            continue
        if _join_interrupted(text, q, drafts + new):
            continue
        prior = [d for d in drafts + new if d.speaker is not None and _end(d) <= q[0]]
        if not prior:
            continue
        last = max(prior, key=_end)
        gap = text[_end(last):q[0]]
        same_para = "\n" not in gap
        near = _sentence_index(sent_starts, q[0]) - _sentence_index(sent_starts, _end(last) - 1) <= 1
        if (same_para and near) or gap.rstrip(" \n“\"'").endswith(":") or (
                last.kind == "direct" and last.cue[0] >= last.content[1]
                and _next_paragraph_quote(text, q, gap)):
            new.append(_Draft(last.speaker, last.cue, q, "direct"))
    return new + _continued_paragraphs(text, quotes, drafts + new)


def _next_paragraph_quote(text: str, q: tuple[int, int], gap: str) -> bool:
    """Whether ``q`` is a paragraph of its own that follows, with nothing between, the paragraph
    a quotation claim ends with its cue ("“A,” he said.\n\n“B.”"): news style for the same
    speaker going on. ``gap`` is the text from the end of that claim to ``q``."""
    if gap.count("\n") == 0 or gap.strip(" \t\n.,“”\"'’‘«»"):
        return False
    line_end = text.find("\n", q[1])
    tail = text[q[1]:len(text) if line_end < 0 else line_end]
    return not tail.strip(" \t.,!?”\"'’»")


def _continued_paragraphs(text: str, quotes: list[tuple[int, int]],
                          drafts: list[_Draft]) -> list[_Draft]:
    """Claims for the paragraphs of a multi-paragraph quotation (news style).

    A paragraph that opens a quotation without closing it continues into the next paragraph
    when that one opens with a quotation mark; every paragraph of such a chain is a direct
    claim of the speaker and cue of the paragraph that has them (before or after).
    """
    links = []
    for a, b in zip(quotes, quotes[1:]):
        line_end = text.find("\n", a[1])
        if line_end < 0:
            continue
        if text[a[1]:line_end].strip(" \t,") or re.match(r"\s*(?:''|[\"”»])", text[a[1]:]):
            continue  # closed, or more text after the quotation on its line
        if re.fullmatch(r"\n[ \t\n]*(?:``|[\"“„«])[ \t]*", text[line_end:b[0]]):
            links.append((a, b))
    new: list[_Draft] = []
    changed = True
    while changed:
        changed = False
        for a, b in links:
            owner = {q: next((d for d in drafts + new if d.kind == "direct" and d.speaker
                              and d.content[0] < q[1] and d.content[1] > q[0]), None)
                     for q in (a, b)}
            for q, other in ((a, b), (b, a)):
                d = owner[other]
                if owner[q] is None and d is not None and _words(text, *q) >= _MIN_QUOTE_WORDS:
                    new.append(_Draft(d.speaker, d.cue, q, "direct"))
                    changed = True
                    break
    return new


def _join_interrupted(text: str, q: tuple[int, int], drafts: list[_Draft]) -> bool:
    """Extend a direct claim over ``q`` when its cue interrupts one quotation: “A,” she said. “B.”

    The content then runs from A's first to B's last character (PolNeAR's discontinuous content,
    as one range). The interruption (cue, speaker with apposition, date) has at most
    ``_MAX_INTERRUPTION_WORDS`` words, or no more words than the two quotations together: a long
    apposition ("said Jo Li, a physicist at ... who ...") still sits between two parts of one
    statement, but a range mostly of interruption would no longer be the statement. Measured on
    the PolNeAR dev split: F1 0.692 -> 0.696, direct precision 0.869 -> 0.913. Returns True when
    a claim took ``q``.
    """
    for d in sorted(drafts, key=lambda d: min(abs(q[0] - _end(d)), abs(_start(d) - q[1]))):
        if d.kind != "direct":
            continue
        if d.content[1] <= d.cue[0] and _end(d) <= q[0]:
            gap = text[d.content[1]:q[0]]
        elif d.content[0] >= d.cue[1] and q[1] <= _start(d):
            gap = text[q[1]:d.content[0]]
        else:
            continue
        quoted = _words(text, *d.content) + _words(text, *q)
        if any(m in gap.strip(" \t,.;:“”\"'’‘«»") for m in "“”\"«»"):
            continue  # a quotation between them: another statement, not an interruption
        if re.search(r"(?::|\bincluding,?|\bsuch as|\badding,?)[\s“\"'‘]*$", gap):
            continue  # "..., suggesting questions, including: “B”": B is the aside's content
        if "\n" not in gap and _words(gap) <= max(_MAX_INTERRUPTION_WORDS, quoted):
            hole = (d.content[1], q[0]) if q[0] >= d.content[1] else (q[1], d.content[0])
            d.content = (min(d.content[0], q[0]), max(d.content[1], q[1]))
            d.holes = (*d.holes, hole)
            return True
    return False


def _entity_words(doc: Doc) -> frozenset[str]:
    """Lower-case last words of the document's names of people, organisations and places."""
    return frozenset(e[-1].lower_ for e in doc.ents if e.label_ in _SPEAKER_LABELS)


def _colon_line_drafts(doc: Doc, text: str) -> list[_Draft]:
    """"NAME: text" lines of transcripts and headlines: NAME is the speaker, the colon the cue.

    NAME is a name the entity recognizer found there, or one or two words whose last is a
    name found elsewhere in the document ("Sanders: ..." over a story about Bernie Sanders) or
    a finding ("Poll: ..."); other short capitalised labels are section headings."""
    new = []
    known: frozenset[str] | None = None
    for m in _COLON_LINE_RE.finditer(text):
        src = m.group("src").strip()
        if "," in src and len(src.split()) <= 14:  # "Hollis Varga, chief scientist at Larkspur:"
            src = src.split(",")[0].strip()
        if (len(src.split()) > 5 or src.lower() in _LABELS or src.lower().startswith("editor")
                or (src.isupper() and any(w in _LABELS for w in re.findall(r"\w+", src.lower())))):
            continue
        span = doc.char_span(m.start("src"), m.start("src") + len(src), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX", "NUM", "PRON") for t in span):
            continue
        speaker = (span.start_char, span.end_char)
        if doc.has_annotation("ENT_IOB") and not src.isupper():
            names = [e for e in span.ents if e.label_ in _SPEAKER_LABELS]
            if names:
                speaker = (names[0].start_char, names[0].end_char)
            elif not (len(span) <= 2 and (span[-1].lower_ in FINDING_NOUNS or span[-1].lower_ in (
                    known if known is not None else (known := _entity_words(doc))))):
                continue  # a section heading ("Little Relief for Refugees: ...")
        elif not (src.isupper() or any(t.pos_ == "PROPN" for t in span)):
            continue
        colon = text.index(":", m.start("src") + len(src))
        start, end = _strip_range(text, m.start("content"), m.end("content"))
        kind = "direct" if src.isupper() else "indirect"
        inner = _quotations(text[start:end])
        if inner and inner[0][0] <= 2 and inner[-1][1] >= end - start - 2:
            start, end, kind = start + inner[0][0], start + inner[-1][1], "direct"
        new.append(_Draft(speaker, (colon, colon + 1), (start, end), kind))
    return new


