"""The outlet name of a page (``PageMetadata.outlet_name``): a named outlet for every page, never a
host:port, and one blog under one name whether or not a post carries its name in structured data.
Pages are written here, in the forms of the sample site's blog, newsroom and agency pages."""

from __future__ import annotations

import pytest

from crawler.extraction import ExtractedDocument, extract

BODY = "<p>" + "The committee heard that fake accounts were used to copy a model at scale. " * 6 + "</p>"


def page(head: str, masthead: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{masthead}"
            f"<main><article><h1>Rules on model access</h1>{BODY}</article></main></body></html>")


def outlet(html: str, url: str = "http://127.0.0.1:8765/blog-b/2026/02/post.html") -> str | None:
    doc = extract(html, url)
    assert isinstance(doc, ExtractedDocument), doc
    return doc.outlet_name


BLOG_MASTHEAD = '<header><p class="site-title"><a href="/" rel="home">Strait Talk</a></p></header>'


def test_a_blog_is_one_outlet_with_or_without_json_ld():
    with_ld = page('<title>Rules on model access &#8211; Strait Talk</title><script type="application/ld+json">'
                   '{"@type": "BlogPosting", "headline": "Rules on model access", '
                   '"publisher": {"@type": "Organization", "name": "Strait Talk"}}</script>', BLOG_MASTHEAD)
    without = page("<title>Why the hearing matters &#8211; Strait Talk</title>", BLOG_MASTHEAD)
    assert outlet(with_ld) == outlet(without) == "Strait Talk"


@pytest.mark.parametrize("head, masthead, expected", [
    ('<meta property="og:site_name" content="Capital Wire"><title>Rules | Capital Wire</title>', "", "Capital Wire"),
    ('<meta name="dc.publisher" content="Joint Committee on Technology and Trade"><title>Hearing</title>', "",
     "Joint Committee on Technology and Trade"),
    ("<title>Results of the first week | Meridian Cloud Newsroom</title>",
     '<header><a class="nr-brand" href="/">Meridian Cloud</a></header>', "Meridian Cloud Newsroom"),
    ("<title>Thread: fake accounts? | Tensor Commons Forum</title>", "", "Tensor Commons Forum"),
    # The title's tail is a headline's, not a name (lower case): the masthead names the site.
    ("<title>Rules - and what they mean for small labs</title>",
     '<header><a rel="home" href="/">Gradient Notes</a></header>', "Gradient Notes"),
])
def test_outlet_name_from_structured_data_title_and_masthead(head, masthead, expected):
    assert outlet(page(head, masthead)) == expected


def test_a_page_that_names_no_outlet_gets_its_domain_never_a_port():
    nameless = page("<title>Rules on model access</title>")
    assert outlet(nameless) == "127.0.0.1"
    assert outlet(nameless, "https://www.example.co.uk:8443/news/1") == "example.co.uk"
