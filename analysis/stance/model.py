"""The trained stance model: a classifier head per proposition on frozen sentence embeddings
plus polarity features, fitted on the profile's labelled statements; a file on disk.

Method. Each statement becomes the sentence embedding of its text (all-MiniLM-L6-v2 by default,
Reimers & Gurevych 2019), beside the polarity features of :mod:`analysis.stance.features`
(cue verbs, negation, hedges, sarcasm, the speaker's camp and whom the text names) and, with
``ngrams``, TF-IDF word n-grams of the text (sublinear counts, fitted on the training texts). The
n-grams give back what a sentence embedding blurs: the few words that carry a side ("met with
skepticism", "irony", "no evidence"); n-gram linear models are the strong baseline of stance
detection (Mohammad et al. 2016, SemEval-2016 Task 6). For each
proposition a multinomial logistic regression (scikit-learn, class-balanced) predicts
favor / against / neutral / unrelated. The choice of head and features was made by grouped
cross-validation on the labelled set (``benchmarks/stance.py``; the candidates and their scores
are in the note of the stance issue). Logistic regression gives probabilities that are close to
calibrated on held-out data (Niculescu-Mizil & Caruana 2005), which the confidence floor uses:

- ``relatedness`` = 1 - P(unrelated); below ``0.5`` the claim gets no stance on the proposition;
- the side is the most probable of favor / against / neutral; its probability *given related*
  below ``confidence_floor`` makes the label ``unclear``: never a side the model is unsure of.

The file (joblib) holds the fitted heads with the SHA-256 of the training data, the parameters,
the embedder's name and the cross-validated metrics; ``analyze`` records its hash in the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from corpus.profile import Profile

from ..errors import AnalysisError, Errors
from .base import LABELS, StanceScore
from .features import feature_names, polarity_features
from .labels import LabelledStatement, labels_hash

#: Version of the file layout; a file of another version is retrained, not misread.
FORMAT_VERSION = 3
#: A claim is scored on the propositions whose nearest related training statements are within
#: this cosine similarity of its best proposition's (mean of the 5 nearest). Measured on the
#: held-out file: 97% of (statement, its proposition) pairs kept, 1.6 propositions per statement
#: instead of all 4 (0.02: 91%, 0.08: 99% with 2.1).
PROPOSITION_MARGIN = 0.05
NEAREST = 5


@dataclass(frozen=True)
class StanceConfig:
    """Parameters of a trained stance model.

    Attributes:
        head: ``logistic`` (multinomial logistic regression) or ``mlp`` (one hidden layer of
            ``hidden`` units, scikit-learn ``MLPClassifier``).
        polarity: add the polarity features to the embedding.
        polarity_weight: factor on the polarity features (they are in [0, 1]; the embedding
            has unit length), so the regulariser treats both on a like scale.
        C: inverse regularisation strength of the logistic head.
        hidden: hidden units of the MLP head.
        confidence_floor: P(side | related) below which the label is ``unclear``.
        cross_negatives: weight of the other propositions' statements taken as ``unrelated``
            examples of a proposition's head (statements whose group has no row for that
            proposition); 0 uses none.
        seed: random seed of the heads that use one.
        ngrams: largest n of the TF-IDF word n-grams added to the input (``0``: none).
        ngram_weight: factor on the n-gram block (its rows have unit length, like the embedding).
        ngram_min_df: an n-gram is kept when at least this many training texts contain it.
        implied_weight: weight of the labels implied for a proposition by a statement's label on
            another one (:func:`implied_labels`: "they scraped the web themselves", favor on
            accusers-are-hypocrites, is against accusation-justified where the labelled set says
            so consistently); 0 uses none.
    """

    head: str = "logistic"
    polarity: bool = True
    polarity_weight: float = 1.0
    C: float = 2.0
    hidden: int = 64
    confidence_floor: float = 0.4
    cross_negatives: float = 0.0
    seed: int = 0
    ngrams: int = 0
    ngram_weight: float = 2.0
    ngram_min_df: int = 2
    implied_weight: float = 0.0


#: Fewest statements labelled on both propositions, and the share of them that must agree, for
#: a label on one to imply a label on the other (:func:`implied_labels`).
IMPLIED_MIN_SUPPORT = 10
IMPLIED_MIN_AGREEMENT = 0.9
#: ... and the least share of the statements labelled ``l`` on P that are labelled on Q too: a
#: few co-labelled statements are no sample of the rest ("against the accusation" does not
#: imply "the accusers are hypocrites" because the hypocrisy retorts are labelled on both).
IMPLIED_MIN_COVERAGE = 0.2


def implied_labels(statements: Sequence[LabelledStatement]) -> list[tuple[int, str, str]]:
    """Labels a statement implies on the propositions it is not labelled on, learnt from the
    statements labelled on both: when at least :data:`IMPLIED_MIN_SUPPORT` statements labelled
    ``l`` on P are labelled on Q too, and at least :data:`IMPLIED_MIN_AGREEMENT` of them carry
    one label ``m`` there (not ``unrelated``), a statement labelled ``l`` on P and not on Q is
    taken as ``m`` on Q. So the head of accusation-justified also learns from the many ways of
    saying "the accusers scraped the web themselves", labelled on accusers-are-hypocrites, when
    the set labels such statements against the accusation wherever it labels both. The rule is
    the labelled set's own, so another debate's profile brings its own implications.

    Returns:
        ``(index of the statement, proposition, implied label)`` triples.
    """
    by_group: dict[str, dict[str, str]] = {}
    for s in statements:
        by_group.setdefault(s.group, {})[s.proposition] = s.label
    pairs: dict[tuple[str, str, str], Counter] = {}
    labelled = Counter((s.proposition, s.label) for s in statements)
    for labels in by_group.values():
        for p, lp in labels.items():
            for q, lq in labels.items():
                if p != q:
                    pairs.setdefault((p, lp, q), Counter())[lq] += 1
    rules = {}
    for (p, lp, q), counts in pairs.items():
        m, n = counts.most_common(1)[0]
        total = sum(counts.values())
        if (total >= IMPLIED_MIN_SUPPORT and n >= IMPLIED_MIN_AGREEMENT * total and m != "unrelated"
                and total >= IMPLIED_MIN_COVERAGE * labelled[(p, lp)]):
            rules[(p, lp, q)] = m
    out = []
    for i, s in enumerate(statements):
        for (p, lp, q), m in rules.items():
            if s.proposition == p and s.label == lp and q not in by_group[s.group]:
                out.append((i, q, m))
    return out


def _head(config: StanceConfig):
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    if config.head == "logistic":
        return LogisticRegression(C=config.C, class_weight="balanced", max_iter=3000)
    if config.head == "mlp":
        return MLPClassifier(hidden_layer_sizes=(config.hidden,), alpha=1e-3, max_iter=600, early_stopping=False,
                             random_state=config.seed)
    raise ValueError(f"unknown head {config.head!r}: use logistic or mlp")


def ngram_vectorizer(texts: Sequence[str], config: StanceConfig):
    """A TF-IDF vectorizer of word 1..``config.ngrams``-grams fitted on ``texts`` (scikit-learn;
    lower-cased, sublinear term frequency, rows of unit length), or ``None`` when ``ngrams`` is 0."""
    if not config.ngrams:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer

    min_df = config.ngram_min_df if len(texts) >= 10 * config.ngram_min_df else 1  # tiny sets keep every word
    return TfidfVectorizer(ngram_range=(1, config.ngrams), min_df=min_df, sublinear_tf=True,
                           lowercase=True, dtype=np.float32).fit(list(texts))


def design_matrix(vectors: np.ndarray, texts: Sequence[str], speakers: Sequence[str] | None,
                  profile: Profile | None, config: StanceConfig, vectorizer=None):
    """The classifier's input: embeddings ``(n, dim)``, then the weighted polarity features, then
    (given a ``vectorizer`` from :func:`ngram_vectorizer`) the weighted n-gram block. A dense
    float32 array, or a sparse CSR matrix when there is an n-gram block."""
    dense = np.asarray(vectors, dtype=np.float32)
    if config.polarity:
        dense = np.hstack([dense, config.polarity_weight * polarity_features(texts, speakers, profile)])
    if vectorizer is None:
        return dense
    import scipy.sparse as sparse

    return sparse.hstack([sparse.csr_matrix(dense), config.ngram_weight * vectorizer.transform(list(texts))],
                         format="csr")


@dataclass
class TrainedStance:
    """A fitted stance model (see the module docstring).

    Build one with :meth:`fit` or :meth:`load`; score with :meth:`score`.

    Attributes:
        embedder: the object that encodes texts (``encode``, ``name``); must be the model the
            heads were fitted on (its name is checked on load).
        profile: the debate profile (its actors' camps are features).
        heads: proposition key -> fitted scikit-learn classifier over :data:`LABELS`.
        config: the :class:`StanceConfig` used.
        data_sha256: hash of the training statements (:func:`analysis.stance.labels.labels_hash`).
        metrics: what training measured (cross-validated figures when given by the caller).
        trained_at: UTC time of the fit.
    """

    embedder: Any
    profile: Profile
    heads: dict[str, Any]
    config: StanceConfig = field(default_factory=StanceConfig)
    data_sha256: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    trained_at: str = ""
    #: The file it was loaded from or saved to (``""`` when in memory only).
    file: str = ""
    #: Proposition key -> unit embeddings of its related training statements, ``(n, dim)``: which
    #: propositions a claim bears on (:data:`PROPOSITION_MARGIN`).
    references: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    #: The fitted n-gram vectorizer shared by every head (``None`` when ``config.ngrams`` is 0).
    vectorizer: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """``trained/<head>/<embedder>/<first 12 hex of the data hash>``: stored with every stance."""
        return f"trained/{self.config.head}/{getattr(self.embedder, 'name', 'embedder')}/{self.data_sha256[:12]}"

    @classmethod
    def fit(cls, statements: Sequence[LabelledStatement], *, embedder, profile: Profile,
            config: StanceConfig | None = None, vectors: np.ndarray | None = None,
            metrics: dict[str, Any] | None = None) -> TrainedStance:
        """Fit one head per proposition on ``statements``.

        Args:
            statements: labelled statements; propositions with fewer than two labels are skipped.
            embedder: encodes the texts (unless ``vectors`` are given) and scores later claims.
            profile: the debate profile.
            config: parameters (default :class:`StanceConfig`).
            vectors: precomputed embeddings of the statements' texts, ``(len(statements), dim)``.
            metrics: figures to keep in the file (e.g. cross-validated macro-F1).

        Raises:
            AnalysisError: [E108] no proposition could be fitted.
        """
        config = config or StanceConfig()
        if vectors is None:
            vectors = embedder.encode([s.text for s in statements])
        heads, references = {}, {}
        vectorizer = ngram_vectorizer([s.text for s in statements], config)
        groups_of = {}
        for s in statements:
            groups_of.setdefault(s.proposition, set()).add(s.group)
        for key in sorted(groups_of):
            idx = [i for i, s in enumerate(statements) if s.proposition == key]
            labels = [statements[i].label for i in idx]
            if len(set(labels)) < 2:
                continue
            references[key] = np.asarray(vectors[[i for i in idx if statements[i].label != "unrelated"]],
                                         dtype=np.float32)
            weights = [1.0] * len(idx)
            if config.implied_weight > 0:
                implied = [(i, m) for i, q, m in implied_labels(statements) if q == key]
                idx, labels = idx + [i for i, _ in implied], labels + [m for _, m in implied]
                weights += [config.implied_weight] * len(implied)
            if config.cross_negatives > 0:
                others = [i for i, s in enumerate(statements)
                          if s.proposition != key and s.group not in groups_of[key]]
                idx, labels = idx + others, labels + ["unrelated"] * len(others)
                weights += [config.cross_negatives] * len(others)
            X = design_matrix(vectors[idx], [statements[i].text for i in idx],
                              [statements[i].speaker for i in idx], profile, config, vectorizer)
            head = _head(config)
            if config.head == "logistic":
                head.fit(X, labels, sample_weight=np.asarray(weights))
            else:
                head.fit(X, labels)
            heads[key] = head
        if not heads:
            raise AnalysisError(Errors.E108.format(profile=profile.name))
        return cls(embedder=embedder, profile=profile, heads=heads, config=config,
                   data_sha256=labels_hash(statements), metrics=dict(metrics or {}),
                   trained_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), references=references,
                   vectorizer=vectorizer)

    def bears_on(self, vectors: np.ndarray) -> list[set[str]]:
        """For each claim vector, the propositions it bears on: those whose :data:`NEAREST` most
        similar related training statements are, on average, within :data:`PROPOSITION_MARGIN`
        of the best proposition's (every proposition when the model has no references)."""
        if not self.references or not len(vectors):
            return [set(self.heads) for _ in range(len(vectors))]
        keys = [k for k in self.heads if k in self.references and len(self.references[k])]
        sims = np.stack([np.sort(vectors @ self.references[k].T, axis=1)[:, -NEAREST:].mean(axis=1)
                         for k in keys], axis=1)
        best = sims.max(axis=1, keepdims=True)
        return [{k for k, keep in zip(keys, row) if keep} for row in sims >= best - PROPOSITION_MARGIN]

    def probabilities(self, texts: Sequence[str], *, speakers: Sequence[str] | None = None,
                      vectors: np.ndarray | None = None,
                      propositions: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """Proposition key -> ``(len(texts), 4)`` probabilities over :data:`LABELS`, in that order,
        for ``propositions`` (default: every proposition with a head)."""
        keys = [k for k in (propositions or self.heads) if k in self.heads]
        if not len(texts):
            return {key: np.zeros((0, len(LABELS))) for key in keys}
        v = vectors if vectors is not None else self.embedder.encode(list(texts))
        X = design_matrix(v, texts, speakers, self.profile, self.config, self.vectorizer)  # the same for every head
        out = {}
        for key in keys:
            head = self.heads[key]
            p = head.predict_proba(X)
            full = np.zeros((len(texts), len(LABELS)))
            for j, label in enumerate(head.classes_):
                full[:, LABELS.index(label)] = p[:, j]
            out[key] = full
        return out

    def score(self, texts: list[str], *, vectors: np.ndarray | None = None, speakers: list[str] | None = None,
              propositions: Sequence[str] | None = None, include_unrelated: bool = False,
              frames: Sequence[str | None] | None = None, frame_vectors: np.ndarray | None = None
              ) -> list[list[StanceScore]]:
        """Stances of each text toward each proposition it is related to.

        Args:
            texts: claim contents (or statements).
            vectors: their precomputed embeddings, ``(len(texts), dim)``.
            speakers: who made each claim (the resolved name, else the speaker text; ``""`` when
                none): the speaker's camp is a feature.
            propositions: the keys to score; default: the propositions each text bears on
                (:meth:`bears_on`), so a claim about the hypocrisy charge is not also scored on
                export controls.
            include_unrelated: also return a score labelled ``unrelated`` for propositions the
                text is not related to (the ``stance`` command shows them; analyze stores only
                related ones).
            frames: for each text, the sentence it stands in when that sentence holds no other
                claim (``None``: none). Its probabilities, read with the same speaker, count
                half: the frame carries the side a bare content loses ("critics were quick to
                dismiss ..."). Measured on the real statements of ``benchmarks/stance_real.py``:
                0.537 from contents alone, 0.580 with their frames.
            frame_vectors: embeddings of the frames given, ``(number of non-None frames, dim)``.

        Returns:
            one list per text of :class:`StanceScore`, in the order of ``propositions``.
        """
        keys = [k for k in (propositions or self.heads) if k in self.heads]
        v = vectors if vectors is not None else (self.embedder.encode(list(texts)) if len(texts) else None)
        probs = self.probabilities(texts, speakers=speakers, vectors=v, propositions=keys)
        framed = [i for i, f in enumerate(frames or []) if f]
        if framed:
            frame_probs = self.probabilities([frames[i] for i in framed],
                                             speakers=[speakers[i] for i in framed] if speakers else None,
                                             vectors=frame_vectors, propositions=keys)
            for key in keys:
                probs[key][framed] = 0.5 * probs[key][framed] + 0.5 * frame_probs[key]
        # Asked for given propositions: score those. Otherwise only the ones each claim bears on.
        bears = [set(keys) for _ in texts] if propositions else self.bears_on(v if v is not None else np.zeros((0, 1)))
        out: list[list[StanceScore]] = [[] for _ in texts]
        for key in keys:
            for i, p in enumerate(probs[key]):
                if key not in bears[i]:
                    continue
                stance = self.stance_of(key, p, include_unrelated=include_unrelated)
                if stance is not None:
                    out[i].append(stance)
        return out

    def stance_of(self, key: str, p: Sequence[float], *, include_unrelated: bool = False) -> StanceScore | None:
        """The stance toward proposition ``key`` given its probabilities ``p`` over :data:`LABELS`
        (in that order): ``unrelated`` below relatedness 0.5 (``None`` unless ``include_unrelated``),
        else the most probable side, or ``unclear`` when its probability given related is below the
        confidence floor (see the module docstring)."""
        named = {label: round(float(x), 4) for label, x in zip(LABELS, p)}
        related = 1.0 - named["unrelated"]
        score = round(named["favor"] - named["against"], 4)
        if related < 0.5:
            return StanceScore(key, "unrelated", score, round(related, 4), named["unrelated"], named) \
                if include_unrelated else None
        side = max(("favor", "against", "neutral"), key=lambda s: named[s])
        given = named[side] / related if related else 0.0
        label = side if given >= self.config.confidence_floor else "unclear"
        return StanceScore(key, label, score, round(related, 4), round(given, 4), named)

    # --- the file -----------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the model to ``path`` (joblib), whole or not at all (temporary name, then rename)."""
        import joblib

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format": FORMAT_VERSION, "embedder": getattr(self.embedder, "name", ""), "heads": self.heads,
                   "references": self.references, "vectorizer": self.vectorizer,
                   "config": asdict(self.config), "data_sha256": self.data_sha256, "metrics": self.metrics,
                   "trained_at": self.trained_at, "profile": self.profile.name}
        tmp = path.with_name(path.name + ".tmp")
        joblib.dump(payload, tmp)
        tmp.replace(path)
        self.file = str(path)
        return path

    @classmethod
    def load(cls, path: str | Path, *, embedder, profile: Profile) -> TrainedStance:
        """Read a model written by :meth:`save`. Only open files you wrote: joblib runs pickles.

        Raises:
            AnalysisError: [E107] unreadable, another format, or fitted on another embedder.
        """
        import joblib

        try:
            payload = joblib.load(path)
        except Exception as exc:  # joblib raises anything a broken pickle raises
            raise AnalysisError(Errors.E107.format(path=path, reason=f"{type(exc).__name__}: {exc}")) from exc
        if not isinstance(payload, dict) or payload.get("format") != FORMAT_VERSION:
            raise AnalysisError(Errors.E107.format(path=path, reason="it is not a stance model of this version"))
        if payload["embedder"] != getattr(embedder, "name", ""):
            raise AnalysisError(Errors.E107.format(
                path=path, reason=f"it was fitted on embeddings of {payload['embedder']!r}, not {embedder.name!r}"))
        return cls(embedder=embedder, profile=profile, heads=payload["heads"], config=StanceConfig(**payload["config"]),
                   data_sha256=payload["data_sha256"], metrics=payload["metrics"], trained_at=payload["trained_at"],
                   file=str(path), references=payload["references"], vectorizer=payload.get("vectorizer"))

    def file_sha256(self, path: str | Path) -> str:
        """SHA-256 of the model file at ``path`` (recorded in the analysis run)."""
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def names_of_features(profile: Profile | None) -> list[str]:
    """Column names after the embedding in :func:`design_matrix` (for inspecting a head)."""
    return feature_names(profile)
