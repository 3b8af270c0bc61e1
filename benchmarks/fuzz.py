"""Fuzz extraction, feed and sitemap parsing and the claims component with generated and
mutated inputs (hypothesis), and print the crashes, the time and the peak memory.

Each target has a contract, and a crash is any break of it:

- ``extraction``: :func:`crawler.extraction.extract` returns a document or a rejection, never
  raises (a bad page is recorded with its reason, never a failed crawl);
- ``feed``: :func:`crawler.spiders.feeds.feed_entries` returns entries or raises ``ValueError``
  (recorded as ``bad-feed``) or ``LookupError`` (a charset that is not a text encoding:
  ``bad-charset``), and every entry URL is absolute;
- ``sitemap``: :func:`crawler.spiders.sitemaps.read_sitemap` returns links or raises
  ``BadSitemap`` / ``SitemapTooLarge`` (recorded as ``bad-sitemap`` / ``too-large``);
- ``claims``: :func:`analysis.standalone.claim_rows` returns rows whose offsets slice the text
  back to their speaker, cue and content, and never raises.

Inputs: hypothesis strategies of bytes and text, hostile fragments (runs of quote marks, deep
nesting, entities, NULs, surrogate-free control characters, byte-order marks, bogus charsets),
and mutations (bit flips, cuts, repeats, splices, fragment insertions) of seed documents: the
real pages of ``../shared/data/extraction-bench`` when present (never copied into the repo),
else the bundled sample site; feeds and sitemaps written here.

Run: ``.venv/bin/python benchmarks/fuzz.py [--inputs 10000] [--seed 1] [--targets extraction,feed]``.
``tests/test_fuzz.py`` runs the same targets for a few seconds each in CI.
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
URL = "https://news.example.org/2026/02/story.html"

#: Fragments that have broken parsers before (issue 10 and the tokenizer's quadratic affixes).
HOSTILE = [b'"' * 3000, b"\xe2\x80\x9c" * 1000, b"_" * 2000, b"(" * 2000, b"<div>" * 3000, b"</p>" * 500,
           b"<!--", b"-->", b"<![CDATA[", b"]]>", b"&#0;", b"&#x110000;", b"&bogus;", b"\x00" * 64,
           b"\xef\xbb\xbf", b"\xff\xfe", b'<meta charset="rot13">', b'<meta charset="x-unknown">',
           b"<script>", b"</script>", b"<style>", b"<html>", b"</html>", b"<body>", b"<title>",
           b'<link rel="canonical" href="javascript:alert(1)">', b'<link rel="canonical" href="//">',
           b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"99999-99-99"}</script>',
           b'<script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[</script>',
           b'<meta property="article:published_time" content="0000-00-00T25:61:61Z">',
           b"<!DOCTYPE x [<!ENTITY a \"&a;\">]>", b'<!ENTITY xxe SYSTEM "file:///etc/passwd">', b"&xxe;",
           b"\r", b"\x0b\x0c", b"\xed\xa0\x80", b"\xc0\xaf", "😀".encode() * 500, b"\n" * 5000,
           b" said " * 200, b"\xe2\x80\x9d said the minister. \xe2\x80\x9c"]

FEED = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>One</title><link>https://news.example.org/a.html</link><pubDate>Mon, 23 Feb 2026 10:00:00 "
        b"GMT</pubDate></item><item><guid>https://news.example.org/b.html</guid></item></channel></rss>")
ATOM = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>'
        b'<link href="/c.html"/><updated>2026-02-23T10:00:00Z</updated></entry></feed>')
SITEMAP = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://news.example.org/a.html</loc><lastmod>2026-02-23</lastmod></url>"
           b"<url><loc>https://news.example.org/sitemap-2.xml</loc></url></urlset>")
INDEX = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         b"<sitemap><loc>https://news.example.org/s1.xml</loc></sitemap></sitemapindex>")
TEXTS = ['Anthropic said on Monday that DeepSeek had used thousands of fake accounts to copy Claude. '
         '"This was theft," said Jane Porter, a spokesperson.',
         "According to the ministry, the claims were baseless. Critics argued the labs had scraped the web.",
         "“We deny it,” the company said in a post on X. He told reporters he would appeal."]


def seed_pages(limit: int = 40) -> list[bytes]:
    """Real pages to mutate: ``../shared/data/extraction-bench/html`` when present, else the
    bundled sample site's pages (written for this project)."""
    bench = SHARED / "extraction-bench" / "html"
    if bench.is_dir():
        return [gzip.decompress(p.read_bytes()) for p in sorted(bench.glob("*.html.gz"))[:limit]]
    return [p.read_bytes() for p in sorted((ROOT / "sample" / "site").rglob("*.html"))[:limit]]


def mutate(data: bytes, rnd: random.Random, *, rounds: int = 4) -> bytes:
    """``data`` after a few random mutations: bit flips, cuts, repeats, splices of itself,
    hostile fragments inserted (:data:`HOSTILE`), truncation."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, rounds)):
        n = len(out)
        op = rnd.randrange(6)
        i = rnd.randrange(n + 1)
        if op == 0 and n:
            for _ in range(rnd.randint(1, 16)):
                j = rnd.randrange(n)
                out[j] ^= 1 << rnd.randrange(8)
        elif op == 1 and n:
            del out[i:i + rnd.randint(1, max(1, n // 4))]
        elif op == 2 and n:
            j = rnd.randrange(n)
            out[i:i] = out[j:j + rnd.randint(1, 2000)] * rnd.randint(1, 5)
        elif op == 3:
            out[i:i] = rnd.choice(HOSTILE)
        elif op == 4 and n:
            out = out[:rnd.randrange(n)]
        else:
            out[i:i] = rnd.choice(HOSTILE) * rnd.randint(1, 3)
    return bytes(out)


def documents(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Generated bytes, hostile fragments joined, and mutations of ``seeds``."""
    return st.one_of(
        st.binary(max_size=4000),
        st.lists(st.sampled_from(HOSTILE + seeds[:3]), max_size=6).map(b"".join),
        st.builds(mutate, st.sampled_from(seeds), st.randoms(use_true_random=False)),
    )


def texts() -> st.SearchStrategy[str]:
    """Generated text (no surrogates: not encodable text is refused before analysis) and
    mutations of attributed sentences."""
    plain = st.text(st.characters(exclude_categories=("Cs",)), max_size=2000)
    mutated = st.builds(lambda t, r: mutate(t.encode(), r).decode("utf-8", "replace"),
                        st.sampled_from(TEXTS), st.randoms(use_true_random=False))
    return st.one_of(plain, mutated, st.sampled_from(TEXTS))


# --- targets: return None, raise AssertionError (or anything) on a broken contract ----------------

def check_extraction(data: bytes) -> None:
    from crawler.extraction import ExtractedDocument, Rejection, extract

    result = extract(data, URL, min_length=50)
    assert isinstance(result, (ExtractedDocument, Rejection)), type(result)
    if isinstance(result, Rejection):
        assert result.reason and "\n" not in result.reason


def check_feed(data: bytes) -> None:
    from scrapy.http import XmlResponse

    from crawler.spiders.feeds import feed_entries

    try:
        entries = feed_entries(XmlResponse("https://news.example.org/feed.xml", body=data))
    except (ValueError, LookupError):
        return
    for entry in entries:
        assert ":" in entry.url, entry.url  # resolved against the feed's URL


def check_sitemap(data: bytes) -> None:
    from scrapy.http import Response, XmlResponse

    from crawler.spiders.sitemaps import BadSitemap, SitemapTooLarge, read_sitemap

    for response in (XmlResponse("https://news.example.org/sitemap.xml", body=data),
                     Response("https://news.example.org/sitemap.xml.gz", body=gzip.compress(data))):
        try:
            links = read_sitemap(response, max_size=10_000_000)
        except (BadSitemap, SitemapTooLarge):
            continue
        assert links.pages or links.sitemaps


_NLP = None


def _nlp():
    global _NLP
    if _NLP is None:
        from analysis.nlp import load_spacy

        _NLP = load_spacy()
    return _NLP


def check_claims(text: str) -> None:
    from analysis.standalone import claim_rows

    for row in claim_rows(_nlp(), text, None, window_chars=2000):
        for name in ("speaker", "cue", "content"):
            start, end = row[f"{name}_start"], row[f"{name}_end"]
            if start >= 0:
                assert text[start:end] == row[name], (name, start, end)


def strategies(seeds: list[bytes]) -> dict[str, tuple[Callable, st.SearchStrategy]]:
    """Target name -> (check, strategy of its inputs)."""
    xml_seeds = [FEED, ATOM, SITEMAP, INDEX]
    return {"extraction": (check_extraction, documents(seeds)),
            "feed": (check_feed, documents(xml_seeds)),
            "sitemap": (check_sitemap, documents(xml_seeds)),
            "claims": (check_claims, texts())}


def run(name: str, check: Callable, strategy: st.SearchStrategy, inputs: int, *, seed: int = 1,
        derandomize: bool = False) -> dict:
    """Feed ``inputs`` generated inputs to ``check``; every exception is a crash, kept with its
    input and traceback, and the run goes on. Returns counts, crashes, seconds, slowest input.
    ``derandomize``: the same inputs at every run (hypothesis's own derandomize; for CI)."""
    crashes: list[tuple[bytes | str, str]] = []
    slowest = [0.0, b""]
    count = [0]

    @settings(max_examples=inputs, deadline=None, database=None, phases=[Phase.generate], derandomize=derandomize,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(value):
        count[0] += 1
        t = time.monotonic()
        try:
            check(value)
        except Exception:  # noqa: BLE001 - a crash is recorded, the fuzzing goes on
            crashes.append((value[:2000], traceback.format_exc(limit=6)))
        spent = time.monotonic() - t
        if spent > slowest[0]:
            slowest[:] = [spent, value[:200]]

    started = time.monotonic()
    random.seed(seed)
    one()
    return {"target": name, "inputs": count[0], "crashes": crashes, "seconds": time.monotonic() - started,
            "slowest": tuple(slowest)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="inputs in all, shared by the targets")
    parser.add_argument("--targets", default="extraction,feed,sitemap,claims")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    import logging

    logging.disable(logging.WARNING)  # W230 and friends: expected, and millions of lines
    names = args.targets.split(",")
    # claims and extraction cost 10-100 ms an input, the XML readers well under 1 ms
    weights = {"extraction": 2, "feed": 3, "sitemap": 3, "claims": 1}
    total_weight = sum(weights[n] for n in names)
    table = strategies(seed_pages())
    print(f"seed pages: {'../shared/data/extraction-bench' if (SHARED / 'extraction-bench').is_dir() else 'sample'}")
    results = []
    for name in names:
        n = max(1, -(-args.inputs * weights[name] // total_weight))  # rounded up: at least --inputs in all
        check, strategy = table[name]
        result = run(name, check, strategy, n, seed=args.seed)
        results.append(result)
        print(f"{name:10s} {result['inputs']:6d} inputs  {len(result['crashes']):3d} crashes  "
              f"{result['seconds']:7.1f} s  slowest input {result['slowest'][0]:.2f} s: {result['slowest'][1][:80]!r}")
        for value, tb in result["crashes"][:3]:
            print(f"  crash on {value[:120]!r}\n    " + tb.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    inputs = sum(r["inputs"] for r in results)
    crashes = sum(len(r["crashes"]) for r in results)
    print(f"total: {inputs} inputs, {crashes} crashes, {sum(r['seconds'] for r in results):.1f} s, "
          f"peak RSS {peak} MB")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
