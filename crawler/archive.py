"""The raw archive: every response's bytes, content-addressed, and one index line per fetch.

``ArchiveStore`` is written by ``crawler.middlewares.ArchiveMiddleware`` (every response) and the ``archive``
pipeline (a document built anywhere), and read by the spider (the seen-store for conditional requests) and by
``crawler.replay`` (re-parsing with no network).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from crawler.urls import request_key

logger = logging.getLogger(__name__)


class ArchiveDamaged(Exception):
    """A blob is missing, or its bytes no longer hash to its name: never read as if it were whole."""

    def __init__(self, sha256: str, reason: str) -> None:
        super().__init__(f"archive object {sha256}: {reason}")
        self.sha256 = sha256
        self.reason = reason


@dataclass(frozen=True)
class FetchRecord:
    run_id: str
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    fetched_at: str
    sha256: str
    size: int
    portal: str | None
    role: str  # list | page | attachment | robots | other
    link_text: str | None = None
    referer: str | None = None
    form: str | None = None  # a POST's form body (``crawler.urls.request_key``); None for a GET

    @property
    def key(self) -> str:
        return request_key(self.url, self.form)

    def to_json(self) -> str:
        fields = {name: value for name, value in self.__dict__.items() if name != "form" or value is not None}
        return json.dumps(fields, ensure_ascii=False, sort_keys=True)


@dataclass
class ArchiveHistory:
    """The archive's earlier runs as a recrawl sees them (``ArchiveStore.history``)."""

    latest_ok: dict[str, FetchRecord] = field(default_factory=dict)  # request key -> its last 200
    runs: int = 0  # crawl runs with a fetch in the archive
    failed_last: frozenset[str] = frozenset()  # request keys whose latest answer was not a 200 or 304
    # portal -> sha256 -> every distinct copy of its list pages (a POST pager keeps all pages at one URL)
    list_pages: dict[str, dict[str, FetchRecord]] = field(default_factory=dict)


class ArchiveStore:
    """``objects/<sha[:2]>/<sha256>`` plus ``fetches.jsonl``. Writing an object twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.index_path = root / "fetches.jsonl"
        self._index: IO[bytes] | None = None
        # Index lines that could not be read, as "fetches.jsonl:LINE: reason" (a torn last line from a
        # killed writer, or damage): skipped and reported, never fatal.
        self.index_problems: list[str] = []

    def object_path(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256

    def put(self, body: bytes) -> tuple[str, bool]:
        """Store ``body``; return its sha256 and whether it was new."""
        sha = hashlib.sha256(body).hexdigest()
        path = self.object_path(sha)
        if path.exists():
            return sha, False
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{sha}.{os.getpid()}.tmp")
        tmp.write_bytes(body)
        tmp.replace(path)  # atomic: a crash never leaves a half-written object under its hash
        return sha, True

    def get(self, sha256: str) -> bytes:
        """The blob's bytes, verified against its name; ``ArchiveDamaged`` if missing or changed."""
        try:
            body = self.object_path(sha256).read_bytes()
        except FileNotFoundError:
            raise ArchiveDamaged(sha256, "missing") from None
        if hashlib.sha256(body).hexdigest() != sha256:
            raise ArchiveDamaged(sha256, f"damaged: its {len(body)} bytes no longer match its sha256")
        return body

    def has(self, sha256: str) -> bool:
        return self.object_path(sha256).exists()

    def record(self, fetch: FetchRecord) -> None:
        if self._index is None:
            self.root.mkdir(parents=True, exist_ok=True)
            torn = self.index_path.exists() and not self.index_path.read_bytes().endswith(b"\n")
            # Unbuffered append: each record is one write(2) on an O_APPEND file, so the workers of a
            # distributed crawl (several processes, one index) never interleave their lines.
            self._index = self.index_path.open("ab", buffering=0)
            if torn and self.index_path.stat().st_size:
                self._index.write(b"\n")  # a killed writer's torn last line: never glue a record onto it
        self._index.write((fetch.to_json() + "\n").encode("utf-8"))

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def fetches(self) -> Iterator[FetchRecord]:
        if not self.index_path.exists():
            return
        self.index_problems = []
        with self.index_path.open(encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield FetchRecord(**json.loads(line))
                except (ValueError, TypeError) as exc:
                    torn = not line.endswith("\n")
                    what = "torn last line (a killed writer)" if torn else f"unreadable ({exc})"[:200]
                    problem = f"{self.index_path}:{number}: {what}"
                    self.index_problems.append(problem)
                    logger.warning("archive index: %s; skipped", problem)

    def latest_ok(self) -> dict[str, FetchRecord]:
        """The last 200 fetch of every request (by ``crawler.urls.request_key``): the recrawl seen-store."""
        return self.history().latest_ok

    def history(self) -> ArchiveHistory:
        """What a recrawl needs to know of earlier runs, read in one pass over the index."""
        history = ArchiveHistory()
        last_status: dict[str, int] = {}
        run_ids: set[str] = set()
        for fetch in self.fetches():
            key = fetch.key
            run_ids.add(fetch.run_id)
            last_status[key] = fetch.status
            if fetch.status != 200:
                continue
            history.latest_ok[key] = fetch
            if fetch.role == "list" and fetch.portal:
                history.list_pages.setdefault(fetch.portal, {})[fetch.sha256] = fetch
        history.runs = len(run_ids)
        history.failed_last = frozenset(
            url for url, status in last_status.items() if status not in (200, 304)
        )
        return history
