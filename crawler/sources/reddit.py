"""Reddit threads as JSON: a thread's page with ``.json`` appended.

``/r/SUB/comments/ID/SLUG/.json`` (or ``/comments/ID.json``) answers a two-element array of
Listings: ``[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id", "title",
"selftext", "author", "created_utc", "permalink", "url", "subreddit"}}]}}, {"kind": "Listing",
"data": {"children": [{"kind": "t1", "data": {"id", "author", "body", "created_utc",
"replies": "" | Listing}}, {"kind": "more", ...}]}}]``. A deleted comment's body is
``[deleted]`` or ``[removed]``; ``more`` stubs (replies not sent) are skipped.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

from ..extraction import ExtractedDocument
from ..metadata.language import page_language
from ..metadata.page import ExtractedComment

__all__ = ["is_thread", "thread_document", "thread_json_url"]

_GONE = {"[deleted]", "[removed]", ""}
_THREAD_PATH = re.compile(r"/comments/[A-Za-z0-9]+")


def thread_json_url(base_url: str, thread: str) -> str:
    """The JSON URL of a thread the profile lists.

    Args:
        base_url: the site root (setting ``reddit_url``); used when ``thread`` is a path
            (``r/MachineLearning/comments/1abcde/slug`` or ``comments/1abcde``).
        thread: a thread's URL or path.

    Raises:
        ValueError: ``thread`` names no ``/comments/ID`` thread.
    """
    if "://" not in thread:
        thread = f"{base_url.rstrip('/')}/{thread.lstrip('/')}"
    parts = urlsplit(thread)
    if not _THREAD_PATH.search(parts.path):
        raise ValueError(f"{thread!r} is not a Reddit thread (its path has no /comments/ID)")
    path = parts.path.rstrip("/")
    if not path.endswith(".json"):
        path += ".json"
    return urlunsplit((parts.scheme, parts.netloc, path, "raw_json=1", ""))


def is_thread(data: object) -> bool:
    """Whether parsed JSON is a thread answer: two Listings, the first holding a ``t3`` post."""
    if not (isinstance(data, list) and len(data) == 2 and all(isinstance(x, dict) for x in data)):
        return False
    if not all(x.get("kind") == "Listing" for x in data):
        return False
    children = (data[0].get("data") or {}).get("children") or []
    return bool(children) and isinstance(children[0], dict) and children[0].get("kind") == "t3"


def _moment(value: object) -> datetime | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    return None


def _comments(listing: object) -> list[ExtractedComment]:
    out: list[ExtractedComment] = []
    if not isinstance(listing, dict):
        return out  # "" when a comment has no replies
    for child in (listing.get("data") or {}).get("children") or ():
        if not isinstance(child, dict) or child.get("kind") != "t1":
            continue
        data = child.get("data") or {}
        body = str(data.get("body") or "").strip()
        if body not in _GONE:
            text = "\n".join(" ".join(line.split()) for line in body.splitlines() if line.strip())
            author = data.get("author")
            out.append(ExtractedComment(author=None if author in (None, "[deleted]") else author,
                                        published_at=_moment(data.get("created_utc")), text=text))
        out.extend(_comments(data.get("replies")))
    return out


def thread_document(data: list, url: str) -> ExtractedDocument:
    """A thread answer (:func:`is_thread`) as a ``thread`` document with every comment, depth first.

    Returns:
        ExtractedDocument: canonical URL the thread's page (from ``permalink``, on the host it
        was fetched from), outlet ``reddit.com``, the subreddit in ``outlet_name``.
    """
    post = data[0]["data"]["children"][0]["data"]
    parts = urlsplit(url)
    permalink = post.get("permalink") or parts.path.removesuffix(".json")
    canonical = urlunsplit((parts.scheme, parts.netloc, permalink, "", ""))
    title = " ".join(str(post.get("title") or "").split()) or None
    body = "\n".join(" ".join(line.split()) for line in str(post.get("selftext") or "").splitlines() if line.strip())
    if not body:
        link = post.get("url") if post.get("url") and post.get("url") != canonical else None
        body = "\n".join(part for part in (title, link) if part)
    comments = tuple(_comments(data[1]))
    author = post.get("author")
    subreddit = post.get("subreddit")
    return ExtractedDocument(
        url=url, canonical_url=canonical, title=title,
        authors=(author,) if author and author != "[deleted]" else (),
        published_at=_moment(post.get("created_utc")),
        language=page_language([], " ".join([body, *(c.text for c in comments[:20])])),
        outlet="reddit.com", outlet_name=f"r/{subreddit}" if subreddit else "Reddit", kind="thread",
        text=body, description=None, comments=comments)
