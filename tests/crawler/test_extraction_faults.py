"""Extraction faults seen on real pages, each on a small page of our own built like the fault.

Faults (issue 8): a day/month swap on en-GB pages whose meta holds "03/02/2026"; a job title kept
as an author; "Read more:" links and like blocks kept in the body; a Chinese byline ("记者 NAME")
kept whole; a relative canonical URL with no page URL to resolve it against.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crawler.extraction import ExtractedDocument, extract
from crawler.metadata import UTC
from crawler.metadata.authors import author_names
from crawler.metadata.dates import day_first, other_reading, parse_datetime, visible_date


def document(result) -> ExtractedDocument:
    assert isinstance(result, ExtractedDocument), result
    return result


# --- dates in the page's locale -------------------------------------------------------------------


def test_en_gb_numeric_meta_date_is_day_first(load_page):
    """meta article:published_time "03/02/2026" on an <html lang="en-GB"> page is 3 February."""
    doc = document(extract(load_page("engb_numeric_date.html"), "https://wessex.example/2026/peers-audits"))
    assert doc.published_at == datetime(2026, 2, 3, tzinfo=UTC)


def test_the_visible_date_decides_an_ambiguous_numeric_date(load_page):
    """lang="en" reads "03/02/2026" as 2 March; the dateline shows "Tuesday 3 February 2026"."""
    doc = document(extract(load_page("numeric_date_visible.html"), "https://gazette.example/council-ai"))
    assert doc.published_at == datetime(2026, 2, 3, tzinfo=UTC)


def test_same_page_in_en_us_without_a_visible_date_is_month_first(load_page):
    page = load_page("engb_numeric_date.html").replace(b'lang="en-GB"', b'lang="en-US"')
    doc = document(extract(page, "https://wessex.example/2026/peers-audits"))
    assert doc.published_at == datetime(2026, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize("locale, expected", [
    ("en-GB", True), ("en_GB", True), ("fr-FR", True), ("de", True), ("en-US", False), ("en", False),
    (None, False), ("en-PH", False), ("es-419", True)])
def test_day_first_by_locale(locale, expected):
    assert day_first(locale) is expected


def test_other_reading_only_for_ambiguous_numeric_dates():
    assert other_reading("03/02/2026", dayfirst=True) == datetime(2026, 3, 2, tzinfo=UTC)
    assert other_reading("25/02/2026", dayfirst=True) is None   # one valid reading only
    assert other_reading("2026-02-03", dayfirst=True) is None   # ISO: never ambiguous
    assert other_reading("04/04/2026", dayfirst=False) is None  # both readings the same day
    assert parse_datetime("03/02/2026", dayfirst=True) == datetime(2026, 2, 3, tzinfo=UTC)


@pytest.mark.parametrize("text, expected", [
    ("Tuesday 3 February 2026", date(2026, 2, 3)), ("Feb. 3, 2026, 10:04 am", date(2026, 2, 3)),
    ("Updated 3 Feb 2026 at 14:00 GMT", date(2026, 2, 3)), ("03/02/2026", None), ("3 February", None)])
def test_visible_date_reads_only_spelled_out_months(text, expected):
    assert visible_date(text) == expected


# --- authors --------------------------------------------------------------------------------------


def test_structured_authors_lose_roles_outlet_and_email(load_page):
    doc = document(extract(load_page("author_roles.html"), "https://coastal.example/2026/02/export-rules"))
    assert doc.authors == ("Priya Nandakumar", "Lucas Ferreira", "Hanna Olsen")


def test_byline_in_the_markup_loses_its_role(load_page):
    """No structured author: trafilatura's byline "By Dara Whitcombe, Technology Editor"."""
    doc = document(extract(load_page("byline_role_markup.html"), "https://labwire.example/2026/03/limits"))
    assert doc.authors == ("Dara Whitcombe",)


@pytest.mark.parametrize("raw, names", [
    ("By Dara Whitcombe, Technology Editor", ["Dara Whitcombe"]),
    ("Jane Doe - Chief Technology Correspondent", ["Jane Doe"]),
    ("BY JOHN SMITH AND JANE ROE", ["JOHN SMITH", "JANE ROE"]),
    ("Jane Doe (jane@news.example)", ["Jane Doe"]),
    ("记者 王晓明 李静", ["王晓明", "李静"]),
    ("本报记者：张伟", ["张伟"]),
    ("文/刘洋", ["刘洋"]),
    ("Von Jana Becker", ["Jana Becker"]),
    ("Par Camille Roux et Louis Martin", ["Camille Roux", "Louis Martin"]),
    ("Ana García y Luis Pérez", ["Ana García", "Luis Pérez"]),
    ("Di Maria", ["Di Maria"]),            # a surname, not Italian "di"
    ("Jonathan Head", ["Jonathan Head"]),  # a surname, not a role
    ("Reuters Staff", ["Reuters Staff"]),  # only a role: kept rather than lost
    ("The Editorial Board", ["The Editorial Board"]),
    ("https://example.org/authors/jane", []),
])
def test_author_names(raw, names):
    assert author_names(raw) == names


def test_chinese_page_byline_language_and_text(load_page):
    doc = document(extract(load_page("chinese_byline.html"), "https://news.huaxia.example/2026/02/24/ai.html"))
    assert doc.authors == ("王晓明", "李静")
    assert doc.language == "zh"
    assert doc.title == "美国实验室指控对手通过虚假账户蒸馏其模型"
    assert doc.text.startswith("一家美国人工智能实验室本周表示")
    assert "记者" not in doc.text
    assert doc.published_at == datetime(2026, 2, 24, 1, 30, tzinfo=UTC)


# --- boilerplate ----------------------------------------------------------------------------------


def test_boilerplate_blocks_are_not_in_the_body(load_page):
    doc = document(extract(load_page("boilerplate_blocks.html"), "https://science.example/2026/03/copied-models"))
    lines = doc.text.split("\n")
    assert lines[0].startswith("A group of university researchers")
    assert lines[-1].startswith("The paper has not yet been peer reviewed")
    assert len(lines) == 4, lines  # the four paragraphs of the story, nothing else
    for boilerplate in ("Read more", "fingerprints", "Sign up", "newsletter", "Related stories",
                        "Photograph", "Universities", "Cloud provider"):
        assert boilerplate not in doc.text


# --- canonical URL without a page URL -------------------------------------------------------------


@pytest.mark.parametrize("url", ["file:///tmp/saved/relative_canonical.html", ""])
def test_relative_canonical_is_resolved_against_the_pages_own_links(load_page, url):
    doc = document(extract(load_page("relative_canonical.html"), url))
    assert doc.canonical_url == "https://www.riverpost.example/law/2026/03/court-hears-terms-of-use-case"
    assert doc.outlet == "riverpost.example"
    assert doc.url == url


def test_relative_canonical_with_a_page_url_uses_the_page_url(load_page):
    doc = document(extract(load_page("relative_canonical.html"), "https://mirror.example/copy/court"))
    assert doc.canonical_url == "https://mirror.example/law/2026/03/court-hears-terms-of-use-case"


def test_regression_euronews_year_first_date_is_not_read_day_first():
    """publisher-pages EuronewsEN_2026_01_06 (og:locale en-GB): "2026-01-06 13:55:27 +01:00" is not
    ISO 8601 to isoparse (space before the offset); dateutil with dayfirst read it as 1 June."""
    assert parse_datetime("2026-01-06 13:55:27 +01:00", dayfirst=True) == datetime(2026, 1, 6, 12, 55, 27, tzinfo=UTC)
