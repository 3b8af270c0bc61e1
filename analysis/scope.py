"""Which claims of a document are in the debate's scope, and so get stances.

A page is kept when it has dispute passages (see :class:`corpus.profile.Relevance`); a daily digest
covering forty stories is kept for one of them, and the claims of the other thirty-nine are not
about the debate: they get no stance.
"""

from __future__ import annotations

import bisect

#: A document with this share of dispute passages (or this few paragraphs) is about the debate
#: throughout; in a longer one, only claims near a dispute passage are in scope for stances.
WHOLE_DOCUMENT_SHARE = 0.10
WHOLE_DOCUMENT_PARAGRAPHS = 40
#: Paragraphs around a dispute passage whose claims are in scope.
SCOPE_WINDOW = 2


def claims_in_scope(text: str, claims, relevance) -> list[bool]:
    """Which claims of a document are in the debate's scope, and so get stances.

    A document that is about the debate throughout (dispute passages make up at least
    :data:`WHOLE_DOCUMENT_SHARE` of its paragraphs, or it has at most
    :data:`WHOLE_DOCUMENT_PARAGRAPHS`) has every claim in scope; in a longer one (a daily digest
    covering forty stories) only claims within :data:`SCOPE_WINDOW` paragraphs of a dispute
    passage are. ``relevance`` is the profile's :class:`corpus.profile.Relevance`.
    """
    if not claims:
        return []
    starts, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(offset)
        offset += len(line) + 1
    hits = relevance.dispute_passages(text)
    if len(starts) <= WHOLE_DOCUMENT_PARAGRAPHS or len(hits) >= WHOLE_DOCUMENT_SHARE * len(starts):
        return [True] * len(claims)
    near = {j for h in hits for j in range(h - SCOPE_WINDOW, h + SCOPE_WINDOW + 1)}
    return [bisect.bisect_right(starts, c.sentence_start) - 1 in near for c in claims]
