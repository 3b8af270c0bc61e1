"""URLs of a page: normalised canonical URL and the outlet's registered domain.

Sources: courlan's ``normalize_url`` (tracking parameters dropped, query sorted, host
lower-cased); the Public Suffix List snapshot shipped with tldextract (private domains
included, never fetched: no network).
"""

from __future__ import annotations

import ipaddress
import logging
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from courlan import normalize_url

from ..errors import Warnings

logger = logging.getLogger(__name__)

__all__ = ["canonical_url", "normalise_url", "outlet_domain", "site_base"]

# <link rel> values that point into the page's own site (feeds, AMP and short versions, search)
_OWN_RELS = {"alternate", "amphtml", "shortlink", "home", "index", "search", "start", "up", "prev", "next"}

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


def canonical_url(candidates: Iterable[object], url: str, *, base: str | None = None) -> str:
    """The page's canonical URL: the first usable candidate, normalised; else ``url`` normalised.

    Args:
        candidates: values the page declares, most trusted first (``<link rel=canonical>``,
            ``og:url``, JSON-LD ``url`` / ``mainEntityOfPage``); non-strings and blanks skipped.
        url (str): the URL the page was fetched from; relative candidates are resolved
            against it.
        base (str | None): resolve relative candidates against this instead, when ``url`` is
            not an http(s) URL (a saved file, or no URL given): the page's own site
            (:func:`site_base`). Default None.

    Returns:
        str: an absolute http(s) URL (:func:`normalise_url`). A candidate that is the site's
        home page while ``url`` is an inner page is skipped (a CMS default, not a claim); so is
        one on another registered domain than ``url`` (logged, W230: a page must not claim
        another outlet's URL and make the real page look "already stored"), but for the
        cross-domain rule of :func:`_may_claim`.
    """
    here = urlsplit(url)
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        absolute = urljoin(base or url, candidate.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            continue
        if parts.path in ("", "/") and here.path not in ("", "/") and parts.netloc == here.netloc:
            continue
        if not _may_claim(here, parts):
            logger.warning(Warnings.W230.format(canonical=absolute[:300], url=url[:300]))
            continue
        return normalise_url(absolute)
    return normalise_url(url)


def site_base(tree: lxml.html.HtmlElement) -> str | None:
    """The page's own site (``scheme://host/``), read from its absolute links, for a page saved
    without its URL.

    ``<base href>`` when absolute; else a vote: each ``<link>`` whose ``rel`` points into the site
    (:data:`_OWN_RELS`: feeds, AMP, short link) counts 3, each absolute ``<a href>`` 1 (navigation
    links to the site's own sections outnumber links to elsewhere). Home-made: courlan and w3lib
    resolve against a known URL, none guesses one.

    Returns:
        str | None: ``"https://www.example.org/"``, or None when the page has no absolute
        http(s) link.
    """
    for element in tree.iter("base"):
        parts = urlsplit((element.get("href") or "").strip())
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}/"
    votes: Counter[str] = Counter()
    for element in tree.iter("link", "a"):
        parts = urlsplit((element.get("href") or "").strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            continue
        if element.tag == "a":
            votes[f"{parts.scheme}://{parts.netloc.lower()}/"] += 1
        elif _OWN_RELS.intersection((element.get("rel") or "").lower().split()):
            votes[f"{parts.scheme}://{parts.netloc.lower()}/"] += 3
    return votes.most_common(1)[0][0] if votes else None


def _may_claim(here, there) -> bool:
    """Whether a page fetched at ``here`` may name ``there`` (both ``urlsplit`` results) as its
    canonical URL: the same registered domain (:func:`outlet_domain`: ``www.x.org`` and
    ``news.x.org`` may name each other), or the cross-domain rule: a page read from a file
    (no host) or served from a loopback or private address (a local mirror, only fetched with
    ``--allow-private``) may name any, since no other site's page can be displaced from there.
    """
    host = here.hostname
    if not host or host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        if ip.is_loopback or ip.is_private:
            return True
    return outlet_domain(urlunsplit(here)) == outlet_domain(urlunsplit(there))


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
