"""trafilatura's metadata heuristics and htmldate, run lazily: each field only when asked.

:class:`crawler.metadata.PageMetadata` answers every field from the page's structured data
first; trafilatura's heuristics (title from ``<h1>``/``<title>``, bylines in the markup, site
name) and htmldate's date search are its last resort. ``trafilatura.extract_metadata`` computes
them all on every page, htmldate's extensive search included (the costliest part of extraction
after the main text): here each is computed on first access only, so a page whose JSON-LD gives
the date never runs htmldate. The values are those ``extract_metadata`` would give (same
functions, same order: meta tags, then JSON-LD, then the markup).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import lxml.html

__all__ = ["LazyTrafilaturaMetadata"]

#: htmldate parameters: the first publication date (not the last modification), extensive search
#: (dates in free text too), ISO 8601 output with the zone when the page gives one.
DATE_PARAMS = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


class LazyTrafilaturaMetadata:
    """The attributes of trafilatura's metadata ``Document`` that :class:`PageMetadata` reads,
    each computed when first read.

    Attributes (all ``str | None``): ``title``, ``author`` (``"; "``-separated names, cleaned by
    trafilatura's ``normalize_authors``), ``sitename``, ``description``, ``date`` (htmldate's
    date, ISO 8601).

    Args:
        tree (lxml.html.HtmlElement): the parsed page; never modified (htmldate and trafilatura's
            byline search work on copies).
        url (str | None): the page's http(s) URL, or None; htmldate reads dates in URLs.
    """

    def __init__(self, tree: lxml.html.HtmlElement, url: str | None) -> None:
        self._tree, self._url = tree, url

    @cached_property
    def _meta(self) -> Any:
        """Meta tags, then JSON-LD, as ``trafilatura.metadata.extract_metadata`` reads them."""
        from trafilatura.metadata import examine_meta, extract_meta_json

        metadata = examine_meta(self._tree)
        if metadata.author and " " not in metadata.author:  # as extract_metadata: a handle, not a name
            metadata.author = None
        try:
            metadata = extract_meta_json(self._tree, metadata)
        except Exception:  # noqa: BLE001 - as extract_metadata: bugs in its JSON reader are skipped
            pass
        return metadata

    @cached_property
    def title(self) -> str | None:
        from trafilatura.metadata import extract_title

        return self._meta.title or extract_title(self._tree)

    @cached_property
    def author(self) -> str | None:
        from trafilatura.metadata import extract_author

        return self._meta.author or extract_author(self._tree)

    @cached_property
    def sitename(self) -> str | None:
        from trafilatura.metadata import extract_sitename

        name = self._meta.sitename or extract_sitename(self._tree)
        if name:
            name = name.lstrip("@")
            if name and "." not in name and not name[0].isupper():
                name = name.title()
        return name or None

    @cached_property
    def description(self) -> str | None:
        return self._meta.description

    @cached_property
    def date(self) -> str | None:
        from htmldate import find_date

        try:
            return find_date(self._tree, url=self._url, **DATE_PARAMS)
        except Exception:  # noqa: BLE001 - a date search failing is no reason to lose the page
            return None
