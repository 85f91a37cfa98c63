"""Scrapy settings for a crawl run, built from ``Config`` (the only source of configuration).

Choices that are not Scrapy defaults, and why:
- identify ourselves and obey robots.txt; AutoThrottle with a floor delay, 2 requests per host at a time;
- ``CONCURRENT_ITEMS`` 10: the default 100 costs ~40% of throughput (performance-notes.md);
- every HTTP status reaches the spider (``HTTPERROR_ALLOW_ALL``) so 403/412/404 become crawl events instead of
  a silent "Ignoring response";
- bounded retries (not for 403/412/521: challenges are not retried in-run), a short timeout for dead hosts,
  size limits well below the 1 GiB default;
- redirects: 3xx only within the portal's registered hosts (``RedirectPolicy``); meta-refresh and JS
  ``location.replace`` shells are followed by the spider under the same policy, so Scrapy's own
  MetaRefreshMiddleware is off;
- in demo mode the DNS resolver only resolves ``*.test`` (to 127.0.0.1), so nothing else is reachable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.config import Config

USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; transparency research)"

ITEM_PIPELINES = {
    "crawler.pipelines.archive.ArchivePipeline": 100,
    "crawler.pipelines.extract.ThreadedExtractPipeline": 200,
    "crawler.pipelines.parse.ParsePipeline": 300,
    "crawler.pipelines.validate.ValidatePipeline": 400,
    "crawler.pipelines.dedupe.DedupePipeline": 500,
    "crawler.pipelines.stage.StagePipeline": 600,
}

# After HttpCompressionMiddleware (590) has decoded the body, before Retry (550) can swallow a response.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.HostCircuitBreaker": 50,  # before robots.txt: an open circuit asks nothing
    "crawler.middlewares.RetryAfterBackoff": 560,  # sees a 429 before Retry (550) turns it into a retry
    "crawler.middlewares.ArchiveMiddleware": 580,
    "crawler.middlewares.RedirectPolicy": 610,  # sees a 3xx before Redirect (600) follows it
}


def crawl_settings(
    config: Config, *, run_id: str, run_dir: Path, loopback_only: bool, incremental: bool = True
) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "BOT_NAME": "nianbao",
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": config.log_level,
        # politeness and speed
        "AUTOTHROTTLE_ENABLED": config.throttle,
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_DELAY": 0.5 if config.throttle else 0.0,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2 if config.throttle else 8,
        "CONCURRENT_ITEMS": 10,
        # failure handling
        "HTTPERROR_ALLOW_ALL": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "DOWNLOAD_TIMEOUT": 10 if loopback_only else 30,  # per portal: registry option download_timeout
        "DNS_TIMEOUT": 10,
        "REDIRECT_MAX_TIMES": 5,
        "METAREFRESH_ENABLED": False,
        "DOWNLOAD_MAXSIZE": 64 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 16 * 1024 * 1024,
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        # our parts
        "DOWNLOADER_MIDDLEWARES": DOWNLOADER_MIDDLEWARES,
        "ITEM_PIPELINES": ITEM_PIPELINES,
        "NIANBAO_RUN_ID": run_id,
        "NIANBAO_RUN_DIR": str(run_dir),
        "NIANBAO_ARCHIVE_DIR": str(config.archive_dir),
        "NIANBAO_INCREMENTAL": incremental,
        "NIANBAO_BREAKER_THRESHOLD": 3,
    }
    if loopback_only:
        settings["TWISTED_DNS_RESOLVER"] = "crawler.resolver.LoopbackOnlyResolver"
        settings["DNSCACHE_ENABLED"] = False
    return settings
