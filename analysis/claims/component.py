"""The spaCy component (``nlp.add_pipe(FACTORY)``) and :func:`claims_from_text`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple

from spacy.language import Language
from spacy.tokens import Doc

from .cues import DEFAULT_CUE_VERBS
from .extract import extract_claims
from .model import Claim


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
