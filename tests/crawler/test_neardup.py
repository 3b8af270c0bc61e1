"""``crawler.text.shingles`` and ``crawler.neardup``: word shingles, and the MinHash LSH index of
near-duplicates built on their 5-grams."""

from __future__ import annotations

import random

import pytest

from crawler.neardup import NearDuplicateIndex, features
from crawler.text import shingles

WORDS = ("model", "lab", "account", "policy", "export", "rule", "chip", "data", "court", "claim", "senator",
         "market", "test", "user", "answer", "output", "memo", "review", "agency", "cloud")


def article(seed: int, n: int = 400) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(n)) + "."


def test_near_duplicate_features_are_case_folded_word_five_grams():
    assert features("The Quick brown fox jumps over") == {b"the quick brown fox jumps", b"quick brown fox jumps over"}
    assert features("the QUICK, brown; fox jumps over!") == features("The quick brown fox jumps over")


def test_short_and_empty_texts():
    assert features("two words") == {b"two words"}
    assert features("") == set()
    assert features("... !!! ---") == set()
    assert shingles(None) == []


def test_shingles_keep_order_and_repeats_and_can_keep_case():
    assert shingles("A b A b A b", 2) == [("a", "b"), ("b", "a"), ("a", "b"), ("b", "a"), ("a", "b")]
    assert shingles("A b c", 4, casefold=False) == [("A", "b", "c")]
    assert shingles("one two three four") == [("one", "two", "three", "four")]  # default: word 4-grams


def test_shingle_size_is_a_parameter():
    assert len(shingles("a b c d e f", size=2)) == 5
    with pytest.raises(ValueError):
        shingles("a b", size=0)


def test_a_copy_with_a_new_headline_and_footer_is_a_near_duplicate():
    index = NearDuplicateIndex()
    body = article(1)
    index.add(7, body)
    index.add(8, article(2))
    syndicated = "Lawmakers weigh new rules. " + body + " This story first appeared in The Ledger Review."
    assert index.query(syndicated) == 7


def test_a_different_text_is_not_a_near_duplicate():
    index = NearDuplicateIndex()
    index.add(1, article(1))
    assert index.query(article(3)) is None


def test_half_rewritten_text_is_below_the_default_threshold():
    a = article(1).split()
    half = " ".join(a[:200] + article(4).split()[200:])
    index = NearDuplicateIndex()
    index.add(1, " ".join(a))
    assert index.query(half) is None
    loose = NearDuplicateIndex(threshold=0.2)
    loose.add(1, " ".join(a))
    assert loose.query(half) == 1


def test_the_smallest_id_of_a_group_is_returned():
    index = NearDuplicateIndex()
    body = article(5)
    for doc_id in (12, 3, 40):
        index.add(doc_id, body)
    assert index.query(body) == 3


def test_adding_an_id_twice_keeps_the_first_text():
    index = NearDuplicateIndex()
    index.add(1, article(1))
    index.add(1, article(2))  # ignored, no error from the LSH (which refuses duplicate keys)
    assert index.query(article(1)) == 1
    assert index.query(article(2)) is None


def test_an_empty_index_finds_nothing():
    assert NearDuplicateIndex().query(article(1)) is None


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_threshold_out_of_range_is_refused(threshold):
    with pytest.raises(ValueError, match=r"^\[E203\] Near-duplicate threshold"):
        NearDuplicateIndex(threshold=threshold)
