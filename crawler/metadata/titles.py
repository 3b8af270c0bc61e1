"""The headline of a page: candidates from every source, each cleaned of what is not headline.

A page states its headline several times: ``og:title`` / ``twitter:title``, the JSON-LD
``headline``, the ``<title>`` element, the ``<h1>``. Each carries its own faults, seen on the
publisher test pages (fundus) and the article-extraction benchmark:

- site names around it: "Headline | The Gateway Pundit | by Cristina Laila", "Headline * Site *
  by Author", "Headline - Daily Star", "BBC News - Headline", "Headline | Express.co.uk"; a site
  name is one the page declares (``og:site_name``, ``application-name``, the JSON-LD publisher,
  the masthead) or its registered domain spelled with spaces ("The Anti-June Cleaver" on
  ``theantijunecleaver.com``);
- section names beside the site name ("Headline | Politics News | Metro News",
  "... | Editorial | Opinion | The Guardian") or alone when the page declares that section
  (``article:section`` "Opinion": "Opinion | Republicans Are ..."; "... - Auto News");
- a kicker before the headline that another source gives without it ("Culture Council: What an
  American Crime Film ..." beside the headline "What an American Crime Film ...");
- a truncated form ending in an ellipsis ("Google's Search makeover…") when another source
  gives it whole;
- the site's own name as the only ``<h1>`` (a masthead), taken by trafilatura for the headline;
- ``<title>`` text glued to the ``<title>`` elements of inline SVG icons (read ``<head>``'s only).

:func:`title_candidates` cleans each candidate of these and returns them most trusted first.
Which source wins when they disagree (a social ``og:title`` beside a search-engine ``headline``)
is a choice, not a fault: ``og:title`` first, as measured on the publisher pages
(``benchmarks/extraction.py``: the fundus expectations follow ``og:title`` on 44 of 53 pages and
the JSON-LD headline on 37, typography folded; no rule over the sources' agreement does better,
because the same pattern of agreement has the one answer on some publishers and the other on
others).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.text import text_key

__all__ = ["clean_title", "fold", "title_candidates", "typography_key"]

#: Separators between a headline and a site or section name, surrounded by spaces.
_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\-\u00b7*\u2022\u00bb\u203a~\u22c6/]\s+")
#: A byline segment ("by Cristina Laila", "von ...", "par ...").
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door)\s+\S", re.IGNORECASE)
#: A kicker before a colon: at most four words ("Culture Council: ", "Exclusive: ").
_KICKER = re.compile(r"^\s*(\S+(?:\s+\S+){0,3}?)\s*[:|]\s+(\S.*)$")
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*$")
#: Words that may follow an outlet's name in its masthead without being part of its domain.
_SITE_TAIL = {"online", "news", "com", "co", "uk", "org", "net", "in", "au", "ca", "ie", "us", "de", "fr"}
#: Typographic variants folded by :func:`typography_key`.
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u2013": "-",
                             "\u2014": "-", "\u2026": "...", "\u00a0": " "})


def fold(text: str) -> str:
    """Letters and digits of ``text``, case-folded, nothing else: ``"Express.co.uk"`` ->
    ``"expresscouk"``; the key on which site names are compared."""
    return "".join(re.findall(r"\w+", text.casefold()))


def typography_key(text: str | None) -> str:
    """Comparison key of a headline: curly quotes, primes, en and em dashes, the ellipsis
    character and no-break spaces folded to their ASCII forms, whitespace collapsed. Two
    headlines with the same key are the same headline typeset differently."""
    return " ".join((text or "").translate(_TYPOGRAPHY).split())


def _is_site(segment: str, sites: set[str], domain_label: str) -> bool:
    """Whether ``segment`` names the site: equal, letters and digits only, to a declared site name
    (without a leading "the"), or to the domain's first label once "the" and masthead words like
    "Online", "News", ".co.uk" are dropped ("Mirror Online" on mirror.co.uk)."""
    words = re.findall(r"\w+", segment.casefold())
    if not words or len(words) > 6:
        return False
    key = "".join(words)
    if key in sites or key.removeprefix("the") in sites:
        return True
    if len(domain_label) < 3:
        return False
    while len(words) > 1 and words[-1] in _SITE_TAIL:
        words.pop()
    key = "".join(words)
    return domain_label in (key, "the" + key, key.removeprefix("the"))


def _is_label(segment: str) -> bool:
    """A section label: one to three words, each starting with a capital or a digit."""
    words = segment.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def clean_title(title: str, *, sites: set[str], sections: set[str], domain_label: str) -> str:
    """``title`` without the site name, bylines and section labels around it.

    Args:
        title (str): one headline candidate.
        sites (set[str]): the page's site names, :func:`fold`-ed, without a leading "the".
        sections (set[str]): the page's declared sections (``article:section``,
            ``articleSection``), :func:`fold`-ed.
        domain_label (str): the first label of the registered domain (``"mirror"`` for
            ``mirror.co.uk``), the site's name when it declares none.

    Returns:
        str: the headline; ``title`` itself (whitespace collapsed) when nothing is to be cut,
        and never less than one segment.

    Trailing segments (after " | ", " - ", " – ", " * ", ...) are cut from the last one that is
    the site name, with the bylines after it and the short section labels before it ("Headline
    | Royal | News | Express.co.uk"); a leading site name, with one label after it, likewise.
    Without a site name, only a segment equal to a declared section or a byline is cut.
    """
    title = " ".join(title.split())
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    segments = [p.strip() for p in parts]

    def site(s: str) -> bool:
        return _is_site(s, sites, domain_label)

    def section(s: str) -> bool:
        return fold(s) in sections

    def cut_tail(segs: list[str]) -> list[str]:
        last_site = max((i for i in range(1, len(segs)) if site(segs[i])), default=None)
        if last_site is not None and all(_BYLINE.match(s) or site(s) or section(s) for s in segs[last_site + 1:]):
            end = last_site
            while end > 1 and (section(segs[end - 1]) or _is_label(segs[end - 1]) or site(segs[end - 1])):
                end -= 1
            return segs[:end]
        end = len(segs)
        while end > 1 and (_BYLINE.match(segs[end - 1]) or section(segs[end - 1])):
            end -= 1
        return segs[:end]

    def cut_head(segs: list[str]) -> list[str]:
        start = 0
        if len(segs) > 1 and site(segs[0]):
            start = 1
            if len(segs) > 2 and (section(segs[1]) or _is_label(segs[1])):
                start = 2
        elif len(segs) > 1 and section(segs[0]):
            start = 1
        return segs[start:]

    kept = cut_head(cut_tail(segments))
    if not kept:
        return title
    if kept == segments:
        return title
    # rebuild with the page's own separators between the kept segments
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if start >= 0 and end > start else " | ".join(kept)


def title_candidates(raw: Iterable[str | None], *, sites: Iterable[str | None] = (),
                     sections: Iterable[str | None] = (), domain_label: str = "",
                     references: Iterable[str | None] = ()) -> list[str]:
    """Headline candidates, cleaned, most trusted first, without duplicates.

    Args:
        raw (Iterable[str | None]): candidates in order of trust (``og:title``, JSON-LD
            ``headline``, trafilatura's title, ``<title>``); None and blanks are skipped.
        sites (Iterable[str | None]): the page's site names (``og:site_name``, publisher,
            ``application-name``, masthead).
        sections (Iterable[str | None]): declared sections (``article:section``,
            ``articleSection``).
        domain_label (str): the first label of the page's registered domain (``""`` if none).
        references (Iterable[str | None]): other statements of the headline used only to
            repair a candidate (``<h1>`` texts): a kicker or a truncation is judged against
            them and the other candidates, and a repaired candidate takes the reference's text.

    Returns:
        list[str]: the cleaned candidates (:func:`clean_title`), each repaired: one ending in
        an ellipsis whose stem begins a longer candidate or reference is replaced by that; one
        that is a short kicker ("Culture Council: ") before another candidate or reference loses
        the kicker. A candidate that is only the site's name is dropped. The first is the
        document's title.
    """
    site_keys = {k.removeprefix("the") for k in (fold(s) for s in sites if s) if k}
    section_keys = {k for k in (fold(s) for s in sections if s) if k}
    options = {"sites": site_keys, "sections": section_keys, "domain_label": domain_label.casefold()}
    cleaned = [clean_title(t, **options) for t in raw if t and t.strip()]
    others = [*cleaned, *(clean_title(r, **options) for r in references if r and r.strip())]
    found: list[str] = []
    keys: set[str] = set()
    for title in cleaned:
        if _is_site(title, site_keys, options["domain_label"]) and len(title.split()) <= 4:
            continue
        title = _untruncated(title, others)
        title = _without_kicker(title, others)
        key = text_key(typography_key(title))
        if key not in keys:
            keys.add(key)
            found.append(title)
    return found


def _untruncated(title: str, others: list[str]) -> str:
    """The whole headline for a truncated one ("Google's Search makeover…"): the shortest
    other candidate that begins with its stem (typography folded) and is longer."""
    match = _ELLIPSIS.search(title)
    if not match:
        return title
    stem = text_key(typography_key(title[:match.start()]))
    if len(stem) < 20:
        return title
    longer = [o for o in others if len(o) > match.start()
              and text_key(typography_key(o)).startswith(stem) and not _ELLIPSIS.search(o)]
    return min(longer, key=len) if longer else title


def _without_kicker(title: str, others: list[str]) -> str:
    """The headline without a short kicker ("Culture Council: ...") that another candidate or
    reference does not carry: the rest must equal that one, typography folded."""
    match = _KICKER.match(title)
    if not match:
        return title
    rest = text_key(typography_key(match.group(2)))
    for other in others:
        if other is not title and text_key(typography_key(other)) == rest:
            return match.group(2).strip()
    return title
