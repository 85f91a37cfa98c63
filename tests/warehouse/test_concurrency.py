"""One writer at a time, and a killed load changes nothing: real processes on a real DuckDB file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.config import Config
from staging.runs import mark_finished
from tests.warehouse.conftest import DAY1, DAY2, query, snapshot
from warehouse.build import build_models
from warehouse.connection import LockPolicy, WarehouseLockedError
from warehouse.load import load_staging

ROOT = Path(__file__).resolve().parents[2]
TINY_WAIT = LockPolicy(attempts=3, max_seconds=2.0, first_wait=0.01, max_wait=0.05)


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _wait_for_line(process: subprocess.Popen[str], expected: str) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == expected, (line, process.stderr.read() if process.stderr else "")


def test_lock_held_by_another_process_fails_clearly(config: Config) -> None:
    config.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    holder = _python(
        f"import duckdb, time; con = duckdb.connect({str(config.warehouse_path)!r});"
        " print('ready', flush=True);"
        " time.sleep(60)"
    )
    try:
        _wait_for_line(holder, "ready")
        started = time.monotonic()
        with pytest.raises(WarehouseLockedError) as error:
            load_staging(config, lock=TINY_WAIT)
        assert time.monotonic() - started < 10
        assert f"PID {holder.pid}" in str(error.value)
        assert "3 attempts" in str(error.value)
        with pytest.raises(WarehouseLockedError, match=f"PID {holder.pid}"):
            build_models(config, lock=TINY_WAIT)
    finally:
        holder.kill()
        holder.wait()
    assert load_staging(config, lock=TINY_WAIT).runs_loaded == [DAY1, DAY2]  # free again: it works


def _big_run(staging: Path, run_id: str, reports: int, cells: int) -> None:
    """A finished staging run large enough that loading it takes a while."""
    folder = staging / run_id
    folder.mkdir(parents=True)
    cell_map = {f"t2.synthetic_{i}.value": i for i in range(cells)}
    with (folder / "reports.jsonl").open("w", encoding="utf-8") as out:
        for n in range(reports):
            out.write(
                json.dumps(
                    {
                        "report_id": f"{n:032x}",
                        "run_id": run_id,
                        "agency": f"机关{n}",
                        "report_year": 2020,
                        "template": "2021",
                        "doc_kind": "annual_report",
                        "cells": cell_map,
                        "figures": {},
                        "sources": [{"url": f"http://big.test/{n}.html", "host": "big.test"}],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    (folder / "crawl_events.jsonl").write_text("", encoding="utf-8")
    mark_finished(folder)


def test_killed_load_leaves_published_tables_and_next_load_completes(config: Config) -> None:
    load_staging(config)
    assert build_models(config).ok
    published = snapshot(config.warehouse_path, ("main",))
    raw_before = snapshot(config.warehouse_path, ("raw",))
    big = "20260104T020000Z-big"
    _big_run(config.staging_dir, big, reports=4000, cells=400)  # 1.6 million cells

    loader = _python(
        "import sys; from crawler.config import load_config; from warehouse.load import load_staging;"
        " print('loading', flush=True); load_staging(load_config())",
        env={"NIANBAO_DATA_DIR": str(config.data_dir)},
    )
    _wait_for_line(loader, "loading")
    time.sleep(0.8)
    finished_before_kill = loader.poll() is not None
    loader.send_signal(signal.SIGKILL)
    loader.wait()

    assert snapshot(config.warehouse_path, ("main",)) == published
    if not finished_before_kill:  # the usual case: the transaction was cut, nothing of it remains
        assert snapshot(config.warehouse_path, ("raw",)) == raw_before
    report = load_staging(config)
    assert report.runs_loaded == ([] if finished_before_kill else [big])
    assert (
        query(config.warehouse_path, "SELECT count(*) FROM raw.report_cells WHERE report_id LIKE '0000%'")[0][
            0
        ]
        > 0
    )
    assert query(
        config.warehouse_path, f"SELECT count(*) FROM raw.report_sightings WHERE run_id = '{big}'"
    ) == [(4000,)]
