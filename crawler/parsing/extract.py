"""Raw bytes of any document to text and table grids: the first step of parsing, before any report logic.

``extract`` never raises: a document it cannot read comes back with ``error`` set (a stable code, a colon,
details) and empty text, so the caller can record the reason and keep the raw bytes.

What every kind yields (``Extracted`` in ``record.py``):

- ``text``: the main text in its original script (no 繁→简), whitespace tidied, and every table also
  rendered at its position as lines of cells, ``cell | cell | cell |``, each source cell once.
- ``tables``: one grid (rows of cell strings) per table, with rowspan/colspan expanded: a merged cell's
  text is repeated into every slot it covers, so every row has the table's full width.
- ``flags``: ``encoding_fixed`` (a declared charset was wrong and overridden), ``truncated`` (the document
  was evidently cut, or longer than we read), ``needs_ocr`` (a scan or image: no text layer),
  ``page_errors`` (some PDF pages failed), ``unparsed`` (a kind we keep but do not read), ``damaged``
  (the reader met corrupted data: what it read may be incomplete), ``nul_bytes_removed`` (stray NUL
  bytes were dropped from a text document), ``markup_damaged`` (the HTML parser lost the text, e.g.
  nesting deeper than libxml2 follows; the text is then read with the tags stripped).
- ``error`` codes: ``empty``, ``too_large``, ``unsupported_format``, ``converter_unavailable``,
  ``html_unparseable``, ``pdf_unreadable``, ``pdf_encrypted``, ``docx_unreadable``,
  ``doc_conversion_failed``, ``xls_unreadable``, ``xlsx_unreadable``, ``zip_bomb`` (a DOCX/XLSX that
  would inflate past what any report needs), ``extract_failed`` (a bug: the message names the exception).
"""

from __future__ import annotations

import re

from crawler.parsing.guards import damage_log, drop_nul_bytes, zip_inflation_error
from crawler.parsing.html import extract_html
from crawler.parsing.office import extract_doc, extract_docx, extract_xls, extract_xlsx
from crawler.parsing.pdf import extract_pdf
from crawler.parsing.plaintext import extract_text
from crawler.parsing.record import Extracted
from crawler.parsing.sniff import KINDS, sniff

__all__ = ["KINDS", "MAX_BYTES", "MAX_TEXT_CHARS", "extract", "sniff"]

MAX_BYTES = 50 * 1024 * 1024  # the largest real report PDFs are a few MB; scans of 100 pages stay below this
MAX_TEXT_CHARS = 2_000_000  # a report is 5-50 thousand characters; more is a dump, cut and flagged


def extract(
    body: bytes, *, content_type: str | None = None, url: str | None = None, filename: str | None = None
) -> Extracted:
    """Sniff ``body`` and extract it; ``content_type`` supplies a charset, ``url``/``filename`` only hints."""
    if not body or not body.strip():
        return Extracted(kind="unknown", error="empty: no bytes to read")
    kind = sniff(body, content_type=content_type, filename=filename or _last_segment(url))
    nul_dropped = False
    if kind in ("unknown", "html", "text"):  # stray NUL bytes make text look binary: read it without them
        cleaned, nul_dropped = drop_nul_bytes(body)
        resniffed = sniff(cleaned, content_type=content_type, filename=filename) if nul_dropped else kind
        if resniffed in ("html", "text"):
            body, kind = cleaned, resniffed
        else:
            nul_dropped = False
    if len(body) > MAX_BYTES:
        return Extracted(kind=kind, flags=["unparsed"], error=f"too_large: {len(body)} bytes > {MAX_BYTES}")
    if kind in ("docx", "xlsx") and (bomb := zip_inflation_error(body)):
        return Extracted(kind=kind, flags=["unparsed"], error=bomb)
    try:
        with damage_log() as damage:
            result = _dispatch(kind, body, content_type)
    except MemoryError:  # under a worker's memory cap (budget.py)
        return Extracted(kind=kind, flags=["unparsed"], error="over_budget: ran out of memory while reading")
    except Exception as exc:  # a bug in one extractor must cost one document, not the run
        return Extracted(kind=kind, error=f"extract_failed: {type(exc).__name__}: {exc}"[:300])
    if damage and "damaged" not in result.flags:
        result.flags.append("damaged")
    if nul_dropped and kind in ("html", "text"):
        result.flags.append("nul_bytes_removed")
    if kind == "html" and not result.text.strip() and result.error is None:
        _read_stripped(result, body)
    if len(result.text) > MAX_TEXT_CHARS:
        result.text = result.text[:MAX_TEXT_CHARS]
        result.flags.append("truncated")
    if result.error is not None:
        result.text = ""
    return result


def _dispatch(kind: str, body: bytes, content_type: str | None) -> Extracted:
    if kind == "html":
        return extract_html(body, content_type=content_type)
    if kind == "text":
        return extract_text(body, content_type=content_type)
    if kind == "pdf":
        return extract_pdf(body)
    if kind == "docx":
        return extract_docx(body)
    if kind == "doc":
        return extract_doc(body)
    if kind == "xls":
        return extract_xls(body)
    if kind == "xlsx":
        return extract_xlsx(body)
    if kind == "image":
        return Extracted(kind="image", flags=["needs_ocr"])
    if kind == "archive":
        return Extracted(
            kind="archive", flags=["unparsed"], error="unsupported_format: archive, kept unopened"
        )
    return Extracted(kind="unknown", flags=["unparsed"], error="unsupported_format: not a document type")


_TAG = re.compile(rb"<[^>]*>")


def _read_stripped(result: Extracted, body: bytes) -> None:
    """HTML whose parse lost every word (nesting past libxml2's depth limit): read it with tags stripped."""
    stripped = _TAG.sub(b" ", body)
    if len(b"".join(stripped.split())) < 20:  # nothing worth reading between the tags
        return
    fallback = extract_text(stripped)
    if fallback.text.strip():
        result.text = fallback.text
        result.flags.append("markup_damaged")


def _last_segment(url: str | None) -> str | None:
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] if url else None
