"""Checks that run before an extractor touches hostile bytes, and the damage it reports afterwards.

- Zip-based formats (DOCX, XLSX) are refused when their entries would inflate past a size or ratio no
  report needs: a 0.6 MB file whose ``document.xml`` inflates to 200 MiB otherwise holds a worker for
  minutes. ``zipfile`` stops reading an entry at its declared size, so the declared sizes are binding.
- Stray NUL bytes in a text or HTML document (a bad copy, a padded upload) are dropped before decoding,
  so one NUL no longer costs the whole report; the flag says it happened.
- pdfminer reports damaged streams only as log records ("Data-loss while decompressing corrupted data");
  ``DamageLog`` turns them into the ``damaged`` flag so the damage reaches the record, not only stderr.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

MAX_INFLATED_BYTES = 200 * 1024 * 1024  # all entries together; a long report DOCX inflates to ~5 MB
MAX_ENTRY_RATIO = 200  # inflated / compressed for one large entry; XML compresses ~10-30x
_RATIO_FLOOR = 1024 * 1024  # small entries may compress arbitrarily well
NUL = b"\x00"


def zip_inflation_error(body: bytes) -> str | None:
    """``zip_bomb: …`` when the archive would inflate past the limits, else None (also for a bad zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # the extractor reports a broken package in its own words
    total = sum(entry.file_size for entry in entries)
    if total > MAX_INFLATED_BYTES:
        return f"zip_bomb: entries inflate to {total} bytes > {MAX_INFLATED_BYTES}"
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > MAX_ENTRY_RATIO:
            return f"zip_bomb: {entry.filename} inflates {ratio:.0f}x (limit {MAX_ENTRY_RATIO}x)"
    return None


def drop_nul_bytes(body: bytes) -> tuple[bytes, bool]:
    """The body without NUL bytes (UTF-16 text keeps them: they are half its characters)."""
    if NUL not in body or body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body, False
    return body.replace(NUL, b""), True


class _DamageHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage()[:200])


@contextmanager
def damage_log() -> Iterator[list[str]]:
    """Collect pdfminer's warnings about damaged streams while the block runs."""
    logger = logging.getLogger("pdfminer")
    handler = _DamageHandler()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
