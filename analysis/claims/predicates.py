"""Claims whose cue is a predicate, not a reporting verb: an attitude adjective ("X is afraid
that ...", "was willing to ...", "has been critical of ..."), an agent noun of a position ("X is
a staunch opponent of ...", "X, a defender of ..."), and the finding of a poll or study that
opens its clause ("In the latest poll, the lab's approval fell ..."); and a cue verb the tagger
took for a plural noun ("Trump claims that ...").

PolNeAR's guidelines count a source's internal state and stance as attributions, whatever word
expresses it; these are the predicative forms the verb rules of
:mod:`analysis.claims.parse_rules` do not see.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import (
    AGENT_NOUNS,
    ATTITUDE_ADJECTIVES,
    FINDING_NOUNS,
    PREP_CUE_VERBS,
    XCOMP_CUE_VERBS,
    cue_lemma,
)
from .model import _Draft
from .parse_rules import _content, _cue_range, _noun_phrase, _speaker, _token_range, _trim
from .quotations import _quote_at

_CONTENT_PREPS = frozenset({"of", "about", "on", "over", "with", "at", "toward", "towards",
                            "regarding", "to", "in", "for"})
_COPULAS = frozenset({"be", "feel", "seem", "become", "remain", "appear", "grow", "sound",
                      "look", "stay"})
_NO_SPEAKER = frozenset({"it", "there", "this", "that", "which"})


def predicate_drafts(doc: Doc, quotes: list[tuple[int, int]],
                     cue_lemmas: frozenset[str]) -> list[_Draft]:
    """Claims of attitude adjectives, agent nouns and findings that open a clause.

    Args:
        doc (Doc): the parsed document.
        quotes (list[tuple[int, int]]): its quotations (:func:`~analysis.claims.quotations.
            _quotations`); a predicate inside one belongs to the quoted speech.
        cue_lemmas (frozenset[str]): lemmas of the verbs that are cues; a finding's clause whose
            verb is one of them ("In a report, the agency said ...") is the verb's claim, with
            the report as its channel.

    Returns:
        list[_Draft]: in text order; contents are indirect.
    """
    drafts = []
    for tok in doc:
        if tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_ in ATTITUDE_ADJECTIVES:
            draft = _adjective_draft(tok, quotes)
        elif tok.pos_ == "NOUN" and tok.dep_ in ("attr", "appos") and \
                tok.lemma_.lower() in AGENT_NOUNS:
            draft = _agent_draft(tok, quotes)
        elif tok.lower_ == "in" and tok.dep_ == "prep":
            draft = _finding_draft(tok, cue_lemmas)
        elif tok.tag_ == "NNS" and tok.lemma_.lower() in cue_lemmas:
            draft = _mistagged_verb_draft(tok)
        else:
            continue
        if draft is not None and _quote_at(quotes, tok.idx) is None:
            drafts.append(draft)
    return drafts


def _adjective_draft(adj: Token, quotes: list[tuple[int, int]]) -> _Draft | None:
    """"X is afraid that ...", "were willing to ...", "has been critical of ..."."""
    head = adj.head
    if head.lemma_.lower() not in _COPULAS:
        return None
    content = None
    cue_end = adj
    after = [c for c in adj.children if c.i > adj.i]
    clauses = [c for c in after if c.dep_ in ("ccomp", "xcomp")]
    preps = [c for c in after if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS]
    if clauses:
        content = _content(_trim(list(clauses[0].subtree), adj, drop_mark=True))
    elif preps and adj.i + 1 == preps[0].i:
        content = _content(_trim([t for g in preps[0].children for t in g.subtree], adj))
        cue_end = preps[0]
    else:  # "weren't sure if ...": the parser hangs the question on the copula
        questions = [c for c in head.children if c.i > adj.i and c.dep_ in ("advcl", "ccomp")
                     and any(g.dep_ == "mark" and g.lower_ in ("if", "whether", "that")
                             for g in c.children)]
        if questions:
            content = _content(_trim(list(questions[0].subtree), adj, drop_mark=True))
    return _draft(head, cue_end, content, quotes)


def _agent_draft(noun: Token, quotes: list[tuple[int, int]]) -> _Draft | None:
    """"X is a staunch opponent of Y" (copula) and "X, a defender of Y" (apposition)."""
    ofs = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > noun.i]
    if not ofs:
        return None
    content = _content(_trim([t for g in ofs[0].children for t in g.subtree], noun))
    if noun.dep_ == "appos":
        if content is None or noun.head.pos_ not in ("PROPN", "NOUN"):
            return None
        speaker = _noun_phrase(noun.head, cut=("relcl", "appos"))
        start = noun.left_edge
        return _Draft(speaker, (start.idx, ofs[0].idx + len(ofs[0].text)), content, "indirect")
    if noun.head.lemma_.lower() not in _COPULAS:
        return None
    return _draft(noun.head, ofs[0], content, quotes)


def _draft(copula: Token, cue_end: Token, content: tuple[int, int] | None,
           quotes: list[tuple[int, int]]) -> _Draft | None:
    """A draft whose speaker is the subject of ``copula`` and cue runs from it to ``cue_end``."""
    if content is None:
        return None
    subjects = [c for c in copula.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and subjects[0].lower_ in _NO_SPEAKER and subjects[0].tag_ != "WDT":
        return None  # "it is clear that ...": nobody holds it
    speaker = _speaker(copula, quotes)
    if speaker is None:
        return None
    start = _cue_range(copula)[0]
    return _Draft(speaker, (start, cue_end.idx + len(cue_end.text)), content, "indirect")


def _finding_draft(prep: Token, cue_lemmas: frozenset[str]) -> _Draft | None:
    """"In the latest poll, the lab's approval fell ...": the poll is the source of its clause."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    clause = prep.head
    if (not objs or objs[0].lemma_.lower() not in FINDING_NOUNS or clause.pos_ not in ("VERB", "AUX")
            or prep.i > clause.i or cue_lemma(clause) in cue_lemmas):
        return None
    own = {t.i for t in prep.subtree}
    rest = [t for t in clause.subtree if t.i not in own and t.i > prep.right_edge.i]
    content = _content(_trim(rest, clause, drop_mark=True))
    speaker = _noun_phrase(objs[0], cut=("relcl", "acl"))
    if content is None or speaker is None:
        return None
    return _Draft(speaker, (prep.idx, prep.idx + len(prep.text)), content, "indirect")


def _mistagged_verb_draft(noun: Token) -> _Draft | None:
    """A third-person cue verb the tagger took for a plural noun after a name: "Trump claims
    that he ...", "Trump charges that ..." (parsed "Trump" compound of "claims", with the
    that-clause hung on it), and in headlines "House panel votes to hold ...", "Federal court
    rules against ...". The name is the speaker, the that-clause, infinitive or prepositional
    object the content."""
    names = [c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1
             and c.pos_ in ("PROPN", "NOUN")]
    if not names:
        return None
    lemma = noun.lemma_.lower()
    clauses = [c for c in noun.children if c.i > noun.i and c.dep_ in ("ccomp", "acl", "relcl")
               and any(g.dep_ == "mark" and g.lower_ == "that" and g.i == noun.i + 1
                       for g in c.children)]
    if not clauses and noun.dep_ == "ROOT" and lemma in XCOMP_CUE_VERBS:
        # a headline: "House panel votes to hold ...", "Sanders Vows To Eliminate ..."
        clauses = [c for c in noun.children if c.i > noun.i and c.dep_ in (
            "relcl", "acl", "advcl", "xcomp") and any(
                g.dep_ == "aux" and g.lower_ == "to" and g.i == noun.i + 1 for g in c.children)]
    if not clauses and noun.dep_ == "ROOT":  # "Federal court rules against ..."
        preps = [c for c in noun.children if c.i == noun.i + 1 and c.dep_ == "prep"
                 and c.lower_ in PREP_CUE_VERBS.get(lemma, ())]
        if preps:
            content = _content(_trim([t for g in preps[0].children for t in g.subtree], noun))
            speaker = _token_range(list(noun.doc[names[0].left_edge.i:noun.i]))
            if content is None or speaker is None:
                return None
            return _Draft(speaker, (noun.idx, preps[0].idx + len(preps[0].text)), content,
                          "indirect")
    if not clauses:
        return None
    content = _content(_trim(list(clauses[0].subtree), noun, drop_mark=True))
    speaker = _token_range(list(noun.doc[names[0].left_edge.i:noun.i]))
    if content is None or speaker is None:
        return None
    return _Draft(speaker, (noun.idx, noun.idx + len(noun.text)), content, "indirect")
