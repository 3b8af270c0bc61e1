"""One page's metadata: each field of :class:`crawler.extraction.ExtractedDocument` answered
from the page's structured data, most trusted source first.

:class:`PageMetadata` reads the page's structured data once (:mod:`.structured`) and answers
title, authors, publication date, language, outlet name, description, kind, canonical URL and
comments. Its last resort for several fields is trafilatura's metadata ``Document`` (title,
author heuristics, htmldate's date, site name), passed in as ``meta``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from crawler.text import text_key

from .authors import author_names
from .dates import day_first, other_reading, parse_datetime, visible_date
from .kind import document_kind
from .language import page_language
from .titles import title_candidates
from .structured import (as_list, json_text, jsonld_objects, main_entity, meta_tags, microdata, plain, types,
                         walk)
from .urls import canonical_url, outlet_domain, site_base

__all__ = ["ExtractedComment", "PageMetadata"]

_PAGE_TYPES = {"WebPage", "ItemPage"}
_COMMENT_TYPES = {"Comment", "Answer"}
_DATELINE_WORDS = ("date", "time", "publish", "dateline", "byline", "meta")
_DATELINES = lxml.etree.XPath(
    "//body//time|//body//*[" + " or ".join(
        f'contains(translate(concat(@class, " ", @id, " ", @itemprop), "ABCDEFGHIJKLMNOPQRSTUVWXYZ",'
        f' "abcdefghijklmnopqrstuvwxyz"), "{w}")' for w in _DATELINE_WORDS) + "]")
#: A site name at the end of a <title>: after " | ", " – ", " — ", " - " or " · ".
_TITLE_SITE = re.compile(r"\s(?:\||\u2013|\u2014|-|\u00b7)\s+([^|\u2013\u2014\u00b7]+?)\s*$")
#: Masthead elements that carry the site's name.
_MASTHEAD = ("//a[@rel='home'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' site-title ')"
             " or contains(concat(' ', normalize-space(@class), ' '), ' site-name ')"
             " or contains(concat(' ', normalize-space(@class), ' '), ' brand ')"
             " or contains(@class, '-brand') or contains(@class, 'agency-name')]")

#: Headings that are the site's name, not a headline: inside a link to the home page, or with the
#: id of a masthead (a blog theme's ``<h1 id="site-title"><a href="/">``).
_HOME_HEADING = ("//a[@href='/' or @href='./' or @href='index.html']//*[self::h1 or self::h2]"
                 " | //*[self::h1 or self::h2][ancestor-or-self::*[@id='site-title' or @id='site-name'"
                 " or @id='logo']]")


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

    The main entity is the page's article-like JSON-LD object, else microdata item
    (:func:`.structured.main_entity`). Each public method answers the
    :class:`crawler.extraction.ExtractedDocument` field of its name; ``meta`` is trafilatura's
    metadata ``Document`` (or None), the last resort. Pure: no network, never raises on a bad
    page.

    Args:
        tree (lxml.html.HtmlElement): the parsed page.
        url (str): the URL it was fetched from (resolves relative links).
    """

    def __init__(self, tree: lxml.html.HtmlElement, url: str) -> None:
        self.tree, self.url = tree, url
        self.meta = meta_tags(tree)
        self.jsonld = list(jsonld_objects(tree))
        self.microdata = microdata(tree, url)
        self.by_id = {o["@id"]: o for o in walk(self.jsonld) if isinstance(o.get("@id"), str)}
        self.entity = main_entity(self.jsonld, url) or main_entity(self.microdata, url)
        self._shown: set[date] | None = None

    def title_candidates(self, meta: Any) -> list[str]:
        """Headlines, most trusted first (:func:`.titles.title_candidates`): ``og:title`` /
        ``twitter:title`` (right most often on publisher-pages), JSON-LD ``headline`` (often a
        shortened SEO variant), trafilatura's title (``meta``, may be None), the ``<title>`` of
        ``<head>``; each without the site name, bylines and section labels around it, repaired
        against the others and the ``<h1>`` texts when truncated or led by a kicker."""
        og, headline, head, sites, sections, label, h1s = self._title_context
        return title_candidates([og, headline, getattr(meta, "title", None), head], sites=sites,
                                sections=sections, domain_label=label, references=h1s)

    @cached_property
    def _title_context(self) -> tuple:
        # What title_candidates reads besides trafilatura's title, read from the tree once:
        # the extraction and the kind of a page both ask for its titles.
        sites = [self._first("og:site_name"), self._first("application-name"),
                 *self._names(self.entity.get("publisher")), *self.mastheads(),
                 *(" ".join(e.text_content().split()) for e in self.tree.xpath(_HOME_HEADING))]
        sections = [*self.meta.get("article:section", []), *self.meta.get("article.section", []),
                    *(json_text(v) for v in as_list(self.entity.get("articleSection")))]
        return (self._first("og:title", "twitter:title"),
                json_text(self.entity.get("headline")) or json_text(self.entity.get("name")),
                self.head_title(), sites, sections, outlet_domain(self.canonical_url()).split(".")[0],
                [" ".join(h.text_content().split()) for h in self.tree.xpath("//body//h1")[:3]])

    def head_title(self) -> str | None:
        """Text of the ``<title>`` of ``<head>`` (never an inline SVG's ``<title>``), whitespace
        collapsed; None if the page has none."""
        found = self.tree.xpath("(//head/title)[1]")
        text = " ".join(found[0].text_content().split()) if found else ""
        return text or None

    def mastheads(self) -> list[str]:
        """Names in the page's masthead (``rel=home`` links, ``site-title`` / ``site-name`` /
        ``brand`` elements) that look like an outlet's name (:func:`_is_name`)."""
        return list(self._mastheads)

    @cached_property
    def _mastheads(self) -> tuple[str, ...]:
        return tuple(b for b in (" ".join(e.text_content().split()) for e in self.tree.xpath(_MASTHEAD))
                     if _is_name(b))

    def authors(self, meta: Any) -> tuple[str, ...]:
        """Structured ``author``/``creator`` names (``@id`` references resolved); else
        trafilatura's author heuristics (meta tags, bylines). Each cleaned by
        :func:`.authors.author_names` ("By", roles, "for OUTLET", e-mail, CJK reporter labels
        removed; "A and B" split). Page order, case-insensitive duplicates dropped."""
        names = [part for value in as_list(self.entity.get("author"))
                 or as_list(self.entity.get("creator"))
                 for name in self._names(value) for part in author_names(name)]
        if not names:
            raw = getattr(meta, "author", None) or ""
            names = author_names(raw)  # "; "-separated: roles are judged over the whole byline
        unique: dict[str, str] = {}
        for name in names:
            unique.setdefault(name.casefold(), name)
        return tuple(unique.values())

    def published_at(self, meta: Any) -> datetime | None:
        """First publication in UTC: the main entity's ``datePublished``, a ``WebPage``'s,
        ``article:published_time`` and like meta tags, then htmldate (trafilatura's ``date``,
        computed only when none of the others gives a date).

        A numeric date (``03/02/2026``) is read in the page's locale (:meth:`locale`,
        :func:`.dates.day_first`: 3 February on an en-GB page), unless only the other reading is
        a day the page shows its readers (:meth:`visible_dates`: a ``<time>`` element, a
        dateline), which then wins.
        """
        candidates = [self.entity.get("datePublished")]
        candidates += [p.get("datePublished") for p in self.jsonld if types(p) & _PAGE_TYPES]
        for key in ("article:published_time", "og:article:published_time", "datepublished"):
            candidates += self.meta.get(key, [])
        dayfirst = day_first(self.locale())
        for candidate in candidates:
            found = parse_datetime(candidate, dayfirst=dayfirst)
            if found is None:
                continue
            other = other_reading(candidate, dayfirst=dayfirst)
            if other is not None:
                shown = self.visible_dates()
                if other.date() in shown and found.date() not in shown:
                    return other
            return found
        return parse_datetime(getattr(meta, "date", None))

    def locale(self) -> str | None:
        """The page's declared language tag with its region when it gives one (``"en-GB"``):
        ``<html lang>``, ``og:locale``, ``content-language``, JSON-LD ``inLanguage``; None if none."""
        declared = [self.tree.get("lang"), self.tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                    self._first("og:locale"), self._first("content-language", "language", "dc.language"),
                    json_text(self.entity.get("inLanguage"))]
        declared = [d.strip() for d in declared if d and d.strip()]
        return next((d for d in declared if re.match(r"^[a-zA-Z]{2,3}[-_][a-zA-Z0-9]{2,3}", d)),
                    next(iter(declared), None))

    def visible_dates(self) -> set[date]:
        """Days the page shows its readers: ``<time>`` elements (their text and ``datetime``)
        and short datelines (elements whose ``class``, ``id`` or ``itemprop`` says date, time,
        published, dateline, byline or meta), read only when unambiguous
        (:func:`.dates.visible_date`: the month spelled out, or ISO 8601)."""
        if self._shown is None:
            shown: set[date] = set()
            for element in _DATELINES(self.tree)[:40]:
                text = element.text_content()
                if len(text) <= 120:
                    day = visible_date(text)
                    if day:
                        shown.add(day)
                stamp = element.get("datetime")
                if stamp and stamp[:4].isdigit():
                    parsed = parse_datetime(stamp)
                    if parsed:
                        shown.add(parsed.date())
            self._shown = shown
        return self._shown

    def language(self, body: str) -> str | None:
        """ISO 639-1 code declared by the page, else identified in ``body``
        (:func:`.language.page_language`)."""
        return page_language((self.tree.get("lang"),
                              self.tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                              self._first("content-language", "language", "dc.language", "og:locale"),
                              json_text(self.entity.get("inLanguage"))), body)

    def outlet_name(self, meta: Any) -> str | None:
        """The outlet's display name, never a host: ``og:site_name``, the JSON-LD ``publisher``
        name, ``application-name`` / ``dc.publisher``, the site's name at the end of the
        ``<title>`` ("Headline – Strait Talk") when the page's masthead (``rel=home`` link,
        ``site-title`` / ``brand`` element) agrees or has none, the masthead's name, then
        trafilatura's site name when it is a name and not the host it falls back to.

        Every page of a blog that puts its name in JSON-LD on one post only gets the same name
        from its title and masthead on the others, so one blog is one outlet. When the page
        names no outlet: its registered domain (``nytimes.com``; an IP address
        without its port), never ``host:port``.
        """
        sitename = getattr(meta, "sitename", None) or ""
        named = (self._first("og:site_name") or next(iter(self._names(self.entity.get("publisher"))), None)
                 or self._first("application-name", "dc.publisher"))
        if named:
            return named
        brands = self.mastheads()
        title = self.head_title() or ""
        suffix = _TITLE_SITE.search(title)
        if suffix and _is_name(suffix[1]) and (not brands or any(b.casefold() in suffix[1].casefold() for b in brands)):
            return suffix[1]
        return ((brands[0] if brands else None) or (sitename if "." not in sitename else None)
                or _domain_name(self.url))

    def description(self, meta: Any) -> str | None:
        """``og:description``, meta description, ``twitter:description``, JSON-LD
        ``description``, then trafilatura's."""
        return (self._first("og:description", "description", "twitter:description")
                or json_text(self.entity.get("description")) or getattr(meta, "description", None))

    def kind(self, canonical: str) -> str:
        """The document kind (:func:`.kind.document_kind`) of this page at ``canonical``."""
        genre = " ".join(json_text(v) or "" for key in ("genre", "articleSection")
                         for v in as_list(self.entity.get(key)))
        return document_kind(
            self.tree, schema_types=types(self.entity).union(*(types(item) for item in self.microdata)),
            genre=genre, paths=f"{urlsplit(self.url).path} {urlsplit(canonical).path}",
            titles=self.title_candidates(None), generator=self._first("generator") or "",
            host=urlsplit(canonical).hostname or "")

    def canonical_url(self) -> str:
        """``<link rel=canonical>``, ``og:url``, JSON-LD ``url`` or ``mainEntityOfPage``,
        resolved and normalised (:func:`.urls.canonical_url`); else the fetched URL normalised.
        Without an http(s) URL (a saved file, ``""``), relative ones are resolved against the
        page's own site, read from its absolute links (:func:`.urls.site_base`). Read once a page
        (a refused cross-domain candidate is logged once, not at every ask)."""
        return self._canonical

    @cached_property
    def _canonical(self) -> str:
        candidates = [link.get("href") for link in self.tree.xpath("//link[@rel][@href]")
                      if "canonical" in link.get("rel", "").lower().split()]
        main = self.entity.get("mainEntityOfPage")
        candidates += [*self.meta.get("og:url", []), self.entity.get("url"),
                       main.get("@id") if isinstance(main, dict) else main]
        base = None if urlsplit(self.url).scheme in ("http", "https") else site_base(self.tree)
        return canonical_url(candidates, self.url, base=base)

    def comments(self) -> tuple[ExtractedComment, ...]:
        """Replies (``Comment``, ``Answer``) from JSON-LD, then microdata; page order,
        duplicates (same author and text) dropped."""
        found: dict[tuple[str, str], ExtractedComment] = {}
        for item in walk([self.jsonld, self.microdata]):
            if not types(item) & _COMMENT_TYPES:
                continue
            text = plain(next(filter(None, (json_text(item.get(key), clean=False) for key in (
                "text", "commentText", "articleBody", "description"))), ""))
            if not text:
                continue
            names = [n for v in as_list(item.get("author")) for n in self._names(v)]
            author = names[0] if names else None
            published = parse_datetime(item.get("datePublished") or item.get("dateCreated"))
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
        return [n for n in map(json_text, as_list(value)) if n]


def _domain_name(url: str) -> str | None:
    """The registered domain of ``url`` (:func:`.urls.outlet_domain`), or its bare host when it
    has no public suffix (an IP address, ``localhost``): a port is no part of a name."""
    domain = outlet_domain(url)
    return (urlsplit(url).hostname if ":" in domain else domain) or None


def _is_name(text: str) -> bool:
    """A plausible outlet name: 2 to 60 characters, at most six words, not a sentence (no end
    punctuation), not a host name, with a capital letter (a headline's tail is lower-case)."""
    return (2 <= len(text) <= 60 and len(text.split()) <= 6 and not text.endswith((".", "?", "!", ":"))
            and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}(?::\d+)?", text) and any(c.isupper() for c in text))

