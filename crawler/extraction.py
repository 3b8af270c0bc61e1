"""Turn one fetched HTML page into a typed document, or a typed rejection with its reason.

A pure function: no Scrapy, no database, no network. :func:`extract` takes the page (``str`` or
raw ``bytes``) and the URL it was fetched from and returns an :class:`ExtractedDocument` or a
:class:`Rejection`; it never raises on a bad page.

Methods and sources:

- Main text: trafilatura 2.x (Barbaresi 2021, "Trafilatura: A Web Scraping Library and
  Command-Line Tool for Text Discovery and Extraction", ACL-IJCNLP 2021 System Demonstrations)
  in precision mode, balanced mode as the fallback (:data:`PRECISION_FLOOR`), then two repairs
  for bodies split over several containers (:func:`_complete_split_body`,
  :func:`_declared_body`). Chosen by measurement, see ``benchmarks/extraction.py``.
- Metadata: schema.org JSON-LD and microdata (microdata read with extruct), OpenGraph and
  ``article:*`` meta tags, then trafilatura's metadata heuristics as the last resort.
- Publication date: JSON-LD ``datePublished``, then ``article:published_time``, then htmldate
  (Barbaresi 2020, "htmldate: A Python package to extract publication dates from web pages",
  JOSS 5(51)) with ``original_date=True``.
- URLs: courlan (tracking parameters dropped, query sorted, host lower-cased), no fragment.
- Language: ``<html lang>`` and language meta tags, else py3langid on the text if installed.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html
import trafilatura
from courlan import normalize_url
from dateutil import parser as date_parser
from w3lib.encoding import html_to_unicode

from crawler import errors

try:  # optional: statistical language identification of the text
    import py3langid
except ImportError:  # pragma: no cover - depends on the environment
    py3langid = None

__all__ = ["ExtractedComment", "ExtractedDocument", "Rejection", "extract"]

#: A precision-mode text shorter than this share (in characters) of the balanced-mode text has
#: latched onto a wrong block (a reprint notice, a caption); the balanced text is used instead.
#: Where precision mode is right it trims at most ~40 % on the extraction benchmark.
PRECISION_FLOOR = 0.2

#: A JSON-LD ``articleBody`` with this many times the word 4-grams of the extracted text, and
#: containing it, replaces it (:func:`_declared_body`). Declared bodies run 10-30 % longer than
#: the true text on the benchmarks (captions, embeds); half as long again means missed sections.
DECLARED_BODY_RATIO = 1.5

#: Pages whose body text (characters) is shorter than this are rejected as ``too-short``.
DEFAULT_MIN_LENGTH = 200

# schema.org types -> document kind. Types missing here carry no signal.
_KIND_BY_TYPE = {
    **dict.fromkeys(
        ["Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
         "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
         "AskPublicNewsArticle", "ScholarlyArticle", "TechArticle", "SatiricalArticle",
         "Report", "LiveBlogPosting"], "article"),
    **dict.fromkeys(["BlogPosting", "Blog", "SocialMediaPosting"], "post"),
    **dict.fromkeys(["DiscussionForumPosting", "QAPage"], "thread"),
    "PressRelease": "statement",
}
_PAGE_TYPES = {"WebPage", "ItemPage"}
_COMMENT_TYPES = {"Comment", "Answer"}
# Press offices: URL path segments, headline openings, a label such as "Press Release".
_STATEMENT_PATH = re.compile(
    r"press[-_ ]?releases?|pressemitteilung|(?:news|media)[-_ ]releases?|communiqu|(?:^|/)(?:press"
    r"|newsroom|press-?room|press-?corner|press-office|media-cent(?:re|er)|briefing-room"
    r"|press[-_]statements?)(?:/|\s|$)", re.IGNORECASE)
_STATEMENT_TITLE = re.compile(r"^(?:joint )?statement (?:by|from|on)\b|^press release\b|^readout\b", re.IGNORECASE)
_STATEMENT_LABELS = {"press release", "news release", "media release", "press statement", "statement"}
_LABELS = lxml.etree.XPath("//body//*[not(*)][not(self::a or ancestor::nav or ancestor::footer)]")
_FORUM_GENERATOR = re.compile(r"discourse|phpbb|vbulletin|xenforo|mybb|flarum|nodebb|invision|smf", re.IGNORECASE)
# Blogs without schema.org types: platforms, generators, blog-engine post markup.
_BLOG_HOST = re.compile(r"(?:^|\.)(?:substack\.com|blogspot\.[a-z.]+|wordpress\.com|medium\.com"
                        r"|ghost\.io|tumblr\.com|typepad\.com|livejournal\.com)$")
_BLOG_GENERATOR = re.compile(r"ghost|blogger|hugo|jekyll|hexo|substack|medium|eleventy", re.IGNORECASE)
_BLOG_MARKUP = lxml.etree.XPath('//*[contains(concat(" ", normalize-space(@class), " "), " single-post ")'
                                ' or contains(concat(" ", normalize-space(@class), " "), " type-post ")]')
_REPLY_PROPS = '@itemprop="comment" or @itemprop="suggestedAnswer" or @itemprop="acceptedAnswer"'
# Replies marked up with microdata: kept out of the body, read as comments instead.
_COMMENT_XPATH = (
    '//*[@itemtype][contains(@itemtype, "schema.org/Comment")'
    f' or contains(@itemtype, "schema.org/Answer")]|//*[{_REPLY_PROPS}]')
_OPENING_POST = lxml.etree.XPath(
    '//*[@itemscope][contains(@itemtype, "DiscussionForumPosting")]'
    f'//*[@itemprop="text" or @itemprop="articleBody"][not(ancestor-or-self::*[{_REPLY_PROPS}])]')
_VISIBLE_TEXT = lxml.etree.XPath("//body//text()[not(ancestor::script or ancestor::style"
                                 " or ancestor::noscript or ancestor::template)]")
_MAGIC = {b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (office document?)",
          b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
          b"\x1f\x8b": "gzip-compressed data", b"RIFF": "a RIFF media file", b"ID3": "an MP3 file"}
_XML_ROOTS = {"rss": "an RSS feed", "feed": "an Atom feed", "urlset": "an XML sitemap",
              "sitemapindex": "an XML sitemap index", "rdf:rdf": "an RDF document",
              "opml": "an OPML outline", "svg": "an SVG image"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TAG_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FIRST_TAG = re.compile(r"<\s*([a-zA-Z][\w:.-]*)")
_LEADING_NOISE = re.compile(r"^(?:\s|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL)
_LANG_RE = re.compile(r"^([a-zA-Z]{2})(?:$|[-_])")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_SITE_SUFFIX = re.compile(r"\s+[|\-\u2013\u2014:\u00b7]\s+([^|\-\u2013\u2014:\u00b7]+)$")
_BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|di)\s+", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:;|\||,|&|\band\b)\s*")
_NOT_A_NAME = re.compile(
    r"^(?:posted|published|updated|modified|written|last updated)(?:\s+(?:on|at|by|in))?$", re.IGNORECASE)
_TZINFOS = {name: timezone(timedelta(hours=hours)) for name, hours in {
    "UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2}.items()}


@dataclass(frozen=True)
class ExtractedComment:
    """One reply or reader comment attached to a document.

    Attributes:
        author (str | None): display name of the commenter, as the markup gives it.
        published_at (datetime | None): timezone-aware, in UTC.
        text (str): the comment's text, markup removed, whitespace collapsed.
    """

    author: str | None
    published_at: datetime | None
    text: str


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
            without a trailing `` | site name``.
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
        reason (str): a code of :data:`crawler.errors.REJECTIONS`: ``"not-html"``, ``"empty"``,
            ``"no-body"``, ``"too-short"`` or ``"parse-error"``.
        detail (str): one line for people, e.g. ``"body has 37 characters, below
            min_length=200"``.
    """

    url: str
    reason: str
    detail: str


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
        ``empty``, ``no-body``, ``too-short``, ``parse-error``).

    Raises:
        TypeError: when ``html`` is neither ``str`` nor ``bytes`` (a caller's bug, not a bad
            page).
    """
    if not isinstance(html, (str, bytes)):
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}")
    try:
        return _extract(html, url, min_length=min_length, include_comments=include_comments)
    except Exception as error:  # noqa: BLE001 - the contract: a bad page is a Rejection
        return _reject(url, errors.PARSE_ERROR, error=f"{type(error).__name__}: {error}")


def _reject(url: str, code: str, **fields: object) -> Rejection:
    return Rejection(url=url, reason=code, detail=errors.REJECTIONS[code].format(**fields))


def _extract(
    html: str | bytes, url: str, *, min_length: int, include_comments: bool
) -> ExtractedDocument | Rejection:
    what = None
    if isinstance(html, bytes):  # magic numbers first: binary data is not worth decoding
        what = next((kind for magic, kind in _MAGIC.items() if html.startswith(magic)), None)
        html = "" if what or not html.strip() else _decode(html)
    what = what or (_sniff_text(html) if html.strip() else None)
    if what:
        return _reject(url, errors.NOT_HTML, what=what)
    tree = _parse(html) if html.strip() else None
    visible = sum(len(t.strip()) for t in _VISIBLE_TEXT(tree)) if tree is not None else 0
    if not visible:
        empty = "the page has no visible text" if html.strip() else "the response body is empty"
        return _reject(url, errors.EMPTY, what=empty)

    page = _Page(tree, url)
    canonical = page.canonical_url()
    kind = page.kind(canonical)
    body, meta = _body(tree, url)
    if kind == "thread":  # replies share the opening post's markup: no split-body repair
        body = _opening_post(tree) or body
    else:
        body = _complete_split_body(tree, body)
        body = _declared_body(tree, page.entity.get("articleBody"), body) or body
    comments, titles = page.comments(), page.title_candidates(meta)
    body = _strip_repeats(body, titles, comments)
    if not body:
        return _reject(url, errors.NO_BODY, chars=visible)
    if len(body) < min_length:
        return _reject(url, errors.TOO_SHORT, chars=len(body), min_length=min_length)
    return ExtractedDocument(
        url=url, canonical_url=canonical, title=next(iter(titles), None), authors=page.authors(meta),
        published_at=page.published_at(meta), language=page.language(body), outlet=_outlet(canonical),
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


def _body(tree: lxml.html.HtmlElement, url: str) -> tuple[str, Any]:
    """Main text with trafilatura, precision mode first, balanced mode as the fallback.

    Returns the text (``""`` if none) and trafilatura's metadata ``Document`` (title, author,
    htmldate's date, site name), the last resort of :class:`_Page`.
    """
    options = {"url": url if url.startswith(("http://", "https://")) else None,
               "include_comments": False, "include_tables": True, "prune_xpath": _COMMENT_XPATH}
    date_params = {"original_date": True, "extensive_search": True,
                   "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
    precise = trafilatura.bare_extraction(
        tree, favor_precision=True, with_metadata=True, date_extraction_params=date_params,
        **options)
    balanced = trafilatura.bare_extraction(tree, **options)
    text, fallback = ((doc.text or "").strip() if doc else "" for doc in (precise, balanced))
    if len(text) < PRECISION_FLOOR * len(fallback):
        text = fallback
    if precise is None:  # no text in precision mode: the metadata is still worth having
        precise = trafilatura.extract_metadata(tree, url, date_params)
    return text, precise


def _complete_split_body(tree: lxml.html.HtmlElement, text: str) -> str:
    """Add the parts of a body that the page splits over several same-class containers.

    Fault handled: templates that cut one article into sibling blocks (``<div class="body
    container">`` repeated between ads); trafilatura keeps the block it scored best. Other
    elements with the block's tag and ``class`` under the same ``<article>``/``<main>`` (else
    its grandparent), outside comment sections, that hold at least 200 characters of new
    ``<p>``/``<h2>``/``<h3>`` prose, at least half their text, are added in page order.
    """
    keys = {_key(line) for line in text.split("\n") if len(line) >= 40}
    counts: dict[Any, int] = {}
    for paragraph in tree.iter("p"):
        if _key(paragraph.text_content()) in keys:
            counts[paragraph.getparent()] = counts.get(paragraph.getparent(), 0) + 1
    if not counts:
        return text
    block = max(counts, key=counts.get)
    scope = next(block.iterancestors("article", "main"), None)
    if scope is None and block.getparent() is not None:
        scope = block.getparent().getparent()
    if not block.get("class") or scope is None:
        return text
    lineage, whole = set(block.iterancestors()), _key(text)
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
        new = [p for p in prose if p and _key(p) not in whole]
        if sum(map(len, new)) >= max(200, 0.5 * len(_key(peer.text_content()))):
            (after if passed else before).extend(new)
    return "\n".join([*before, text, *after]) if before or after else text


def _declared_body(tree: lxml.html.HtmlElement, declared: Any, text: str) -> str | None:
    """The publisher's JSON-LD ``articleBody`` when the extracted text is only a part of it.

    When ``articleBody`` has :data:`DECLARED_BODY_RATIO` times the word 4-grams of the text and
    holds 95 % of them (Markdown links in ``articleBody`` break a few), the page's ``<p>``
    elements whose 4-grams are mostly in ``articleBody`` are joined in page order, keeping
    paragraphs; the flat ``articleBody`` if they cover less than 80 % of it. Otherwise None.
    """
    declared = _text(declared)
    if not declared:
        return None
    declared = _MD_LINK.sub(r"\1", declared)
    whole, part = _shingles(declared), _shingles(text)
    if len(whole) < DECLARED_BODY_RATIO * max(len(part), 1) or len(part & whole) < 0.95 * len(part):
        return None
    paragraphs: list[str] = []
    covered: set[tuple[str, ...]] = set()
    for element in tree.iter("p"):
        paragraph = _WS.sub(" ", element.text_content()).strip()
        grams = _shingles(paragraph)
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


def _strip_repeats(body: str, titles: list[str], comments: tuple[ExtractedComment, ...]) -> str:
    """Drop leading lines repeating the headline, and lines that belong to a comment."""
    lines = body.split("\n")
    keys = {_key(t) for t in titles}
    while lines and (not lines[0].strip() or _key(lines[0]) in keys):
        lines.pop(0)
    texts = [_key(c.text) for c in comments]
    lines = [line for line in lines
             if len(_key(line)) < 20 or not any(_key(line) in t for t in texts)]
    return "\n".join(lines).strip()


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Word 4-grams of ``text`` (``\\w+`` tokens), the unit of the extraction benchmark."""
    words = _WORD.findall(text.casefold())
    return {tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3))} if words else set()


def _key(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


# --- structured metadata ------------------------------------------------------------------------


class _Page:
    """Structured metadata of one parsed page: JSON-LD, microdata, meta tags, links.

    Microdata items are turned into JSON-LD-shaped dicts (``@type`` plus properties), so both
    are read alike. The main entity is the page's article-like JSON-LD object, else microdata
    item (:func:`_main_entity`).
    """

    def __init__(self, tree: lxml.html.HtmlElement, url: str) -> None:
        self.tree, self.url = tree, url
        self.meta = _meta_tags(tree)
        self.jsonld = list(_jsonld_objects(tree))
        self.microdata = _microdata(tree, url)
        self.by_id = {o["@id"]: o for o in _walk(self.jsonld) if isinstance(o.get("@id"), str)}
        self.entity = _main_entity(self.jsonld, url) or _main_entity(self.microdata, url)

    def title_candidates(self, meta: Any) -> list[str]:
        """Headlines, most trusted first: ``og:title`` (right most often on publisher-pages),
        JSON-LD ``headline`` (often a shortened SEO variant), trafilatura's title."""
        site = self._first("og:site_name")
        found = []
        for title in (self._first("og:title", "twitter:title"),
                      _text(self.entity.get("headline")) or _text(self.entity.get("name")),
                      getattr(meta, "title", None)):
            suffix = _SITE_SUFFIX.search(title or "")
            if suffix and site and _key(suffix.group(1)) == _key(site):  # "Headline | Site"
                title = title[:suffix.start()]
            if title:
                found.append(title)
        return found

    def authors(self, meta: Any) -> tuple[str, ...]:
        """Structured ``author``/``creator`` names as written; else trafilatura's author
        heuristics (meta tags, bylines), cleaned by its ``normalize_authors``."""
        names = [part for value in _as_list(self.entity.get("author"))
                 or _as_list(self.entity.get("creator"))
                 for name in self._names(value) for part in _split_names(name)]
        if not names:
            raw = getattr(meta, "author", None) or ""
            names = [n for n in raw.split("; ") if n and not _NOT_A_NAME.match(n)]
        unique: dict[str, str] = {}
        for name in names:
            unique.setdefault(name.casefold(), name)
        return tuple(unique.values())

    def published_at(self, meta: Any) -> datetime | None:
        candidates = [self.entity.get("datePublished")]
        candidates += [p.get("datePublished") for p in self.jsonld if _types(p) & _PAGE_TYPES]
        for key in ("article:published_time", "og:article:published_time", "datepublished"):
            candidates += self.meta.get(key, [])
        candidates.append(getattr(meta, "date", None))
        return next((d for d in map(_parse_datetime, candidates) if d is not None), None)

    def language(self, body: str) -> str | None:
        for value in (self.tree.get("lang"),
                      self.tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                      self._first("content-language", "language", "dc.language", "og:locale"),
                      _text(self.entity.get("inLanguage"))):
            match = _LANG_RE.match((value or "").strip())
            if match:
                return match.group(1).lower()
        if py3langid is not None and len(body) >= 50:
            return py3langid.classify(body)[0]
        return None

    def outlet_name(self, meta: Any) -> str | None:
        sitename = getattr(meta, "sitename", None) or ""  # trafilatura falls back to the host
        return (self._first("og:site_name") or next(iter(self._names(self.entity.get("publisher"))), None)
                or (sitename if "." not in sitename else None) or None)

    def description(self, meta: Any) -> str | None:
        return (self._first("og:description", "description", "twitter:description")
                or _text(self.entity.get("description")) or getattr(meta, "description", None))

    def kind(self, canonical_url: str) -> str:
        """From schema.org types (main entity and microdata); press-office URL paths, genres,
        headlines and labels; forum and blog software (``<meta name=generator>``, blog hosts,
        blog-engine post markup); default ``article``."""
        types = _types(self.entity).union(*(_types(item) for item in self.microdata))
        kinds = {_KIND_BY_TYPE[t] for t in types if t in _KIND_BY_TYPE}
        genre = " ".join(_text(v) or "" for key in ("genre", "articleSection")
                         for v in _as_list(self.entity.get(key)))
        paths = f"{urlsplit(self.url).path} {urlsplit(canonical_url).path}"
        generator = self._first("generator") or ""
        if "thread" in kinds:
            return "thread"
        if "statement" in kinds or _STATEMENT_PATH.search(paths) or _STATEMENT_PATH.search(genre) \
                or any(_STATEMENT_TITLE.match(t) for t in self.title_candidates(None)) \
                or any(_key(e.text or "") in _STATEMENT_LABELS for e in _LABELS(self.tree)):
            return "statement"
        if kinds:
            return "article" if "article" in kinds else "post"
        if _FORUM_GENERATOR.search(generator):
            return "thread"
        blog_host = _BLOG_HOST.search(urlsplit(canonical_url).hostname or "")
        return "post" if blog_host or _BLOG_GENERATOR.search(generator) or _BLOG_MARKUP(self.tree) else "article"

    def canonical_url(self) -> str:
        candidates = [link.get("href") for link in self.tree.xpath("//link[@rel][@href]")
                      if "canonical" in link.get("rel", "").lower().split()]
        main = self.entity.get("mainEntityOfPage")
        candidates += [*self.meta.get("og:url", []), self.entity.get("url"),
                       main.get("@id") if isinstance(main, dict) else main]
        here = urlsplit(self.url)
        for candidate in candidates:
            if not isinstance(candidate, str) or not candidate.strip():
                continue
            absolute = urljoin(self.url, candidate.strip())
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                continue
            # the site's home page as canonical of an inner page is a CMS default, not a claim
            if parts.path in ("", "/") and here.path not in ("", "/") and parts.netloc == here.netloc:
                continue
            return _normalise_url(absolute)
        return _normalise_url(self.url)

    def comments(self) -> tuple[ExtractedComment, ...]:
        """Replies (``Comment``, ``Answer``) from JSON-LD, then microdata; page order,
        duplicates (same author and text) dropped."""
        found: dict[tuple[str, str], ExtractedComment] = {}
        for item in _walk([self.jsonld, self.microdata]):
            if not _types(item) & _COMMENT_TYPES:
                continue
            text = _plain(next(filter(None, (_text(item.get(key), clean=False) for key in (
                "text", "commentText", "articleBody", "description"))), ""))
            if not text:
                continue
            names = [n for v in _as_list(item.get("author")) for n in self._names(v)]
            author = names[0] if names else None
            published = _parse_datetime(item.get("datePublished") or item.get("dateCreated"))
            found.setdefault(((author or "").casefold(), _key(text)),
                             ExtractedComment(author=author, published_at=published, text=text))
        return tuple(found.values())

    def _first(self, *keys: str) -> str | None:
        values = (_text(v) for key in keys for v in self.meta.get(key, []))
        return next(filter(None, values), None)

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id"):
            return self.by_id.get(value["@id"], value)
        return value

    def _names(self, value: Any) -> list[str]:
        value = self._resolve(value)
        if isinstance(value, dict):
            value = value.get("name")
        return [n for n in map(_text, _as_list(value)) if n]


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased property / name / itemprop / http-equiv."""
    tags: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]"):
        for key in filter(None, map(element.get, ("property", "name", "itemprop", "http-equiv"))):
            tags.setdefault(key.strip().lower(), []).append(element.get("content"))
    return tags


def _jsonld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    """Top-level JSON-LD objects, ``@graph`` members spliced in. A broken script is skipped
    alone (extruct drops every script of the page on one error)."""
    for script in tree.xpath("//script[@type]"):
        if "ld+json" not in script.get("type", "").lower():
            continue
        for data in _loads_lenient(script.text or ""):
            for item in _as_list(data):
                if isinstance(item, dict) and isinstance(item.get("@graph"), list):
                    yield from (g for g in item["@graph"] if isinstance(g, dict))
                elif isinstance(item, dict):
                    yield item


def _loads_lenient(raw: str) -> list[Any]:
    """Parse a JSON-LD script that may be wrapped in HTML comments or CDATA, carry trailing
    commas, or hold several values one after another."""
    raw = re.sub(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$", "", raw.strip())
    for attempt in (raw, re.sub(r",\s*([}\]])", r"\1", raw)):
        values: list[Any] = []
        decoder, position = json.JSONDecoder(strict=False), 0
        try:
            while position < len(attempt):
                value, position = decoder.raw_decode(attempt, position)
                values.append(value)
                while position < len(attempt) and attempt[position] in " \t\r\n;,":
                    position += 1
            return values
        except json.JSONDecodeError:
            if values:
                return values
    return []


def _microdata(tree: lxml.html.HtmlElement, url: str) -> list[dict]:
    """schema.org microdata items (extruct) as JSON-LD-shaped dicts; [] when unreadable."""
    from extruct.w3cmicrodata import MicrodataExtractor

    def shape(value: Any) -> Any:
        if isinstance(value, dict) and "properties" in value:
            return {"@type": value.get("type"),
                    **{k: shape(v) for k, v in value["properties"].items()}}
        return [shape(v) for v in value] if isinstance(value, list) else value

    try:
        return [shape(item) for item in MicrodataExtractor(nested=True).extract_items(tree, url)]
    except Exception:  # noqa: BLE001 - broken microdata is no reason to lose the page
        return []


def _main_entity(objects: list[dict], url: str) -> dict:
    """The object describing the page's document: article-like types only, at the top or
    under ``mainEntity``; the one naming this URL, then the most complete, first."""
    candidates = [item for obj in objects for item in [obj, *_as_list(obj.get("mainEntity"))]
                  if isinstance(item, dict) and _types(item) & set(_KIND_BY_TYPE)]
    here = _normalise_url(url)

    def score(item: dict) -> int:
        main = item.get("mainEntityOfPage")
        urls = [item.get("url"), main.get("@id") if isinstance(main, dict) else main]
        named = any(isinstance(u, str) and _normalise_url(urljoin(url, u)) == here for u in urls)
        return 4 * named + sum(bool(item.get(k)) for k in ("headline", "datePublished", "author"))

    return max(candidates, key=score, default={})  # max keeps the first of equal scores


def _walk(value: Any) -> Iterator[dict]:
    """Every dict inside ``value``, depth first (replies follow the comment they answer)."""
    if isinstance(value, dict):
        yield value
        value = list(value.values())
    if isinstance(value, list):
        for child in value:
            yield from _walk(child)


def _types(item: Any) -> set[str]:
    """schema.org type names of an object, without the vocabulary URL."""
    raw = item.get("@type") if isinstance(item, dict) else None
    return {str(t).rstrip("/").rsplit("/", 1)[-1] for t in _as_list(raw) if t}


def _as_list(value: Any) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _text(value: Any, *, clean: bool = True) -> str | None:
    """The string in a JSON-LD value (string, list, ``{"@value": ...}``); with ``clean``, HTML
    entities decoded (some sites escape twice) and whitespace collapsed to one line."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if not isinstance(value, str) or not clean:
        return value if isinstance(value, str) else None
    return _WS.sub(" ", unescape(value) if "&" in value else value).strip() or None


def _plain(text: str) -> str:
    """Text of a value that may hold HTML markup (JSON-LD comment bodies often do)."""
    if "<" in text and ">" in text:
        try:
            text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
        except (lxml.etree.ParserError, ValueError):
            pass
    return _WS.sub(" ", unescape(text)).strip()


def _split_names(name: str) -> list[str]:
    """Names in one structured author string: "By A and B" -> ["A", "B"]; URLs, e-mail
    addresses and strings without letters dropped; spelling and case kept (user names)."""
    parts = _NAME_SEPARATORS.split(_BYLINE_PREFIX.sub("", name))
    return [p.strip(" .-\u2013\u2014").lstrip("@") for p in parts
            if any(c.isalpha() for c in p) and len(p) <= 100 and "://" not in p
            and not p.lower().startswith("www.") and "@" not in p.strip()[1:]]


def _parse_datetime(value: Any) -> datetime | None:
    """A timezone-aware UTC datetime from an ISO 8601 or free-form date string.

    Naive values, and zones dateutil cannot place, are read as UTC; common US/European zone
    abbreviations (EST, PDT, BST, CET, ...) are known. No year, or one before 1900: None.
    """
    value = _text(value, clean=False)
    if not value or not value.strip():
        return None
    try:
        parsed = date_parser.isoparse(value.strip())
    except (ValueError, OverflowError):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
                parsed = date_parser.parse(value, default=datetime(1, 1, 1), tzinfos=_TZINFOS)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.year < 1900:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


# --- URLs ---------------------------------------------------------------------------------------


def _normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment and tracking parameters, sort the query
    (:func:`courlan.normalize_url`, non-strict: only tracker parameters are removed)."""
    try:
        url = normalize_url(url)
    except (ValueError, TypeError, AttributeError):
        pass
    return urlunsplit(urlsplit(url)._replace(fragment=""))


_SUFFIXES = None


def _outlet(url: str) -> str:
    """Registered domain of ``url`` (so without ``www.``), by the Public Suffix List snapshot
    shipped with tldextract (no network); ``host[:port]`` when there is none."""
    global _SUFFIXES
    parts = urlsplit(url)
    if not parts.hostname:
        return ""
    if _SUFFIXES is None:
        import tldextract

        _SUFFIXES = tldextract.TLDExtract(
            suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
    result = _SUFFIXES(parts.hostname.lower())
    registered = getattr(result, "top_domain_under_public_suffix", None)
    if registered is None:  # tldextract < 5.3
        registered = result.registered_domain
    return registered or parts.netloc.rsplit("@", 1)[-1].lower().removeprefix("www.")
