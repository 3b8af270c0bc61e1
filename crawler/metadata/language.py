"""The language of a page: declared in its markup, else identified from its text.

Declared: ``<html lang>``, ``xml:lang``, language meta tags (``content-language``,
``dc.language``, ``og:locale``), JSON-LD ``inLanguage``. Identified: py3langid (Lui & Baldwin
2012, "langid.py: An Off-the-shelf Language Identification Tool", ACL System Demonstrations)
on texts of at least :data:`MIN_CHARS` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import py3langid

__all__ = ["MIN_CHARS", "page_language"]

#: Texts shorter than this (characters) are too short to identify reliably: no guess.
MIN_CHARS = 50
_LANG = re.compile(r"^([a-zA-Z]{2})(?:$|[-_])")


def page_language(declared: Iterable[str | None], text: str) -> str | None:
    """ISO 639-1 code (``"en"``) of the first declared value that starts with one, else the
    language py3langid identifies in ``text``; None when neither gives one.

    Args:
        declared: values such as ``"en-GB"``, ``"fr_FR"``, most trusted first; None skipped.
        text (str): the document's main text.
    """
    for value in declared:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    if len(text) >= MIN_CHARS:
        return py3langid.classify(text)[0]
    return None
