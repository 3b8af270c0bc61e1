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
    (the aide is PolNeAR's source), as does an "according to" with no speaking verb in its clause.

    Args:
        doc: the parsed document.
        drafts: the claims found on verb cues (modified in place: ``via`` set).
        according: the "according to" claims.

    Returns:
        list[_Draft]: the "according to" claims that stay claims.
    """
    kept = []
    for a in according:
        inner = [d for d in drafts if d.speaker is not None and d.via is None
                 and a.content[0] <= d.cue[0] < a.content[1]
                 and a.content[0] <= d.speaker[0] < a.content[1]]
        head = _head_of(doc, a.speaker) if a.speaker is not None else None
        if inner and head is not None and head.lemma_.lower() in CHANNEL_NOUNS:
            inner[0].via = a.speaker
        else:
            kept.append(a)
    return kept


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
