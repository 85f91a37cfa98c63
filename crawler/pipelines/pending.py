"""The staged rows of a run while it runs, on disk: written once as each report is staged, read back by
offset when the run is settled at the end, so a crawl's memory does not grow with its reports' rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

PENDING_FILE = "reports.pending.jsonl"  # beside the run's files until it closes; not part of the format

RowRef = tuple[int, int]  # offset and length in the pending file


class PendingRows:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: IO[bytes] | None = None
        self._reader: IO[bytes] | None = None

    def add(self, row: dict[str, Any]) -> RowRef:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = self.path.open("wb")
        data = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
        offset = self._writer.tell()
        self._writer.write(data)
        return offset, len(data)

    def read(self, ref: RowRef) -> dict[str, Any]:
        if self._writer is not None:
            self._writer.flush()
        if self._reader is None:
            self._reader = self.path.open("rb")
        offset, length = ref
        self._reader.seek(offset)
        row: dict[str, Any] = json.loads(self._reader.read(length))
        return row

    def discard(self) -> None:
        for handle in (self._writer, self._reader):
            if handle is not None:
                handle.close()
        self._writer = self._reader = None
        self.path.unlink(missing_ok=True)
