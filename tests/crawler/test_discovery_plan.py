"""The profile's ``[discovery]`` tables read into the spider's sources (crawler.sources.plan)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest

from corpus.profile import load_profile
from corpus.settings import load_settings
from crawler.errors import CrawlerError
from crawler.sources.plan import GdeltPlan, crawl_sources, profile_sources

NOW = datetime(2026, 2, 27, 12, 0, tzinfo=timezone.utc)


def test_the_shipped_profile_names_every_kind_of_source():
    sources = profile_sources(load_profile(), load_settings(overrides={}), now=NOW)
    assert set(sources) == {"feeds", "sitemaps", "statements", "gdelt", "hackernews", "sites"}
    gdelt = sources["gdelt"]
    assert isinstance(gdelt, GdeltPlan) and gdelt.api_url == "https://api.gdeltproject.org/api/v2/doc/doc"
    assert gdelt.interval == 5.0 and (gdelt.end - gdelt.start).days == 7 and gdelt.max_records == 250
    assert sources["hackernews"].api_url == "https://hn.algolia.com/api/v1"
    assert sources["sites"][0].depth == 1


def test_sources_given_by_the_caller_replace_the_profiles():
    sources = crawl_sources(load_profile(), load_settings(overrides={}), given={"feeds": ["http://127.0.0.1/f"],
                                                                                "urls": []})
    assert sources == {"feeds": ["http://127.0.0.1/f"]}


@pytest.mark.parametrize(("table", "why"), [
    ({"gdelt": {"days": 0}}, "`days` must be a number of days > 0"),
    ({"gdelt": {"start": "yesterday"}}, "`start` and `end` must be ISO 8601"),
    ({"gdelt": {"start": "2026-02-25", "end": "2026-02-20"}}, "`start` must be before `end`"),
    ({"hackernews": {"queries": "distillation"}}, "`queries` must be a list of non-empty strings"),
    ({"hackernews": {"max_pages": 0}}, "`max_pages` must be a whole number >= 1"),
    ({"sites": [{"start": ["https://x.example/"], "allow": ["(unclosed"]}]}, "is not a regular expression"),
    ({"sites": [{"start": []}]}, "`start` lists no URL"),
    ({"reddit": ["r/x"]}, "`discovery.reddit` must be a table"),
])
def test_an_invalid_source_table_is_refused_with_its_code(table, why):
    profile = dataclasses.replace(load_profile(), discovery={"queries": ["q"], **table})
    with pytest.raises(CrawlerError, match=r"^\[E235\] Discovery source in .* is invalid") as caught:
        profile_sources(profile, load_settings(overrides={}), now=NOW)
    assert why in str(caught.value)
