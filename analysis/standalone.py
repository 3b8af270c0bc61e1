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

from corpus.profile import Profile
from corpus.settings import default

from .errors import AnalysisError, Errors


def claim_rows(nlp, text: str, profile: Profile | None, *, window_chars: int = default("analysis_window_chars"),
               max_punctuation_run: int = default("max_punctuation_run")) -> list[dict[str, Any]]:
    """The claims of ``text`` as rows: speaker, speaker_name (resolved, ``None`` if not), role,
    cue, content, kind, via and every character offset into ``text``.

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
    claims, resolved = [], []
    for start, end in windows(analysed, window_chars):
        doc = nlp(analysed[start:end])
        window_claims = list(doc._.claims or [])
        resolved += resolve_speakers(doc, window_claims, actors=actors, products=products)
        claims += [restored(shifted(c, start), text) for c in window_claims]
    rows = []
    for c, r in zip(claims, resolved):
        rows.append({"speaker": c.speaker, "speaker_name": r.name, "role": r.role or None, "cue": c.cue,
                     "content": c.content, "kind": c.kind, "via": c.via or None,
                     "speaker_start": c.speaker_start, "speaker_end": c.speaker_end,
                     "cue_start": c.cue_start, "cue_end": c.cue_end,
                     "content_start": c.content_start, "content_end": c.content_end})
    return rows


@dataclass(frozen=True)
class ClaimInput:
    """A claim to score: its content, who made it (``""``: unknown), and the row it came from."""

    content: str
    speaker: str
    row: dict[str, Any]


def read_claim_lines(lines: Iterable[str], *, source: str = "-") -> Iterator[ClaimInput]:
    """Claims from JSONL lines (``content`` or ``text``; ``speaker_name`` or ``speaker``), as
    ``debatelens claims`` prints them; a line that is not JSON is a content with no speaker; blank
    lines are skipped.

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
        speaker = row.get("speaker_name") or row.get("speaker") or ""
        yield ClaimInput(content, speaker if isinstance(speaker, str) else "", row)


def stance_rows(model, claims: list[ClaimInput], *, proposition: str | None = None) -> list[dict[str, Any]]:
    """Each claim's row with its stances: ``stances`` is a list of {proposition, label,
    probability, relatedness, score, probabilities}, toward ``proposition`` only when given
    (then also when unrelated), else toward every related proposition."""
    scored = model.score([c.content for c in claims], speakers=[c.speaker for c in claims],
                         propositions=[proposition] if proposition else None, include_unrelated=bool(proposition))
    out = []
    for claim, stances in zip(claims, scored):
        out.append({**claim.row, "stances": [
            {"proposition": s.proposition, "label": s.label, "probability": s.probability,
             "relatedness": s.relatedness, "score": s.score, "probabilities": s.probabilities} for s in stances]})
    return out
