"""Issue 10, hostile files in the crawl: every document is extracted and parsed in a worker process with a
budget.

A document that outlasts its budget costs only itself (skipped with its reason, its bytes archived), the
next document is read as usual, and no extraction runs on the crawl's own thread.
"""

from __future__ import annotations

from pathlib import Path

from crawler.parsing.budget import Budget
from crawler.pipelines.extract import ExtractPipeline
from crawler.pipelines.reader import DocumentReader
from tests.crawler.test_pipelines import crawler_for, document

PDF = (Path(__file__).parents[1] / "parsing/data/hongze-2023.pdf").read_bytes()
TEXT = (Path(__file__).parents[1] / "fixtures/real/shared-pingtan-2019-glued-2019/body").read_bytes()


def test_a_document_over_its_budget_is_skipped_with_its_reason_and_the_next_one_is_read(
    tmp_path: Path,
) -> None:
    pipeline = ExtractPipeline.from_crawler(crawler_for(tmp_path))
    pipeline.reader.close()
    pipeline.reader = DocumentReader(budget=Budget(seconds=0.01))  # far less than a PDF takes
    try:
        slow = pipeline.process_item(
            document(PDF, url="http://a.test/r.pdf", headers={"content-type": "application/pdf"})
        )
        assert slow.skip_reason == "parse_error:over_budget"
        pipeline.reader.pool.budget = Budget(seconds=60)
        read = pipeline.process_item(
            document(TEXT, url="http://a.test/r.txt", headers={"content-type": "text/plain"})
        )
        assert read.skip_reason is None and "平潭" in read.extracted.text
        assert read.record is not None and read.record.figures  # parsed in the worker too
    finally:
        pipeline.close_spider()
