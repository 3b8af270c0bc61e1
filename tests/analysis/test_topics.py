"""analysis.topics: passages, and BERTopic settings that work on a small corpus."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.topics import MIN_PASSAGES, NoThemes, ThemeModel, passages


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
    labels = " ".join(t["label"] for t in result.topics)
    assert "export" in labels and "distillation" in labels
    assert sum(t["size"] for t in result.topics) == 30
    # each document's passages are counted under its topic
    assert all(sum(c.values()) == 1 for c in result.assignments.values())
