"""analysis.stance: the nearest-example baseline, with a fake embedder and with the real model."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stance import ExampleStance, NoStance
from corpus.profile import Proposition

PROP = Proposition(key="p", text="Copying a model through fake accounts is theft.",
                   favor=("copying a model is theft", "fake accounts are fraud"),
                   against=("learning from outputs is fair", "distillation is normal practice"))


class WordEmbedder:
    """Bag-of-words unit vectors over a tiny vocabulary: similarity = shared words."""

    name = "bow"
    vocab = ["copying", "model", "theft", "fake", "accounts", "fraud", "learning", "outputs", "fair",
             "distillation", "normal", "practice", "weather", "rain", "is", "a", "are", "from", "through"]

    def encode(self, texts):
        rows = []
        for text in texts:
            words = text.lower().replace(".", "").split()
            v = np.array([float(w in words) for w in self.vocab])
            rows.append(v / (np.linalg.norm(v) or 1.0))
        return np.array(rows, dtype=np.float32)


def test_labels_follow_the_nearest_examples():
    model = ExampleStance(WordEmbedder(), (PROP,), k=1, relatedness_threshold=0.3, margin=0.05)
    favor, against, unrelated = model.score(["copying a model is theft and fraud",
                                             "learning from outputs is fair practice",
                                             "rain and weather"])
    assert [s.label for s in favor] == ["favor"] and favor[0].score > 0
    assert [s.label for s in against] == ["against"] and against[0].score < 0
    assert unrelated == []  # below the relatedness threshold: no stance at all
    assert model.name.startswith("example-knn/bow")


def test_precomputed_vectors_give_the_same_result():
    embedder = WordEmbedder()
    model = ExampleStance(embedder, (PROP,), k=1, relatedness_threshold=0.3)
    texts = ["fake accounts are fraud", "distillation is normal practice"]
    assert model.score(texts) == model.score(texts, vectors=embedder.encode(texts))


def test_no_stance_scores_nothing():
    assert NoStance().score(["a", "b"]) == [[], []]


@pytest.mark.slow
def test_real_embedder_relates_claims_to_the_right_proposition():
    from analysis.embeddings import Embedder
    from corpus.profile import load_profile

    profile = load_profile()
    model = ExampleStance(Embedder(), profile.propositions)
    # Sentences written for this test, not taken from the profile's examples.
    results = model.score([
        "Using thousands of bogus accounts to copy another lab's chatbot is simply stealing its work.",
        "Washington ought to demand identity checks before foreign firms can query American AI systems.",
        "The bakery on Elm Street will open an hour earlier on Saturdays.",
    ])
    best = [max(r, key=lambda s: s.relatedness).proposition if r else None for r in results]
    assert best == ["distillation-is-theft", "government-should-restrict", None]
