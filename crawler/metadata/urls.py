"""URLs of a page: normalised canonical URL and the outlet's registered domain.

Sources: courlan's ``normalize_url`` (tracking parameters dropped, query sorted, host
lower-cased); the Public Suffix List snapshot shipped with tldextract (private domains
included, never fetched: no network).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

__all__ = ["canonical_url", "normalise_url", "outlet_domain"]

_SUFFIXES = None


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment and tracking parameters (``utm_*``,
    ``fbclid``, ``gclid`` ...), sort the query.

    :func:`courlan.normalize_url`, non-strict: only tracker parameters are removed. A URL
    courlan cannot read is returned without its fragment only. Never raises.
    """
    try:
        url = normalize_url(url)
    except (ValueError, TypeError, AttributeError):
        pass
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def canonical_url(candidates: Iterable[object], url: str) -> str:
    """The page's canonical URL: the first usable candidate, normalised; else ``url`` normalised.

    Args:
        candidates: values the page declares, most trusted first (``<link rel=canonical>``,
            ``og:url``, JSON-LD ``url`` / ``mainEntityOfPage``); non-strings and blanks skipped.
        url (str): the URL the page was fetched from; relative candidates are resolved
            against it.

    Returns:
        str: an absolute http(s) URL (:func:`normalise_url`). A candidate that is the site's
        home page while ``url`` is an inner page is skipped (a CMS default, not a claim).
    """
    here = urlsplit(url)
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        absolute = urljoin(url, candidate.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            continue
        if parts.path in ("", "/") and here.path not in ("", "/") and parts.netloc == here.netloc:
            continue
        return normalise_url(absolute)
    return normalise_url(url)


def outlet_domain(url: str) -> str:
    """Registered domain of ``url`` (``"bbc.co.uk"``, so without ``www.``).

    Returns:
        str: by the Public Suffix List snapshot shipped with tldextract (no network);
        ``host[:port]`` (lower-case, without ``www.``) for IP addresses and hosts without a
        public suffix; ``""`` when the URL has no host (``file:`` URLs).
    """
    global _SUFFIXES
    parts = urlsplit(url)
    if not parts.hostname:
        return ""
    if _SUFFIXES is None:
        import tldextract

        _SUFFIXES = tldextract.TLDExtract(
            suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
    result = _SUFFIXES(parts.hostname.lower())
    registered = getattr(result, "top_domain_under_public_suffix", None)
    if registered is None:  # tldextract < 5.3
        registered = result.registered_domain
    return registered or parts.netloc.rsplit("@", 1)[-1].lower().removeprefix("www.")
