"""Where a reported content begins and ends, beyond the subtree of its complement.

- :func:`cut_tail`: the subtree of a complement runs to the end of its clause, and with it come
  additions of the writer's: a non-restrictive relative clause ("... the BBC, which receives some
  government funding"), a participle after a comma ("... fair to him, engaging in what analysts
  described as ..."), a concessive clause ("..., although he again refused to ..."). PolNeAR's
  contents stop before them (its guidelines: the content is what is attributed to the source).
- :func:`coordinated`: the small parser hangs the second of two coordinated complements on the
  cue instead of on the first ("said X and Y"); the content takes both.

Measured on the PolNeAR dev split (``benchmarks/attribution.py --direct``): F1 0.676 -> 0.688.
"""

from __future__ import annotations

from spacy.tokens import Token

_BREAKS = frozenset({",", "--", "—", "–"})
_RELATIVES = frozenset({"which", "who", "whom", "whose"})
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
        if head == nxt and head.tag_ == "VBG" and head.dep_ in (
                "advcl", "acl", "xcomp"):
            return tokens[:k]
        if head.dep_ == "advcl" and nxt.dep_ == "mark" and (
                nxt.lower_ in _CONCESSIVE) and nxt.head == head:
            return tokens[:k]
        if (head.dep_ == "advcl" and nxt.lower_ == "even" and k + 2 < len(tokens)
                and tokens[k + 2].dep_ == "mark" and tokens[k + 2].head == head):
            return tokens[:k]  # ", even as ...", ", even though ..."
    return tokens


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
        own_subject = any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        if ((c.dep_ == "ccomp" and comp.dep_ == "ccomp")
                or (c.dep_ == "conj" and comp.dep_ == "xcomp" and c.tag_ == "VB"
                    and not own_subject)):
            extra += pending + list(c.subtree)
            pending = []
            end = c.right_edge.i
        else:
            break
    return extra
