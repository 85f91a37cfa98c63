"""Downloader middlewares of the crawl path.

``ArchiveMiddleware`` sits just after HTTP decompression, so it sees every response's decoded bytes exactly
once per download (list pages, robots.txt, 4xx/5xx pages, every retry) before anything can drop them.
``HostCircuitBreaker`` stops asking a host that keeps answering with challenge or 403 pages.
``RedirectPolicy`` follows a redirect only within the portal's registered hosts and never to a home page.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from w3lib.url import safe_url_string

from crawler.archive import ArchiveStore, FetchRecord
from crawler.items import UrlOutcome, utc_now
from crawler.pipelines.stats import Stats
from crawler.refusals import CircuitOpen, Offsite, RedirectRefused, SchemeRefused
from crawler.spiders.classify import Verdict, classify, redirect_verdict

logger = logging.getLogger(__name__)


def content_type(response: Response) -> str | None:
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if value else None


VERDICT = "nianbao_verdict"  # request meta: the verdict on its response, decided once


def verdict_of(response: Response, request: Request | None = None) -> Verdict:
    """The verdict on ``response``, classified once: the circuit breaker (the first of our parts to see
    a response) stores it in the request's meta, and the spider's callbacks read it back from there."""
    owner = request if request is not None else getattr(response, "request", None)
    verdict = owner.meta.get(VERDICT) if owner is not None else None
    if verdict is None:
        verdict = classify(response.status, response.body, content_type=content_type(response))
        if owner is not None:
            owner.meta[VERDICT] = verdict
    return verdict


def linked_url(message: Request | Response) -> str:
    """The URL as it was linked: the first of a redirect chain."""
    return str((message.meta.get("redirect_urls") or [message.url])[0])


def dropped_outcome(request: Request) -> UrlOutcome:
    """The event for a request the duplicate filter dropped: a redirect chain that came back to a URL it had
    already asked for ended in a loop; any other dropped request was a duplicate link."""
    looped = request.url in (request.meta.get("redirect_urls") or [])
    return UrlOutcome(
        url=linked_url(request),
        portal=request.meta.get("nianbao_portal", ""),
        outcome="failed" if looped else "skipped",
        reason="redirect_loop" if looped else "duplicate_request",
        role=request.meta.get("nianbao_role"),
    )


def flat_headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): ", ".join(v.decode("latin-1") for v in values)
        for key, values in response.headers.items()
    }


def role_of(request: Request) -> str:
    if "nianbao_role" in request.meta:
        return str(request.meta["nianbao_role"])
    return "robots" if request.url.endswith("/robots.txt") else "other"


FETCHED_SCHEMES = frozenset({"http", "https"})


class FetchPolicy:
    """First in the chain: only http(s) is fetched, and a portal's requests go only to its registered hosts
    (its own and its successors), on the ports its registered URLs name. A link to another host, to an IP
    literal (which no resolver would be asked about), or to the same name on another port is refused as
    ``offsite`` and recorded; requests of no portal (robots.txt) are held to the scheme rule and, when
    redirected, to the host and port they were made for."""

    def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in FETCHED_SCHEMES:
            raise SchemeRefused(f"not fetched: {parts.scheme}: URL")
        hosts = request.meta.get("nianbao_hosts")
        if hosts is None:  # robots.txt (Scrapy's request): a redirect keeps its first URL's host and port
            first = urlsplit(request.meta.get("redirect_urls", [request.url])[0])
            if (parts.hostname, parts.port) != (first.hostname, first.port):
                raise Offsite(f"a redirect of {first.netloc} to another server: {parts.netloc}")
            return None
        ports = request.meta.get("nianbao_ports", [None])
        if parts.hostname not in hosts or parts.port not in ports:
            raise Offsite(f"not a host of portal {request.meta.get('nianbao_portal')}: {parts.netloc}")
        return None


def form_of(request: Request) -> str | None:
    """A POST's form body as text (``crawler.urls.request_key``), None for a GET or HEAD."""
    return None if request.method in ("GET", "HEAD") else request.body.decode("latin-1")


class ArchiveMiddleware:
    def __init__(self, store: ArchiveStore, run_id: str, stats: Stats) -> None:
        self.store = store
        self.run_id = run_id
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        mw = cls(
            ArchiveStore(Path(crawler.settings["NIANBAO_ARCHIVE_DIR"])),
            crawler.settings["NIANBAO_RUN_ID"],
            crawler.stats,
        )
        crawler.signals.connect(mw.store.close, signal=signals.spider_closed)
        return mw

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304:
            # Nothing new arrived (the index still gets its line); the spider re-reads the archived bytes.
            self.stats.inc_value("nianbao/archive/not_modified")
        sha, new = self.store.put(response.body)
        fetched_at = utc_now()
        self.store.record(
            FetchRecord(
                run_id=self.run_id,
                url=linked_url(request),
                final_url=response.url,
                status=response.status,
                headers=flat_headers(response),
                fetched_at=fetched_at,
                sha256=sha,
                size=len(response.body),
                portal=request.meta.get("nianbao_portal"),
                role=role_of(request),
                link_text=request.meta.get("nianbao_link_text"),
                referer=request.meta.get("nianbao_referer"),
                form=form_of(request),
            )
        )
        request.meta["nianbao_sha256"] = sha
        request.meta["nianbao_fetched_at"] = fetched_at
        self.stats.inc_value("nianbao/archive/fetches")
        self.stats.inc_value("nianbao/archive/bytes", len(response.body))
        if new:
            self.stats.inc_value("nianbao/archive/stored")
        return response


class HostCircuitBreaker:
    """After ``NIANBAO_BREAKER_THRESHOLD`` blocked answers (challenge pages, 403) from one host, stop asking
    it for the rest of the run: its queued URLs are skipped with reason ``circuit_open`` (and are asked for
    again next run). Hammering a WAF only lengthens the ban."""

    def __init__(self, threshold: int, stats: Stats) -> None:
        self.threshold = threshold
        self.stats = stats
        self.blocked: dict[str, int] = {}
        self.open: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostCircuitBreaker:
        return cls(crawler.settings.getint("NIANBAO_BREAKER_THRESHOLD", 3), crawler.stats)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if host in self.open:
            self.stats.inc_value("nianbao/breaker/skipped")
            raise CircuitOpen(f"circuit open for {host}")

    def process_response(self, request: Request, response: Response) -> Response:
        verdict = verdict_of(response, request)
        if verdict.outcome == "blocked":
            host = urlsplit(request.url).hostname or ""
            self.blocked[host] = self.blocked.get(host, 0) + 1
            if self.blocked[host] >= self.threshold and host not in self.open:
                self.open.add(host)
                self.stats.inc_value("nianbao/breaker/opened")
                logger.warning(
                    "circuit open for %s after %d blocked answers (%s)",
                    host,
                    self.blocked[host],
                    verdict.reason,
                )
        return response


class RetryAfterBackoff:
    """A 429/503 with ``Retry-After`` slows its host down: the download slot's delay is raised to the asked
    wait (capped) until the host answers normally again. Scrapy's own retry resends at once otherwise."""

    def __init__(self, crawler: Crawler, cap: float) -> None:
        self.crawler = crawler
        self.cap = cap
        self.saved: dict[str, float] = {}  # slot key -> its delay before we raised it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterBackoff:
        return cls(crawler, crawler.settings.getfloat("NIANBAO_RETRY_AFTER_CAP", 60.0))

    def process_response(self, request: Request, response: Response) -> Response:
        key = request.meta.get("download_slot") or urlsplit(request.url).hostname or ""
        slot = self._slot(key)
        if slot is None:
            return response
        wait = retry_after_seconds(response) if response.status in (429, 503) else None
        if wait is not None:
            self.saved.setdefault(key, slot.delay)
            slot.delay = max(slot.delay, min(wait, self.cap))
            self.crawler.stats.inc_value("nianbao/backoff/retry_after")
            logger.info("%s asked to wait %.0f s (HTTP %d); slowing down", key, wait, response.status)
        elif key in self.saved and response.status < 400:
            slot.delay = self.saved.pop(key)
        return response

    def _slot(self, key: str) -> Any:
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        return getattr(downloader, "slots", {}).get(key)


def retry_after_seconds(response: Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectPolicy:
    """Sits before Scrapy's RedirectMiddleware (a higher order sees responses first): a 3xx to a host the
    portal has not registered (``successor_hosts``) is refused as ``offsite_redirect``, and one from a
    report URL to the site's home page as ``redirect_to_home`` (a removed page answering like that is a soft
    404). Both are recorded with the target, for curation. Requests of no portal (robots.txt) pass."""

    def __init__(self, stats: Stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectPolicy:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECT_STATUSES or not location or "nianbao_portal" not in request.meta:
            return response
        target = urljoin(request.url, safe_url_string(location.decode("latin-1")))
        verdict = redirect_verdict(request.url, target, request.meta.get("nianbao_hosts", ()))
        if verdict is None:
            return response
        self.stats.inc_value(f"nianbao/redirect/{verdict.reason}")
        logger.info("not following %s -> %s (%s)", request.url, target, verdict.reason)
        raise RedirectRefused(verdict, target)
