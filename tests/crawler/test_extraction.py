"""crawler.extraction: HTML in, a typed document or a typed rejection out.

Pages are small files written for these tests (tests/crawler/pages/); one test samples the
ScrapingHub article-extraction benchmark from ../shared/data when it is there.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from crawler import errors, extraction
from crawler.errors import Reasons
from crawler.extraction import ExtractedComment, ExtractedDocument, Rejection, extract
from crawler.metadata import UTC
from crawler.text import shingles
BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "extraction-bench"


def document(result) -> ExtractedDocument:
    assert isinstance(result, ExtractedDocument), result
    return result


# --- metadata -------------------------------------------------------------------------------------


def test_jsonld_news_article_metadata(load_page):
    doc = document(extract(load_page("jsonld_newsarticle.html"), "https://news.harbourledger.example/x?id=1"))

    assert doc.url == "https://news.harbourledger.example/x?id=1"
    assert doc.canonical_url == (
        "https://news.harbourledger.example/tech/2026/02/regulators-weigh-model-copying-rules")
    assert doc.title == "Regulators weigh new rules on model copying"
    # one author inline, one through an @id reference into the @graph
    assert doc.authors == ("Mara Quill", "Tobin Reyes")
    # JSON-LD datePublished wins over article:published_time, converted to UTC
    assert doc.published_at == datetime(2026, 2, 20, 3, 30, tzinfo=UTC)
    assert doc.language == "en"
    assert doc.outlet_name == "The Harbour Ledger"
    assert doc.kind == "article"
    assert doc.description.startswith("Officials in three capitals are drafting guidance")
    assert doc.comments == ()
    paragraphs = doc.text.split("\n")
    assert paragraphs[0].startswith("Officials in three capitals")
    assert paragraphs[-1].startswith("A consultation on the text")
    assert "Copyright" not in doc.text and "Home" not in doc.text


def test_opengraph_only_page(load_page):
    url = "https://fieldnotes.example/2026/03/why-the-distillation-row-matters?utm_campaign=spring"
    doc = document(extract(load_page("opengraph_only.html"), url))

    assert doc.title == "Why the distillation row matters for open research"
    # relative og:url resolved against the page URL
    assert doc.canonical_url == "https://fieldnotes.example/2026/03/why-the-distillation-row-matters"
    assert doc.outlet == "fieldnotes.example"
    assert doc.outlet_name == "Fieldnotes"
    assert doc.authors == ("Ines Akerman",)
    assert doc.published_at == datetime(2026, 3, 2, 13, 15, tzinfo=UTC)
    assert doc.language == "en"  # from lang="en-GB"
    assert doc.description == "An argument that the fight over copied outputs will decide who may study large models."
    assert doc.text.startswith("Every few months a new accusation lands")


def test_canonical_url_is_normalised(load_page):
    # fetched on another host of the same registered domain, which may name it as canonical
    doc = document(extract(load_page("canonical_utm.html"), "https://m.example.org/council"))

    # host lower-cased, utm_*/fbclid/gclid and the fragment dropped, query sorted
    assert doc.canonical_url == "https://www.example.org/news/council-response?a=1&b=2"
    assert doc.outlet == "example.org"


def test_canonical_pointing_at_the_home_page_is_ignored(load_page):
    html = load_page("canonical_utm.html").replace(
        b'href="HTTPS://WWW.Example.ORG/news/council-response?', b'href="https://www.example.org/?')
    doc = document(extract(html, "https://www.example.org/news/council-response?utm_medium=rss#top"))

    assert doc.canonical_url == "https://www.example.org/news/council-response"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.bbc.co.uk/news/articles/x1", "bbc.co.uk"),
        ("https://edition.cnn.com/2026/03/01/tech/story", "cnn.com"),
        ("http://127.0.0.1:8765/story.html", "127.0.0.1:8765"),
        ("http://localhost:8000/story.html", "localhost:8000"),
        ("file:///tmp/story.html", ""),
    ],
)
def test_outlet_is_the_registered_domain(load_page, url, outlet):
    # cp1252_declared.html names no canonical URL, so the fetched URL decides
    assert document(extract(load_page("cp1252_declared.html"), url)).outlet == outlet


def test_date_found_only_by_htmldate(load_page):
    doc = document(extract(load_page("htmldate_only.html"), "https://committee.example/minutes"))

    assert doc.published_at == datetime(2024, 3, 12, tzinfo=UTC)
    assert doc.published_at.tzinfo is not None
    assert doc.authors == ()  # "Posted on" is a byline word, not a name


def test_press_release_path_makes_a_statement(load_page):
    url = "https://www.digital.gov.example/press-releases/consultation-provenance"
    doc = document(extract(load_page("press_release.html"), url))

    assert doc.kind == "statement"
    assert doc.outlet_name == "Department for Digital Affairs"
    assert doc.published_at == datetime(2026, 3, 4, tzinfo=UTC)


def test_press_release_label_makes_a_statement(load_page):
    doc = document(extract(load_page("press_release.html"), "https://www.digital.gov.example/consultation"))

    assert doc.kind == "statement"


def test_blog_engine_markup_makes_a_post(load_page):
    doc = document(extract(load_page("wordpress_post.html"), "https://marginnotes.example/2026/03/three-questions/"))

    assert doc.kind == "post"
    assert doc.title == "Three questions I would ask the labs"
    assert doc.text.startswith("First, how many accounts")


def test_blog_posting_is_a_post_despite_a_broken_jsonld_script(load_page):
    doc = document(extract(load_page("blog_post.html"), "https://petralund.example/notes"))

    assert doc.kind == "post"
    assert doc.authors == ("Petra Lund",)
    assert doc.published_at == datetime(2026, 2, 27, tzinfo=UTC)


def test_headline_is_not_repeated_in_the_text(load_page):
    doc = document(extract(load_page("opengraph_only.html"), "https://fieldnotes.example/a"))

    assert not doc.text.startswith(doc.title)


def _paragraphs(raw: bytes) -> tuple[list[str], object]:
    tree = extraction._parse(raw.decode("utf-8"))
    return [" ".join(p.text_content().split()) for p in tree.iter("p")], tree


def test_body_split_over_same_class_containers_is_completed(load_page):
    # regression for Condé Nast-style templates (wired.com, newyorker.com in the benchmarks):
    # trafilatura kept the first "body-container" block only
    paragraphs, tree = _paragraphs(load_page("split_body.html"))

    completed = extraction._complete_split_body(tree, "\n".join(paragraphs[:2]))

    assert completed.split("\n") == paragraphs
    assert "Advertisement" not in completed


def test_declared_article_body_replaces_a_partial_extraction(load_page):
    paragraphs, tree = _paragraphs(load_page("split_body.html"))
    # JSON-LD articleBody: one flat string, with a Markdown link as some publishers write it
    declared = " ".join(paragraphs).replace("standards meeting", "[standards meeting](https://std.example/m)")

    assert extraction._declared_body(tree, declared, paragraphs[0]) == "\n".join(paragraphs)
    # a declared body not much longer than the extraction leaves it alone
    assert extraction._declared_body(tree, " ".join(paragraphs[:4]), "\n".join(paragraphs[:3])) is None


# --- forum threads ----------------------------------------------------------------------------------


def test_forum_thread_with_microdata_comments(load_page):
    url = "https://forum.builders.example/t/is-querying-a-rival-model-fair-game/4411?page=1"
    doc = document(extract(load_page("forum_microdata.html"), url))

    assert doc.kind == "thread"
    assert doc.canonical_url == "https://forum.builders.example/t/is-querying-a-rival-model-fair-game/4411"
    assert doc.authors == ("lattice_owl",)  # user names keep their spelling
    opening, question = doc.text.split("\n")  # the opening post, without its author's name
    assert opening.startswith("Our small team wants to fine-tune an open model")
    assert question.endswith("I would rather ask before we spend the budget.")
    assert [c.author for c in doc.comments] == ["quietfern", "gravel_bay"]
    assert doc.comments[1].published_at == datetime(2026, 2, 12, 5, 5, tzinfo=UTC)
    assert doc.comments[0].text.startswith("Accounts have been suspended for this")
    for comment in doc.comments:
        assert comment.text not in doc.text


def test_forum_thread_with_jsonld_comments(load_page):
    doc = document(extract(load_page("forum_jsonld.html"), "https://talk.policy.example/t/882"))

    assert doc.kind == "thread"
    assert doc.canonical_url == "https://talk.policy.example/threads/should-output-copying-be-treated-like-scraping.882/"
    assert doc.authors == ("marrow",)
    assert doc.published_at == datetime(2026, 1, 30, 18, 0, tzinfo=UTC)
    assert doc.comments == (
        ExtractedComment("tideline", datetime(2026, 1, 30, 19, 30, tzinfo=UTC), (
            "The difference people point to is consent: web pages were public, while chatbot "
            "answers sit behind accounts and contracts.")),
        # a reply to a reply follows the comment it answers; author given as a plain string
        ExtractedComment("marrow", datetime(2026, 1, 30, 20, 5, tzinfo=UTC), (
            "Plenty of scraped pages sat behind terms of use as well, so the consent argument "
            "cuts both ways.")),
        # HTML inside the JSON-LD text is reduced to text
        ExtractedComment("oakum", datetime(2026, 1, 31, 8, 10, tzinfo=UTC),
                         "Courts will probably treat it as a contract question long before a copyright one."),
    )
    # the body is the opening post only: replies rendered as plain HTML are not repeated in it
    assert doc.text.startswith("Labs that scraped the open web")
    assert "consent" not in doc.text and "Courts will probably" not in doc.text


def test_include_comments_false_returns_no_comments_and_keeps_them_out_of_the_text(load_page):
    doc = document(extract(load_page("forum_jsonld.html"), "https://talk.policy.example/t/882",
                           include_comments=False))

    assert doc.comments == ()
    assert "Courts will probably" not in doc.text


# --- encodings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cp1252_declared.html", "cp1252_undeclared.html"])
def test_windows_1252_bytes_are_decoded(load_page, name):
    raw = load_page(name)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is windows-1252

    doc = document(extract(raw, "https://ministry.example/review"))

    assert "The minister\u2019s office" in doc.text
    assert "\u201cWe will not accept" in doc.text
    assert "\u20ac2 million" in doc.text
    assert "caf\u00e9 owners" in doc.text and "na\u00efve" in doc.text
    assert doc.language == "fr"


def test_str_and_bytes_give_the_same_document(load_page):
    raw = load_page("jsonld_newsarticle.html")
    url = "https://news.harbourledger.example/x"
    assert extract(raw, url) == extract(raw.decode("utf-8"), url)


# --- rejections ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF file"),
        (b'{"headline": "Not a page", "body": "<p>html inside json</p>"}', "JSON"),
        ('  [{"id": 1}, {"id": 2}]', "JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><item></item></channel></rss>',
         "an RSS feed"),
        ("Just a plain text file.\nNo markup at all, only sentences.", "plain text"),
    ],
)
def test_non_html_is_rejected(content, what):
    result = extract(content, "https://files.example/download")

    assert result == Rejection("https://files.example/download", "not-html", Reasons.NOT_HTML.describe(what=what))
    assert result.detail.startswith(f"content looks like {what}, not HTML \u2014 Only HTML pages")


@pytest.mark.parametrize("content", [b"", "   \n\t ", b"<html><body>  </body></html>"])
def test_empty_input_is_rejected(content):
    result = extract(content, "https://blank.example/")

    assert isinstance(result, Rejection)
    assert result.reason == "empty"


def test_page_without_visible_text_is_empty(load_page):
    result = extract(load_page("empty.html"), "https://app.example/")

    assert result == Rejection("https://app.example/", "empty",
                               Reasons.EMPTY.describe(what="the page has no visible text"))


def test_page_with_only_boilerplate_has_no_body(load_page):
    result = extract(load_page("boilerplate_only.html"), "https://gazette.example/missing")

    assert isinstance(result, Rejection)
    assert result.reason == "no-body"
    text, hint = result.detail.split(" \u2014 ")
    assert re.fullmatch(r"no main text found among \d+ characters of visible page text", text)
    assert hint == Reasons.NO_BODY.hint


def test_short_body_is_rejected_with_its_length(load_page):
    result = extract(load_page("navigation_only.html"), "https://gazette.example/sections")
    assert isinstance(result, Rejection) and result.reason == "too-short"

    doc = document(extract(load_page("jsonld_newsarticle.html"), "https://news.harbourledger.example/x"))
    result = extract(load_page("jsonld_newsarticle.html"), "https://news.harbourledger.example/x",
                     min_length=len(doc.text) + 1)
    assert result == Rejection("https://news.harbourledger.example/x", "too-short",
                               f"body has {len(doc.text)} characters, below min_length={len(doc.text) + 1}"
                               f" \u2014 {Reasons.TOO_SHORT.hint}")


def test_a_failing_library_becomes_a_parse_error(load_page, monkeypatch):
    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(extraction.trafilatura, "bare_extraction", broken)
    result = extract(load_page("jsonld_newsarticle.html"), "https://news.harbourledger.example/x")

    assert result == Rejection("https://news.harbourledger.example/x", "parse-error", Reasons.PARSE_ERROR.describe(
        error="RecursionError: maximum recursion depth exceeded"))


def test_malformed_html_does_not_raise():
    html = "<html><body><div><p>Unclosed <b>tags <table><tr><td>cell</p></div>" * 50 + "</span></html></html>"
    assert isinstance(extract(html, "https://broken.example/"), (ExtractedDocument, Rejection))


def test_control_characters_in_the_text_are_dropped():
    # regression: an AINews issue page (2025-01-22) with vertical tabs in its text made lxml
    # refuse to build trafilatura's output tree, and the page came back as no-body
    paragraph = "A vertical\x0btab and a unit\x1fseparator sit inside this sentence about model outputs. "
    doc = document(extract(f"<html><body><article><p>{paragraph * 5}</p></article></body></html>",
                           "https://news.example/issue"))

    assert doc.text.startswith("A verticaltab and a unitseparator sit inside")


def test_wrong_input_type_is_a_type_error_with_its_code():
    with pytest.raises(TypeError, match=r"^\[E201\] html must be str or bytes, not NoneType"):
        extract(None, "https://x.example/")  # type: ignore[arg-type]


# --- real pages -------------------------------------------------------------------------------------


def _shingle_f1(true: str, pred: str) -> float:
    """Per-page F1 of word 4-gram shingles, as in benchmarks/extraction.py (ScrapingHub metric:
    case kept, shingles counted with repeats)."""
    t, p = Counter(shingles(true, casefold=False)), Counter(shingles(pred, casefold=False))
    overlap = sum((t & p).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(t.values())
    return 2 * precision * recall / (precision + recall)


@pytest.mark.realdata
def test_article_extraction_benchmark_sample():
    if not (BENCH / "ground-truth.json").is_file():
        pytest.skip(f"no benchmark data at {BENCH}")
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    sample = sorted(truth)[::9][:20]  # fixed, spread over the set
    scores = []
    for key in sample:
        raw = gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes())
        result = extract(raw, truth[key]["url"])
        scores.append(_shingle_f1(truth[key]["articleBody"], getattr(result, "text", "")))

    assert len(scores) == 20
    assert statistics.mean(scores) >= 0.85, dict(zip(sample, scores))


def test_regression_ainews_26_02_23_tag_that_is_not_an_xml_name():
    """A chat timestamp left as a tag (``<t:1771905600:f>``) in the 2026-02-23 AI-news digest made
    trafilatura's output tree raise, and the whole page came back as ``no-body``."""
    paragraphs = "".join(f"<li>Item {i}: the labs argued about model outputs and accounts, again and again.</li>"
                         for i in range(40))
    page = (f"<html><head><title>Digest</title></head><body><main><article><h1>Digest</h1>"
            f"<ul>{paragraphs}</ul><ul><li>Posted <t:1771905600:f> in the channel, then quoted widely "
            f"by readers who followed the dispute all week long.</li></ul></article></main></body></html>")
    result = extract(page, "https://example.org/digest")
    assert isinstance(result, ExtractedDocument), result
    assert "Posted" in result.text and "quoted widely" in result.text


def test_a_home_page_is_not_a_document():
    teasers = "".join(f"<article><h2><a href='/story-{i}.html'>Story {i}</a></h2><p>{'A teaser sentence. ' * 12}</p>"
                      f"</article>" for i in range(6))
    page = f"<html><head><title>The Daily</title></head><body><main>{teasers}</main></body></html>"
    result = extract(page, "https://example.org/index.html")
    assert isinstance(result, Rejection) and result.reason == "home-page"
    assert not result.failure and result.reason in errors.NOT_FAILURES
    # the same page at an article's address is extracted
    assert isinstance(extract(page, "https://example.org/2026/02/story.html"), ExtractedDocument)
