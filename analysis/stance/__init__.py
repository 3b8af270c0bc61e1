"""Stance of a claim toward the debate's propositions.

- :mod:`.base`: :class:`StanceScore`, the do-nothing :class:`NoStance`;
- :mod:`.labels`: the labelled statements a model is trained on (the profile's CSV);
- :mod:`.features`: polarity features beside the sentence embedding;
- :mod:`.model`: :class:`TrainedStance`, the model ``analyze`` uses (trained, a file on disk);
- :mod:`.selection`: grouped cross-validation, to choose a model by measurement;
- :mod:`.knn`: :class:`ExampleStance`, the example baseline it replaced.
"""

from .base import LABELS, STANCE_SIDES, NoStance, StanceScore, claim_text
from .knn import ExampleStance
from .labels import LabelledStatement, labels_hash, read_labels
from .model import StanceConfig, TrainedStance

__all__ = ["LABELS", "STANCE_SIDES", "ExampleStance", "LabelledStatement", "NoStance", "StanceConfig",
           "StanceScore", "TrainedStance", "claim_text", "labels_hash", "read_labels"]
