"""The item pipeline chain, in order: the one list behind the crawl's ``ITEM_PIPELINES`` and replay's steps.

archive → extract → parse → validate → dedupe → stage. The extract step extracts and parses each document in
a pool of worker processes; the crawl awaits them without blocking the reactor (``AsyncExtractPipeline``),
replay, which has no reactor, runs the plain step it wraps and submits documents ahead itself.
"""

from __future__ import annotations

from typing import Any

from crawler.pipelines.archive import ArchivePipeline
from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.extract import AsyncExtractPipeline, ExtractPipeline
from crawler.pipelines.parse import ParsePipeline
from crawler.pipelines.stage import StagePipeline
from crawler.pipelines.validate import ValidatePipeline

PIPELINES: tuple[type[Any], ...] = (
    ArchivePipeline,
    AsyncExtractPipeline,
    ParsePipeline,
    ValidatePipeline,
    DedupePipeline,
    StagePipeline,
)
# What replay runs instead of a step that needs the reactor.
WITHOUT_REACTOR: dict[type[Any], type[Any]] = {AsyncExtractPipeline: ExtractPipeline}

ITEM_PIPELINES: dict[str, int] = {
    f"{step.__module__}.{step.__name__}": 100 * (position + 1) for position, step in enumerate(PIPELINES)
}
