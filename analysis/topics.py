"""Themes: BERTopic over passages of relevant documents, seeded, tuned for small corpora.

BERTopic (Grootendorst 2022, arXiv:2203.05794) clusters sentence embeddings (UMAP, then HDBSCAN)
and names each cluster by class-based TF-IDF. Its defaults (``min_cluster_size=10``, UMAP
``n_neighbors=15``) put every document of a 12-document corpus in the outlier topic (measured), so
:func:`build_topic_model` scales them to the corpus, models *passages* (paragraphs) rather than
whole documents, and reassigns outliers to their nearest topic by embedding. Embeddings are
computed once and passed in (``embeddings=``), as BERTopic allows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

#: Passages shorter than this many characters are merged with the next paragraph.
MIN_PASSAGE_CHARS = 200
#: Passages are cut at this many characters (on a sentence end when possible).
MAX_PASSAGE_CHARS = 1200
#: Fewer passages than this: no topic model is fitted (recorded in the run counts).
MIN_PASSAGES = 12


def passages(text: str, *, min_chars: int = MIN_PASSAGE_CHARS, max_chars: int = MAX_PASSAGE_CHARS) -> list[str]:
    """Split a document body into passages: paragraphs (``\\n``-separated), short ones merged,
    long ones cut at a sentence end near ``max_chars``. Returns non-empty strings."""
    out: list[str] = []
    buf = ""
    for para in (p.strip() for p in re.split(r"\n+", text)):
        if not para:
            continue
        buf = f"{buf} {para}".strip()
        while len(buf) > max_chars:
            cut = buf.rfind(". ", 0, max_chars)
            cut = cut + 1 if cut > min_chars else max_chars
            out.append(buf[:cut].strip())
            buf = buf[cut:].strip()
        if len(buf) >= min_chars:
            out.append(buf)
            buf = ""
    if buf:
        if out and len(buf) < min_chars // 2:
            out[-1] = f"{out[-1]} {buf}"
        else:
            out.append(buf)
    return out


@dataclass(frozen=True)
class TopicResult:
    """Topics found: ``topics`` (number, label, terms, size) and per-document passage counts."""

    topics: list[dict]
    assignments: dict[int, dict[int, int]]


def build_topic_model(n_passages: int, *, seed: int = 42, min_topic_size: int | None = None):
    """A BERTopic model whose UMAP/HDBSCAN settings suit ``n_passages`` passages.

    ``min_cluster_size`` is ``max(3, n/40)`` capped at 15 (or ``min_topic_size``); UMAP uses
    ``n_neighbors=min(15, n-1)``, 5 components, cosine metric, ``random_state=seed`` (reproducible,
    single-threaded). Stop words are removed from the topic terms (English list of scikit-learn).
    """
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    size = min_topic_size or int(min(15, max(3, n_passages // 40)))
    umap_model = UMAP(n_neighbors=max(2, min(15, n_passages - 1)), n_components=5, min_dist=0.0,
                      metric="cosine", random_state=seed)
    hdbscan_model = HDBSCAN(min_cluster_size=size, min_samples=max(1, size // 2), metric="euclidean",
                            cluster_selection_method="eom", prediction_data=True)
    vectorizer = CountVectorizer(stop_words="english", ngram_range=(1, 2), min_df=1,
                                 token_pattern=r"(?u)\b[A-Za-z][A-Za-z0-9\-\.]+\b")
    return BERTopic(umap_model=umap_model, hdbscan_model=hdbscan_model, vectorizer_model=vectorizer,
                    min_topic_size=size, calculate_probabilities=False, verbose=False)


class NoThemes:
    """The do-nothing theme model."""

    name = "none"

    def fit(self, passages_by_doc, embeddings) -> TopicResult:
        return TopicResult(topics=[], assignments={})


class ThemeModel:
    """Fit BERTopic on passages and report topics and per-document counts.

    Args:
        seed: random seed of UMAP (default 42).
        min_topic_size: override the scaled HDBSCAN ``min_cluster_size``.
        reduce_outliers: reassign outlier passages to the nearest topic by embedding (default True).
    """

    name = "bertopic"

    def __init__(self, *, seed: int = 42, min_topic_size: int | None = None, reduce_outliers: bool = True) -> None:
        self.seed, self.min_topic_size, self.reduce_outliers = seed, min_topic_size, reduce_outliers

    def fit(self, passages_by_doc: list[tuple[int, str]], embeddings: np.ndarray) -> TopicResult:
        """Fit on ``passages_by_doc`` (document id, passage text), with their ``embeddings``
        (shape ``(n, dim)``). Fewer than :data:`MIN_PASSAGES` passages give no topics."""
        n = len(passages_by_doc)
        if n < MIN_PASSAGES:
            return TopicResult(topics=[], assignments={})
        docs = [p for _, p in passages_by_doc]
        model = build_topic_model(n, seed=self.seed, min_topic_size=self.min_topic_size)
        labels, _ = model.fit_transform(docs, embeddings=embeddings)
        if self.reduce_outliers and -1 in labels and len(set(labels)) > 1:
            labels = model.reduce_outliers(docs, labels, strategy="embeddings", embeddings=embeddings)
            model.update_topics(docs, topics=labels, vectorizer_model=model.vectorizer_model)
        sizes = Counter(labels)
        topics = []
        for number in sorted(sizes):
            words = [w for w, _ in (model.get_topic(number) or [])][:10]
            label = ", ".join(words[:4]) if number != -1 else "outliers"
            topics.append({"number": int(number), "label": label, "terms": words, "size": int(sizes[number])})
        assignments: dict[int, dict[int, int]] = defaultdict(dict)
        for (doc_id, _), number in zip(passages_by_doc, labels):
            assignments[doc_id][int(number)] = assignments[doc_id].get(int(number), 0) + 1
        return TopicResult(topics=topics, assignments=dict(assignments))
