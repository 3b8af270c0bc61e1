"""Attribution forms of issue 7 (item 1), channels (item 2) and non-claims (item 5).

Every sentence here is written for these tests (none comes from the evaluation data).
"""

from __future__ import annotations

import pytest

from analysis.claims import Claim, extract_claims

pytestmark = pytest.mark.slow


def by_content(claims: list[Claim], words: str) -> Claim:
    hits = [c for c in claims if words in c.content]
    assert len(hits) == 1, claims
    return hits[0]


def assert_offsets(text: str, claim: Claim) -> None:
    assert text[claim.cue_start:claim.cue_end] == claim.cue
    assert text[claim.content_start:claim.content_end] == claim.content
    assert text[claim.speaker_start:claim.speaker_end] == claim.speaker


# --------------------------------------------------------------------------- quotation forms

def test_quote_then_dash_line_with_name_and_title(nlp) -> None:
    text = ("“Copying another model's answers at scale is not research, it is a shortcut.”\n"
            "— Hollis Varga, chief scientist at Larkspur Labs")
    claim = by_content(extract_claims(nlp(text)), "shortcut")
    assert (claim.speaker, claim.kind) == ("Hollis Varga", "direct")
    assert_offsets(text, claim)


def test_quote_then_dash_line_with_a_forum_comment(nlp) -> None:
    text = ("“Every lab trained on scraped text, so this outrage rings hollow to me.”\n"
            "— a forum's top comment")
    claim = by_content(extract_claims(nlp(text)), "outrage")
    assert claim.speaker == "a forum's top comment"
    assert_offsets(text, claim)


@pytest.mark.parametrize("header, speaker", [
    ("Hollis Varga, chief scientist at Larkspur Labs:", "Hollis Varga"),
    ("Statement from Orrin Castellan:", "Orrin Castellan"),
])
def test_name_line_before_the_quote(nlp, header: str, speaker: str) -> None:
    text = f"{header}\n“We never used another company's outputs to train our models.”"
    claim = by_content(extract_claims(nlp(text)), "outputs")
    assert (claim.speaker, claim.kind) == (speaker, "direct")
    assert_offsets(text, claim)


def test_colon_attribution_without_quotation_marks(nlp) -> None:
    text = "The blog post states directly: the rival lab distilled our model through fake accounts."
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker == "The blog post"
    assert claim.content.startswith("the rival lab distilled our model")
    assert claim.kind == "indirect"
    assert_offsets(text, claim)


def test_multi_paragraph_quote_with_unclosed_mark(nlp) -> None:
    text = ("“We saw thousands of accounts asking the same questions every hour.\n\n"
            "“Nobody asks questions like that unless they are harvesting answers,” Varga said.")
    claims = extract_claims(nlp(text))
    assert len(claims) == 2, claims
    assert all(c.speaker == "Varga" and c.kind == "direct" for c in claims)
    assert claims[0].content.startswith("We saw thousands")
    for claim in claims:
        assert_offsets(text, claim)


def test_split_quote_around_the_cue_with_a_comma(nlp) -> None:
    text = "“The accounts were fake,” the spokesperson said, “and we have closed all of them.”"
    claim = only_one(extract_claims(nlp(text)))
    assert (claim.speaker, claim.kind) == ("the spokesperson", "direct")
    assert claim.content.startswith("The accounts were fake")
    assert claim.content.endswith("closed all of them.")


# --------------------------------------------------------------------------- verb forms

def test_accused_of_takes_what_is_alleged(nlp) -> None:
    text = "Larkspur accused three rival labs of harvesting its chatbot's answers through fake accounts."
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker == "Larkspur"
    assert claim.content.startswith("harvesting its chatbot's answers")
    assert_offsets(text, claim)


def test_passive_with_agent_credits_the_agent(nlp) -> None:
    text = "The practice was described as industrial-scale theft by the lab's chief executive."
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker == "the lab's chief executive"


def test_agentless_passive_is_no_claim(nlp) -> None:
    text = "The practice was described as industrial-scale theft of years of research."
    assert extract_claims(nlp(text)) == []


@pytest.mark.parametrize("text, speaker, content", [
    ("The senator believes that the export rules are far too weak.", "The senator",
     "the export rules are far too weak"),
    ("Critics argue the accusing labs scraped the open web themselves.", "Critics",
     "the accusing labs scraped the open web themselves"),
    ("The report found that most of the traffic came from a handful of accounts.", "The report",
     "most of the traffic came from a handful of accounts"),
    ("Varga's claim that the accounts were fake drew a sharp reply.", "Varga",
     "the accounts were fake"),
])
def test_indirect_forms(nlp, text: str, speaker: str, content: str) -> None:
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker.startswith(speaker)
    assert claim.content == content
    assert claim.kind == "indirect"


def test_passive_report_with_agent_takes_the_subject_as_content(nlp) -> None:
    text = "The scale of the account network was first reported by the Harbor Ledger."
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker == "the Harbor Ledger"
    assert claim.content == "The scale of the account network"
    assert_offsets(text, claim)


@pytest.mark.parametrize("text, speaker, content", [
    # the cue's own sentence holds no quotation: the splitter cut after the closing "?”"
    ("“Who checks where the training data came from?” Castellan asked.", "Castellan",
     "Who checks where the training data came from?"),
    ("“Somebody has to pay for years of research!” Orrin Castellan shouted.", "Orrin Castellan",
     "Somebody has to pay for years of research!"),
])
def test_cue_sentence_after_the_quotation(nlp, text: str, speaker: str, content: str) -> None:
    claim = only_one(extract_claims(nlp(text)))
    assert (claim.speaker, claim.kind) == (speaker, "direct")
    assert content in claim.content
    assert_offsets(text, claim)


def test_subject_outside_the_quotation_is_the_speaker(nlp) -> None:
    text = ("“My reading, which is a harsh one, is that nobody was fooled,” the lab's former "
            "policy adviser said in an interview with a trade paper.")
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker.endswith("policy adviser")
    assert_offsets(text, claim)


@pytest.mark.parametrize("text, speaker, content_start", [
    # a that-clause the parser hangs on the addressee as a relative clause
    ("Varga told a room of investors that the evidence against the rival lab was overwhelming.",
     "Varga", "the evidence against the rival lab"),
    # object control: the infinitive is what was said
    ("The agency warned cloud providers to check every new account for signs of automation.",
     "The agency", "to check every new account"),
    # a position taken through a preposition
    ("Three senators voted against the bill that would ban model distillation outright.",
     "Three senators", "the bill that would ban"),
    # an interrupting cue the parser makes the root of the sentence
    ("These workers, the manager explained later in the hearing, were paid well and trained "
     "for months.", "the manager", "These workers"),
    # an object cue of playing down
    ("The startup downplayed the role of copied answers in its training data.",
     "The startup", "the role of copied answers"),
])
def test_misparsed_and_prepositional_complements(nlp, text: str, speaker: str,
                                                 content_start: str) -> None:
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker == speaker
    assert claim.content.startswith(content_start)
    assert_offsets(text, claim)


def test_closing_mark_of_an_inner_quotation_is_kept(nlp) -> None:
    text = "The founder said she wanted to answer “every accusation in public” before the hearing."
    claim = only_one(extract_claims(nlp(text)))
    assert claim.content.count("“") == claim.content.count("”") == 1
    assert_offsets(text, claim)


# --------------------------------------------------------------------------- channels (via)

@pytest.mark.parametrize("text, speaker, via", [
    ("Larkspur claimed the accounts were run from one office, according to a letter seen by Reuters.",
     "Larkspur", "a letter seen by Reuters"),
    ("Varga told the Financial Times that the lab would publish its evidence next week.",
     "Varga", "the Financial Times"),
    ("In a post on X, Castellan said the accusations were baseless and self-serving.",
     "Castellan", "a post on X"),
    ("In an interview with CNBC, the chief executive said the company would sue the rival lab.",
     "the chief executive", "an interview with CNBC"),
    ("The company said in a blog post that it had banned thousands of suspicious accounts.",
     "The company", "a blog post"),
])
def test_channel_goes_to_via_not_speaker(nlp, text: str, speaker: str, via: str) -> None:
    claim = only_one(extract_claims(nlp(text)))
    assert claim.speaker == speaker
    assert claim.via == via


def test_according_to_over_a_verb_of_thinking_stays_the_documents_claim(nlp) -> None:
    # "is considering" is no statement of the ministry: the memo is the source, not a channel
    text = ("The ministry is considering new limits on chip exports to three countries, "
            "according to an internal memo seen by Bloomberg.")
    claim = by_content(extract_claims(nlp(text)), "new limits on chip exports")
    assert (claim.speaker, claim.cue, claim.via) == ("an internal memo seen by Bloomberg", "according to", "")
    assert claim.content.startswith("The ministry is considering")
    assert_offsets(text, claim)


def test_participle_setting_the_scene_gives_way_to_the_reporting_verb(nlp) -> None:
    text = ("Speaking to reporters at a trade fair in Berlin, the founder's sister confirmed, "
            "“We sold the company last spring, and we have no regrets about it.”")
    claim = by_content(extract_claims(nlp(text)), "no regrets")
    assert (claim.speaker, claim.cue, claim.kind) == ("the founder's sister", "confirmed", "direct")
    assert_offsets(text, claim)


@pytest.mark.parametrize("text, cue, words", [
    ("The activist made headlines when he professed that he would never again work for an arms maker.",
     "professed", "never again work"),
    ("Members of the panel requested a full account of the agency's contracts with foreign vendors.",
     "requested", "full account"),
    ("The regulator disputed that the tanker had ever entered its waters.", "disputed", "tanker"),
    ("“We are done with this committee and its questions,” the senator snapped.", "snapped", "done with"),
    ("“Nobody here has read the contract,” Varga muttered as the vote began.", "muttered", "read the contract"),
])
def test_more_cue_verbs(nlp, text: str, cue: str, words: str) -> None:
    claim = by_content(extract_claims(nlp(text)), words)
    assert claim.cue == cue
    assert_offsets(text, claim)


@pytest.fixture(scope="module")
def product_nlp():
    """The pipeline analyze runs (analysis.nlp.load_spacy: with its paragraph rule), no claims component."""
    from analysis.nlp import load_spacy

    return load_spacy(claims=False)


def test_a_line_without_its_full_stop_ends_its_sentence(product_nlp) -> None:
    # a standfirst stored without its full stop, then the first paragraph: the parser alone
    # runs the two into one sentence
    text = ("Hollis Varga has described the raid on her lab and says the guards took every notebook\n"
            "A researcher who was there has revealed she was never shown a warrant.")
    doc = product_nlp(text)
    assert next(t for t in doc if t.text == "A").is_sent_start
    claims = extract_claims(doc)
    assert by_content(claims, "every notebook").speaker == "Hollis Varga"
    assert "researcher" not in by_content(claims, "every notebook").content
    assert by_content(claims, "warrant").speaker == "A researcher"


def test_a_line_wrapped_inside_its_sentence_stays_one_sentence(product_nlp) -> None:
    doc = product_nlp("The ministry is weighing new limits on chip exports, according to\n"
                      "Reuters, which has seen the memo.")
    assert len(list(doc.sents)) == 1


@pytest.mark.parametrize("text", [
    "OSLO, May 3 (Reuters) - The ministry said on Friday that the export rules would change.",
    "LA CROSSE, Wis. (AP) — The ministry said on Friday that the export rules would change.",
    "BERLIN/PARIS - The ministry said on Friday that the export rules would change.",
])
def test_a_dateline_is_not_the_sentences_subject(product_nlp, text: str) -> None:
    doc = product_nlp(text)
    assert next(t for t in doc if t.text == "The").is_sent_start
    from analysis.claims import extract_claims as extract

    claim = only_one(extract(doc))
    assert (claim.speaker, claim.content) == ("The ministry", "the export rules would change")


def test_a_capitalised_warning_is_no_speaker(nlp) -> None:
    text = ("WARNING GRAPHIC DETAIL: Mara Lind has described the attack and says the guards "
            "looked away while it happened")
    claim = by_content(extract_claims(nlp(text)), "guards looked away")
    assert (claim.speaker, claim.cue) == ("Mara Lind", "says")


def test_no_channel_is_empty_via(nlp) -> None:
    claim = only_one(extract_claims(nlp("The union said that the strike would continue.")))
    assert claim.via == ""


# --------------------------------------------------------------------------- non-claims

@pytest.mark.parametrize("text", [
    "I also want to highlight the part of the report about rate limits.",
    "If you want to understand why the lab is angry, you need to read the letter.",
    "If the lab had evidence, it would say that the accounts were fake.",
    "She said: Varga.",
    "The lab said so.",
])
def test_non_claims_are_dropped(nlp, text: str) -> None:
    assert extract_claims(nlp(text)) == []


def only_one(claims: list[Claim]) -> Claim:
    assert len(claims) == 1, claims
    return claims[0]


# --------------------------------------------------------------------------- authorial claims

OPINION = ("Distillation dispute\n"
           "Training a model on a rival's answers through fake accounts is theft. "
           "The labs should publish their own training data before they accuse anyone. "
           "I also want to highlight the section on rate limits. "
           "Why would anyone trust a lab that hides its sources? "
           "If the logs are genuine, the case is strong. "
           "Consider the timeline. "
           "Larkspur said the traffic came from three companies.")


def test_authorial_claims_take_positions_only(nlp) -> None:
    from analysis.claims import authorial_claims

    doc = nlp(OPINION)
    claims = authorial_claims(doc, author="Mara Quint", kind_of_document="opinion")
    assert [c.content for c in claims] == [
        "Training a model on a rival's answers through fake accounts is theft",
        "The labs should publish their own training data before they accuse anyone",
    ]
    for claim in claims:
        assert (claim.kind, claim.speaker, claim.speaker_start) == ("authorial", "Mara Quint", -1)
        assert OPINION[claim.content_start:claim.content_end] == claim.content


def test_news_articles_have_no_authorial_claims(nlp) -> None:
    from analysis.claims import authorial_claims

    assert authorial_claims(nlp(OPINION), author="Daily Ledger", kind_of_document="article") == []
    with pytest.raises(ValueError):
        authorial_claims(nlp(OPINION), author=" ", kind_of_document="blog")


def test_an_allegation_with_a_nominal_content(nlp) -> None:
    text = "Larkspur Labs alleges systematic copying of its models by two competitors."
    claim = by_content(extract_claims(nlp(text)), "systematic copying")
    assert (claim.speaker, claim.cue) == ("Larkspur Labs", "alleges")
    assert_offsets(text, claim)


# --------------------------------------------------------------------------- framed claims

@pytest.mark.parametrize("text, cue, framed", [
    # the claim is the subject of the sentence's verb: the sentence answers it
    ("The lab's accusation that rivals copied its chatbot drew scorn from commenters.", "accusation", True),
    # a contrast after the claim answers it
    ("Larkspur accused two rivals of copying its chatbot, but most readers were unconvinced.", "accused", True),
    # the claim is the sentence
    ("Larkspur accused two rivals of copying its chatbot through fake accounts.", "accused", False),
    # a contrast inside what was said is the speaker's own
    ("Larkspur said the rivals paid for access but broke every rule of its service.", "said", False),
])
def test_a_claim_the_sentence_answers_is_framed(analyzer, text, cue, framed) -> None:
    from analysis.standalone import claim_rows

    rows = [r for r in claim_rows(analyzer.nlp, text, None) if r["cue"] == cue]
    assert [r["framed"] for r in rows] == [framed], rows
