"""``reports.quotes.passage``: the published words between repaired ends, from stored offsets.
Texts are this project's own; each case is one fault of the sentence splitter seen in the demo
sample and in crawled coverage."""

from __future__ import annotations

import logging

from reports.quotes import passage


def cut(text: str, sentence: str, content: str, *others: str):
    """``passage`` with spans found by substring: the first ``sentence``, ``content`` inside it
    (or after its start), each of ``others`` likewise."""
    s = text.index(sentence)
    c = text.index(content, s if content in text[s:] else 0)
    spans = tuple((text.index(o, s), text.index(o, s) + len(o)) for o in others)
    return passage(text, sentence=(s, s + len(sentence)), content=(c, c + len(content)), spans=spans)


def test_a_clean_sentence_is_left_as_it_is():
    text = "Intro. The ministry said export rules are under review. Next."
    p = cut(text, "The ministry said export rules are under review.", "export rules are under review", "The ministry",
            "said")
    assert (p.before, p.content, p.after, p.fixes) == ("The ministry said ", "export rules are under review", ".", ())
    assert p.text == "The ministry said export rules are under review."


def test_a_heading_glued_in_front_is_cut():
    text = "Policy\nView original | Read in other languages\nThe ministry said export rules are under review."
    p = passage(text, sentence=(0, len(text)), content=(text.index("export"), text.index(" review") + 7),
                spans=((text.index("The ministry"), text.index("The ministry") + 12),))
    assert p.text == "The ministry said export rules are under review."
    assert p.fixes == ("paragraph-before",)


def test_the_next_paragraph_is_cut_from_the_end():
    text = "“We will respond,” the lab said.\nSubscribe to our newsletter"
    p = passage(text, sentence=(0, len(text)), content=(1, 16), spans=((19, 26), (27, 31)))
    assert p.text == "“We will respond,” the lab said." and p.fixes == ("paragraph-after",)


def test_a_lost_closing_mark_is_restored():
    text = "“Rules must change,” Lee said. “The loophole is obvious.” Then she left."
    end = text.index("obvious.") + len("obvious.")
    p = passage(text, sentence=(0, end), content=(1, 18), spans=((21, 24), (25, 29)))
    assert p.text == "“Rules must change,” Lee said. “The loophole is obvious.”" and p.fixes == ("closing-mark",)


def test_a_lost_straight_closing_mark_is_restored():
    text = '"Security is a scale business," Morita said. "Small rivals lose."\nNext paragraph.'
    end = text.index("lose.") + 5
    p = passage(text, sentence=(0, end), content=(1, 29), spans=((32, 38), (39, 43)))
    assert p.text.endswith('"Small rivals lose."') and p.fixes == ("closing-mark",)
    assert p.text.startswith('"Security')  # its opening mark is its own, not a stray


def test_a_stray_closing_mark_in_front_is_dropped():
    text = "Lee added: “The rules are old.” The department said reform is near."
    start = text.index("” The")
    p = passage(text, sentence=(start, len(text)), content=(text.index("reform"), len(text) - 1),
                spans=((text.index("The department"), text.index("The department") + 14),))
    assert p.text == "The department said reform is near." and p.fixes == ("stray-mark",)


def test_a_straight_stray_mark_is_told_from_an_opening_one():
    text = 'He said "no." "Yes," she said.'
    p = passage(text, sentence=(12, len(text)), content=(15, 18), spans=((21, 24), (25, 29)))
    assert p.fixes == ("stray-mark",) and p.text == '"Yes," she said.'
    opening = passage(text, sentence=(14, len(text)), content=(15, 18), spans=((21, 24), (25, 29)))
    assert opening.fixes == () and opening.text == '"Yes," she said.'


def test_far_paragraphs_between_cue_and_content_are_elided():
    text = ("The director issued the following statement:\n“First paragraph of it.\n“Second paragraph.\n"
            "“Third paragraph, the claim.”")
    c = text.index("Third")
    p = passage(text, sentence=(0, len(text)), content=(c, len(text) - 1),
                spans=((4, 12), (text.index("issued"), text.index("issued") + 6)))
    assert p.lead == "The director issued the following statement:"
    assert p.before == "“" and p.content.startswith("Third") and p.after == "”"
    assert p.text == "The director issued the following statement: […] “Third paragraph, the claim.”"
    assert "elided" in p.fixes


def test_offsets_outside_the_text_are_clipped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="reports.quotes"):
        p = passage("Short text.", sentence=(0, 400), content=(0, 5), claim_id=7, document_id=3)
    assert p.text == "Short text." and "[W301]" in caplog.text and "claim 7 of document 3" in caplog.text


def test_content_outside_the_passage_is_not_marked():
    p = passage("One. Two.", sentence=(5, 9), content=(50, 60))
    assert (p.before, p.content, p.after) == ("Two.", "", "")


def test_a_quotation_opened_a_sentence_earlier_starts_at_its_mark():
    text = "Staff were shocked. “It was the worst case. It was only a sign,” says Fedchin.\nNext."
    s = text.index("It was only")
    p = passage(text, sentence=(s, text.index("\nNext")), content=(s, text.index(",” says")),
                spans=((text.index("says"), text.index("says") + 4), (text.index("Fedchin"), text.index("Fedchin") + 7)))
    assert p.text == "“It was the worst case. It was only a sign,” says Fedchin." and p.fixes == ("opening-mark",)
    assert p.before == "“It was the worst case. " and p.content == "It was only a sign"
