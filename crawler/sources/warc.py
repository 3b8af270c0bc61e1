"""Pages from WARC archives (CC-NEWS style), read with warcio.

A WARC file (ISO 28500; Common Crawl's CC-NEWS crawl publishes news pages as gzip-compressed
WARC files) holds ``response`` records: ``WARC-Target-URI``, ``WARC-Date`` and the HTTP
response as fetched. :func:`warc_pages` streams those records (warcio's ``ArchiveIterator``
decompresses the file and each record's chunked or gzip transfer) and yields the successful
HTML and PDF responses that pass the date and host filters; nothing is loaded whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["WarcFilter", "WarcPage", "host_matches", "warc_pages"]

#: Content types read from an archive (others, such as images and scripts, are skipped).
CONTENT_TYPES = ("text/html", "application/xhtml+xml", "application/pdf")


@dataclass(frozen=True)
class WarcFilter:
    """Which archived responses to read.

    Attributes:
        since, until (datetime | None): only records whose ``WARC-Date`` is in ``[since, until)``
            (UTC), when given.
        hosts (tuple[str, ...]): only URLs on these hosts or their subdomains
            (``example.org`` matches ``www.example.org``); empty: every host.
    """

    since: datetime | None = None
    until: datetime | None = None
    hosts: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class WarcPage:
    """One archived response: URL, its ``WARC-Date`` (UTC), HTTP status, content type and body."""

    url: str
    date: datetime | None
    status: int
    content_type: str
    body: bytes


def host_matches(url: str, hosts: tuple[str, ...]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` or a subdomain of one (true for no hosts)."""
    if not hosts:
        return True
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in (h.lower().strip(".") for h in hosts))


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def warc_pages(path: str | Path, selection: WarcFilter = WarcFilter(), *,
               skipped: dict[str, int] | None = None) -> Iterator[WarcPage]:
    """The archived HTML and PDF responses of a WARC file that pass ``selection``, in file order.

    Args:
        path: a ``.warc`` or ``.warc.gz`` file.
        selection: date and host filters.
        skipped: when given, counts of the records left out, by why (``not-response``,
            ``date``, ``host``, ``status``, ``content-type``).

    Raises:
        OSError: the file cannot be opened.
        warcio.exceptions.ArchiveLoadFailed, ValueError: it is not a WARC file (raised on the
            first record).
    """
    from warcio.archiveiterator import ArchiveIterator

    counts = skipped if skipped is not None else {}

    def skip(why: str) -> None:
        counts[why] = counts.get(why, 0) + 1

    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.format != "warc" or not record.rec_headers.get_header("WARC-Type"):
                # warcio reads any first line as an old ARC header: only WARC records are taken
                raise ValueError(f"{path} holds no WARC record (its first line is not a WARC/1.x header)")
            if record.rec_type != "response" or record.http_headers is None:
                skip("not-response")
                continue
            url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
            date = _date(record.rec_headers.get_header("WARC-Date"))
            if (selection.since and (date is None or date < selection.since)) or \
                    (selection.until and (date is None or date >= selection.until)):
                skip("date")
                continue
            if not url or not host_matches(url, selection.hosts):
                skip("host")
                continue
            try:
                status = int(record.http_headers.get_statuscode() or 0)
            except ValueError:
                status = 0
            if status != 200:
                skip("status")
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if content_type and content_type not in CONTENT_TYPES:
                skip("content-type")
                continue
            yield WarcPage(url=url, date=date, status=status, content_type=content_type,
                           body=record.content_stream().read())
