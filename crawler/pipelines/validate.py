"""Is this a report we stage? A positive test: a known report kind with an agency and a year. Anything else
(guides, notices, empty shells) is skipped with a counted reason; its bytes stay in the archive."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.items import Document
from crawler.parsing.record import ReportRecord
from crawler.parsing.text import word_characters
from crawler.pipelines.stats import Stats

STAGED_KINDS = frozenset({"annual_report", "provincial_summary"})
# Real reports run to thousands of characters; a page this short is a shell ("详见附件", a block page that got
# through) and the report, if any, is in its attachment.
MIN_TEXT_CHARS = 300


def rejection(record: ReportRecord, words: int | None = None) -> str | None:
    """Why ``record`` is not staged (a stable code), or None when it is a report. ``words``: the count of
    its text's word characters when the parse worker has it (``Prepared.words``)."""
    if record.doc_kind not in STAGED_KINDS:
        return f"not_a_report:{record.doc_kind}"
    if record.report_year is None:
        return "no_report_year"
    if not record.agency:
        return "no_agency"
    if (len(word_characters(record.text)) if words is None else words) < MIN_TEXT_CHARS:
        return "too_short"
    return None


class ValidatePipeline:
    def __init__(self, stats: Stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document) or item.skip_reason:
            return item
        assert item.record is not None  # ParsePipeline set it (or skipped the document)
        reason = rejection(item.record, item.prepared.words if item.prepared is not None else None)
        if reason is not None:
            self.stats.inc_value(f"nianbao/validate/{reason.split(':')[0]}")
            return item.skip(reason)
        self.stats.inc_value("nianbao/validate/ok")
        return item
