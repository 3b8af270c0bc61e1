"""Analysis of text outside the store: what the ``claims`` and ``stance`` commands call.

``debatelens claims FILE`` prints each claim with the speaker as written (``speaker``) and the
speaker resolved inside the text (``speaker_name``: "he" -> "Hollis Varga", "the company" ->
"Anthropic"); ``debatelens stance`` reads those rows back (JSONL) and scores them, so the two
commands pipe together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from corpus.profile import Profile
from corpus.settings import default

from .errors import AnalysisError, Errors
from .stance.base import claim_text
from .stance.features import stance_speaker


def claim_rows(nlp, text: str, profile: Profile | None, *, window_chars: int = default("analysis_window_chars"),
               max_punctuation_run: int = default("max_punctuation_run")) -> list[dict[str, Any]]:
    """The claims of ``text`` as rows: speaker, speaker_name (resolved, ``None`` if not), role,
    framed (the sentence reports the claim to answer it: :func:`framed_by_sentence`), cue, content,
    kind, via and every character offset into ``text``.

    Untrusted text is bounded as ``analyze`` bounds it (:mod:`analysis.bounds`): runs of
    punctuation longer than ``max_punctuation_run`` are collapsed (same offsets), and a text
    longer than ``window_chars`` characters is parsed in windows, so no length is refused.

    Args:
        nlp: a pipeline from :func:`analysis.nlp.load_spacy` with the claims component (and the
            profile's actors, so names resolve to canonical actors).
        text: the document's text.
        profile: the debate profile (actors and their products), or ``None``.
        window_chars, max_punctuation_run: characters (settings ``analysis_window_chars``,
            ``max_punctuation_run``).
    """
    from .bounds import collapse_punctuation, restored, shifted, windows
    from .nlp import ACTOR_LABEL
    from .speakers import resolve_speakers

    actors = {a.name: ACTOR_LABEL.get(a.type, "ORG") for a in profile.actors} if profile else {}
    products = {p: a.name for a in profile.actors for p in a.products} if profile else {}
    analysed = collapse_punctuation(text, max_punctuation_run)
    nlp.max_length = max(nlp.max_length, window_chars + 1)
    claims, resolved, framed = [], [], []
    for start, end in windows(analysed, window_chars):
        doc = nlp(analysed[start:end])
        window_claims = list(doc._.claims or [])
        resolved += resolve_speakers(doc, window_claims, actors=actors, products=products)
        framed += [framed_by_sentence(doc, c) for c in window_claims]
        claims += [restored(shifted(c, start), text) for c in window_claims]
    rows = []
    for c, r, f in zip(claims, resolved, framed):
        rows.append({"speaker": c.speaker, "speaker_name": r.name, "role": r.role or None, "framed": f, "cue": c.cue,
                     "content": c.content, "kind": c.kind, "via": c.via or None,
                     "speaker_start": c.speaker_start, "speaker_end": c.speaker_end,
                     "cue_start": c.cue_start, "cue_end": c.cue_end,
                     "content_start": c.content_start, "content_end": c.content_end})
    return rows


#: Words that open a clause turning against what came before it in the sentence.
_CONTRAST = frozenset({"but", "yet", "however", "though", "although"})


def framed_by_sentence(doc, claim) -> bool:
    """Whether the sentence around ``claim`` reports it in order to answer it, so that the
    claim does not carry the sentence's side:

    - the claim sits in the subject of the sentence's main verb: "X's claims of industrial-scale
      campaigns are met with skepticism", "The accusation that Y copied its model drew scorn";
    - a contrast opens a later clause of the sentence: "X accused the labs of copying, but members
      were skeptical" (``but``, ``yet``, ``however``, ``though``, ``although`` after the claim's cue
      and content).

    Args:
        doc: the parsed window the claim was found in (its offsets are ``doc``'s).
        claim: a :class:`analysis.claims.Claim` of ``doc``.

    Returns:
        ``True`` when framed; ``False`` otherwise, or when the cue is not on token bounds.
    """
    span = doc.char_span(claim.cue_start, claim.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    cue = span.root
    sent = cue.sent
    tok = cue
    while tok.head != tok:
        if tok.dep_ in ("nsubj", "nsubjpass", "csubj") and tok.head == sent.root:
            return True
        tok = tok.head
    after = max(claim.cue_end, claim.content_end)
    return any(t.lower_ in _CONTRAST and t.idx >= after and t.dep_ in ("cc", "advmod", "mark")
               for t in sent)


@dataclass(frozen=True)
class ClaimInput:
    """A claim to score: the text the model reads (its content, after an evaluative cue: see
    :func:`analysis.stance.base.claim_text`), who made it (``""``: unknown), and the row it came from."""

    content: str
    speaker: str
    row: dict[str, Any]


def read_claim_lines(lines: Iterable[str], *, source: str = "-",
                     profile: Profile | None = None) -> Iterator[ClaimInput]:
    """Claims from JSONL lines (``content`` or ``text``; ``speaker_name`` or ``speaker``), as
    ``debatelens claims`` prints them; a line that is not JSON is a content with no speaker; blank
    lines are skipped. A row of ``debatelens claims`` whose ``speaker_name`` is null was left
    unresolved on purpose: its ``speaker`` is read without the ``profile``'s actor names
    (:func:`analysis.stance.features.stance_speaker`).

    Raises:
        AnalysisError: [E109] a JSON line that is not an object with a ``content`` or ``text``.
    """
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        stripped = line.strip()
        if not stripped.startswith("{"):
            yield ClaimInput(stripped, "", {"content": stripped})
            continue
        try:
            row = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise AnalysisError(Errors.E109.format(source=source, line=n, reason=f"not JSON ({exc.msg})")) from exc
        content = row.get("content") or row.get("text") if isinstance(row, dict) else None
        if not isinstance(content, str) or not content.strip():
            raise AnalysisError(Errors.E109.format(source=source, line=n, reason="no `content` (or `text`) string"))
        if "speaker_name" in row:
            speaker = stance_speaker(row.get("speaker_name"), row.get("speaker"), profile)
        else:
            speaker = row.get("speaker") or ""
        cue = row.get("cue")
        text = claim_text(cue, content) if isinstance(cue, str) else content
        yield ClaimInput(text, speaker if isinstance(speaker, str) else "", row)


#: Statements shorter than this (words) are scored as they are, not searched for attributions.
ATTRIBUTION_MIN_WORDS = 5


def attributions(nlp, claims: list[ClaimInput], profile: Profile | None, *,
                 min_words: int = ATTRIBUTION_MIN_WORDS) -> list[list[ClaimInput]]:
    """The claims found inside each statement that came without a speaker.

    A statement read as a plain sentence ("Anthropic said the accounts were fraudulent") holds
    its speaker and cue; the stance model was fitted on claims (the speaker apart from what was
    said), and the speaker's side is one of its strongest signals. So a statement given with no
    speaker is run through the claims component (:func:`claim_rows`) and each claim found, with
    its resolved speaker, stands for a part of it. A statement with a speaker, or with fewer
    than ``min_words`` words, or in which no claim is found, is scored as it is (an empty list).

    Returns:
        one list per statement, in order: the claims found in it as :class:`ClaimInput` (their
        ``row`` is the claim row of :func:`claim_rows`).
    """
    out: list[list[ClaimInput]] = []
    for claim in claims:
        parts: list[ClaimInput] = []
        if not claim.speaker.strip() and len(claim.content.split()) >= min_words:
            for row in claim_rows(nlp, claim.content, profile):
                if row.get("framed"):
                    continue  # reported to be answered: the statement's side is not the claim's
                speaker = stance_speaker(row.get("speaker_name"), row.get("speaker"), profile)
                if speaker.strip() and len(row["content"].split()) >= 3:
                    parts.append(ClaimInput(claim_text(row["cue"], row["content"]), speaker, row))
        out.append(parts)
    return out


def stance_rows(model, claims: list[ClaimInput], *, proposition: str | None = None,
                parts: list[list[ClaimInput]] | None = None) -> list[dict[str, Any]]:
    """Each claim's row with its stances: ``stances`` is a list of {proposition, label,
    probability, relatedness, score, probabilities}, toward ``proposition`` only when given
    (then also when unrelated), else toward every related proposition.

    ``parts`` (from :func:`attributions`): for a statement with claims found inside it, the
    stance is the mean of two halves: the whole statement read as said by the speaker of its
    longest claim (its frame: "are met with skepticism", "highlight the irony of ..."), and its
    claims, their probabilities averaged with weights by content length (words), so "X accused
    Y; Y denied it" comes out between the sides. Measured on the 282 real statements of
    ``benchmarks/stance_real.py``: macro-F1 0.537 with the claims alone, 0.575 with the whole
    statement alone, 0.587 with both. The row gains ``attributed``, the claims scored (speaker,
    cue, content)."""
    parts = parts if parts is not None else [[] for _ in claims]
    units: list[tuple[int, ClaimInput]] = []
    unit_weights: list[float] = []
    for i, claim in enumerate(claims):
        if not parts[i]:
            units.append((i, claim))
            unit_weights.append(1.0)
            continue
        # The statement in its own frame ("are met with skepticism", "highlight the irony of"),
        # read as said by the speaker of its main claim, counts as much as its claims together.
        main = max(parts[i], key=lambda p: len(p.content))
        lengths = [max(len(p.content.split()), 1) for p in parts[i]]
        units.append((i, ClaimInput(claim.content, main.speaker, claim.row)))
        unit_weights.append(float(sum(lengths)))
        units += [(i, p) for p in parts[i]]
        unit_weights += [float(n) for n in lengths]
    texts = [u.content for _, u in units]
    speakers = [u.speaker for _, u in units]
    if not hasattr(model, "probabilities") or not any(parts):  # one unit per claim: score as they are
        scored = model.score(texts, speakers=speakers, propositions=[proposition] if proposition else None,
                             include_unrelated=bool(proposition))
        per_claim = scored
    else:
        vectors = model.embedder.encode(texts) if texts else None
        if proposition:
            keys_of = [{proposition} for _ in claims]
        else:
            keys_of = [set() for _ in claims]
            for (i, _), bears in zip(units, model.bears_on(vectors)):
                keys_of[i] |= bears
        keys = sorted(set().union(*keys_of)) if keys_of else []
        probs = model.probabilities(texts, speakers=speakers, vectors=vectors, propositions=keys)
        weights = np.asarray(unit_weights, dtype=float)
        rows_of: dict[int, list[int]] = {}
        for j, (i, _) in enumerate(units):
            rows_of.setdefault(i, []).append(j)
        per_claim = []
        for i in range(len(claims)):
            rows = rows_of.get(i, [])
            stances = []
            for key in (k for k in keys if k in keys_of[i]):
                mean = np.average(probs[key][rows], axis=0, weights=weights[rows])
                stance = model.stance_of(key, mean, include_unrelated=bool(proposition))
                if stance is not None:
                    stances.append(stance)
            per_claim.append(stances)
    out = []
    for i, (claim, stances) in enumerate(zip(claims, per_claim)):
        row = {**claim.row}
        if parts[i]:
            row["attributed"] = [{"speaker": p.speaker, "cue": p.row.get("cue"), "content": p.row.get("content")}
                                 for p in parts[i]]
        row["stances"] = [{"proposition": s.proposition, "label": s.label, "probability": s.probability,
                           "relatedness": s.relatedness, "score": s.score, "probabilities": s.probabilities}
                          for s in stances]
        out.append(row)
    return out
