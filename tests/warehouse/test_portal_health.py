"""The run history an operator reads: ``fct_crawl_runs`` (every run, repeats too, with mode, status and
alarms) and ``mart_portal_health`` (per portal: last run and success, failures, blocked, reports per year,
fewer than last year), built from the runs' own ``run.json`` records."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from crawler.config import Config
from tests.warehouse.conftest import DAY1, DAY2, query
from tests.warehouse.test_repeats import recrawl
from warehouse.build import build_models
from warehouse.load import load_staging

BROKEN = "20260104T020000Z-broken"


def _set_record(config: Config, run_id: str, **changes: object) -> None:
    path = config.staging_dir / run_id / "run.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record.update(changes)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _changde(reports: int, **extra: object) -> dict[str, object]:
    return {"changde": {"reports": reports, "outcomes": extra, "years": []}}


def _reports_by_year(config: Config, portal: str) -> dict[int, int]:
    """Annual reports first found on ``portal``, distinct agencies per year, read from the staged files."""
    agencies: dict[int, set[str]] = defaultdict(set)
    for run in (DAY1, DAY2):
        for line in (config.staging_dir / run / "reports.jsonl").read_text(encoding="utf-8").splitlines():
            report = json.loads(line)
            if report["portal"] == portal and report["doc_kind"] == "annual_report":
                agencies[report["report_year"]].add(re.sub(r"[\s　]+", "", report["agency"]))
    return {year: len(names) for year, names in sorted(agencies.items())}


def test_every_run_and_each_portal_health(config: Config) -> None:
    zhaotong = {"zhaotong": {"reports": 1, "outcomes": {"fetched": 2}, "years": [2018]}}
    _set_record(config, DAY1, mode="demo", status="ok", portals=_changde(3, fetched=6) | zhaotong)
    _set_record(config, DAY2, mode="demo", status="ok", portals=_changde(3, fetched=7, failed=1))
    load_staging(config)
    assert build_models(config).ok
    # The next run fetched the same (a repeat), but its record says the portal broke.
    recrawl(config, DAY2, BROKEN)
    alarm = {"level": "error", "code": "zero_reports", "portal": "changde", "message": "no report"}
    warning = {"level": "warning", "code": "blocked", "portal": "changde", "message": "2 URLs blocked"}
    _set_record(
        config,
        BROKEN,
        mode="registry",
        status="failed",
        alarms=[alarm, warning],
        portals=_changde(0, failed=5, blocked=2),
    )
    load_staging(config)
    assert build_models(config).ok

    runs = query(
        config.warehouse_path,
        "SELECT run_id, mode, status, is_repeat, alarms, error_alarms, warning_alarms, alarm_codes"
        " FROM main.fct_crawl_runs ORDER BY load_seq",
    )
    assert runs == [
        (DAY1, "demo", "ok", False, 0, 0, 0, []),
        (DAY2, "demo", "ok", False, 0, 0, 0, []),
        (BROKEN, "registry", "failed", True, 2, 1, 1, ["blocked", "zero_reports"]),
    ]
    (health,) = query(
        config.warehouse_path,
        "SELECT runs, failed_runs, last_run_id, last_status, strftime(last_success_at, '%Y-%m-%d'),"
        " last_reports, previous_reports, last_failed, last_blocked, last_alarm_codes,"
        " reports_by_year, fewer_than_last_year"
        " FROM main.mart_portal_health WHERE portal = 'changde'",
    )
    by_year = _reports_by_year(config, "changde")
    latest = max(by_year)
    assert health == (
        3,
        1,
        BROKEN,
        "failed",
        "2026-01-02",  # DAY2: the last run with reports and no error alarm
        0,
        3,
        5,
        2,
        ["blocked", "zero_reports"],
        by_year,
        by_year[latest] < by_year.get(latest - 1, 0),
    )
    (other,) = query(
        config.warehouse_path,
        "SELECT runs, last_status FROM main.mart_portal_health WHERE portal = 'zhaotong'",
    )
    assert other == (1, "ok")  # covered by DAY1 only
