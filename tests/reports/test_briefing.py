"""Briefings rendered from a store seeded through ``corpus.writes`` (``seeded_store`` in
``tests/conftest.py``): two W09 documents with claims, stances and a theme, one W08 document,
one irrelevant W09 page."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from corpus.errors import CorpusError
from reports.briefing import environment, write_briefing


class Tags(HTMLParser):
    """Every start tag of a page as ``(tag, attrs dict)``, and the text of each ``<section id>``."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.sections: dict[str, str] = {}
        self._section: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "section":
            self._section = dict(attrs).get("id")
            self.sections[self._section] = ""

    def handle_endtag(self, tag):
        if tag == "section":
            self._section = None

    def handle_data(self, data):
        if self._section:
            self.sections[self._section] += data

    def text(self, section: str) -> str:
        return " ".join(self.sections[section].split())


@pytest.fixture
def briefing(seeded_store, tmp_path, settings_for):
    result = write_briefing(settings_for(seeded_store.url), period="2026-W09", out_dir=tmp_path / "out")
    page = result.path.read_text(encoding="utf-8")
    return seeded_store, result, page, Tags(page)


def test_file_names_and_counts(briefing, tmp_path):
    _, result, _, _ = briefing
    assert result.path == tmp_path / "out" / "briefing-2026-W09.html"
    assert result.index == tmp_path / "out" / "index.html"
    assert result.counts["documents"] == 2 and result.counts["claims"] == 3 and result.counts["stances"] == 4
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["briefing-2026-W09.html", "index.html"]


def test_claims_show_passage_speaker_outlet_and_link(briefing):
    seeded, _, page, tags = briefing
    claims = tags.text("claims")
    assert "Claims on the propositions (3 of 3)" in claims
    for name in ("anthropic", "commerce", "roe"):
        assert seeded.passages[name] in claims
    assert seeded.passages["openai"] not in claims  # W08
    assert seeded.passages["coach"] not in page  # not relevant
    for speaker in ("Anthropic", "Commerce Department", "Jane Roe"):
        assert speaker in claims
    assert "The Ledger Review, 24 Feb 2026" in claims and "Strait Notes, 26 Feb 2026" in claims
    links = [a["href"] for tag, a in tags.tags if tag == "a"]
    assert seeded.urls["accuse"] in links and seeded.urls["critic"] in links
    assert seeded.urls["memo"] not in links and seeded.urls["sports"] not in links
    assert "favor: distillation-is-theft" in claims and "against: distillation-is-theft" in claims


def table_rows(page: str, section: str) -> list[str]:
    """The text of each body row of the first table of ``<section id=section>``, cells joined by spaces."""
    body = page.split(f'<section id="{section}">', 1)[1].split("</section>", 1)[0]
    body = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in body.split("<tr>")[1:]]


def test_stance_table(briefing):
    _, _, page, tags = briefing
    positions = tags.text("positions")
    for key in ("accusation-justified", "distillation-is-theft", "accusers-are-hypocrites",
                "government-should-restrict"):
        assert key in positions
    # columns: accusation-justified (no seeded stance), distillation-is-theft, accusers-are-hypocrites,
    # government-should-restrict (favor, against, neutral); Jane Roe has the most stances: first
    assert table_rows(page, "positions") == [
        "Jane Roe researcher – 0▲ 1▼ 0● leans against 1▲ 0▼ 0● leans favor –",
        "Anthropic company – 1▲ 0▼ 0● leans favor – –",
        "Commerce Department government – – – 1▲ 0▼ 0● leans favor",
    ]


def test_top_actors_table(briefing):
    _, _, page, _ = briefing
    assert sorted(table_rows(page, "actors")) == ["Anthropic company 1 1 1", "Commerce Department government 1 1 1",
                                                  "Jane Roe researcher 1 1 1"]


def test_theme_with_its_trend(briefing):
    _, _, page, tags = briefing
    themes = tags.text("themes")
    assert "0_fraudulent_accounts_distill" in themes and "fraudulent, accounts, distill" in themes
    assert "3 passages" in themes and "2 docs" in themes
    assert "-1_outliers" not in page
    assert '<svg class="spark"' in page
    assert "Rising themes" in tags.text("changes") and "(1 → 3 passages)" in tags.text("changes")


def test_summary_compares_with_the_previous_week(briefing):
    _, _, _, tags = briefing
    summary, changes = tags.text("summary"), tags.text("changes")
    assert "(+1 vs 2026-W08)" in summary  # 2 documents against 1
    assert "New speakers on the propositions: Anthropic, Commerce Department, Jane Roe." in changes
    assert "OpenAI" not in changes


def test_titles_are_escaped(briefing):
    _, _, page, _ = briefing
    assert "<script>" not in page
    assert "Lab accuses &lt;script&gt;alert(1)&lt;/script&gt; rivals" in page


def test_briefing_is_self_contained(briefing):
    seeded, _, page, tags = briefing
    assert not [t for t, _ in tags.tags if t in ("script", "link", "img", "iframe", "object")]
    assert not [a for _, a in tags.tags if "src" in a]
    external = {a["href"] for t, a in tags.tags if "href" in a and a["href"].startswith(("http:", "https:", "//"))}
    assert external == {seeded.urls["accuse"], seeded.urls["critic"]}  # only the documents' links
    assert all(t == "a" for t, a in tags.tags if "href" in a)
    assert "<style>" in page and "@import" not in page and "url(" not in page


def test_index_lists_the_briefing(briefing, seeded_store, settings_for):
    _, result, _, _ = briefing
    index = result.index.read_text(encoding="utf-8")
    assert '<a href="briefing-2026-W09.html">2026-W09</a>' in index
    write_briefing(settings_for(seeded_store.url), period="2026-W08", out_dir=result.path.parent)
    index = result.index.read_text(encoding="utf-8")
    assert index.index("briefing-2026-W09.html") < index.index("briefing-2026-W08.html")  # newest first
    # Rendering W09 again replaces its row instead of adding one
    write_briefing(settings_for(seeded_store.url), period="2026-W09", out_dir=result.path.parent)
    assert result.index.read_text(encoding="utf-8").count('href="briefing-2026-W09.html"') == 1


def test_period_without_documents(seeded_store, tmp_path, settings_for):
    result = write_briefing(settings_for(seeded_store.url), period="2026-W20", out_dir=tmp_path)
    tags = Tags(result.path.read_text(encoding="utf-8"))
    summary = tags.text("summary")
    assert "No relevant document was published in this period." in summary
    assert "The store holds 3 relevant documents, published 17 Feb 2026 to 26 Feb 2026." in summary
    assert "No claim on the propositions in this period." in tags.text("claims")
    assert result.counts["documents"] == 0


def test_month_and_range_periods(seeded_store, tmp_path, settings_for):
    month = write_briefing(settings_for(seeded_store.url), period="2026-02", out_dir=tmp_path)
    assert month.counts["documents"] == 3 and month.counts["claims"] == 4
    changes = Tags(month.path.read_text(encoding="utf-8")).text("changes")
    assert "(0 → 4 passages)" in changes  # February against January, not against the week before
    days = write_briefing(settings_for(seeded_store.url), period="2026-02-24..2026-02-25", out_dir=tmp_path)
    assert days.path.name == "briefing-2026-02-24_to_2026-02-25.html"
    assert days.counts["documents"] == 1


def test_malformed_period_writes_nothing(seeded_store, tmp_path, settings_for):
    with pytest.raises(CorpusError, match=r"\[E005\]"):
        write_briefing(settings_for(seeded_store.url), period="2026-W60", out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_environment_is_strict_and_escapes():
    env = environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()


def test_index_lists_only_its_own_folder_once_per_period(seeded_store, tmp_path, settings_for):
    """Regression: an index in a new --out folder linked to briefings of another folder (as
    file:// URLs) and listed a period twice after it was rendered again."""
    write_briefing(settings_for(seeded_store.url), period="2026-W08", out_dir=tmp_path / "a")
    write_briefing(settings_for(seeded_store.url), period="2026-W09", out_dir=tmp_path / "b")
    result = write_briefing(settings_for(seeded_store.url), period="2026-W09", out_dir=tmp_path / "b")
    index = result.index.read_text(encoding="utf-8")
    assert index.count('href="briefing-2026-W09.html"') == 1
    assert "2026-W08" not in index and "file://" not in index
