"""Attribution structures added to raise recall on PolNeAR (issue 7, second round): repaired
lemmas, speakers of participles and adjectives, small clauses, attitude nouns as objects.

Every sentence here is written for these tests (none comes from the evaluation data).
"""

from __future__ import annotations

import pytest

from analysis.claims import Claim, extract_claims

pytestmark = pytest.mark.slow


def by_speaker(claims: list[Claim], speaker: str) -> Claim:
    hits = [c for c in claims if c.speaker == speaker]
    assert len(hits) == 1, claims
    return hits[0]


def claim_of(nlp, text: str, speaker: str) -> Claim:
    claim = by_speaker(extract_claims(nlp(text)), speaker)
    assert text[claim.content_start:claim.content_end] == claim.content
    assert text[claim.speaker_start:claim.speaker_end] == claim.speaker
    assert text[claim.cue_start:claim.cue_end] == claim.cue
    return claim


# --------------------------------------------------------------------------- lemmas

@pytest.mark.parametrize("text, speaker, content", [
    # the small pipeline lemmatizes "hopes" to "hop" and "rated" to "rat"
    ("Mr. Okafor hopes the court will dismiss the case.", "Mr. Okafor",
     "the court will dismiss the case"),
    ("The agency rated the claim as false.", "The agency", "the claim as false"),
])
def test_a_cut_lemma_is_repaired(nlp, text: str, speaker: str, content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


# --------------------------------------------------------------------------- speakers

def test_participle_after_a_group_has_the_group_as_speaker(nlp) -> None:
    text = "A coalition of researchers calling for open model weights met the minister on Monday."
    claim = claim_of(nlp, text, "A coalition of researchers")
    assert claim.content == "open model weights"


def test_participle_after_a_medium_has_its_sender_as_speaker(nlp) -> None:
    text = "The lab published a statement announcing the end of its free tier."
    claim = claim_of(nlp, text, "The lab")
    assert claim.content == "the end of its free tier"


@pytest.mark.parametrize("text, cue, speaker", [
    # hung on the complement clause, whose subject is a thing
    ("The analyst argued that the resemblance to Quillon models would be unlikely without a teacher "
     "model, while noting that distillation happens at many stages.", "noting", "The analyst"),
    # a complement whose subject can speak keeps the parse
    ("The lawyer said the firm would appeal, citing the judge's own words.", "citing", "the firm"),
])
def test_a_participle_cue_takes_the_speaker_of_the_clause_it_follows(nlp, text, cue, speaker) -> None:
    claims = [c for c in extract_claims(nlp(text)) if c.cue == cue]
    assert [c.speaker for c in claims] == [speaker], claims


def test_a_participle_after_a_noun_phrase_clause_is_not_its_subjects(nlp) -> None:
    # "Larkspur built" sits inside "doubt about how ...": Larkspur hints nothing
    text = "There's also skepticism about how Larkspur built its own dataset, hinting at potential ethical concerns."
    assert not [c for c in extract_claims(nlp(text)) if c.cue == "hinting" and "Larkspur" in c.speaker]


def test_adjective_of_ability_passes_its_subject_on(nlp) -> None:
    text = "Analysts were slow to embrace the new benchmark suite."
    assert claim_of(nlp, text, "Analysts").content == "the new benchmark suite"


def test_worth_noting_is_the_writer_aside(nlp) -> None:
    assert extract_claims(nlp("It is worth noting that the accounts were opened in March.")) == []


# --------------------------------------------------------------------------- small clauses

@pytest.mark.parametrize("text, speaker, content", [
    ("The regulator saw the merger as a threat to open research.", "The regulator",
     "the merger as a threat to open research"),
    ("The court found the licence terms unenforceable.", "The court",
     "the licence terms unenforceable"),
])
def test_clausal_cue_with_an_object_and_its_predicate(nlp, text: str, speaker: str,
                                                      content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


# --------------------------------------------------------------------------- attitude nouns

@pytest.mark.parametrize("text, speaker, content", [
    ("The senator raised questions about the lab's use of contractor accounts.", "The senator",
     "the lab's use of contractor accounts"),
    ("Critics have expressed concern about the scale of the scraping.", "Critics",
     "the scale of the scraping"),
    ("The chief executive made the case that distillation is ordinary engineering.",
     "The chief executive", "distillation is ordinary engineering"),
    ("The spokeswoman made it clear the company would not pay the fine.", "The spokeswoman",
     "the company would not pay the fine"),
])
def test_attitude_noun_as_object_reports_its_content(nlp, text: str, speaker: str,
                                                     content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


# --------------------------------------------------------------------------- predicates

@pytest.mark.parametrize("text, speaker, cue, content", [
    ("Many investors are afraid that the lab will lose its lead.", "Many investors",
     "are afraid", "the lab will lose its lead"),
    ("Some senators were willing to delay the vote.", "Some senators", "were willing",
     "to delay the vote"),
    ("The minister has been critical of the export rules.", "The minister",
     "has been critical of", "the export rules"),
    ("Parents are worried about how the data is used.", "Parents", "are worried about",
     "how the data is used"),
    ("The senator is a staunch opponent of the licensing scheme.", "The senator",
     "is a staunch opponent of", "the licensing scheme"),
])
def test_attitude_predicate_is_a_cue(nlp, text: str, speaker: str, cue: str,
                                     content: str) -> None:
    claim = claim_of(nlp, text, speaker)
    assert (claim.cue, claim.content) == (cue, content)


def test_nobody_holds_an_impersonal_predicate(nlp) -> None:
    assert extract_claims(nlp("It is clear that the accounts were fake.")) == []


def test_finding_that_opens_its_clause_is_the_source(nlp) -> None:
    text = "In the latest poll, the lab's approval fell by four points."
    claim = claim_of(nlp, text, "the latest poll")
    assert (claim.cue, claim.content) == ("In", "the lab's approval fell by four points")


# --------------------------------------------------------------------------- headlines

@pytest.mark.parametrize("text, speaker", [
    # a surname the story names in full further down
    ("Varga: Larkspur will sue the rival lab over the copied outputs.\n\n"
     "Hollis Varga said on Monday that the lab would file its complaint.", "Varga"),
    ("Survey: Most engineers distrust benchmark leaderboards.\n\n"
     "A survey of 400 engineers found wide distrust.", "Survey"),
])
def test_headline_label_before_a_colon_is_the_speaker(nlp, text: str, speaker: str) -> None:
    claim = claim_of(nlp, text, speaker)
    assert claim.cue == ":" and claim.content.endswith(".")


def test_section_heading_before_a_colon_is_no_speaker(nlp) -> None:
    text = "Little Relief for Refugees: The camps stay full.\n\nThe camps are full."
    assert extract_claims(nlp(text)) == []


# --------------------------------------------------------------------------- colon cues

@pytest.mark.parametrize("gap", [" ", "\n\n"])
def test_colon_cue_takes_the_paragraph_after_it(nlp, gap: str) -> None:
    text = (f"The founder added:{gap}It is typical of the rival lab. It copies everything, and "
            "it never apologizes.\n\nThe next paragraph is the writer's.")
    claim = claim_of(nlp, text, "The founder")
    assert claim.content == ("It is typical of the rival lab. It copies everything, and it "
                             "never apologizes")


def test_colon_cue_after_a_no_break_space(nlp) -> None:
    text = "The founder\xa0added: the rival lab copied every answer it could get."
    claim = claim_of(nlp, text, "The founder")
    assert claim.content == "the rival lab copied every answer it could get"


# --------------------------------------------------------------------------- two cues

def test_second_cue_coordinated_inside_the_complement_is_its_own_claim(nlp) -> None:
    text = ("The senator said he would order a review of the contracts and warned against any "
            "further delays in the inquiry.")
    claims = extract_claims(nlp(text))
    assert [(c.speaker, c.cue, c.content) for c in claims] == [
        ("The senator", "said", "he would order a review of the contracts"),
        ("The senator", "warned", "any further delays in the inquiry"),
    ]


def test_participle_in_the_interruption_of_a_quotation_keeps_its_claim(nlp) -> None:
    text = ("“We never touched their model,” said Okafor, speaking of the rival lab's "
            "accusation. “Our data is our own.”")
    claims = extract_claims(nlp(text))
    quote = by_speaker([c for c in claims if c.kind == "direct"], "Okafor")
    assert quote.content.startswith("We never touched") and quote.content.endswith("our own.")
    aside = by_speaker([c for c in claims if c.kind == "indirect"], "Okafor")
    assert (aside.cue, aside.content) == ("speaking", "the rival lab's accusation")


def test_quotations_with_another_statement_between_are_not_joined(nlp) -> None:
    text = ("“We are not going to sign this,” Varga said after the meeting. The summit achieved "
            "“very little,” she added later. “Without changes, the lab will leave.”")
    claims = extract_claims(nlp(text))
    said = by_speaker(claims, "Varga")
    assert said.content == "We are not going to sign this"


# --------------------------------------------------------------------------- questions, findings

@pytest.mark.parametrize("text, speaker, content", [
    ("Lawmakers have not said when they would vote on the bill.", "Lawmakers",
     "when they would vote on the bill"),
    ("Regulators did not know what to make of the filing.", "Regulators",
     "what to make of the filing"),
    # a finding as subject takes its object as content
    ("A 2019 study found dozens of copied answers in the rival's model.", "A 2019 study",
     "dozens of copied answers"),
    # "as" hung on the object of a verb of regarding
    ("Critics who saw the deal as a giveaway to the lab protested.", "who",
     "the deal as a giveaway to the lab"),
])
def test_indirect_questions_findings_and_regarding(nlp, text: str, speaker: str,
                                                   content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


# --------------------------------------------------------------------------- paragraphs

def test_quotation_paragraph_after_a_cued_one_continues_it(nlp) -> None:
    text = ("“Bad things are going to happen,” Okafor said.\n\n"
            "“This could be the great scandal of our time.”\n\n"
            "At a rally, Okafor compared the rivals to common thieves.")
    claims = extract_claims(nlp(text))
    assert [(c.speaker, c.kind, c.content) for c in claims] == [
        ("Okafor", "direct", "Bad things are going to happen"),
        ("Okafor", "direct", "This could be the great scandal of our time."),
        # the parser runs the quotation into this sentence: a paragraph bounds the cue's reach
        ("Okafor", "indirect", "the rivals to common thieves"),
    ]


def test_quotation_an_aside_introduces_is_not_joined(nlp) -> None:
    text = ("“We need a real inquiry,” Varga said, suggesting a few questions, including, "
            "“Who opened the accounts? Who paid for them?”")
    said = [c for c in extract_claims(nlp(text)) if c.cue == "said"]
    assert len(said) == 1 and said[0].content == "We need a real inquiry"


def test_a_text_reads_its_quotation(nlp) -> None:
    text = "The letter reads: “We ask the board to stop the sale of the model.”"
    claim = claim_of(nlp, text, "The letter")
    assert (claim.kind, claim.content) == ("direct",
                                           "We ask the board to stop the sale of the model.")


# --------------------------------------------------------------------------- lexicon classes

@pytest.mark.parametrize("text, speaker, content", [
    ("The regulator persuaded the lab to publish its training logs.", "The regulator",
     "to publish its training logs"),
    ("The minister addressed the concerns raised by the smaller labs.", "The minister",
     "the concerns raised by the smaller labs"),
    ("The report linked the breach to a contractor's stolen password.", "The report",
     "the breach to a contractor's stolen password"),
    ("The founder bristled at the suggestion that her lab had copied anything.", "The founder",
     "the suggestion that her lab had copied anything"),
    # the predicate after a prepositional content goes with it
    ("The senator referred to the startup as a den of copyists.", "The senator",
     "the startup as a den of copyists"),
])
def test_cue_classes_of_discussion_cause_stance_and_persuasion(nlp, text: str, speaker: str,
                                                               content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


# --------------------------------------------------------------------------- misparses

def test_a_cue_tagged_as_a_plural_noun(nlp) -> None:
    # the small tagger reads "charges" as a noun with "Larkspur" as its compound
    text = "Larkspur charges that rivals that stand to gain from the deal copied its model."
    claim = claim_of(nlp, text, "Larkspur")
    assert (claim.cue, claim.content) == (
        "charges", "rivals that stand to gain from the deal copied its model")


def test_a_trailing_cue_closes_both_coordinated_clauses(nlp) -> None:
    text = ("The lab had told the regulator that it didn't want the audit at all, but the agency "
            "overruled that request, the source added.")
    claim = claim_of(nlp, text, "the source")
    assert claim.content == ("The lab had told the regulator that it didn't want the audit at "
                             "all, but the agency overruled that request")


def test_weigh_in_about_takes_the_question(nlp) -> None:
    text = "Other officials weighed in Friday about whether the logs should be released."
    assert claim_of(nlp, text, "Other officials").content == (
        "whether the logs should be released")


def test_even_as_clause_is_not_content(nlp) -> None:
    text = ("The spokeswoman said the lab would publish its logs, even as critics questioned "
            "whether the logs were complete.")
    assert claim_of(nlp, text, "The spokeswoman").content == "the lab would publish its logs"


def test_coordinated_cue_with_a_speaker_of_its_own_is_another_claim(nlp) -> None:
    text = ("She said contractors who label data would not be paid for the extra hours, and when "
            "pressed on the contracts, the chief executive replied that the terms were fair.")
    claims = extract_claims(nlp(text))
    assert by_speaker(claims, "She").content == (
        "contractors who label data would not be paid for the extra hours")
    assert by_speaker(claims, "the chief executive").content == "the terms were fair"


# --------------------------------------------------------------------------- headlines, according to

@pytest.mark.parametrize("text, speaker, content", [
    # "votes" and "rules" tagged as plural nouns; "court" taken for a compound of the verb
    ("House panel votes to fine the lab for the copied outputs.\n\nThe vote was close.",
     "House panel", "to fine the lab for the copied outputs"),
    ("Appeals court rules against Larkspur's claims of copying.", "Appeals court",
     "Larkspur's claims of copying"),
    ("Federal court rules against the startup's use of scraped answers.", "Federal court",
     "the startup's use of scraped answers"),
])
def test_headline_verbs_the_small_parser_misreads(nlp, text: str, speaker: str,
                                                  content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


def test_according_to_before_a_quotation_takes_all_of_it(nlp) -> None:
    text = "According to Varga, “the accounts were opened in one week. Nobody does that by chance.”"
    claim = claim_of(nlp, text, "Varga")
    assert (claim.kind, claim.content) == (
        "direct", "the accounts were opened in one week. Nobody does that by chance.")


def test_according_to_at_the_end_covers_both_conjuncts(nlp) -> None:
    text = ("The lab lost two contracts and the board replaced its chief, according to people "
            "familiar with the matter.")
    claim = claim_of(nlp, text, "people familiar with the matter")
    assert claim.content == "The lab lost two contracts and the board replaced its chief"


def test_complement_stops_at_the_closing_mark_before_the_speaker(nlp) -> None:
    # the parser takes "Tulsa" for a verb and runs the quoted clause into the name
    text = "“I will make this promise to you: We will find them,” Tulsa police Chief Chuck Jordan said Monday."
    claims = extract_claims(nlp(text))
    assert len(claims) == 1
    assert (claims[0].kind, claims[0].content) == (
        "direct", "I will make this promise to you: We will find them")


def test_nationality_before_a_nominal_cue_is_its_holder(nlp) -> None:
    text = "European reluctance to hand over training data to the regulator slowed the talks."
    claim = claim_of(nlp, text, "European")
    assert (claim.cue, claim.content) == ("reluctance", "to hand over training data to the regulator")


def test_content_runs_over_a_sentence_break_inside_a_sentence(nlp) -> None:
    # the small parser splits "The senator cited disparaging remarks | Trump had made about the
    # lab." into two sentences; the parse is built by hand so the test does not depend on it
    from spacy.tokens import Doc

    words = ["The", "senator", "cited", "disparaging", "remarks", "Trump", "had", "made",
             "about", "the", "lab", "."]
    doc = Doc(nlp.vocab, words=words,
              spaces=[True] * 10 + [False, False],
              heads=[1, 2, 2, 4, 2, 7, 7, 7, 7, 10, 8, 7],
              deps=["det", "nsubj", "ROOT", "amod", "dobj", "nsubj", "aux", "ROOT", "prep",
                    "det", "pobj", "punct"],
              pos=["DET", "NOUN", "VERB", "ADJ", "NOUN", "PROPN", "AUX", "VERB", "ADP", "DET",
                   "NOUN", "PUNCT"],
              tags=["DT", "NN", "VBD", "JJ", "NNS", "NNP", "VBD", "VBN", "IN", "DT", "NN", "."],
              lemmas=["the", "senator", "cite", "disparaging", "remark", "Trump", "have", "make",
                      "about", "the", "lab", "."])
    assert len(list(doc.sents)) == 2
    claim = only_one(extract_claims(doc))
    assert (claim.speaker, claim.content) == (
        "The senator", "disparaging remarks Trump had made about the lab")


def only_one(claims: list[Claim]) -> Claim:
    assert len(claims) == 1, claims
    return claims[0]


def test_according_to_after_a_comma_takes_the_clause_before_it(nlp) -> None:
    text = ("The lab's revenue will grow by as much as 40 percent, according to a study by the "
            "auditors, more than twice what rivals expect.")
    claim = claim_of(nlp, text, "a study by the auditors")
    assert claim.content == "The lab's revenue will grow by as much as 40 percent"


def test_a_holders_attacks_are_a_nominal_cue(nlp) -> None:
    text = "The senator is doubling down on his attacks on the rival lab's founder."
    claim = claim_of(nlp, text, "his")
    assert (claim.cue, claim.content) == ("attacks", "the rival lab's founder")


@pytest.mark.parametrize("text, speaker, content", [
    ("As an internal memo put it, the main risk of the program is a loss of public trust.",
     "an internal memo", "the main risk of the program is a loss of public trust"),
    # the parser hangs "at" on the verb, not on the attitude noun
    ("The founder took offense at suggestions that her lab had copied the model.", "The founder",
     "suggestions that her lab had copied the model"),
])
def test_put_it_and_attitude_nouns_whose_preposition_is_misplaced(nlp, text: str, speaker: str,
                                                                  content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


def test_of_after_an_attitude_noun_gives_its_holder_not_a_content(nlp) -> None:
    assert extract_claims(nlp("The lab has the support of most regulators in the region.")) == []


# --------------------------------------------------------------------------- third round

@pytest.mark.parametrize("text, speaker, content", [
    # a gerund object the parser takes for a clause (xcomp) of an object cue
    ("The senator has often cited lowering drug prices as her first priority.", "The senator",
     "lowering drug prices as her first priority"),
    ("The minister admitted using a private email account for official business.",
     "The minister", "using a private email account for official business"),
])
def test_a_gerund_object_is_the_content(nlp, text: str, speaker: str, content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


@pytest.mark.parametrize("text, speaker, content", [
    # verbs of depicting and recounting
    ("The documentary chronicles the collapse of the town's largest employer.",
     "The documentary", "the collapse of the town's largest employer"),
    ("The report understated the cost of the new bridge by nearly half.", "The report",
     "the cost of the new bridge"),
    ("The founders envisioned a network that no single company could control.", "The founders",
     "a network that no single company could control"),
    ("The new ad features a nurse describing the closure of her rural hospital.", "The new ad",
     "a nurse describing the closure of her rural hospital"),
])
def test_depicting_verbs_take_their_object(nlp, text: str, speaker: str, content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


@pytest.mark.parametrize("text, speaker, content", [
    ("The new law allows farmers to sell raw milk at local markets.", "The new law",
     "farmers to sell raw milk at local markets"),
    ("The charter prohibits members from holding two offices at once.", "The charter",
     "members from holding two offices at once"),
])
def test_a_rules_permission_in_a_main_clause_is_a_claim(nlp, text: str, speaker: str,
                                                       content: str) -> None:
    assert claim_of(nlp, text, speaker).content == content


def test_a_permission_inside_a_relative_clause_is_no_claim_of_its_own(nlp) -> None:
    text = "Critics pointed to a loophole that allows developers to avoid the tax entirely."
    claims = extract_claims(nlp(text))
    assert [c.speaker for c in claims] == ["Critics"]
    assert claims[0].content == "a loophole that allows developers to avoid the tax entirely"
