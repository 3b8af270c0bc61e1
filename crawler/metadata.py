"""Read the metadata of one parsed HTML page: title, authors, dates, language, kind, URLs.

:class:`PageMetadata` gathers a page's structured data once (JSON-LD, microdata, ``<meta>``
tags, ``<link rel=canonical>``) and answers each metadata field of
:class:`crawler.extraction.ExtractedDocument` from it, most trusted source first. Like
:func:`crawler.extraction.extract`, which is its only caller, it is pure: no Scrapy, no
database, no network. A broken JSON-LD script or unreadable microdata is skipped, not fatal.

Methods and sources:

- Metadata: schema.org JSON-LD and microdata (microdata read with extruct), OpenGraph and
  ``article:*`` meta tags, then trafilatura's metadata heuristics as the last resort (its
  metadata ``Document``, passed in as ``meta``).
- Publication date: JSON-LD ``datePublished``, then ``article:published_time``, then htmldate
  (Barbaresi 2020, "htmldate: A Python package to extract publication dates from web pages",
  JOSS 5(51)) with ``original_date=True`` (run through trafilatura by
  :func:`crawler.extraction._body`).
- URLs: courlan (tracking parameters dropped, query sorted, host lower-cased), no fragment.
- Outlet: the registered domain, by the Public Suffix List snapshot shipped with tldextract.
- Language: ``<html lang>`` and language meta tags, else py3langid on the text if installed.
- Kind: schema.org types, press-office URL paths and labels, forum and blog software.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html
from courlan import normalize_url
from dateutil import parser as date_parser

try:  # optional: statistical language identification of the text
    import py3langid
except ImportError:  # pragma: no cover - depends on the environment
    py3langid = None

__all__ = ["ExtractedComment", "PageMetadata", "json_text", "outlet_domain", "text_key"]

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
_LANG_RE = re.compile(r"^([a-zA-Z]{2})(?:$|[-_])")
_WS = re.compile(r"\s+")
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


class PageMetadata:
    """Structured metadata of one parsed page: JSON-LD, microdata, meta tags, links.

    Microdata items are turned into JSON-LD-shaped dicts (``@type`` plus properties), so both
    are read alike. The main entity is the page's article-like JSON-LD object, else microdata
    item (:func:`_main_entity`). Each public method answers the
    :class:`crawler.extraction.ExtractedDocument` field of its name; ``meta`` is trafilatura's
    metadata ``Document`` (or None), the last resort.
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
                      json_text(self.entity.get("headline")) or json_text(self.entity.get("name")),
                      getattr(meta, "title", None)):
            suffix = _SITE_SUFFIX.search(title or "")
            if suffix and site and text_key(suffix.group(1)) == text_key(site):  # "Headline | Site"
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
                      json_text(self.entity.get("inLanguage"))):
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
                or json_text(self.entity.get("description")) or getattr(meta, "description", None))

    def kind(self, canonical_url: str) -> str:
        """From schema.org types (main entity and microdata); press-office URL paths, genres,
        headlines and labels; forum and blog software (``<meta name=generator>``, blog hosts,
        blog-engine post markup); default ``article``."""
        types = _types(self.entity).union(*(_types(item) for item in self.microdata))
        kinds = {_KIND_BY_TYPE[t] for t in types if t in _KIND_BY_TYPE}
        genre = " ".join(json_text(v) or "" for key in ("genre", "articleSection")
                         for v in _as_list(self.entity.get(key)))
        paths = f"{urlsplit(self.url).path} {urlsplit(canonical_url).path}"
        generator = self._first("generator") or ""
        if "thread" in kinds:
            return "thread"
        if "statement" in kinds or _STATEMENT_PATH.search(paths) or _STATEMENT_PATH.search(genre) \
                or any(_STATEMENT_TITLE.match(t) for t in self.title_candidates(None)) \
                or any(text_key(e.text or "") in _STATEMENT_LABELS for e in _LABELS(self.tree)):
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
            text = _plain(next(filter(None, (json_text(item.get(key), clean=False) for key in (
                "text", "commentText", "articleBody", "description"))), ""))
            if not text:
                continue
            names = [n for v in _as_list(item.get("author")) for n in self._names(v)]
            author = names[0] if names else None
            published = _parse_datetime(item.get("datePublished") or item.get("dateCreated"))
            found.setdefault(((author or "").casefold(), text_key(text)),
                             ExtractedComment(author=author, published_at=published, text=text))
        return tuple(found.values())

    def _first(self, *keys: str) -> str | None:
        values = (json_text(v) for key in keys for v in self.meta.get(key, []))
        return next(filter(None, values), None)

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id"):
            return self.by_id.get(value["@id"], value)
        return value

    def _names(self, value: Any) -> list[str]:
        value = self._resolve(value)
        if isinstance(value, dict):
            value = value.get("name")
        return [n for n in map(json_text, _as_list(value)) if n]


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


def json_text(value: Any, *, clean: bool = True) -> str | None:
    """The string in a JSON-LD value (string, list, ``{"@value": ...}``); with ``clean``, HTML
    entities decoded (some sites escape twice) and whitespace collapsed to one line."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if not isinstance(value, str) or not clean:
        return value if isinstance(value, str) else None
    return _WS.sub(" ", unescape(value) if "&" in value else value).strip() or None


def text_key(text: str) -> str:
    """Comparison key of a text: whitespace collapsed to one space, stripped, case-folded."""
    return _WS.sub(" ", text).strip().casefold()


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
    value = json_text(value, clean=False)
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


def outlet_domain(url: str) -> str:
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
