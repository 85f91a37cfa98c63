"""Issue 10, durability: a bad staging run is set aside with its reason, and the good ones still load.

Real fixture staging runs, a real DuckDB file. Day 1 is poisoned (a line that is not the staging format),
or loses its reports file; day 2 must load all the same, and the bad run must be kept, never deleted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import Config
from tests.warehouse.conftest import query
from warehouse.load import QUARANTINE_DIR, load_staging

DAY1, DAY2 = "20260101T020000Z-day1", "20260102T020000Z-day2"


def _poison(run: Path) -> None:
    with (run / "reports.jsonl").open("a", encoding="utf-8") as reports:
        reports.write('{"report_id": 12, "report_year": "not a year", "cells": "nonsense"}\n')


@pytest.mark.parametrize("damage", ["poisoned", "reports_missing"])
def test_a_bad_run_is_quarantined_and_the_good_ones_load(config: Config, damage: str) -> None:
    day1 = config.staging_dir / DAY1
    if damage == "poisoned":
        _poison(day1)
    else:
        (day1 / "reports.jsonl").unlink()
    report = load_staging(config)
    assert report.runs_loaded == [DAY2]
    assert list(report.quarantined) == [DAY1]
    if damage == "reports_missing":
        assert "reports.jsonl missing" in report.quarantined[DAY1]
    kept = config.staging_dir / QUARANTINE_DIR / DAY1
    assert (kept / "QUARANTINED.txt").read_text(encoding="utf-8").strip() == report.quarantined[DAY1]
    assert not day1.exists()
    assert query(config.warehouse_path, "select count(*) from raw.load_runs") == [(1,)]
    assert load_staging(config).quarantined == {}  # set aside once: later loads go on without it
