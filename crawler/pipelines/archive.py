"""The archive pipeline: a document's bytes in the raw archive (``crawler/archive.py``).

Storing every response happens in ``crawler.middlewares.ArchiveMiddleware`` (a downloader middleware,
because only there is every response visible: list pages, robots.txt, error pages, attachments, retries).
This pipeline is the item-side step: it makes sure a document's bytes are in the store and puts their sha256
on the item, so a document built anywhere (tests, replay) is archived the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from crawler.archive import ArchiveStore
from crawler.items import Document
from crawler.pipelines.stats import Stats


class ArchivePipeline:
    def __init__(self, store: ArchiveStore, stats: Stats) -> None:
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(ArchiveStore(Path(crawler.settings["NIANBAO_ARCHIVE_DIR"])), crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document):
            return item
        if item.sha256 is None or not self.store.has(item.sha256):
            item.sha256, new = self.store.put(item.body)
            if new:
                self.stats.inc_value("nianbao/archive/stored")
        self.stats.inc_value("nianbao/archive/documents")
        return item
