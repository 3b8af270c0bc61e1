"""The real-statement stance benchmark's data and arithmetic (``benchmarks/stance_real.py``).

Fast: the CSV of labels parses with labels and kinds from the fixed sets; the span reader, the
plain-text rule, the scores and the choice of a statement's claim do what the module says; and,
when ../shared/data is present, every labelled span still has its recorded sha1. The model itself
runs only in the benchmark, by hand.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from benchmarks import stance_real
from benchmarks.stance_real import (KINDS, SIDES, Statement, most_confident, plain_text, read_benchmark,
                                    read_spans, score)


def test_the_benchmark_csv_parses_with_labels_and_kinds_from_the_fixed_sets():
    statements = read_benchmark()
    assert 250 <= len(statements) <= 350
    assert {s.label for s in statements} == set(SIDES)
    assert {s.kind for s in statements} <= set(KINDS)
    assert all(s.file.startswith(("ainews/", "seed/", "publisher-pages/")) for s in statements)
    # every label has enough statements for its F1 to mean something
    assert min(Counter(s.label for s in statements).values()) >= 30


@pytest.mark.parametrize(("row", "message"), [
    ("a.md,5,9,{sha},maybe,,plain", "label 'maybe'"),
    ("a.md,5,9,{sha},favor,,gossip", "kind 'gossip'"),
    ("a.md,9,5,{sha},favor,,plain", "offsets 9..5"),
    ("a.md,five,9,{sha},favor,,plain", "integers"),
    ("a.md,5,9,abc,favor,,plain", "sha1 'abc'"),
    ("../a.md,5,9,{sha},favor,,plain", "path '../a.md'"),
])
def test_a_wrong_row_is_refused_with_its_line(tmp_path, row, message):
    path = tmp_path / "labels.csv"
    sha = "0" * 40
    path.write_text(",".join(stance_real.COLUMNS) + "\n" + f"b.md,1,4,{sha},neutral,,plain\n"
                    + row.format(sha=sha) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf":3: .*{message}"):
        read_benchmark(path)


def test_the_same_span_twice_is_refused(tmp_path):
    path = tmp_path / "labels.csv"
    line = f"b.md,1,4,{'0' * 40},neutral,,plain\n"
    path.write_text(",".join(stance_real.COLUMNS) + "\n" + line + line, encoding="utf-8")
    with pytest.raises(ValueError, match="the same span twice"):
        read_benchmark(path)


def test_plain_text_is_what_a_reader_sees():
    md = "- **Lab X says** it found [fake accounts](https://example.org/a_(b)) in `logs` *today*."
    assert plain_text(md, "x.md") == "- Lab X says it found fake accounts in logs today."
    assert plain_text('(["Title"](https://example.org/t))', "x.md") == '("Title")'
    html = "<strong>Lab X</strong> &amp; friends\n  said <em>so</em>"
    assert plain_text(html, "x.html") == "Lab X & friends said so"
    assert plain_text(" plain  text\n", "x.txt") == "plain text"


def test_spans_are_read_and_a_changed_one_is_reported(tmp_path):
    text = "Zero. Lab X says the accounts were fake. Two."
    (tmp_path / "page.md").write_text(text, encoding="utf-8")
    start, end = 6, 40
    sha = hashlib.sha1(text[start:end].encode()).hexdigest()
    good = Statement("page.md", start, end, sha, "neutral", "Lab X", "plain")
    stale = Statement("page.md", 0, 5, "0" * 40, "neutral", "", "plain")
    missing = Statement("gone.md", 0, 5, "0" * 40, "neutral", "", "plain")
    texts, problems = read_spans([good, stale, missing], tmp_path)
    assert texts == ["Lab X says the accounts were fake.", None, None]
    assert any("page.md:0-5: sha1 no longer matches" in p for p in problems)
    assert any(p.startswith("gone.md: cannot read") for p in problems)


def test_scores_count_unclear_as_wrong_or_as_neutral():
    true = ["favor", "against", "neutral", "neutral"]
    pred = ["favor", "against", "unclear", "unrelated"]
    kinds = ["plain", "summary", "plain", "question"]
    strict = score(true, pred, kinds)
    assert strict["per_label_f1"] == {"favor": 1.0, "against": 1.0, "neutral": 0.0}
    assert strict["macro_f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert strict["confusion"]["neutral"] == {"favor": 0, "against": 0, "neutral": 0, "unclear": 1,
                                              "unrelated": 1}
    assert strict["per_kind"]["plain"] == [1, 2]
    lenient = score(true, pred, kinds, unclear_as_neutral=True)
    assert lenient["macro_f1"] == 1.0 and lenient["accuracy"] == 1.0
    assert lenient["confusion"]["neutral"]["unclear"] == 1  # the matrix keeps what the model said


def test_a_statement_takes_its_most_confident_claim_with_a_side():
    stances = [{"label": "unclear", "probability": 0.9}, {"label": "against", "probability": 0.6},
               {"label": "favor", "probability": 0.7}]
    assert most_confident(stances)["label"] == "favor"
    unsided = [{"label": "unrelated", "probability": 0.8}, {"label": "unclear", "probability": 0.3}]
    assert most_confident(unsided)["label"] == "unrelated"
    assert most_confident([]) is None


@pytest.mark.realdata
@pytest.mark.skipif(not stance_real.DATA.is_dir(), reason=f"{stance_real.DATA} is absent")
def test_every_labelled_span_still_has_its_sha1():
    statements = read_benchmark()
    texts, problems = read_spans(statements)
    assert problems == []
    assert all(texts)
