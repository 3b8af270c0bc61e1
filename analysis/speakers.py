"""Speaker resolution inside one document: who a claim's speaker span refers to (issue 7, item 3).

A claim's ``speaker`` is the text as written ("he", "the company", "Varga", "a spokesperson for
Larkspur"). :func:`resolve_speakers` gives each claim the entity it refers to:

- a span that holds a name is that name (``ent.ent_id_`` when an entity_ruler set one, else
  the profile's alias table, else the text without "the"/"'s"), method ``"span"``; a product
  name is its maker when the caller gives a product -> maker map (method ``"product"``);
- a bare surname is the full name that stands earlier in the same text ("Varga" ->
  "Hollis Varga"), method ``"surname"``;
- "a spokesperson for X", "X's spokesperson", "X spokesperson" is X with ``role``
  "spokesperson", method ``"role"`` (a person named in the span stays the speaker, with the
  role kept);
- a pronoun (he/she -> a PERSON; it -> an ORG or PRODUCT's maker; they/we -> an ORG, NORP or
  GPE) and a relative pronoun ("who", "which": its antecedent) are method ``"pronoun"``;
- a definite nominal ("the company", "the firm", "the US company", "the lab", "the startup",
  "the ministry" -> an ORG; "the spokesperson", "the expert" -> a PERSON; "officials" -> an ORG or
  GPE) is method ``"nominal"``;
- anything else is method ``"unresolved"`` with ``name`` None: never guessed.

Antecedents are the mentions of ``doc.ents`` before the speaker, outside quotation marks, of a
compatible type; the nearest wins within :data:`WINDOW` characters, preferring the profile's
actors at equal paragraph distance; failing one, the subject of the lead when compatible. A
heading line (a line above the speaker's line) is never part of a speaker: the span is cut at
its last line break. The method is the salience-and-agreement heuristic of Lappin & Leass
(1994), reduced to recency, type/number agreement and the lead's subject.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .mentions import person_names_tagged_org

__all__ = ["AFFILIATION_NOUNS", "SpeakerResolution", "resolve_speaker_span", "resolve_speakers", "WINDOW"]

#: How far back (characters) an antecedent of a pronoun or nominal is looked for.
WINDOW = 1500

_NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP", "PRODUCT")
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
_ORG_PRONOUNS = frozenset({"it", "its"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
#: Nominal heads and the entity labels they refer to.
_ORG_NOMINALS = frozenset({
    "company", "firm", "lab", "laboratory", "startup", "start-up", "developer", "maker",
    "ministry", "department", "agency", "regulator", "group", "organisation", "organization",
    "giant", "outlet", "newspaper", "publisher", "government", "administration", "office",
    "commission", "court", "committee", "platform", "business", "corporation", "university",
})
_PERSON_NOMINALS = frozenset({
    "spokesperson", "spokesman", "spokeswoman", "expert", "executive", "founder", "researcher",
    "scientist", "analyst", "official", "minister", "president", "senator", "lawyer", "chief",
    "professor", "engineer", "author", "investor", "ceo", "director", "chairman", "chairwoman",
})
#: Last words that make a name an organisation's, whatever the NER says.
_ORG_DESIGNATOR = re.compile(r"^(?:Labs?|AI|Inc\.?|Corp\.?|Corporation|Ltd\.?|LLC|GmbH|Technologies|Technology|"
                             r"Systems|Group|Institute|Foundation|Ministry|Department|Agency|Commission|Council|"
                             r"Association|University|Research|Partners|Holdings|Company|Co\.?)$")
_GROUP_NOMINALS = frozenset({"officials", "authorities", "regulators", "lawmakers"})
_ROLES = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative",
                    "spokespeople", "press office"})
_TITLES = re.compile(r"^(?:mr|mrs|ms|dr|prof|sen|rep|gov|gen)\.?\s+", re.I)
#: Office titles written before a person's name, after the body's name: "Office of Technology
#: Policy Director Alan Whitfield", "Commerce Secretary Dana Whitlock". The person speaks, in
#: that role.
_TITLE_WORDS = frozenset({
    "Director", "Secretary", "Minister", "Chair", "Chairman", "Chairwoman", "Commissioner",
    "Administrator", "Ambassador", "Spokesperson", "Spokesman", "Spokeswoman", "Chief", "Head",
    "President", "Governor", "Senator", "Representative", "Counsel", "Attorney", "Judge", "CEO",
})
_QUOTE_PAIR = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


@dataclass(frozen=True)
class SpeakerResolution:
    """What a claim's speaker span refers to.

    Attributes:
        name: the canonical name of the entity (``ent.ent_id_``, the actors table's name, or the
            mention's text without "the"/"'s"), or ``None`` when unresolved.
        label: the entity label (``PERSON``, ``ORG``, ``GPE``, ``NORP``, ``PRODUCT``) or ``""``.
        role: the role the span gives the entity ("spokesperson", "officials") or ``""``.
        start, end: character span in ``doc.text`` of the mention the name was taken from
            (the antecedent for a pronoun or nominal); ``-1, -1`` when unresolved.
        method: ``"span"``, ``"product"``, ``"surname"``, ``"role"``, ``"pronoun"``,
            ``"nominal"`` or ``"unresolved"``.
    """

    name: str | None
    label: str
    role: str
    start: int
    end: int
    method: str


UNRESOLVED = SpeakerResolution(None, "", "", -1, -1, "unresolved")


def resolve_speakers(doc: Doc, claims: Sequence, *, actors: Mapping[str, str] | None = None,
                     products: Mapping[str, str] | None = None) -> list[SpeakerResolution]:
    """Resolve the speaker of each claim of ``doc``.

    Args:
        doc (Doc): the parsed document with entities (``doc.ents``) the claims come from.
        claims (Sequence[Claim]): claims with ``speaker_start``/``speaker_end`` character
            offsets into ``doc.text`` (-1 when there is no speaker).
        actors (Mapping[str, str] | None): the profile's actors, canonical name -> entity label
            ("Larkspur Labs" -> "ORG", "Hollis Varga" -> "PERSON"). A mention is an actor's when
            its ``ent_id_`` (set by the profile's entity_ruler) or its text is the canonical name
            (case-insensitive, "the" ignored); it then takes the actor's label (the statistical
            NER often types an unfamiliar name wrongly), and actors are preferred as
            antecedents. Aliases are the entity_ruler's job. Default none.
        products (Mapping[str, str] | None): product name -> maker's canonical name ("Claude" ->
            "Anthropic"); a product resolves to its maker. Default none.

    Returns:
        list[SpeakerResolution]: one per claim, in the order of ``claims``.
    """
    ctx = _Context(doc, actors or {}, products or {})
    return [resolve_speaker_span(doc, c.speaker_start, c.speaker_end, _ctx=ctx) for c in claims]


def resolve_speaker_span(doc: Doc, start: int, end: int, *,
                         actors: Mapping[str, str] | None = None,
                         products: Mapping[str, str] | None = None,
                         _ctx: _Context | None = None) -> SpeakerResolution:
    """Resolve one speaker span ``doc.text[start:end]`` (characters); see :func:`resolve_speakers`.

    Returns:
        SpeakerResolution: :data:`UNRESOLVED` when ``start < 0`` or nothing fits.
    """
    ctx = _ctx or _Context(doc, actors or {}, products or {})
    if start < 0 or end <= start:
        return UNRESOLVED
    newline = ctx.text.rfind("\n", start, end)  # ctx.text: spaCy rebuilds doc.text at every access
    if newline >= 0:  # a heading line above is never part of the speaker
        start = newline + 1
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return UNRESOLVED
    return ctx.resolve(span)


class _Context:
    """Per-document tables: candidate mentions, quotation ranges, the lead's subject."""

    def __init__(self, doc: Doc, actors: Mapping[str, str], products: Mapping[str, str]) -> None:
        self.doc = doc
        self.text = doc.text
        self.ents = doc.ents  # a tuple built anew at every access of doc.ents: read once
        self.actors = {_key(k): (k, v) for k, v in actors.items()}
        self.products = {_key(k): v for k, v in products.items()}
        self.people_tagged_org = person_names_tagged_org(self.ents, self.text)
        # surname -> where the document first names the person in full ("Elena Vasquez"), so that
        # a later "Vasquez" the NER tags ORG or GPE is a person a pronoun may stand for
        self.surnames: dict[str, int] = {}
        for e in self.ents:
            words = _TITLES.sub("", _clean(e.text)).split()
            if len(words) > 1 and (e.label_ == "PERSON" or e.start_char in self.people_tagged_org) \
                    and not _ORG_DESIGNATOR.match(words[-1]):
                self.surnames.setdefault(words[-1], e.start_char)
        quoted = [m.span() for m in _QUOTE_PAIR.finditer(self.text)]
        self.mentions = [e for e in self.ents if self.label(e) in _NAME_LABELS
                         and not any(a < e.start_char < b for a, b in quoted)]
        self.lead = self._lead_subject()

    # ------------------------------------------------------------------ entry point
    def resolve(self, span: Span) -> SpeakerResolution:
        root = span.root
        words = [t.lower_ for t in span if not t.is_punct]
        role = next((r for r in _ROLES if r in " ".join(words)), "")
        ents = [e for e in self.ents  # not span.ents: it rebuilds every entity of the doc
                if span.start <= e.start and e.end <= span.end and self.label(e) in _NAME_LABELS]
        titled = self._titled_person(span, ents)
        if titled is not None:
            return titled
        head_lemma = root.lemma_.lower()
        definite = any(t.lower_ in ("the", "this", "that", "these", "those") for t in span)
        if definite and head_lemma in _ORG_NOMINALS | _PERSON_NOMINALS and not any(
                e.start <= root.i < e.end for e in ents) and not role:
            # "the US company": the entity only modifies the nominal; "the chief executive of
            # Larkspur": the nominal belongs to it
            ents = [e for e in ents if e.root.dep_ == "pobj" and _speaks_for_head(e.root, root)]
        if role and ents:
            persons = [e for e in ents if self.label(e) == "PERSON"]
            if persons:
                return self._named(persons[0], "span", role=role)
            return self._named(ents[0], "role", role=role)
        if ents and not any(e.start <= root.i < e.end for e in ents):
            # the head noun is not a name: a name in the span speaks only where it owns the head
            # ("Larkspur's lawyers", "a Quillon engineer", "the chief of Larkspur", "a report by
            # Quillon"); "critics of Larkspur", "discussion of Quillon's reply", "the similarity
            # to Larkspur's models" are not Larkspur speaking
            ents = [e for e in ents if _speaks_for_head(e.root, root)]
        if ents:
            head = next((e for e in ents if e.start <= root.i < e.end), ents[0])
            run = _proper_run(root)
            if len(head) == 1 and not head.ent_id_:
                full = self._surname(_clean(head.text), head.start_char, head.end_char, "")
                if full is not None:
                    return full
            if (root.pos_ == "PROPN" and len(_TITLES.sub("", _clean(run.text)).split()) > 1
                    and len(run) > len(head)
                    and run.start <= head.start and head.end <= run.end and not head.ent_id_):
                # the NER took one word of a longer name ("Castellan" of "Orrin Castellan")
                return SpeakerResolution(_clean(run.text), self.label(head), "", run.start_char,
                                         run.end_char, "span")
            return self._named(head, "span")
        if len(span) == 1 and root.tag_ in ("WP", "WDT") and root.lower_ in _RELATIVE:
            return self._relative(root)
        if len(words) == 1 and words[0] in _PERSON_PRONOUNS | _ORG_PRONOUNS | _GROUP_PRONOUNS:
            return self._antecedent(span, _pronoun_labels(words[0]), "pronoun")
        head = head_lemma if root.pos_ != "PROPN" else ""
        if root.lower_ in _GROUP_NOMINALS and len(words) <= 2:
            found = self._antecedent(span, ("ORG", "GPE"), "nominal")
            return _with_role(found, root.lower_)
        if definite and head in _ORG_NOMINALS:
            return self._antecedent(span, ("ORG",), "nominal")
        if definite and head in _PERSON_NOMINALS:
            if head in _ROLES:
                earlier = self._earlier_role(span.start_char, head)
                if earlier is not None:
                    return earlier
            return self._antecedent(span, ("PERSON",), "nominal")
        if root.pos_ == "PROPN" and all(t.pos_ in ("PROPN", "PART", "PUNCT") for t in span):
            name = _clean(span.text)
            return self._surname(name, span.start_char, span.end_char, "") or SpeakerResolution(
                self.actors.get(_key(name), name), "", "", span.start_char, span.end_char, "span")
        return UNRESOLVED

    # ------------------------------------------------------------------ helpers
    def _titled_person(self, span: Span, ents: list[Span]) -> SpeakerResolution | None:
        """The person of a span that is one name phrase ending "<title> <person>", the body's
        name before the title (:data:`_TITLE_WORDS`): the person, with the title as role. The
        parser often makes the body the head ("Office of Technology Policy Director Alan
        Whitfield": head "Office")."""
        doc = self.doc
        for ent in ents:
            if self.label(ent) != "PERSON" or ent.start - 1 < span.start:
                continue
            title = doc[ent.start - 1]
            if title.text not in _TITLE_WORDS:
                continue
            before = doc[span.start:ent.start]
            after = doc[ent.end:span.end]
            if (all(t.pos_ == "PROPN" or t.lower_ in ("of", "for", "and", "&", "the") for t in before)
                    and all(t.is_punct for t in after)):
                return self._named(ent, "span", role=title.lower_)
        return None

    def _named(self, ent: Span, method: str, *, role: str = "") -> SpeakerResolution:
        """The resolution of an entity mention: maker of a product, full name of a surname."""
        name = self.canonical(ent)
        maker = self.products.get(_key(ent.text)) or self.products.get(_key(name))
        if maker:
            return SpeakerResolution(maker, "ORG", role, ent.start_char, ent.end_char, "product")
        if len(_clean(ent.text).split()) == 1 and not ent.ent_id_:
            full = self._surname(_clean(ent.text), ent.start_char, ent.end_char, role)
            if full is not None:
                return full
        return SpeakerResolution(name, self.label(ent), role, ent.start_char, ent.end_char, method)

    def canonical(self, ent: Span) -> str:
        """``ent_id_`` when set, else the actor's canonical spelling, else the cleaned text."""
        if ent.ent_id_:
            return ent.ent_id_
        if ent.start_char in self.people_tagged_org:
            return self.people_tagged_org[ent.start_char]
        name = _clean(ent.text)
        return self.actors.get(_key(name), (name, ""))[0]

    def label(self, ent: Span) -> str:
        """The actor's label for an actor's mention; ORG for a name ending in an organisation
        designator ("Larkspur Labs", "Qilin Technologies": the small NER model often tags them
        PERSON); PERSON for a person's name tagged ORG (:func:`person_names_tagged_org`) and for
        a one-word mention that is the surname of a person named in full before it; else the
        entity's own label."""
        actor = self.actors.get(_key(ent.ent_id_ or ent.text))
        if actor and actor[1]:
            return actor[1]
        if ent.label_ in ("PERSON", "PRODUCT", "WORK_OF_ART") and len(ent) > 1 and _ORG_DESIGNATOR.match(ent[-1].text):
            return "ORG"
        if ent.label_ == "ORG" and ent.start_char in self.people_tagged_org:
            return "PERSON"  # "Nadia Petrova of Northgate University", later "Petrova"
        if len(ent) == 1 and ent.label_ in ("ORG", "GPE", "NORP", "PRODUCT") and \
                self.surnames.get(_clean(ent.text), ent.start_char) < ent.start_char:
            return "PERSON"  # "Elena Vasquez ... Vasquez said": the surname of a person named before
        return ent.label_

    def is_actor(self, ent: Span) -> bool:
        return _key(ent.ent_id_ or ent.text) in self.actors

    def _surname(self, word: str, start: int, end: int, role: str) -> SpeakerResolution | None:
        """The earlier full name whose last word is ``word`` ("Varga" -> "Hollis Varga")."""
        word = _TITLES.sub("", word)
        if len(word.split()) != 1:
            return None
        for ent in reversed([e for e in self.ents if e.end_char <= start]):
            full = _clean(ent.text)
            if (self.label(ent) == "PERSON" and len(full.split()) > 1
                    and full.split()[-1].lower() == word.lower()):
                return SpeakerResolution(self.canonical(ent), "PERSON", role, ent.start_char,
                                         ent.end_char, "surname")
        return None

    def _relative(self, tok: Token) -> SpeakerResolution:
        """A relative pronoun's antecedent: the noun the relative clause hangs from."""
        clause = tok.head
        while clause.dep_ != "relcl" and clause.head != clause:
            clause = clause.head
        if clause.dep_ != "relcl":
            return UNRESOLVED
        noun = clause.head
        ents = [e for e in self.ents if e.start <= noun.i < e.end and self.label(e) in _NAME_LABELS]
        if ents:
            found = self._named(ents[0], "pronoun")
            return found
        lo = min(t.i for t in noun.subtree if t.i <= noun.i)
        return self.resolve(self.doc[lo:noun.i + 1])

    def _antecedent(self, span: Span, labels: tuple[str, ...], method: str) -> SpeakerResolution:
        """Nearest earlier compatible mention; for a body, the profile's actors first within a
        paragraph; else the lead."""
        before = [e for e in self.mentions if e.end_char <= span.start_char
                  and span.start_char - e.end_char <= WINDOW and self._fits(e, labels)]
        if before:
            para = self.text.rfind("\n", 0, span.start_char)
            near = [e for e in before if e.start_char > para]
            pool = near or before
            if labels != ("PERSON",):
                # a body (it, they, the company): the profile's actors first. Not for a person
                # (he, she): the person just quoted or named outranks a famous one named in passing
                actors = [e for e in pool if self.is_actor(e)]
                pool = actors or pool
            rank = {label: i for i, label in enumerate(labels)}  # "they": an ORG before a GPE
            top = min(rank.get(self.label(e), 0) for e in pool)
            fitting = [e for e in pool if rank.get(self.label(e), 0) == top]
            best = fitting[-1]
            # Within the nearest mention's sentence, a subject outranks an object of a
            # preposition (salience by grammatical role, Lappin & Leass 1994): "it was Boulter
            # who got the ball rolling with a victory over Parry. “...,” she told ..." is Boulter.
            if best.root.dep_ == "pobj":
                salient = [e for e in fitting if e.sent == best.sent
                           and e.root.dep_ in ("nsubj", "nsubjpass", "attr")]
                best = salient[-1] if salient else best
            found = self._named(best, method)
            return SpeakerResolution(found.name, found.label, found.role, found.start, found.end,
                                     method)
        if self.lead is not None and self.lead.end_char <= span.start_char and self._fits(
                self.lead, labels):
            found = self._named(self.lead, method)
            return SpeakerResolution(found.name, found.label, found.role, found.start, found.end,
                                     method)
        return UNRESOLVED

    def _fits(self, ent: Span, labels: tuple[str, ...]) -> bool:
        """Whether a mention can be the antecedent: its label, or a product for its maker."""
        if self.label(ent) in labels:
            return True
        return "ORG" in labels and _key(ent.text) in self.products

    def _earlier_role(self, start: int, role: str) -> SpeakerResolution | None:
        """"the spokesperson" after "a spokesperson for X" / "X's spokesperson": X, role kept."""
        for m in reversed(list(re.finditer(rf"\b{re.escape(role)}\b", self.text[:start], re.I))):
            window = self.doc.char_span(max(0, m.start() - 40), min(start, m.end() + 40),
                                        alignment_mode="contract")
            if window is None:
                continue
            ents = [e for e in window.ents if self.label(e) in ("ORG", "GPE", "PERSON")]
            if ents:
                best = min(ents, key=lambda e: abs(e.start_char - m.start()))
                found = self._named(best, "role", role=role)
                return found
        return None

    def _lead_subject(self) -> Span | None:
        """The entity holding the subject of the first sentence that is not a heading."""
        for sent in self.doc.sents:
            if not sent.text.rstrip().endswith((".", "!", "?", "”", '"')):
                continue  # a heading or a byline
            subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
            for subj in subjects:
                ents = [e for e in sent.ents if e.start <= subj.i < e.end
                        and self.label(e) in _NAME_LABELS]
                if ents:
                    return ents[0]
            return None
        return None


#: Nouns of people or bodies that belong to an organisation or place: "the chief executive of X",
#: "researchers at X", "a lawyer for X", "members of X" speak for X. Nouns of people who stand
#: apart from it (critics, rivals, users, fans of X) are not in the list.
AFFILIATION_NOUNS = _PERSON_NOMINALS | _ORG_NOMINALS | _ROLES | _GROUP_NOMINALS | frozenset({
    "member", "staff", "staffer", "employee", "team", "head", "leader", "boss", "attorney",
    "counsel", "board", "officer", "worker", "adviser", "advisor", "economist", "diplomat",
    "ambassador", "envoy", "secretary", "negotiator", "delegation", "leadership", "management",
    "chair", "manager", "aide", "official", "people", "arm", "unit", "division", "subsidiary",
})
#: Nouns of what an organisation puts out: "the Larkspur post", "a Quillon statement" speak for it.
_DOCUMENT_NOUNS = frozenset({
    "post", "statement", "letter", "blog", "report", "filing", "complaint", "announcement", "paper",
    "memo", "tweet", "release", "accusation", "allegation", "claim", "lawsuit", "suit", "response",
    "reply", "documentation", "account", "website", "site", "study", "analysis", "research",
    "investigation", "findings", "data", "document", "notice", "policy", "update", "page",
})
#: Nouns of people or bodies that speak for the place they are in: "officials in Beijing" speak
#: for China's government; "analysts in Washington" or "a researcher in London" do not.
_PLACE_AFFILIATION_NOUNS = _GROUP_NOMINALS | frozenset({
    "official", "authority", "regulator", "lawmaker", "legislator", "government", "administration",
    "ministry", "minister", "diplomat", "ambassador", "embassy", "envoy", "prosecutor", "court",
    "judge", "agency", "department", "office", "spokesperson", "spokesman", "spokeswoman",
    "representative", "delegation", "negotiator", "police", "parliament", "congress",
})
#: Prepositions that name whose the head is, whatever the head: "a report by X", "a letter from X".
_AUTHOR_PREPS = frozenset({"by", "from"})
#: Prepositions that tie an affiliation noun to its organisation: "the CEO of X", "a lawyer for X".
_AFFILIATION_PREPS = frozenset({"of", "for", "at", "with", "in", "from", "by"})


def _speaks_for_head(tok: Token, root: Token) -> bool:
    """Whether the name whose root is ``tok`` owns the span's head noun ``root``: it hangs from
    the head as possessor, compound, modifier or apposition ("Larkspur's", "a Larkspur
    engineer", "Chinese officials"), or through a preposition of authorship ("by", "from") or,
    for a noun of people or bodies that belong to it (:data:`AFFILIATION_NOUNS`), of
    affiliation ("of", "for", "at", ...); "in" a place only for government people and bodies
    (:data:`_PLACE_AFFILIATION_NOUNS`). Each step up the parse must be of these kinds."""
    for _ in range(6):
        if tok == root:
            return True
        head = tok.head
        if head == tok:
            return False
        if tok.dep_ in ("compound", "amod", "nmod") and head == root and root.pos_ != "PROPN" and (
                root.lemma_.lower() not in AFFILIATION_NOUNS | _DOCUMENT_NOUNS):
            return False  # "the Larkspur controversy", "the Quillon case": about it, not by it
        if tok.dep_ in ("poss", "compound", "amod", "nmod", "appos", "conj", "cc", "case", "det"):
            tok = head
            continue
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            noun = head.head
            prep = head.lower_
            lemma = noun.lemma_.lower()
            if prep == "in" and tok.ent_type_ in ("GPE", "LOC") and lemma not in _PLACE_AFFILIATION_NOUNS:
                return False  # "analysts in Washington": where they are, not whom they speak for
            if prep in _AUTHOR_PREPS or (prep in _AFFILIATION_PREPS and lemma in AFFILIATION_NOUNS):
                tok = noun
                continue
        return False
    return False


def _pronoun_labels(word: str) -> tuple[str, ...]:
    if word in _PERSON_PRONOUNS:
        return ("PERSON",)
    if word in _ORG_PRONOUNS:
        return ("ORG", "PRODUCT")
    return ("ORG", "NORP", "GPE")


def _proper_run(root: Token) -> Span | None:
    """The proper-noun name around ``root``: its PROPN compound children and itself."""
    parts = [c for c in root.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [root]
    lo, hi = min(t.i for t in parts), max(t.i for t in parts)
    return root.doc[lo:hi + 1]


def _with_role(found: SpeakerResolution, role: str) -> SpeakerResolution:
    return SpeakerResolution(found.name, found.label, role, found.start, found.end, found.method)


def _clean(text: str) -> str:
    """A mention's text without a leading "the", a trailing "'s" and edge punctuation."""
    text = re.sub(r"^the\s+", "", text.strip(" \t\n,.;:“”\"'"), flags=re.I)
    return re.sub(r"[’']s$", "", text).strip()


def _key(name: str) -> str:
    return _clean(name).casefold()
