"""What kind of document a byte string is: magic bytes decide, names and Content-Type only break ties."""

from __future__ import annotations

import io
import re
import zipfile

KINDS = ("html", "pdf", "docx", "doc", "xls", "xlsx", "text", "image", "archive", "unknown")

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_ARCHIVE_MAGIC = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OLE2 directory entries hold stream names in UTF-16LE; the main stream tells Word from Excel.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<div[\s>]|<table[\s>]|<p[\s>]|<br\s*/?>",
    re.I,
)
_SAMPLE = 4096
# Control bytes that never occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))


def sniff(body: bytes, *, content_type: str | None = None, filename: str | None = None) -> str:
    """One of ``KINDS``. The bytes decide; the Content-Type and file name only settle text vs html."""
    head = body[:_SAMPLE].lstrip(b"\xef\xbb\xbf\r\n\t ")
    if not head:
        return "unknown"
    if b"%PDF-" in body[:1024]:
        return "pdf"
    if head.startswith(_OLE2):
        return _ole2_kind(body, filename)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(body)
    if head.startswith(b"{\\rtf"):
        return "doc"  # RTF goes through the same converter as legacy Word
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(_ARCHIVE_MAGIC):
        return "archive"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs; judge it decoded
        head = head.decode("utf-16", "replace").encode("utf-8", "replace")
    if not _looks_textual(head):
        return "unknown"
    if _HTML_MARKERS.search(head):
        return "html"
    hint = f"{content_type or ''} {filename or ''}".lower()
    if "html" in hint or re.search(r"\.s?html?\b", hint):
        return "html" if b"<" in head else "text"
    return "text"


def _ole2_kind(body: bytes, filename: str | None) -> str:
    directory = body[:262_144]  # the directory sits early in the small files portals publish
    if _WORD_STREAM in directory:
        return "doc"
    if any(s in directory for s in _EXCEL_STREAMS):
        return "xls"
    name = (filename or "").lower()
    if name.endswith((".xls", ".et")):
        return "xls"
    if name.endswith((".doc", ".wps", ".dot")):
        return "doc"
    return "unknown"


def _zip_kind(body: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "archive"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "archive"


def _looks_textual(head: bytes) -> bool:
    """Few control bytes: text in any ASCII-compatible encoding, not binary."""
    if b"\x00" in head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls <= len(head) // 100
