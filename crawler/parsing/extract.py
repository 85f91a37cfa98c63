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
  ``page_errors`` (some PDF pages failed), ``unparsed`` (a kind we keep but do not read).
- ``error`` codes: ``empty``, ``too_large``, ``unsupported_format``, ``converter_unavailable``,
  ``html_unparseable``, ``pdf_unreadable``, ``pdf_encrypted``, ``docx_unreadable``,
  ``doc_conversion_failed``, ``xls_unreadable``, ``xlsx_unreadable``, ``extract_failed`` (a bug: the
  message names the exception).
"""

from __future__ import annotations

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
    if len(body) > MAX_BYTES:
        return Extracted(kind=kind, flags=["unparsed"], error=f"too_large: {len(body)} bytes > {MAX_BYTES}")
    try:
        result = _dispatch(kind, body, content_type)
    except Exception as exc:  # a bug in one extractor must cost one document, not the run
        return Extracted(kind=kind, error=f"extract_failed: {type(exc).__name__}: {exc}"[:300])
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


def _last_segment(url: str | None) -> str | None:
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] if url else None
