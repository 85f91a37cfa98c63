"""``RunRecord``: a crawl's staging run is finished by the crawl itself, however it was started
(``crawler.run.crawl`` or a bare ``scrapy crawl reports``): when the engine has stopped and Scrapy's stats
are final, ``run.json`` is written, then ``_SUCCESS``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.runrecord import finish_run


class RunRecord:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_dir = Path(crawler.settings["NIANBAO_RUN_DIR"])
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.portals: list[str] = []
        self.expected: dict[str, tuple[int, ...]] = {}
        self.years = [int(y) for y in crawler.settings.getlist("NIANBAO_YEARS")]
        self.mode = crawler.settings.get("NIANBAO_MODE", "crawl")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecord:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        portals = getattr(spider, "portals", {})
        self.portals = list(portals)
        self.expected = {slug: portal.years_expected for slug, portal in portals.items()}

    def engine_stopped(self) -> None:
        stats: dict[str, Any] = self.crawler.stats.get_stats() if self.crawler.stats else {}
        self.run_dir.mkdir(parents=True, exist_ok=True)
        finish_run(
            self.run_dir,
            self.portals,
            mode=self.mode,
            expected=self.expected,
            years=self.years,
            extra={
                "years_selected": self.years,
                "started_at": self.started_at,
                "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "finish_reason": stats.get("finish_reason"),
                "stats": {
                    k: v for k, v in stats.items() if isinstance(v, int | float) and not isinstance(v, bool)
                },
            },
        )
