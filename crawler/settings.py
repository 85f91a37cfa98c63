"""Scrapy settings of the ``nianbao`` project, at module level: ``scrapy crawl reports`` (``scrapy.cfg``)
and ``crawler.run.crawl`` use the same ones. Paths and switches come from ``Config`` (``NIANBAO_*``
environment variables), read once when this module is imported; ``crawl_settings`` only adds what one run
fixes (its id and folder, the portals' resolver).

A bare ``scrapy crawl reports`` crawls the registry (``NIANBAO_REGISTRY``, default ``crawler/portals``; ``-a
portals=slug,slug`` narrows it) into the archive and a new staging run, which ``crawler.extensions.RunRecord``
finishes (``run.json``, then ``_SUCCESS``) like any other.

Choices that are not Scrapy defaults, and why:
- identify ourselves (with ``NIANBAO_CONTACT``) and obey robots.txt; AutoThrottle with a floor delay, 2
  requests per host at a time on loopback; on real hosts ``POLITE``: 1 at a time, 1 s apart, throttled;
- ``CONCURRENT_ITEMS`` 10: the default 100 costs throughput on a small machine;
- every HTTP status reaches the spider (``HTTPERROR_ALLOW_ALL``) so 403/412/404 become crawl events instead of
  a silent "Ignoring response";
- bounded retries (not for 403/412/521: challenges are not retried in-run), a short timeout for dead hosts,
  one size limit (``MAX_DOCUMENT_BYTES``) well below the 1 GiB default, for downloads and for extraction;
- redirects: 3xx only within the portal's registered hosts (``RedirectPolicy``); meta-refresh and JS
  ``location.replace`` shells are followed by the spider under the same policy, so Scrapy's own
  MetaRefreshMiddleware is off;
- when every portal is a loopback one (``*.test``) the DNS resolver only resolves ``*.test`` (to 127.0.0.1),
  so nothing else is reachable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.config import Config, load_config
from crawler.parsing.extract import MAX_BYTES as MAX_DOCUMENT_BYTES
from crawler.pipelines.chain import ITEM_PIPELINES
from crawler.refusals import REPLACED
from crawler.registry import PORTALS_DIR
from staging.runs import new_run_id

_CONFIG = load_config()

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
PROJECT_URL = "https://github.com/nianbao/nianbao"
USER_AGENT = f"nianbao/0.1 (+{PROJECT_URL}; transparency research)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = True
# Nothing the crawl does not use: no telnet console, no remote-control API (it runs code sent to it), and
# download handlers for http(s) only (a file:// or ftp:// link is refused, never read).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}
LOG_LEVEL = _CONFIG.log_level
# politeness and speed
AUTOTHROTTLE_ENABLED = _CONFIG.throttle
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 0.5 if _CONFIG.throttle else 0.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2 if _CONFIG.throttle else 8
CONCURRENT_ITEMS = 10
# failure handling
HTTPERROR_ALLOW_ALL = True
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30  # per portal: registry option download_timeout; loopback crawls: 10
DNS_TIMEOUT = 10
REDIRECT_MAX_TIMES = 5
METAREFRESH_ENABLED = False
DOWNLOAD_MAXSIZE = MAX_DOCUMENT_BYTES
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True
# our parts
# After HttpCompressionMiddleware (590) has decoded the body, before Retry (550) can swallow a response.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.FetchPolicy": 40,  # first: scheme, registered hosts and ports
    "crawler.middlewares.HostCircuitBreaker": 50,  # before robots.txt: an open circuit asks nothing
    "crawler.middlewares.RetryAfterBackoff": 560,  # sees a 429 before Retry (550) turns it into a retry
    "crawler.middlewares.ArchiveMiddleware": 580,
    "crawler.middlewares.RedirectPolicy": 610,  # sees a 3xx before Redirect (600) follows it
    # Scrapy's own, replaced in place by subclasses that raise typed refusals (crawler/refusals.py).
    **{scrapy_own: None for scrapy_own in REPLACED},
    **dict(REPLACED.values()),
}
ITEM_PIPELINES = ITEM_PIPELINES
EXTENSIONS = {
    "crawler.extensions.RunRecord": 900,
    "crawler.progress.ProgressLines": 910,
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
}
NIANBAO_ARCHIVE_DIR = str(_CONFIG.archive_dir)
NIANBAO_IDENTITY_DIR = str(_CONFIG.identity_dir)
NIANBAO_RUN_ID = new_run_id()
NIANBAO_RUN_DIR = str(_CONFIG.staging_dir / NIANBAO_RUN_ID)
NIANBAO_REGISTRY = str(PORTALS_DIR)
NIANBAO_INCREMENTAL = True
NIANBAO_FULL_RECRAWL = False  # True: re-validate every known report (``nianbao crawl --full``)
NIANBAO_RECRAWL_EVERY = 90  # an older unchanged report is re-validated once every N runs (crawler/recrawl.py)
NIANBAO_TODAY = ""  # the crawl's date for "published in the last 12 months"; empty: today
NIANBAO_BREAKER_THRESHOLD = 3
NIANBAO_PARSE_WORKERS = _CONFIG.parse_worker_count  # processes that extract and parse (pipelines/reader.py)
NIANBAO_PROGRESS_INTERVAL = 2.0  # seconds between progress lines (crawler/progress.py)
NIANBAO_MODE = "crawl"  # recorded in run.json: demo, registry, crawl (a bare ``scrapy crawl``)
NIANBAO_YEARS: list[int] = []  # report years selected (``--years``); empty: every year
# Real hosts (not loopback): one request at a time per host, at least 1 s apart, AutoThrottle always on.
POLITE = {
    "AUTOTHROTTLE_ENABLED": True,
    "DOWNLOAD_DELAY": 1.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "RANDOMIZE_DOWNLOAD_DELAY": True,
}
_NOT_SETTINGS = frozenset({"LOOPBACK_ONLY", "POLITE", "PROJECT_URL"})  # module constants, not Scrapy's
LOOPBACK_ONLY = {"TWISTED_DNS_RESOLVER": "crawler.resolver.LoopbackOnlyResolver", "DNSCACHE_ENABLED": False}


def project_settings() -> dict[str, Any]:
    """This module's settings as a dict (what ``scrapy.cfg`` gives ``scrapy crawl``)."""
    return {name: value for name, value in globals().items() if name.isupper() and name not in _NOT_SETTINGS}


def crawl_settings(
    config: Config,
    *,
    run_id: str,
    run_dir: Path,
    loopback_only: bool,
    incremental: bool = True,
    years: list[int] | None = None,
) -> dict[str, Any]:
    """The project settings for one run of ``crawler.run.crawl``, with ``config`` (the caller's, which may
    differ from the environment's). A crawl reaching any real host is polite whatever ``config`` says."""
    settings = project_settings()
    settings.update(
        LOG_LEVEL=config.log_level,
        AUTOTHROTTLE_ENABLED=config.throttle,
        DOWNLOAD_DELAY=0.5 if config.throttle else 0.0,
        CONCURRENT_REQUESTS_PER_DOMAIN=2 if config.throttle else 8,
        NIANBAO_ARCHIVE_DIR=str(config.archive_dir),
        NIANBAO_IDENTITY_DIR=str(config.identity_dir),
        NIANBAO_RUN_ID=run_id,
        NIANBAO_RUN_DIR=str(run_dir),
        NIANBAO_INCREMENTAL=incremental,
        NIANBAO_FULL_RECRAWL=config.full_recrawl,
        NIANBAO_RECRAWL_EVERY=config.recrawl_every,
        NIANBAO_TODAY=config.today,
        NIANBAO_YEARS=list(years or []),
        NIANBAO_PARSE_WORKERS=config.parse_worker_count,
        USER_AGENT=user_agent(config.contact),
    )
    if loopback_only:
        settings.update(LOOPBACK_ONLY, DOWNLOAD_TIMEOUT=10)
    else:
        settings.update(POLITE)
    return settings


def user_agent(contact: str) -> str:
    """Who is asking and how to reach them: site operators see the contact in their logs."""
    if not contact:
        return USER_AGENT
    return f"nianbao/0.1 (+{PROJECT_URL}; transparency research; contact: {contact})"
