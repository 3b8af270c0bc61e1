"""Training the stance model and finding its file: what ``train-stance`` and ``analyze`` call.

The model is a file. Its default place is content-addressed: ``stance-<profile>-<hash>.joblib``
under the user's cache folder (``$XDG_CACHE_HOME/debatelens``, else ``~/.cache/debatelens``),
where ``<hash>`` covers the labelled statements, the embedder's name and the model's
parameters; so a changed labelled set, embedder or parameter trains a new model on first use and
never reuses a stale one. The ``stance_model`` setting names a file to use instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import asdict
from pathlib import Path

from corpus.profile import Profile
from corpus.settings import Settings

from ..errors import AnalysisError, Errors
from .features import features_signature
from .labels import LabelledStatement, labels_hash, read_labels
from .model import FORMAT_VERSION, StanceConfig, TrainedStance

logger = logging.getLogger(__name__)

#: The chosen configuration (``benchmarks/stance.py``: best cross-validated macro-F1 on the 1,732
#: labelled statements: embedding + polarity + word 1-2-grams x2, C=4: 0.768, held-out 0.840;
#: without the n-grams 0.708 / 0.753; 1-3-grams 0.760; n-grams x1 0.745, x3 0.767). On the 1,831
#: statements of 2026-12-03: 0.762 / 0.827, against 0.768 / 0.835 for 1-3-grams at C=2, a gap
#: inside the folds' spread; kept because it reads the real register better (benchmarks/
#: stance_real.py, whole statements 0.589 against 0.558; as `debatelens stance` scores them
#: 0.669 against 0.667). With the labels implied across propositions (``implied_weight``:
#: 42 hypocrisy retorts also taught as against the accusation, 2026-12-04): 0.758 / 0.835
#: (x0.5: 0.761 / 0.834), real statements 0.669 -> 0.676 as `debatelens stance` scores them,
#: whole 0.589 -> 0.607, via claims 0.636 -> 0.641.
CHOSEN = StanceConfig(head="logistic", polarity=True, C=4.0, ngrams=2, ngram_weight=2.0, implied_weight=1.0)


def config_from(settings: Settings) -> StanceConfig:
    """:data:`CHOSEN` with the ``stance_confidence_floor`` setting."""
    return StanceConfig(**{**asdict(CHOSEN), "confidence_floor": settings.stance_confidence_floor})


def training_statements(profile: Profile, extra: str | os.PathLike[str] | None = None) -> list[LabelledStatement]:
    """The profile's labelled statements (with their claim-shaped variants, when the profile
    ships them) plus those of ``extra`` (an analyst's own CSV), checked against the profile's
    propositions.

    Raises:
        AnalysisError: [E108] the profile has no labelled set and no ``extra`` is given;
            [E105]/[E106] a file cannot be read or is malformed.
    """
    keys = [p.key for p in profile.propositions]
    statements: list[LabelledStatement] = []
    if profile.stance_labels:
        statements += read_labels(profile.stance_labels, propositions=keys)
        if profile.stance_variants:  # claim-shaped variants of those labels (analysis.stance.variants)
            statements += read_labels(profile.stance_variants, propositions=keys)
    if extra:
        statements += read_labels(extra, propositions=keys)
    if not statements:
        raise AnalysisError(Errors.E108.format(profile=profile.name))
    return statements


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "debatelens"


def default_model_path(profile: Profile, statements: list[LabelledStatement], embedder_name: str,
                       config: StanceConfig) -> Path:
    """Where the model of these statements, embedder and parameters lives by default."""
    # the features' definitions are part of the model: a changed cue list must not load an old file
    key = hashlib.sha256("\x1f".join([labels_hash(statements), embedder_name, repr(asdict(config)),
                                      features_signature(), str(FORMAT_VERSION)]).encode()).hexdigest()
    return _cache_folder() / f"stance-{profile.name}-{key[:16]}.joblib"


def train_stance(settings: Settings, profile: Profile, embedder, *, labels: str | None = None,
                 out: str | os.PathLike[str] | None = None, folds: int = 5) -> tuple[TrainedStance, Path]:
    """Fit the stance model on the profile's statements (plus ``labels``), measure it by grouped
    cross-validation, and write it.

    Args:
        settings: ``stance_labels``, ``stance_model`` and ``stance_confidence_floor`` are read.
        profile: the debate profile.
        embedder: the sentence embedder (``encode``, ``name``).
        labels: an analyst's labelled CSV, added to the profile's (default: the
            ``stance_labels`` setting).
        out: the file to write (default: the ``stance_model`` setting, else
            :func:`default_model_path`).
        folds: cross-validation folds for the recorded metrics (0: none).

    Returns:
        the model and the path it was written to; ``model.metrics`` holds the cross-validated
        macro-F1 (``cv_macro_f1``, ``cv_macro_f1_4``, per label) when ``folds`` > 1.
    """
    from .selection import cross_validate

    config = config_from(settings)
    statements = training_statements(profile, labels or settings.stance_labels or None)
    vectors = embedder.encode([s.text for s in statements])
    metrics = {"statements": len(statements)}
    if folds > 1:
        def fit_predict(train, test):
            model = TrainedStance.fit([statements[i] for i in train], embedder=embedder, profile=profile,
                                      config=config, vectors=vectors[train])
            labels = {}
            for key in {statements[i].proposition for i in test}:  # each toward its own proposition
                idx = [i for i in test if statements[i].proposition == key]
                scored = model.score([statements[i].text for i in idx], vectors=vectors[idx],
                                     speakers=[statements[i].speaker for i in idx], propositions=[key],
                                     include_unrelated=True)
                labels.update({i: row[0].label if row else "unrelated" for i, row in zip(idx, scored)})
            return [labels[i] for i in test]

        evaluation, _ = cross_validate(statements, fit_predict, folds=folds)
        metrics.update({"cv_macro_f1": evaluation.macro_f1, "cv_macro_f1_4": evaluation.macro_f1_4,
                        "cv_per_label_f1": evaluation.per_label_f1, "folds": folds})
    model = TrainedStance.fit(statements, embedder=embedder, profile=profile, config=config, vectors=vectors,
                              metrics=metrics)
    path = Path(out or settings.stance_model or default_model_path(profile, statements, embedder.name, config))
    model.save(path)
    return model, path


def load_or_train(settings: Settings, profile: Profile, embedder) -> tuple[TrainedStance, Path]:
    """The stance model for ``settings``: the ``stance_model`` file if set (it must exist), else
    the default file of the current statements, trained first when absent (a few seconds).

    Raises:
        AnalysisError: [E107] the named file cannot be used; [E108] nothing to train on.
    """
    if settings.stance_model:
        path = Path(settings.stance_model)
        if not path.is_file():
            raise AnalysisError(Errors.E107.format(path=path, reason="there is no such file"))
        return TrainedStance.load(path, embedder=embedder, profile=profile), path
    config = config_from(settings)
    statements = training_statements(profile, settings.stance_labels or None)
    path = default_model_path(profile, statements, embedder.name, config)
    if path.is_file():
        try:
            return TrainedStance.load(path, embedder=embedder, profile=profile), path
        except AnalysisError as exc:
            logger.warning("%s Training it again.", exc)
    logger.info("training the stance model on %d labelled statements -> %s", len(statements), path)
    return train_stance(settings, profile, embedder, out=path, folds=0)
