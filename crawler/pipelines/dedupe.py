"""Exact duplicates collapse: the report id is the sha256 of the normalised text with every whitespace and
punctuation character removed, so the same report on two sites, or as a page and as its PDF, is one report
with several sources. Near-duplicates (a corrected re-post) keep their own id: a new version, not a copy."""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy.crawler import Crawler

from crawler.items import Document
from crawler.parsing.text import word_characters
from crawler.pipelines.stats import Stats


def content_key(text: str) -> str:
    return hashlib.sha256(word_characters(text).encode("utf-8")).hexdigest()[:32]


class DedupePipeline:
    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document) or item.skip_reason:
            return item
        assert item.record is not None  # ParsePipeline set it (or skipped the document)
        item.report_id = content_key(item.record.text)
        item.duplicate = item.report_id in self.seen
        self.seen.add(item.report_id)
        self.stats.inc_value("nianbao/dedupe/duplicate" if item.duplicate else "nianbao/dedupe/unique")
        return item
