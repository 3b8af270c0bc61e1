"""analysis.nlp: the profile's entity_ruler before the NER, and mentions of actors."""

from __future__ import annotations

import pytest

from analysis.mentions import mentions
from analysis.nlp import actor_patterns, load_spacy
from corpus.errors import NotInstalled
from corpus.profile import load_profile

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.fixture(scope="module")
def nlp(profile):
    return load_spacy(profile=profile, claims=False)


def test_ruler_runs_before_the_ner(nlp):
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")


def test_actors_the_small_model_mislabels_are_found(nlp, profile):
    # Measured: without the ruler, en_core_web_sm tags DeepSeek CARDINAL and MiniMax PERSON.
    doc = nlp("Anthropic said DeepSeek, Moonshot AI and MiniMax had used fake accounts.")
    found = {(m.name, m.label, m.actor_type) for m in mentions(doc, profile)}
    assert {("Anthropic", "ORG", "company"), ("DeepSeek", "ORG", "company"),
            ("Moonshot AI", "ORG", "company"), ("MiniMax", "ORG", "company")} <= found


def test_aliases_resolve_to_the_canonical_actor(nlp, profile):
    doc = nlp("The Commerce Department met officials from Deepseek on Tuesday.")
    names = {m.name for m in mentions(doc, profile) if m.in_profile}
    assert names == {"U.S. Department of Commerce", "DeepSeek"}


def test_short_person_names_resolve_to_the_full_name(nlp, profile):
    doc = nlp("Senator Ruth Calloway called a hearing. Calloway said the rules were overdue. "
              "Later, Sen. Calloway told reporters she would wait.")
    people = [m.name for m in mentions(doc, profile) if m.label == "PERSON"]
    assert people and set(people) == {"Ruth Calloway"}


def test_false_entities_are_skipped_and_types_guessed(nlp, profile):
    doc = nlp("The API was opened to Microsoft engineers, said Maria Lopez of Acme Robotics in Berlin.")
    spans = mentions(doc, profile)
    assert "API" not in {m.name for m in spans}
    by_name = {m.name: m for m in spans}
    assert by_name["Microsoft"].in_profile and by_name["Microsoft"].actor_type == "company"
    assert by_name["Maria Lopez"].actor_type == "person" and not by_name["Maria Lopez"].in_profile


def test_patterns_cover_every_alias(profile):
    patterns = actor_patterns(profile)
    ids = {p["id"] for p in patterns}
    assert ids == {a.name for a in profile.actors}
    assert len(patterns) == sum(len(a.surface_forms) for a in profile.actors)
    short = [p for p in patterns if p["pattern"] == [{"ORTH": "BIS"}]]
    assert short and short[0]["id"] == "U.S. Department of Commerce"  # short aliases match case-sensitively


def test_a_missing_model_names_the_install_command():
    with pytest.raises(NotInstalled, match=r"\[E101\].*pip install"):
        load_spacy("no_such_pipeline_xyz")


def test_a_leading_article_is_not_part_of_the_name(nlp, profile):
    doc = nlp("A report by the Halvorsen Institute was welcomed by the Digital Rights Forum on Monday.")
    names = {m.name for m in mentions(doc, profile) if m.label == "ORG"}
    assert names and not any(n.lower().startswith("the ") for n in names)


def test_places_are_not_governments_and_titled_people_are_officials(nlp, profile):
    doc = nlp("Sen. Ruth Calloway spoke in Washington. Secretary Tom Hale declined. Maria Lopez, a lawyer, agreed.")
    types = {m.name: m.actor_type for m in mentions(doc, profile)}
    assert types["Ruth Calloway"] == "official" and types["Tom Hale"] == "official"
    assert types["Maria Lopez"] == "person"
    assert types.get("Washington") is None  # a place named in a sentence is not a government speaking
