"""Non-claims: extracted attributions that must not be stored (issue 7, item 5).

A claim is dropped when

- its content has fewer than :data:`MIN_CONTENT_WORDS` words (``\\w+`` runs): ":" or a bare name
  says nothing a reader can cite;
- it has no speaker span. Decision: a speakerless claim is dropped *here*, not left for
  :func:`analysis.speakers.resolve_speakers`, because resolution works from a speaker span (a
  pronoun, a nominal, a name); with no span there is nothing to resolve, and crediting the
  quotation to the nearest speaker would be a guess. Agentless passives ("the plan was described
  as a failure") therefore give no claim;
- its speaker is the reader ("If you want to understand why ...") or the writer talking about the
  text itself ("I also want to highlight ...", "we will look at ..."): first-person discourse,
  recognised by a first- or second-person speaker with a verb of metadiscourse (Hyland 2005:
  "highlight", "turn to", "look at", "summarize") in the cue or as its infinitive; "If you want
  to understand why" is also conditional;
- it is conditional: the cue sits in an "if"/"unless" clause, or governs one ("X would say
  that ... if ..." is not a statement that X made);
- it reports silence: a negated verb of answering ("did not respond to a request for comment",
  "never replied to the criticism", "declined to comment on the report"), whose content is what
  went unanswered, not something the speaker said. A quotation is never dropped so.

The rules see only the parse of the cue's sentence; the content of direct quotations is never
inspected for discourse (a quoted "I want to highlight" is what the speaker said).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .model import Claim

#: Fewest words a stored content has.
MIN_CONTENT_WORDS = 3

_WORD_RE = re.compile(r"\w+")
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_SECOND_PERSON = frozenset({"you", "your"})
#: Verbs of the writer steering the reader through the text (metadiscourse, Hyland 2005).
_DISCOURSE_VERBS = frozenset({
    "highlight", "mention", "discuss", "explain", "look", "turn", "focus", "summarize",
    "summarise", "recap", "cover", "address", "outline", "review", "remind", "clarify", "walk",
    "unpack", "dig", "dive", "revisit", "return", "close", "conclude", "begin", "start",
})
_CONDITION_MARKS = frozenset({"if", "unless", "whether"})
#: Verbs of answering: negated, they report that nothing was said.
_ANSWER_VERBS = frozenset({"respond", "reply", "answer", "comment", "react", "return"})
#: Verbs that negate the answering verb they govern: "declined to comment", "refused to respond".
_REFUSALS = frozenset({"decline", "refuse"})


def non_claim_reason(doc: Doc, claim: Claim, *,
                     min_content_words: int = MIN_CONTENT_WORDS) -> str | None:
    """Why ``claim`` is not a claim to store, or ``None`` when it is one.

    Args:
        doc (Doc): the parsed document the claim was extracted from (offsets index
            ``doc.text``).
        claim (Claim): the candidate.
        min_content_words (int): fewest words of a content; default :data:`MIN_CONTENT_WORDS`
            (what is stored). A lower value is for measurement only (PolNeAR counts short
            contents: ``benchmarks/attribution.py --min-words 1``).

    Returns:
        str | None: ``"short-content"``, ``"no-speaker"``, ``"discourse"``, ``"conditional"``,
        ``"silence"`` or ``None``.
    """
    if len(_WORD_RE.findall(claim.content)) < min_content_words:
        return "short-content"
    if not claim.speaker.strip():
        return "no-speaker"
    cue = _cue_token(doc, claim)
    if cue is None:
        return None
    if _is_discourse(claim, cue):
        return "discourse"
    if _is_conditional(cue):
        return "conditional"
    if claim.kind != "direct" and _is_silence(cue):
        return "silence"
    return None


def drop_non_claims(doc: Doc, claims: list[Claim], *,
                    min_content_words: int = MIN_CONTENT_WORDS) -> list[Claim]:
    """The claims of ``claims`` for which :func:`non_claim_reason` is ``None``, in order."""
    return [c for c in claims
            if non_claim_reason(doc, c, min_content_words=min_content_words) is None]


def _cue_token(doc: Doc, claim: Claim) -> Token | None:
    """The verb (or, failing one, the last token) of the claim's cue span."""
    span = doc.char_span(claim.cue_start, claim.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    return verbs[-1] if verbs else span[-1]


def _is_discourse(claim: Claim, cue: Token) -> bool:
    """A first/second-person speaker and a discourse verb in the cue or heading its content."""
    speaker = claim.speaker.lower().split()
    if len(speaker) != 1 or speaker[0] not in _FIRST_PERSON | _SECOND_PERSON:
        return False
    lemmas = {cue.lemma_.lower()} | {c.lemma_.lower() for c in cue.children
                                     if c.dep_ == "xcomp" and c.i > cue.i}
    return bool(lemmas & _DISCOURSE_VERBS) and claim.kind != "direct"


def _is_silence(cue: Token) -> bool:
    """A verb of answering (:data:`_ANSWER_VERBS`) negated ("did not respond", "never replied")
    or refused ("declined to comment"), among the cue's tokens."""
    for tok in (cue, *(c for c in cue.children if c.dep_ == "xcomp")):
        if tok.lemma_.lower() in _ANSWER_VERBS:
            negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children)
            refused = tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _REFUSALS
            if negated or refused or cue.lemma_.lower() in _REFUSALS:
                return True
    return False


def _is_conditional(cue: Token) -> bool:
    """The cue is inside an if/unless clause, or heads one of its own."""
    tok = cue
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in tok.children):
            return True
        if tok.dep_ != "advcl" and tok.dep_ not in ("xcomp", "conj", "aux"):
            break
        tok = tok.head
    return _modal_conditional(cue)


def _modal_conditional(cue: Token) -> bool:
    """"X would say ... if ...": a cue with a modal ``would`` and an if-clause of its own."""
    has_would = any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might") for c in cue.children)
    has_if = any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless")
                                           for g in c.children) for c in cue.children)
    return has_would and has_if
