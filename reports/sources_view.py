"""The Sources section: the period's outlets by kind and by country, and its documents.

The store keeps no country for an outlet, so it is read from the domain's country-code top-level
domain (``.uk``, ``.de``; the public suffix list through tldextract, offline), named by ISO 3166
(pycountry). Generic domains (``.com``, ``.org``) and the country codes that Google's Search
Console treats as generic (gccTLDs such as ``.io``, ``.ai``, ``.co``, ``.tv``: used worldwide, not
by their country) say nothing about a country and count as "not told by the domain". This is a
known limit of the section (the Method section says so).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from .claims_view import copy_href, safe_href

#: Country-code domains used as generic ones (Google Search Console's gccTLD list, plus ``.ai``).
GENERIC_CCTLDS = frozenset({"ad", "ai", "as", "bz", "cc", "cd", "co", "dj", "fm", "io", "la", "me", "ms", "nu",
                            "sc", "sr", "su", "tv", "tk", "ws", "gg", "ly", "to", "sh", "am"})
#: Country-code domains whose ISO 3166 code differs.
CCTLD_ISO = {"uk": "GB", "ac": "SH"}
UNKNOWN_COUNTRY = "not told by the domain"


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=(): the snapshot shipped with tldextract, never a download.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def country_of(domain: str | None) -> str:
    """The country an outlet's domain names (``bbc.co.uk`` -> ``United Kingdom``; ``eu`` ->
    ``European Union``), else :data:`UNKNOWN_COUNTRY`."""
    if not domain:
        return UNKNOWN_COUNTRY
    suffix = _extractor()(domain.split(":")[0]).suffix
    code = suffix.rsplit(".", 1)[-1].lower() if suffix else ""
    if len(code) != 2 or code in GENERIC_CCTLDS:
        return UNKNOWN_COUNTRY
    if code == "eu":
        return "European Union"
    import pycountry

    found = pycountry.countries.get(alpha_2=CCTLD_ISO.get(code, code.upper()))
    return getattr(found, "common_name", None) or found.name if found else UNKNOWN_COUNTRY


def _tally(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    docs, outlets, claims = Counter(), Counter(), Counter()
    for r in rows:
        docs[r[key]] += r["documents"]
        outlets[r[key]] += 1
        claims[r[key]] += r["claims"]
    return [{"name": k, "outlets": outlets[k], "documents": docs[k], "claims": claims[k]}
            for k in sorted(docs, key=lambda k: (-docs[k], k == UNKNOWN_COUNTRY, k))]


def sources(outlets: list[dict[str, Any]], documents: list[dict[str, Any]], *, limit: int) -> dict[str, Any]:
    """The Sources section's data.

    Args:
        outlets: rows of :func:`corpus.queries.period_sources` (name, domain, kind, documents, claims).
        documents: rows of :func:`corpus.queries.period_documents`.
        limit: documents listed (most claims first, then oldest); the rest are counted.

    Returns:
        dict with outlets (each with its country), by_kind, by_country (name, outlets,
        documents, claims; most documents first), documents (each with href and copy_href),
        documents_more.
    """
    rows = [{**o, "country": country_of(o["domain"]), "documents": int(o["documents"]), "claims": int(o["claims"])}
            for o in outlets]
    listed = sorted(documents, key=lambda d: (-d["claims"], d["published_at"], d["id"]))[:limit]
    listed.sort(key=lambda d: (d["published_at"], d["id"]))
    return {"outlets": rows, "by_kind": _tally(rows, "kind"), "by_country": _tally(rows, "country"),
            "documents": [{**d, "href": safe_href(d["url"]), "copy_href": copy_href(d["id"])} for d in listed],
            "documents_more": max(0, len(documents) - len(listed))}
