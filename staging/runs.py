"""A staging run folder (``<staging>/<run_id>/``): when it is finished, and how its JSONL files are read.

``_SUCCESS`` is written last (after ``run.json``), so a reader never takes a half-written run for a finished
one; the loader only loads finished runs, and a run record compares itself with finished runs only.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SUCCESS_MARKER = "_SUCCESS"
RECORD_FILE = "run.json"


def new_run_id() -> str:
    """A run folder's name: UTC time then 4 random hex digits, so names sort by time."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def mark_finished(run_dir: Path) -> None:
    (run_dir / SUCCESS_MARKER).write_text("", encoding="utf-8")


def is_finished(run_dir: Path) -> bool:
    return (run_dir / SUCCESS_MARKER).exists()


def finished_runs(staging_dir: Path) -> list[Path]:
    """Finished runs, oldest first (run ids sort by time)."""
    if not staging_dir.is_dir():
        return []
    return sorted(run for run in staging_dir.iterdir() if run.is_dir() and is_finished(run))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line of a small JSONL file as a dict (a missing file is empty). The loader's bulk path reads
    with pyarrow instead (``warehouse/staged.py``)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
