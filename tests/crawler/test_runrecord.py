"""Run-record alarms, on hand-made staging runs (the crawl tests cover the happy path)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler.runrecord import History, previous_runs, summarise


def make_run(staging: Path, name: str, portal: str, years: list[int], *, finished: bool = True) -> Path:
    run = staging / name
    run.mkdir(parents=True)
    reports = [
        {
            "report_id": f"{portal}{y}",
            "agency": f"{portal}局",
            "report_year": y,
            "sources": [{"portal": portal}],
        }
        for y in years
    ]
    (run / "reports.jsonl").write_text("".join(json.dumps(r) + "\n" for r in reports))
    (run / "crawl_events.jsonl").write_text("")
    if finished:
        (run / "run.json").write_text(json.dumps({"portals": {portal: {}}}))
        (run / "_SUCCESS").write_text("")
    return run


def summary_of(staging: Path, run: Path, portals: list[str]) -> dict[str, Any]:
    return summarise(run, portals, history=History(previous_runs(staging, run)), mode="crawl")


def test_fewer_reports_fail_and_a_missing_year_is_warned(tmp_path: Path) -> None:
    make_run(tmp_path, "20260101T000000Z-0001", "a", [2019, 2020, 2021])
    make_run(
        tmp_path, "20260102T000000Z-0002", "b", [2020]
    )  # another portal in between: not a baseline for a
    make_run(tmp_path, "20260102T120000Z-0003", "a", [], finished=False)  # unfinished runs are ignored
    now = make_run(tmp_path, "20260103T000000Z-0004", "a", [2020, 2021])
    record = summary_of(tmp_path, now, ["a"])
    assert record["previous_runs"] == {"a": "20260101T000000Z-0001"}
    assert [(a["level"], a["code"]) for a in record["alarms"]] == [
        ("error", "fewer_reports"),
        ("warning", "year_missing"),
    ]
    assert "2019" in record["alarms"][1]["message"]
    assert record["status"] == "failed"


def test_a_portal_with_no_report_is_an_error(tmp_path: Path) -> None:
    now = make_run(tmp_path, "20260103T000000Z-0004", "a", [])
    record = summary_of(tmp_path, now, ["a"])
    assert record["status"] == "failed"
    assert [(a["level"], a["code"]) for a in record["alarms"]] == [("error", "zero_reports")]


def test_a_portal_robots_txt_forbids_entirely_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    now = make_run(tmp_path, "20260103T000000Z-0004", "a", [])
    column = {"portal": "a", "role": "list", "outcome": "skipped", "reason": "robots"}
    (now / "crawl_events.jsonl").write_text(json.dumps(column) + "\n")
    record = summary_of(tmp_path, now, ["a"])
    assert record["status"] == "ok"
    assert [(a["level"], a["code"]) for a in record["alarms"]] == [("warning", "robots_disallowed")]
    # One column disallowed and another one broken: still an error, nothing explains the silence.
    broken = {**column, "outcome": "failed", "reason": "http_404"}
    (now / "crawl_events.jsonl").write_text(json.dumps(column) + "\n" + json.dumps(broken) + "\n")
    assert summary_of(tmp_path, now, ["a"])["status"] == "failed"


def test_a_year_the_registry_expects_is_warned_when_missing(tmp_path: Path) -> None:
    now = make_run(tmp_path, "20260103T000000Z-0004", "a", [2020, 2021])
    record = summarise(now, ["a"], history=History([]), mode="crawl", expected={"a": (2019, 2020)})
    assert [(a["code"], a["message"]) for a in record["alarms"]] == [
        ("year_missing", "2019 is expected by the registry, not found")
    ]
    assert summarise(now, ["a"], history=History([]), mode="crawl", expected={"a": (2020,)})["alarms"] == []
