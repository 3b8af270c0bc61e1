"""One entry point from fetched bytes to a document: HTML pages, PDF statements, API threads.

:func:`extract_document` is what the extraction step calls on every fetched (or archived) body.
It decides by the bytes alone, so that a stored raw page can be extracted again without its
headers: a PDF by its magic number (``%PDF-``); JSON by its shape (a Hacker News item, a Reddit
thread); anything else goes to :func:`crawler.extraction.extract`, the HTML extractor.
"""

from __future__ import annotations

import json

from ..extraction import DEFAULT_MIN_LENGTH, ExtractedDocument, Rejection, extract
from . import hackernews, reddit
from .pdf import pdf_document

__all__ = ["extract_document"]


def _json(body: bytes) -> object | None:
    head = body[:64].lstrip()
    if not head[:1] in (b"{", b"["):
        return None
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def extract_document(body: bytes, url: str, *, min_length: int = DEFAULT_MIN_LENGTH) -> ExtractedDocument | Rejection:
    """The document in ``body`` fetched from ``url``.

    Args:
        body: the response body as received.
        url: the URL fetched (after redirects).
        min_length: fewest characters of main text of a page or PDF; an API thread is kept for
            its comments whatever the length of its opening post.

    Returns:
        ExtractedDocument | Rejection: as :func:`crawler.extraction.extract` returns them; a PDF
        is a ``statement`` (:func:`crawler.sources.pdf.pdf_document`), a Hacker News item or
        Reddit thread a ``thread`` with its comments.
    """
    if isinstance(body, bytes) and body.startswith(b"%PDF-"):
        return pdf_document(body, url, min_length=min_length)
    data = _json(body) if isinstance(body, bytes) else None
    if data is not None:
        if hackernews.is_item(data):
            return hackernews.thread_document(data, url)
        if reddit.is_thread(data):
            return reddit.thread_document(data, url)
    return extract(body, url, min_length=min_length)
