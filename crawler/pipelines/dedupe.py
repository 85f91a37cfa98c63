"""Report identity on arrival: each parsed document is classified against the persistent near-duplicate
index (``crawler.identity``): an exact copy, a mirror, a format pair or an image/text pair is one more
source of a known report; a correction is a new version; a 雷同 copy of another agency's report is its
own report, flagged; anything else is new. The document's own id is the sha256 of its normalised text with
every whitespace and punctuation character removed. The stage step settles the run's reports at its end."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.identity.prepare import content_key
from crawler.items import Document
from crawler.pipelines.identity import RunIdentity

__all__ = ["DedupePipeline", "content_key"]
from crawler.pipelines.stats import Stats


class DedupePipeline:
    def __init__(self, stats: Stats, identity: RunIdentity) -> None:
        self.stats = stats
        self.identity = identity
        self.reports_seen: set[str] = set()  # reports that already have a source in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler.stats, RunIdentity.of(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document) or item.skip_reason:
            return item
        assert item.record is not None  # ParsePipeline set it (or skipped the document)
        prepared = item.prepared  # by the parse worker; else computed here, by the same functions
        item.doc_id = prepared.doc_id if prepared is not None else content_key(item.record.text)
        item.identity = self.identity.classify(item, item.doc_id)
        item.report_id = item.identity.report_id
        # One more source of a report this run has already met (a document known from an earlier run that is
        # the first of its report in this run is not a duplicate: the run needs one source of every report).
        item.duplicate = item.report_id in self.reports_seen
        self.reports_seen.add(item.report_id)
        self.stats.inc_value("nianbao/dedupe/duplicate" if item.duplicate else "nianbao/dedupe/unique")
        self.stats.inc_value(f"nianbao/identity/{item.identity.kind.value}")
        return item
