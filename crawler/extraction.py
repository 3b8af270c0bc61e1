"""Turn one fetched HTML page into a typed document, or a typed rejection with its reason.

A pure function: no Scrapy, no database, no network. :func:`extract` takes the page (``str`` or
raw ``bytes``) and the URL it was fetched from and returns either an
:class:`ExtractedDocument` or a :class:`Rejection`; it never raises on bad input pages.

Methods and sources:

- Main text: trafilatura 2.x (Barbaresi 2021, "Trafilatura: A Web Scraping Library and
  Command-Line Tool for Text Discovery and Extraction", ACL-IJCNLP 2021 System Demonstrations),
  run in precision mode with the balanced mode as a fallback (see :data:`PRECISION_FLOOR`);
  settings chosen by measurement on the ScrapingHub article-extraction benchmark, see
  ``benchmarks/extraction.py``.
- Metadata: schema.org JSON-LD, OpenGraph / ``article:*`` meta tags and schema.org microdata
  (read with extruct), then trafilatura's own metadata heuristics as the last resort.
- Publication date: JSON-LD ``datePublished``, then ``article:published_time``, then htmldate
  (Barbaresi 2020, "htmldate: A Python package to extract publication dates from web pages",
  JOSS 5(51)) with ``original_date=True``.
- URLs: courlan (tracker parameters dropped, query sorted, host lower-cased), fragment removed.
- Language: ``<html lang>`` and language meta tags, else py3langid on the text when installed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator
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

try:  # trafilatura's author-string cleaner ("By A and B" -> "A; B")
    from trafilatura.json_metadata import normalize_authors as _trafilatura_authors
except ImportError:  # pragma: no cover - internal module moved
    _trafilatura_authors = None

__all__ = ["ExtractedComment", "ExtractedDocument", "Rejection", "extract"]

#: A precision-mode text shorter than this share of the balanced-mode text (in characters) is
#: taken to have latched onto a wrong block (a reprint notice, a caption) and the balanced text is
#: used instead. Precision mode trims boilerplate, which on the extraction benchmark removes at
#: most ~40 % of a page's balanced text when it is right; losing four fifths means it went wrong.
PRECISION_FLOOR = 0.2

#: Pages whose body text (characters) is shorter than this are rejected as ``too-short``.
DEFAULT_MIN_LENGTH = 200

UTC = timezone.utc

# schema.org types -> document kind. Types missing here carry no signal.
_KIND_BY_TYPE = {
    "Article": "article", "NewsArticle": "article", "ReportageNewsArticle": "article",
    "AnalysisNewsArticle": "article", "OpinionNewsArticle": "article",
    "BackgroundNewsArticle": "article", "ReviewNewsArticle": "article",
    "AskPublicNewsArticle": "article", "ScholarlyArticle": "article", "TechArticle": "article",
    "SatiricalArticle": "article", "Report": "article", "LiveBlogPosting": "article",
    "BlogPosting": "post", "Blog": "post", "SocialMediaPosting": "post",
    "DiscussionForumPosting": "thread", "QAPage": "thread", "Question": "thread",
    "PressRelease": "statement",
}
_PAGE_TYPES = {"WebPage", "ItemPage"}
_COMMENT_TYPES = {"Comment", "Answer"}
_STATEMENT_RE = re.compile(
    r"press[-_ ]?releases?|pressemitteilung|news[-_ ]releases?|media[-_ ]releases?"
    r"|(?:^|[-_ ])statements?(?:$|[-_ ])|communiqu",
    re.IGNORECASE,
)
_FORUM_GENERATOR_RE = re.compile(
    r"discourse|phpbb|vbulletin|xenforo|mybb|flarum|nodebb|invision|smf", re.IGNORECASE
)
# Reply elements marked up with microdata: kept out of the body, read as comments instead.
_COMMENT_XPATH = (
    '//*[@itemtype][contains(@itemtype, "schema.org/Comment")'
    ' or contains(@itemtype, "schema.org/Answer")]'
    '|//*[@itemprop="comment" or @itemprop="suggestedAnswer" or @itemprop="acceptedAnswer"]'
)
_VISIBLE_TEXT = lxml.etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)
_MAGIC = {
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (office document?)",
    b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "gzip-compressed data", b"RIFF": "a RIFF media file", b"OggS": "an Ogg file",
    b"ID3": "an MP3 file", b"\x00\x00\x00": "binary data",
}
_XML_ROOTS = {"rss": "an RSS feed", "feed": "an Atom feed", "urlset": "an XML sitemap",
              "sitemapindex": "an XML sitemap index", "rdf:rdf": "an RDF document",
              "opml": "an OPML outline", "svg": "an SVG image"}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FIRST_TAG = re.compile(r"<\s*([a-zA-Z][\w:.-]*)")
_LEADING_NOISE = re.compile(r"^(?:\s|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*", re.I | re.S)
_LANG_RE = re.compile(r"^([a-zA-Z]{2})(?:$|[-_])")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class ExtractedComment:
    """One reply or reader comment attached to a document.

    Attributes:
        author (str | None): display name of the commenter, when the markup gives one.
        published_at (datetime | None): timezone-aware, in UTC.
        text (str): the comment's text, whitespace collapsed.
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
            normalised ``url`` when the page names none.
        title (str | None): headline.
        authors (tuple[str, ...]): author names in page order, without duplicates.
        published_at (datetime | None): first publication, timezone-aware UTC. Sources in
            order: JSON-LD ``datePublished``, ``article:published_time``, htmldate. A date
            without a time of day is midnight UTC.
        language (str | None): ISO 639-1 code, e.g. ``"en"``.
        outlet (str): registered domain of ``canonical_url`` without ``www.``
            (``"bbc.co.uk"``); ``host[:port]`` for IP addresses and single-label hosts;
            ``""`` for ``file:`` URLs.
        outlet_name (str | None): display name (``og:site_name``, JSON-LD ``publisher.name``).
        kind (str): ``"article"``, ``"post"``, ``"statement"`` or ``"thread"``.
        text (str): main text, one paragraph per line (``"\\n"``), comments excluded; for a
            forum thread the opening post.
        description (str | None): the page's summary (``og:description``, meta description).
        comments (tuple[ExtractedComment, ...]): replies from JSON-LD ``comment`` lists and
            schema.org ``Comment`` / ``Answer`` microdata, in page order.
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
        reason (str): short code from :data:`crawler.errors.REJECTIONS`: ``"not-html"``,
            ``"empty"``, ``"no-body"``, ``"too-short"`` or ``"parse-error"``.
        detail (str): one human-readable line, e.g.
            ``"body has 37 characters, below min_length=200"``.
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
        html (str | bytes): the page. ``bytes`` are decoded from their byte-order mark or
            ``<meta charset>``, else as UTF-8 when valid, else by charset detection.
        url (str): the URL the page was fetched from; resolves relative links and is the
            fallback canonical URL.
        min_length (int): fewest characters of main text a document must have; shorter pages
            are rejected as ``too-short``. Default 200.
        include_comments (bool): read replies and reader comments into ``comments``.
            Default True. Comments never enter ``text`` either way.

    Returns:
        ExtractedDocument | Rejection: the document, or the reason it could not be made
        (``not-html``, ``empty``, ``no-body``, ``too-short``, ``parse-error``).

    Raises:
        TypeError: when ``html`` is neither ``str`` nor ``bytes`` (a caller's bug, not a
            bad page).
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
    if isinstance(html, bytes):
        if not html.strip():
            return _reject(url, errors.EMPTY, what="the response body is empty")
        what = _sniff_binary(html)
        if what:
            return _reject(url, errors.NOT_HTML, what=what)
        html = _decode(html)
    if not html.strip():
        return _reject(url, errors.EMPTY, what="the response body is empty")
    what = _sniff_text(html)
    if what:
        return _reject(url, errors.NOT_HTML, what=what)
    tree = _parse(html)
    if tree is None:
        return _reject(url, errors.EMPTY, what="the page has no elements")
    visible = sum(len(t.strip()) for t in _VISIBLE_TEXT(tree))
    if visible == 0:
        return _reject(url, errors.EMPTY, what="the page has no visible text")

    page = _Page(tree, url)
    body, meta = _body(tree, url)
    comments = _comments(page) if include_comments else ()
    if body:
        body = _strip_repeats(body, page.title_candidates(meta), comments)
    if not body:
        return _reject(url, errors.NO_BODY, chars=visible)
    if len(body) < min_length:
        return _reject(url, errors.TOO_SHORT, chars=len(body), min_length=min_length)

    canonical = page.canonical_url()
    return ExtractedDocument(
        url=url,
        canonical_url=canonical,
        title=page.title(meta),
        authors=page.authors(meta),
        published_at=page.published_at(meta),
        language=page.language(body),
        outlet=_outlet(canonical),
        outlet_name=page.outlet_name(meta),
        kind=page.kind(canonical),
        text=body,
        description=page.description(meta),
        comments=comments,
    )


# --- input: bytes, sniffing, parsing ------------------------------------------------------------


def _sniff_binary(data: bytes) -> str | None:
    """Name the kind of a non-HTML payload from its first bytes, or None if it may be HTML."""
    head = data[:8]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    return None


def _decode(data: bytes) -> str:
    """Decode a page: BOM, then ``<meta charset>``, then UTF-8 if valid, then detection.

    Uses :func:`w3lib.encoding.html_to_unicode` (the WHATWG-style order Scrapy uses) with
    charset-normalizer as the detector for undeclared non-UTF-8 pages (fallback cp1252).
    """
    return html_to_unicode(None, data, default_encoding="cp1252", auto_detect_fun=_detect)[1]


def _detect(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of trafilatura
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


def _sniff_text(text: str) -> str | None:
    """Name the kind of decoded non-HTML content (JSON, feeds, plain text), or None."""
    if "\x00" in text[:2048]:
        return "binary data"
    start = text.lstrip("\ufeff \t\r\n")
    if start[:1] in ("{", "["):
        return "JSON"
    rest = _LEADING_NOISE.sub("", start[:4096], count=1)
    match = _FIRST_TAG.match(rest)
    if match is None:
        if _FIRST_TAG.search(text[:65536]) is None:
            return "plain text"
        return None
    return _XML_ROOTS.get(match.group(1).lower())


def _parse(text: str) -> lxml.html.HtmlElement | None:
    """Parse decoded HTML with lxml as trafilatura does (comments and PIs dropped)."""
    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
    )
    try:
        tree = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1), parser=parser)
    except lxml.etree.ParserError:  # "Document is empty"
        return None
    return tree if len(tree) else None


# --- main text ----------------------------------------------------------------------------------


def _body(tree: lxml.html.HtmlElement, url: str) -> tuple[str, Any]:
    """Main text with trafilatura, precision mode first, balanced mode as the fallback.

    Returns:
        tuple[str, trafilatura.settings.Document | None]: the text ("" when none was found)
        and trafilatura's metadata for the page (title, author, date from htmldate, site
        name), used as the last resort by :class:`_Page`.
    """
    options = dict(
        url=url if url.startswith(("http://", "https://")) else None,
        include_comments=False,
        include_tables=True,
        prune_xpath=_COMMENT_XPATH,
    )
    precise = trafilatura.bare_extraction(
        tree,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
        **options,
    )
    balanced = trafilatura.bare_extraction(tree, **options)
    precise_text = (precise.text or "").strip() if precise is not None else ""
    balanced_text = (balanced.text or "").strip() if balanced is not None else ""
    text = precise_text
    if len(precise_text) < PRECISION_FLOOR * len(balanced_text):
        text = balanced_text
    meta = precise
    if meta is None:  # no text in precision mode: metadata alone is still worth having
        meta = trafilatura.extract_metadata(
            tree, url, {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
        )
    return text, meta


def _strip_repeats(
    body: str, titles: list[str], comments: tuple[ExtractedComment, ...]
) -> str:
    """Drop a first line repeating the headline, and lines that belong to a comment."""
    lines = [line for line in body.split("\n")]
    keys = {_key(t) for t in titles if t}
    while lines and (not lines[0].strip() or _key(lines[0]) in keys):
        lines.pop(0)
    if comments:
        texts = [_key(c.text) for c in comments]
        lines = [
            line for line in lines
            if not (len(_key(line)) >= 20 and any(_key(line) in t for t in texts))
        ]
    return "\n".join(lines).strip()


def _key(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


# --- structured metadata ------------------------------------------------------------------------


class _Page:
    """Structured metadata of one parsed page: JSON-LD, meta tags, links, microdata."""

    def __init__(self, tree: lxml.html.HtmlElement, url: str) -> None:
        self.tree = tree
        self.url = url
        self.meta = _meta_tags(tree)
        self.jsonld = list(_jsonld_objects(tree))
        self.by_id = {o["@id"]: o for o in _walk(self.jsonld) if isinstance(o.get("@id"), str)}
        self.entity = _main_entity(self.jsonld, url)
        self._microdata: list[dict] | None = None

    # fields, each with its sources in order of trust

    def title_candidates(self, meta: Any) -> list[str]:
        return [
            t for t in (
                _text(self.entity.get("headline")) or _text(self.entity.get("name")),
                self._first("og:title", "twitter:title"),
                getattr(meta, "title", None),
            ) if t
        ]

    def title(self, meta: Any) -> str | None:
        candidates = self.title_candidates(meta)
        return candidates[0] if candidates else None

    def authors(self, meta: Any) -> tuple[str, ...]:
        names: list[str] = []
        for value in _as_list(self.entity.get("author")) or _as_list(self.entity.get("creator")):
            names.extend(self._names(value))
        if not names:
            raw = getattr(meta, "author", None)
            names = [n for n in (raw or "").split("; ") if n]
        cleaned: list[str] = []
        for name in names:
            for part in _clean_authors(name):
                if part.casefold() not in {c.casefold() for c in cleaned}:
                    cleaned.append(part)
        return tuple(cleaned)

    def published_at(self, meta: Any) -> datetime | None:
        candidates = [self.entity.get("datePublished")]
        for page in _walk(self.jsonld, top_only=True):
            if _types(page) & _PAGE_TYPES:
                candidates.append(page.get("datePublished"))
        candidates += self.meta.get("article:published_time", [])
        candidates += self.meta.get("og:article:published_time", [])
        candidates += self.meta.get("datepublished", [])
        candidates.append(getattr(meta, "date", None))
        for value in candidates:
            parsed = _parse_datetime(value)
            if parsed is not None:
                return parsed
        return None

    def language(self, body: str) -> str | None:
        for value in (
            self.tree.get("lang"),
            self.tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
            self._first("content-language", "language", "dc.language", "og:locale"),
            _text(self.entity.get("inLanguage")),
        ):
            match = _LANG_RE.match((value or "").strip())
            if match:
                return match.group(1).lower()
        if py3langid is not None and len(body) >= 50:
            return py3langid.classify(body)[0]
        return None

    def outlet_name(self, meta: Any) -> str | None:
        publisher = self._resolve(self.entity.get("publisher"))
        from_ld = _text(publisher.get("name")) if isinstance(publisher, dict) else None
        sitename = getattr(meta, "sitename", None)
        if sitename and "." in sitename:  # trafilatura falls back to the host name
            sitename = None
        return self._first("og:site_name") or from_ld or sitename

    def description(self, meta: Any) -> str | None:
        return (
            self._first("og:description", "description", "twitter:description")
            or _text(self.entity.get("description"))
            or getattr(meta, "description", None)
        )

    def kind(self, canonical_url: str) -> str:
        types = _types(self.entity)
        for item in self.microdata():
            types |= _types(item)
        kinds = {_KIND_BY_TYPE[t] for t in types if t in _KIND_BY_TYPE}
        if "thread" in kinds:
            return "thread"
        if "statement" in kinds or self._looks_like_statement(canonical_url):
            return "statement"
        if "post" in kinds and "article" not in kinds:
            return "post"
        if "article" in kinds:
            return "article"
        if _FORUM_GENERATOR_RE.search(self._first("generator") or ""):
            return "thread"
        return "article"

    def canonical_url(self) -> str:
        candidates = [
            link.get("href")
            for link in self.tree.xpath("//link[@rel][@href]")
            if "canonical" in link.get("rel", "").lower().split()
        ]
        candidates += self.meta.get("og:url", [])
        main = self.entity.get("mainEntityOfPage")
        candidates += [self.entity.get("url"), main.get("@id") if isinstance(main, dict) else main]
        here = urlsplit(self.url)
        for candidate in candidates:
            if not isinstance(candidate, str) or not candidate.strip():
                continue
            absolute = urljoin(self.url, candidate.strip())
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                continue
            # a canonical pointing at the home page of the same site is a CMS default, not a
            # statement about this page
            if parts.path in ("", "/") and here.path not in ("", "/") and parts.netloc == here.netloc:
                continue
            return _normalise_url(absolute)
        return _normalise_url(self.url)

    def microdata(self) -> list[dict]:
        """schema.org microdata items of the page (extruct), nested items inline."""
        if self._microdata is None:
            try:
                from extruct.w3cmicrodata import MicrodataExtractor

                self._microdata = MicrodataExtractor(nested=True).extract_items(
                    self.tree, self.url
                )
            except Exception:  # noqa: BLE001 - broken microdata is no reason to lose the page
                self._microdata = []
        return self._microdata

    # helpers

    def _first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, []):
                if value.strip():
                    return _WS.sub(" ", value).strip()
        return None

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id"):
            return self.by_id.get(value["@id"], value)
        return value

    def _names(self, value: Any) -> list[str]:
        value = self._resolve(value)
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            name = value.get("name") or value.get("properties", {}).get("name")
            return [n for n in (_text(v) for v in _as_list(name)) if n]
        return []

    def _looks_like_statement(self, canonical_url: str) -> bool:
        genre = " ".join(
            _text(v) or "" for v in _as_list(self.entity.get("genre"))
            + _as_list(self.entity.get("articleSection"))
        )
        paths = f"{urlsplit(self.url).path} {urlsplit(canonical_url).path}"
        return bool(_STATEMENT_RE.search(paths) or _STATEMENT_RE.search(genre))


def _comments(page: _Page) -> tuple[ExtractedComment, ...]:
    """Replies from JSON-LD (``comment``, answers) and microdata, de-duplicated, page order."""
    found: list[ExtractedComment] = []
    seen: set[tuple[str | None, str]] = set()
    items = [o for o in _walk(page.jsonld) if _types(o) & _COMMENT_TYPES]
    items += [o for o in _walk(page.microdata()) if _types(o) & _COMMENT_TYPES]
    for item in items:
        props = item.get("properties", item)
        text = _plain(
            _text(props.get("text")) or _text(props.get("commentText"))
            or _text(props.get("articleBody")) or _text(props.get("description")) or ""
        )
        if not text:
            continue
        names = [n for v in _as_list(props.get("author")) for n in page._names(v)]
        author = names[0].strip() if names else None
        published = _parse_datetime(props.get("datePublished") or props.get("dateCreated"))
        key = (author, _key(text))
        if key not in seen:
            seen.add(key)
            found.append(ExtractedComment(author=author, published_at=published, text=text))
    return tuple(found)


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased property / name / itemprop / http-equiv."""
    tags: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]"):
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                tags.setdefault(key.strip().lower(), []).append(element.get("content"))
    return tags


def _jsonld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    """Top-level JSON-LD objects, ``@graph`` members spliced in; one broken script is skipped
    without losing the others (extruct drops them all on one error)."""
    for script in tree.xpath("//script[@type]"):
        if "ld+json" not in script.get("type", "").lower():
            continue
        for data in _loads_lenient(script.text or ""):
            for item in _as_list(data):
                if isinstance(item, dict):
                    graph = item.get("@graph")
                    if isinstance(graph, list):
                        yield from (g for g in graph if isinstance(g, dict))
                    else:
                        yield item


def _loads_lenient(raw: str) -> list[Any]:
    """Parse a JSON-LD script that may be wrapped in comments/CDATA, end in a stray comma or
    hold several values one after another."""
    raw = re.sub(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$", "", raw.strip())
    for attempt in (raw, re.sub(r",\s*([}\]])", r"\1", raw)):
        values: list[Any] = []
        decoder = json.JSONDecoder(strict=False)
        position = 0
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


def _main_entity(objects: list[dict], url: str) -> dict:
    """The JSON-LD object describing this page's document: article-like types only, top level
    or ``mainEntity``, the one naming this URL and the most complete first."""
    candidates: list[dict] = []
    for obj in objects:
        for item in [obj, *_as_list(obj.get("mainEntity"))]:
            if isinstance(item, dict) and _types(item) & set(_KIND_BY_TYPE):
                candidates.append(item)
    if not candidates:
        return {}
    here = _normalise_url(url)

    def score(item: dict) -> int:
        main = item.get("mainEntityOfPage")
        urls = [item.get("url"), main.get("@id") if isinstance(main, dict) else main]
        named = any(isinstance(u, str) and _normalise_url(urljoin(url, u)) == here for u in urls)
        return 4 * named + sum(bool(item.get(k)) for k in ("headline", "datePublished", "author"))

    return max(candidates, key=score)  # max keeps the first of equal scores


def _walk(value: Any, top_only: bool = False) -> Iterator[dict]:
    """Every dict inside ``value`` (JSON-LD objects or extruct microdata items), depth first."""
    if isinstance(value, dict):
        yield value
        if top_only:
            return
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child, top_only)


def _types(item: Any) -> set[str]:
    """schema.org type names of a JSON-LD object or microdata item, without the vocabulary."""
    if not isinstance(item, dict):
        return set()
    raw = item.get("@type", item.get("type"))
    return {str(t).rstrip("/").rsplit("/", 1)[-1] for t in _as_list(raw) if t}


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    """A clean one-line string from a JSON-LD value (string, list, or {"@value": ...})."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if not isinstance(value, str):
        return None
    value = _WS.sub(" ", value).strip()
    return value or None


def _plain(text: str) -> str:
    """Text of a value that may hold HTML markup (JSON-LD comment bodies often do)."""
    if "<" in text and ">" in text:
        try:
            text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
        except (lxml.etree.ParserError, ValueError):
            pass
    return _WS.sub(" ", text).strip()


def _clean_authors(name: str) -> list[str]:
    if _trafilatura_authors is not None:
        return [n for n in (_trafilatura_authors(None, name) or "").split("; ") if n]
    name = _WS.sub(" ", name).strip()
    return [] if not name or name.lower().startswith("http") else [name]


def _parse_datetime(value: Any) -> datetime | None:
    """A timezone-aware UTC datetime from an ISO 8601 or free-form date string.

    Naive values are taken as UTC. Strings without a year, and years before 1900, give None.
    """
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = date_parser.isoparse(value)
    except (ValueError, OverflowError):
        try:
            parsed = date_parser.parse(value, default=datetime(1, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.year < 1900:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


# --- URLs ---------------------------------------------------------------------------------------


def _normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment and tracking parameters, sort the query.

    Uses :func:`courlan.normalize_url` (non-strict: tracker parameters only are removed).
    """
    try:
        normal = normalize_url(url)
    except (ValueError, TypeError, AttributeError):
        normal = url
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


_TLD = None


def _outlet(url: str) -> str:
    """Registered domain of ``url`` without ``www.``; ``host[:port]`` when there is none."""
    global _TLD
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return ""
    if _TLD is None:
        import tldextract

        # the Public Suffix List snapshot shipped with tldextract: no network
        _TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                     include_psl_private_domains=True)
    result = _TLD(host)
    registered = getattr(result, "top_domain_under_public_suffix", None)
    if registered is None:  # tldextract < 5.3
        registered = result.registered_domain
    if registered:
        return registered
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()
    return netloc.removeprefix("www.")
