"""Where contents begin and end (analysis.claims.bounds) and the cue classes added after the first
round of issue 7. Every sentence here is written for these tests (none comes from the evaluation
data).
"""

from __future__ import annotations

import pytest

from analysis.claims import Claim, extract_claims

pytestmark = pytest.mark.slow


def by_speaker(claims: list[Claim], speaker: str) -> Claim:
    hits = [c for c in claims if c.speaker == speaker]
    assert len(hits) == 1, claims
    return hits[0]


def content_of(nlp, text: str, speaker: str) -> str:
    claim = by_speaker(extract_claims(nlp(text)), speaker)
    assert text[claim.content_start:claim.content_end] == claim.content
    return claim.content


# --------------------------------------------------------------------------- cut_tail

def test_non_restrictive_relative_clause_is_not_content(nlp) -> None:
    text = ("Mr. Okafor said the startup copied the outputs of Larkspur's model, which "
            "has been sold to banks since March.")
    content = content_of(nlp, text, "Mr. Okafor")
    assert content.startswith("the startup copied")
    assert "which" not in content and "banks" not in content


def test_comma_participle_of_the_writer_is_not_content(nlp) -> None:
    text = ("The senator claimed that the lab had broken its terms of service, citing no "
            "evidence for the charge.")
    content = content_of(nlp, text, "The senator")
    assert content.endswith("terms of service")


def test_concessive_clause_is_not_content(nlp) -> None:
    text = ("Ms. Brandt argued that distillation was fair use, although she declined to say "
            "which models her team had queried.")
    content = content_of(nlp, text, "Ms. Brandt")
    assert content.endswith("fair use")


def test_restrictive_relative_clause_stays(nlp) -> None:
    text = "The engineer said the accounts that sent the queries were opened in one week."
    assert content_of(nlp, text, "The engineer") == (
        "the accounts that sent the queries were opened in one week")


# --------------------------------------------------------------------------- coordinated

def test_two_complements_of_one_cue_are_one_content(nlp) -> None:
    text = ("Ms. Ito said the lab has deep respect for open research and its new policy was "
            "instead a response to abuse.")
    content = content_of(nlp, text, "Ms. Ito")
    assert content.startswith("the lab has deep respect")
    assert content.endswith("a response to abuse")


def test_coordinated_infinitives_of_an_intention_are_one_content(nlp) -> None:
    text = ("She wants to audit every account, publish the logs and ban the resellers.")
    content = content_of(nlp, text, "She")
    assert content.startswith("to audit every account")
    assert content.endswith("ban the resellers")


# --------------------------------------------------------------------------- noun-phrase contents

def test_reason_of_a_judgement_is_content(nlp) -> None:
    text = "The professor blasted the lab for hiding its own scraping of news sites."
    content = content_of(nlp, text, "The professor")
    assert content == "the lab for hiding its own scraping of news sites"


# --------------------------------------------------------------------------- quotations

def test_quotation_interrupted_by_a_long_apposition_is_one_claim(nlp) -> None:
    text = ('"The accounts asked the same questions in the same order, thousands of times a day," '
            "said Mira Castellano, a security researcher at the University of Tallinn who studies "
            'model abuse. "Nobody types like that, and nobody pays for it by accident either."')
    claims = [c for c in extract_claims(nlp(text)) if c.kind == "direct"]
    assert len(claims) == 1, claims
    assert claims[0].content.startswith("The accounts asked")
    assert claims[0].content.endswith("by accident either.")
    assert claims[0].speaker.startswith("Mira Castellano")


# --------------------------------------------------------------------------- cue classes

def test_evidence_verb_with_a_noun_phrase_content(nlp) -> None:
    text = "Recent polls show a close race between the two labs."
    claim = by_speaker(extract_claims(nlp(text)), "Recent polls")
    assert claim.content == "a close race between the two labs"


def test_presenting_a_proposal_is_a_claim(nlp) -> None:
    text = "The commissioner unveiled a plan to register every large training run."
    claim = by_speaker(extract_claims(nlp(text)), "The commissioner")
    assert claim.content.startswith("a plan to register")


def test_nominal_cue_with_a_pronoun_possessor(nlp) -> None:
    text = "Her warning that open weights would be copied within days was ignored."
    claims = extract_claims(nlp(text))
    claim = next(c for c in claims if c.cue == "warning")
    assert claim.speaker == "Her"
    assert claim.content.startswith("open weights would be copied")


# --------------------------------------------------------------------------- speakers

def test_object_control_the_object_is_the_speaker(nlp) -> None:
    text = ("The hearing forced the chief executive to admit that the filters had failed "
            "for a year.")
    claims = extract_claims(nlp(text))
    claim = next(c for c in claims if c.cue.endswith("admit"))
    assert claim.speaker == "the chief executive"
    assert claim.content.startswith("the filters had failed")


# --------------------------------------------------------------------------- the short-content filter

def test_short_contents_are_dropped_unless_measuring(nlp) -> None:
    doc = nlp("The regulator welcomed the ban.")
    assert extract_claims(doc) == []  # two words of content: not stored
    kept = extract_claims(doc, min_content_words=1)
    assert [c.content for c in kept] == ["the ban"]


def test_nominal_cue_with_a_from_source(nlp) -> None:
    text = "The labs received a demand from the ministry for a full list of their training sources."
    claim = next(c for c in extract_claims(nlp(text)) if c.cue == "demand")
    assert claim.speaker == "the ministry"
    assert claim.content == "a full list of their training sources"
