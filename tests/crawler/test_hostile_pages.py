"""The crawler's defences one by one (issue 10): the destination filter on addresses and on
redirects, redirect loops and chains, and canonical URLs that claim another outlet's page."""

from __future__ import annotations

import asyncio
import logging

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.extraction import extract
from crawler.middlewares import (
    DestinationFilterMiddleware,
    DestinationRefused,
    RedirectLoop,
    RedirectMiddleware,
    TooManyRedirects,
    is_public_address,
)
from crawler.spiders.base import failure_reason


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.215.14", True), ("2606:4700::1111", True),
    ("127.0.0.1", False), ("127.8.9.10", False), ("::1", False), ("10.1.2.3", False), ("172.16.0.9", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("fe80::1", False), ("fc00::5", False),
    ("100.64.0.1", False), ("0.0.0.0", False), ("240.0.0.1", False), ("255.255.255.255", False),
    ("224.0.0.251", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False),
    ("not-an-address", False),
])
def test_which_addresses_are_public(address, public):
    assert is_public_address(address) is public


def _check(middleware: DestinationFilterMiddleware, url: str) -> None:
    asyncio.run(middleware.process_request(Request(url)))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/a", "http://[::1]/a", "http://169.254.169.254/latest/meta-data",
                                 "http://10.0.0.7/admin", "http://localhost:9200/_cat", "http://0.0.0.0/"])
def test_private_destinations_are_refused(url):
    with pytest.raises(DestinationRefused, match="private, loopback, link-local or reserved"):
        _check(DestinationFilterMiddleware(), url)
    _check(DestinationFilterMiddleware(allow_private=True), url)  # --allow-private


def test_a_public_address_passes():
    _check(DestinationFilterMiddleware(), "http://93.184.215.14/story.html")


def test_a_redirect_to_a_private_address_is_refused_on_its_own_request():
    crawler = get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 5})
    redirects = RedirectMiddleware.from_crawler(crawler)
    first = Request("http://93.184.215.14/story.html")
    answer = HtmlResponse(first.url, status=302, headers={"Location": "http://169.254.169.254/latest/"}, request=first)
    hop = redirects.process_response(first, answer)
    assert isinstance(hop, Request) and hop.meta["redirect_urls"] == [first.url]
    # Scrapy sends the redirected request through every downloader middleware again
    with pytest.raises(DestinationRefused):
        _check(DestinationFilterMiddleware(), hop.url)
    code, detail = failure_reason(Failure(DestinationRefused("169.254.169.254 is a private ... address")))
    assert code == "blocked-destination" and "--allow-private" in detail


def test_redirect_loops_and_long_chains_are_named():
    redirects = RedirectMiddleware.from_crawler(get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 3}))
    a = Request("http://93.184.215.14/a")
    with pytest.raises(RedirectLoop, match="lead back"):
        redirects.process_response(a, HtmlResponse(a.url, status=301, headers={"Location": a.url}, request=a))
    b = redirects.process_response(a, HtmlResponse(a.url, status=302, headers={"Location": "/b"}, request=a))
    with pytest.raises(RedirectLoop, match="/a -> http://93.184.215.14/b -> http://93.184.215.14/a"):
        redirects.process_response(b, HtmlResponse(b.url, status=302, headers={"Location": "/a"}, request=b))
    hop = a
    with pytest.raises(TooManyRedirects, match="more than 3 redirects from http://93.184.215.14/a"):
        for n in range(10):
            hop = redirects.process_response(hop, HtmlResponse(hop.url, status=302, headers={"Location": f"/n{n}"},
                                                               request=hop))


ARTICLE = """<html><head><title>Council answers</title>
<link rel="canonical" href="{canonical}"></head><body><article><h1>Council answers</h1>
<p>{para}</p><p>{para}</p><p>{para}</p></article></body></html>"""
PARA = ("The council said on Tuesday that it would publish the full report next month, after a long "
        "review of the evidence gathered by its own auditors and by outside experts.")


def _canonical(url: str, canonical: str, caplog) -> str:
    with caplog.at_level(logging.WARNING):
        doc = extract(ARTICLE.format(canonical=canonical, para=PARA), url, min_length=50)
    return doc.canonical_url


def test_a_canonical_url_on_another_outlet_is_ignored_and_logged(caplog):
    got = _canonical("https://evil.example/copied-story", "https://www.reuters.example.com/world/council", caplog)
    assert got == "https://evil.example/copied-story"
    assert any(r.getMessage().startswith("[W230] canonical URL https://www.reuters.example.com/world/council")
               for r in caplog.records)


def test_a_canonical_url_of_the_same_registered_domain_is_kept(caplog):
    got = _canonical("https://m.example.org/council?ref=app", "https://www.example.org/news/council", caplog)
    assert got == "https://www.example.org/news/council"
    assert not [r for r in caplog.records if "[W230]" in r.getMessage()]


def test_a_local_mirror_may_name_its_original(caplog):
    # the cross-domain rule: a page served from a loopback or private address (fetched only with
    # --allow-private) keeps the canonical URL it names
    got = _canonical("http://127.0.0.1:8765/council.html", "https://www.example.org/news/council", caplog)
    assert got == "https://www.example.org/news/council"
