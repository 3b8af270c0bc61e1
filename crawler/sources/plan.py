"""What a crawl or a dry run reads: the sources given on the command line, else the profile's.

:func:`crawl_sources` builds the keyword arguments of
:class:`crawler.spiders.discovery.DiscoverySpider` from a profile's ``[discovery]`` table and the
settings (API base URLs, rate intervals), so that ``debatelens crawl`` and ``debatelens discover``
read the same sources in the same way.
"""

from __future__ import annotations

from typing import Any

from corpus.profile import Profile
from corpus.settings import Settings

#: Spider arguments that name sources; when the caller gives any of them, the profile's are not used.
SOURCE_ARGUMENTS = ("urls", "feeds", "sitemaps", "statements", "warc")


def crawl_sources(profile: Profile, settings: Settings, *, given: dict[str, Any]) -> dict[str, Any]:
    """The spider's source arguments.

    Args:
        profile: the debate profile (its ``discovery`` sources are the default).
        settings: debatelens settings (API base URLs and intervals).
        given: sources given by the caller (``urls``, ``feeds``, ``sitemaps``, ``statements``,
            ``warc``); empty values are ignored. When none is given, the profile's are used.

    Returns:
        dict[str, Any]: keyword arguments for ``DiscoverySpider``.
    """
    chosen = {key: list(value) for key, value in given.items() if key in SOURCE_ARGUMENTS and value}
    if chosen:
        return chosen
    return {"feeds": list(profile.feeds), "sitemaps": list(profile.sitemaps)}
