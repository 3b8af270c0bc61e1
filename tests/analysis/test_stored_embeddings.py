"""Embeddings stored in the store: each text encoded once per model, shared by stance and themes."""

from __future__ import annotations

import numpy as np

from analysis.embeddings import StoredEmbeddings, text_sha256
from corpus import queries
from corpus.store import Store


class CountingEmbedder:
    """A deterministic embedder of our own that records every text it is asked to encode."""

    def __init__(self, name: str = "counting", dim: int = 8) -> None:
        self.name, self.dim, self.seen = name, dim, []

    def encode(self, texts):
        self.seen += list(texts)
        rows = []
        for t in texts:
            v = np.random.default_rng(int(text_sha256(t)[:8], 16)).normal(size=self.dim)
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


def test_each_text_is_encoded_once_and_read_back_identical(fresh_url):
    texts = ["the lab accused its rivals", "critics pointed to scraping", "the lab accused its rivals"]
    embedder = CountingEmbedder()
    with Store.open(fresh_url) as store:
        first = StoredEmbeddings(embedder, store).encode(texts)
        assert embedder.seen == texts[:2]  # the repeated text encoded once
        again = StoredEmbeddings(embedder, store)
        second = again.encode(list(reversed(texts)) + ["a new passage"])
        assert embedder.seen == texts[:2] + ["a new passage"]
        assert (again.hits, again.misses) == (2, 1)
        assert np.array_equal(second[:3], first[::-1])
        assert np.array_equal(first[0], embedder.encode([texts[0]])[0])
        with store.reading() as session:
            assert len(queries.embeddings(session, "counting", [text_sha256(t) for t in texts])) == 2


def test_another_model_does_not_read_the_first_ones_vectors(fresh_url):
    with Store.open(fresh_url) as store:
        StoredEmbeddings(CountingEmbedder("one"), store).encode(["a claim"])
        other = CountingEmbedder("two", dim=4)
        vectors = StoredEmbeddings(other, store).encode(["a claim"])
        assert other.seen == ["a claim"] and vectors.shape == (1, 4)


def test_writing_the_same_text_twice_keeps_one_row(fresh_url):
    from corpus import writes

    blob = np.ones(3, dtype="<f4").tobytes()
    with Store.open(fresh_url) as store:
        for _ in range(2):  # two workers that embedded the same passage
            with store.unit_of_work() as session:
                writes.add_embeddings(session, "m", {"ab" * 32: blob}, 3)
        with store.reading() as session:
            assert queries.embeddings(session, "m", ["ab" * 32]) == {"ab" * 32: blob}


def test_no_texts_and_the_null_embedder_touch_nothing(fresh_url):
    from analysis.embeddings import NoEmbedder

    with Store.open(fresh_url) as store:
        assert StoredEmbeddings(CountingEmbedder(), store).encode([]).shape[0] == 0
        assert StoredEmbeddings(NoEmbedder(), store).encode(["x"]).shape == (1, 0)
        with store.reading() as session:
            assert queries.embeddings(session, "none", [text_sha256("x")]) == {}
