"""A crawl run that observed exactly what the previous loaded run observed is a repeat: recorded in
``raw.load_runs`` with ``repeat_of``, and no published table (schemas ``main`` and ``internal``) changes
but the run history (``fct_crawl_runs``, ``mart_portal_health``), where every run that ran is seen."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from typing import Any

import duckdb
import pytest

from crawler.config import Config
from tests.warehouse.conftest import DAY1, DAY2, edit_reports, query, snapshot
from warehouse.build import build_models
from warehouse.load import load_staging

PUBLISHED = ("main", "internal")
RUN_HISTORY = ("main.fct_crawl_runs", "main.mart_portal_health", "internal.stg_raw__crawl_runs")


def published(config: Config) -> dict[str, list[str]]:
    """The published snapshot without the run history (which a repeat rightly extends)."""
    tables = snapshot(config.warehouse_path, PUBLISHED, views=True)
    return {name: rows for name, rows in tables.items() if name not in RUN_HISTORY}


Event = dict[str, Any]


def recrawl(
    config: Config, source: str, run_id: str, edit: Callable[[list[Event]], None] | None = None
) -> str:
    """A finished copy of staging run ``source`` as a later crawl would write it: new run id, every time
    stamp moved to the new day, demo URLs on another ephemeral port, the unchanged pages answered with 304
    (not_modified, carrying the sha256 of the archived copy); ``edit`` then changes its events."""
    src, dst = config.staging_dir / source, config.staging_dir / run_id
    shutil.copytree(src, dst)
    day = run_id[:8]

    def moved(text: str) -> str:
        return text.replace(source, run_id).replace(
            f"{source[:4]}-{source[4:6]}-{source[6:8]}T", f"{day[:4]}-{day[4:6]}-{day[6:8]}T"
        )

    def on_new_port(url: str) -> str:
        return url.replace(".test/", ".test:40123/", 1)

    events = [
        json.loads(moved(line))
        for line in (dst / "crawl_events.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for event in events:
        event["url"] = on_new_port(event["url"])
        if event["outcome"] == "fetched" and event["sha256"]:
            event.update(outcome="not_modified", status=304)
    if edit:
        edit(events)
    (dst / "crawl_events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    for name in ("reports.jsonl", "run.json"):
        (dst / name).write_text(moved((dst / name).read_text(encoding="utf-8")), encoding="utf-8")
    return run_id


@pytest.fixture
def built(config: Config) -> dict[str, list[str]]:
    """Day 1 and day 2 loaded and published; returns the published snapshot."""
    load_staging(config)
    assert build_models(config).ok
    return published(config)


def test_a_run_observing_the_same_is_a_repeat_and_publishes_nothing(config: Config, built: dict) -> None:
    raw_reports = snapshot(config.warehouse_path, ("raw",))["raw.reports"]
    again = recrawl(config, DAY2, "20260104T020000Z-again")
    report = load_staging(config)
    assert report.runs_loaded == [again]
    assert report.repeats == {again: DAY2}
    assert report.per_table == {"crawl_runs": {"inserted": 1, "updated": 0, "noop": 0}}
    assert build_models(config).ok
    assert published(config) == built
    assert snapshot(config.warehouse_path, ("raw",))["raw.reports"] == raw_reports
    # The run history shows it: a repeat, with no URL counts of its own (its events are DAY2's).
    assert query(
        config.warehouse_path,
        f"SELECT is_repeat, repeat_of, urls, status FROM main.fct_crawl_runs WHERE run_id = '{again}'",
    ) == [(True, DAY2, None, None)]  # the hand-written fixture records carry no status
    # Operators still see that it ran, when, and what it repeated.
    assert query(
        config.warehouse_path,
        f"SELECT l.repeat_of, l.load_seq, l.loaded_at > (SELECT max(loaded_at) FROM raw.load_runs"
        f"  WHERE run_id <> '{again}'), strftime(c.started_at, '%Y-%m-%d')"
        f" FROM raw.load_runs l JOIN raw.crawl_runs c USING (run_id) WHERE run_id = '{again}'",
    ) == [(DAY2, 3, True, "2026-01-04")]

    # A repeat of a repeat names the run that first observed it; a reload leaves both as they are.
    third = recrawl(config, DAY2, "20260105T020000Z-third")
    assert load_staging(config).repeats == {third: DAY2}
    reload = load_staging(config, reload=True)
    assert (reload.inserted, reload.updated) == (0, 0)
    assert reload.repeats == {again: DAY2, third: DAY2}
    assert build_models(config).ok
    assert published(config) == built


def _new_content(events: list[Event]) -> None:
    events[0]["sha256"] = "0" * 64  # the list page changed


def _fails_differently(events: list[Event]) -> None:
    broken = next(e for e in events if e["outcome"] == "failed")
    broken.update(outcome="failed", reason="http_503", status=503)


@pytest.mark.parametrize("edit", [_new_content, _fails_differently], ids=["content", "failure_reason"])
def test_one_changed_event_makes_a_normal_run(config: Config, built: dict, edit: Callable) -> None:
    run = recrawl(config, DAY2, "20260104T020000Z-changed", edit)
    report = load_staging(config)
    assert report.repeats == {}
    assert report.per_table["crawl_events"]["inserted"] == 7
    assert report.per_table["report_sightings"]["inserted"] == 3
    assert build_models(config).ok
    after = published(config)
    assert after != built
    assert query(
        config.warehouse_path, f"SELECT count(*) FROM main.fct_crawl_runs WHERE run_id = '{run}'"
    ) == [(1,)]
    assert query(
        config.warehouse_path,
        "SELECT count(*) FROM main.fct_report_versions WHERE CAST(last_seen_at AS DATE) = '2026-01-04'",
    ) == [(3,)]


def test_a_report_missing_from_the_run_makes_a_normal_run(config: Config, built: dict) -> None:
    run = recrawl(config, DAY2, "20260104T020000Z-fewer")
    path = config.staging_dir / run / "reports.jsonl"
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[1:]), encoding="utf-8")
    assert load_staging(config).repeats == {}
    assert query(config.warehouse_path, f"SELECT repeat_of FROM raw.load_runs WHERE run_id = '{run}'") == [
        (None,)
    ]


def test_same_observations_with_new_content_load_normally(config: Config, built: dict) -> None:
    """A better parser re-reads the same archived bytes: same URLs, same sha256, same report ids, other
    figures. That is news to land, not a repeat."""
    run = recrawl(config, DAY2, "20260104T020000Z-reparsed")

    def reparse(report: dict) -> None:
        if report["agency"] == "常德市交通运输局" and report["report_year"] == 2022:
            report["cells"]["t3.granted.natural_person"] = 12

    edit_reports(config, run, reparse)
    report = load_staging(config)
    assert report.repeats == {}
    assert report.per_table["reports"] == {"inserted": 0, "updated": 1, "noop": 2}
    assert report.per_table["report_cells"]["updated"] > 0
    assert query(
        config.warehouse_path,
        "SELECT c.value FROM raw.report_cells c JOIN raw.reports r USING (report_id)"
        " WHERE r.agency = '常德市交通运输局' AND r.report_year = 2022"
        " AND c.cell_key = 't3.granted.natural_person'",
    ) == [(12.0,)]


def test_only_the_latest_run_counts(config: Config, built: dict) -> None:
    """Day 1 observed again after day 2 is a change back, not a repeat of day 1."""
    recrawl(config, DAY1, "20260104T020000Z-day1-again")
    assert load_staging(config).repeats == {}


def test_warehouse_made_before_repeats_gets_the_new_columns(config: Config) -> None:
    config.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(config.warehouse_path)) as con:
        con.execute("CREATE SCHEMA raw")
        old_columns = (
            "run_id VARCHAR PRIMARY KEY, load_seq INTEGER, loaded_at TIMESTAMP, staged_path VARCHAR,"
            " report_lines INTEGER, event_lines INTEGER, inserted INTEGER, updated INTEGER, noop INTEGER"
        )
        con.execute(f"CREATE TABLE raw.load_runs ({old_columns})")
    assert load_staging(config).runs_loaded == [DAY1, DAY2]
    assert query(config.warehouse_path, "SELECT count(fingerprint), count(repeat_of) FROM raw.load_runs") == [
        (2, 0)
    ]
