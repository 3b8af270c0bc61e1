"""Stance on real statements: the trained model against 282 sentences of the shared pages, labelled by hand.

Run by hand, never in CI::

    python benchmarks/stance_real.py                        # every mode, statements without speakers
    python benchmarks/stance_real.py --with-speaker         # mode (a) with the labelled speaker
    python benchmarks/stance_real.py --errors /tmp/err.jsonl  # the misclassified ones (real text:
                                                            # keep the file out of the repository)
    python benchmarks/stance_real.py --json /tmp/figures.json

What it measures. The stance of each statement toward ``accusation-justified`` ("The accusation
that rival labs illicitly distilled a frontier model through fraudulent accounts is justified.")
as the model ``debatelens stance`` uses gives it (the same settings, the same file: loaded, or
trained first, by :func:`analysis.stance.training.load_or_train`), in two modes:

(a) ``whole``: the statement is the claim's content; its speaker is the labelled ``speaker`` with
    ``--with-speaker``, else none;
(b) ``claims``: the statement goes through the claims extractor first
    (:func:`analysis.standalone.claim_rows`, the default spaCy pipeline with the profile's
    actors), each claim is scored as ``debatelens claims | debatelens stance -`` scores it (its
    resolved speaker, else the speaker as written), and the statement takes the label of its most
    confident claim: the highest ``probability`` among claims labelled favor / against /
    neutral, else (every claim ``unclear`` or ``unrelated``) the highest among all of them. A
    statement with no claim falls back to mode (a);
(c) ``attributed``: what ``debatelens stance`` does by default with a statement read as plain
    text (:func:`analysis.standalone.attributions`, then ``stance_rows(..., parts=...)``): a
    statement without a speaker is searched for claims, and its stance is the mean of the whole
    statement read as said by its longest claim's speaker and of the length-weighted mean of its
    claims' probabilities; one with a speaker (``--with-speaker``), or in which no claim is
    found, is scored whole, as in (a).

For each mode: macro-F1 over favor / against / neutral, a prediction of ``unclear`` or
``unrelated`` counting as wrong, and the same with them counting as ``neutral`` (the figure
``benchmarks/stance.py`` and ``train-stance`` report); F1 per label; the confusion matrix (rows
true, columns predicted); accuracy per kind.

Measured (macro-F1, unclear/unrelated counted wrong; the goal is 0.75): at 0430bfd, with the
first labels, (a) 0.375, (b) 0.420, (c) 0.412; with the labels of the convention below, before
the n-gram block (eda7884): (a) 0.455, (b) 0.541, (c) 0.584; with word 1-2-grams (cdfd619):
0.498, 0.590, 0.606; with 48 more round-up statements in the labelled set (2ad68f2): 0.488,
0.605, 0.619; with speakers that are not credited to a name they only mention ("critics of X"),
89 more round-up and reporting statements, the round-up register in the skepticism cue, and
claims the sentence reports to answer them left out of its side (d92cc8d): 0.589, 0.636, 0.669;
with the labels implied across propositions (a hypocrisy retort also taught as against the
accusation, ``StanceConfig.implied_weight`` 1.0; 0.5 gave 0.674 for (c)): 0.607, 0.641, 0.676.
Round-ups of criticism without a denial's words are still read as neutral most often, and
neutral reporting of the accusation's facts as favor.

The data. ``benchmarks/data/stance-real-dev.csv`` holds labels only, keyed by place:
``file`` (a path under ``../shared/data``), ``start`` / ``end`` (character offsets into the file's
text read as UTF-8 with no newline translation), ``sha1`` (of that span, so a changed file is
seen), ``label``, ``speaker`` (as the sentence names it: "Anthropic says ..." -> Anthropic,
"commenters argue ..." -> commenters; empty for a reporter's own words or a bare headline) and
``kind``. No real text is in the repository; without ``../shared/data`` the benchmark says so and
stops. The statement scored is the span made plain: in markdown, ``[text](url)`` becomes its text
and ``*`` and backquotes go; in HTML (the 2025 digests, whose markdown twins are stubs), tags are
removed and entities decoded; whitespace runs become one space.

The statements: the seed article, the AI-news digests of the OpenAI / David Sacks accusation
against DeepSeek (Jan 2025, ``ainews/html``) and of Anthropic's against DeepSeek, Moonshot AI and
MiniMax (Feb 2026) with its sequels in the digests (Anthropic on Alibaba, the White House on
Moonshot's Kimi K3; ``ainews/markdown``). The publisher pages and the extraction benchmark have
no page on the dispute. Every statement bears on the dispute; the mix is the pages' own: most are
round-ups of forum reactions, most reactions are against, and the accused labs' denials do not
appear in these pages at all (``denial`` is in the kinds for statements added later).

Labelling guide (one careful reading, applied to every statement; the label is the stance of the
statement as published, toward ``accusation-justified``):

- favor: the statement asserts or backs the accusation. The accuser in its own words (a quoted
  post: 'Anthropic: "We've identified industrial-scale distillation attacks ..."'); anyone
  finding it credible or calling it fraud; a writer who states the alleged acts as fact, with no
  attribution or a factive verb ("These attacks involved creating over 24,000 fraudulent
  accounts", "Anthropic has identified that ...", "a report detailing how ... extracted", "After
  Moonshot AI executed distillation attacks ..."); arguments against a rebuttal ("a distilled
  model outperforming on that leaderboard would not rule out distillation").
- against: the statement disputes, dismisses or mocks it, or attacks the accuser's standing:
  denials; "no evidence", "paid API use", "not theft", "technically implausible"; motives (PR,
  lobbying, protectionism, timing); the hypocrisy retort (the accusers scraped the web, books,
  art themselves); mockery and memes.
- neutral: on the proposition, no side: background on distillation; the writer's own framing
  that carries nobody's claim ("The accusation landed amid a debate over export controls",
  "Anthropic named three labs in a post describing what it called distillation attacks",
  "users shared a WSJ article about the accusation"); consequences and questions that lean
  neither way; hedges both ways ("If accurate, that escalates ..."); both sides reported.
- Reported speech takes the side of the claim it reports, whoever reports it: "Anthropic says it
  detected industrial-scale distillation", "OpenAI accuses DeepSeek of ...", "according to the
  company, 24,000 fake accounts were created" are favor (the accuser's claim, as the issue's
  "plain accusations" are), as a reported denial is against. This is the claim-level reading the
  product stores (a claim: speaker Anthropic, content "it detected ..."), so the grid and a
  statement's label agree. A round-up of reactions takes the side of the reactions it reports
  ("Commenters highlight the irony of ..." is against; "Others argue distillation at this scale
  is meaningfully different ..." is favor); one that reports both sides, or a debate with no
  side, is neutral. (The first labelling, at 1f5438c, read reported accusations as neutral;
  31 statements were relabelled favor at this convention.)

Kinds (:data:`KINDS`; one a statement, the first that applies in this order): ``government`` (a
government voice, or a statement reporting one), ``legal`` (the substance is law: copyright,
terms of service, statutes), ``summary`` (a writer's round-up of what unnamed commenters,
members, replies or "the discussion" said), ``question``, ``sarcasm`` (the statement itself mocks:
memes, joke headlines), ``denial``, ``concession``, ``hedge``, ``hypocrisy``, ``rebuttal`` (on
the merits: normal use, not theft, no or weak evidence, implausible), ``skepticism`` (motive,
timing, the accuser's methods), ``support`` (someone other than the accuser backing it),
``vocabulary-trap`` (the dispute's words used for something else), ``accuser-facts`` (the
accuser in its own words), ``reporter-facts`` (what the accusation says, as reported or as
adopted by the writer), ``plain`` (background and facts of the story). ``summary``,
``hypocrisy``, ``sarcasm``, ``concession``, ``hedge``, ``question``, ``government``, ``legal``,
``accuser-facts``, ``reporter-facts`` and ``plain`` mean what they mean in the profile's labelled
set; ``rebuttal``, ``skepticism`` and ``support`` are its ``plain`` statements split by their move.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: The labelled statements (labels and places only).
CSV_PATH = ROOT / "benchmarks" / "data" / "stance-real-dev.csv"
#: Where the spans are read from.
DATA = ROOT.parent / "shared" / "data"
PROPOSITION = "accusation-justified"
COLUMNS = ("file", "start", "end", "sha1", "label", "speaker", "kind")
SIDES = ("favor", "against", "neutral")
#: Columns of the confusion matrix: what the model may answer.
PREDICTED = ("favor", "against", "neutral", "unclear", "unrelated")
#: Kinds of statement, in the order of precedence of the module docstring.
KINDS = ("government", "legal", "summary", "question", "sarcasm", "denial", "concession", "hedge",
         "hypocrisy", "rebuttal", "skepticism", "support", "vocabulary-trap", "accuser-facts",
         "reporter-facts", "plain")


@dataclass(frozen=True)
class Statement:
    """One labelled statement: where it is (``file`` under the data folder, ``start``/``end`` in
    characters) and what it is (``label`` in :data:`SIDES`, ``speaker``, ``kind`` in :data:`KINDS`)."""

    file: str
    start: int
    end: int
    sha1: str
    label: str
    speaker: str
    kind: str


def read_benchmark(path: str | os.PathLike[str] = CSV_PATH) -> list[Statement]:
    """The statements of the CSV at ``path``, in file order.

    Raises:
        ValueError: a wrong header, a label or kind outside :data:`SIDES` / :data:`KINDS`,
            offsets that are not integers with ``0 <= start < end``, a sha1 that is not 40 hex
            digits, an absolute or ``..`` path, or the same span twice (the message names the line).
    """
    out, seen = [], set()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: the header must be {','.join(COLUMNS)}")
        for n, row in enumerate(reader, start=2):
            try:
                start, end = int(row["start"]), int(row["end"])
            except (TypeError, ValueError):
                raise ValueError(f"{path}:{n}: start and end must be integers") from None
            problems = [
                (not 0 <= start < end, f"offsets {start}..{end}"),
                (row["label"] not in SIDES, f"label {row['label']!r} is not one of {', '.join(SIDES)}"),
                (row["kind"] not in KINDS, f"kind {row['kind']!r} is not one of {', '.join(KINDS)}"),
                (not re.fullmatch(r"[0-9a-f]{40}", row["sha1"] or ""), f"sha1 {row['sha1']!r}"),
                (Path(row["file"]).is_absolute() or ".." in Path(row["file"]).parts, f"path {row['file']!r}"),
                ((row["file"], start, end) in seen, "the same span twice"),
            ]
            for bad, what in problems:
                if bad:
                    raise ValueError(f"{path}:{n}: {what}")
            seen.add((row["file"], start, end))
            out.append(Statement(row["file"], start, end, row["sha1"], row["label"], row["speaker"] or "",
                                 row["kind"]))
    return out


def plain_text(span: str, file: str) -> str:
    """The statement a reader sees in ``span`` of ``file``: HTML tags removed and entities decoded
    (``.html``); markdown links reduced to their text, ``*`` and backquotes removed (``.md``);
    whitespace runs made one space, ends stripped."""
    if file.endswith((".html", ".htm")):
        text = html.unescape(re.sub(r"<[^>]*>", "", span))
    elif file.endswith(".md"):
        text = span
        for _ in range(3):  # links inside link texts: (["Title"](url))
            text = re.sub(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)", r"\1", text)
        text = re.sub(r"[*`]+", "", text)
    else:
        text = span
    return re.sub(r"\s+", " ", text).strip()


def read_spans(statements: Sequence[Statement], data: Path = DATA) -> tuple[list[str | None], list[str]]:
    """Each statement's plain text (``None`` when its file is missing or its span changed), and a
    line per problem (missing file, span outside the file, sha1 that no longer matches)."""
    texts: dict[str, str | None] = {}
    out, problems = [], []
    for s in statements:
        if s.file not in texts:
            try:
                with open(data / s.file, encoding="utf-8", newline="") as fh:
                    texts[s.file] = fh.read()
            except OSError as exc:
                texts[s.file] = None
                problems.append(f"{s.file}: cannot read ({exc.strerror or exc})")
        text = texts[s.file]
        if text is None:
            out.append(None)
            continue
        span = text[s.start:s.end]
        if s.end > len(text) or hashlib.sha1(span.encode("utf-8")).hexdigest() != s.sha1:
            problems.append(f"{s.file}:{s.start}-{s.end}: sha1 no longer matches (the file changed)")
            out.append(None)
            continue
        out.append(plain_text(span, s.file))
    return out, problems


def f1(true: Sequence[str], pred: Sequence[str], label: str) -> float:
    """F1 of ``label`` (0.0 when it is neither true nor predicted anywhere, or never right)."""
    tp = sum(t == label == p for t, p in zip(true, pred))
    fp = sum(t != label == p for t, p in zip(true, pred))
    fn = sum(p != label == t for t, p in zip(true, pred))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(true: Sequence[str], pred: Sequence[str], kinds: Sequence[str], *,
          unclear_as_neutral: bool = False) -> dict[str, Any]:
    """Figures of predictions ``pred`` (any of :data:`PREDICTED`) against ``true`` (:data:`SIDES`).

    Returns ``macro_f1`` (mean F1 over :data:`SIDES`), ``per_label_f1``, ``accuracy``,
    ``confusion`` (true label -> predicted label -> count, over :data:`PREDICTED`) and
    ``per_kind`` (kind -> [right, total]). ``unclear`` and ``unrelated`` are never right unless
    ``unclear_as_neutral``, which reads them as ``neutral`` first (the confusion matrix keeps
    what the model said).
    """
    said = list(pred)
    if unclear_as_neutral:
        pred = [p if p in SIDES else "neutral" for p in pred]
    per = {label: round(f1(true, pred, label), 3) for label in SIDES}
    confusion = {t: {p: 0 for p in PREDICTED} for t in SIDES}
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t, p, s, k in zip(true, pred, said, kinds):
        confusion[t][s] += 1
        per_kind[k][0] += t == p
        per_kind[k][1] += 1
    right = sum(t == p for t, p in zip(true, pred))
    return {"n": len(true), "macro_f1": round(sum(per.values()) / len(SIDES), 3), "per_label_f1": per,
            "accuracy": round(right / len(true), 3) if true else 0.0, "confusion": confusion,
            "per_kind": dict(sorted(per_kind.items(), key=lambda kv: -kv[1][1]))}


def most_confident(stances: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The stance (a row of :func:`analysis.standalone.stance_rows`' ``stances``) a statement takes
    from its claims: the most probable of those with a side, else the most probable of all."""
    if not stances:
        return None
    sided = [s for s in stances if s["label"] in SIDES]
    return max(sided or stances, key=lambda s: s["probability"])


def whole_mode(model, texts: list[str], speakers: list[str]) -> list[dict[str, Any]]:
    """Mode (a): each text scored as one claim toward :data:`PROPOSITION`; one stance row each."""
    from analysis.standalone import ClaimInput, stance_rows

    rows = stance_rows(model, [ClaimInput(t, sp, {"content": t}) for t, sp in zip(texts, speakers)],
                       proposition=PROPOSITION)
    return [r["stances"][0] for r in rows]


def claims_mode(model, nlp, profile, texts: list[str],
                fallback: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mode (b): the claims of each text, scored, the statement taking its :func:`most_confident`
    claim's stance (with ``claim``: that claim's speaker and content); ``fallback[i]`` (mode (a))
    with ``claim = None`` when a text has no claim."""
    from analysis.standalone import claim_rows, read_claim_lines, stance_rows

    found = [[r for r in claim_rows(nlp, t, profile) if (r.get("content") or "").strip()] for t in texts]
    # the rows go through read_claim_lines as `debatelens claims | debatelens stance -` sends them
    claims = list(read_claim_lines((json.dumps(r) for rows in found for r in rows), profile=profile))
    scored = iter(stance_rows(model, claims, proposition=PROPOSITION)) if claims else iter(())
    out = []
    for i, rows in enumerate(found):
        mine = [next(scored) for _ in rows]
        stances = [{**r["stances"][0], "claim": {"speaker": r.get("speaker_name") or r.get("speaker") or "",
                                                 "content": r["content"]}} for r in mine]
        best = most_confident(stances)
        out.append(best if best is not None else {**fallback[i], "claim": None})
    return out


def attributed_mode(model, nlp, profile, texts: list[str], speakers: list[str]) -> list[dict[str, Any]]:
    """Mode (c): each text as ``debatelens stance`` scores a plain statement by default; one
    stance row each, with ``claim`` = the claims it was scored from (``None``: scored whole)."""
    from analysis.standalone import ClaimInput, attributions, stance_rows

    claims = [ClaimInput(t, sp, {"content": t}) for t, sp in zip(texts, speakers)]
    rows = stance_rows(model, claims, proposition=PROPOSITION, parts=attributions(nlp, claims, profile))
    return [{**r["stances"][0], "claim": r.get("attributed")} for r in rows]


def _print(name: str, statements: Sequence[Statement], stances: Sequence[dict[str, Any]]) -> dict[str, Any]:
    true, kinds = [s.label for s in statements], [s.kind for s in statements]
    pred = [s["label"] for s in stances]
    strict = score(true, pred, kinds)
    lenient = score(true, pred, kinds, unclear_as_neutral=True)
    print(f"\n== {name}: {strict['n']} statements ==")
    print(f"macro-F1 {strict['macro_f1']:.3f} (unclear/unrelated wrong), {lenient['macro_f1']:.3f} "
          f"(as neutral); accuracy {strict['accuracy']:.3f} / {lenient['accuracy']:.3f}")
    print("F1 per label (wrong / as neutral): " + ", ".join(
        f"{k} {strict['per_label_f1'][k]:.3f} / {lenient['per_label_f1'][k]:.3f}" for k in SIDES))
    print("confusion (rows true, columns predicted):")
    print(" " * 10 + "".join(f"{p:>10}" for p in PREDICTED))
    for t in SIDES:
        print(f"{t:<10}" + "".join(f"{strict['confusion'][t][p]:>10}" for p in PREDICTED))
    print("accuracy per kind (wrong / as neutral):")
    for kind, (ok, n) in strict["per_kind"].items():
        print(f"  {kind:<16} {ok:>3}/{n:<3} {ok / n:.2f} / {lenient['per_kind'][kind][0] / n:.2f}")
    return {"strict": strict, "unclear_as_neutral": lenient}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV_PATH, help="the labelled statements")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--with-speaker", action="store_true", help="mode (a) with the labelled speaker")
    parser.add_argument("--mode", choices=["all", "whole", "claims", "attributed"], default="all")
    parser.add_argument("--errors", type=Path, help="misclassified statements to this JSONL")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--config", default=None, help="a settings file, as the commands take it")
    args = parser.parse_args(argv)

    statements = read_benchmark(args.csv)
    if not args.data.is_dir():
        print(f"skipped: no shared data at {args.data} (the spans are read from it)")
        return 0
    texts, problems = read_spans(statements, args.data)
    for line in problems:
        print(f"warning: {line}", file=sys.stderr)
    keep = [i for i, t in enumerate(texts) if t is not None]
    statements, texts = [statements[i] for i in keep], [texts[i] for i in keep]
    if not statements:
        print("skipped: no statement could be read")
        return 1
    print(f"{len(statements)} statements ({len(problems)} unreadable or changed): "
          + ", ".join(f"{k} {v}" for k, v in Counter(s.label for s in statements).most_common()))

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from analysis.embeddings import Embedder
    from analysis.stance.training import load_or_train
    from corpus.profile import load_profile
    from corpus.settings import load_settings

    settings = load_settings(config=args.config)
    profile = load_profile(settings.profile)
    model, path = load_or_train(settings, profile, Embedder(settings.embedding_model))
    print(f"model {model.name} ({path}); speakers in mode (a): {'labelled' if args.with_speaker else 'none'}")

    speakers = [s.speaker if args.with_speaker else "" for s in statements]
    whole = whole_mode(model, texts, speakers)
    results, modes = {}, {}
    if args.mode in ("all", "whole"):
        modes["whole"] = whole
        results["whole"] = _print("(a) whole statement", statements, whole)
    if args.mode in ("all", "claims", "attributed"):
        from analysis.nlp import load_spacy

        nlp = load_spacy(settings.spacy_model, profile=profile, claims=True)
    if args.mode in ("all", "claims"):
        claims = claims_mode(model, nlp, profile, texts, whole)
        fell_back = sum(c["claim"] is None for c in claims)
        print(f"\nmode (b): {len(claims) - fell_back} statements with claims, "
              f"{fell_back} without (scored as (a))")
        modes["claims"] = claims
        results["claims"] = _print("(b) claims, most confident", statements, claims)
    if args.mode in ("all", "attributed"):
        attributed = attributed_mode(model, nlp, profile, texts, speakers)
        found = sum(a["claim"] is not None for a in attributed)
        print(f"\nmode (c): {found} statements scored from the claims found in them, "
              f"{len(attributed) - found} whole")
        modes["attributed"] = attributed
        results["attributed"] = _print("(c) as `debatelens stance` scores it", statements, attributed)
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as fh:
            for mode, stances in modes.items():
                for s, text, st in zip(statements, texts, stances):
                    if st["label"] != s.label:
                        fh.write(json.dumps({"mode": mode, "file": s.file, "start": s.start, "end": s.end,
                                             "kind": s.kind, "speaker": s.speaker, "label": s.label,
                                             "predicted": st["label"], "probability": st["probability"],
                                             "probabilities": st["probabilities"], "claim": st.get("claim"),
                                             "text": text}, ensure_ascii=False) + "\n")
        print(f"\nmisclassified statements written to {args.errors}")
    if args.json:
        args.json.write_text(json.dumps({"model": model.name, "with_speaker": args.with_speaker,
                                         "statements": len(statements), "modes": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
