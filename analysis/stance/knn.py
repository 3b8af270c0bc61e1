"""The example baseline: nearest labelled examples of the profile in an embedding space.

Kept as the baseline every trained model is compared with (``benchmarks/stance.py``).
Method (no NLI model ships on PyPI): nearest labelled examples in a
sentence-embedding space. For each proposition the profile gives example statements for and
against. A claim is *related* to a proposition when its cosine similarity to the proposition or
to any example reaches ``relatedness_threshold``; its score is the mean similarity to the ``k``
closest favour examples minus that to the ``k`` closest against examples (in [-1, 1]); the label
is favor / against beyond ``margin``, neutral within it. Embedding similarity captures topic far
better than polarity, so expect related/unrelated to be more reliable than favor/against.
"""

from __future__ import annotations

import numpy as np

from corpus.profile import Proposition

from .base import StanceScore


class ExampleStance:
    """kNN stance over the profile's labelled examples (see the module docstring).

    Args:
        embedder: an object with ``encode(list[str]) -> (n, dim)`` unit vectors and a ``name``.
        propositions: the profile's propositions.
        k: examples averaged per side (default 2).
        relatedness_threshold: cosine below which a claim gets no stance (default 0.40, chosen
            on the demo sample: unrelated quotes score 0.1-0.3 with MiniLM).
        margin: |score| below which the label is neutral (default 0.03).
    """

    def __init__(self, embedder, propositions: tuple[Proposition, ...], *, k: int = 2,
                 relatedness_threshold: float = 0.40, margin: float = 0.03) -> None:
        self.embedder, self.k = embedder, k
        self.threshold, self.margin = relatedness_threshold, margin
        self.name = f"example-knn/{getattr(embedder, 'name', 'embedder')}/k{k}"
        self.keys = [p.key for p in propositions]
        self._anchor = [embedder.encode([p.text, *p.favor, *p.against]) for p in propositions]
        self._favor = [embedder.encode(list(p.favor)) for p in propositions]
        self._against = [embedder.encode(list(p.against)) for p in propositions]

    def _topk(self, sims: np.ndarray) -> np.ndarray:
        k = min(self.k, sims.shape[1])
        return np.sort(sims, axis=1)[:, -k:].mean(axis=1)

    def score(self, texts: list[str], *, vectors: np.ndarray | None = None,
              speakers: list[str] | None = None) -> list[list[StanceScore]]:
        """Stances of each text toward each related proposition.

        Args:
            texts: claim contents (or passages).
            vectors: precomputed unit embeddings of ``texts``, shape ``(len(texts), dim)``.
            speakers: ignored (the example model reads the text only).

        Returns:
            one list per text, holding a :class:`StanceScore` for each related proposition.
        """
        if not texts:
            return []
        v = vectors if vectors is not None else self.embedder.encode(texts)
        out: list[list[StanceScore]] = [[] for _ in texts]
        for key, anchor, favor, against in zip(self.keys, self._anchor, self._favor, self._against):
            related = (v @ anchor.T).max(axis=1)
            score = self._topk(v @ favor.T) - self._topk(v @ against.T)
            for i in np.flatnonzero(related >= self.threshold):
                s = float(score[i])
                label = "favor" if s > self.margin else "against" if s < -self.margin else "neutral"
                out[i].append(StanceScore(key, label, round(s, 4), round(float(related[i]), 4)))
        return out
