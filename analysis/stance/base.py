"""What every stance model returns, and the model that returns nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Labels of the labelled statements (:mod:`analysis.stance.labels`).
LABELS = ("favor", "against", "neutral", "unrelated")
#: Sides a stored stance can take; ``unclear`` is a related claim below the confidence floor.
STANCE_SIDES = ("favor", "against", "neutral", "unclear")


#: First words of cues that only report ("said", "told reporters", "according to"): they add
#: nothing to the side a claim takes, so the model reads the content alone after them.
REPORTING_CUES = frozenset({
    "say", "said", "says", "saying", "tell", "told", "tells", "state", "stated", "states", "write", "wrote",
    "writes", "written", "add", "added", "adds", "explain", "explained", "explains", "according", "note",
    "noted", "notes", "announce", "announced", "announces", "report", "reported", "reports", "post", "posted",
    "posts", "comment", "commented", "comments", "respond", "responded", "responds", "reply", "replied",
    "replies", "continue", "continued", "continues", "remark", "remarked", "remarks", "put", "puts", "recall",
    "recalled", "recalls", "describe", "described", "describes", "mention", "mentioned", "mentions",
    "tweet", "tweeted", "tweets", "show", "showed", "shows", "shown", "detail", "detailed", "details",
    "disclose", "disclosed", "discloses", "publish", "published", "publishes",
})


def claim_text(cue: str | None, content: str) -> str:
    """The text the stance model reads for a claim: its content, after its cue when the cue is
    more than a reporting verb.

    A claim's side is often in its cue ("X *questioned whether* ...", "Y *dismissed* the report
    as ...", "Z *accused* them of ...") and the content alone reads the other way; a reporting
    cue ("said", "told the FT", "according to", a colon or dash) carries no side and is left out.

    Args:
        cue: the claim's cue as written (``""`` or ``None``: none).
        content: the claim's content.

    Returns:
        ``"<cue> <content>"`` or ``content``.
    """
    words = (cue or "").strip().split()
    if not words or not words[0][:1].isalpha() or words[0].lower() in REPORTING_CUES:
        return content
    return f"{' '.join(words)} {content}"


@dataclass(frozen=True)
class StanceScore:
    """One claim x proposition judgement.

    Attributes:
        proposition: the proposition's key.
        label: favor | against | neutral | unclear (``unclear``: the model's best side is below
            its confidence floor, so no side is claimed).
        score: P(favor) - P(against), in [-1, 1] (positive = favour); for the example model, the
            similarity difference to the closest favour and against examples.
        relatedness: P(related) = 1 - P(unrelated) for trained models; the best cosine similarity
            to the proposition's texts for the example model.
        probability: the calibrated probability of ``label`` (of the best side for ``unclear``).
        probabilities: every label's probability (``favor``, ``against``, ``neutral``,
            ``unrelated``), empty for models without probabilities.
    """

    proposition: str
    label: str
    score: float
    relatedness: float
    probability: float = 0.0
    probabilities: dict[str, float] = field(default_factory=dict, compare=False)


class NoStance:
    """The do-nothing stance model: scores nothing."""

    name = "none"

    def score(self, texts: list[str], *, vectors: np.ndarray | None = None,
              speakers: list[str] | None = None) -> list[list[StanceScore]]:
        """One empty list per text."""
        return [[] for _ in texts]
