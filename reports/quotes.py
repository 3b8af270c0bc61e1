"""The passage a briefing quotes for a claim: the published words, cut from the stored text at the
stored offsets, with the claim's content marked.

Why this exists. A claim's passage (``sentence_start:sentence_end``) is the run of spaCy sentences
that touch the claim. The small parser's sentence splitter makes three kinds of mistake that a
reader sees as a mangled quotation (issue 9, about a third of the passages of crawled coverage):

* the closing quotation mark after the final full stop (``... theft.”``) is put at the start of
  the *next* sentence, so this passage loses its closing mark;
* that stray closing mark then opens the next claim's passage (``” The ministry said ...``);
* a quotation that runs over several sentences loses its opening mark to the sentence before;
* a line with no final punctuation (a sub-heading, a "View original / Read in other languages"
  link row of a syndicated page) is glued to the sentence after it.

A claim whose speaker and cue stand paragraphs away from its content (a statement "issued the
following statement: ..." quoted over several paragraphs) is shown as the paragraph of the cue,
an elision mark ``[…]``, and the paragraph of the content, not as every paragraph between.

:func:`passage` repairs these from the stored offsets and the stored text alone, never by
rewriting words: the passage keeps every character as published between its two ends; only the
ends move (to a paragraph break, over a closing mark, past a stray mark). The root cause is in the
sentence bounds of claim extraction (``analysis.claims.model._freeze``), reported to its owner.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .errors import Errors

log = logging.getLogger(__name__)

#: Marks that close a quotation (typographic, guillemets, straight; a bracket closes an aside).
CLOSERS = "”’»\"')]"
#: Marks that open one.
OPENERS = "“‘«\"'(["
#: Sentence-final punctuation a closing mark may follow.
FINAL = ".!?…,;:"
#: How far past the stored end a lost closing mark is looked for (characters).
LOOKAHEAD = 3
#: How far before the stored start a quotation's lost opening mark is looked for (characters).
LOOKBACK = 400


@dataclass(frozen=True)
class Passage:
    """A quoted passage in three pieces: ``before + content + after`` is ``text[start:end]``.

    Attributes:
        lead: the paragraph of the speaker and cue when paragraphs between it and the content are
            left out (shown before an elision mark), else ``""``.
        tail: the same, when the speaker and cue come paragraphs after the content.
        before, content, after: the published words before the claim's content, the content
            (shown highlighted), and after it; ``content`` is ``""`` when the content lies outside
            the passage.
        start, end: the passage's offsets in the document text (characters, end exclusive).
        fixes: what was repaired (``"paragraph-before"``, ``"paragraph-after"``,
            ``"stray-mark"``, ``"closing-mark"``), for the method notes and the tests.
    """

    before: str
    content: str
    after: str
    start: int
    end: int
    fixes: tuple[str, ...] = ()
    lead: str = ""
    tail: str = ""

    @property
    def text(self) -> str:
        """The passage as shown: the published words, with ``[…]`` where paragraphs are left out."""
        body = self.before + self.content + self.after
        return (f"{self.lead} […] " if self.lead else "") + body + (f" […] {self.tail}" if self.tail else "")


def _balance(s: str) -> int:
    """Typographic opening minus closing double marks in ``s`` (straight marks count by parity)."""
    curly = s.count("“") - s.count("”") + s.count("«") - s.count("»")
    straight = s.count('"') % 2
    return curly + straight


def passage(text: str, *, sentence: tuple[int, int], content: tuple[int, int],
            spans: tuple[tuple[int, int], ...] = (), claim_id: int | None = None,
            document_id: int | None = None) -> Passage:
    """The passage to quote for one claim, repaired at its ends (module docstring).

    Args:
        text: the document's stored text.
        sentence: the claim's stored ``(sentence_start, sentence_end)``.
        content: the claim's ``(content_start, content_end)``.
        spans: the other spans of the claim that must stay inside the passage (speaker, cue);
            spans given as ``(-1, -1)`` (no speaker in the text) are ignored.
        claim_id, document_id: named in the warning logged when offsets are outside the text.

    Returns:
        a :class:`Passage`; offsets outside the text are clipped (warning W301), never raised.
    """
    n = len(text)
    start, end = sentence
    if not (0 <= start <= end <= n):
        log.warning(Errors.W301.format(claim_id=claim_id, document_id=document_id, start=start, end=end, length=n))
        start, end = max(0, min(start, n)), max(0, min(end, n))
    c_start, c_end = content
    keep = [(a, b) for a, b in (content, *spans) if 0 <= a < b <= n]
    # A claim whose content was joined over an interruption may run past the stored sentence.
    if keep:
        start, end = min(start, *(a for a, _ in keep)), max(end, *(b for _, b in keep))
    lo = min((a for a, _ in keep), default=start)
    hi = max((b for _, b in keep), default=end)
    fixes: list[str] = []

    # 1. A paragraph break bounds a passage: a sub-heading or a link row glued in front is cut.
    cut = text.rfind("\n", start, lo)
    if cut != -1:
        start = cut + 1
        fixes.append("paragraph-before")
    cut = text.find("\n", hi, end)
    if cut != -1:
        end = cut
        fixes.append("paragraph-after")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1

    # 2. A closing mark at the very start belongs to the sentence before (the splitter put it here).
    #    A straight mark is a closing one when the paragraph before it holds an odd number of them.
    if start < lo and start < end and text[start] in "”»’":
        stray = True
    elif start < lo and start < end and text[start] in "\"'":
        paragraph = text[text.rfind("\n", 0, start) + 1:start]
        stray = paragraph.count(text[start]) % 2 == 1
    else:
        stray = False
    if stray:
        start += 1
        while start < lo and text[start].isspace():
            start += 1
        fixes.append("stray-mark")

    # 3a. A quotation closed in the passage but opened in an earlier sentence of the paragraph:
    #     the passage starts at its opening mark (else the reader gets a closing mark from nowhere).
    if text[start:end].count("”") > text[start:end].count("“"):
        paragraph = text.rfind("\n", 0, start) + 1
        opener = text.rfind("“", max(paragraph, start - LOOKBACK), start)
        if opener != -1 and "”" not in text[opener:start]:
            start = opener
            fixes.append("opening-mark")

    # 3b. A closing mark just past the end, that the passage opened, is the passage's own.
    if _balance(text[start:end]) > 0 or (end < n and text[end:end + 1] in "”»"):
        j = end
        while j < min(n, end + LOOKAHEAD) and text[j] in FINAL:
            j += 1
        if j < n and text[j] in CLOSERS and text[j] not in "([":
            while j < n and text[j] in CLOSERS and text[j] not in "([":
                j += 1
            end = j
            fixes.append("closing-mark")

    # 4. Paragraphs between the cue's paragraph and the content's are left out, marked.
    lead = tail = ""
    others = [(a, b) for a, b in spans if 0 <= a < b <= n]
    if others and c_start < c_end:
        if max(b for _, b in others) <= c_start:
            lead_end = text.find("\n", max(b for _, b in others), c_start)
            body = text.rfind("\n", start, c_start) + 1
            if lead_end != -1 and body > lead_end + 1 and body > start:
                lead, start = text[start:lead_end].strip(), body
                fixes.append("elided")
        elif min(a for a, _ in others) >= c_end:
            body_end = text.find("\n", c_end, end)
            tail_start = text.rfind("\n", c_end, min(a for a, _ in others)) + 1
            if body_end != -1 and tail_start > body_end + 1:
                tail, end = text[tail_start:end].strip(), body_end
                fixes.append("elided")
    if c_start >= start and c_end <= end and c_start < c_end:
        return Passage(text[start:c_start], text[c_start:c_end], text[c_end:end], start, end, tuple(fixes), lead, tail)
    return Passage(text[start:end], "", "", start, end, tuple(fixes), lead, tail)
