"""Typed refusals: a request the crawl gives up on ends in an exception whose type carries its stable
crawl-event code, so the spider maps failures by type (``failure_reason``), never by the wording of
Scrapy's messages.

Scrapy's own middlewares raise a bare ``IgnoreRequest``; the thin subclasses below (installed in their
place by ``crawler/settings.py``) re-raise it as the typed refusal it is. Download errors are Scrapy's and
Twisted's exception types (``FAILURES``).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy import exceptions as exc
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet import error as net_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from crawler.spiders.classify import Verdict


class Refused(IgnoreRequest):
    """A request given up on, with the outcome and reason its crawl event records."""

    outcome = "skipped"
    reason = "ignored"


class RedirectRefused(Refused):
    """A redirect the crawl does not follow (``crawler.middlewares.RedirectPolicy``); its crawl event names
    ``verdict``'s outcome and reason and the ``target``."""

    def __init__(self, verdict: Verdict, target: str) -> None:
        super().__init__(f"{verdict.reason}: redirect to {target}")
        self.verdict = verdict
        self.target = target
        self.outcome, self.reason = verdict.outcome, verdict.reason


class RobotsForbidden(Refused):
    reason = "robots"


class CircuitOpen(Refused):
    reason = "circuit_open"


class Offsite(Refused):
    reason = "offsite"


class SchemeRefused(Refused):
    """Anything but http(s): a ``file://``, ``ftp://`` or ``data:`` link in a page is never fetched."""

    reason = "scheme_refused"


class TooLarge(Refused):
    outcome, reason = "failed", "too_large"


class RedirectLoop(Refused):
    outcome, reason = "failed", "redirect_loop"


class TypedRobotsTxt(RobotsTxtMiddleware):
    def process_request_2(self, rp: Any, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except Refused:
            raise
        except IgnoreRequest as refused:
            raise RobotsForbidden(str(refused)) from refused


class TypedOffsite(OffsiteMiddleware):
    def process_request(self, request: Request, spider: Any = None) -> None:
        try:
            super().process_request(request)
        except IgnoreRequest as refused:
            raise Offsite(str(refused)) from refused


class TypedHttpCompression(HttpCompressionMiddleware):
    """A body whose decompression would pass the size limit (a gzip bomb)."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as refused:
            raise TooLarge(str(refused)) from refused


class TypedRedirect(RedirectMiddleware):
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest as refused:
            raise RedirectLoop(str(refused)) from refused


# Scrapy's middlewares -> ours, at the same positions (``DOWNLOADER_MIDDLEWARES``).
REPLACED = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": ("crawler.refusals.TypedOffsite", 50),
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": ("crawler.refusals.TypedRobotsTxt", 100),
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": (
        "crawler.refusals.TypedHttpCompression",
        590,
    ),
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": ("crawler.refusals.TypedRedirect", 600),
}

# Scrapy 2.19 wraps Twisted's errors in its own; both spellings map to the same stable code.
FAILURES: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((exc.DownloadCancelledError,), "too_large"),  # the download handler cancels past DOWNLOAD_MAXSIZE
    ((exc.CannotResolveHostError, net_error.DNSLookupError), "dns"),
    ((exc.DownloadTimeoutError, net_error.TimeoutError, net_error.TCPTimedOutError), "timeout"),
    ((exc.DownloadConnectionRefusedError, net_error.ConnectionRefusedError), "connection_refused"),
    ((exc.ResponseDataLossError,), "data_loss"),
    (
        (exc.DownloadFailedError, net_error.ConnectionLost, net_error.ConnectionDone, ResponseFailed),
        "connection_reset",
    ),
)


def failure_reason(failure: Failure) -> tuple[str, str]:
    """(outcome, reason) of a failed request, by the type of what it failed with."""
    refused = failure.value
    if isinstance(refused, Refused):
        return refused.outcome, refused.reason
    if isinstance(refused, IgnoreRequest):
        return "skipped", "ignored"
    for kinds, reason in FAILURES:
        if failure.check(*kinds):
            return "failed", reason
    return "failed", f"error:{type(refused).__name__}"
