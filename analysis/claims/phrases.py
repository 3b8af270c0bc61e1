"""Claims whose cue is a phrase rather than the verb of a clause: "according to X" (rule 3 of
:mod:`analysis.claims`), nouns of statement and intention ("X's claim that ...") and a cue before a
colon ("X states: ...")."""

from __future__ import annotations

from spacy.tokens import Doc

from .model import _Draft
from .parse_rules import (
    _as_quotation,
    _content,
    _noun_content,
    _noun_phrase,
    _paragraph,
    _token_range,
    _trim,
)
from .cues import NOMINAL_CUE_PREPS
from .quotations import _quote_at

# --------------------------------------------------------------------------- according to

def _according_drafts(doc: Doc, quotes: list[tuple[int, int]] = ()) -> list[_Draft]:
    """"according to X, content" and "content, according to X" (rule 3).

    The content is the clause the phrase modifies (a participle's noun phrase, "the fourth
    person shot and killed by ...", is not a clause: its clause is); "According to X, “...”"
    takes the quotation that follows, however many sentences it runs."""
    drafts = []
    text = doc.text if quotes else ""
    for tok in doc[:-1]:
        if tok.lower_ != "according" or tok.nbor(1).lower_ != "to":
            continue
        to = tok.nbor(1)
        objs = [c for c in to.children if c.dep_ == "pobj"]
        speaker = _noun_phrase(objs[0]) if objs else None
        if speaker is None:
            continue
        cue = (tok.idx, to.idx + len(to.text))
        end = objs[0].right_edge
        after = text[end.idx + len(end.text):end.idx + len(end.text) + 4] if text else ""
        opened = [q for q in quotes if 0 < q[0] - (end.idx + len(end.text)) <= 4]
        if opened and after.lstrip(" ,").startswith(("“", '"', "‘", "'")):
            drafts.append(_Draft(speaker, cue, opened[0], "direct"))
            continue
        clause = tok.head
        while clause.head != clause and (clause.pos_ not in ("VERB", "AUX") or (
                clause.dep_ in ("acl", "amod") and clause.tag_ in ("VBN", "VBG"))):
            clause = clause.head
        phrase_end = max([tok.right_edge.i, to.i] + [o.right_edge.i for o in objs])
        closes = tok.i > clause.i and doc[tok.i - 1].text == "," and all(
            t.is_punct or t.is_space for t in doc[phrase_end + 1:tok.sent.end])
        while closes and clause.dep_ in ("conj", "ccomp", "xcomp") and clause.head.i < clause.i:
            clause = clause.head  # "A and B, according to X.": X says the whole sentence
        own = {t.i for t in tok.subtree} | {to.i} | {t.i for o in objs for t in o.subtree} | set(
            range(tok.i, phrase_end + 1))
        rest = [t for t in clause.subtree if t.i not in own]
        if tok.i > clause.i and doc[tok.i - 1].text == ",":
            rest = [t for t in rest if t.i < tok.i]  # "A, according to X, more than ...": A
        content = _token_range(_trim(rest, tok, drop_mark=True))
        if content is None:
            continue
        drafts.append(_Draft(speaker, cue, content, "indirect"))
    return drafts




# --------------------------------------------------------------------------- nominal cues

def _nominal_drafts(doc: Doc, quotes: list[tuple[int, int]],
                    nouns: frozenset[str]) -> list[_Draft]:
    """Claims whose cue is a noun of :data:`~analysis.claims.cues.NOMINAL_CUES`.

    "Trump's claim that crime is up" (content: the that-clause), "her decision to meet him"
    (the infinitive), "the union's call for a strike" (the object of a content preposition).
    The speaker is the possessor ("Trump's", "her") or a "by"/"from" agent ("a call by the union
    for ...", "a demand from the ministry for ..."); a nominal cue without either makes no claim.
    """
    drafts = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns:
            continue
        if _quote_at(quotes, noun.idx) is not None:
            continue
        poss = [c for c in noun.children if c.dep_ == "poss"]
        agents = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                  for g in c.children if g.dep_ == "pobj"]
        # a nationality or a name before the noun: "European reluctance to ...", "Kremlin
        # denials that ...", "media pronouncements that ..."
        holders = [c for c in noun.children if c.i < noun.i and (
            (c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE"))
            or (c.dep_ == "compound" and (c.ent_type_ in ("ORG", "PERSON", "NORP", "GPE")
                                          or c.lower_ in ("media", "press"))))]
        source = poss[0] if poss else (agents[0] if agents else (holders[0] if holders else None))
        if source is None:
            continue  # a possessive pronoun ("her plan") is the source, resolved by analysis.speakers
        content = _noun_content(noun, NOMINAL_CUE_PREPS)
        if content is None:
            continue
        speaker = _noun_phrase(source)
        if speaker is None:
            continue
        drafts.append(_Draft(speaker, (noun.idx, noun.idx + len(noun.text)), content, "indirect"))
    return drafts


# --------------------------------------------------------------------------- colon cues

def _colon_cue_drafts(doc: Doc, quotes: list[tuple[int, int]],
                      cue_verbs: frozenset[str]) -> list[_Draft]:
    """"X states directly: content": a cue word right before a colon, its subject before it.

    The cue is the word before the colon (adverbs skipped) whose lemma is a cue verb, even when
    the tagger took it for a noun ("The blog post states: ..."); the speaker is the noun phrase
    from the start of the clause to the cue; the content runs from the colon to the end of the
    sentence after it (direct when it is all quoted).
    """
    drafts = []
    text = doc.text
    for colon in doc:
        if colon.text != ":" or colon.i < 2 or colon.i + 1 >= len(doc):
            continue
        i = colon.i - 1
        while i > 0 and doc[i].pos_ == "ADV":
            i -= 1
        cue = doc[i]
        if cue.lemma_.lower() not in cue_verbs or not (
                cue.pos_ == "VERB" or (cue.pos_ == "NOUN" and cue.tag_ == "NNS")):
            continue  # a plural "noun" here is a third-person verb the tagger missed
        if _quote_at(quotes, cue.idx) is not None:
            continue
        start = i
        while start > 0 and not doc[start - 1].is_punct and "\n" not in doc[start - 1].text \
                and doc[start - 1].pos_ in ("DET", "NOUN", "PROPN", "PRON", "ADJ", "PART", "NUM",
                                            "SPACE"):  # a no-break space: "The governor\xa0added:"
            start -= 1
        while start < i and doc[start].is_space:
            start += 1
        subject = [t for t in doc[start:i] if t.pos_ in ("NOUN", "PROPN", "PRON")
                   and t.dep_ != "poss"]
        if not subject or start == i:
            continue
        after = doc[colon.i + 1]
        if "\n" in after.text:  # "Limbaugh added:" over the paragraph that says it
            if after.text.count("\n") > 2 or after.i + 1 >= len(doc):
                continue
            after = doc[after.i + 1]
        # the statement runs to the end of its paragraph ("X added: A. B. C.")
        para_end = _paragraph(after)[1]
        last = after.sent.end
        while last < len(doc) and doc[last].idx < para_end:
            last = doc[last].sent.end
        tokens = [t for t in doc[after.i:last]]
        content = _token_range(_trim(tokens, after))
        if content is None:
            continue
        span, kind = _as_quotation(text, content, quotes)
        end = i - 1
        while end > start and doc[end].is_space:
            end -= 1
        speaker = (doc[start].idx, doc[end].idx + len(doc[end].text))
        drafts.append(_Draft(speaker, (cue.idx, colon.idx + 1), span, kind))
    return drafts
