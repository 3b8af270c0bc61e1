"""Shared helpers for crawler tests: saved pages are loaded through one function."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = Path(__file__).parent / "pages"


def read_page(name: str) -> bytes:
    """Bytes of a saved page in ``tests/crawler/pages/``, as a server would send them."""
    return (PAGES / name).read_bytes()


@pytest.fixture
def load_page():
    """The :func:`read_page` helper, for tests that read saved pages."""
    return read_page


# --- spiders run in process against loopback services (tests/crawler/test_discovery*.py) -------

import asyncio  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from http.server import BaseHTTPRequestHandler  # noqa: E402
from urllib.parse import parse_qs, urlsplit  # noqa: E402

from crawler.localsite import LoopbackServer  # noqa: E402

#: Scrapy settings of in-process test crawls: one local server, no delay, no retries, quiet.
SPIDER_SETTINGS = {"ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "RETRY_ENABLED": False, "LOG_LEVEL": "WARNING",
                   "DOWNLOAD_TIMEOUT": 10, "COOKIES_ENABLED": False}


@dataclass
class SpiderRun:
    """What one in-process crawl yielded: every item in order, the URLs answered, its stats."""

    items: list = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def of(self, kind: type) -> list:
        """The items of class ``kind``, in order."""
        return [item for item in self.items if isinstance(item, kind)]


def run_spider(spider_class: type, settings: dict | None = None, **arguments) -> SpiderRun:
    """Run ``spider_class`` with ``arguments`` to its end, in this process, with no pipeline
    (Scrapy's ``get_crawler``, reactorless under asyncio), collecting what it yields."""
    from scrapy import signals
    from scrapy.utils.test import get_crawler

    result = SpiderRun()

    async def run() -> None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="AiohttpDownloadHandler is experimental")
            crawler = get_crawler(spider_class, {**SPIDER_SETTINGS, **(settings or {})})
        crawler.signals.connect(lambda item, response, spider: result.items.append(item),
                                signal=signals.item_scraped, weak=False)
        crawler.signals.connect(lambda response, request, spider: result.responses.append(response.url),
                                signal=signals.response_received, weak=False)
        await crawler.crawl_async(**arguments)
        result.stats = crawler.stats.get_stats()

    asyncio.run(run())
    assert result.stats.get("finish_reason") == "finished", result.stats
    return result


@dataclass
class Answer:
    """A recorded answer of a service: status, content type, body."""

    body: bytes | str
    status: int = 200
    content_type: str = "application/json"


class RecordedService(LoopbackServer):
    """A loopback HTTP server that answers from a routing function, logging each request.

    ``route(path, query)`` gets the path and the parsed query (``dict[str, list[str]]``) and
    returns an :class:`Answer` (None: 404). ``requests`` holds ``(monotonic seconds, path,
    query)`` of each request, in order. Bound to 127.0.0.1 on an ephemeral port.
    """

    def __init__(self, route: Callable[[str, dict], Answer | None]) -> None:
        service = self
        self.requests: list[tuple[float, str, dict]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                service.requests.append((time.monotonic(), parts.path, query))
                answer = route(parts.path, query)
                if answer is None:
                    answer = Answer(b"not found", 404, "text/plain")
                body = answer.body.encode() if isinstance(answer.body, str) else answer.body
                body = body.replace(b"{ORIGIN}", service.origin.encode())
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(Handler)

    def paths(self) -> list[str]:
        """The paths requested, in order."""
        return [path for _t, path, _q in self.requests]


RecordedService.Answer = Answer


@pytest.fixture(scope="session")
def spider_runner() -> Callable[..., SpiderRun]:
    """:func:`run_spider`: run a spider in process with no pipeline, collecting its items."""
    return run_spider


@pytest.fixture(scope="session")
def recorded_service() -> type[RecordedService]:
    """:class:`RecordedService` (its :class:`Answer` as ``RecordedService.Answer``): a loopback
    server answering recorded responses of a real service's shape."""
    return RecordedService


# --- a real redis-server on loopback, for the shared crawl frontier (tests/crawler/test_frontier.py) --

import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> str:
    """``redis://127.0.0.1:PORT``: a redis-server of the test session's own, on a free loopback
    port, nothing saved to disk (as ``.ci/postgres.sh`` does for PostgreSQL, but started here).
    Skips when redis-server is not installed (``apt-get install redis-server``; ``.ci/run`` does)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed: shared-frontier tests skipped (apt-get install redis-server)")
    pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed: pip install 'debatelens[scale]'")
    import redis

    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                             "--dir", str(folder), "--protected-mode", "yes"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start on 127.0.0.1:{port}")
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def frontier_url(redis_server) -> str:
    """A redis database emptied for the test: ``redis://127.0.0.1:PORT/0``."""
    import redis

    url = f"{redis_server}/0"
    with redis.Redis.from_url(url) as client:
        client.flushdb()
    return url
