"""The real-lead claims benchmark's arithmetic and labels (``benchmarks/claims_real.py``).

The texts here are written for the test; the label check reads the shared pages and skips
without them.
"""

from __future__ import annotations

import csv
import hashlib

import pytest

from benchmarks import claims_real
from benchmarks.claims_real import cue_offset, score

TEXT = ("The mayor said the bridge would reopen in May. Critics said the repairs were rushed, "
        "and the council said nothing.")


def label(cue: str, occurrence: int, speakers: str, text: str = TEXT) -> dict:
    at = cue_offset(text, cue, occurrence)
    return {"file": "page", "cue": cue, "occurrence": str(occurrence), "speakers": speakers,
            "sha1": hashlib.sha1(text[max(0, at - 200):at + 200].encode()).hexdigest()}


def claim(text: str, cue_at: int, cue: str, speaker: str, name: str | None = None) -> dict:
    return {"cue_start": cue_at, "cue_end": cue_at + len(cue), "cue": cue, "speaker": speaker,
            "speaker_name": name}


def test_cue_offset_counts_occurrences() -> None:
    assert cue_offset(TEXT, "said", 0) == TEXT.index("said")
    assert cue_offset(TEXT, "said", 2) == TEXT.rindex("said")
    assert cue_offset(TEXT, "said", 3) == -1


def test_found_right_speaker_wrong_speaker_and_missed() -> None:
    labels = [label("said", 0, "mayor"), label("said", 1, "Critics"), label("said", 2, "council")]
    claims = [claim(TEXT, cue_offset(TEXT, "said", 0), "said", "The mayor"),
              claim(TEXT, cue_offset(TEXT, "said", 1), "said", "they", name="the council")]
    result = score(labels, lambda _: claims, {"page": TEXT})
    assert (result["found"], result["right_speaker"], result["stale"]) == (2, 1, 0)
    assert result["found_rate"] == round(2 / 3, 3) and result["right_speaker_rate"] == round(1 / 3, 3)
    assert [m["why"] for m in result["misses"]] == ["wrong speaker", "not found"]


def test_resolved_name_counts_as_the_right_speaker() -> None:
    claims = [claim(TEXT, cue_offset(TEXT, "said", 1), "said", "they", name="Critics of the plan")]
    result = score([label("said", 1, "nobody|critics")], lambda _: claims, {"page": TEXT})
    assert result["right_speaker"] == 1


def test_a_changed_text_is_stale_not_a_miss() -> None:
    changed = TEXT.replace("bridge", "tunnel")
    result = score([label("said", 0, "mayor")], lambda _: [], {"page": changed})
    assert (result["stale"], result["found"], result["right_speaker_rate"]) == (1, 0, 0.0)


@pytest.mark.slow
@pytest.mark.skipif(not (claims_real.DATA / "publisher-pages").is_dir(),
                    reason=f"{claims_real.DATA / 'publisher-pages'} is absent")
def test_every_label_still_points_at_its_cue() -> None:
    with claims_real.CSV_PATH.open(encoding="utf-8") as f:
        labels = list(csv.DictReader(f))
    assert len(labels) >= 60
    texts = {name: claims_real.page_text(claims_real.DATA / name) for name in {r["file"] for r in labels}}
    result = score(labels, lambda _: [], texts)
    assert result["stale"] == 0, [m for m in result["misses"] if m["why"].startswith("stale")]
