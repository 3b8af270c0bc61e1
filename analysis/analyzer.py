"""The analysis stages as swappable parts, assembled in one place.

As BERTopic takes ``embedding_model``, ``umap_model``, ``hdbscan_model``, an :class:`Analyzer`
takes its four parts, each described by a Protocol with a do-nothing default:

- ``nlp``: a spaCy ``Language`` whose pipeline ends with the claims component (sentences,
  entities, parses, ``doc._.claims``); required, there is no useful analysis without it;
- ``embedder``: ``encode(list[str]) -> (n, dim)`` unit vectors (default :class:`NoEmbedder`);
- ``stance``: ``score(texts, vectors=...) -> list[list[StanceScore]]`` (default :class:`NoStance`);
- ``themes``: ``fit(passages_by_doc, vectors) -> TopicResult`` (default :class:`NoThemes`).

:func:`build_analyzer` builds the real parts from the settings and the profile; tests build one
per session and pass it to :func:`analysis.run.analyze`, which then loads no model of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Protocol, runtime_checkable

import numpy as np

from corpus.profile import Profile
from corpus.settings import Settings

from .embeddings import NoEmbedder
from .stance import NoStance, StanceScore
from .topics import NoThemes, TopicResult


@runtime_checkable
class EmbedderLike(Protocol):
    """Sentence embeddings: ``name`` and ``encode(texts) -> float32 (len(texts), dim)``, unit length."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


@runtime_checkable
class StanceLike(Protocol):
    """Stance toward the profile's propositions: ``name`` and ``score``."""

    name: str

    def score(self, texts: list[str], *, vectors: np.ndarray | None = None,
              speakers: list[str] | None = None) -> list[list[StanceScore]]: ...


@runtime_checkable
class ThemesLike(Protocol):
    """A theme model: ``name`` and ``fit(passages_by_doc, vectors) -> TopicResult``."""

    name: str

    def fit(self, passages_by_doc: list[tuple[int, str]], embeddings: np.ndarray) -> TopicResult: ...


@dataclass
class Analyzer:
    """The parts of one analysis: a spaCy pipeline, an embedder, a stance model, a theme model.

    Attributes:
        nlp: spaCy ``Language`` with the claims component (see :func:`analysis.nlp.load_spacy`).
        embedder: default :class:`analysis.embeddings.NoEmbedder`.
        stance: default :class:`analysis.stance.NoStance`.
        themes: default :class:`analysis.topics.NoThemes`.
    """

    nlp: Any
    embedder: EmbedderLike = field(default_factory=NoEmbedder)
    stance: StanceLike = field(default_factory=NoStance)
    themes: ThemesLike = field(default_factory=NoThemes)

    def versions(self) -> dict[str, str]:
        """Names and versions of the parts and the libraries, for the analysis run row."""
        out = {"spacy_model": f"{self.nlp.meta.get('name')}-{self.nlp.meta.get('version')}",
               "embedder": self.embedder.name, "stance": self.stance.name, "themes": self.themes.name}
        if getattr(self.stance, "file", ""):  # the trained model's file and its hash
            out["stance_file"] = self.stance.file
            out["stance_file_sha256"] = self.stance.file_sha256(self.stance.file)
        for name in ("debatelens", "spacy", "bertopic", "sentence-transformers"):
            try:
                out[name] = version(name)
            except PackageNotFoundError:
                out[name] = "?"
        return out


def build_analyzer(settings: Settings, profile: Profile, *, themes: bool | None = None) -> Analyzer:
    """The analyzer the settings describe: the ``spacy_model`` pipeline with the profile's actors
    and the claims component, the ``embedding_model`` embedder, the trained stance model
    (:func:`analysis.stance.training.load_or_train`), and BERTopic seeded with ``seed`` (unless
    ``themes`` is false).

    Raises:
        NotInstalled: [E101] the spaCy pipeline, [E102]/[E103] the embedding packages are missing.
        AnalysisError: [E104] the embedding model cannot be loaded; [E107]/[E108] the stance model.
    """
    from .embeddings import Embedder
    from .nlp import load_spacy
    from .stance.training import load_or_train
    from .topics import ThemeModel

    nlp = load_spacy(settings.spacy_model, profile=profile)
    embedder = Embedder(settings.embedding_model)
    stance, path = load_or_train(settings, profile, embedder)
    stance.file = str(path)
    use_themes = settings.themes if themes is None else themes
    return Analyzer(nlp=nlp, embedder=embedder, stance=stance,
                    themes=ThemeModel(seed=settings.seed, embedder=embedder) if use_themes else NoThemes())
