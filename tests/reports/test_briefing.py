"""Briefings rendered from the briefing store (``tests/reports/conftest.py``): every section shows
the numbers the store holds, passages as published, nothing hostile runs or loads."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from corpus.errors import CorpusError
from reports.briefing import SECTIONS, briefing_context, environment, write_all, write_briefing
from reports.errors import ReportError

from .conftest import HOSTILE_URL


class Page(HTMLParser):
    """Every start tag of a page as ``(tag, attrs)``, and the text of each ``<section id>`` (its
    heading left out) as a reader sees it: blocks and cells apart, inline elements run in."""

    INLINE = frozenset({"mark", "a", "q", "strong", "em", "code", "abbr", "b", "i"})

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.sections: dict[str, str] = {}
        self._stack: list[str] = []
        self._heading = False
        self.feed(page)

    def _gap(self, tag):
        if self._stack and tag not in self.INLINE:
            self.sections[self._stack[-1]] += " "

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._gap(tag)
        if tag == "section":
            self._stack.append(dict(attrs)["id"])
            self.sections[self._stack[-1]] = ""
        self._heading = self._heading or tag == "h2"

    def handle_endtag(self, tag):
        self._gap(tag)
        if tag == "section":
            self._stack.pop()
        if tag == "h2":
            self._heading = False

    def handle_data(self, data):
        if self._stack and not self._heading:
            self.sections[self._stack[-1]] += data

    def text(self, section: str) -> str:
        return " ".join(self.sections[section].split())


@pytest.fixture
def rendered(briefing_store, tmp_path, settings_for):
    result = write_briefing(settings_for(briefing_store.url), period="2026-W09", out_dir=tmp_path / "out")
    page = result.path.read_text(encoding="utf-8")
    return briefing_store, result, page, Page(page)


def test_files_and_counts(rendered, tmp_path):
    store, result, _, _ = rendered
    assert result.path == tmp_path / "out" / "briefing-2026-W09.html"
    assert result.counts["documents"] == 4 and result.counts["sources"] == 3 and result.counts["claims"] == 7
    copies = sorted(p.name for p in (tmp_path / "out" / "copies").iterdir())
    assert copies == sorted(f"doc-{store.docs.get(n) or store.seeded.docs[n]}.html"
                            for n in ("accuse", "critic", "wire", "hostile"))


def test_every_section_in_order(rendered):
    _, _, page, tags = rendered
    ids = [a["id"] for t, a in tags.tags if t == "section"]
    assert ids == [s for s, _ in SECTIONS] == ["summary", "figures", "positions", "claims", "themes", "sources",
                                                "watchlist", "method"]


def test_summary_is_written_from_the_data(rendered):
    store, _, _, tags = rendered
    text = tags.text("summary")
    assert text.startswith("In week 9 of 2026, 4 relevant documents from 3 outlets (+3 documents against 2026-W08) "
                           "carried 7 claims, 7 of them on the propositions, by 4 named speakers.")
    assert ("New voices on the propositions: Commerce Department (2 claims), Anthropic (2 claims), Jane Roe (2 claims) "
            "and 1 more.") in text
    assert "“export rules are under review” (Commerce Department, The Ledger Review, 24 Feb 2026)" in text
    assert ("The most repeated new claim, first said by Anthropic in The Ledger Review on 24 Feb 2026, was carried "
            "by 2 documents from 2 outlets.") in text
    links = [a["href"] for t, a in tags.tags if t == "a" and a.get("href", "").startswith("#claim-")]
    assert f"#claim-{store.seeded.claims['commerce']}" in links and f"#claim-{store.seeded.claims['anthropic']}" in links


def test_summary_is_deterministic(briefing_store, settings_for):
    first = briefing_context(settings_for(briefing_store.url), period="2026-W09")
    second = briefing_context(settings_for(briefing_store.url), period="2026-W09")
    first["meta"].pop("generated_at"), second["meta"].pop("generated_at")
    assert first == second


def test_key_figures_against_the_previous_week(rendered):
    _, _, _, tags = rendered
    text = tags.text("figures")
    for figure in ("4 documents +3 vs 2026-W08 (1)", "3 outlets +2 vs 2026-W08 (1)", "7 claims +6 vs 2026-W08 (1)",
                   "4 actors mentioned +3 vs 2026-W08 (1)", "7 claims on the propositions +6 vs 2026-W08 (1)"):
        assert figure in text
    # the chart of documents per day has its axis labels and a table of the same numbers
    assert "Mon 23" in text and "Sun 1" in text
    assert "Mon 23 0 Tue 24 1 Wed 25 1 Thu 26 1 Fri 27 1 Sat 28 0 Sun 1 0" in text


def table_rows(section_html: str) -> list[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", section_html.split("<tbody>", 1)[1], re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in rows]


def section_html(page: str, name: str) -> str:
    return page.split(f'<section id="{name}"', 1)[1].split("</section>", 1)[0]


def test_positions_grouped_by_actor_type(rendered):
    _, _, page, tags = rendered
    body = section_html(page, "positions")
    headings = re.findall(r"<h3>(.*?)</h3>", body)
    assert headings == ["Governments and officials", "Labs and companies", "Researchers"]
    groups = body.split("<h3>")[1:]
    # columns: accusation-justified, distillation-is-theft, accusers-are-hypocrites, government-should-restrict
    assert table_rows(groups[0]) == [
        "Commerce Department government – – – ▲2 ▼0 ●0 leans favor +1.00 [+0.04, +1.00]".replace("+0.04", _low(2)),
        "Ann Lee official – – – ▲1 ▼0 ●0 leans favor +1.00 [" + _low(1) + ", +1.00]",
    ]
    assert table_rows(groups[1]) == ["Anthropic company – ▲2 ▼0 ●0 leans favor +1.00 [" + _low(2) + ", +1.00] – –"]
    assert table_rows(groups[2]) == ["Jane Roe researcher – ▲0 ▼1 ●0 leans against −1.00 [−1.00, " + _high(1)
                                     + "] ▲2 ▼0 ●0 leans favor +1.00 [" + _low(2) + ", +1.00] –"]


def _low(n: int) -> str:
    """The lower end of the net's 95% Wilson interval for n claims all in favour, as printed."""
    from corpus.positions import wilson

    return f"{2 * wilson(n, n)[0] - 1:+.2f}".replace("-", "−")


def _high(n: int) -> str:
    from corpus.positions import wilson

    return f"{2 * wilson(0, n)[1] - 1:+.2f}".replace("-", "−")


def test_claims_grouped_by_proposition_and_side_repeats_once(rendered):
    store, _, page, tags = rendered
    text = tags.text("claims")
    body = section_html(page, "claims")
    assert re.findall(r'<h3 id="claims-([a-z-]+)">', body) == ["distillation-is-theft", "accusers-are-hypocrites",
                                                                "government-should-restrict"]
    assert "7 bear on a proposition, 6 once repeats are folded together" in text
    # Anthropic's claim, repeated by the wire, is one card with its repeat line
    assert body.count("rival labs used fraudulent accounts to distill Claude") == 1
    assert ("First said by Anthropic on 24 Feb 2026 in The Ledger Review, repeated by 1 other outlet "
            "(2 documents: The Ledger Review, The Wire).") in text
    assert f'id="claim-{store.claims["wire_anthropic"]}"' not in page
    # the claim's words highlighted in the passage, speaker, outlet, date, links
    anthropic = store.seeded.claims["anthropic"]
    card = body.split(f'id="claim-{anthropic}"', 1)[1].split("</li>", 1)[0]
    assert "Anthropic said that <mark>rival labs used fraudulent accounts to distill Claude</mark>." in card
    assert "The Ledger Review, 24 Feb 2026" in card
    assert f'href="{store.seeded.urls["accuse"]}"' in card
    assert f'href="copies/doc-{store.seeded.docs["accuse"]}.html#claim-{anthropic}"' in card
    # sides: Jane Roe against distillation-is-theft sits under "Against"
    theft = body.split('id="claims-distillation-is-theft"', 1)[1].split("<h3", 1)[0]
    assert theft.index("In favour") < theft.index("rival labs") < theft.index("Against") < theft.index("scraped the web")


def test_passages_are_repaired_from_the_stored_offsets(rendered):
    store, _, page, _ = rendered
    body = section_html(page, "claims")
    lee = body.split(f'id="claim-{store.claims["lee"]}"', 1)[1].split("</blockquote>", 1)[0]
    assert lee.endswith("“<mark>Export rules must change</mark>,” Ann Lee said. “The loophole is obvious.”")
    commerce = body.split(f'id="claim-{store.claims["commerce2"]}"', 1)[1].split("</blockquote>", 1)[0]
    assert commerce.endswith("<blockquote>The Commerce Department said <mark>reform of export rules is near</mark>.")
    assert "Technology" not in body  # the glued heading of the wire story is not quoted
    method = Page(page).text("method")
    assert "1 with a closing quotation mark of the sentence before dropped from the front" in method
    assert "1 with the passage's own closing quotation mark restored at the end" in method


def test_hostile_document_is_text_and_runs_nothing(rendered):
    store, result, page, tags = rendered
    assert "<script" not in page and "<img" not in page and "onerror=" not in page.replace("onerror=alert", "")
    assert "&lt;script&gt;alert(2)&lt;/script&gt; the accusers &lt;b&gt;copied&lt;/b&gt; first" in page
    assert "&lt;img src=x onerror=alert(1)&gt; Labs &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page
    hrefs = [a.get("href", "") for _, a in tags.tags if "href" in a]
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
    assert html.escape(HOSTILE_URL, quote=True) in page  # shown as text
    assert not [t for t, _ in tags.tags if t in ("script", "iframe", "object", "embed", "img", "link", "form")]
    copy = (result.path.parent / "copies" / f"doc-{store.docs['hostile']}.html").read_text(encoding="utf-8")
    assert "<script" not in copy and "&lt;a href=&#34;javascript:alert(3)&#34;&gt;" in copy


def test_briefing_is_self_contained(rendered):
    store, _, page, tags = rendered
    assert not [a for _, a in tags.tags if "src" in a]
    external = {a["href"] for t, a in tags.tags if "href" in a and not a["href"].startswith(("#", "copies/", "index"))}
    assert external == {store.seeded.urls["accuse"], store.seeded.urls["critic"], "https://wire.co.uk/tech/distill"}
    assert "<style>" in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the page's own policy forbids loading anything


def test_themes_sources_watchlist_method(rendered):
    _, _, page, tags = rendered
    themes = tags.text("themes")
    assert "fraudulent · accounts · distill" in themes and "100% of the period's theme passages" in themes
    assert "3 passages in 2 documents" in themes and "-1_outliers" not in page
    assert "W02" in themes and "W09" in themes  # eight weeks on the chart's axis and in its table
    sources = tags.text("sources")
    assert "United Kingdom 1 1" in sources and "not told by the domain 2 3" in sources
    assert "news 2 2" in sources and "blog 1 2" in sources
    counted = re.findall(r"\((\d+) (claims?)\)", sources)  # each document's claims, in the list
    assert ("1", "claim") in counted and all((n == "1") == (word == "claim") for n, word in counted)
    watch = tags.text("watchlist")
    assert ("Commerce Department government : 2 claims on the propositions, in 2 outlets" in watch
            and watch.index("Commerce Department") < watch.index("Anthropic") < watch.index("Ann Lee"))
    assert "Anthropic company : in 2 documents (0 in 2026-W08)" in watch
    method = tags.text("method")
    assert "Analysis run #1" in method and "spacy_model seeded" in method and "benchmarks/stance.py" in method
    assert "Store: 6 documents, 5 relevant, 6 analysed, 9 claims." in method


def test_json_is_the_same_context(briefing_store, settings_for, tmp_path):
    ctx = briefing_context(settings_for(briefing_store.url), period="2026-W09")
    data = json.loads(__import__("reports.briefing", fromlist=["to_json"]).to_json(ctx))
    assert [f["value"] for f in data["figures"]] == [f["value"] for f in ctx["figures"]] == [4, 3, 7, 4, 4, 7, 0]
    assert data["summary"]["sentences"][0]["text"] == ctx["summary"]["sentences"][0]["text"]
    assert data["period"]["start"] == "2026-02-23T00:00:00+00:00"
    assert sum(len(s["cards"]) for g in data["claims"]["groups"] for s in g["sides"]) == 6


def test_quiet_period_says_so(briefing_store, tmp_path, settings_for):
    result = write_briefing(settings_for(briefing_store.url), period="2026-W20", out_dir=tmp_path)
    tags = Page(result.path.read_text(encoding="utf-8"))
    assert tags.text("summary") == ("A quiet period: no relevant document was published from 11 May 2026 to 17 May "
                                    "2026, so there is no claim, position or theme to report. The store's coverage "
                                    "runs from 17 Feb 2026 to 27 Feb 2026. The latest week with coverage is 2026-W09.")
    assert tags.text("claims") == "No claim in this period."
    assert tags.text("positions") == "No position to report: no claim in this period."
    assert result.quiet and result.counts["documents"] == 0


def test_month_and_range_periods(briefing_store, tmp_path, settings_for):
    month = write_briefing(settings_for(briefing_store.url), period="2026-02", out_dir=tmp_path)
    assert month.counts["documents"] == 5 and month.counts["claims"] == 8
    assert "February 2026" in Page(month.path.read_text(encoding="utf-8")).text("summary")
    days = write_briefing(settings_for(briefing_store.url), period="2026-02-24..2026-02-25", out_dir=tmp_path)
    assert days.path.name == "briefing-2026-02-24_to_2026-02-25.html"
    assert days.counts["documents"] == 2


def test_all_backfills_every_week_with_data_and_indexes_them(briefing_store, tmp_path, settings_for):
    results = write_all(settings_for(briefing_store.url), out_dir=tmp_path)
    assert [r.path.name for r in results] == ["briefing-2026-W08.html", "briefing-2026-W09.html"]
    index = results[-1].index.read_text(encoding="utf-8")
    assert index.index('href="briefing-2026-W09.html"') < index.index('href="briefing-2026-W08.html"')
    months = write_all(settings_for(briefing_store.url), every="month", out_dir=tmp_path)
    assert [r.path.name for r in months] == ["briefing-2026-02.html"]
    index = months[-1].index.read_text(encoding="utf-8")
    assert "Weekly" in index and "Monthly" in index and index.count('href="briefing-2026-W09.html"') == 1


def test_templates_folder_restyles_one_partial(briefing_store, tmp_path, settings_for):
    (tmp_path / "mine" / "sections").mkdir(parents=True)
    (tmp_path / "mine" / "sections" / "watchlist.html").write_text("<p>Watch {{ period.label }} closely</p>")
    (tmp_path / "mine" / "briefing.css").write_text("body { color: rebeccapurple; }")
    result = write_briefing(settings_for(briefing_store.url), period="2026-W09", out_dir=tmp_path / "o",
                            templates=tmp_path / "mine")
    page = result.path.read_text(encoding="utf-8")
    assert "<p>Watch 2026-W09 closely</p>" in page and "rebeccapurple" in page
    assert "First said by Anthropic" in page  # the other partials are the shipped ones


def test_bad_templates_are_clear_errors(briefing_store, tmp_path, settings_for):
    with pytest.raises(ReportError, match=r"\[E301\]"):
        write_briefing(settings_for(briefing_store.url), period="2026-W09", out_dir=tmp_path, templates=tmp_path / "no")
    (tmp_path / "bad" / "sections").mkdir(parents=True)
    (tmp_path / "bad" / "sections" / "summary.html").write_text("{{ no_such_key }}")
    with pytest.raises(ReportError, match=r"\[E302\].*no_such_key"):
        write_briefing(settings_for(briefing_store.url), period="2026-W09", out_dir=tmp_path / "o",
                       templates=tmp_path / "bad")
    assert not (tmp_path / "o").exists()  # nothing written


def test_malformed_period_writes_nothing(briefing_store, tmp_path, settings_for):
    with pytest.raises(CorpusError, match=r"\[E005\]"):
        write_briefing(settings_for(briefing_store.url), period="2026-W60", out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_environment_is_strict_and_escapes():
    env = environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.from_string("{{ x | css_string }}").render(x='a"</style><b>') == 'a\\"\\3c /style\\3e \\3c b\\3e '
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()


def test_index_lists_only_its_own_folder_once_per_period(briefing_store, tmp_path, settings_for):
    """Regression: an index in a new --out folder linked to briefings of another folder (as
    file:// URLs) and listed a period twice after it was rendered again."""
    write_briefing(settings_for(briefing_store.url), period="2026-W08", out_dir=tmp_path / "a")
    write_briefing(settings_for(briefing_store.url), period="2026-W09", out_dir=tmp_path / "b")
    result = write_briefing(settings_for(briefing_store.url), period="2026-W09", out_dir=tmp_path / "b")
    index = result.index.read_text(encoding="utf-8")
    assert index.count('href="briefing-2026-W09.html"') == 1
    assert "2026-W08" not in index and "file://" not in index


def test_a_position_that_moved_is_marked_and_summarised(briefing_store, tmp_path, settings_for):
    """Jane Roe said twice in W08 that distillation is theft; in W09 she says it is not: her net
    on distillation-is-theft goes from +1 to -1, beyond the W09 interval."""
    import datetime as dt

    from sqlalchemy import select

    from corpus import writes
    from corpus.models import AnalysisRun, Entity, Proposition
    from corpus.store import Store

    text = "Jane Roe wrote that copying outputs is theft. Jane Roe wrote that it is plain theft."
    with Store.open(briefing_store.url) as store, store.unit_of_work() as s:
        run = s.scalar(select(AnalysisRun.id))
        roe = s.scalar(select(Entity.id).where(Entity.name == "Jane Roe"))
        theft = s.scalar(select(Proposition.id).where(Proposition.key == "distillation-is-theft"))
        source = writes.get_or_create_source(s, "strait.example", name="Strait Notes", kind="blog")
        doc = writes.add_document(s, url="https://strait.example/w08", canonical_url="https://strait.example/w08",
                                  source_id=source, title="Earlier", text=text, relevant=True, relevance=0.9,
                                  published_at=dt.datetime(2026, 2, 18, 9, tzinfo=dt.timezone.utc))
        claims = []
        for sentence in ("Jane Roe wrote that copying outputs is theft.", "Jane Roe wrote that it is plain theft."):
            a = text.index(sentence)
            content = sentence[len("Jane Roe wrote that "):-1]
            claims.append({"speaker": "Jane Roe", "speaker_entity_id": roe, "cue": "wrote", "content": content,
                           "kind": "indirect", "speaker_start": a, "speaker_end": a + 8, "cue_start": a + 9,
                           "cue_end": a + 14, "content_start": a + 20, "content_end": a + 20 + len(content),
                           "sentence_start": a, "sentence_end": a + len(sentence), "cluster_key": content})
        ids = writes.replace_document_analysis(s, doc, run_id=run, mentions=[], claims=claims)
        writes.add_stances(s, [{"claim_id": i, "proposition_id": theft, "label": "favor", "score": 0.5,
                                "relatedness": 0.7, "model": "seeded"} for i in ids])
    result = write_briefing(settings_for(briefing_store.url), period="2026-W09", out_dir=tmp_path)
    page = result.path.read_text(encoding="utf-8")
    tags = Page(page)
    assert ("Jane Roe moved toward against on distillation-is-theft: net +1.00 in 2026-W08, −1.00 now "
            "(95% interval −1.00 to " + _high(1) + ").") in tags.text("summary")
    assert "Jane Roe" not in tags.text("summary").split("New voices on the propositions:")[1].split(".")[0]
    roe_row = next(r for r in table_rows(section_html(page, "positions").split("<h3>Researchers</h3>")[1])
                   if r.startswith("Jane Roe"))
    assert "leans against ↓" in roe_row
