"""Warehouse tests run against real DuckDB files in tmp_path, fed by the hand-written staging runs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from crawler.config import Config, load_config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "staging"
DAY1, DAY2, UNFINISHED = "20260101T020000Z-day1", "20260102T020000Z-day2", "20260103T020000Z-unfinished"


def make_config(data_dir: Path) -> Config:
    return load_config({"NIANBAO_DATA_DIR": str(data_dir)})


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """A data dir holding copies of every fixture staging run (day 1, day 2, an unfinished one)."""
    shutil.copytree(FIXTURES, tmp_path / "data" / "staging")
    return make_config(tmp_path / "data")


def edit_reports(config: Config, run_id: str, edit: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite one staging run's reports.jsonl, applying ``edit`` to every report dict."""
    path = config.staging_dir / run_id / "reports.jsonl"
    reports = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for report in reports:
        edit(report)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reports), encoding="utf-8")


def snapshot(
    path: Path, schemas: tuple[str, ...] = ("main", "raw"), *, views: bool = False
) -> dict[str, list[str]]:
    """Every table's (and with ``views``, every view's) contents, as sorted row reprs, for equality checks."""
    kinds = "('BASE TABLE', 'VIEW')" if views else "('BASE TABLE')"
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            f"WHERE table_schema IN ({', '.join(repr(s) for s in schemas)}) AND table_type IN {kinds}"
        ).fetchall()
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for (t,) in tables}
    finally:
        con.close()


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
