"""Claims on real coverage: the attributions a reader notes in the leads of real news pages.

Run by hand, never in CI::

    python benchmarks/claims_real.py                 # found, found with the right speaker
    python benchmarks/claims_real.py --misses        # each label missed or credited wrongly
    python benchmarks/claims_real.py --json /tmp/claims-real.json

The goal it measures (issue 7): at least 80% of the attributions a reader notes in an article's
lead found with the right speaker.

The data. ``benchmarks/data/claims-real-leads.csv`` labels, by hand, the attributions in the
leads (first three paragraphs, as extracted by ``crawler.extraction.extract``) of the
publisher pages under ``../shared/data/publisher-pages`` (us/ and uk/: 53 real pages of major
outlets; 35 of them have an attribution in the lead, 70 in all): who is said to say, claim,
confirm, announce, deny, warn ... what ("X said", "according to a report", "she told Sky
Sports", "an expert has claimed"), reported speech a reader would note; the author's own
assertions and acts without a statement ("sent a letter") are not labelled. Each row holds the
page (``file``), the ``cue`` as written and which ``occurrence`` of that string in the extracted
text it is (0 = first), ``speakers``: names that count as the right speaker, ``|``-separated
(the resolved name or the speaker as written must contain one, case-insensitive: "Lacerda|woman"
for "A woman who was raped ... has revealed", whose speaker is named in the sentence after), and
``sha1`` of the 400 characters around the cue, so a changed extractor or page is seen. No text of
the pages is in the repository beyond the cue words and speakers' names.

Scoring. Each page's text goes through :func:`analysis.standalone.claim_rows` (what ``debatelens
claims`` prints and ``analyze`` stores: the default spaCy pipeline with the profile's actors). A
label is *found* when a claim's cue overlaps the labelled cue; *right speaker* when that claim's
``speaker_name`` (resolved) or ``speaker`` (as written) contains one of the label's names. A
label whose surrounding text no longer hashes to its ``sha1`` is reported and left out.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
CSV_PATH = ROOT / "benchmarks" / "data" / "claims-real-leads.csv"


def page_text(path: Path) -> str:
    """The page's text as the crawler extracts it from its own URL (``meta.info`` of its folder);
    "" when it extracts nothing."""
    from crawler.extraction import extract

    urls = json.loads((path.parent / "meta.info").read_text(encoding="utf-8"))
    doc = extract(gzip.decompress(path.read_bytes()), url=urls[path.name]["url"])
    return getattr(doc, "text", "") or ""


def cue_offset(text: str, cue: str, occurrence: int) -> int:
    """Offset of the ``occurrence``-th (0-based) ``cue`` in ``text``; -1 when there is none."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(cue, at + 1)
        if at < 0:
            return -1
    return at


def score(labels: list[dict], claims_of, texts: dict[str, str]) -> dict:
    """Found / right-speaker counts of ``labels`` against ``claims_of(file) -> claim rows``."""
    found = right = stale = 0
    misses = []
    for row in labels:
        text = texts[row["file"]]
        at = cue_offset(text, row["cue"], int(row["occurrence"]))
        window = text[max(0, at - 200):at + 200] if at >= 0 else ""
        if at < 0 or hashlib.sha1(window.encode("utf-8")).hexdigest() != row["sha1"]:
            stale += 1
            misses.append({**row, "why": "stale: the text around the cue changed"})
            continue
        end = at + len(row["cue"])
        hits = [c for c in claims_of(row["file"]) if c["cue_start"] < end and c["cue_end"] > at]
        names = [n.lower() for n in row["speakers"].split("|")]

        def named(c) -> bool:
            said = " ".join(filter(None, [c.get("speaker_name"), c.get("speaker")])).lower()
            return any(n in said for n in names)

        if hits:
            found += 1
        if any(named(c) for c in hits):
            right += 1
        else:
            misses.append({**row, "why": "wrong speaker" if hits else "not found",
                           "got": [(c.get("speaker"), c.get("speaker_name"), c["cue"]) for c in hits],
                           "sentence": text[max(0, at - 160):end + 80].replace("\n", " ")})
    n = len(labels) - stale
    return {"labels": len(labels), "stale": stale, "found": found, "right_speaker": right,
            "found_rate": round(found / n, 3) if n else 0.0,
            "right_speaker_rate": round(right / n, 3) if n else 0.0, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV_PATH)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--misses", action="store_true", help="print each label missed or credited wrongly "
                        "(with real text: keep the output out of the repository)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if not (args.data / "publisher-pages").is_dir():
        print(f"skipped: {args.data / 'publisher-pages'} is absent (the shared data is not beside the project)")
        return 0
    with args.csv.open(encoding="utf-8") as f:
        labels = list(csv.DictReader(f))

    from analysis.nlp import load_spacy
    from analysis.standalone import claim_rows
    from corpus.profile import load_profile

    profile = load_profile()
    nlp = load_spacy(profile=profile)
    t0 = time.perf_counter()
    texts = {name: page_text(args.data / name) for name in sorted({r["file"] for r in labels})}
    claims = {name: claim_rows(nlp, text, profile) for name, text in texts.items()}
    result = score(labels, claims.__getitem__, texts) | {"pages": len(texts),
                                                        "seconds": round(time.perf_counter() - t0, 1)}
    print(f"{result['labels']} labelled attributions in the leads of {result['pages']} real pages "
          f"({result['stale']} stale)")
    print(f"found {result['found']} ({result['found_rate']:.3f}), with the right speaker "
          f"{result['right_speaker']} ({result['right_speaker_rate']:.3f}); goal 0.80")
    if args.misses:
        for m in result["misses"]:
            print(f"- {m['why']}: [{m['speakers']}] [{m['cue']}] got {m.get('got')}\n    {m.get('sentence', '')}")
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in result.items() if k != "misses"}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
