"""Bytes → text: call ``crawler.parsing.extract.extract`` on each document; a file nothing can be read from is
skipped with a counted reason (its bytes are already archived): ``parse_error:<code>`` for a document that is
broken or of a kind we do not read, ``converter_unavailable`` when this machine lacks LibreOffice for a
.doc/.wps, ``needs_ocr`` for a scan or an image with no text layer."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.items import Document
from crawler.parsing.budget import BudgetedParser
from crawler.parsing.extract import extract
from crawler.parsing.record import Extracted
from crawler.pipelines.stats import Stats

logger = logging.getLogger(__name__)


def disposition_filename(value: str | None) -> str | None:
    """The file name of a ``Content-Disposition`` header: RFC 5987 ``filename*=`` first, then a raw
    ``filename=`` whose bytes (Scrapy hands them over as latin-1) are tried as UTF-8 and then GBK."""
    if not value:
        return None
    star = re.search(r"filename\*\s*=\s*([^;]+)", value, re.IGNORECASE)
    if star:
        charset, _, rest = star.group(1).strip().strip('"').partition("'")
        _, _, encoded = rest.partition("'")
        try:
            return unquote(encoded, encoding=charset or "utf-8", errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    plain = re.search(r'filename\s*=\s*"?([^";]+)"?', value, re.IGNORECASE)
    if not plain:
        return None
    raw = plain.group(1).strip().encode("latin-1", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return unquote(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def error_code(error: str) -> str:
    """A stable skip code from a parser's error message: its first word, made safe for a stats key."""
    code = re.split(r"[:\s]", error.strip(), maxsplit=1)[0]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", code)[:40] or "unreadable"


# Errors that say nothing about the document, only about this machine: recorded under their own code (not
# ``parse_error:``) so a rerun where the tool is installed reads the archived bytes.
ENVIRONMENT_ERRORS = frozenset({"converter_unavailable"})
# Spreadsheets carry no title of their own (their first cell is a sheet name); the report's name is the
# file's (Content-Disposition) or the link's text.
SPREADSHEETS = frozenset({"xls", "xlsx"})
_EXTENSION = re.compile(r"\.(xlsx?|et|docx?|wps|pdf)$", re.IGNORECASE)


def document_filename(item: Document) -> str | None:
    """The file's own name: Content-Disposition first, else the last segment of the URL it came from."""
    return disposition_filename(item.headers.get("content-disposition")) or (
        unquote(urlsplit(item.final_url).path.rsplit("/", 1)[-1]) or None
    )


def human_name(item: Document) -> str | None:
    """What a person would call the attachment: its Content-Disposition name, else its link text."""
    name = disposition_filename(item.headers.get("content-disposition")) or item.link_text or ""
    return _EXTENSION.sub("", name.strip()) or None


def read(item: Document, budget: BudgetedParser | None = None) -> Extracted | Exception:
    """Extract the document's bytes (no side effects, so it may run in a worker thread); with ``budget``,
    in a worker process under its time and memory budget, so one hostile file costs only itself."""
    hints = {"content_type": item.content_type, "url": item.final_url, "filename": document_filename(item)}
    try:
        return budget.extract(item.body, **hints) if budget is not None else extract(item.body, **hints)
    except Exception as exc:  # a parser bug must cost one document, not the run
        logger.warning("extract crashed on %s", item.url, exc_info=True)
        return exc


class ExtractPipeline:
    """Extraction of every document in a worker process with a budget (``crawler/parsing/budget.py``)."""

    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.budget = BudgetedParser()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler.stats)

    def close_spider(self, spider: Any = None) -> None:
        self.budget.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document) or item.skip_reason:
            return item
        return self.finish(item, read(item, self.budget))

    def finish(self, item: Document, result: Extracted | Exception) -> Document:
        """Count the extraction and name why a document goes no further."""
        if isinstance(result, Exception):
            self.stats.inc_value("nianbao/extract/crashed")
            return item.skip(f"parse_error:extract_crashed:{type(result).__name__}")
        item.extracted = result
        self.stats.inc_value(f"nianbao/extract/kind/{result.kind}")
        if result.error:
            self.stats.inc_value("nianbao/extract/error")
            code = error_code(result.error)
            return item.skip(code if code in ENVIRONMENT_ERRORS else f"parse_error:{code}")
        if "needs_ocr" in result.flags and not result.text.strip():
            # A scan or an image: its bytes are archived and its event says so; OCR is not done here.
            self.stats.inc_value("nianbao/extract/needs_ocr")
            return item.skip("needs_ocr")
        if result.kind in SPREADSHEETS and item.role == "attachment":
            name = human_name(item)
            if name:
                result.meta.setdefault("title", name)
        self.stats.inc_value("nianbao/extract/ok")
        return item


class ThreadedExtractPipeline:
    """The crawl's extract step: ``ExtractPipeline``, waited for in a thread, so neither a conversion
    (seconds) nor a document running out its budget stalls every download. Replay uses the plain one."""

    def __init__(self, inner: ExtractPipeline) -> None:
        self.inner = inner

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ThreadedExtractPipeline:
        return cls(ExtractPipeline.from_crawler(crawler))

    def close_spider(self, spider: Any = None) -> None:
        self.inner.close_spider(spider)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document) or item.skip_reason:
            return self.inner.process_item(item)
        result = await maybe_deferred_to_future(deferToThread(read, item, self.inner.budget))
        return self.inner.finish(item, result)
