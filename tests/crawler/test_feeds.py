"""``crawler.spiders.feeds.feed_links``: entry links of RSS 2.0, RSS 1.0 and Atom feeds."""

from __future__ import annotations

import pytest
from scrapy.http import TextResponse, XmlResponse

from crawler.spiders.feeds import feed_links

FEED_URL = "https://news.example/feeds/main.xml"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Example news</title>
  <link>https://news.example/</link>
  <atom:link href="https://news.example/feeds/main.xml" rel="self" type="application/rss+xml"/>
  <item><title>One</title><link>https://news.example/2026/one.html</link></item>
  <item><title>Two</title><link>
      /2026/two.html
  </link></item>
  <item><title>Three (guid only)</title><guid isPermaLink="true">https://news.example/2026/three.html</guid></item>
  <item><title>Four (guid, permalink by default)</title><guid>https://news.example/2026/four.html</guid></item>
  <item><title>Not a link</title><guid isPermaLink="false">tag:news.example,2026:5</guid></item>
  <item><title>One again</title><link>https://news.example/2026/one.html</link></item>
  <item><title>Tracked</title><link>https://news.example/2026/six.html?utm_source=rss&amp;x=1</link></item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example blog</title>
  <link href="https://blog.example/" rel="alternate"/>
  <link href="https://blog.example/atom.xml" rel="self"/>
  <entry>
    <title>First</title>
    <link rel="self" href="https://blog.example/api/entries/1"/>
    <link rel="alternate" type="text/html" href="https://blog.example/posts/first/"/>
    <link rel="enclosure" href="https://blog.example/media/first.mp3"/>
    <id>urn:uuid:1</id>
  </entry>
  <entry>
    <title>Second (no rel)</title>
    <link href="posts/second/"/>
    <id>urn:uuid:2</id>
  </entry>
  <entry>
    <title>Third (replies only)</title>
    <link rel="replies" href="https://blog.example/posts/third/comments"/>
    <id>urn:uuid:3</id>
  </entry>
</feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://old.example/"><title>Old</title><link>https://old.example/</link></channel>
  <item rdf:about="https://old.example/a"><title>A</title><link>https://old.example/a</link></item>
  <item rdf:about="https://old.example/b"><title>B</title><link>https://old.example/b</link></item>
</rdf:RDF>"""


def response(body: str, url: str = FEED_URL, cls=XmlResponse):
    return cls(url=url, body=body.encode("utf-8"), encoding="utf-8")


def test_rss_items_in_feed_order_with_guid_fallback_and_no_duplicates():
    assert feed_links(response(RSS)) == [
        "https://news.example/2026/one.html",
        "https://news.example/2026/two.html",  # relative, whitespace stripped, joined to the feed URL
        "https://news.example/2026/three.html",
        "https://news.example/2026/four.html",
        "https://news.example/2026/six.html?utm_source=rss&x=1",  # cleaning is the extractor's job
    ]


def test_rss_channel_and_self_links_are_not_entries():
    links = feed_links(response(RSS))
    assert "https://news.example/" not in links
    assert FEED_URL not in links
    assert not any(link.startswith("tag:") for link in links)


def test_atom_alternate_or_plain_links_only():
    links = feed_links(response(ATOM, url="https://blog.example/atom.xml"))
    assert links == ["https://blog.example/posts/first/", "https://blog.example/posts/second/"]


def test_rss_1_0_items():
    assert feed_links(response(RDF, url="https://old.example/index.rdf")) == [
        "https://old.example/a", "https://old.example/b"]


def test_feed_served_as_text_is_read_too():
    assert feed_links(response(RSS, cls=TextResponse))[0] == "https://news.example/2026/one.html"


@pytest.mark.parametrize("body", [
    "<html><body><p>Not a feed</p></body></html>",
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
])
def test_a_page_without_entries_has_no_links(body):
    assert feed_links(response(body)) == []


def test_the_sample_feed():
    from pathlib import Path

    body = (Path(__file__).resolve().parents[2] / "sample" / "site" / "feed.xml").read_text(encoding="utf-8")
    links = feed_links(response(body, url="http://127.0.0.1:8765/feed.xml"))
    assert len(links) == 20
    assert links[0] == "http://127.0.0.1:8765/blog-b/2026/03/distillation-debate-is-getting-better.html"
    assert all(link.startswith("http://127.0.0.1:8765/") for link in links)
