"""Live progress of a crawl, per portal: list pages read, documents fetched (report pages and attachments),
failures (failed or blocked URLs). The crawl runs in a child process; this extension prints a JSON line
(``{"progress": {slug: {"pages", "documents", "failures"}}, "final": bool}``) on the child's stdout every
``NIANBAO_PROGRESS_INTERVAL`` seconds while something changed, and once when the spider closes, for the
parent (``crawler.run.crawl``) to show. Counting only: nothing here decides anything about the crawl."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.internet import task

from crawler.items import Document, UrlOutcome
from crawler.run import PROGRESS_PREFIX


def blank() -> dict[str, int]:
    return {"pages": 0, "documents": 0, "failures": 0}


class ProgressLines:
    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.counts: dict[str, dict[str, int]] = defaultdict(blank)
        self.shown: dict[str, dict[str, int]] = {}
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLines:
        extension = cls(crawler.settings.getfloat("NIANBAO_PROGRESS_INTERVAL", 2.0))
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response, signal=signals.response_received)
        crawler.signals.connect(extension.item, signal=signals.item_scraped)
        return extension

    def opened(self, spider: Spider) -> None:
        for slug in getattr(spider, "portals", {}):
            self.counts[slug]  # every chosen portal is shown from the start, at zero
        self.loop = task.LoopingCall(self.emit)
        self.loop.start(self.interval, now=True)

    def response(self, response: Response, request: Any, spider: Spider) -> None:
        portal = request.meta.get("nianbao_portal")
        if portal and request.meta.get("nianbao_role") == "list":
            self.counts[portal]["pages"] += 1

    def item(self, item: Any, response: Any, spider: Spider) -> None:
        if isinstance(item, Document):
            self.counts[item.portal]["documents"] += 1
        elif isinstance(item, UrlOutcome) and item.outcome in {"failed", "blocked"}:
            self.counts[item.portal]["failures"] += 1

    def closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.emit(final=True)

    def emit(self, final: bool = False) -> None:
        current = {slug: dict(counts) for slug, counts in self.counts.items()}
        if current == self.shown and not final:
            return
        self.shown = current
        print(
            PROGRESS_PREFIX + json.dumps({"progress": current, "final": final}), file=sys.stdout, flush=True
        )
