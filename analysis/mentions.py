"""Mentions: the entities of a parsed document, resolved to actors, with actor hygiene.

Profile actors (found by the entity_ruler, canonical name in ``ent.ent_id_``) keep their
canonical name and type; other people and organisations are named by their text, with a short
person name resolved to the full name seen earlier in the same document, an organisation's acronym
or short form to its full name, and the actor type from the name (government bodies, companies),
the label and office titles. What the small NER model takes for an actor but is none (navigation
text, headlines, bare abbreviations, generic words, adjectives of nationality) is left out here,
before it reaches the store, a briefing or a query. The rules are word lists and patterns written
for English news (each list below says what it holds); they were checked against the entities of
the demo store (``make demo``), which had 20 such non-actors among 105 entities before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS

from corpus.profile import Profile

#: spaCy labels kept as mentions when the entity is not a profile actor (NORP, a nationality, is
#: an adjective, not an actor).
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE"})


@dataclass(frozen=True)
class MentionSpan:
    """An entity mention found in a text: canonical ``name``, spaCy ``label``, the actor type
    (the profile's, or guessed from the label; ``None`` if unknown), the char span
    ``start:end``, and whether the entity is a profile actor."""

    name: str
    label: str
    actor_type: str | None
    start: int
    end: int
    text: str
    in_profile: bool = False

    @property
    def country(self) -> str | None:
        """The country of a place or a government body (:func:`country_of`), else ``None``."""
        return country_of(self.name) if self.label == "GPE" or self.actor_type == "government" else None


#: Actor type guessed for entities outside the profile, by spaCy label (a place is not an actor:
#: "Washington" or "San Francisco" in a speaker phrase is rarely the government speaking).
GUESSED_TYPE = {"PERSON": "person", "ORG": "organization"}
#: Frequent false entities of news about AI (the small model tags them ORG or GPE).
NOT_ACTORS = frozenset({"ai", "api", "apis", "llm", "llms", "gpu", "gpus", "ceo", "cto", "tos", "kyc", "us",
                        "u.s", "u.s.", "the u.s.", "eu", "uk", "x", "twitter", "github", "reddit", "ip", "gpt",
                        "agi", "ml", "nlp", "ceos", "r&d", "faq", "pdf", "rss", "q&a"})
#: Titles dropped before a person's name is resolved ("Sen. Calloway" -> "Calloway").
TITLES = re.compile(r"^(?:(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Prof|Gen|Judge|Justice|President|Senator|"
                    r"Representative|Chair|Chairman|Chairwoman|Secretary|Minister|Commissioner|Director|"
                    r"Ambassador|Ranking Member)\.?\s+)+")
#: Office titles that make a person an official.
OFFICE_TITLES = re.compile(r"^(?:Sen|Rep|Gov|President|Senator|Representative|Governor|Secretary|Minister|"
                           r"Commissioner|Chair|Chairman|Chairwoman|Director|Ambassador|Judge|Justice|"
                           r"Ranking Member)\b")

#: Countries by the words that name them in news: the country, its adjective, its capital (a
#: capital as a speaker is the government: "Beijing dismissed the claims").
COUNTRIES = {
    "China": ("china", "chinese", "beijing", "prc", "people's republic of china"),
    "United States": ("united states", "u.s.", "us", "usa", "america", "american", "washington"),
    "United Kingdom": ("united kingdom", "uk", "u.k.", "britain", "british", "london"),
    "European Union": ("european union", "eu", "european", "brussels"),
    "Japan": ("japan", "japanese", "tokyo"), "South Korea": ("south korea", "korean", "seoul"),
    "India": ("india", "indian", "new delhi"), "France": ("france", "french", "paris"),
    "Germany": ("germany", "german", "berlin"), "Russia": ("russia", "russian", "moscow"),
    "Taiwan": ("taiwan", "taiwanese", "taipei"), "Canada": ("canada", "canadian", "ottawa"),
}
_COUNTRY_WORDS = {w: country for country, words in COUNTRIES.items() for w in words}
#: Words that alone, or after an adjective of nationality, name no actor ("American AI",
#: "Frontier", "House", "Hill", "Chinese labs"): they are kinds of things, places or page parts.
GENERIC_WORDS = frozenset({
    "ai", "frontier", "house", "hill", "capitol", "chair", "ranking", "member", "drafts", "draft", "fraudsters",
    "newsroom", "press", "media", "contact", "back", "home", "menu", "share", "subscribe", "login", "sign", "next",
    "previous", "read", "more", "labs", "lab", "companies", "company", "firms", "developers", "models", "model",
    "officials", "official", "lawmakers", "researchers", "industry", "tech", "technology", "chips", "government",
    "ministry", "department", "agency", "committee", "office", "staff", "team", "users", "startups", "giants",
    "open", "source", "weights", "news", "update", "updates", "release", "statement", "comment", "comments",
    "the", "a", "an", "of", "and", "new", "big", "top", "west", "western", "east", "eastern", "state", "states",
    "federal", "national", "public", "private", "security", "policy", "ai's", "fact", "sheet",
})
#: Characters of navigation and breadcrumbs ("← Back", "Newsroom › Press"): never in an actor's name.
_NAVIGATION = re.compile(r"[←→↑↓‹›«»|•·/\\>]")
#: Names of things that are not actors: laws, programmes, documents ("the Frontier Model Access Act").
_NOT_AN_ACTOR_HEAD = re.compile(r"\b(?:Act|Bill|Program|Programme|Initiative|Rule|Order|Report|Memo|Summit|"
                                r"Framework|Plan|Strategy|Hearing|Requirements?)$")
#: Government bodies by the words of their name.
_GOVERNMENT = re.compile(
    r"\b(?:Ministry|Ministries|Department|Dept\.?|Office of|Committee|Commission|Agency|Senate|Congress|"
    r"Parliament|Administration|Bureau|Embassy|Government|Cabinet|White House|Copyright Office|Treasury|Pentagon|"
    r"State Council|Federal|Secretariat|Regulator|Authority|Council of)\b")
#: Companies by the last words of their name ("Meridian Cloud", "Northwind Labs", "Acme Inc.").
_COMPANY = re.compile(r"\b(?:Inc|Corp|Corporation|Co|Ltd|LLC|PLC|GmbH|SA|AG|Lab|Labs|Cloud|Technologies|"
                      r"Technology|Systems|Capital|Securities|Partners|Holdings|Group|Ventures|Software|Compute|"
                      r"Robotics|Semiconductor|Networks|Analytics|AI)\.?$")
#: Small words left out of an acronym ("Office of Technology Policy" -> "OTP").
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "to", "&"})


def country_of(name: str) -> str | None:
    """The country an actor belongs to by its name: a country, its capital or adjective
    ("Beijing" -> China), or a body named after it ("Chinese Ministry of Foreign Affairs",
    "U.S. Department of Commerce", "China's foreign ministry" -> China / United States);
    ``None`` when the name says none. Source: :data:`COUNTRIES`."""
    low = name.casefold().replace("’", "'")
    if low in _COUNTRY_WORDS:
        return _COUNTRY_WORDS[low]
    first = re.split(r"\s+", low.removesuffix("'s"))[0].removesuffix("'s")
    for words in (low.split(" of ")[-1] if " of " in low else "", first):
        if words in _COUNTRY_WORDS:
            return _COUNTRY_WORDS[words]
    return None


def is_actor_name(name: str, label: str) -> bool:
    """False for what the NER takes for an actor but is none: navigation text ("← Back"), bare
    abbreviations of the trade ("IP", "GPT": :data:`NOT_ACTORS`), generic words alone or after an
    adjective of nationality ("House", "Hill", "Frontier", "American AI": :data:`GENERIC_WORDS`;
    a body "X of Y" of generic words, "Office of Technology Policy", is kept),
    names of laws and programmes, and strings of seven words or more (a headline or a sentence
    fragment taken for an organisation). Nationalities (NORP) are never actors."""
    if label == "NORP" or len(name) < 2 or _NAVIGATION.search(name) or not name[0].isalnum():
        return False
    low = name.casefold()
    if low in NOT_ACTORS or not any(c.isalpha() for c in name):
        return False
    if name.isupper() and low in STOP_WORDS and low != "who":  # a word in capitals for emphasis: "DO"
        return False
    words = [w.strip(".,'’") for w in low.replace("’s", "").replace("'s", "").split()]
    if (all(w in GENERIC_WORDS or w in _COUNTRY_WORDS for w in words) and " of " not in low
            and not (label == "GPE" and low in _COUNTRY_WORDS)):  # "Office of Technology Policy" is a body
        return False
    if label != "PERSON" and (_NOT_AN_ACTOR_HEAD.search(name) or len(words) >= 7):
        return False
    return True


def actor_type_of(name: str, label: str) -> str | None:
    """The actor type of an entity outside the profile, from its name and label: a government
    body by the words of its name (:data:`_GOVERNMENT`: ministries, departments, committees,
    offices of ...), a company by the last word (:data:`_COMPANY`: "Meridian Cloud" is a company
    even when the NER tags it PERSON), else :data:`GUESSED_TYPE` by label."""
    if label in ("ORG", "PERSON") and _GOVERNMENT.search(name):
        return "government"
    if label in ("ORG", "PERSON") and len(name.split()) >= 2 and _COMPANY.search(name):
        return "company"
    return GUESSED_TYPE.get(label)


def acronym(name: str) -> str:
    """Initials of the capitalised words of ``name`` ("Office of Technology Policy" -> "OTP")."""
    return "".join(w[0] for w in name.split() if w.casefold() not in _ACRONYM_SKIP and w[:1].isupper())


def document_aliases(names: dict[str, str]) -> dict[str, str]:
    """Within one document, the short names of organisations mapped to the full name they stand
    for: an acronym of a full name seen in the document ("OTP" -> "Office of Technology Policy"),
    a name whose words begin a longer one of the same document ("Halvorsen Institute",
    "Office of Technology" -> "Halvorsen Institute for Technology and Security", ...), and a
    single word that begins a company's name ("Meridian" -> "Meridian Cloud"), when only one
    longer name fits. News style introduces an organisation in full once, then shortens it. A
    person and their employer taken for one organisation ("Priscilla Nguyen of Larchmont
    Securities") is the person when the document names them alone too.

    Args:
        names: entity name -> spaCy label, for the document's non-profile entities.

    Returns:
        short name -> full name (names without an alias are left out).
    """
    orgs = [n for n, label in names.items() if label in ("ORG", "PERSON", "GPE")]
    full = [n for n in orgs if len(n.split()) >= 2]
    out: dict[str, str] = {}
    for n in orgs:
        words = n.split()
        head = n.split(" of ")[0]
        if names[n] == "ORG" and head != n and names.get(head) == "PERSON":  # "Priscilla Nguyen of Larchmont"
            out[n] = head
            continue
        if len(words) == 1 and n.isupper() and 2 <= len(n) <= 6:
            fits = [f for f in full if acronym(f) == n]
        elif len(words) == 1 and n.casefold() not in _COUNTRY_WORDS:  # "Meridian" for "Meridian Cloud"
            fits = [f for f in full if f.split()[0] == n and names[f] == "ORG" and _COMPANY.search(f)]
        elif len(words) >= 2 and names[n] == "ORG":
            fits = [f for f in full if f != n and f.split()[:len(words)] == words and names[f] == "ORG"]
        else:
            continue
        if len(set(fits)) == 1:
            out[n] = fits[0]
    return out


#: Words that make a name an institution's, beside :data:`_GOVERNMENT` and :data:`_COMPANY`.
_INSTITUTION = re.compile(r"\b(?:University|College|School|Institute|Foundation|Forum|Center|Centre|Society|"
                          r"Association|Council|Union|Alliance|Coalition|Network|Project|Fund|Trust|Bank|Times|"
                          r"News|Post|Journal|Review|Daily|Press|Media|Club|Party|Court|Lab|Laboratory)\b")


def _name_continued(doc, end: int) -> str:
    """The capitalised words after token ``end`` that continue a body's name the NER cut short
    ("Office of Technology" + " Policy" before "Director Alan Whitfield"): at most three, no
    office title, no other entity, not a new sentence. "" when none."""
    words = []
    for tok in doc[end:end + 3]:
        if (not tok.is_alpha or not tok.text[:1].isupper() or tok.is_sent_start or tok.ent_type_
                or OFFICE_TITLES.match(tok.text)):
            break
        words.append(tok.text)
    return "".join(" " + w for w in words)


#: What a person is, said right after the name: an appositive, a relative clause, an affiliation
#: ("Nadia Petrova, who studies model compression at ...", "Lena Hartwig, a professor of law",
#: "Orrin Castellan of the Halvorsen Institute", "Tobias Wren, a reporter for ...").
_RESEARCHER_AFTER = re.compile(
    r",?\s+(?:(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}?(?:professor|researcher|scientist|scholar|lecturer|academic|"
    r"fellow|ethicist|historian|economist)s?\b|who\s+(?:studies|researches|teaches|leads research|"
    r"directs research)\b|(?:of|at|from)\s+(?:the\s+)?(?:[A-Z][\w&-]*\s+){0,5}?"
    r"(?:University|Institute|College|Laboratory)\b|(?:of|at|from)\s+(?:the\s+)?University\b)")
_MEDIA_AFTER = re.compile(r",?\s+(?:(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:reporter|journalist|columnist|"
                          r"editor|correspondent|commentator|blogger|podcaster|newsletter writer)s?\b)")
_RESEARCHER_BEFORE = re.compile(r"\b(?:Professor|Prof\.|researcher|scientist|economist)\s+$")
_MEDIA_BEFORE = re.compile(r"\b(?:reporter|journalist|columnist|editor|correspondent)\s+$", re.I)


def person_type_in_context(text: str, start: int, end: int) -> str | None:
    """``researcher`` or ``media`` for the person named at ``text[start:end]`` when the words
    right around the name say so (:data:`_RESEARCHER_AFTER`, :data:`_MEDIA_AFTER`: an
    appositive, "who studies ...", "of <university or institute>"; a title before: "Professor
    ...", "columnist ..."); ``None`` when they do not, and the person stays ``person``."""
    after = text[end:end + 120]
    before = text[max(0, start - 24):start]
    if _RESEARCHER_AFTER.match(after) or _RESEARCHER_BEFORE.search(before):
        return "researcher"
    if _MEDIA_AFTER.match(after) or _MEDIA_BEFORE.search(before):
        return "media"
    return None


def person_names_tagged_org(ents, text: str) -> dict[int, str]:
    """Entities the NER tagged ORG that name a person, with the person's name. The small spaCy
    model often tags ORG a name followed by "of <organisation>" or a relative clause. A name of
    two or three capitalised words with no word of an institution (:data:`_GOVERNMENT`,
    :data:`_COMPANY`, :data:`_INSTITUTION`) is a person's when

    - it is followed by "who" ("Nadia Petrova, who studies model compression, said ...");
    - its last word also stands alone in ``text`` ("... Petrova added"): news style shortens a
      person to the surname, the last word, and an organisation to its first words
      ("Northgate" for "Northgate University");
    - it is the head of a single entity "<name> of <organisation>" ("Priscilla Nguyen of
      Larchmont Securities"), whose name is then the head alone.

    Args:
        ents: the document's entities (spaCy spans: ``text``, ``label_``, ``start_char``,
            ``end_char``).
        text: the document's text.

    Returns:
        start offset (characters) of each such entity -> the person's name (titles dropped).
    """
    out: dict[int, str] = {}
    for ent in ents:
        if ent.label_ != "ORG":
            continue
        name = TITLES.sub("", _clean(ent.text))
        head, of, tail = name.partition(" of ")
        words = head.split()
        if not (2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)):
            continue
        if _GOVERNMENT.search(head) or _COMPANY.search(head) or _INSTITUTION.search(head):
            continue
        if of:
            if tail[:1].isupper():
                out[ent.start_char] = head
            continue
        if re.match(r",?\s+who\b", text[ent.end_char:ent.end_char + 8]):
            out[ent.start_char] = head
            continue
        alone = len(re.findall(rf"\b{re.escape(words[-1])}\b", text))
        if alone > len(re.findall(re.escape(head), text)):
            out[ent.start_char] = head
    return out


def store_aliases(entities: list[tuple[int, str, str, bool]]) -> dict[int, int]:
    """Entities of the whole store that are short names of another, as :func:`document_aliases`
    finds them within one document, now across documents: a page that only says "Halvorsen
    Institute" or "Calloway" is about the one "Halvorsen Institute for Technology and Security"
    or "Ruth Calloway" the rest of the coverage names in full. Only a short name with exactly one
    fitting full name in the store is merged; profile actors are never merged away.

    Args:
        entities: ``(id, name, label, in_profile)`` of every stored entity.

    Returns:
        id of a short name -> id of the entity it stands for.
    """
    by_name: dict[str, list[tuple[int, str, bool]]] = {}
    for eid, name, label, in_profile in entities:
        by_name.setdefault(name, []).append((eid, label, in_profile))
    names = {n: rows[0][1] for n, rows in by_name.items() if len(rows) == 1}  # one label only
    out: dict[int, int] = {}
    surnames: dict[str, list[str]] = {}
    for n, label in names.items():
        if label == "PERSON" and len(n.split()) >= 2:
            surnames.setdefault(n.split()[-1], []).append(n)
    for n, label in names.items():
        if label == "PERSON" and len(n.split()) == 1 and len(surnames.get(n, [])) == 1:
            out[by_name[n][0][0]] = by_name[surnames[n][0]][0][0]
    for short, full in document_aliases(names).items():
        (eid, _, in_profile), = by_name[short]
        if not in_profile and eid not in out:
            out[eid] = by_name[full][0][0]
    return {src: dst for src, dst in out.items() if dst not in out}  # no chains


_TITLE_BEFORE = re.compile(r"\b(?:Sen|Rep|Gov|Senator|Representative|Governor|President|Secretary|Minister|"
                           r"Commissioner|Chair|Chairman|Chairwoman|Director|Ambassador|Judge|Justice)\.?\s+$")


def _clean(text: str) -> str:
    name = " ".join(text.split()).strip(" .,'\"’“”")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if name[:4].lower() == "the " and len(name) > 4:  # "the Digital Rights Forum"
        name = name[4:]
    return name


def resolve_actor(name: str, label: str, spans: list[MentionSpan], *,
                  profile_types: dict[str, str] | None = None) -> MentionSpan | None:
    """The entity a speaker name found by the claim extractor stands for, as a span (-1, -1):
    the document's mention of the same name (profile actors first); a title dropped and a short
    name resolved as :func:`mentions` does ("Sen. Ruth Calloway", "Chair Calloway" -> "Ruth
    Calloway", an official; "OTP" -> "Office of Technology Policy"); a country, its capital or
    adjective speaking is that country's government ("Beijing" -> "China", government); a
    department called by its portfolio is the profile's body (:func:`body_by_portfolio`); ``None``
    for a non-actor (:func:`is_actor_name`: "Chair", "American", "AI").

    Args:
        name, label: the speaker's name and spaCy label as resolved.
        spans: the document's mentions (:func:`mentions`).
        profile_types: canonical profile actor -> actor type.
    """
    profile_types = profile_types or {}
    same = [m for m in spans if m.name == name]
    if same:
        return min(same, key=lambda m: not m.in_profile)
    if name in profile_types:
        return None  # the caller builds profile actors with their label
    body = body_by_portfolio(name, profile_types)
    if body is not None:
        return MentionSpan(body, "ORG", profile_types[body], -1, -1, name, in_profile=True)
    titled = bool(OFFICE_TITLES.match(name))
    bare = TITLES.sub("", name).strip() or name
    if label == "GPE" or (bare.casefold() in _COUNTRY_WORDS and label in ("NORP", "ORG")):
        country = _COUNTRY_WORDS.get(bare.casefold())
        if country and label != "NORP":
            return MentionSpan(country, "GPE", "government", -1, -1, name)
        return None
    if not is_actor_name(bare, label):
        return None
    people = {m.name: m for m in spans if m.label == "PERSON"}
    parts = bare.split()
    full = next((p for n, p in people.items() if parts and n.split()[-1] == parts[-1] and len(n) >= len(bare)), None)
    if full is not None and (label == "PERSON" or len(parts) == 1 or titled):
        kind = "official" if titled else full.actor_type
        return MentionSpan(full.name, "PERSON", kind, -1, -1, name)
    aliases = document_aliases({**{m.name: m.label for m in spans if not m.in_profile}, bare: label})
    if bare in aliases:
        target = next(m for m in spans if m.name == aliases[bare])
        return MentionSpan(target.name, target.label, target.actor_type, -1, -1, name)
    kind = actor_type_of(bare, label)
    if kind == "company" and label == "PERSON":
        label = "ORG"
    if titled and label in ("PERSON", "ORG") and len(parts) <= 4:
        return MentionSpan(bare, "PERSON", "official", -1, -1, name)
    return MentionSpan(bare, label, kind, -1, -1, name)


def body_by_portfolio(name: str, actor_types: dict[str, str]) -> str | None:
    """The one government body among ``actor_types`` (name -> actor type) that ``name``, one
    word, calls by its portfolio, as news and forums shorten a department: "Commerce" -> "U.S.
    Department of Commerce", "Treasury" -> "Department of the Treasury"; ``None`` when no body
    or more than one fits."""
    if len(name.split()) != 1 or not name[:1].isupper():
        return None
    fits = [body for body, kind in actor_types.items() if kind == "government"
            and re.search(rf"\b(?:Department|Ministry|Secretary|Office) of (?:the )?{re.escape(name)}$", body)]
    return fits[0] if len(fits) == 1 else None


def heading_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines of ``text`` that read as headings or page furniture, not
    prose: at most 14 words, no closing punctuation, most words capitalised ("Meridian Cloud
    Introduces Verified Access Program", "Media Contact")."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = line.split()
        if words and len(words) <= 14 and not line.rstrip().endswith((".", "!", "?", ":", '"', "”", ";", ",")):
            caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
            if caps >= 0.6 * len(words):
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def mentions(doc, profile: Profile | None) -> list[MentionSpan]:
    """Mentions of a parsed ``doc``: profile actors (resolved to canonical names and types) and
    other PERSON/ORG/GPE entities (named by their text; actor type from the name and label, see
    :func:`actor_type_of`).

    Within one document a short person name is resolved to the full name seen for the same
    person ("Sen. Calloway", "Calloway" -> "Ruth Calloway"), as news style introduces a person
    once in full; a person named with an office title (:data:`OFFICE_TITLES`) is typed
    ``official`` from then on, one said to be a researcher or of the media by the words around
    a mention (:func:`person_type_in_context`) ``researcher`` or ``media``; an organisation's
    acronym or shortened name is resolved to its full name (:func:`document_aliases`). Left out:
    non-actors (:func:`is_actor_name`: navigation text, bare abbreviations, generic words,
    adjectives of nationality), and organisations named only in headings and page furniture
    (:func:`heading_ranges`: a headline's words taken for an organisation).
    """
    types = {a.name: a.type for a in profile.actors} if profile else {}
    out: list[MentionSpan] = []
    full_names: dict[str, str] = {}
    officials: set[str] = set()  # people named with an office title ("Sen.", "Secretary", ...)
    roles: dict[str, str] = {}  # people said to be researchers or media (person_type_in_context)
    text = doc.text  # spaCy rebuilds Doc.text from its tokens at every access: read it once
    headings = heading_ranges(text)
    prose_cache: dict[str, bool] = {}
    people_tagged_org = person_names_tagged_org(doc.ents, text)

    def in_prose(name: str) -> bool:
        """Whether ``name`` occurs in the text outside headings."""
        if name not in prose_cache:
            prose_cache[name] = any(not any(a <= m.start() < b for a, b in headings)
                                    for m in re.finditer(re.escape(name), text))
        return prose_cache[name]

    for ent in doc.ents:
        if ent.ent_id_ and ent.ent_id_ in types:
            out.append(MentionSpan(ent.ent_id_, ent.label_, types[ent.ent_id_], ent.start_char, ent.end_char,
                                   ent.text, in_profile=True))
            continue
        if ent.label_ not in MENTION_LABELS:
            continue
        name = _clean(ent.text)
        label = ent.label_
        bare = TITLES.sub("", name) if label in ("PERSON", "ORG") else name
        if label == "ORG" and ent.start_char in people_tagged_org:
            bare, label = people_tagged_org[ent.start_char], "PERSON"
        elif label == "ORG" and " of " in bare:
            bare = name = bare + _name_continued(doc, ent.end)
        if not is_actor_name(bare, label):
            continue
        if label == "ORG" and any(a <= ent.start_char < b for a, b in headings) and not in_prose(name):
            continue
        before = text[max(0, ent.start_char - 16):ent.start_char]
        titled = bool(OFFICE_TITLES.match(name)) or bool(_TITLE_BEFORE.search(before))
        parts = bare.split()
        if label == "PERSON" and len(parts) >= 2:
            full_names.setdefault(parts[-1], bare)
            name = full_names[parts[-1]]
        elif len(parts) == 1 and parts[0] in full_names:  # the model often tags a bare surname ORG
            name, label = full_names[parts[0]], "PERSON"
        elif label in ("PERSON", "ORG"):
            name = bare
        actor_type = actor_type_of(name, label)
        if actor_type == "company" and label == "PERSON":  # "Meridian Cloud" tagged PERSON
            label = "ORG"
        if label == "PERSON" and titled:
            officials.add(name)
        elif label == "PERSON" and name not in roles:
            role = person_type_in_context(text, ent.start_char, ent.end_char)
            if role:
                roles[name] = role
        if name in officials:
            actor_type = "official"
        out.append(MentionSpan(name, label, actor_type, ent.start_char, ent.end_char, ent.text))
    if roles:  # every mention of the person, the ones before the words that say what they are too
        out = [replace(m, actor_type=roles[m.name]) if m.actor_type == "person" and m.name in roles else m
               for m in out]
    aliases = document_aliases({m.name: m.label for m in out if not m.in_profile})
    if aliases:
        kinds = {m.name: (m.label, m.actor_type) for m in out}
        out = [MentionSpan(aliases[m.name], *kinds[aliases[m.name]], m.start, m.end, m.text) if m.name in aliases
               else m for m in out]
    return out
