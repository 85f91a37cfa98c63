"""One document's extract and parse, together, in a pool of worker processes under a time and memory budget.

The crawl and a rebuild hand every document's bytes to one ``DocumentReader`` (a ``BudgetedParser`` pool,
``crawler/parsing/budget.py``, with ``NIANBAO_PARSE_WORKERS`` processes, one per core by default). Hostile
bytes meet the extractors and the parser only in a worker, which is killed and replaced when the document
runs out of its budget; the document then comes back with ``error`` = ``over_budget: …`` and is skipped as
``parse_error:over_budget`` with its bytes archived. Parsing in the worker, next to the extraction, is what
lets a crawl or rebuild use every core: the process that fetches, deduplicates and stages only waits. The
worker also computes what the near-duplicate index needs of the text (``crawler/identity/prepare.py``).

This module imports no Scrapy: spawned workers import it to find ``read_document``.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass

from crawler.identity.prepare import Prepared, prepare
from crawler.parsing import parse_extracted
from crawler.parsing.budget import Budget, BudgetedParser
from crawler.parsing.extract import extract
from crawler.parsing.record import Extracted, ReportRecord

# Spreadsheets carry no title of their own (their first cell is a sheet name); the report's name is the
# file's (Content-Disposition) or the link's text, set before the parse reads the title.
SPREADSHEETS = frozenset({"xls", "xlsx"})


@dataclass
class Read:
    """What a worker sends back: the extraction, and its parse when the extraction gave text to parse."""

    extracted: Extracted
    record: ReportRecord | None = None
    parse_crash: str | None = None  # the exception the parser raised ("TypeError: …"), if it did
    prepared: Prepared | None = None  # what the near-duplicate index needs of the record's text


def unreadable(extracted: Extracted) -> bool:
    """Nothing to parse: an extraction error, or a scan with no text layer (the extract step says why)."""
    return bool(extracted.error) or ("needs_ocr" in extracted.flags and not extracted.text.strip())


def read_document(
    body: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    filename: str | None = None,
    title: str | None = None,
) -> Read:
    """Bytes → extraction → record (runs in a worker; no side effects). A parser crash is reported in
    ``parse_crash``, so it costs this one document and the crawl says which exception it was."""
    extracted = extract(body, content_type=content_type, url=url, filename=filename)
    if title and extracted.kind in SPREADSHEETS:
        extracted.meta.setdefault("title", title)
    if unreadable(extracted):
        return Read(extracted)
    try:
        record = parse_extracted(extracted)
    except Exception as exc:  # one document, not the run
        return Read(extracted, parse_crash=f"{type(exc).__name__}: {exc}"[:300])
    if record.error:
        return Read(extracted, record)
    return Read(extracted, record, prepared=prepare(record.text, "needs_ocr" in record.flags))


class DocumentReader:
    """The crawl's (or a rebuild's) one pool of budgeted workers; ``close`` stops them."""

    def __init__(self, workers: int = 1, budget: Budget | None = None) -> None:
        self.workers = workers
        self.pool = BudgetedParser(workers=workers, budget=budget)

    def submit(self, body: bytes, **hints: str | None) -> Future[Read]:
        """Hand the document to a worker; ``collect`` the future when it is done."""
        return self.pool.schedule(read_document, body, **hints)

    def collect(self, future: Future[Read]) -> Read:
        """The worker's ``Read``, or an unparsed extraction whose ``error`` says how the budget was broken."""
        outcome = self.pool.result(future)
        if isinstance(outcome, Read):
            return outcome
        return Read(Extracted(kind="unknown", flags=["unparsed"], error=outcome.error))

    def read(self, body: bytes, **hints: str | None) -> Read:
        return self.collect(self.submit(body, **hints))

    def close(self) -> None:
        self.pool.close()
