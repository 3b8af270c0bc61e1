"""Choosing a stance model by measurement: grouped, stratified cross-validation.

Folds are grouped by the labelled set's ``group`` column (scikit-learn ``StratifiedGroupKFold``),
so paraphrases of one statement never sit on both sides of a split: a model cannot score well by
recognising a reworded twin. Scores:

- ``macro_f1``: macro-F1 over favor / against / neutral on statements labelled with a side, a
  prediction of ``unrelated`` or ``unclear`` counting as ``neutral`` (the figure the stance issue
  sets its goal on);
- ``macro_f1_4``: macro-F1 over the four labels on every statement;
- the confusion matrix (rows: true, columns: predicted) and accuracy per kind of hard case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .base import LABELS
from .labels import LabelledStatement

SIDES = ("favor", "against", "neutral")
#: Predicted labels of the confusion matrix (``unclear``: below the confidence floor).
PREDICTED = ("favor", "against", "neutral", "unrelated", "unclear")


@dataclass
class Evaluation:
    """Scores of predictions against labels (see the module docstring)."""

    macro_f1: float
    macro_f1_4: float
    per_label_f1: dict[str, float]
    confusion: dict[str, dict[str, int]]
    per_kind_accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)
    n: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Plain values (for JSON)."""
        return {"macro_f1": self.macro_f1, "macro_f1_4": self.macro_f1_4, "per_label_f1": self.per_label_f1,
                "confusion": self.confusion, "per_kind_accuracy": {k: list(v) for k, v in self.per_kind_accuracy.items()},
                "n": self.n}


def _f1(true: Sequence[str], pred: Sequence[str], label: str) -> float:
    tp = sum(t == label and p == label for t, p in zip(true, pred))
    fp = sum(t != label and p == label for t, p in zip(true, pred))
    fn = sum(t == label and p != label for t, p in zip(true, pred))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(statements: Sequence[LabelledStatement], predicted: Sequence[str]) -> Evaluation:
    """Score ``predicted`` labels (favor | against | neutral | unrelated | unclear) of ``statements``."""
    true = [s.label for s in statements]
    four = [p if p in LABELS else "neutral" for p in predicted]
    sided = [(t, p if p in ("favor", "against") else "neutral") for t, p in zip(true, predicted) if t in SIDES]
    t3, p3 = [t for t, _ in sided], [p for _, p in sided]
    per = {label: round(_f1(t3, p3, label), 4) for label in SIDES}
    confusion = {t: {p: 0 for p in PREDICTED} for t in LABELS}
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s, p in zip(statements, predicted):
        confusion[s.label][p if p in PREDICTED else "unclear"] += 1
        if s.kind != "plain":
            kinds[s.kind][0] += int(p == s.label or (s.label == "neutral" and p == "unclear"))
            kinds[s.kind][1] += 1
    return Evaluation(macro_f1=round(float(np.mean(list(per.values()))), 4),
                      macro_f1_4=round(float(np.mean([_f1(true, four, label) for label in LABELS])), 4),
                      per_label_f1=per, confusion=confusion,
                      per_kind_accuracy={k: (v[0], v[1]) for k, v in sorted(kinds.items())}, n=len(statements))


def cross_validate(statements: Sequence[LabelledStatement],
                   fit_predict: Callable[[list[int], list[int]], list[str]], *, folds: int = 5,
                   seed: int = 0) -> tuple[Evaluation, list[str]]:
    """Out-of-fold predictions of ``fit_predict(train_indices, test_indices)`` over grouped,
    label-stratified folds, and their :class:`Evaluation`.

    Args:
        statements: the labelled set.
        fit_predict: fits on the statements at ``train_indices`` and returns labels for those at
            ``test_indices`` (in that order).
        folds: number of folds (default 5).
        seed: shuffling seed of the folds.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    y = [f"{s.proposition}/{s.label}" for s in statements]
    groups = [s.group for s in statements]
    predicted = [""] * len(statements)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(y)), y, groups):
        for i, label in zip(test, fit_predict(list(train), list(test))):
            predicted[i] = label
    return evaluate(statements, predicted), predicted
