"""The index on disk: entries as JSON lines, signatures as numpy chunks, both only ever appended.

Layout under the directory the caller gives (beside the archive, e.g. ``data/identity/``):
``entries.jsonl`` (one EntryFacts per line, in insertion order), ``signatures-<first row>.npy`` (one chunk
per save, named by the row its first signature belongs to) and ``meta.json`` (the MinHash parameters).
A save writes the signature chunk before the entry lines, so a crash leaves at worst a chunk without
entries: loading ignores it (the entry lines are the truth) and the next save overwrites it.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import numpy as np
import numpy.typing as npt

from crawler.identity.classify import EntryFacts
from crawler.identity.prepare import pack

log = logging.getLogger(__name__)

ENTRIES = "entries.jsonl"
META = "meta.json"


class IndexStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def check_meta(self, meta: dict[str, object]) -> None:
        """Refuse to mix signatures made with other MinHash parameters; record them on first use."""
        path = self.directory / META
        if path.exists():
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored != meta:
                raise ValueError(f"index at {self.directory} was built with {stored}, not {meta}")
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")

    def load(self, num_perm: int) -> tuple[list[EntryFacts], npt.NDArray[np.uint32]]:
        entries = self._load_entries()
        chunks: list[npt.NDArray[np.uint32]] = [np.empty((0, num_perm), dtype=np.uint32)]
        rows = 0
        path = self._chunk_path(0)
        while rows < len(entries) and (path := self._chunk_path(rows)).exists():
            chunks.append(np.load(path))
            rows += len(chunks[-1])
        if rows > len(entries):  # rows of entries lost with a torn line: trim so the next save follows on
            np.save(path, chunks[-1][: len(chunks[-1]) - (rows - len(entries))])
        signatures = np.concatenate(chunks)
        if len(signatures) < len(entries):
            raise ValueError(
                f"index at {self.directory}: {len(entries)} entries, {len(signatures)} signatures"
            )
        return entries, signatures[: len(entries)]

    def append(self, first_row: int, entries: list[EntryFacts], signatures: npt.NDArray[np.uint32]) -> None:
        """Persist entries ``first_row`` … (the rows already on disk come before them)."""
        if not entries:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        np.save(self._chunk_path(first_row), signatures)
        with (self.directory / ENTRIES).open("a", encoding="utf-8") as out:
            for entry in entries:
                out.write(json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n")

    def _chunk_path(self, first_row: int) -> Path:
        return self.directory / f"signatures-{first_row:09d}.npy"

    def _load_entries(self) -> list[EntryFacts]:
        """Every entry line; a torn last line (a save cut short) is cut off with a warning, since its
        document is simply indexed again when next seen; a garbled line before the last is an error."""
        path = self.directory / ENTRIES
        if not path.exists():
            return []
        entries: list[EntryFacts] = []
        good_bytes = 0
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    if line.strip():
                        entries.append(EntryFacts(**json.loads(line)))
                except (ValueError, TypeError) as exc:
                    if lines.read(1):
                        raise ValueError(f"{path}:{number}: not an index entry ({exc})") from exc
                    log.warning("%s:%d: torn last entry cut off (%s)", path, number, exc)
                    with path.open("r+b") as out:
                        out.truncate(good_bytes)
                    break
                good_bytes += len(line)
        if good_bytes and not line.endswith(b"\n"):  # whole but unterminated: the next line must not glue on
            with path.open("ab") as out:
                out.write(b"\n")
        return entries


class TextStore:
    """The parser's text of every indexed document, gzipped under ``texts/`` beside the index, so a
    candidate from an earlier run can be verified by its exact similarity without re-parsing the archive.
    Content-addressed by doc id (the hash of the text), so writing one twice is harmless.

    ``put`` hands the file to one writer thread (a stat, a write and a rename per text, off the thread that
    classifies the documents); until it is on disk ``get`` reads it from memory. ``flush`` waits for every
    write and raises the first that failed: the index saves its entries only after it."""

    BACKLOG = 512  # texts waiting for the writer before ``put`` waits for the oldest

    def __init__(self, directory: Path) -> None:
        self.directory = directory / "texts"
        self._folders: set[Path] = set()
        self._pending: dict[str, bytes] = {}  # doc id -> packed text not yet on disk
        self._writes: deque[Future[None]] = deque()
        self._writer: ThreadPoolExecutor | None = None

    def put(self, doc_id: str, text: str, packed: bytes | None = None) -> None:
        """Keep ``text`` (``packed``: already gzipped by ``crawler.identity.prepare.pack``, in a worker)."""
        if doc_id in self._pending:
            return
        while len(self._writes) >= self.BACKLOG or (self._writes and self._writes[0].done()):
            self._writes.popleft().result()
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-texts")
        data = packed if packed is not None else pack(text)
        self._pending[doc_id] = data
        self._writes.append(self._writer.submit(self._write, doc_id, data))

    def flush(self) -> None:
        """Every text put so far is on disk (the first failed write raises here)."""
        while self._writes:
            self._writes.popleft().result()
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None

    def get(self, doc_id: str) -> str | None:
        data = self._pending.get(doc_id)
        try:
            if data is None:
                data = self._path(doc_id).read_bytes()
            return gzip.decompress(data).decode("utf-8")
        except (OSError, EOFError, ValueError):
            return None  # gone or damaged: the candidate is unverifiable and does not count

    def _write(self, doc_id: str, data: bytes) -> None:
        try:
            path = self._path(doc_id)
            if path.exists():
                return
            if path.parent not in self._folders:  # one mkdir per folder, not per text (a stat each)
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(path)  # a crash never leaves a torn text under the final name
        finally:
            self._pending.pop(doc_id, None)  # on disk now (or failed: ``flush`` says so)

    def _path(self, doc_id: str) -> Path:
        return self.directory / doc_id[:2] / f"{doc_id}.txt.gz"
