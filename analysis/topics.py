"""Themes: BERTopic over passages of relevant documents, seeded, with readable labels.

BERTopic (Grootendorst 2022, arXiv:2203.05794) clusters sentence embeddings (UMAP, then HDBSCAN)
and names each cluster by class-based TF-IDF. Here:

- *Passages* (paragraphs), not whole documents, are modelled; an outlet's boilerplate (lines and
  sentences it repeats across its documents, :mod:`analysis.boilerplate`) is stripped first, so a
  newsletter's masthead does not become a theme.
- UMAP/HDBSCAN settings scale with the corpus (BERTopic's defaults put every passage of a small
  corpus in the outlier topic, and made 2 topics of 3,000 digest paragraphs: measured by
  ``benchmarks/topics.py``); outliers are reassigned to their nearest theme by embedding when the
  cosine similarity is at least :data:`OUTLIER_SIMILARITY`.
- Labels come from BERTopic's ``KeyBERTInspired`` representation (candidate words of c-TF-IDF
  re-ranked by similarity to the theme's representative passages, with the same sentence model),
  built from its best one or two key phrases in the case the passages write them ("Fraudulent
  accounts and export controls", not "accounts, models, ai, deepseek"). The terms stored beside
  them (and scored by the benchmark) are the theme's c-TF-IDF words, each word kept in the few
  themes where it weighs most (:func:`theme_terms`), counted over the passages HDBSCAN put in the
  theme, not the outliers reassigned to it afterwards (they are the theme's fringe: on the
  digests, NPMI 0.002 -> 0.020 and diversity 0.86 -> 0.87 against all members), and by the
  passages that hold them rather than their occurrences (NPMI 0.009 -> 0.046).
- Stable: the passages are put in one canonical order (by text) before anything is fitted, and
  UMAP runs with ``random_state=seed`` (single-threaded), so the same passages give the same
  themes and labels whatever the order of the documents in the store (a crawl stores them in the
  order pages arrive). Each theme keeps its centroid, so later documents are *assigned* to the
  existing themes (:func:`assign`) instead of refitting; a refit is asked for explicitly
  (``debatelens analyze --refit-themes``).
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
#: Cosine similarity to a theme's centroid (unit vectors of all-MiniLM-L6-v2) from which an
#: outlier passage, or a passage of a later document, is put in that theme; below it, the passage
#: stays an outlier (-1). Chosen on the AI-news digests with benchmarks/topics.py.
OUTLIER_SIMILARITY = 0.3
#: Terms kept per theme.
#: Cap of HDBSCAN's ``min_cluster_size`` (reached from 1,600 passages). On the 3,000 digest
#: passages of ``benchmarks/topics.py`` the cap sets how fine the themes are: 15 gave 44 themes
#: of NPMI 0.045 (seed 7: 0.041), 25 gave 23 themes of 0.059, 40 gives 16 of 0.070 (seed 7: 15
#: of 0.075), diversity 0.86-0.87 and 1-3% outliers throughout: fewer, broader themes whose
#: words occur together. Corpora under 600 passages (a week of a debate) are not affected.
MAX_CLUSTER_SIZE = 40
TOP_TERMS = 10
#: A word is kept among the terms of at most this many themes: those where a term holding it weighs
#: most (c-TF-IDF). A word ranked high in many themes ("model", "release", "users" in AI news)
#: otherwise repeats in every list (diversity of the top 10 words 0.74 on the digests); dropping
#: such words from all themes instead also drops what co-occurs best with each theme's other words
#: (NPMI -0.048 where keeping each in its best theme gives -0.035; benchmarks/topics.py).
THEMES_PER_WORD = 2


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
    """Themes found or assigned.

    Attributes:
        topics: one dict per theme: number (-1 is the outliers), label, terms (list of str, best
            first), size (passages), example (the passage nearest the centroid), centroid (unit
            vector as a list of floats; empty for the outliers).
        assignments: document id -> {theme number -> passages of that document in it}.
    """

    topics: list[dict]
    assignments: dict[int, dict[int, int]]


def _backend(embedder):
    """A BERTopic embedding backend over any ``encode(list[str]) -> (n, dim)`` embedder (the run's
    :class:`analysis.embeddings.Embedder`), for the KeyBERTInspired representation. (BERTopic
    would wrap a bare SentenceTransformer itself; this also takes the stand-ins of the tests.)"""
    from bertopic.backend import BaseEmbedder

    class EncoderBackend(BaseEmbedder):
        def embed(self, documents, verbose=False):
            return embedder.encode(list(documents))

    return EncoderBackend()


def build_topic_model(n_passages: int, *, seed: int = 42, min_topic_size: int | None = None, embedder=None):
    """A BERTopic model whose UMAP/HDBSCAN settings suit ``n_passages`` passages.

    ``min_cluster_size`` is ``max(3, n/40)`` capped at :data:`MAX_CLUSTER_SIZE` (or
    ``min_topic_size``); UMAP uses
    ``n_neighbors=min(15, n-1)``, 5 components, cosine metric, ``random_state=seed`` (reproducible,
    single-threaded). Stop words are removed from the topic terms (English list of scikit-learn),
    and c-TF-IDF damps words frequent in every theme (``reduce_frequent_words``). With an
    ``embedder``, representation is ``KeyBERTInspired`` (applied by :class:`ThemeModel` after the
    outliers are reassigned).
    """
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    size = min_topic_size or int(min(MAX_CLUSTER_SIZE, max(3, n_passages // 40)))
    umap_model = UMAP(n_neighbors=max(2, min(15, n_passages - 1)), n_components=5, min_dist=0.0,
                      metric="cosine", random_state=seed)
    hdbscan_model = HDBSCAN(min_cluster_size=size, min_samples=max(1, size // 2), metric="euclidean",
                            cluster_selection_method="eom", prediction_data=True)
    vectorizer = CountVectorizer(stop_words="english", ngram_range=(1, 2), min_df=1,
                                 token_pattern=r"(?u)\b[A-Za-z][A-Za-z0-9\-\.]+\b")
    return BERTopic(umap_model=umap_model, hdbscan_model=hdbscan_model, vectorizer_model=vectorizer,
                    ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
                    embedding_model=_backend(embedder) if embedder is not None else None,
                    min_topic_size=size, calculate_probabilities=False, verbose=False)


def _surface(term: str, texts: list[str]) -> str | None:
    """``term`` (lower-cased by the vectorizer) in the case the texts write it most often
    ("deepseek" -> "DeepSeek"); ``None`` when no text has its words together (the vectorizer
    joins words across punctuation: "DeepSeek, Moonshot" gives the term "deepseek moonshot")."""
    pattern = re.compile(r"\b" + r"[\s\-]+".join(map(re.escape, term.split())) + r"\b", re.IGNORECASE)
    forms = Counter(m.group(0) for t in texts for m in pattern.finditer(t))
    return forms.most_common(1)[0][0] if forms else None


#: Words that make a poor theme label however often they occur: verbs of saying ("Google
#: said"), which c-TF-IDF ranks high in news passages, where every paragraph quotes someone.
_LABEL_STOP = frozenset({"said", "says", "say", "told", "according", "added", "wrote", "stated",
                         "asked", "noted", "argued", "claimed"})


def readable_label(terms: list[str], texts: list[str]) -> str:
    """A theme's label from its terms (best first): its best key phrase (a two-word term among
    the first three, else the first term) and the next term that shares no word with it, in the
    case ``texts`` write them, joined by "and" ("Fraudulent accounts and export controls"). A
    term is a candidate only when the texts write its words together and it has no verb of
    saying (:data:`_LABEL_STOP`); when no term is, the first term as it is."""
    if not terms:
        return ""
    fit = [t for t in terms if not _LABEL_STOP & set(t.split()) and _surface(t, texts) is not None]
    if not fit:
        return terms[0][:1].upper() + terms[0][1:]
    head = next((t for t in fit[:3] if " " in t), fit[0])
    words = set(head.split())
    other = next((t for t in fit if t != head and not words & set(t.split())
                  and t not in head and head not in t), None)
    parts = [_surface(head, texts)] + ([_surface(other, texts)] if other else [])
    label = " and ".join(parts)
    return label[:1].upper() + label[1:]


def _canonical_order(passages_by_doc: list[tuple[int, str]]) -> list[int]:
    """Indices of ``passages_by_doc`` in one order that does not depend on the store's ids: by
    passage text, then document id (two documents with one passage)."""
    return sorted(range(len(passages_by_doc)), key=lambda i: (passages_by_doc[i][1], passages_by_doc[i][0]))


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


class NoThemes:
    """The do-nothing theme model."""

    name = "none"

    def fit(self, passages_by_doc, embeddings) -> TopicResult:
        """No themes."""
        return TopicResult(topics=[], assignments={})


class ThemeModel:
    """Fit BERTopic on passages and report themes (label, terms, example, centroid) and
    per-document counts.

    Args:
        seed: random seed of UMAP (default 42).
        embedder: the sentence embedder of the passages (``encode(list[str]) -> (n, dim)``), used
            by KeyBERTInspired to rank candidate terms; ``None``: c-TF-IDF terms.
        min_topic_size: override the scaled HDBSCAN ``min_cluster_size``.
        reduce_outliers: reassign outlier passages to the nearest theme by embedding when the
            cosine similarity is at least ``outlier_similarity`` (default True).
        outlier_similarity: see :data:`OUTLIER_SIMILARITY`.
    """

    name = "bertopic"

    def __init__(self, *, seed: int = 42, embedder=None, min_topic_size: int | None = None,
                 reduce_outliers: bool = True, outlier_similarity: float = OUTLIER_SIMILARITY) -> None:
        self.seed, self.embedder, self.min_topic_size = seed, embedder, min_topic_size
        self.reduce_outliers, self.outlier_similarity = reduce_outliers, outlier_similarity

    def fit(self, passages_by_doc: list[tuple[int, str]], embeddings: np.ndarray) -> TopicResult:
        """Fit on ``passages_by_doc`` (document id, passage text), with their ``embeddings``
        (shape ``(n, dim)``, unit rows). Fewer than :data:`MIN_PASSAGES` passages give no themes.

        The result does not depend on the order of the input (see :func:`_canonical_order`).
        """
        n = len(passages_by_doc)
        if n < MIN_PASSAGES:
            return TopicResult(topics=[], assignments={})
        order = _canonical_order(passages_by_doc)
        items = [passages_by_doc[i] for i in order]
        vectors = np.asarray(embeddings, dtype=np.float32)[order]
        docs = [p for _, p in items]
        model = build_topic_model(n, seed=self.seed, min_topic_size=self.min_topic_size, embedder=self.embedder)
        labels, _ = model.fit_transform(docs, embeddings=vectors)
        labels = [int(x) for x in labels]
        core = list(labels)  # HDBSCAN's own members, before outliers are reassigned
        if self.reduce_outliers and -1 in labels and len(set(labels)) > 1:
            labels = [int(x) for x in model.reduce_outliers(docs, labels, strategy="embeddings", embeddings=vectors,
                                                              threshold=self.outlier_similarity)]
        representation = None
        if self.embedder is not None:  # KeyBERTInspired as a second aspect, for the labels
            from bertopic.representation import KeyBERTInspired

            representation = {"KeyBERT": KeyBERTInspired(top_n_words=TOP_TERMS, nr_repr_docs=5,
                                                         nr_candidate_words=40)}
        model.update_topics(docs, topics=labels, top_n_words=3 * TOP_TERMS, vectorizer_model=model.vectorizer_model,
                            ctfidf_model=model.ctfidf_model, representation_model=representation)
        candidates = theme_terms(docs, core, model.vectorizer_model)
        keybert = getattr(model, "topic_aspects_", {}).get("KeyBERT", {})
        sizes = Counter(labels)
        members: dict[int, list[int]] = defaultdict(list)
        for i, number in enumerate(labels):
            members[number].append(i)
        topics = []
        for number in sorted(sizes):
            idx = members[number]
            if number == -1:
                topics.append({"number": -1, "label": "outliers", "terms": [], "size": len(idx),
                               "example": "", "centroid": []})
                continue
            centroid = _unit(vectors[idx].mean(axis=0))
            nearest = idx[int(np.argmax(vectors[idx] @ centroid))]
            terms = candidates.get(number, [])
            phrases = [w for w, _ in keybert.get(number, []) if w] or terms
            near = [docs[i] for i in sorted(idx, key=lambda i: -float(vectors[i] @ centroid))[:20]]
            topics.append({"number": number, "label": readable_label(phrases, near)[:500], "terms": terms,
                           "size": len(idx), "example": docs[nearest],
                           "centroid": [round(float(x), 6) for x in centroid]})
        return TopicResult(topics=topics, assignments=_count(items, labels))


def theme_terms(docs: list[str], labels: list[int], vectorizer, *, top_n: int = TOP_TERMS,
                themes_per_word: int = THEMES_PER_WORD) -> dict[int, list[str]]:
    """Each theme's ``top_n`` terms: its c-TF-IDF ranking (BERTopic's ``ClassTfidfTransformer``
    with BM25 weighting) over the number of the theme's passages that hold a term, not its
    number of occurrences, a word kept in the terms of the ``themes_per_word`` themes where a
    term holding it weighs most (:data:`THEMES_PER_WORD`).

    Counting passages, a word repeated in one or two passages (a product name in a changelog, a
    handle in a thread) no longer outweighs the words most of the theme's passages share, which
    are the ones that occur together: on the AI-news digests (``benchmarks/topics.py``, seeds 42
    and 7) NPMI 0.009 -> 0.046 and 0.008 -> 0.041, diversity 0.89 -> 0.87 and 0.88 -> 0.86
    (occurrences with BM25: 0.009 -> -0.024; passages without it: 0.043).

    These are the terms stored and scored (NPMI, diversity); the labels come from the
    KeyBERTInspired aspect (:class:`ThemeModel`).

    Args:
        docs: the passages; labels: their theme numbers (-1, the outliers, has no terms).
        vectorizer: a scikit-learn ``CountVectorizer`` (a clone is fitted on ``docs``).

    Returns:
        theme number -> terms (str, one or two words as the vectorizer makes them), best first,
        ties in the order of the terms, as many as hold ``top_n`` distinct words (fewer only when
        the theme's passages hold fewer); a term whose words all come earlier is left out.
    """
    import scipy.sparse as sp
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.base import clone

    numbers = sorted(set(labels) - {-1})
    if not numbers:
        return {}
    vectorizer = clone(vectorizer).set_params(binary=True)  # a passage counts a term once
    counts = sp.csr_matrix(vectorizer.fit_transform(docs))
    names = vectorizer.get_feature_names_out()
    lab = np.asarray(labels)
    classes = sp.csr_matrix(np.vstack([np.asarray(counts[lab == n].sum(axis=0)).ravel() for n in numbers]))
    weights = sp.csr_matrix(ClassTfidfTransformer(bm25_weighting=True).fit(classes).transform(classes))
    ranked: dict[int, list[tuple[str, float]]] = {}
    for i, number in enumerate(numbers):
        cols = weights.indices[weights.indptr[i]:weights.indptr[i + 1]]
        w = weights.data[weights.indptr[i]:weights.indptr[i + 1]]
        order = sorted(range(len(cols)), key=lambda k: (-w[k], names[cols[k]]))
        ranked[number] = [(str(names[cols[k]]), float(w[k])) for k in order]
    # word -> its weight in each theme (the best term holding it among the theme's first 3 * top_n)
    weight_of: dict[str, dict[int, float]] = defaultdict(dict)
    for number, terms in ranked.items():
        for term, w in terms[:3 * top_n]:
            for word in term.split():
                weight_of[word].setdefault(number, w)
    homes = {word: {n for n, _ in sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))[:themes_per_word]}
             for word, by in weight_of.items()}
    out: dict[int, list[str]] = {}
    for n, terms in ranked.items():
        kept: list[str] = []
        words: set[str] = set()
        for term, _ in terms:
            parts = set(term.split())
            # a term of words already shown ("code" after "claude code") adds nothing
            if len(words) >= top_n:
                break
            if all(n in homes.get(w, {n}) for w in parts) and not parts <= words:
                kept.append(term)
                words |= parts
        out[n] = kept
    return out


def _count(items: list[tuple[int, str]], labels: list[int]) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for (doc_id, _), number in zip(items, labels):
        out[doc_id][number] = out[doc_id].get(number, 0) + 1
    return dict(out)


def assign(passages_by_doc: list[tuple[int, str]], embeddings: np.ndarray, centroids: dict[int, list[float]], *,
           min_similarity: float = OUTLIER_SIMILARITY) -> TopicResult:
    """Put passages of new documents in the existing themes: each in the theme of the nearest
    centroid (cosine), or the outliers (-1) when no centroid is at least ``min_similarity``.

    Args:
        passages_by_doc: (document id, passage text).
        embeddings: their unit vectors, shape ``(n, dim)``, of the model that made the centroids.
        centroids: theme number -> unit centroid (the stored themes; the outliers have none).

    Returns:
        a :class:`TopicResult` with no topics and the assignments; per theme, sizes are the
        callers' to add.

    Raises:
        ValueError: the embeddings and the centroids have different dimensions.
    """
    numbers = sorted(k for k, v in centroids.items() if v)
    if not passages_by_doc:
        return TopicResult(topics=[], assignments={})
    if not numbers:
        return TopicResult(topics=[], assignments=_count(passages_by_doc, [-1] * len(passages_by_doc)))
    matrix = np.asarray([centroids[k] for k in numbers], dtype=np.float32)
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.shape[1] != matrix.shape[1]:
        raise ValueError(f"embeddings have {vectors.shape[1]} dimensions, the stored themes {matrix.shape[1]}")
    sims = vectors @ matrix.T
    best = sims.argmax(axis=1)
    labels = [numbers[b] if sims[i, b] >= min_similarity else -1 for i, b in enumerate(best)]
    return TopicResult(topics=[], assignments=_count(passages_by_doc, labels))
