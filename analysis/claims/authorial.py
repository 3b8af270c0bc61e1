"""Authorial claims: the author's own assertions in opinion pieces, blog posts and comments.

In an op-ed, a blog post or a forum comment the writer states positions in their own voice
("Distillation through fake accounts is theft, plain and simple."); these count for the writer
as claims of kind ``"authorial"`` (issue 7, item 4). News articles have none: their unattributed
sentences are the outlet's reporting, not its position.

The rule is conservative. A sentence is an authorial claim when all of these hold:

- the document is of an opinion kind (:data:`AUTHORIAL_KINDS`);
- it is a declarative sentence (ends with "." or "!"; no "?") of 5 to 60 words, with a subject
  and a finite main verb (no imperative, no fragment, no heading);
- it carries a position marker: a modal of obligation or necessity ("should", "must", "ought
  to", "need to"), an evaluative predicate ("is theft", "is wrong", "are hypocritical": a copula
  with an adjective or noun complement), or the writer's own stance verb ("I think", "we
  believe");
- it is not a question to the reader, not conditional ("If ...", "Unless ..."), not
  metadiscourse about the text ("I also want to highlight ...", "In this post I ..."), not in
  quotation marks and not already part of an attributed claim of another speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from .filters import _DISCOURSE_VERBS
from .model import Claim, _strip_range

#: ``kind_of_document`` values that have authorial claims (store kinds and outlet kinds).
AUTHORIAL_KINDS: frozenset[str] = frozenset({
    "opinion", "op-ed", "oped", "editorial", "column", "blog", "post", "comment", "forum",
    "thread", "essay", "newsletter", "social",
})

_WORD_RE = re.compile(r"\w+")
_OBLIGATION = frozenset({"should", "must", "ought", "need", "needs", "shall"})
_STANCE_VERBS = frozenset({"think", "believe", "argue", "contend", "maintain", "insist", "doubt",
                           "suspect", "reckon", "hold"})
_FIRST_PERSON = frozenset({"i", "we"})
_CONDITION_OPENERS = ("if ", "unless ", "when ", "whether ", "suppose ", "imagine ")
_META_OPENERS = ("in this post", "in this piece", "in this article", "in this essay",
                 "in this thread", "below,", "as i said", "as mentioned", "to be clear", "tl;dr",
                 "edit:", "update:")
_QUOTES = "\"“”"


def authorial_claims(doc: Doc, *, author: str, kind_of_document: str,
                     attributed: Iterable[Claim] | None = None) -> list[Claim]:
    """The author's own assertions in ``doc``, as claims of kind ``"authorial"``.

    Args:
        doc (Doc): the parsed document (parser, lemmatizer).
        author (str): who the claims are credited to: the byline author, the commenter, or the
            outlet for an unsigned editorial. Must not be empty.
        kind_of_document (str): the document's kind ("opinion", "blog", "post", "comment",
            "forum", "editorial", ...; case-insensitive). Other kinds ("article", "news",
            "statement") give no authorial claims.
        attributed (Iterable[Claim] | None): the document's attributed claims; sentences that hold
            one of their cues or contents are skipped. Default: :func:`extract_claims` of ``doc``.

    Returns:
        list[Claim]: in text order. ``speaker`` is ``author`` with offsets ``-1, -1`` (the name is
        not in the text); ``cue`` is ``""`` with both offsets at ``content_start``; content and
        sentence offsets are characters into ``doc.text``; ``via`` is ``""``.

    Raises:
        ValueError: ``author`` is empty.
    """
    if not author.strip():
        raise ValueError("authorial_claims needs the author's name (or the outlet's)")
    if kind_of_document.strip().lower() not in AUTHORIAL_KINDS:
        return []
    if attributed is None:
        from .extract import extract_claims
        attributed = extract_claims(doc)
    taken = [(c.content_start, c.content_end) for c in attributed] + [
        (c.cue_start, c.cue_end) for c in attributed]
    text = doc.text
    found = []
    for sent in doc.sents:
        cut = text.rfind("\n", sent.start_char, sent.end_char - 1)
        if cut >= 0:  # a heading line fused into the sentence by the parser
            sent = doc.char_span(cut + 1, sent.end_char, alignment_mode="contract")
            if sent is None or not len(sent):
                continue
        if any(a < sent.end_char and b > sent.start_char for a, b in taken):
            continue
        if not _is_position(sent):
            continue
        start, end = _strip_range(text, sent.start_char, sent.end_char, tail=" \t\n\r.!")
        found.append(Claim(
            speaker=author, speaker_start=-1, speaker_end=-1,
            cue="", cue_start=start, cue_end=start,
            content=text[start:end], content_start=start, content_end=end,
            kind="authorial", sentence_start=start, sentence_end=end, via=""))
    return found


def _is_position(sent: Span) -> bool:
    """Whether one sentence is a declarative statement of the writer's position (rules above)."""
    raw = sent.text.strip()
    low = raw.lower()
    words = len(_WORD_RE.findall(raw))
    if not 5 <= words <= 60 or "?" in raw or "\n" in raw.strip() or not raw.endswith((".", "!")):
        return False
    if any(q in raw for q in _QUOTES) or low.startswith(_CONDITION_OPENERS + _META_OPENERS):
        return False
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or root.tag_ in ("VB",) and not any(
            c.dep_ == "aux" for c in root.children):
        return False  # a fragment or an imperative ("Consider the logs.")
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")]
    if not subjects:
        return False
    if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless")
                                     for g in c.children) for c in root.children):
        return False
    first_person = subjects[0].lower_ in _FIRST_PERSON
    lemmas = {root.lemma_.lower()} | {c.lemma_.lower() for c in root.children if c.dep_ == "xcomp"}
    if first_person and lemmas & _DISCOURSE_VERBS:
        return False  # "I also want to highlight ...": the text talking about itself
    if first_person and root.lemma_.lower() in _STANCE_VERBS:
        return True
    if any(t.lower_ in _OBLIGATION and t.dep_ in ("aux", "ROOT") for t in sent):
        return True
    if root.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in root.children):
        return not first_person  # "I am tired" is about the writer, not the debate
    return False
