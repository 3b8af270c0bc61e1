"""Structured data of a page: ``<meta>`` tags, schema.org JSON-LD and microdata.

Readers here only collect what a page declares; :class:`crawler.metadata.PageMetadata` decides
which value answers which field. Microdata items (read with extruct's ``MicrodataExtractor``)
are turned into JSON-LD-shaped dicts (``@type`` plus properties) so both are read alike. A
broken JSON-LD script or unreadable microdata is skipped, never fatal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from .kind import KIND_BY_TYPE
from .urls import normalise_url

__all__ = ["as_list", "json_text", "jsonld_objects", "main_entity", "meta_tags", "microdata", "plain",
           "types", "walk"]

_WS = re.compile(r"\s+")
_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased ``property`` / ``name`` / ``itemprop`` /
    ``http-equiv``, in page order."""
    tags: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]"):
        for key in filter(None, map(element.get, ("property", "name", "itemprop", "http-equiv"))):
            tags.setdefault(key.strip().lower(), []).append(element.get("content"))
    return tags


def jsonld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    """Top-level JSON-LD objects of every ``application/ld+json`` script, ``@graph`` members
    spliced in. A broken script is skipped alone (extruct drops every script of the page on
    one error)."""
    for script in tree.xpath("//script[@type]"):
        if "ld+json" not in script.get("type", "").lower():
            continue
        for data in _loads_lenient(script.text or ""):
            for item in as_list(data):
                if isinstance(item, dict) and isinstance(item.get("@graph"), list):
                    yield from (g for g in item["@graph"] if isinstance(g, dict))
                elif isinstance(item, dict):
                    yield item


def _loads_lenient(raw: str) -> list[Any]:
    """Parse a JSON-LD script that may be wrapped in HTML comments or CDATA, carry trailing
    commas, or hold several values one after another; ``[]`` when nothing parses."""
    raw = _WRAPPER.sub("", raw.strip())
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
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


def microdata(tree: lxml.html.HtmlElement, url: str) -> list[dict]:
    """schema.org microdata items (extruct, nested) as JSON-LD-shaped dicts; ``[]`` when
    unreadable."""
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


def main_entity(objects: list[dict], url: str) -> dict:
    """The object describing the page's document, ``{}`` if none.

    Article-like types only (:data:`crawler.metadata.kind.KIND_BY_TYPE`), at the top or under
    ``mainEntity``; the one naming ``url`` (its ``url`` or ``mainEntityOfPage``) first, then
    the most complete (headline, datePublished, author), then the first in page order.
    """
    candidates = [item for obj in objects for item in [obj, *as_list(obj.get("mainEntity"))]
                  if isinstance(item, dict) and types(item) & set(KIND_BY_TYPE)]
    here = normalise_url(url)

    def score(item: dict) -> int:
        main = item.get("mainEntityOfPage")
        urls = [item.get("url"), main.get("@id") if isinstance(main, dict) else main]
        named = any(isinstance(u, str) and normalise_url(urljoin(url, u)) == here for u in urls)
        return 4 * named + sum(bool(item.get(k)) for k in ("headline", "datePublished", "author"))

    return max(candidates, key=score, default={})  # max keeps the first of equal scores


def walk(value: Any) -> Iterator[dict]:
    """Every dict inside ``value``, depth first (replies follow the comment they answer)."""
    if isinstance(value, dict):
        yield value
        value = list(value.values())
    if isinstance(value, list):
        for child in value:
            yield from walk(child)


def types(item: Any) -> set[str]:
    """schema.org type names of an object (``{"NewsArticle"}``), without the vocabulary URL."""
    raw = item.get("@type") if isinstance(item, dict) else None
    return {str(t).rstrip("/").rsplit("/", 1)[-1] for t in as_list(raw) if t}


def as_list(value: Any) -> list:
    """``value`` as a list: ``[]`` for None, itself for a list, else ``[value]``."""
    return [] if value is None else value if isinstance(value, list) else [value]


def json_text(value: Any, *, clean: bool = True) -> str | None:
    """The string in a JSON-LD value (string, list, ``{"@value": ...}``, ``{"name": ...}``).

    Args:
        value (Any): the value as parsed.
        clean (bool): decode HTML entities (some sites escape twice) and collapse whitespace
            to one line. Default True.

    Returns:
        str | None: the string; None when there is none (or, with ``clean``, only whitespace).
    """
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if not isinstance(value, str) or not clean:
        return value if isinstance(value, str) else None
    return _WS.sub(" ", unescape(value) if "&" in value else value).strip() or None


def plain(text: str) -> str:
    """Text of a value that may hold HTML markup (JSON-LD comment bodies often do), entities
    decoded, whitespace collapsed."""
    if "<" in text and ">" in text:
        try:
            text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
        except (lxml.etree.ParserError, ValueError):
            pass
    return _WS.sub(" ", unescape(text)).strip()
