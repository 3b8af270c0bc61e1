"""``crawler.spiders.sitemaps.read_sitemap``: what a sitemap, sitemap index or robots.txt lists."""

from __future__ import annotations

import gzip
import logging

import pytest
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse

from crawler.spiders.sitemaps import BadSitemap, SitemapLinks, SitemapTooLarge, read_sitemap

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
URLSET = f'<?xml version="1.0"?><urlset {NS}><url><loc>https://x.example/a</loc></url>' \
         f'<url><loc>https://x.example/b</loc></url><url><loc>https://x.example/a</loc></url></urlset>'
INDEX = f'<?xml version="1.0"?><sitemapindex {NS}><sitemap><loc>https://x.example/s1.xml</loc></sitemap></sitemapindex>'


def test_a_urlset_lists_pages_once_in_order():
    links = read_sitemap(XmlResponse("https://x.example/sitemap.xml", body=URLSET.encode()))
    assert links == SitemapLinks(pages=("https://x.example/a", "https://x.example/b"))


def test_a_sitemap_index_lists_sitemaps():
    links = read_sitemap(XmlResponse("https://x.example/index.xml", body=INDEX.encode()))
    assert links == SitemapLinks(sitemaps=("https://x.example/s1.xml",))


def test_robots_txt_lists_its_sitemap_lines():
    body = b"User-agent: *\nDisallow: /x/\nSitemap: /sitemap.xml\nSitemap: https://x.example/news.xml\n"
    links = read_sitemap(TextResponse("https://x.example/robots.txt", body=body))
    assert links.sitemaps == ("https://x.example/sitemap.xml", "https://x.example/news.xml") and not links.pages


def test_a_gzip_sitemap_is_decompressed_whatever_its_url():
    links = read_sitemap(Response("https://x.example/download?id=3", body=gzip.compress(URLSET.encode())))
    assert len(links.pages) == 2


def test_a_big_gzip_sitemap_is_read_with_a_warning_and_refused_above_the_limit(caplog):
    body = gzip.compress(URLSET.encode())
    with caplog.at_level(logging.WARNING, logger="crawler.spiders.sitemaps"):
        assert read_sitemap(Response("https://x.example/s.gz", body=body), warn_size=len(body) + 1).pages
    assert caplog.records and caplog.records[0].getMessage().startswith("[W201] sitemap https://x.example/s.gz is")
    # too large, not "not XML" (issue 10: a gzip bomb was recorded as not a sitemap)
    with pytest.raises(SitemapTooLarge, match="decompress past 100 bytes"):
        read_sitemap(Response("https://x.example/s.gz", body=body), max_size=100)


@pytest.mark.parametrize(("response", "why"), [
    (TextResponse("https://x.example/robots.txt", body=b"User-agent: *\nDisallow:\n"), "robots.txt names no sitemap"),
    (HtmlResponse("https://x.example/page.html", body=b"<html><body>hi</body></html>"),
     "not a sitemap or sitemap index (not XML)"),
    (XmlResponse("https://x.example/feed.xml", body=b'<?xml version="1.0"?><rss><channel/></rss>'),
     "not a sitemap or sitemap index (its root element is <rss>)"),
    (XmlResponse("https://x.example/empty.xml", body=f"<urlset {NS}></urlset>".encode()), "the urlset lists no URL"),
    (XmlResponse("https://x.example/empty.xml", body=f"<sitemapindex {NS}/>".encode()),
     "the sitemapindex lists no URL"),
])
def test_what_lists_nothing_raises_with_why(response, why):
    with pytest.raises(BadSitemap) as caught:
        read_sitemap(response)
    assert str(caught.value) == why
