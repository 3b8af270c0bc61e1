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

6. Also: nouns of statement and intention ("X's claim that ...", :data:`~analysis.claims.cues.
   NOMINAL_CUES`); verbs of attitude with a noun-phrase content ("cited X", "attacked X as Y",
   "spoke about X", "accused Y of Z"); colon attribution ("X states: ..."); a dash line under a
   quotation and a "Name, title:" line above one; multi-paragraph quotations; channels in
   ``Claim.via`` (:mod:`~analysis.claims.channels`); non-claims dropped
   (:mod:`~analysis.claims.filters`); the author's own positions in opinion pieces
   (:func:`authorial_claims`, kind ``"authorial"``).

On PolNeAR's dev split (``benchmarks/attribution.py``, en_core_web_sm 3.8.0 through
:func:`analysis.nlp.load_spacy`), 2026-12-04: precision 0.852, recall 0.677, F1 0.755, speaker
span right in 0.954 of matched claims; recall 0.924 of direct quotations, 0.604 of other
indirect attributions, 0.889 of "according to", 0.747 of nominal sources (at the first measure:
0.825, 0.573, 0.676, 0.944). On the leads of 35 real news pages (``benchmarks/claims_real.py``,
70 attributions labelled by hand): 0.914 found, 0.871 with the right speaker. A relative pronoun stays the speaker span ("who", as PolNeAR marks it);
:func:`analysis.speakers.resolve_speakers` gives the name it, a pronoun or a nominal refers to.
Known weaknesses: verbs outside the lexicons ("seem", "have questions about"), nested
attributions (PolNeAR splits "X says Y promised Z"), a wrong parse gives a wrong boundary.
"""

from __future__ import annotations

from .authorial import AUTHORIAL_KINDS, authorial_claims
from .component import FACTORY, ClaimExtractor, claims_from_text
from .cues import DEFAULT_CUE_VERBS, XCOMP_CUE_VERBS
from .extract import extract_claims
from .filters import MIN_CONTENT_WORDS, drop_non_claims, non_claim_reason
from .model import Claim
from .quotations import _quotations

__all__ = [
    "AUTHORIAL_KINDS",
    "DEFAULT_CUE_VERBS",
    "MIN_CONTENT_WORDS",
    "FACTORY",
    "XCOMP_CUE_VERBS",
    "Claim",
    "ClaimExtractor",
    "authorial_claims",
    "claims_from_text",
    "drop_non_claims",
    "extract_claims",
    "non_claim_reason",
]
