"""PDF statements, WARC archives and link-following within a site.

PDFs are built here byte by byte (a text layer in Helvetica, an information dictionary), WARC
files with warcio's writer, sites as folders served by :class:`crawler.localsite.LocalSite`;
every text is written for these tests.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest

from crawler.items import DiscoveredUrl, FailedPage, PageItem
from crawler.localsite import PLACEHOLDER_ORIGIN, LocalSite
from crawler.sources.documents import extract_document
from crawler.sources.pdf import pdf_paragraphs
from crawler.sources.plan import SitePlan, WarcPlan, warc_plan
from crawler.sources.warc import WarcFilter, host_matches, warc_pages
from crawler.spiders.discovery import DiscoverySpider

O = PLACEHOLDER_ORIGIN

STATEMENT_LINES = [
    "Statement of the Office of Technology Policy on model distillation",
    "The Office has reviewed reports that foreign laboratories obtained the outputs of a",
    "domestic frontier model through thousands of fraudulent accounts.",
    "",
    "We consider the unauthorised extraction of model capabilities a matter of national",
    "security and will consult on export controls for model access.",
    "2",
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], *, title: str = "", author: str = "", created: str = "") -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (one ``Tj`` each), with an /Info dictionary."""
    content = "BT /F1 11 Tf 72 740 Td 14 TL " + " ".join(f"({_escape(line)}) Tj T*" for line in lines) + " ET"
    info = " ".join(f"/{k} ({_escape(v)})" for k, v in (("Title", title), ("Author", author),
                                                         ("CreationDate", created)) if v)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< {info} >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_a_pdf_statement_is_extracted_as_a_statement():
    body = make_pdf(STATEMENT_LINES, title="Statement on model distillation", author="Office of Technology Policy",
                    created="D:20260224093000Z")
    doc = extract_document(body, "https://otp.gov.example/press/2026-02-24-statement.pdf", min_length=100)
    assert doc.kind == "statement" and doc.title == "Statement on model distillation"
    assert doc.authors == ("Office of Technology Policy",)
    assert doc.published_at == datetime(2026, 2, 24, 9, 30, tzinfo=timezone.utc)
    assert doc.outlet == "otp.gov.example" and doc.language == "en"  # .example is no public suffix
    paragraphs = doc.text.split("\n")
    assert paragraphs[0] == STATEMENT_LINES[0]
    assert paragraphs[1] == ("The Office has reviewed reports that foreign laboratories obtained the outputs of a "
                             "domestic frontier model through thousands of fraudulent accounts.")
    assert "2" not in paragraphs  # the page number


def test_a_pdf_without_title_takes_its_first_line_and_short_or_broken_pdfs_are_rejected():
    doc = extract_document(make_pdf(STATEMENT_LINES), "https://x.example/s.pdf", min_length=50)
    assert doc.title == STATEMENT_LINES[0] and not doc.text.startswith(STATEMENT_LINES[0])
    short = extract_document(make_pdf(["Too short."]), "https://x.example/s.pdf", min_length=200)
    assert short.reason == "too-short"
    broken = extract_document(b"%PDF-1.4\nnot really a pdf", "https://x.example/b.pdf")
    assert broken.reason in ("parse-error", "no-body")


def test_pdf_lines_join_into_paragraphs():
    assert pdf_paragraphs(["The lab said the ac-\ncounts were fake\nand closed them.\n3\nNext one."]) == [
        "The lab said the accounts were fake and closed them.", "Next one."]


# --- WARC -----------------------------------------------------------------------------------

def article(title: str) -> bytes:
    body = "".join(f"<p>{title}: paragraph {i} on the lab's complaint about distilled model outputs.</p>"
                   for i in range(6))
    return f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>" \
           f"{body}</article></body></html>".encode()


RECORDS = [  # url, WARC-Date, status, content type, body
    ("https://www.ledger.example/2026/02/a.html", "2026-02-23T10:00:00Z", "200 OK", "text/html; charset=utf-8",
     article("Ledger A")),
    ("https://wire.example/b.html", "2026-02-23T11:00:00Z", "200 OK", "text/html", article("Wire B")),
    ("https://www.ledger.example/2026/01/old.html", "2026-01-10T10:00:00Z", "200 OK", "text/html", article("Old")),
    ("https://www.ledger.example/logo.png", "2026-02-23T10:01:00Z", "200 OK", "image/png", b"\x89PNG...."),
    ("https://www.ledger.example/gone.html", "2026-02-23T10:02:00Z", "404 Not Found", "text/html", b"gone"),
    ("https://news.ledger.example/c.pdf", "2026-02-24T08:00:00Z", "200 OK", "application/pdf",
     make_pdf(STATEMENT_LINES, title="Statement on model distillation")),
]


@pytest.fixture(scope="module")
def warc_file(tmp_path_factory):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path_factory.mktemp("warc") / "CC-NEWS-20260223.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record("CC-NEWS-20260223.warc.gz", {"software": "tests"}))
        for url, date, status, content_type, body in RECORDS:
            headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers, warc_headers_dict={"WARC-Date": date}))
    return path


def test_warc_pages_pass_the_date_and_host_filters(warc_file):
    skipped: dict[str, int] = {}
    selection = WarcFilter(since=datetime(2026, 2, 1, tzinfo=timezone.utc), hosts=("ledger.example",))
    pages = list(warc_pages(warc_file, selection, skipped=skipped))
    assert [p.url for p in pages] == ["https://www.ledger.example/2026/02/a.html", "https://news.ledger.example/c.pdf"]
    assert pages[0].body == RECORDS[0][4] and pages[0].date == datetime(2026, 2, 23, 10, tzinfo=timezone.utc)
    assert skipped == {"not-response": 1, "host": 1, "date": 1, "content-type": 1, "status": 1}


def test_host_filters_match_subdomains_only():
    assert host_matches("https://www.ledger.example/x", ("ledger.example",))
    assert not host_matches("https://notledger.example/x", ("ledger.example",))
    assert host_matches("https://anything.example/x", ())


def test_warc_pages_go_through_the_spider_as_items(warc_file, tmp_path, spider_runner):
    not_warc = tmp_path / "notes.warc"
    not_warc.write_bytes(b"this is not an archive\r\n\r\n")
    plan = warc_plan([str(warc_file), str(not_warc)], until="2026-02-24")
    run = spider_runner(DiscoverySpider, warc=plan, skip_urls=frozenset({"https://wire.example/b.html"}))
    assert [p.url for p in run.of(PageItem)] == ["https://www.ledger.example/2026/02/a.html",
                                                 "https://www.ledger.example/2026/01/old.html"]
    assert run.responses == []  # nothing fetched
    (bad,) = run.of(FailedPage)
    assert bad.reason == "bad-warc" and bad.url == not_warc.resolve().as_uri()
    assert run.stats["debatelens/skipped_known"] == 1 and run.stats["debatelens/warc_skipped/date"] == 1


def test_a_dry_run_lists_warc_pages_with_their_dates(warc_file, spider_runner):
    run = spider_runner(DiscoverySpider, warc=WarcPlan(files=(str(warc_file),)), dry_run=True)
    listed = {i.url: i for i in run.of(DiscoveredUrl)}
    assert len(listed) == 4 and not run.of(PageItem)
    assert listed["https://news.ledger.example/c.pdf"].published == "2026-02-24T08:00:00Z"
    assert listed["https://news.ledger.example/c.pdf"].source == "warc"


def test_a_bad_warc_argument_is_refused_with_its_code(tmp_path):
    from crawler.errors import CrawlerError

    with pytest.raises(CrawlerError, match=r"^\[E236\] Cannot read WARC file .*missing.warc.gz: no such file"):
        warc_plan([str(tmp_path / "missing.warc.gz")])


# --- link-following -------------------------------------------------------------------------

def link_page(title: str, *links: str) -> str:
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return f"<!doctype html><html><head><title>{title}</title></head><body><ul>{anchors}</ul></body></html>"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    root = tmp_path_factory.mktemp("newsroom")
    for folder in ("news", "news/private", "news/page"):
        (root / folder).mkdir()
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    (root / "news/index.html").write_text(link_page(
        "Newsroom", ("/news/first-statement.html", "First statement"), ("/news/second-statement.html", "Second"),
        ("/news/page/2.html", "Older"), ("/news/private/draft.html", "Draft"), ("/about.html", "About"),
        ("https://elsewhere.example/news/x.html", "Elsewhere")), encoding="utf-8")
    (root / "news/page/2.html").write_text(link_page(
        "Older", ("/news/third-statement.html", "Third"), ("/news/index.html", "Back")), encoding="utf-8")
    for name in ("first-statement", "second-statement", "third-statement", "private/draft"):
        (root / f"news/{name}.html").write_text(article(name).decode(), encoding="utf-8")
    (root / "about.html").write_text(article("about").decode(), encoding="utf-8")
    with LocalSite(root) as served:
        yield served


def _site_plan(site, **fields):
    return SitePlan(start=(site.url("news/index.html"),), allow=(r"/news/",), deny=(r"/private/",), **fields)


def test_link_following_keeps_within_allow_deny_and_depth(newsroom, spider_runner):
    run = spider_runner(DiscoverySpider, sites=[_site_plan(newsroom, articles=(r"/news/[a-z-]+-statement\.html$",),
                                                           depth=2)])
    pages = sorted(p.url.removeprefix(newsroom.origin) for p in run.of(PageItem))
    assert pages == ["/news/first-statement.html", "/news/second-statement.html", "/news/third-statement.html"]
    fetched = sorted(u.removeprefix(newsroom.origin) for u in run.responses)
    assert "/about.html" not in fetched and "/news/private/draft.html" not in fetched


def test_depth_one_stops_at_the_start_pages_links(newsroom, spider_runner):
    run = spider_runner(DiscoverySpider, sites=[_site_plan(newsroom, depth=1)])
    pages = sorted(p.url.removeprefix(newsroom.origin) for p in run.of(PageItem))
    assert pages == ["/news/first-statement.html", "/news/page/2.html", "/news/second-statement.html"]


def test_a_dry_run_of_a_site_fetches_listings_only(newsroom, spider_runner):
    run = spider_runner(DiscoverySpider, dry_run=True,
                        sites=[_site_plan(newsroom, articles=(r"-statement\.html$",), depth=2)])
    listed = sorted(i.url.removeprefix(newsroom.origin) for i in run.of(DiscoveredUrl))
    assert listed == ["/news/first-statement.html", "/news/second-statement.html", "/news/third-statement.html"]
    fetched = {u.removeprefix(newsroom.origin) for u in run.responses}
    assert fetched == {"/robots.txt", "/news/index.html", "/news/page/2.html"}
    assert run.of(DiscoveredUrl)[0].title == "First statement"
