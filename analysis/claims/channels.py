"""Channels: the medium a statement came through, kept apart from its speaker (issue 7, item 2).

"Varga told the Financial Times that ...", "In a post on X, Castellan said ...", "the company
said in a blog post ...", "X claimed ..., according to a letter seen by Reuters": the speaker is
who made the statement (Varga, Castellan, the company, X); the channel goes to ``Claim.via``.

A channel is found on the parse of the cue: the addressee of "tell" when it is a named outlet
(an ``ORG``/``WORK_OF_ART`` entity or a proper noun, so "told reporters" has none); an "in"/"on"
phrase of the cue whose noun is a medium (:data:`CHANNEL_NOUNS`) or a platform
(:data:`PLATFORMS`); an "according to" phrase in a clause that has a speaking verb of its own.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .model import _Draft

#: Nouns of a medium: "in a post", "in an interview with CNBC", "in a statement".
CHANNEL_NOUNS: frozenset[str] = frozenset({
    "post", "interview", "statement", "letter", "blog", "tweet", "op-ed", "oped", "essay",
    "memo", "email", "e-mail", "podcast", "video", "thread", "filing", "speech", "appearance",
    "briefing", "conference", "call", "message", "note", "newsletter", "column", "article",
    "paper", "report", "release", "episode", "broadcast", "livestream", "stream", "comment",
    "comments", "remarks", "testimony", "hearing", "address", "talk", "keynote", "panel",
})

#: Platforms named as channels: "on X", "on LinkedIn".
PLATFORMS: frozenset[str] = frozenset({
    "x", "twitter", "facebook", "linkedin", "threads", "bluesky", "mastodon", "substack",
    "youtube", "reddit", "instagram", "tiktok", "weibo", "wechat", "discord", "telegram",
})

_OUTLET_LABELS = {"ORG", "WORK_OF_ART", "PRODUCT"}


def verb_channel(verb: Token) -> tuple[int, int] | None:
    """Character range of the channel of a cue verb, or ``None``.

    Args:
        verb (Token): the cue verb ("said", "told", "wrote").

    Returns:
        tuple[int, int] | None: ``(start, end)`` in characters of ``verb.doc.text``.
    """
    if verb.lemma_.lower() == "tell":
        for c in verb.children:
            if c.dep_ in ("dobj", "dative") and c.i > verb.i and _is_outlet(c):
                return _phrase(c)
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "on", "during", "via", "through"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs and _is_medium(objs[0]):
                return _phrase(objs[0])
    return None


def attach_according_channels(doc: Doc, drafts: list[_Draft],
                              according: list[_Draft]) -> list[_Draft]:
    """Turn an "according to" into the channel of a verb claim inside its clause.

    "Larkspur claimed the accounts were fake, according to a letter seen by Reuters": the verb
    claim (Larkspur, claimed) gets ``via`` "a letter seen by Reuters" and the "according to"
    claim is dropped. Only a medium (a head noun of :data:`CHANNEL_NOUNS`: a letter, a filing, a
    post) is a channel: "Clinton plans to visit Ohio, according to an aide" stays the aide's claim
    (the aide is PolNeAR's source), as does an "according to" with no speaking verb in its clause
    ("The US is considering options ..., according to a memo").

    Args:
        doc: the parsed document.
        drafts: the claims found on verb cues (modified in place: ``via`` set).
        according: the "according to" claims.

    Returns:
        list[_Draft]: the "according to" claims that stay claims.
    """
    kept = []
    for a in according:
        # the verb the "according to" phrase modifies, when it is a cue of saying
        according = _head_of(doc, a.cue)
        clause = according.head if according is not None else None
        inner = [d for d in drafts if d.speaker is not None and d.via is None
                 and a.content[0] <= d.cue[0] < a.content[1]
                 and a.content[0] <= d.speaker[0] < a.content[1] and _speaks(doc, d)
                 and (clause is None or _head_of(doc, d.cue) in (clause, *clause.conjuncts))]
        head = _head_of(doc, a.speaker) if a.speaker is not None else None
        if inner and head is not None and head.lemma_.lower() in CHANNEL_NOUNS:
            inner[0].via = a.speaker
        else:
            kept.append(a)
    return kept


#: Cue lemmas of thinking, intending and finding rather than of saying: "The US is considering
#: options ..., according to a memo seen by Reuters" is the memo's claim about the US, not a
#: statement of the US that came through the memo.
_NOT_SPEAKING = frozenset({
    "believe", "think", "know", "learn", "hear", "understand", "feel", "fear", "worry", "hope",
    "expect", "reckon", "assume", "doubt", "consider", "see", "view", "plan", "intend", "want",
    "wish", "decide", "seek", "aim", "judge", "wonder", "realize", "realise", "recognize",
    "recognise", "notice", "discover", "determine", "suspect", "anticipate", "find", "show",
    "demonstrate", "prove", "accept", "refuse", "decline", "vote", "continue", "regret", "read",
})


def _speaks(doc: Doc, draft: _Draft) -> bool:
    """Whether a verb claim's cue is a verb of saying (not of :data:`_NOT_SPEAKING`)."""
    cue = _head_of(doc, draft.cue)
    return cue is None or cue.lemma_.lower() not in _NOT_SPEAKING


def _head_of(doc: Doc, span: tuple[int, int]) -> Token | None:
    """The syntactic head of the tokens of a character range."""
    found = doc.char_span(span[0], span[1], alignment_mode="expand")
    return found.root if found is not None and len(found) else None


def _is_outlet(tok: Token) -> bool:
    if tok.ent_type_ in _OUTLET_LABELS:
        return True
    return tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "GPE", "NORP")


def _is_medium(tok: Token) -> bool:
    if tok.lemma_.lower() in CHANNEL_NOUNS:
        return True
    return tok.lower_ in PLATFORMS and tok.pos_ == "PROPN" or tok.text == "X"


def _phrase(head: Token) -> tuple[int, int]:
    """The contiguous phrase of ``head`` (its subtree, without edge punctuation)."""
    toks = [t for t in head.subtree if not t.is_punct or head.i < t.i < head.right_edge.i]
    doc: Doc = head.doc
    first, last = toks[0], toks[-1]
    return first.idx, last.idx + len(doc[last.i].text)
