"""Hacker News through its search API (Algolia HN Search): stories matching a query, and threads.

Two calls of the API (documented at its ``/api`` page):

- ``/api/v1/search?query=Q&tags=story&hitsPerPage=N&page=P&numericFilters=created_at_i>T``:
  ``{"hits": [{"objectID", "title", "url", "author", "points", "num_comments", "story_text",
  "created_at", "created_at_i"}], "nbHits", "page", "nbPages", "hitsPerPage"}``; pages count from 0.
- ``/api/v1/items/ID``: one item with its replies nested:
  ``{"id", "type": "story", "title", "url", "text", "author", "created_at_i", "points",
  "children": [{"id", "type": "comment", "author", "text", "created_at_i", "parent_id",
  "children": [...]}]}``; ``text`` is HTML; a deleted comment has ``text`` and ``author`` null.

:func:`thread_document` turns an item into a ``thread`` document whose comments are every reply,
depth first (a reply follows its parent), each with its author and time.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlencode

from ..extraction import ExtractedDocument
from ..metadata.language import page_language
from ..metadata.page import ExtractedComment

__all__ = ["HN_ITEM_PAGE", "HnStory", "is_item", "item_url", "parse_search", "search_url", "thread_document"]

#: The discussion page of an item on Hacker News itself: the thread's canonical URL (a link
#: for readers, never fetched).
HN_ITEM_PAGE = "https://news.ycombinator.com/item?id={id}"
#: Most hits one search page gives (the API's maximum ``hitsPerPage`` is 1,000; 100 keeps answers small).
HITS_PER_PAGE = 100
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p\s*/?>|<br\s*/?>|</p>", re.IGNORECASE)


@dataclass(frozen=True)
class HnStory:
    """One search hit: a story.

    Attributes:
        id (str): the item id (``objectID``).
        title (str | None), url (str | None): the story's title and linked article (None for
            an Ask HN text post).
        author (str | None), points (int), comments (int): as the API gives them.
        created (str | None): ISO 8601 UTC.
    """

    id: str
    title: str | None
    url: str | None
    author: str | None
    points: int
    comments: int
    created: str | None


def _iso(timestamp: object) -> str | None:
    if isinstance(timestamp, (int, float)) and not isinstance(timestamp, bool):
        return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def search_url(base_url: str, query: str, *, page: int = 0, since: datetime | None = None,
               until: datetime | None = None, per_page: int = HITS_PER_PAGE) -> str:
    """A search call for stories matching ``query``.

    Args:
        base_url: the API root (setting ``hn_api_url``, e.g. ``https://hn.algolia.com/api/v1``).
        query: the profile's query.
        page: result page, from 0.
        since, until: only stories created in ``[since, until)`` (UTC), when given.
        per_page: hits per page.
    """
    params = {"query": query, "tags": "story", "hitsPerPage": str(per_page), "page": str(page)}
    filters = []
    if since is not None:
        filters.append(f"created_at_i>={int(since.timestamp())}")
    if until is not None:
        filters.append(f"created_at_i<{int(until.timestamp())}")
    if filters:
        params["numericFilters"] = ",".join(filters)
    return f"{base_url.rstrip('/')}/search?{urlencode(params)}"


def item_url(base_url: str, item_id: str) -> str:
    """The API call of one item with its replies."""
    return f"{base_url.rstrip('/')}/items/{item_id}"


def parse_search(body: bytes) -> tuple[list[HnStory], int]:
    """The stories of a search answer and its number of pages (``nbPages``).

    Raises:
        ValueError: the answer is not JSON with a ``hits`` list.
    """
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise ValueError("a Hacker News search answer has a `hits` list")
    stories = []
    for hit in data["hits"]:
        if not isinstance(hit, dict) or hit.get("objectID") in (None, ""):
            continue
        stories.append(HnStory(
            id=str(hit["objectID"]), title=hit.get("title") or None, url=hit.get("url") or None,
            author=hit.get("author") or None, points=int(hit.get("points") or 0),
            comments=int(hit.get("num_comments") or 0), created=_iso(hit.get("created_at_i"))))
    pages = data.get("nbPages", 1)
    return stories, pages if isinstance(pages, int) and pages > 0 else 1


def is_item(data: object) -> bool:
    """Whether parsed JSON is an item answer (``/items/ID``) of a story, poll or comment."""
    return isinstance(data, dict) and "id" in data and "children" in data and data.get("type") in (
        "story", "poll", "comment", "job")


def plain_text(markup: str | None) -> str:
    """HN's comment HTML (``<p>`` between paragraphs, links, ``<i>``, entities) as plain text,
    one paragraph per line."""
    if not markup:
        return ""
    text = _TAG.sub("", _PARAGRAPH.sub("\n", markup))
    lines = (" ".join(html.unescape(line).split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _replies(node: dict) -> list[ExtractedComment]:
    out = []
    for child in node.get("children") or ():
        if not isinstance(child, dict):
            continue
        text = plain_text(child.get("text"))
        if text:  # a deleted or flagged comment has no text, but its replies stand
            created = child.get("created_at_i")
            out.append(ExtractedComment(
                author=child.get("author") or None, text=text,
                published_at=datetime.fromtimestamp(created, tz=timezone.utc) if isinstance(created, int) else None))
        out.extend(_replies(child))
    return out


def thread_document(data: dict, url: str) -> ExtractedDocument:
    """An item answer as a ``thread`` document: the story (title, its text or its link) and
    every reply as a comment, depth first.

    Args:
        data: the parsed ``/items/ID`` answer (:func:`is_item`).
        url: the API URL it was fetched from.

    Returns:
        ExtractedDocument: canonical URL the item's page on Hacker News (:data:`HN_ITEM_PAGE`),
        outlet ``news.ycombinator.com``, kind ``thread``.
    """
    title = " ".join(str(data.get("title") or "").split()) or None
    body = plain_text(data.get("text"))
    if not body:
        body = "\n".join(part for part in (title, data.get("url")) if part)
    comments = tuple(_replies(data))
    created = data.get("created_at_i")
    sample = " ".join([body, *(c.text for c in comments[:20])])
    return ExtractedDocument(
        url=url, canonical_url=HN_ITEM_PAGE.format(id=data["id"]), title=title,
        authors=(data["author"],) if data.get("author") else (),
        published_at=datetime.fromtimestamp(created, tz=timezone.utc) if isinstance(created, int) else None,
        language=page_language([], sample), outlet="news.ycombinator.com", outlet_name="Hacker News",
        kind="thread", text=body, description=None, comments=comments)
