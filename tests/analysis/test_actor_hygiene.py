"""Actor hygiene (analysis.mentions): non-actors dropped, aliases merged, types fixed. The names
are the non-actors found in the demo store's entities before these rules (see the module
docstring), plus the cases of the issue ("← Back", "IP")."""

from __future__ import annotations

import pytest

from analysis.mentions import (MentionSpan, acronym, actor_type_of, country_of, document_aliases, heading_ranges,
                               is_actor_name, person_names_tagged_org, person_type_in_context, resolve_actor,
                               store_aliases)


@pytest.mark.parametrize("name, label", [
    ("← Back", "ORG"), ("Newsroom › Press", "ORG"), ("IP", "ORG"), ("GPT", "ORG"), ("AI", "ORG"),
    ("House", "ORG"), ("Hill", "ORG"), ("Capitol Hill", "ORG"), ("Frontier", "ORG"), ("Frontier AI", "ORG"),
    ("American AI", "ORG"), ("Chinese", "ORG"), ("American", "NORP"), ("Chinese labs", "ORG"), ("Chair", "ORG"),
    ("Ranking", "PERSON"), ("Media Contact", "ORG"), ("Media Contact Committee Press Office", "ORG"),
    ("Frontier Model Access Integrity Act", "ORG"), ("Drafts", "ORG"), ("DO", "ORG"), ("NOT", "ORG"),
    ("Meridian Cloud Introduces Verified Access Program for High-Volume Customers", "ORG"),
])
def test_non_actors_are_dropped(name, label):
    assert not is_actor_name(name, label)


@pytest.mark.parametrize("name, label", [
    ("Halvorsen Institute", "ORG"), ("Digital Rights Forum", "ORG"), ("Ruth Calloway", "PERSON"), ("China", "GPE"),
    ("Office of Technology Policy", "ORG"), ("Meridian Cloud", "PERSON"), ("OpenAI", "ORG"), ("Ada Lovelace", "PERSON"),
    ("WHO", "ORG"),
])
def test_actors_are_kept(name, label):
    assert is_actor_name(name, label)


def test_types_from_the_name():
    assert actor_type_of("Office of Technology Policy", "ORG") == "government"
    assert actor_type_of("Joint Committee on Technology and Trade", "ORG") == "government"
    assert actor_type_of("U.S. Copyright Office", "ORG") == "government"
    assert actor_type_of("Meridian Cloud", "PERSON") == "company"  # a cloud company is not a person
    assert actor_type_of("Northwind Labs", "ORG") == "company"
    assert actor_type_of("Digital Rights Forum", "ORG") == "organization"
    assert actor_type_of("Helen Ashby", "PERSON") == "person"


def test_countries_link_bodies_capitals_and_adjectives():
    assert country_of("Chinese Ministry of Foreign Affairs") == "China"
    assert country_of("China's foreign ministry") == "China"
    assert country_of("Beijing") == "China" and country_of("China") == "China"
    assert country_of("U.S. Department of Commerce") == "United States"
    assert country_of("Ministry of Trade of Japan") == "Japan"
    assert country_of("Halvorsen Institute") is None
    span = MentionSpan("Chinese Ministry of Foreign Affairs", "ORG", "government", 0, 1, "x", in_profile=True)
    assert span.country == "China"


def test_one_institute_under_two_names_and_acronyms_are_merged():
    assert acronym("Office of Technology Policy") == "OTP"
    aliases = document_aliases({"Halvorsen Institute for Technology and Security": "ORG", "Halvorsen Institute": "ORG",
                                "Office of Technology Policy": "ORG", "OTP": "ORG", "Office of Technology": "ORG",
                                "Priscilla Nguyen": "PERSON", "Priscilla Nguyen of Larchmont Securities": "ORG",
                                "Digital Rights Forum": "ORG"})
    assert aliases == {"Halvorsen Institute": "Halvorsen Institute for Technology and Security",
                       "OTP": "Office of Technology Policy", "Office of Technology": "Office of Technology Policy",
                       "Priscilla Nguyen of Larchmont Securities": "Priscilla Nguyen"}
    # a single word for the company whose name it begins; never for a place or a newspaper
    assert document_aliases({"Meridian": "GPE", "Meridian Cloud": "ORG"}) == {"Meridian": "Meridian Cloud"}
    assert document_aliases({"Washington": "GPE", "Washington Post": "ORG", "China": "GPE",
                             "China Compute Group": "ORG"}) == {}
    # Two longer names fit: no guess.
    assert document_aliases({"Acme": "ORG", "Acme Labs": "ORG", "Acme Robotics": "ORG"}) == {}


def test_headings_are_found():
    text = "Meridian Cloud Introduces Verified Access\nMeridian Cloud said on Monday it would verify accounts."
    (heading,) = heading_ranges(text)
    assert text[slice(*heading)] == "Meridian Cloud Introduces Verified Access"


def test_speakers_resolve_to_the_documents_actors():
    spans = [MentionSpan("Ruth Calloway", "PERSON", "official", 0, 13, "Sen. Ruth Calloway"),
             MentionSpan("Office of Technology Policy", "ORG", "government", 20, 47, "Office of Technology Policy")]
    calloway = resolve_actor("Chair Calloway", "PERSON", spans)
    assert (calloway.name, calloway.actor_type) == ("Ruth Calloway", "official")
    assert resolve_actor("Sen. Ruth Calloway", "PERSON", spans).name == "Ruth Calloway"
    otp = resolve_actor("OTP", "ORG", spans)
    assert (otp.name, otp.actor_type) == ("Office of Technology Policy", "government")
    beijing = resolve_actor("Beijing", "GPE", spans)
    assert (beijing.name, beijing.actor_type, beijing.label) == ("China", "government", "GPE")
    assert resolve_actor("American", "NORP", spans) is None and resolve_actor("Chair", "ORG", spans) is None
    director = resolve_actor("Director Alan Whitfield", "PERSON", spans)
    assert (director.name, director.actor_type) == ("Alan Whitfield", "official")
    profile = {"U.S. Department of Commerce": "government", "Department of the Treasury": "government",
               "Larkspur Labs": "company"}
    commerce = resolve_actor("Commerce", "", spans, profile_types=profile)
    assert (commerce.name, commerce.actor_type, commerce.in_profile) == (
        "U.S. Department of Commerce", "government", True)
    assert resolve_actor("Treasury", "ORG", spans, profile_types=profile).name == "Department of the Treasury"
    assert resolve_actor("Labs", "ORG", spans, profile_types=profile) is None
    cloud = resolve_actor("Meridian Cloud", "PERSON", spans)
    assert (cloud.label, cloud.actor_type) == ("ORG", "company")


def test_store_aliases_merge_short_names_with_one_full_name_in_the_store():
    entities = [(1, "Ruth Calloway", "PERSON", False), (2, "Calloway", "PERSON", False),
                (3, "Halvorsen Institute for Technology and Security", "ORG", False),
                (4, "Halvorsen Institute", "ORG", False),
                (5, "Wei Zhang", "PERSON", False), (6, "Lin Zhang", "PERSON", False), (7, "Zhang", "PERSON", False),
                (8, "Anthropic", "ORG", True), (9, "Anthropic Labs", "ORG", False),
                (10, "Meridian", "GPE", False), (11, "Meridian", "PERSON", False), (12, "Meridian Cloud", "ORG", False)]
    # Zhang: two full names fit; Anthropic: a profile actor; Meridian: two labels, no guess
    assert store_aliases(entities) == {2: 1, 4: 3}


class _Ent:
    """The attributes of a spaCy entity that person_names_tagged_org reads."""

    def __init__(self, text: str, label: str, full: str) -> None:
        self.text, self.label_ = text, label
        self.start_char = full.index(text)
        self.end_char = self.start_char + len(text)


def test_person_names_tagged_org_by_surname_relative_clause_or_employer():
    text = ("Nadia Petrova of Northgate University said the labs scraped the web. Petrova added more. "
            "Orrin Castellan of Harbor Forum disagreed. Northgate later issued a statement. "
            "Lena Hartwig, who advises the panel, said little. Tobias Wren said nothing. "
            "Bank of Avalon and Hollis Varga of Larkspur Labs were named.")
    names = ("Nadia Petrova", "Northgate University", "Orrin Castellan of Harbor Forum", "Lena Hartwig",
             "Tobias Wren", "Bank of Avalon", "Hollis Varga of Larkspur Labs")
    found = person_names_tagged_org([_Ent(n, "ORG", text) for n in names], text)
    assert found == {text.index("Nadia Petrova"): "Nadia Petrova",  # "Petrova" alone later
                     text.index("Orrin Castellan"): "Orrin Castellan",  # "<name> of <organisation>"
                     text.index("Lena Hartwig"): "Lena Hartwig",  # ", who ..."
                     text.index("Hollis Varga"): "Hollis Varga"}
    # Northgate University, Bank of Avalon: institutions; Tobias Wren: no cue it is a person
    assert person_names_tagged_org([_Ent("Nadia Petrova", "PERSON", text)], text) == {}


@pytest.mark.parametrize("text, name, kind", [
    ("Nadia Petrova, who studies model compression at a university, said the line was blurry.", "Nadia Petrova",
     "researcher"),
    ("Lena Hartwig, an associate professor of law, disagreed.", "Lena Hartwig", "researcher"),
    ("Orrin Castellan of the Halvorsen Institute for Technology said so.", "Orrin Castellan", "researcher"),
    ("Tobias Wren, a columnist for the paper, was unconvinced.", "Tobias Wren", "media"),
    ("Kenji Morita, chief economist at the council, warned of escalation.", "Kenji Morita", "researcher"),
    ("Jonah Feld of Cobalt Ridge Capital said the number was right.", "Jonah Feld", None),
    ("Hollis Varga said the traffic was automated.", "Hollis Varga", None),
])
def test_person_type_from_the_words_around_the_name(text, name, kind):
    start = text.index(name)
    assert person_type_in_context(text, start, start + len(name)) == kind


@pytest.mark.slow
def test_mentions_of_a_page_keep_actors_only(nlp):
    from analysis.mentions import mentions

    text = ("← Back\n"
            "Harbor Analytics Warns Lawmakers About Model Copying\n"
            "The Halvorsen Institute for Technology and Security said on Monday that American AI firms face copying. "
            "Later the Halvorsen Institute added that the House should act. "
            "The Office of Technology Policy opened a comment period, and OTP will hold two sessions. "
            "Priscilla Nguyen, an analyst, spoke for Larchmont Securities.\n"
            "Media Contact")
    spans = mentions(nlp(text), None)
    names = {m.name for m in spans}
    studies = mentions(nlp("Nadia Petrova, who studies model compression, said the line was blurry. "
                           "Petrova added that the labs had done it too."), None)
    assert {(m.name, m.actor_type) for m in studies} == {("Nadia Petrova", "researcher")}
    titled = mentions(nlp("WASHINGTON, Feb. 25, 2026 — Office of Technology Policy Director Alan Whitfield "
                          "issued a statement on the reports."), None)
    assert {m.name for m in titled if m.label == "ORG"} == {"Office of Technology Policy"}
    assert not names & {"← Back", "American AI", "American", "House", "Media Contact", "OTP", "Halvorsen Institute"}
    assert "Harbor Analytics" not in names  # named in the headline only
    assert {"Halvorsen Institute for Technology and Security", "Office of Technology Policy"} <= names
    types = {m.name: m.actor_type for m in spans}
    assert types["Office of Technology Policy"] == "government"
