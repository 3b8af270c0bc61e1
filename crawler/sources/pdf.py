"""Official statements published as PDF: text and metadata with pypdf.

pypdf (pure Python, maintained by the py-pdf organisation) reads the text of each page
(``PdfReader.pages[i].extract_text()``) and the document information dictionary (``/Title``,
``/Author``, ``/CreationDate``). Lines are joined into paragraphs where a line does not end a
sentence (PDF text is laid out in lines, not paragraphs); a word hyphenated across lines is
joined. A PDF is a ``statement``: press offices and ministries publish them.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import timezone
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from ..errors import Reasons
from ..extraction import ExtractedDocument, Rejection
from ..metadata.language import page_language
from ..metadata.urls import normalise_url, outlet_domain

__all__ = ["MAX_PAGES", "pdf_document", "pdf_paragraphs"]

#: Pages read at most (statements are short; a 500-page report is read in its first part).
MAX_PAGES = 200
_SENTENCE_END = re.compile(r"[.!?:;\u201d\"')\]]$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:/|of)\s*\d+)?$", re.IGNORECASE)


def pdf_paragraphs(page_texts: list[str]) -> list[str]:
    """Paragraphs of a PDF's page texts: lines joined until one ends a sentence or a blank line
    comes; bare page numbers dropped; ``exam-\\nple`` joined as ``example``."""
    paragraphs: list[str] = []
    current = ""
    for text in page_texts:
        for raw in text.splitlines():
            line = " ".join(raw.split())
            if not line or _PAGE_NUMBER.match(line):
                if not line and current:
                    paragraphs.append(current)
                    current = ""
                continue
            if current.endswith("-") and line[:1].islower():
                current = current[:-1] + line
            else:
                current = f"{current} {line}" if current else line
            if _SENTENCE_END.search(line):
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
            current = ""
    return paragraphs


def _without_first_line(texts: list[str]) -> list[str]:
    """``texts`` without their first non-blank line."""
    for n, text in enumerate(texts):
        lines = text.splitlines()
        for m, line in enumerate(lines):
            if line.strip():
                return texts[:n] + ["\n".join(lines[m + 1:])] + texts[n + 1:]
    return texts


def _title_from(url: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).stem
    return " ".join(re.split(r"[-_]+", name)).strip()


def pdf_document(body: bytes, url: str, *, min_length: int = 0) -> ExtractedDocument | Rejection:
    """The text and metadata of a PDF statement.

    Args:
        body: the PDF file's bytes.
        url: where it was fetched from (canonical URL and outlet).
        min_length: fewest characters of text; fewer is ``too-short`` (a scanned PDF has no text layer).

    Returns:
        ExtractedDocument | Rejection: kind ``statement``; title from ``/Title``, else the
        first line when short (and the first line is left out of the text when it is the
        title), else the file name; date from ``/CreationDate`` (UTC);
        ``parse-error`` for a PDF pypdf cannot read, ``no-body`` for one without text.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on sloppy files are per object
    try:
        reader = PdfReader(io.BytesIO(body))
        texts = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
        info = reader.metadata
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        return Rejection(url=url, reason=Reasons.PARSE_ERROR.code,
                         detail=Reasons.PARSE_ERROR.describe(error=f"PDF: {type(exc).__name__}: {exc}"[:300]))
    title = " ".join(((info.title or "") if info else "").split())
    first = next((" ".join(line.split()) for text in texts for line in text.splitlines() if line.strip()), "")
    # A short first line that ends no sentence is a heading (PDF text has no markup to tell it
    # from the body): the title when the file names none, else a paragraph of its own.
    heading = first if first and len(first) <= 200 and not _SENTENCE_END.search(first) else ""
    if heading:
        texts = _without_first_line(texts)
    paragraphs = pdf_paragraphs(texts)
    if heading and not title:
        title = heading
    elif heading and heading.lower() != title.lower():
        paragraphs.insert(0, heading)
    text = "\n".join(paragraphs)
    if not text:
        return Rejection(url=url, reason=Reasons.NO_BODY.code, detail=Reasons.NO_BODY.describe(chars=0))
    if len(text) < min_length:
        return Rejection(url=url, reason=Reasons.TOO_SHORT.code,
                         detail=Reasons.TOO_SHORT.describe(chars=len(text), min_length=min_length))
    title = title or _title_from(url)
    published = None
    try:
        published = info.creation_date if info else None
    except (ValueError, TypeError):  # a malformed /CreationDate
        published = None
    if published is not None:
        published = (published.replace(tzinfo=timezone.utc) if published.tzinfo is None
                     else published.astimezone(timezone.utc))
    author = (info.author or "").strip() if info else ""
    canonical = normalise_url(url)
    return ExtractedDocument(
        url=url, canonical_url=canonical, title=" ".join(title.split()), authors=(author,) if author else (),
        published_at=published, language=page_language([], text), outlet=outlet_domain(canonical),
        outlet_name=None, kind="statement", text=text, description=None, comments=())
