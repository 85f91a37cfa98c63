"""Parse documents in worker processes, each with a time and memory budget, so one file never stalls a run.

A hostile or pathological document (a decompression bomb that slipped past the guards, a PDF that sends
pdfminer into a loop, HTML that makes lxml allocate gigabytes) costs its own worker, which is killed and
replaced; the caller gets a record with ``error`` = ``over_budget: …`` and goes on. Pebble's process pool
does the killing and replacing (a per-task timeout terminates the worker); the memory cap is an address-
space limit set in each worker when it starts.

The same pool spreads parsing over several cores: ``submit`` returns a future, ``parse`` waits for one.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from crawler.parsing.extract import extract
from crawler.parsing.record import Extracted, ReportRecord
from crawler.parsing.report import parse_document

T = TypeVar("T")
RECYCLE_AFTER = 5000  # documents a worker reads before it is replaced by a fresh one


@dataclass(frozen=True)
class Budget:
    """What one document may cost: wall-clock seconds and the worker's address space in bytes."""

    seconds: float = 120.0
    memory_bytes: int = 3 * 1024**3  # ~20x the peak of the largest real report PDF seen


def _cap_memory(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


class BudgetedParser:
    """A pool of parse workers; use as a context manager (the workers stop when it closes)."""

    def __init__(self, workers: int = 1, budget: Budget | None = None) -> None:
        self.budget = budget or Budget()
        # max_tasks recycles a worker now and then, so a slow leak in a library never accumulates (a worker
        # over its memory budget is replaced at once anyway). Not often: a new worker imports the parsers and
        # the caller's main module again, a second or more of CPU (recycling every 500 documents, that was a
        # third of a rebuild's worker time). Workers are spawned, not forked from the caller: a crawl has
        # threads (Twisted's pool, the identity index), and a fork taken while one of them holds a lock can
        # leave the worker waiting on it forever (seen as a page "over budget" after 120 s in a loaded test
        # run). A spawned worker also sees the caller's environment as it is when the pool starts (PATH
        # decides whether LibreOffice is there).
        self._pool = ProcessPool(
            max_workers=workers,
            max_tasks=RECYCLE_AFTER,
            initializer=_cap_memory,
            initargs=(self.budget.memory_bytes,),
            context=multiprocessing.get_context("spawn"),
        )

    def submit(
        self,
        body: bytes,
        *,
        content_type: str | None = None,
        url: str | None = None,
        filename: str | None = None,
    ) -> Future[ReportRecord]:
        kwargs = {"content_type": content_type, "url": url, "filename": filename}
        future: Future[ReportRecord] = self._pool.schedule(
            parse_document, args=(body,), kwargs=kwargs, timeout=self.budget.seconds
        )
        return future

    def schedule(self, function: Callable[..., T], body: bytes, **kwargs: Any) -> Future[T]:
        """``function(body, **kwargs)`` in a worker under the budget (a module-level function: the spawned
        worker imports it by name)."""
        future: Future[T] = self._pool.schedule(
            function, args=(body,), kwargs=kwargs, timeout=self.budget.seconds
        )
        return future

    def result(self, future: Future[Any]) -> Any:
        """The record, or one whose ``error`` says how the document broke its budget."""
        try:
            return future.result()
        except FutureTimeout:
            return ReportRecord(error=f"over_budget: parsing took longer than {self.budget.seconds:g} s")
        except ProcessExpired as exc:  # killed by the kernel: out of memory, or a crash in a C library
            return ReportRecord(error=f"over_budget: the parse worker died (exit code {exc.exitcode})")
        except MemoryError:
            return ReportRecord(error=f"over_budget: more than {self.budget.memory_bytes} bytes of memory")
        except Exception as exc:  # parse_document never raises; this is pickling or the pool itself
            return ReportRecord(error=f"parse_failed: {type(exc).__name__}: {exc}"[:300])

    def parse(self, body: bytes, **hints: str | None) -> ReportRecord:
        return self.result(self.submit(body, **hints))

    def extract(
        self,
        body: bytes,
        *,
        content_type: str | None = None,
        url: str | None = None,
        filename: str | None = None,
    ) -> Extracted:
        """``extract`` in a worker under the budget (the crawl's step that meets hostile bytes first)."""
        kwargs = {"content_type": content_type, "url": url, "filename": filename}
        future = self._pool.schedule(extract, args=(body,), kwargs=kwargs, timeout=self.budget.seconds)
        record = self.result(future)
        if isinstance(record, Extracted):
            return record
        return Extracted(kind="unknown", flags=["unparsed"], error=record.error)

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()

    def __enter__(self) -> BudgetedParser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
