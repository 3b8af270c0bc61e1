"""Turn one fetched HTML page into a typed document, or a typed rejection with its reason.

A pure function: no Scrapy, no database, no network. :func:`extract` takes the page (``str`` or
raw ``bytes``) and the URL it was fetched from and returns an :class:`ExtractedDocument` or a
:class:`Rejection`; it never raises on a bad page.

Methods and sources:

- Main text: trafilatura 2.x (Barbaresi 2021, "Trafilatura: A Web Scraping Library and
  Command-Line Tool for Text Discovery and Extraction", ACL-IJCNLP 2021 System Demonstrations)
  in precision mode, one run per page (balanced mode as a rare fallback, :data:`PRECISION_FLOOR`),
  then two repairs
  for bodies split over several containers (:func:`_complete_split_body`,
  :func:`_declared_body`). Chosen by measurement, see ``benchmarks/extraction.py``.
- Metadata (title, authors, publication date, language, outlet, kind, canonical URL,
  comments): :mod:`crawler.metadata`, from schema.org JSON-LD and microdata, OpenGraph and
  ``article:*`` meta tags, then trafilatura's metadata heuristics and htmldate as the last
  resort, each run only when the structured data lacks the field
  (:mod:`crawler.metadata.fallback`); its module docstring gives the sources.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from w3lib.encoding import html_to_unicode

from crawler.errors import Errors, Reason, Reasons
from crawler.metadata import ExtractedComment, PageMetadata, json_text, outlet_domain
from crawler.metadata.fallback import LazyTrafilaturaMetadata
from crawler.text import shingles, text_key

__all__ = ["ExtractedComment", "ExtractedDocument", "Rejection", "extract"]

#: A precision-mode text shorter than this share (in characters) of the page's prose, and of the
#: balanced-mode text, has latched onto a wrong block (a reprint notice, a caption); the balanced
#: text is used instead. Where precision mode is right it trims at most ~40 % on the extraction
#: benchmark.
PRECISION_FLOOR = 0.2

#: A JSON-LD ``articleBody`` with this many times the word 4-grams of the extracted text, and
#: containing it, replaces it (:func:`_declared_body`). Declared bodies run 10-30 % longer than
#: the true text on the benchmarks (captions, embeds); half as long again means missed sections.
DECLARED_BODY_RATIO = 1.5

#: Pages whose body text (characters) is shorter than this are rejected as ``too-short``.
DEFAULT_MIN_LENGTH = 200

_REPLY_PROPS = '@itemprop="comment" or @itemprop="suggestedAnswer" or @itemprop="acceptedAnswer"'
# Replies marked up with microdata: kept out of the body, read as comments instead.
_COMMENT_XPATH = (
    '//*[@itemtype][contains(@itemtype, "schema.org/Comment")'
    f' or contains(@itemtype, "schema.org/Answer")]|//*[{_REPLY_PROPS}]')
_OPENING_POST = lxml.etree.XPath(
    '//*[@itemscope][contains(@itemtype, "DiscussionForumPosting")]'
    f'//*[@itemprop="text" or @itemprop="articleBody"][not(ancestor-or-self::*[{_REPLY_PROPS}])]')
_PROSE = lxml.etree.XPath("//p[not(ancestor::nav or ancestor::footer or ancestor::header"
                          " or ancestor::aside or ancestor::form)]")
_VISIBLE_TEXT = lxml.etree.XPath("//body//text()[not(ancestor::script or ancestor::style"
                                 " or ancestor::noscript or ancestor::template)]")
_MAGIC = {b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (office document?)",
          b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
          b"\x1f\x8b": "gzip-compressed data", b"RIFF": "a RIFF media file", b"ID3": "an MP3 file"}
_XML_ROOTS = {"rss": "an RSS feed", "feed": "an Atom feed", "urlset": "an XML sitemap",
              "sitemapindex": "an XML sitemap index", "rdf:rdf": "an RDF document",
              "opml": "an OPML outline", "svg": "an SVG image"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home", "/home.html"})
_TAG_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FIRST_TAG = re.compile(r"<\s*([a-zA-Z][\w:.-]*)")
_LEADING_NOISE = re.compile(r"^(?:\s|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL)
_WS = re.compile(r"\s+")
#: Lines that point the reader elsewhere ("Read more: ...", "Related: ...", "Sign up for our
#: newsletter"): kept by trafilatura when they sit in the body's own <p>; at most
#: :data:`BOILERPLATE_LINE_CHARS` characters (a sentence of the story is longer).
BOILERPLATE_LINE_CHARS = 200
_BOILERPLATE_LINE = re.compile(
    r"^(?:(?:read|see|watch|listen)(?: more| also| next)?|also (?:read|see)|related(?: stories| articles| coverage"
    r"| content| reading)?|more (?:on this|from|about)[^:]{0,40}|recommended(?: reading)?|further reading"
    r"|lesen sie (?:auch|mehr)|mehr zum thema|lire aussi|à lire aussi|lee también|leer más|te puede interesar"
    r"|leia também|leggi anche|相关阅读|延伸阅读|推荐阅读|相关新闻|相關閱讀|延伸閱讀)\s*[:：|»›>]"
    r"|^(?:sign up|subscribe)\b.{0,80}(?:newsletter|inbox|email|updates)\b",
    re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")


@dataclass(frozen=True)
class ExtractedDocument:
    """The main content and metadata of one page.

    Attributes:
        url (str): the URL fetched, as given to :func:`extract`.
        canonical_url (str): ``<link rel=canonical>``, ``og:url`` or the JSON-LD ``url``,
            resolved against ``url`` and normalised (lower-case host, no fragment, tracking
            parameters such as ``utm_*``, ``fbclid``, ``gclid`` dropped, query sorted); the
            normalised ``url`` when the page names none, or only its site's home page.
        title (str | None): headline (``og:title``, JSON-LD ``headline``, ``<title>``/``<h1>``),
            without the site name, bylines and section labels around it, a kicker or an
            ellipsis that another source lacks (:mod:`crawler.metadata.titles`).
        authors (tuple[str, ...]): author names in page order, without duplicates.
        published_at (datetime | None): first publication, timezone-aware UTC: JSON-LD
            ``datePublished``, else ``article:published_time``, else htmldate. A date without
            a time of day, or a time without a zone, is read as UTC.
        language (str | None): ISO 639-1 code such as ``"en"``; None if unknown.
        outlet (str): registered domain of ``canonical_url`` (``"bbc.co.uk"``, so without
            ``www.``); ``host[:port]`` for IP addresses and hosts without a public suffix;
            ``""`` for ``file:`` URLs.
        outlet_name (str | None): display name (``og:site_name``, JSON-LD ``publisher.name``).
        kind (str): ``"article"``, ``"post"``, ``"statement"`` or ``"thread"``.
        text (str): main text, one paragraph per line (``"\\n"``), comments excluded; for a
            forum thread, the opening post.
        description (str | None): the page's summary (``og:description``, meta description).
        comments (tuple[ExtractedComment, ...]): replies from JSON-LD ``comment`` lists and
            schema.org ``Comment``/``Answer`` microdata, in page order.
    """

    url: str
    canonical_url: str
    title: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    language: str | None
    outlet: str
    outlet_name: str | None
    kind: str
    text: str
    description: str | None
    comments: tuple[ExtractedComment, ...]


@dataclass(frozen=True)
class Rejection:
    """A page that yields no document, and why.

    Attributes:
        url (str): the URL fetched.
        reason (str): the short code of a :class:`crawler.errors.Reasons` entry:
            ``"not-html"``, ``"empty"``, ``"no-body"``, ``"too-short"``, ``"home-page"`` or
            ``"parse-error"``.
        detail (str): one line for people, what happened then what to do
            (:meth:`crawler.errors.Reason.describe`), e.g. ``"body has 37 characters, below
            min_length=200 — Lower min_length to keep short items such as briefs or
            statements."``
    """

    url: str
    reason: str
    detail: str

    @property
    def failure(self) -> bool:
        """Whether the rejection counts as a failure of the URL (False for a home page)."""
        entry = Reasons.get(self.reason)
        return entry.failure if entry is not None else True


def extract(
    html: str | bytes,
    url: str,
    *,
    min_length: int = DEFAULT_MIN_LENGTH,
    include_comments: bool = True,
) -> ExtractedDocument | Rejection:
    """Extract the main text and metadata of one HTML page.

    Args:
        html (str | bytes): the page. ``bytes`` are decoded by byte-order mark, else
            ``<meta charset>``, else as UTF-8 when valid, else by charset detection.
        url (str): the URL the page was fetched from; resolves relative links and is the
            fallback canonical URL.
        min_length (int): fewest characters of main text a document must have; shorter
            pages are rejected as ``too-short``. Default 200.
        include_comments (bool): return replies and reader comments in ``comments``.
            Default True. Comments never enter ``text`` either way.

    Returns:
        ExtractedDocument | Rejection: the document, or why there is none (``not-html``,
        ``empty``, ``no-body``, ``too-short``, ``home-page``, ``parse-error``).

    Raises:
        TypeError: when ``html`` is neither ``str`` nor ``bytes`` (a caller's bug, not a bad
            page).
    """
    if not isinstance(html, (str, bytes)):
        raise TypeError(Errors.E201.format(type=type(html).__name__))
    try:
        return _extract(html, url, min_length=min_length, include_comments=include_comments)
    except Exception as error:  # noqa: BLE001 - the contract: a bad page is a Rejection
        return _reject(url, Reasons.PARSE_ERROR, error=f"{type(error).__name__}: {error}")


def _reject(url: str, reason: Reason, **fields: object) -> Rejection:
    return Rejection(url=url, reason=reason.code, detail=reason.describe(**fields))


def _extract(
    html: str | bytes, url: str, *, min_length: int, include_comments: bool
) -> ExtractedDocument | Rejection:
    what = None
    if isinstance(html, bytes):  # magic numbers first: binary data is not worth decoding
        what = next((kind for magic, kind in _MAGIC.items() if html.startswith(magic)), None)
        html = "" if what or not html.strip() else _decode(html)
    what = what or (_sniff_text(html) if html.strip() else None)
    if what:
        return _reject(url, Reasons.NOT_HTML, what=what)
    tree = _parse(html) if html.strip() else None
    visible = sum(len(t.strip()) for t in _VISIBLE_TEXT(tree)) if tree is not None else 0
    if not visible:
        empty = "the page has no visible text" if html.strip() else "the response body is empty"
        return _reject(url, Reasons.EMPTY, what=empty)

    page = PageMetadata(tree, url)
    canonical = page.canonical_url()
    path = urlsplit(canonical).path
    known = url.strip() or urlsplit(canonical).scheme in ("http", "https")  # no URL, none found: unknown
    if path in _HOME_PATHS and urlsplit(url).path in _HOME_PATHS and known:
        return _reject(url, Reasons.HOME_PAGE, path=path or "/")
    kind = page.kind(canonical)
    body = _body(tree, url)
    meta = LazyTrafilaturaMetadata(tree, url if url.startswith(("http://", "https://")) else None)
    if kind == "thread":  # replies share the opening post's markup: no split-body repair
        body = _opening_post(tree) or body
    else:
        body = _complete_split_body(tree, body)
        body = _declared_body(tree, page.entity.get("articleBody"), body) or body
    comments, titles = page.comments(), page.title_candidates(meta)
    body = _strip_boilerplate_lines(_strip_repeats(body, titles, comments))
    if not body:
        return _reject(url, Reasons.NO_BODY, chars=visible)
    if len(body) < min_length:
        return _reject(url, Reasons.TOO_SHORT, chars=len(body), min_length=min_length)
    return ExtractedDocument(
        url=url, canonical_url=canonical, title=next(iter(titles), None), authors=page.authors(meta),
        published_at=page.published_at(meta), language=page.language(body), outlet=outlet_domain(canonical),
        outlet_name=page.outlet_name(meta), kind=kind, text=body, description=page.description(meta),
        comments=comments if include_comments else (),
    )


# --- input: bytes, sniffing, parsing ------------------------------------------------------------


def _decode(data: bytes) -> str:
    """Decode a page: BOM, then ``<meta charset>``, then UTF-8 if valid, then detection.

    :func:`w3lib.encoding.html_to_unicode` (the order Scrapy uses), with charset-normalizer
    as the detector for undeclared non-UTF-8 pages and cp1252 as the last resort.
    """
    return html_to_unicode(None, data, default_encoding="cp1252", auto_detect_fun=_detect)[1]


def _detect(data: bytes) -> str | None:
    with suppress(UnicodeDecodeError):
        data.decode("utf-8")
        return "utf-8"
    from charset_normalizer import from_bytes  # a dependency of trafilatura

    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None:
        return None
    # among equally good guesses prefer windows-1252, the HTML standard's default for
    # undeclared pages (short Western pages tie with cp1250 and cp1257)
    ties = [m for m in matches if (m.percent_chaos, m.percent_coherence)
            == (best.percent_chaos, best.percent_coherence)]
    return "cp1252" if any("cp1252" in m.could_be_from_charset for m in ties) else best.encoding


def _sniff_text(text: str) -> str | None:
    """Name decoded non-HTML content (JSON, feeds, sitemaps, plain text), or None."""
    if "\x00" in text[:2048]:
        return "binary data"
    start = text.lstrip("\ufeff \t\r\n")
    if start[:1] in ("{", "["):
        return "JSON"
    match = _FIRST_TAG.match(_LEADING_NOISE.sub("", start[:4096], count=1))
    if match is None:
        return "plain text" if _FIRST_TAG.search(text[:65536]) is None else None
    return _XML_ROOTS.get(match.group(1).lower())


def _parse(text: str) -> lxml.html.HtmlElement | None:
    """Parse decoded HTML with lxml as trafilatura does (comments and PIs dropped), without
    the control characters that lxml refuses in text it builds later."""
    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
    text = _CONTROL.sub("", _XML_DECL.sub("", text, count=1))
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except lxml.etree.ParserError:  # "Document is empty"
        return None
    # Tags that are not XML names (``<t:1771905600:f>``, a chat timestamp left in a page) make
    # trafilatura's output tree raise, and the whole page would be lost: keep their text only.
    for element in list(tree.iter()):
        if isinstance(element.tag, str) and not _TAG_NAME.match(element.tag) and element.getparent() is not None:
            element.drop_tag()
    return tree if len(tree) else None


# --- main text ----------------------------------------------------------------------------------


def _body(tree: lxml.html.HtmlElement, url: str) -> str:
    """Main text with one trafilatura run in precision mode; ``""`` if none.

    A second run, in balanced mode, only when the precision text is empty or holds less than
    :data:`PRECISION_FLOOR` of the page's prose (``<p>`` outside navigation, headers, footers,
    asides and forms): precision mode latched onto a wrong block (a reprint notice, a caption).
    The balanced text is used when it is longer. On the two shared benchmark sets this second run
    happens on 2 pages of 234 and catches the one page where the balanced text was needed
    (before, every page ran both modes, and trafilatura's metadata with htmldate's extensive date
    search besides: metadata is now read lazily, :mod:`crawler.metadata.fallback`).
    """
    options = {"url": url if url.startswith(("http://", "https://")) else None,
               "include_comments": False, "include_tables": True, "prune_xpath": _COMMENT_XPATH}
    precise = trafilatura.bare_extraction(tree, favor_precision=True, **options)
    text = (precise.text or "").strip() if precise else ""
    if not text or len(text) < PRECISION_FLOOR * sum(len(_WS.sub(" ", p.text_content()).strip())
                                                     for p in _PROSE(tree)):
        balanced = trafilatura.bare_extraction(tree, **options)
        fallback = (balanced.text or "").strip() if balanced else ""
        if len(text) < PRECISION_FLOOR * len(fallback):
            text = fallback
    return text


def _complete_split_body(tree: lxml.html.HtmlElement, text: str) -> str:
    """Add the parts of a body that the page splits over several same-class containers.

    Fault handled: templates that cut one article into sibling blocks (``<div class="body
    container">`` repeated between ads); trafilatura keeps the block it scored best. Other
    elements with the block's tag and ``class`` under the same ``<article>``/``<main>`` (else
    its grandparent), outside comment sections, that hold at least 200 characters of new
    ``<p>``/``<h2>``/``<h3>`` prose, at least half their text, are added in page order.
    """
    keys = {text_key(line) for line in text.split("\n") if len(line) >= 40}
    counts: dict[Any, int] = {}
    for paragraph in tree.iter("p"):
        if text_key(paragraph.text_content()) in keys:
            counts[paragraph.getparent()] = counts.get(paragraph.getparent(), 0) + 1
    if not counts:
        return text
    block = max(counts, key=counts.get)
    scope = next(block.iterancestors("article", "main"), None)
    if scope is None and block.getparent() is not None:
        scope = block.getparent().getparent()
    if not block.get("class") or scope is None:
        return text
    lineage, whole = set(block.iterancestors()), text_key(text)
    before: list[str] = []
    after: list[str] = []
    passed = False
    for peer in scope.iter(block.tag):
        if peer is block:
            passed = True
            continue
        if peer.get("class") != block.get("class") or peer in lineage or any(
                a is block or "comment" in f'{a.get("id")} {a.get("class")}'.lower()
                for a in (peer, *peer.iterancestors())):
            continue
        prose = [_WS.sub(" ", e.text_content()).strip() for e in peer.iter("p", "h2", "h3")
                 if not any(a.tag in ("figure", "aside", "nav", "form") for a in e.iterancestors())]
        new = [p for p in prose if p and text_key(p) not in whole]
        if sum(map(len, new)) >= max(200, 0.5 * len(text_key(peer.text_content()))):
            (after if passed else before).extend(new)
    return "\n".join([*before, text, *after]) if before or after else text


def _declared_body(tree: lxml.html.HtmlElement, declared: Any, text: str) -> str | None:
    """The publisher's JSON-LD ``articleBody`` when the extracted text is only a part of it.

    When ``articleBody`` has :data:`DECLARED_BODY_RATIO` times the word 4-grams of the text and
    holds 95 % of them (Markdown links in ``articleBody`` break a few), the page's ``<p>``
    elements whose 4-grams are mostly in ``articleBody`` are joined in page order, keeping
    paragraphs; the flat ``articleBody`` if they cover less than 80 % of it. Otherwise None.
    """
    declared = json_text(declared)
    if not declared:
        return None
    declared = _MD_LINK.sub(r"\1", declared)
    whole, part = set(shingles(declared)), set(shingles(text))
    if len(whole) < DECLARED_BODY_RATIO * max(len(part), 1) or len(part & whole) < 0.95 * len(part):
        return None
    paragraphs: list[str] = []
    covered: set[tuple[str, ...]] = set()
    for element in tree.iter("p"):
        paragraph = _WS.sub(" ", element.text_content()).strip()
        grams = set(shingles(paragraph))
        if grams and len(grams & whole) >= 0.8 * len(grams) and not grams <= covered:
            paragraphs.append(paragraph)
            covered |= grams
    return "\n".join(paragraphs) if len(covered & whole) >= 0.8 * len(whole) else declared


def _opening_post(tree: lxml.html.HtmlElement) -> str | None:
    """The opening post of a thread marked up as schema.org ``DiscussionForumPosting``
    microdata (its ``text`` property outside any reply), one block element per line."""
    for element in _OPENING_POST(tree):
        blocks = element.xpath(".//p|.//li|.//pre|.//blockquote|.//h2|.//h3|.//h4")
        chosen = set(blocks)
        lines = [_WS.sub(" ", b.text_content()).strip() for b in blocks
                 if not chosen.intersection(b.iterancestors())] or [element.text_content()]
        text = "\n".join(line for line in lines if line.strip()).strip()
        if text:
            return text
    return None


def _strip_boilerplate_lines(body: str) -> str:
    """Drop lines that send the reader elsewhere (:data:`_BOILERPLATE_LINE`: "Read more: ...",
    "Related: ...", "Lire aussi : ...", "相关阅读：...", "Sign up for our newsletter ..."), at most
    :data:`BOILERPLATE_LINE_CHARS` long. trafilatura drops such blocks when their markup says
    what they are (related-story lists, newsletter boxes, tag lists, captions); a bare paragraph
    inside the body it keeps."""
    lines = body.split("\n")
    kept = [line for line in lines
            if len(line) > BOILERPLATE_LINE_CHARS or not _BOILERPLATE_LINE.match(line.strip())]
    return "\n".join(kept).strip() if len(kept) < len(lines) else body


def _strip_repeats(body: str, titles: list[str], comments: tuple[ExtractedComment, ...]) -> str:
    """Drop leading lines repeating the headline, and lines that belong to a comment."""
    lines = body.split("\n")
    keys = {text_key(t) for t in titles}
    while lines and (not lines[0].strip() or text_key(lines[0]) in keys):
        lines.pop(0)
    texts = [text_key(c.text) for c in comments]
    lines = [line for line in lines
             if len(text_key(line)) < 20 or not any(text_key(line) in t for t in texts)]
    return "\n".join(lines).strip()
