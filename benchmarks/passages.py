"""How many quoted passages would a reader find mangled, as stored and as a briefing shows them?

Run by hand, never in CI::

    python benchmarks/passages.py                 # the 53 real publisher pages of ../shared/data
    python benchmarks/passages.py --pages 30

Each page is extracted as crawl extracts it (``crawler.extraction.extract``) and its claims found
as analyze finds them (the default spaCy pipeline with the claims component). For every claim,
the stored passage (``sentence_start:sentence_end``) and the passage a briefing shows
(``reports.quotes.passage``) are checked for the faults a reader saw (issue 9):

* ``glued line``: a line break in the passage outside the claim's own spans (a heading, a link
  row, the next paragraph run into the quotation);
* ``unbalanced marks``: typographic opening and closing double marks that do not pair, or an odd
  number of straight ones (a closing mark lost, a stray one taken in);
* ``stray opening``: the passage begins with a closing mark.

Prints one JSON line: claims, and per fault the share of passages with it, stored and shown.
A quotation left open at the end of its paragraph when the next paragraph opens with a mark (the
newspaper convention for a quotation over several paragraphs) is as published, not a fault.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "publisher-pages"


def faults(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> set[str]:
    """The faults (module docstring) of ``text[start:end]`` for a claim with ``spans``."""
    passage = text[start:end]
    found = set()
    inside = [(a, b) for a, b in spans if start <= a < b <= end]
    lo, hi = min((a for a, _ in inside), default=start), max((b for _, b in inside), default=end)
    if "\n" in text[start:lo] or "\n" in text[hi:end]:
        found.add("glued line")
    # A quotation left open at a paragraph's end whose next paragraph opens with a mark is the
    # newspaper convention for a quotation over several paragraphs: as published, not a fault.
    continued = text[end:end + 2].lstrip("\n")[:1] in "“\"" and text[end:end + 1] == "\n"
    opened = passage.count("“") - passage.count("”")
    if (opened and not (opened > 0 and continued)) or (passage.count('"') % 2 and not continued):
        found.add("unbalanced marks")
    if passage[:1] in "”’":
        found.add("stray opening")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=None, help="read only the first N pages (default: all)")
    args = parser.parse_args()
    files = sorted(DATA.glob("*/*.html.gz"))[:args.pages]
    if not files:
        sys.exit(f"no pages under {DATA}: ../shared/data is absent")

    from analysis.claims import claims_from_text
    from analysis.nlp import load_spacy
    from corpus.profile import load_profile
    from crawler.extraction import extract
    from reports.quotes import passage

    nlp = load_spacy(profile=load_profile())
    names = ("glued line", "unbalanced marks", "stray opening")
    stored = dict.fromkeys(names, 0)
    shown = dict.fromkeys(names, 0)
    claims = pages = any_stored = any_shown = 0
    for f in files:
        doc = extract(gzip.decompress(f.read_bytes()), f"https://example.org/{f.stem}")
        text = getattr(doc, "text", None)
        if not text:
            continue
        pages += 1
        for c in claims_from_text(nlp, text):
            spans = [(c.content_start, c.content_end), (c.cue_start, c.cue_end)]
            if c.speaker_start >= 0:
                spans.append((c.speaker_start, c.speaker_end))
            before = faults(text, c.sentence_start, c.sentence_end, spans)
            p = passage(text, sentence=(c.sentence_start, c.sentence_end), content=(c.content_start, c.content_end),
                        spans=tuple(spans[1:]))
            after = faults(text, p.start, p.end, spans) if not (p.lead or p.tail) else set()
            claims += 1
            any_stored += bool(before)
            any_shown += bool(after)
            for name in before:
                stored[name] += 1
            for name in after:
                shown[name] += 1
    share = lambda n: round(n / claims, 3) if claims else 0.0  # noqa: E731
    print(json.dumps({"pages": pages, "claims": claims,
                      "stored": {"any": share(any_stored), **{k: share(v) for k, v in stored.items()}},
                      "shown": {"any": share(any_shown), **{k: share(v) for k, v in shown.items()}}}))


if __name__ == "__main__":
    main()
