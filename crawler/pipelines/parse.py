"""Text → figures: the extract step parsed the document in its worker (``item.record``); this step names why
a record goes no further, and parses in process only a document that arrives without a record (one built
by hand, with its ``extracted`` set)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from crawler.items import Document
from crawler.parsing import parse_extracted
from crawler.pipelines.extract import error_code
from crawler.pipelines.stats import Stats

logger = logging.getLogger(__name__)


class ParsePipeline:
    def __init__(self, stats: Stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document) or item.skip_reason:
            return item
        assert item.extracted is not None  # ExtractPipeline set it (or skipped the document)
        try:
            if item.record is None:
                item.record = parse_extracted(item.extracted)
        except Exception as exc:  # one document, not the run
            logger.warning("parse crashed on %s", item.url, exc_info=True)
            self.stats.inc_value("nianbao/parse/crashed")
            return item.skip(f"parse_error:parse_crashed:{type(exc).__name__}")
        if item.record.error:
            self.stats.inc_value("nianbao/parse/error")
            return item.skip(f"parse_error:{error_code(item.record.error)}")
        self.stats.inc_value("nianbao/parse/ok")
        return item
