"""analysis.topics: passages, BERTopic settings that work on a small corpus, readable labels,
stable themes (the same passages in any order give the same themes), and assignment of later
passages to the stored themes."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.topics import MIN_PASSAGES, NoThemes, ThemeModel, assign, passages, readable_label


def test_passages_merge_short_paragraphs_and_cut_long_ones():
    text = "Short one.\nAnother short line.\n" + ("A sentence that goes on for a while. " * 60)
    parts = passages(text, min_chars=100, max_chars=500)
    assert all(len(p) <= 500 for p in parts)
    assert parts[0].startswith("Short one. Another short line.")
    assert "".join(parts).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_too_few_passages_give_no_topics():
    items = [(1, "a passage")] * (MIN_PASSAGES - 1)
    result = ThemeModel().fit(items, np.zeros((len(items), 4), dtype=np.float32))
    assert result.topics == [] and result.assignments == {}
    assert NoThemes().fit(items, None).topics == []


@pytest.mark.slow
def test_two_clear_themes_are_found_without_outliers():
    rng = np.random.default_rng(0)
    centres = np.eye(8, dtype=np.float32)[[0, 5]]
    texts, vectors = [], []
    for i in range(30):
        theme = i % 2
        texts.append((i, "export controls chips commerce rules" if theme == 0 else "fake accounts api distillation claude"))
        v = centres[theme] + rng.normal(0, 0.05, 8).astype(np.float32)
        vectors.append(v / np.linalg.norm(v))
    result = ThemeModel(seed=42).fit(texts, np.array(vectors))
    numbers = {t["number"] for t in result.topics}
    assert -1 not in numbers and len(numbers) == 2
    # each label is made of its theme's words (the words tie in weight: which of them lead is not
    # asserted), and the two themes' labels of different vocabularies
    vocabularies = [set("export controls chips commerce rules".split()), set("fake accounts api distillation claude".split())]
    homes = []
    for t in result.topics:
        words = set(t["label"].lower().split()) - {"and"}
        homes.append([k for k, v in enumerate(vocabularies) if words <= v])
        assert len(homes[-1]) == 1 and t["terms"]
        assert all(set(term.split()) <= vocabularies[homes[-1][0]] for term in t["terms"])
    assert sorted(h[0] for h in homes) == [0, 1]
    assert sum(t["size"] for t in result.topics) == 30
    # each document's passages are counted under its topic
    assert all(sum(c.values()) == 1 for c in result.assignments.values())


class KeywordEmbedder:
    """A stand-in sentence model: a text's vector counts the words of three vocabularies (plus a
    little of every word's hash), so texts of one vocabulary are near and words embed too."""

    name = "keywords"
    VOCABULARIES = (("export", "controls", "chips", "commerce", "rules", "licences"),
                    ("fake", "accounts", "api", "distillation", "claude", "harvest"),
                    ("scraped", "web", "copyright", "books", "hypocrisy", "consent"))

    def encode(self, texts):
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for i, text in enumerate(texts):
            words = text.lower().split()
            for k, vocabulary in enumerate(self.VOCABULARIES):
                out[i, k] = sum(w in vocabulary for w in words)
            for w in words:
                out[i, 3 + sum(map(ord, w)) % 5] += 0.05
            out[i] /= np.linalg.norm(out[i]) or 1.0
        return out


def corpus(n: int = 45) -> list[tuple[int, str]]:
    rng = np.random.default_rng(7)
    items = []
    for i in range(n):
        vocabulary = KeywordEmbedder.VOCABULARIES[i % 3]
        words = list(rng.choice(vocabulary, size=8)) + ["the", "and", "said"]
        items.append((i, " ".join(words)))
    return items


@pytest.mark.slow
def test_the_same_passages_in_another_order_give_the_same_themes():
    embedder = KeywordEmbedder()
    items = corpus()
    first = ThemeModel(seed=42, embedder=embedder).fit(items, embedder.encode([p for _, p in items]))
    shuffled = list(reversed(items))
    again = ThemeModel(seed=42, embedder=embedder).fit(shuffled, embedder.encode([p for _, p in shuffled]))
    strip = lambda r: [(t["number"], t["label"], t["terms"], t["size"], t["example"]) for t in r.topics]
    assert strip(first) == strip(again) and first.assignments == again.assignments
    assert len([t for t in first.topics if t["number"] != -1]) >= 3  # three vocabularies
    for t in first.topics:
        if t["number"] != -1:
            assert t["example"] and len(t["centroid"]) == 8 and t["label"][0].isupper()


def test_assign_puts_passages_in_the_nearest_theme_or_the_outliers():
    centroids = {0: [1.0, 0.0, 0.0], 1: [0.0, 1.0, 0.0]}
    vectors = np.array([[0.9, 0.1, 0.0], [0.1, 0.95, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
    result = assign([(10, "a"), (11, "b"), (11, "c")], vectors, centroids)
    assert result.assignments == {10: {0: 1}, 11: {1: 1, -1: 1}}
    assert assign([], vectors[:0], centroids).assignments == {}
    assert assign([(1, "a")], vectors[:1], {}).assignments == {1: {-1: 1}}
    with pytest.raises(ValueError, match="dimensions"):
        assign([(1, "a")], np.ones((1, 4), dtype=np.float32), centroids)


def test_labels_are_key_phrases_in_the_case_the_passages_write_them():
    texts = ["DeepSeek used fake accounts, Anthropic said.", "The fake accounts were closed by Anthropic."]
    assert readable_label(["accounts", "fake accounts", "anthropic", "deepseek"], texts) == "Fake accounts and Anthropic"
    assert readable_label(["deepseek"], texts) == "DeepSeek"
    assert readable_label([], texts) == ""
    # words the vectorizer joined across a comma, and a verb of saying, are no label
    listed = ["DeepSeek, Moonshot and MiniMax were named.", "Google said the traffic was automated."]
    assert readable_label(["deepseek moonshot", "google said", "traffic", "minimax"], listed) == "Traffic and MiniMax"
    assert readable_label(["google said"], listed) == "Google said"  # nothing better: the first term
