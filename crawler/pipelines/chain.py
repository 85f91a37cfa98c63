"""The item pipeline chain, in order: the one list behind the crawl's ``ITEM_PIPELINES`` and replay's steps.

archive → extract → parse → validate → dedupe → stage. The crawl extracts documents that need LibreOffice in
a worker thread (``ThreadedExtractPipeline``); replay, which has no reactor, runs the plain step it wraps.
"""

from __future__ import annotations

from typing import Any

from crawler.pipelines.archive import ArchivePipeline
from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.extract import ExtractPipeline, ThreadedExtractPipeline
from crawler.pipelines.parse import ParsePipeline
from crawler.pipelines.stage import StagePipeline
from crawler.pipelines.validate import ValidatePipeline

PIPELINES: tuple[type[Any], ...] = (
    ArchivePipeline,
    ThreadedExtractPipeline,
    ParsePipeline,
    ValidatePipeline,
    DedupePipeline,
    StagePipeline,
)
# What replay runs instead of a step that needs the reactor.
WITHOUT_REACTOR: dict[type[Any], type[Any]] = {ThreadedExtractPipeline: ExtractPipeline}

ITEM_PIPELINES: dict[str, int] = {
    f"{step.__module__}.{step.__name__}": 100 * (position + 1) for position, step in enumerate(PIPELINES)
}
