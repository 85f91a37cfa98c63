"""Failed requests map to crawl-event codes by exception type, never by the wording of a message."""

from __future__ import annotations

import pytest
from scrapy import exceptions as exc
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as net_error
from twisted.python.failure import Failure

from crawler.refusals import (
    CircuitOpen,
    Offsite,
    RedirectLoop,
    RedirectRefused,
    RobotsForbidden,
    TooLarge,
    failure_reason,
)
from crawler.spiders.classify import Verdict


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (RobotsForbidden("whatever Scrapy says"), ("skipped", "robots")),
        (CircuitOpen("x"), ("skipped", "circuit_open")),
        (Offsite("x"), ("skipped", "offsite")),
        (TooLarge("x"), ("failed", "too_large")),
        (RedirectLoop("x"), ("failed", "redirect_loop")),
        (
            RedirectRefused(Verdict("skipped", "offsite_redirect"), "http://elsewhere.test/"),
            ("skipped", "offsite_redirect"),
        ),
        (exc.DownloadCancelledError("cancelled"), ("failed", "too_large")),
        (exc.DownloadTimeoutError("slow"), ("failed", "timeout")),
        (net_error.DNSLookupError("no such host"), ("failed", "dns")),
        (
            IgnoreRequest("Forbidden by robots.txt, max size, circuit"),
            ("skipped", "ignored"),
        ),  # text is not read
        (ValueError("odd"), ("failed", "error:ValueError")),
    ],
)
def test_failure_reason_by_type(error: BaseException, expected: tuple[str, str]) -> None:
    assert failure_reason(Failure(error)) == expected


def test_the_settings_install_the_typed_middlewares_in_place_of_scrapys() -> None:
    from crawler.settings import DOWNLOADER_MIDDLEWARES

    assert DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] is None
    assert DOWNLOADER_MIDDLEWARES["crawler.refusals.TypedRobotsTxt"] == 100
    assert DOWNLOADER_MIDDLEWARES["crawler.refusals.TypedRedirect"] == 600
