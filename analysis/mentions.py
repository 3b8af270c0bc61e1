"""Mentions: the entities of a parsed document, resolved to actors.

Profile actors (found by the entity_ruler, canonical name in ``ent.ent_id_``) keep their
canonical name and type; other people and organisations are named by their text, with a short
person name resolved to the full name seen earlier in the same document and the actor type guessed
from the label and office titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.profile import Profile

#: spaCy labels kept as mentions when the entity is not a profile actor.
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


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


#: Actor type guessed for entities outside the profile, by spaCy label (a place is not an actor:
#: "Washington" or "San Francisco" in a speaker phrase is rarely the government speaking).
GUESSED_TYPE = {"PERSON": "person", "ORG": "organization"}
#: Frequent false entities of news about AI (the small model tags them ORG or GPE).
NOT_ACTORS = frozenset({"ai", "api", "apis", "llm", "llms", "gpu", "gpus", "ceo", "cto", "tos", "kyc", "us",
                        "u.s", "u.s.", "the u.s.", "eu", "uk", "x", "twitter", "github", "reddit"})
#: Titles dropped before a person's name is resolved ("Sen. Calloway" -> "Calloway").
TITLES = re.compile(r"^(?:(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Prof|Gen|Judge|Justice|President|Senator|"
                    r"Representative|Chair|Chairman|Chairwoman|Secretary|Minister|Commissioner)\.?\s+)+")


_TITLE_BEFORE = re.compile(r"\b(?:Sen|Rep|Gov|Senator|Representative|Governor|President|Secretary|Minister|"
                           r"Commissioner|Chair|Chairman|Chairwoman|Director|Ambassador|Judge|Justice)\.?\s+$")


def _clean(text: str) -> str:
    name = " ".join(text.split()).strip(" .,'\"’“”")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if name[:4].lower() == "the " and len(name) > 4:  # "the Digital Rights Forum"
        name = name[4:]
    return name


def mentions(doc, profile: Profile | None) -> list[MentionSpan]:
    """Mentions of a parsed ``doc``: profile actors (resolved to canonical names and types) and
    other PERSON/ORG/GPE/NORP entities (named by their text; actor type guessed from the label,
    see :data:`GUESSED_TYPE`).

    Within one document a short person name is resolved to the full name seen for the same
    person ("Sen. Calloway", "Calloway" -> "Ruth Calloway"), as news style introduces a person
    once in full; a person named with an office title (:data:`TITLES`) is typed ``official``
    from then on. Entities in :data:`NOT_ACTORS` are skipped.
    """
    types = {a.name: a.type for a in profile.actors} if profile else {}
    out: list[MentionSpan] = []
    full_names: dict[str, str] = {}
    officials: set[str] = set()  # people named with an office title ("Sen.", "Secretary", ...)
    text = doc.text  # spaCy rebuilds Doc.text from its tokens at every access: read it once
    for ent in doc.ents:
        if ent.ent_id_ and ent.ent_id_ in types:
            out.append(MentionSpan(ent.ent_id_, ent.label_, types[ent.ent_id_], ent.start_char, ent.end_char,
                                   ent.text, in_profile=True))
            continue
        if ent.label_ not in MENTION_LABELS:
            continue
        name = _clean(ent.text)
        if len(name) < 2 or name.lower() in NOT_ACTORS:
            continue
        label = ent.label_
        bare = TITLES.sub("", name) if label in ("PERSON", "ORG") else name
        titled = bare != name or bool(_TITLE_BEFORE.search(text[max(0, ent.start_char - 16):ent.start_char]))
        parts = bare.split()
        if label == "PERSON" and len(parts) >= 2:
            full_names.setdefault(parts[-1], bare)
            name = full_names[parts[-1]]
        elif len(parts) == 1 and parts[0] in full_names:  # the model often tags a bare surname ORG
            name, label = full_names[parts[0]], "PERSON"
        elif label == "PERSON":
            name = bare
        if label == "PERSON" and titled:
            officials.add(name)
        actor_type = "official" if name in officials else GUESSED_TYPE.get(label)
        out.append(MentionSpan(name, label, actor_type, ent.start_char, ent.end_char, ent.text))
    return out

