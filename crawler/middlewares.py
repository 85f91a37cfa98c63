"""Downloader middlewares of the crawl path.

``ArchiveMiddleware`` sits just after HTTP decompression, so it sees every response's decoded bytes exactly
once per download (list pages, robots.txt, 4xx/5xx pages, every retry) before anything can drop them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.items import utc_now
from crawler.pipelines.archive import ArchiveStore, FetchRecord


def flat_headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): ", ".join(v.decode("latin-1") for v in values)
        for key, values in response.headers.items()
    }


def role_of(request: Request) -> str:
    if "nianbao_role" in request.meta:
        return str(request.meta["nianbao_role"])
    return "robots" if request.url.endswith("/robots.txt") else "other"


class ArchiveMiddleware:
    def __init__(self, store: ArchiveStore, run_id: str, stats: Any) -> None:
        self.store = store
        self.run_id = run_id
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveMiddleware:
        from scrapy import signals

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
        redirects = request.meta.get("redirect_urls") or []
        self.store.record(
            FetchRecord(
                run_id=self.run_id,
                url=redirects[0] if redirects else request.url,
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
            )
        )
        request.meta["nianbao_sha256"] = sha
        request.meta["nianbao_fetched_at"] = fetched_at
        self.stats.inc_value("nianbao/archive/fetches")
        self.stats.inc_value("nianbao/archive/bytes", len(response.body))
        if new:
            self.stats.inc_value("nianbao/archive/stored")
        return response
