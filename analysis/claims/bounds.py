"""Where a reported content begins and ends, beyond the subtree of its complement.

- :func:`cut_tail`: the subtree of a complement runs to the end of its clause, and with it come
  additions of the writer's: a non-restrictive relative clause ("... the BBC, which receives some
  government funding"), a participle after a comma ("... fair to him, engaging in what analysts
  described as ..."), a concessive clause ("..., although he again refused to ..."). PolNeAR's
  contents stop before them (its guidelines: the content is what is attributed to the source).
  Also a relative clause of "when" after a comma ("..., when the records show ..."), and the
  writer's gloss: a noun phrase after a dash ("... -- a phrase that spread") or an apposition
  after a comma to a content that is no name ("..., the latest step in ...").
- :func:`close_quotation`: a content that opens a quotation runs to its close (the parser may
  hang the quotation's tail on the cue).
- :func:`coordinated`: the small parser hangs the second of two coordinated complements on the
  cue instead of on the first ("said X and Y", "planned to X, then Y", "declined to X or Y");
  the content takes both.

Measured on the PolNeAR dev split (``benchmarks/attribution.py --direct``): F1 0.676 -> 0.688;
with the gloss, "when", quotation and conjunct rules F1 0.746 -> 0.751.
"""

from __future__ import annotations

from spacy.tokens import Token

_BREAKS = frozenset({",", "--", "—", "–", "-"})
_RELATIVES = frozenset({"which", "who", "whom", "whose", "when"})
_DASHES = frozenset({"--", "—", "–", "-"})
_CONCESSIVE = frozenset({"although", "though", "while", "whereas", "even"})


def cut_tail(tokens: list[Token]) -> list[Token]:
    """``tokens`` (sorted, a content) without a trailing non-restrictive relative clause, comma
    participle or concessive clause.

    Args:
        tokens (list[Token]): the content's tokens in order, edge punctuation already trimmed.

    Returns:
        list[Token]: a prefix of ``tokens``, ending before the comma (or dash) that opens the
        appendage; ``tokens`` itself when it has none. At least two tokens are kept.
    """
    if len(tokens) < 4:
        return tokens
    last = tokens[-1].i
    for k in range(2, len(tokens) - 1):
        brk, nxt = tokens[k], tokens[k + 1]
        if brk.text not in _BREAKS:
            continue
        head = _appendage_head(nxt, last)
        if head is None:
            continue
        if head.dep_ == "relcl" and nxt.lower_ in _RELATIVES:
            return tokens[:k]
        if head.tag_ == "VBG" and head.dep_ in ("advcl", "acl", "xcomp") and all(
                t.dep_ == "advmod" and t.head == head for t in head.doc[nxt.i:head.i]):
            return tokens[:k]  # ", engaging in ...", ", implicitly putting ..."
        if nxt.tag_ == "DT" and head.pos_ == "NOUN" and (
                (brk.text in _DASHES and brk.tag_ != "HYPH"
                 and head.dep_ in ("appos", "dobj", "npadvmod"))
                or (brk.text == "," and head.dep_ == "appos" and head.head.pos_ != "PROPN"
                    and not any(t.dep_ == "cc" for t in tokens[k + 1:]))):
            return tokens[:k]  # "... -- a metaphor for ...", "X, the latest chapter in ...":
            # the writer's gloss on what was said
        if head.dep_ == "advcl" and nxt.dep_ == "mark" and (
                nxt.lower_ in _CONCESSIVE) and nxt.head == head:
            return tokens[:k]
        if (head.dep_ == "advcl" and nxt.lower_ == "even" and k + 2 < len(tokens)
                and tokens[k + 2].dep_ == "mark" and tokens[k + 2].head == head):
            return tokens[:k]  # ", even as ...", ", even though ..."
    return tokens


def close_quotation(content: tuple[int, int], quotes: list[tuple[int, int]]
                    ) -> tuple[int, int]:
    """``content`` run on to the end of a quotation it opens but does not close: the parser
    may hang the quotation's tail on the cue ("called the plan a “gift to the industry | when
    workers pay the price”"), so the subtree stops inside the quoted words.

    Args:
        content (tuple[int, int]): the content's character range.
        quotes (list[tuple[int, int]]): inner ranges of the document's quotations
            (:func:`~analysis.claims.quotations._quotations`; a quotation never crosses a
            paragraph).

    Returns:
        tuple[int, int]: ``content`` with its end moved to the end of the last quotation that
        starts inside it after its first character and ends after it; ``content`` itself
        when there is none.
    """
    start, end = content
    later = [q[1] for q in quotes if start < q[0] < end < q[1]]
    return (start, max(later)) if later else content


def _appendage_head(first: Token, last: int) -> Token | None:
    """The token whose subtree starts at ``first`` and reaches ``last`` (the highest such)."""
    tok = first
    best = None
    for _ in range(8):
        if tok.left_edge.i == first.i and tok.right_edge.i >= last:
            best = tok
        if tok.head == tok or tok.head.left_edge.i < first.i:
            break
        tok = tok.head
    return best


def coordinated(verb: Token, comp: Token) -> list[Token]:
    """Tokens of clauses coordinated with ``comp`` that the parser hung on the cue ``verb``.

    "Flynn said Trump has respect for the military and his comment was ..." (a second
    ``ccomp``), "She wants to triple X, grow Y and create Z" (bare infinitives conjoined to the
    cue instead of to its ``xcomp``). A ``conj`` of the cue with a subject of its own ("..., but
    she knows ...") is not taken: measured, it costs more than it finds.

    Args:
        verb (Token): the cue.
        comp (Token): the head of its complement (``ccomp`` or ``xcomp``).

    Returns:
        list[Token]: the tokens to add (conjunctions, commas and the clauses), in order; ``[]``
        when no coordinated clause follows the complement.
    """
    end = comp.right_edge.i
    extra: list[Token] = []
    pending: list[Token] = []
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i <= end:
            continue
        if c.dep_ in ("cc", "punct") and c.text not in (".", "!", "?", ";", ":"):
            pending.append(c)
            continue
        if c.dep_ == "advmod" and pending and c.lower_ in ("then", "also", "later"):
            pending.append(c)  # "to revitalize X, then hand over Y"
            continue
        own_subject = any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        if ((c.dep_ == "ccomp" and comp.dep_ == "ccomp")
                or ((c.dep_ == "conj" or (c.dep_ == "dep" and pending)) and comp.dep_ == "xcomp"
                    and (c.tag_ == "VB" or (c.tag_ == "VBP" and verb.tag_ != "VBP"))
                    and not own_subject)):
            extra += pending + list(c.subtree)
            pending = []
            end = c.right_edge.i
        else:
            break
    return extra
