"""Read the metadata of one parsed HTML page: title, authors, dates, language, kind, URLs.

Like :func:`crawler.extraction.extract`, its only caller, pure: no Scrapy, no database, no
network. One module per job:

- :mod:`.page`: :class:`PageMetadata`, which answers each metadata field of
  :class:`crawler.extraction.ExtractedDocument` from the sources below, most trusted first;
  :class:`ExtractedComment`.
- :mod:`.structured`: schema.org JSON-LD and microdata (microdata read with extruct),
  OpenGraph and ``article:*`` meta tags.
- :mod:`.dates`: the crawler's one date helper, every datetime in UTC. Publication dates come
  from JSON-LD ``datePublished``, then ``article:published_time``, then htmldate (Barbaresi
  2020, "htmldate: A Python package to extract publication dates from web pages", JOSS 5(51))
  with ``original_date=True``, run only when the structured data gives no date
  (:mod:`.fallback`). Numeric dates are read in the page's locale (en-GB day first) and
  cross-checked against the dates the page shows.
- :mod:`.authors`: author names cleaned of "By", job titles, "for OUTLET", e-mail addresses and
  CJK reporter labels (记者 ...).
- :mod:`.fallback`: trafilatura's metadata heuristics and htmldate, each run lazily, only for a
  field the structured data lacks.
- :mod:`.urls`: canonical URLs (courlan: tracking parameters dropped, query sorted, host
  lower-cased, no fragment) and the outlet, the registered domain by the Public Suffix List
  snapshot shipped with tldextract; a page saved without its URL resolves a relative canonical
  against its own site, read from its absolute links.
- :mod:`.titles`: the headline, cleaned of site names, bylines, section labels, kickers and
  truncation, ``og:title`` first.
- :mod:`.language`: ``<html lang>`` and language meta tags, else py3langid on the text.
- :mod:`.kind`: schema.org types, press-office URL paths and labels, forum and blog software.
"""

from __future__ import annotations

from crawler.text import text_key

from .dates import UTC, as_utc, parse_datetime
from .page import ExtractedComment, PageMetadata
from .structured import json_text
from .urls import normalise_url, outlet_domain

__all__ = ["UTC", "ExtractedComment", "PageMetadata", "as_utc", "json_text", "normalise_url", "outlet_domain",
           "parse_datetime", "text_key"]
