"""Claims found on the dependency parse whose cue is a verb (rule 2 of :mod:`analysis.claims`),
and the span helpers the other rules share; "according to", nominal and colon cues are in
:mod:`analysis.claims.phrases`."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from .cues import (
    _FOR_VERBS,
    _NAMING_VERBS,
    ACCUSATION_PREPS,
    ATTITUDE_NOUNS,
    ATTITUDE_PREPS,
    _VERB_LEXICON,
    DEFAULT_CUE_VERBS,
    FINDING_NOUNS,
    LIGHT_VERBS,
    NOMINAL_CUES,
    NOMINAL_CUE_PREPS,
    OBJECT_CUE_VERBS,
    PERMISSION_VERBS,
    PHRASAL_OBJECT_CUES,
    PREP_CUE_VERBS,
    XCOMP_CUE_VERBS,
    cue_lemma,
)
from .bounds import coordinated, cut_tail
from .channels import CHANNEL_NOUNS, verb_channel
from .model import _MIN_QUOTE_WORDS, _Draft, _words
from .quotations import _quote_at
from ..speakers import AFFILIATION_NOUNS

_SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "ccomp", "dep"}
#: Links climbed, besides those of ``_INHERIT_DEPS``, to find the subject a cue inherits: a
#: preposition ("after speaking ..."), an adjective of ability or manner ("was able to tout ...",
#: "has been slow to embrace ...").
_CLIMB_DEPS = {"prep", "acomp"}
_EDGE_PUNCT = set(",;:-—–―.") | {"''", "``", "\"", "“", "”", "'", "‘", "’", "(", ")"}
_CLOSING = {",", "”", "\"", "''", "’", "'", "—", "--"}
#: Prepositions of time and occasion: a phrase they open after an object tells when or where the
#: act happened, not what it was about.
_TIME_PREPS = frozenset({"during", "after", "before", "since", "until", "at", "on", "amid", "while",
                         "in", "by", "near", "outside", "inside"})
# --------------------------------------------------------------------------- verb cues

def _verb_drafts(doc: Doc, text: str, quotes: list[tuple[int, int]],
                 cue_verbs: frozenset[str]) -> Iterator[_Draft]:
    """Claims whose cue is a reporting verb (rule 2 of the module docstring).

    A participle that sets the scene of a reporting verb ("Speaking to reporters, the minister
    confirmed, “...”") gives way to that verb when both find the same content: the verb is
    the cue a reader notes."""
    drafts = list(_verb_drafts_all(doc, text, quotes, cue_verbs))
    cues = [doc.char_span(*d.cue, alignment_mode="expand") for d in drafts]
    by_verb = {span.root.i: d for span, d in zip(cues, drafts) if span is not None}  # "has confirmed": its verb
    for span, d in zip(cues, drafts):
        verb = span.root if span is not None else None
        head = by_verb.get(verb.head.i) if verb is not None and verb.head != verb else None
        if (verb is not None and verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.i < verb.head.i
                and head is not None and head.content[0] < d.content[1] and d.content[0] < head.content[1]):
            continue
        yield d


def _verb_drafts_all(doc: Doc, text: str, quotes: list[tuple[int, int]],
                     cue_verbs: frozenset[str]) -> Iterator[_Draft]:
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        lemma = cue_lemma(verb)
        if lemma in PERMISSION_VERBS and _main_clause_rule(verb):
            lemma = "__permission__"
        if not (lemma == "__permission__" or lemma in cue_verbs or lemma in OBJECT_CUE_VERBS or lemma in PREP_CUE_VERBS
                or lemma in XCOMP_CUE_VERBS or _puts_it(verb) or (lemma in LIGHT_VERBS and (_noun_object(verb) is not None
                                              or _made_clear(verb) is not None))):
            continue
        if _quote_at(quotes, verb.idx) is not None:
            continue  # a cue inside a quotation belongs to the quoted speech
        content = _complement(verb)
        if content is None:
            content = _adjacent_quote(text, verb, quotes)
        if content is None:
            continue
        span, kind = _as_quotation(text, content, quotes)
        speaker = _speaker(verb, quotes)
        if speaker is None and kind == "direct":
            speaker = _name_after_quote(verb, span)
        if speaker is None and kind != "direct":
            continue
        yield _Draft(speaker, _cue_range(verb), span, kind, verb_channel(verb))


def _main_clause_rule(verb: Token) -> bool:
    """Whether a verb of :data:`~analysis.claims.cues.PERMISSION_VERBS` is the main verb of its
    sentence (or a conjunct of it) with a noun subject that is no relative pronoun."""
    if verb.dep_ not in ("ROOT", "conj") or (verb.dep_ == "conj" and verb.head.dep_ != "ROOT"):
        return False
    return any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in verb.children)


def _complement(verb: Token) -> tuple[int, int] | None:
    """Character range of what ``verb`` reports: its clausal complement or the clause it interrupts."""
    clear = _made_clear(verb)
    if clear is not None:
        return clear
    if _puts_it(verb):  # "As a memo put it, the requirement is ...": the clause it opens
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            own = {t.i for t in verb.subtree}
            rest = [t for t in verb.head.subtree if t.i not in own]
            return _content(_trim(rest, verb, drop_mark=True))
        return None  # ("X put it this way: “...”": the quotation, :func:`_adjacent_quote`)
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if cue_lemma(verb) in XCOMP_CUE_VERBS:
        xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        if xcomps and (not comps or all(c.i > xcomps[0].right_edge.i for c in comps)):
            comps = xcomps  # "promising to lift X ... what Y had in mind": the ccomp is hung late
    if not comps and cue_lemma(verb) in DEFAULT_CUE_VERBS:
        comps = _misparsed_complements(verb)
    if comps:
        comp = _nearest_complement(verb, comps)
        tokens = list(comp.subtree) + coordinated(verb, comp) + _reason_clause(verb, comp)
        if comp.i < verb.i:
            closers = [t for t in verb.doc[comp.i:verb.i] if t.text in ("”", "''", '"')]
            if closers and closers[-1].i > comp.right_edge.i - 8 and any(
                    t.i > closers[-1].i for t in tokens):
                # '“...,” Tulsa police Chief Jordan said': the parser ran the complement past
                # the closing mark into the speaker's name
                tokens = [t for t in tokens if t.i < closers[-1].i]
        if (comp.i < verb.i and comp.left_edge.i > verb.sent.start
                and verb.doc[comp.left_edge.i - 1].dep_ == "cc" and _closes_sentence(verb)):
            # "A, but B, the source added.": the parser takes B alone for the complement; the
            # cue closes the whole sentence
            subject = next(c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i)
            tokens = list(verb.doc[verb.sent.start:subject.left_edge.i])
        second = _second_cue(verb, comp)
        if second is not None:  # "said he would X and warned against Y": two claims
            cut = second.left_edge.i
            while cut > comp.i + 1 and verb.doc[cut - 1].dep_ in ("cc", "punct"):
                cut -= 1
            tokens = [t for t in tokens if t.i < cut]
        found = _content(_trim(tokens, verb, drop_mark=True))
        if found is not None:
            return found  # (else the complement lies in another paragraph: a misparse)
    fors = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and c.i > verb.i]
    if cue_lemma(verb) in _FOR_VERBS and fors:  # "called for an investigation"
        return _content(_trim([t for c in fors[0].children for t in c.subtree], verb))
    if cue_lemma(verb) in _NAMING_VERBS:  # "called the plan “a disaster”", "described X as Y"
        preds = [c for c in verb.children if c.dep_ == "oprd" or (
            c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i)]
        if preds and preds[0].i > verb.i:
            return _content(_trim(list(verb.doc[verb.i + 1:preds[0].right_edge.i + 1]), verb))
    split = _root_parenthetical(verb)
    if split is not None:
        return split
    if _is_parenthetical(verb):
        own = {t.i for t in verb.subtree}
        head = verb.head
        while head.dep_ == "conj" and head.head.i < head.i and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "A, but B, the source added": the cue closes both clauses
        rest = [t for t in head.subtree if t.i not in own]
        return _content(_trim(rest, verb, drop_mark=True))
    return _object_content(verb)


def _reason_clause(verb: Token, comp: Token) -> list[Token]:
    """The speaker's reason after the complement, which the parser hangs on the cue: "X said
    the claim smacked of hypocrisy, because Y had ..." (an adverbial clause of the cue opened by
    "because", after the complement, in its sentence). PolNeAR counts it in the content; a
    clause of time or contrast ("after ...", "although ...") stays the reporter's."""
    if comp.i < verb.i:
        return []
    return [t for c in verb.children if c.dep_ == "advcl" and c.i > comp.right_edge.i
            and any(g.dep_ == "mark" and g.lower_ == "because" and g.i < c.i for g in c.children)
            for t in c.subtree]


def _puts_it(verb: Token) -> bool:
    """"put it" in the sense of saying: "as the memo put it", "X put it bluntly"."""
    return verb.lemma_.lower() == "put" and any(
        c.dep_ == "dobj" and c.lower_ == "it" and c.i == verb.i + 1 for c in verb.children)


def _closes_sentence(verb: Token) -> bool:
    """Whether ``verb`` and its subject end their sentence after a comma: "..., the source
    added." (nothing but punctuation or a short adverb after the verb)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if not subjects or subjects[0].left_edge.i == 0 or \
            verb.doc[subjects[0].left_edge.i - 1].text not in _CLOSING:
        return False
    tail = verb.doc[verb.i + 1:verb.sent.end]
    return all(t.is_punct or t.is_space or (t.dep_ == "advmod" and t.head == verb) for t in tail)


def _second_cue(verb: Token, comp: Token) -> Token | None:
    """A second cue of the speaker that the parser coordinated inside the complement: "Trump
    said he would order a review and warned against hackers" hangs "warned" on "order". Taken
    when the conjunct is a cue verb of the same finite form as ``verb`` (both "said" and
    "warned" past tense, the complement's verb is not), without a subject of its own."""
    if comp.dep_ != "ccomp" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for c in comp.children:
        if not (c.dep_ == "conj" and c.i > comp.i and c.pos_ == "VERB"
                and cue_lemma(c) in _VERB_LEXICON) or any(
                    g.dep_ == "mark" for g in c.children):
            continue  # ("... and that ...": a second complement of the same cue)
        subjects = [g for g in c.children if g.dep_ in _SUBJECT_DEPS and g.i < c.i]
        if subjects and subjects[0].pos_ in ("NOUN", "PROPN"):
            return c  # "..., and the mother replied ...": a claim of its own speaker
        if not subjects and comp.tag_ != verb.tag_ and c.tag_ == verb.tag_ and not any(
                g.dep_ == "expl" for g in c.children):
            return c
    return None


_CLEAR = frozenset({"clear", "plain", "known", "obvious"})
#: Verbs of regarding X as Y ("saw the comment as a dig"), whose "as" the parser may hang on X.
_REGARD_VERBS = frozenset({"see", "view", "consider", "judge", "regard", "recognize",
                           "recognise", "accept", "describe", "characterize", "characterise"})


def _made_clear(verb: Token) -> tuple[int, int] | None:
    """The clause of "made (it) clear that ...", "made it plain ...": the parser hangs it on
    the adjective, which it takes for the verb's complement."""
    if cue_lemma(verb) != "make":
        return None
    for adj in verb.children:
        if adj.i > verb.i and adj.dep_ in ("ccomp", "oprd", "acomp") and adj.lower_ in _CLEAR:
            clauses = [c for c in adj.children if c.i > adj.i and c.dep_ in ("advcl", "ccomp")]
            if clauses:
                return _content(_trim(list(clauses[0].subtree), verb, drop_mark=True))
    return None


def _misparsed_complements(verb: Token) -> list[Token]:
    """Clausal complements the small parser hung elsewhere (checked on PolNeAR dev).

    - a finite clause with its own subject and no subordinator taken for an adverbial clause,
      after a time phrase: "said after the convention he would not accept ..." (``advcl``);
    - a that-clause hung as a relative clause on the addressee: "told a meeting of leaders
      that few people understood ..." (``relcl`` with ``mark`` "that", which a true relative
      clause never has: there "that" is its subject or object);
    - an indirect question taken for an adverbial clause: "have not said when they would
      vote", "did not know what to make of it" (a wh-word opens the ``advcl`` or ``xcomp``).
    """
    found = []
    for c in verb.children:
        if c.i < verb.i:
            continue
        subject = any(g.dep_ in ("nsubj", "nsubjpass", "expl") and g.i < c.i for g in c.children)
        if (c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX") and subject
                and not any(g.dep_ in ("mark", "advmod") and g.i < c.i for g in c.children)):
            found.append(c)
        elif (c.dep_ in ("advcl", "xcomp") and c.pos_ in ("VERB", "AUX")
              and c.left_edge.tag_ in ("WRB", "WP", "WDT") and c.left_edge.i == verb.i + 1 + sum(
                  1 for g in verb.children if verb.i < g.i < c.left_edge.i and g.dep_ in (
                      "dobj", "dative", "neg", "advmod", "prt"))
              and (subject or c.dep_ == "xcomp")
              and not any(g.i < verb.i and g.tag_ in ("WP", "WDT") for g in verb.children)):
            found.append(c)  # (not "what Wahl said when she resigned": "what" is the content)
        elif c.dep_ in ("dobj", "dative", "npadvmod", "prep"):
            found += [t for t in c.subtree if t.dep_ == "relcl" and any(
                g.dep_ == "mark" and g.lower_ == "that" and g.i < t.i for g in t.children)][:1]
    return found


def _passive_content(verb: Token) -> tuple[int, int] | None:
    """The passive subject of a judgement or report with its agent: "The issue was first
    reported by the Post" (content "The issue"), "Oz has been called a charlatan by fellow
    physicians" (content "Oz ... a charlatan"). Without an agent there is no speaker and no claim
    (:mod:`analysis.claims.filters`)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i]
    if not subjects or not any(c.dep_ == "agent" for c in verb.children):
        return None
    if subjects[0].tag_ in ("WP", "WDT", "PRP"):
        return None
    tokens = [t for t in subjects[0].subtree]
    for c in verb.children:  # the predicate of a naming verb: "called a charlatan"
        if c.i > verb.i and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")):
            tokens += list(c.subtree)
    return _content(_trim(tokens, verb))


def _object_content(verb: Token) -> tuple[int, int] | None:
    """Content that is a noun phrase: the object of an accusation's preposition ("accused Y of
    Z" -> Z), of a listed preposition ("spoke about Z"), or the direct object with its predicate
    ("attacked Z as W"). Only for the lexicons of :mod:`analysis.claims.cues`."""
    lemma = cue_lemma(verb)
    after = [c for c in verb.children if c.i > verb.i]
    prep = ACCUSATION_PREPS.get(lemma)
    if prep:  # the preposition hangs from the verb or, misattached, from the accused
        accused = [c for c in after if c.dep_ == "dobj"]
        for c in after + [g for o in accused for g in o.children if g.i > o.i]:
            if c.dep_ == "prep" and c.lower_ == prep:
                return _content(_trim([t for g in c.children for t in g.subtree], verb))
    preps = PREP_CUE_VERBS.get(lemma, frozenset())
    for c in after:
        if c.dep_ == "prep" and c.lower_ in preps:
            tokens = [t for g in c.children for t in g.subtree]
            for a in after:  # "referred to X as Y": the predicate goes with X
                if a.dep_ == "prep" and a.lower_ == "as" and tokens and a.i == tokens[-1].i + 1:
                    tokens += list(a.subtree)
            return _content(_trim(tokens, verb))
        if c.dep_ == "prt" and c.lower_ in preps:  # "spoke out about"
            inner = [p for p in after if p.dep_ == "prep" and p.i > c.i]
            if inner:
                return _content(_trim([t for g in inner[0].children for t in g.subtree], verb))
    noun = _noun_object(verb)
    if noun is not None:  # "expressed concern about X": the content is X
        preps = NOMINAL_CUE_PREPS | ATTITUDE_PREPS
        if noun.lemma_.lower() not in NOMINAL_CUES:
            preps = preps - {"of"}  # "had the support of voters": "of" gives the holder
        found = _noun_content(noun, preps)
        if found is None and noun.lemma_.lower() in ATTITUDE_NOUNS:
            # "took offense at X": the parser hangs "at" on the verb
            preps = [c for c in after if c.dep_ == "prep" and c.i == noun.right_edge.i + 1
                     and c.lower_ in ("at", "about", "over", "on", "with", "for", "against")]
            if preps:
                found = _content(_trim([t for g in preps[0].children for t in g.subtree], verb))
        if found is not None:
            return found
    objs = [c for c in after if c.dep_ == "dobj"]
    if not objs and lemma in OBJECT_CUE_VERBS:
        # a gerund object the parser took for a clause: "cited improving services for ...",
        # "proposed raising the tax"
        objs = [c for c in after if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG"
                and c.left_edge.i == c.i and c.i <= verb.i + 2][:1]
    permission = lemma in PERMISSION_VERBS and _main_clause_rule(verb)
    if lemma not in OBJECT_CUE_VERBS and not permission and lemma not in _NAMING_VERBS and not (
            objs and any(c.dep_ == "prt" and (lemma, c.lower_) in PHRASAL_OBJECT_CUES
                         for c in after)):
        # a clausal cue takes its object only with the object's predicate, a small clause
        # ("saw the ruling as a victory", "found the law unconstitutional", "judged X a
        # failure"), or when its subject is a finding ("a study found dozens of ...")
        if lemma not in DEFAULT_CUE_VERBS or not objs or not (any(
                c.i > objs[0].right_edge.i and (c.dep_ in ("oprd", "acomp")
                                                or (c.dep_ == "prep" and c.lower_ == "as"))
                for c in after) or (lemma in _REGARD_VERBS and any(
                    g.dep_ == "prep" and g.lower_ == "as" and g.i > objs[0].i
                    for g in objs[0].children)) or any(
                c.dep_ == "nsubj" and c.lemma_.lower() in FINDING_NOUNS
                for c in verb.children)):
            return None
    if not objs:
        return _passive_content(verb)
    last = objs[0].right_edge.i
    for c in after:  # "criticized the law as a crazy system"
        if c.i > last and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in ("as", "to") and lemma in ("liken", "compare"))
                          or (c.dep_ == "prep" and c.lower_ == "as")
                          # the reason of a judgement: "blasted the media for being dishonest"
                          or (c.dep_ == "prep" and c.lower_ == "for" and c.i == last + 1)
                          # a modifier of the object the parser hung on the verb: "cited his
                          # endorsements from 88 generals", "endorsed Clinton in the race"
                          or (c.dep_ == "prep" and c.i == last + 1 and c.lower_ not in _TIME_PREPS)
                          # a conjunct of the object hung on the verb: "views A, B, and C"
                          or (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")
                              and verb.doc[c.left_edge.i - 1].dep_ == "cc"
                              and verb.doc[c.left_edge.i - 1].i > last)):
            last = c.right_edge.i
    return _content(_trim(list(verb.doc[objs[0].left_edge.i:last + 1]), verb))


def _nearest_complement(verb: Token, comps: list[Token]) -> Token:
    """Of several complements: the one a trailing cue closes ("“A,” she said, ...") or the first
    after the cue."""
    if len(comps) > 1:
        subject = {t.i for c in verb.children if c.dep_ in _SUBJECT_DEPS for t in c.subtree}
        for comp in comps:
            between = verb.doc[comp.right_edge.i + 1:verb.i]
            if comp.i < verb.i and all(t.text in _CLOSING or t.i in subject for t in between):
                return comp
        after = [c for c in comps if c.i > verb.i]
        if after:
            return after[0]
    return max(comps, key=lambda c: c.right_edge.i - c.left_edge.i)


def _root_parenthetical(verb: Token) -> tuple[int, int] | None:
    """An interrupting cue the parser made the root: "These workers, the manager explained
    later, were paid well" parses with "explained" as ROOT, "These workers" as its ``npadvmod``
    and "were" as its ``conj``. The content is the sentence from that noun phrase on, the cue
    inside it (as for :func:`_is_parenthetical`). Measured on PolNeAR dev: one more gold
    attribution matched, no new false positive.

    Taken only for a cue verb with a subject, no object or complement, a noun phrase before
    ``", subject"`` and a subjectless verb after a comma that follows the cue's own modifiers.
    """
    if verb.dep_ != "ROOT" or cue_lemma(verb) not in DEFAULT_CUE_VERBS:
        return None
    kids = list(verb.children)
    subjects = [c for c in kids if c.dep_ == "nsubj" and c.i < verb.i]
    if not subjects or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in kids):
        return None
    subj = subjects[0]
    doc = verb.doc
    if subj.left_edge.i < 2 or doc[subj.left_edge.i - 1].text != ",":
        return None
    lefts = [c for c in kids if c.i < subj.left_edge.i and c.dep_ in ("npadvmod", "nsubj", "dep", "nmod")
             and c.pos_ in ("NOUN", "PROPN") and c.left_edge.i == verb.sent.start]
    rights = [c for c in kids if c.i > verb.i and c.dep_ in ("conj", "advcl", "parataxis")
              and c.pos_ in ("VERB", "AUX") and c.left_edge.i > 0
              and doc[c.left_edge.i - 1].text == ","
              and not any(g.dep_ in _SUBJECT_DEPS for g in c.children)]
    if not lefts or not rights:
        return None
    tokens = list(doc[lefts[0].left_edge.i:verb.sent.end])
    return _content(_trim(tokens, verb))


def _is_parenthetical(verb: Token) -> bool:
    """True for an interrupting or trailing cue: "The plan, she said, will fail" / "..., she said"."""
    if verb.head == verb or not any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return False
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "mark") for c in verb.children):
        return False
    left = verb.left_edge
    while left.is_punct and left.i < verb.i:
        left = left.nbor()
    if left.i == 0 or left.nbor(-1).text not in _CLOSING:
        return False
    if verb.dep_ == "parataxis":
        return True
    return (verb.dep_ in ("ccomp", "advcl") and verb.head.i < left.i
            and cue_lemma(verb.head) not in DEFAULT_CUE_VERBS)


def _adjacent_quote(text: str, verb: Token,
                    quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation in the cue's sentence, or opened right after a colon that ends it."""
    sent = verb.sent
    if not any(c.dep_ in _SUBJECT_DEPS for c in verb.children) and verb.dep_ not in _INHERIT_DEPS:
        return None
    quotes = [q for q in quotes if _words(text, *q) >= _MIN_QUOTE_WORDS]
    para = _paragraph(verb)  # the parser may run a sentence over a paragraph break
    in_sent = [q for q in quotes if q[0] < min(sent.end_char, para[1])
               and q[1] > max(sent.start_char, para[0]) and not (q[0] <= verb.idx < q[1])]
    if in_sent:
        return min(in_sent, key=lambda q: min(abs(q[0] - verb.idx), abs(q[1] - verb.idx)))
    tail = text[verb.idx:sent.end_char].rstrip()
    if tail.endswith(":"):
        after = [q for q in quotes if 0 <= q[0] - sent.end_char <= 4]
        if after:
            return after[0]
    return _quote_before(text, verb, quotes)


def _quote_before(text: str, verb: Token,
                  quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation that ends right before a short cue sentence of its own: '“... ?” Clinton
    said.' / '... ,” Graham asked.' The sentence splitter cuts after a closing "?”" or "!”", so
    the cue's sentence holds no quotation. Taken only when the cue has a subject and no object
    or complement, and only the quotation(s) of the same paragraph just before it."""
    sent = verb.sent
    if not any(c.dep_ in _SUBJECT_DEPS for c in verb.children) or any(
            c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    if verb.i - sent.start > 6:
        return None
    before = [q for q in quotes if q[1] <= sent.start_char
              and not text[q[1]:sent.start_char].strip(" \t\"”’'»")]
    if not before:
        return None
    start, end = before[-1]
    for q in reversed([q for q in quotes if q[1] <= start]):  # “A?” “B.” Clinton said.
        if text[q[1]:start].strip() or "\n" in text[q[1]:start]:
            break
        start = q[0]
    return start, end


def _as_quotation(text: str, content: tuple[int, int],
                  quotes: list[tuple[int, int]]) -> tuple[tuple[int, int], str]:
    """Widen a content range to its quotation(s) when it is all quoted: ``(range, kind)``.

    A content with at most one word outside quotation marks ("that “...”") is direct; a paraphrase
    with quoted words in it ("his state is “spiraling out of control”") stays indirect.
    """
    start, end = content
    hits = [q for q in quotes if q[0] < end and q[1] > start]
    if not hits:
        return content, "indirect"
    outside = _words(text, start, end) - sum(
        _words(text, max(start, q[0]), min(end, q[1])) for q in hits)
    if outside <= 1:
        return (min(q[0] for q in hits), max(q[1] for q in hits)), "direct"
    return content, "indirect"


def _speaker(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Character range of the speaker of ``verb``: its subject, or the subject it inherits."""
    tok = verb
    doc = verb.doc
    outer = _outer_cue(verb)
    if outer is not None:
        tok = outer
    for _ in range(5):
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS
                    and c.ent_type_ not in ("DATE", "TIME") and _same_paragraph(c, verb)]
        if subjects:
            # the parser may take a word of the quotation for a second subject: “My reaction,
            # that was outrageous,” the strategist said -> the subject outside the quotation
            outside = [c for c in subjects if _quote_at(quotes, c.idx) is None]
            subj = outside[0] if outside else subjects[0]
            if _quote_at(quotes, subj.idx) is not None:  # “... Full panic mode,” said Leslie Wimes
                after = [c for c in tok.children if c.i > tok.i and c.pos_ in ("PROPN", "NOUN", "PRON")
                         and _quote_at(quotes, c.idx) is None]
                return _noun_phrase(after[0]) if after else None
            if subj.dep_ == "nsubjpass" and cue_lemma(tok) != "quote":
                agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children]
                return _noun_phrase(agents[0]) if agents else None
            if subj.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                # PolNeAR's source is the relative pronoun itself; analysis.speakers resolves it
                return subj.idx, subj.idx + len(subj.text)
            return _noun_phrase(subj)
        if tok.dep_ == "relcl":
            return _noun_phrase(tok.head)
        if tok.dep_ == "conj" and tok.head.dep_ == "ccomp" and _second_cue(
                tok.head.head, tok.head) == tok and not any(
                    g.dep_ in _SUBJECT_DEPS for g in tok.children):
            tok = tok.head.head  # the second cue of :func:`_second_cue` has the first's speaker
            continue
        if (tok.dep_ == "acl" and tok.tag_ in ("VBG", "VBD") and tok.i > tok.head.i
                and tok.head.pos_ in ("NOUN", "PROPN")):
            # a reduced relative clause: "a group of doctors calling for ...", "the ad
            # questioning ..." (VBG; VBD where the tagger took "called" for a past tense). A
            # passive participle ("a plan called X", VBN) says nothing of who acted.
            head = tok.head
            if cue_lemma(head) not in CHANNEL_NOUNS | {"tweets"}:
                if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in (
                        "NOUN", "PROPN", "PRON"):
                    head = head.head.head  # "a group of doctors calling for ..."
                elif head.dep_ in ("pobj", "dobj") and head.ent_type_ not in _SPEAKER_LABELS:
                    break  # "in many cases reporting ...": a circumstance, not an agent
                phrase = _noun_phrase(head, cut=("relcl", "acl"))
                before = _token_range(_trim(list(doc[head.left_edge.i:tok.left_edge.i]), head))
                return phrase if phrase is None or before is None else (
                    phrase[0], min(phrase[1], before[1]))
            # a medium is the channel, not the speaker: "sent a letter opposing ...",
            # "unleashed tweets criticizing ..." -> whoever sent it
            medium = head
            while medium.dep_ in ("dobj", "pobj", "prep", "conj", "appos") and medium.head != medium:
                medium = medium.head
            if medium.pos_ not in ("VERB", "AUX") or medium == head:
                break
            tok = medium
            continue
        if tok.head == tok or tok.dep_ not in _INHERIT_DEPS | _CLIMB_DEPS or tok.dep_ == "ccomp":
            break
        if tok.dep_ == "acomp" and tok.lower_ == "worth":
            break  # "it is worth noting ...": the writer's aside
        if tok.dep_ == "xcomp":  # object control: "pressed the CEO to admit ..." -> the CEO
            objs = [c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i]
            if objs and objs[0].pos_ in ("PROPN", "NOUN", "PRON"):
                return _noun_phrase(objs[0])
        tok = tok.head
    return _name_before(verb)


#: Heads of subjects that can speak: people and bodies (a thing, a finding or a resemblance
#: cannot note or argue).
_SPEAKING_NOUNS = AFFILIATION_NOUNS | frozenset({
    "critic", "commenter", "commentator", "user", "member", "observer", "reviewer", "poster",
    "participant", "skeptic", "sceptic", "supporter", "opponent", "rival", "reader", "writer",
    "blogger", "journalist", "reporter", "person", "man", "woman", "developer", "lawmaker",
    "someone", "somebody", "everyone", "nobody", "community", "panel", "jury", "judge",
})


def _outer_cue(verb: Token) -> Token | None:
    """The clause a participle cue really belongs to when the parser hung it elsewhere, or
    ``None`` to keep the parse. The small parser often attaches ", noting that ...",
    ", hinting at ..." to the nearest verb rather than to the clause the participle follows:

    - on a complement clause whose subject cannot speak: "X argued that the similarity would be
      unlikely, while noting that ..." (``noting`` under "would be") -> ``argued``. Taken only
      when that subject is no name, pronoun or noun of people, so "X said the firm would appeal,
      citing ..." keeps the firm;
    - on a clause inside a noun phrase: "There is skepticism about how X built its data,
      hinting at ..." (``hinting`` under "built") -> the clause holding the noun phrase ("There
      is"; no subject, so no speaker: X did not hint);
    - on a later clause that hangs from an earlier one: "Commenters stress the gap, emphasizing
      that ..., it does not equate to theft" (``emphasizing`` under "equate") -> "stress".
    """
    if verb.tag_ != "VBG" or verb.dep_ != "advcl":
        return None
    clause = verb.head
    if clause == verb or clause.head == clause:
        return None
    # ", noting ...", ", while noting ...", ", by noting ..."
    before = [t.text for t in verb.doc[max(0, verb.i - 2):verb.i]]
    after_comma = before[-1:] == [","] or (len(before) == 2 and before[0] == "," and before[1] in ("while", "by"))
    if clause.i > verb.i:  # hung on a verb to its right
        if after_comma and clause.dep_ in ("advcl", "conj") and clause.head.i < verb.i:
            return clause.head
        return None
    if clause.dep_ in ("pcomp", "relcl", "acl") and after_comma:
        tok = clause
        for _ in range(8):
            if tok.head == tok:
                return tok
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("pcomp", "relcl", "acl"):
                return tok
        return None
    if clause.dep_ != "ccomp" or clause.head.pos_ != "VERB":
        return None
    subjects = [c for c in clause.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects:
        return None
    subj = subjects[0]
    if subj.pos_ in ("PRON", "PROPN") or subj.ent_type_ in _SPEAKER_LABELS or any(
            t.ent_type_ in _SPEAKER_LABELS and t.dep_ in ("compound", "poss") and t.head == subj
            for t in subj.children):
        return None
    if subj.lemma_.lower() in _SPEAKING_NOUNS or subj.dep_ == "csubj":
        return None
    return clause.head


def _name_after_quote(verb: Token, quote: tuple[int, int]) -> tuple[int, int] | None:
    """The words between a quotation and its cue, when the parser lost the subject:
    '“...,” Tulsa police Chief Chuck Jordan said Monday.' (it took "Tulsa" for a verb). Taken
    when they are one to eight words, capitalised or a determiner, adjective or noun."""
    doc = verb.doc
    words = [t for t in doc[:verb.i] if t.idx >= quote[1]]
    while words and (words[0].is_punct or words[0].is_space):
        words = words[1:]
    if not 1 <= len(words) <= 8 or any(t.is_punct and t.text != "." for t in words):
        return None
    if not all(t.text[:1].isupper() or t.pos_ in ("DET", "ADJ", "NOUN", "PROPN") for t in words):
        return None
    if not any(t.text[:1].isupper() for t in words):
        return None
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _same_paragraph(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return not any("\n" in t.text for t in a.doc[lo:hi])


def _paragraph(tok: Token) -> tuple[int, int]:
    """Character bounds of the paragraph (line) of ``tok``, found on the tokens: ``doc.text``
    would rebuild the whole text at each call."""
    doc, first, last = tok.doc, tok.i, tok.i
    while first > 0 and "\n" not in doc[first - 1].text:
        first -= 1
    while last + 1 < len(doc) and "\n" not in doc[last + 1].text:
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _name_before(verb: Token) -> tuple[int, int] | None:
    """A proper name or pronoun right before a subjectless cue, misattached by the parser
    ("In a meeting with the Washington Post Trump said ...")."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].head == verb and doc[i].dep_ in ("aux", "neg", "advmod"):
        i -= 1
    if verb.dep_ == "ROOT" and i >= 0 and doc[i].dep_ == "compound" and doc[i].head == verb \
            and doc[i].pos_ == "NOUN":  # a headline: "Federal court rules against ..."
        return doc[i].left_edge.idx, doc[i].idx + len(doc[i].text)
    if (verb.dep_ != "ROOT" or i < 0 or doc[i].pos_ not in ("PROPN", "PRON")
            or doc[i].tag_ in ("WP", "WDT")):
        return None
    name = next((e for e in doc[i].sent.ents if e.start <= i < e.end), doc[i:i + 1])
    return name.start_char, doc[i].idx + len(doc[i].text)


def _noun_phrase(head: Token, *, cut: tuple[str, ...] = ("relcl",)) -> tuple[int, int] | None:
    """The contiguous phrase of ``head`` without relative clauses (children of a ``cut``
    dependency after the head) and edge punctuation."""
    cut = {t.i for c in head.children if c.dep_ in cut and c.i > head.i
           for t in c.subtree}
    tokens: list[Token] = []
    for tok in head.subtree:
        if tok.i in cut:
            if tok.i > head.i:
                break
            continue
        tokens.append(tok)
    return _token_range(_trim(tokens, head))


def _cue_range(verb: Token) -> tuple[int, int]:
    """The cue phrase: the verb with its adjacent auxiliaries, negation, particle, addressee."""
    doc = verb.doc
    first = last = verb.i
    while first > 0 and doc[first - 1].head == verb and doc[first - 1].dep_ in (
            "aux", "auxpass", "neg", "advmod") and doc[first - 1].pos_ != "PUNCT":
        first -= 1
    while last + 1 < len(doc) and doc[last + 1].head == verb and (
            doc[last + 1].dep_ == "prt" or (doc[last + 1].lower_ == "for"
                                            and cue_lemma(verb) in _FOR_VERBS)):
        last += 1
    if cue_lemma(verb) == "tell" and last + 1 < len(doc):
        obj = doc[last + 1]
        if obj.head == verb and obj.dep_ in ("dobj", "dative") and len(list(obj.subtree)) <= 3:
            last = obj.right_edge.i
    while first < verb.i and doc[first].dep_ == "advmod" and doc[first].lower_ not in {
            "also", "not", "never", "repeatedly", "previously", "later", "again", "often"}:
        first += 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _trim(tokens: list[Token], anchor: Token, *, drop_mark: bool = False) -> list[Token]:
    """Sort tokens, keep those in the paragraph of ``anchor``, drop edge punctuation (and a
    leading "that" complementizer if ``drop_mark``). The small English parser attaches across
    blank lines, so a paragraph is a hard boundary here."""
    first, last = _paragraph(anchor)
    for tok in anchor.sent:  # a semicolon ends the content on the cue's side
        if tok.text == ";" and tok.idx > anchor.idx:
            last = min(last, tok.idx)
        elif tok.text == ";":
            first = max(first, tok.idx + 1)
    tokens = sorted((t for t in tokens if first <= t.idx < last), key=lambda t: t.i)
    while tokens and (_loose(tokens[0], tokens) or (
            drop_mark and tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")):
        tokens = tokens[1:]
    while tokens and _loose(tokens[-1], tokens):
        if tokens[-1].text == "." and len(tokens) > 1 and tokens[-2].text.endswith("."):
            break
        if tokens[-1].text in _CLOSE_MARKS and _open_quote(tokens[:-1]):
            break  # 'to speak “directly to white people”': the mark closes a quote inside
        tokens = tokens[:-1]
    return tokens


_OPEN_MARKS = frozenset({"“", "‘", "``", "«"})
_CLOSE_MARKS = frozenset({"”", "’", "''", "»", '"'})


def _open_quote(tokens: list[Token]) -> bool:
    """Whether ``tokens`` leave a quotation open: more opening marks than closing ones (curly
    marks), or an odd number of straight double quotes."""
    texts = [t.text for t in tokens]
    curly = sum(t in _OPEN_MARKS for t in texts) - sum(t in _CLOSE_MARKS - {'"'} for t in texts)
    return curly > 0 or texts.count('"') % 2 == 1


def _loose(tok: Token, tokens: list[Token]) -> bool:
    """Whether an edge token is trimmed: space, punctuation, a bracket without its partner."""
    if tok.text in ("(", ")"):
        texts = [t.text for t in tokens]
        return texts.count("(") != texts.count(")")
    return tok.is_space or tok.text in _EDGE_PUNCT


def _token_range(tokens: list[Token]) -> tuple[int, int] | None:
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else None


def _content(tokens: list[Token]) -> tuple[int, int] | None:
    """Character range of a content's tokens, without a trailing appendage (:func:`cut_tail`),
    and over a sentence break the parser put inside a sentence (:func:`_run_on`)."""
    return _token_range(cut_tail(_without_according(_run_on(tokens))))


def _without_according(tokens: list[Token]) -> list[Token]:
    """``tokens`` up to an "according to" inside them (and the comma before it): that phrase
    is the cue of the clause's own attribution, never part of another's content."""
    for k in range(1, len(tokens) - 1):
        if tokens[k].lower_ == "according" and tokens[k + 1].lower_ == "to":
            cut = k - 1 if tokens[k - 1].text in (",", "—", "--") else k
            return tokens[:cut] if cut >= 2 else tokens
    return tokens


def _run_on(tokens: list[Token]) -> list[Token]:
    """``tokens`` and the next sentence when their last word ends a sentence mid-sentence: the
    small parser splits "Clinton cited disparaging remarks | Trump had made about Machado as
    ..." (no closing punctuation, the next word in the same paragraph is a word)."""
    if not tokens or not tokens[-1].text[-1:].isalnum():
        return tokens
    last = tokens[-1]
    doc = last.doc
    if last.i + 1 >= len(doc) or last.i + 1 != last.sent.end:
        return tokens
    nxt = doc[last.i + 1]
    if not nxt.is_alpha or "\n" in doc.text[last.idx:nxt.idx]:
        return tokens
    more = [t for t in nxt.sent if not t.is_space]
    while more and more[-1].is_punct:
        more = more[:-1]
    return tokens + more


# --------------------------------------------------------------------------- nominal objects

def _noun_content(noun: Token, preps: frozenset[str]) -> tuple[int, int] | None:
    """What a nominal cue reports: its that-clause or infinitive ("the claim that ...", "plans
    to ..."), else the object of its first preposition of ``preps`` ("concern about ...")."""
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > noun.i
               and (any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                    or any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))]
    if clauses:
        return _content(_trim(list(clauses[0].subtree), noun, drop_mark=True))
    found = [c for c in noun.children if c.dep_ == "prep" and c.i > noun.i and c.lower_ in preps]
    if found:
        return _content(_trim([t for g in found[0].children for t in g.subtree], noun))
    return None


def _noun_object(verb: Token) -> Token | None:
    """The nominal cue a verb takes as its object: "expressed concern about ...", "raised
    questions about ...", "made the case that ...", "persisted in arguments that ..." (the
    object of an "in" phrase). The noun is a cue of :data:`~analysis.claims.cues.NOMINAL_CUES` or
    :data:`~analysis.claims.cues.ATTITUDE_NOUNS` without a possessor of its own (a possessor is
    the speaker of :func:`~analysis.claims.phrases._nominal_drafts`)."""
    for c in verb.children:
        if c.i < verb.i:
            continue
        noun = c if c.dep_ == "dobj" else None
        if c.dep_ == "prep" and c.lower_ == "in":
            noun = next((g for g in c.children if g.dep_ == "pobj"), None)
        if noun is None or noun.pos_ != "NOUN":
            continue
        lemma = noun.lemma_.lower()
        if lemma in ATTITUDE_NOUNS or (lemma in NOMINAL_CUES and cue_lemma(verb) in LIGHT_VERBS):
            if not any(g.dep_ == "poss" and g.tag_ != "PRP$" for g in noun.children):
                return noun
    return None
