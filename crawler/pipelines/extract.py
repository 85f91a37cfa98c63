"""Bytes → text: call ``crawler.parsing.extract.extract`` on each document; a file nothing can be read from is
skipped with a counted reason (its bytes are already archived)."""

from __future__ import annotations

import logging
import re
from email.message import Message
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.items import Document

logger = logging.getLogger(__name__)


def disposition_filename(value: str | None) -> str | None:
    """The file name of a ``Content-Disposition`` header: RFC 5987 ``filename*=`` first, then a raw
    ``filename=`` whose bytes (Scrapy hands them over as latin-1) are tried as UTF-8 and then GBK."""
    if not value:
        return None
    message = Message()
    message["content-disposition"] = value
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


def _error_code(error: str) -> str:
    code = re.split(r"[:\s]", error.strip(), maxsplit=1)[0]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", code)[:40] or "unreadable"


class ExtractPipeline:
    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Document) or item.skip_reason:
            return item
        filename = disposition_filename(item.headers.get("content-disposition"))
        if filename is None:
            filename = unquote(urlsplit(item.final_url).path.rsplit("/", 1)[-1]) or None
        try:
            from crawler.parsing.extract import extract

            item.extracted = extract(
                item.body, content_type=item.content_type, url=item.final_url, filename=filename
            )
        except Exception as exc:  # a parser bug must cost one document, not the run
            logger.warning("extract crashed on %s", item.url, exc_info=True)
            self.stats.inc_value("nianbao/extract/crashed")
            return item.skip(f"parse_error:extract_crashed:{type(exc).__name__}")
        self.stats.inc_value(f"nianbao/extract/kind/{item.extracted.kind}")
        if item.extracted.error:
            self.stats.inc_value("nianbao/extract/error")
            return item.skip(f"parse_error:{_error_code(item.extracted.error)}")
        self.stats.inc_value("nianbao/extract/ok")
        return item
