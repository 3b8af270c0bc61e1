"""analysis.boilerplate: an outlet's repeated lines and sentences are learned and stripped; a
sentence two documents share (a quote) is not boilerplate."""

from __future__ import annotations

import pytest

from analysis.boilerplate import Boilerplate, sentences, skeleton


def digest(n: int, story: str) -> str:
    return (f"Daily Brief for {n}/2/2026. We read {n * 7} feeds and {n + 3} forums for you.\n"
            "Top Stories Recap\n"
            f"{story}\n"
            "You are receiving this because you subscribed. Unsubscribe at any time.")


STORIES = ["A lab said rivals used fake accounts to copy its model over several weeks.",
           "Regulators asked cloud providers to verify the identity of their largest customers.",
           "Critics said the accusing labs had scraped the web without asking anyone first.",
           "A chip maker reported that export rules cut its sales to the region this quarter."]


def test_skeleton_masks_digits_case_and_punctuation():
    assert skeleton("Daily Brief for 3/2/2026.") == skeleton("daily brief for 14/2/2026") == "daily brief for 0 0 0"
    assert sentences("One thing. Two things! Three?") == ["One thing.", "Two things!", "Three?"]


def test_an_outlets_template_is_learned_and_stripped():
    docs = [("Daily Brief", digest(n, story)) for n, story in enumerate(STORIES, start=1)]
    template = Boilerplate().fit(docs)
    stripped = template.strip("Daily Brief", docs[0][1])
    assert stripped == STORIES[0]
    assert template.is_boilerplate("Daily Brief", "Top Stories Recap")
    # Another outlet's text is not touched: boilerplate is per outlet.
    assert template.strip("Other Outlet", docs[0][1]) == docs[0][1]


def test_a_quote_in_two_documents_is_not_boilerplate():
    quote = "The accounts were run to harvest our model's answers at industrial scale."
    docs = [("Wire", f"{quote} {STORIES[0]}"), ("Wire", f"{quote} {STORIES[1]}"), ("Wire", STORIES[2]),
            ("Wire", STORIES[3])]
    template = Boilerplate().fit(docs)
    assert quote in template.strip("Wire", docs[0][1])


def test_bad_thresholds_are_refused():
    with pytest.raises(ValueError):
        Boilerplate(min_documents=1)
    with pytest.raises(ValueError):
        Boilerplate(min_share=0)
