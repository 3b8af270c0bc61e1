"""``crawler.spiders.base.failure_reason``: the reason code of a failed request.

Regression: Scrapy 2.13+ wraps Twisted's errors in its own (``DownloadTimeoutError``,
``CannotResolveHostError``), which were recorded as ``fetch-error`` instead of ``timeout`` and
``unreachable``.
"""

from __future__ import annotations

import pytest
import scrapy.exceptions
import twisted.internet.error
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.errors import Reasons
from crawler.spiders.base import failure_reason


def reason(exc: BaseException) -> tuple[str, str]:
    return failure_reason(Failure(exc))


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_http_errors(status):
    response = Response("https://x.example/a", status=status, request=Request("https://x.example/a"))
    code, detail = reason(HttpError(response, "Ignoring non-200 response"))
    assert code == f"http-{status}"
    assert detail == f"the server answered HTTP {status} \u2014 {Reasons.HTTP.hint}"


def test_robots_and_other_ignored_requests():
    assert reason(IgnoreRequest("Forbidden by robots.txt"))[0] == "robots"
    assert reason(IgnoreRequest("Filtered offsite request"))[0] == "ignored"
    assert reason(IgnoreRequest()) == ("ignored", f"request ignored \u2014 {Reasons.IGNORED.hint}")


@pytest.mark.parametrize("exc", [
    twisted.internet.error.TimeoutError(),
    twisted.internet.error.TCPTimedOutError(),
    pytest.param(getattr(scrapy.exceptions, "DownloadTimeoutError", None), id="scrapy-DownloadTimeoutError"),
], ids=lambda e: type(e).__name__)
def test_timeouts(exc):
    if exc is None:
        pytest.skip("this Scrapy does not wrap timeouts")
    if isinstance(exc, type):
        exc = exc("Getting https://x.example/a took longer than 30.0 seconds.")
    code, detail = reason(exc)
    assert code == "timeout" and detail


@pytest.mark.parametrize("exc", [
    twisted.internet.error.DNSLookupError("x.invalid"),
    pytest.param(getattr(scrapy.exceptions, "CannotResolveHostError", None), id="scrapy-CannotResolveHostError"),
], ids=lambda e: type(e).__name__)
def test_dns_failures_are_unreachable(exc):
    if exc is None:
        pytest.skip("this Scrapy does not wrap DNS errors")
    if isinstance(exc, type):
        exc = exc("x.invalid")
    code, detail = reason(exc)
    assert code == "unreachable"
    assert detail.count("DNS lookup failed") == 1 and "x.invalid" in detail


@pytest.mark.parametrize("exc", [
    twisted.internet.error.ConnectionRefusedError(),
    twisted.internet.error.ConnectionLost(),
    scrapy.exceptions.DownloadConnectionRefusedError("Connection was refused by other side: 111"),
], ids=lambda e: type(e).__name__)
def test_refused_and_lost_connections_are_unreachable(exc):
    assert reason(exc)[0] == "unreachable"


def test_anything_else_is_a_fetch_error_on_one_line():
    code, detail = reason(ValueError("x" * 1000))
    assert code == "fetch-error" and detail.startswith("ValueError: ")
    what, hint = detail.split(" \u2014 ")
    assert len(what) == len("ValueError: ") + 300 and "\n" not in detail and hint == Reasons.FETCH_ERROR.hint
