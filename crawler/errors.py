"""Catalogue of the crawler package's messages: one code, one line of text, what to do.

Modelled on spaCy's ``errors.py``: code and wording live here, call sites only pick a code and
fill in the fields. Extraction rejections (:class:`crawler.extraction.Rejection`) use the short
codes below as their ``reason``; the text becomes their one-line ``detail``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One catalogue entry.

    Attributes:
        code (str): stable short code, stored with a failure and matched on by callers.
        text (str): ``str.format`` template of the one-line explanation.
        hint (str): what an operator can do about it.
    """

    code: str
    text: str
    hint: str

    def format(self, **fields: object) -> str:
        """Return ``text`` with ``fields`` filled in, on one line.

        Args:
            **fields: values for the template's ``{placeholders}``.

        Returns:
            str: the message, newlines replaced by spaces.

        Raises:
            KeyError: when a placeholder of the template has no value.
        """
        return " ".join(self.text.format(**fields).split())


# Reasons why extraction turned a page down (``Rejection.reason``).
NOT_HTML = "not-html"
EMPTY = "empty"
NO_BODY = "no-body"
TOO_SHORT = "too-short"
PARSE_ERROR = "parse-error"
HOME_PAGE = "home-page"
#: Rejections that are decisions about a page, not failures of its URL.
NOT_FAILURES = frozenset({HOME_PAGE})

REJECTIONS: dict[str, Message] = {
    NOT_HTML: Message(
        NOT_HTML,
        "content looks like {what}, not HTML",
        "Only HTML pages are extracted; drop the URL or fetch its HTML version.",
    ),
    EMPTY: Message(
        EMPTY,
        "{what}",
        "The server sent nothing readable (blocked, placeholder or script-only page); "
        "refetch later or render the page before extraction.",
    ),
    NO_BODY: Message(
        NO_BODY,
        "no main text found among {chars} characters of visible page text",
        "The page is probably an index, a gallery or a login wall; it is not a document.",
    ),
    TOO_SHORT: Message(
        TOO_SHORT,
        "body has {chars} characters, below min_length={min_length}",
        "Lower min_length to keep short items such as briefs or statements.",
    ),
    HOME_PAGE: Message(
        HOME_PAGE,
        "{path} is a site's home page: it lists documents, it is not one",
        "Nothing to do: the articles it links to are crawled from feeds and sitemaps.",
    ),
    PARSE_ERROR: Message(
        PARSE_ERROR,
        "the page could not be parsed: {error}",
        "Keep the raw HTML and report the page if the error repeats.",
    ),
}
