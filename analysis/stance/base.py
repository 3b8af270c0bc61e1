"""What every stance model returns, and the model that returns nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Labels of the labelled statements (:mod:`analysis.stance.labels`).
LABELS = ("favor", "against", "neutral", "unrelated")
#: Sides a stored stance can take; ``unclear`` is a related claim below the confidence floor.
STANCE_SIDES = ("favor", "against", "neutral", "unclear")


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
