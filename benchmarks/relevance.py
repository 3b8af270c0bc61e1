"""Relevance: recall and off-topic kept rate of the keyword rule alone and with the semantic signal.

Data (written for the profile, own words; see ``[relevance.semantic]`` of the profile):

- ``examples``: labelled title + lead pairs, on topic without the dispute's vocabulary (bills
  against model theft, limits on sales to Chinese-owned firms, congressional reports, a rival's
  paper answering doubts, terms-of-use commentary ...) and off topic (AI, tech, China, legal news
  that should stay out, distilleries). The semantic head is fitted on them, so their figures are
  5-fold cross-validated: each fold's pages are scored by a head fitted without them.
- ``heldout``: written apart, never fitted on: scored by the head fitted on every example.

With ``../shared/data`` present, the 181 off-topic pages of the extraction benchmark are scored
too (their leads as extracted; the keep rate there is the false-positive rate on real news).

The threshold printed is the calibration: the lowest probability at which at most ``--max-off``
of the off-topic examples are kept (cross-validated); the profile's ``threshold`` is set from it.

Run: ``python benchmarks/relevance.py`` (about a minute; the model loads once).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.profile import load_profile  # noqa: E402
from crawler.relevance import SemanticRelevance, judge, load_encoder, read_examples  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BENCH_HTML = SHARED / "extraction-bench" / "html"


def _rates(kept: np.ndarray, on: np.ndarray) -> dict:
    return {"recall": round(float(kept[on].mean()), 4), "off_kept": round(float(kept[~on].mean()), 4),
            "on": int(on.sum()), "off": int((~on).sum())}


def cross_validated(profile, encoder, examples, *, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Each example's probability from a head fitted without its fold (stratified folds)."""
    from sklearn.model_selection import StratifiedKFold

    labels = np.array([on for _, on, _ in examples])
    probs = np.zeros(len(examples))
    texts = [t for _, _, t in examples]
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, labels):
        head = SemanticRelevance(profile, encoder, examples=[examples[i] for i in train])
        probs[test] = head.probabilities([texts[i] for i in test])
    return probs


def calibrate(probs: np.ndarray, keyword: np.ndarray, on: np.ndarray, max_off: float) -> float:
    """Lowest threshold, in hundredths, whose combined (keyword or semantic) off-topic keep rate
    is <= ``max_off``."""
    for t in np.arange(0.0, 1.0001, 0.01):
        if ((keyword | (probs >= t))[~on]).mean() <= max_off:
            return round(float(t), 2)
    return 1.0


def evaluate(profile, semantic, examples, probs: np.ndarray, threshold: float) -> dict:
    """Keyword alone, semantic alone and combined rates of ``examples`` scored ``probs``."""
    on = np.array([o for _, o, _ in examples])
    keyword = np.array([profile.relevance.score(t)[1] for _, _, t in examples])
    combined = np.array([judge(profile, t, probability=float(p), threshold=threshold).relevant
                         for (_, _, t), p in zip(examples, probs)])
    missed = [i for (i, o, _), k in zip(examples, combined) if o and not k]
    kept_off = [i for (i, o, _), k in zip(examples, combined) if not o and k]
    return {"keyword": _rates(keyword, on), "semantic": _rates(probs >= threshold, on),
            "combined": _rates(combined, on), "missed": missed, "off_kept": kept_off}


def bench_pages(limit: int | None = None) -> list[str]:
    """Leads of the shared extraction-benchmark pages (off topic), as the crawler extracts them."""
    from crawler.extraction import ExtractedDocument, extract

    leads = []
    import gzip

    for path in sorted(BENCH_HTML.glob("*.html*"))[:limit]:
        body = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        doc = extract(body, f"https://bench.example/{path.name.split('.')[0]}", min_length=0)
        if isinstance(doc, ExtractedDocument):
            leads.append((doc.title or "", doc.description or "", doc.text))
    return leads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default=None)
    parser.add_argument("--max-off", type=float, default=0.03, help="off-topic keep rate to calibrate at")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("crawler").setLevel(logging.ERROR)  # the shared pages' cross-domain canonicals (W230)
    profile = load_profile(args.profile)
    spec = profile.relevance.semantic
    t0 = time.monotonic()
    encoder = load_encoder(spec.model, threads=None)
    load_s = time.monotonic() - t0
    examples, heldout = read_examples(spec.examples), read_examples(spec.heldout)
    digest = hashlib.sha256(Path(spec.examples).read_bytes() + Path(spec.heldout).read_bytes()).hexdigest()[:16]
    on = np.array([o for _, o, _ in examples])
    keyword = np.array([profile.relevance.score(t)[1] for _, _, t in examples])
    cv = cross_validated(profile, encoder, examples)
    threshold = calibrate(cv, keyword, on, args.max_off)
    out = {"data_sha256_16": digest, "model_load_s": round(load_s, 2), "calibrated_threshold": threshold,
           "profile_threshold": spec.threshold}
    out["examples_cv"] = evaluate(profile, None, examples, cv, spec.threshold)
    t0 = time.monotonic()
    full = SemanticRelevance(profile, encoder)
    fit_s = time.monotonic() - t0
    texts = [t for _, _, t in heldout]
    t0 = time.monotonic()
    probs = full.probabilities(texts)
    per_page = (time.monotonic() - t0) / max(1, len(texts))
    out["heldout"] = evaluate(profile, full, heldout, probs, spec.threshold)
    out["head_fit_s"], out["encode_ms_per_lead"] = round(fit_s, 2), round(1000 * per_page, 1)
    if BENCH_HTML.is_dir():
        from crawler.relevance import lead_of

        pages = bench_pages()
        p = full.probabilities([lead_of(t, d, x, spec.lead_chars) for t, d, x in pages])
        kept = [judge(profile, "\n".join(filter(None, [t, d, x])), probability=float(q),
                      threshold=spec.threshold).relevant for (t, d, x), q in zip(pages, p)]
        kw = [profile.relevance.score("\n".join(filter(None, [t, d, x])))[1] for t, d, x in pages]
        out["shared_offtopic_pages"] = {"pages": len(pages), "keyword_kept": round(float(np.mean(kw)), 4),
                                        "combined_kept": round(float(np.mean(kept)), 4)}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"data {digest}  model load {load_s:.1f} s, head fit {fit_s:.1f} s, {1000 * per_page:.1f} ms per lead")
    print(f"threshold: profile {spec.threshold}, calibrated at <= {args.max_off:.0%} off-topic kept (cv): {threshold}")
    for name in ("examples_cv", "heldout"):
        res = out[name]
        print(f"{name:12s} " + "  ".join(f"{k}: recall {v['recall']:.3f} off-topic kept {v['off_kept']:.3f}"
                                         for k, v in res.items() if isinstance(v, dict))
              + f"  (on {res['keyword']['on']}, off {res['keyword']['off']})")
        print(f"{'':12s} missed: {', '.join(res['missed']) or '-'}; off-topic kept: {', '.join(res['off_kept']) or '-'}")
    if "shared_offtopic_pages" in out:
        s = out["shared_offtopic_pages"]
        print(f"shared extraction-bench pages (off topic): {s['pages']}, kept by keyword {s['keyword_kept']:.3f}, "
              f"combined {s['combined_kept']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
