"""Bytes → text and figures: each document is extracted and parsed in a budgeted worker process
(``crawler/pipelines/reader.py``). A file nothing can be read from, or one over its budget, is skipped with a
counted reason (its bytes are already archived): ``parse_error:<code>`` for a document that is broken, over
budget or of a kind we do not read, ``converter_unavailable`` when this machine lacks LibreOffice for a
.doc/.wps, ``needs_ocr`` for a scan or an image with no text layer."""

from __future__ import annotations

import logging
import re
from concurrent.futures import Future
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.items import Document
from crawler.pipelines.reader import DocumentReader, Read
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


def hints(item: Document) -> dict[str, str | None]:
    """What the extractors are told besides the bytes (an attachment's name titles a spreadsheet)."""
    return {
        "content_type": item.content_type,
        "url": item.final_url,
        "filename": document_filename(item),
        "title": human_name(item) if item.role == "attachment" else None,
    }


class ExtractPipeline:
    """Extract and parse every document in the budgeted worker pool (``crawler/pipelines/reader.py``):
    ``item.extracted`` and ``item.record``, which the parse step then checks. One pool per crawl or rebuild,
    of ``NIANBAO_PARSE_WORKERS`` processes, stopped when the spider closes. A rebuild ``submit``s documents
    ahead and ``finish``es them in order; ``process_item`` reads one document and waits for it."""

    def __init__(self, stats: Stats, workers: int = 1) -> None:
        self.stats = stats
        self.reader = DocumentReader(workers)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler.stats, crawler.settings.getint("NIANBAO_PARSE_WORKERS", 1))

    def close_spider(self, spider: Any = None) -> None:
        self.reader.close()

    def wants(self, item: Any) -> bool:
        return isinstance(item, Document) and not item.skip_reason

    def submit(self, item: Document) -> Future[Read]:
        return self.reader.submit(item.body, **hints(item))

    def collect(self, item: Document, future: Future[Read]) -> Read | Exception:
        try:
            return self.reader.collect(future)
        except Exception as exc:  # the pool itself failed: it costs this document, not the run
            logger.warning("extract crashed on %s", item.url, exc_info=True)
            return exc

    def process_item(self, item: Any) -> Any:
        if not self.wants(item):
            return item
        return self.finish(item, self.collect(item, self.submit(item)))

    def finish(self, item: Document, result: Read | Exception) -> Document:
        """Count the extraction and name why a document goes no further."""
        if isinstance(result, Exception):
            self.stats.inc_value("nianbao/extract/crashed")
            return item.skip(f"parse_error:extract_crashed:{type(result).__name__}")
        extracted = item.extracted = result.extracted
        self.stats.inc_value(f"nianbao/extract/kind/{extracted.kind}")
        if extracted.error:
            self.stats.inc_value("nianbao/extract/error")
            code = error_code(extracted.error)
            return item.skip(code if code in ENVIRONMENT_ERRORS else f"parse_error:{code}")
        if "needs_ocr" in extracted.flags and not extracted.text.strip():
            # A scan or an image: its bytes are archived and its event says so; OCR is not done here.
            self.stats.inc_value("nianbao/extract/needs_ocr")
            return item.skip("needs_ocr")
        self.stats.inc_value("nianbao/extract/ok")
        if result.parse_crash:
            logger.warning("parse crashed on %s: %s", item.url, result.parse_crash)
            self.stats.inc_value("nianbao/parse/crashed")
            name = result.parse_crash.split(":", 1)[0]
            return item.skip(f"parse_error:parse_crashed:{name}")
        item.record, item.prepared = result.record, result.prepared
        return item


class AsyncExtractPipeline:
    """The crawl's extract step: ``ExtractPipeline``, whose worker the reactor awaits without holding a
    thread, so neither a conversion (seconds) nor a document running out its budget stalls any download,
    and several documents (``CONCURRENT_ITEMS`` per response) are read at once, one per worker. Replay
    uses the plain step."""

    def __init__(self, inner: ExtractPipeline) -> None:
        self.inner = inner

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AsyncExtractPipeline:
        return cls(ExtractPipeline.from_crawler(crawler))

    def close_spider(self, spider: Any = None) -> None:
        self.inner.close_spider(spider)

    async def process_item(self, item: Any) -> Any:
        if not self.inner.wants(item):
            return item
        # The reactor Scrapy installed (importing it at module level would install a default one).
        from twisted.internet import reactor

        future = self.inner.submit(item)
        done: Deferred[None] = Deferred()
        # The pool's thread completes the future; the reactor's thread resumes this item.
        future.add_done_callback(lambda _: reactor.callFromThread(done.callback, None))
        await maybe_deferred_to_future(done)
        return self.inner.finish(item, self.inner.collect(item, future))
