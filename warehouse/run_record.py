"""A staging run's record (``run.json``) landed as one row of ``raw.crawl_runs``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from staging.runs import RECORD_FILE
from warehouse.staged import StagingError


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def merge_run_record(con: duckdb.DuckDBPyConnection, run_dir: Path, add: Callable[..., None]) -> None:
    """``run.json`` as a ``raw.crawl_runs`` row (inserted, replaced when it changed, else left alone);
    ``add(table, inserted=, updated=, noop=)`` counts what happened."""
    path = run_dir / RECORD_FILE
    if not path.exists():
        return
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StagingError(f"{path}: not valid JSON: {exc}") from exc
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    row = pa.table(
        {
            "run_id": [run_dir.name],
            "started_at": pa.array([_timestamp(record.get("started_at"))], pa.timestamp("us")),
            "finished_at": pa.array([_timestamp(record.get("finished_at"))], pa.timestamp("us")),
            "run_json": [text],
        }
    )
    con.register("incoming_run", row)
    try:
        found = con.execute("SELECT run_json FROM raw.crawl_runs WHERE run_id = ?", [run_dir.name]).fetchall()
        existing = found[0] if found else None
        if existing and existing[0] == text:
            add("crawl_runs", noop=1)
            return
        con.execute("DELETE FROM raw.crawl_runs WHERE run_id = ?", [run_dir.name])
        con.execute("INSERT INTO raw.crawl_runs SELECT * FROM incoming_run")
        add("crawl_runs", updated=1 if existing else 0, inserted=0 if existing else 1)
    finally:
        con.unregister("incoming_run")
