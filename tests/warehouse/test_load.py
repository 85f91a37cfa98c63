"""The loader: finished runs only, idempotent (insert/update/noop counts), staging kept, bad input named."""

from __future__ import annotations

import json
import re

import pytest

from crawler.config import Config
from tests.warehouse.conftest import DAY1, DAY2, UNFINISHED, edit_reports, query, snapshot
from warehouse import staged
from warehouse.load import load_staging


def test_loads_finished_runs_only_and_keeps_staging(config: Config) -> None:
    report = load_staging(config)
    assert report.runs_loaded == [DAY1, DAY2]
    assert report.per_table["reports"] == {"inserted": 6, "updated": 0, "noop": 1}  # day 2 re-stages one
    assert report.per_table["crawl_events"]["inserted"] == 15
    loaded = query(config.warehouse_path, "SELECT run_id, load_seq FROM raw.load_runs ORDER BY load_seq")
    assert loaded == [(DAY1, 1), (DAY2, 2)]
    assert not query(config.warehouse_path, "SELECT * FROM raw.reports WHERE agency = '不应加载的机关'")
    for run in (DAY1, DAY2, UNFINISHED):
        assert (config.staging_dir / run / "reports.jsonl").exists()


def test_loading_twice_changes_nothing(config: Config) -> None:
    load_staging(config)
    before = snapshot(config.warehouse_path, ("raw",))
    again = load_staging(config)
    assert (again.runs_loaded, again.inserted, again.updated, again.noop) == ([], 0, 0, 0)
    reload = load_staging(config, reload=True)
    assert reload.runs_loaded == [DAY1, DAY2]
    assert (reload.inserted, reload.updated) == (0, 0)
    assert reload.per_table["reports"]["noop"] == 7
    assert reload.per_table["crawl_events"]["noop"] == 15
    assert snapshot(config.warehouse_path, ("raw",)) == before


def test_same_version_with_new_content_is_an_update(config: Config) -> None:
    load_staging(config)

    def reparse(report: dict) -> None:  # a better parser re-reads the same bytes: same report_id
        if report["agency"] == "昭通市政务服务管理局":
            report["cells"]["t3.granted.natural_person"] = 6
            report["issues"] = [{"code": "t3_balance", "message": "re-parsed"}]

    edit_reports(config, DAY1, reparse)
    report = load_staging(config, reload=True)
    assert report.per_table["reports"] == {"inserted": 0, "updated": 1, "noop": 6}
    cells = query(
        config.warehouse_path,
        """
        SELECT c.value FROM raw.report_cells c JOIN raw.reports r USING (report_id)
        WHERE r.agency = '昭通市政务服务管理局' AND c.cell_key = 't3.granted.natural_person'""",
    )
    assert cells == [(6.0,)]
    issues = query(
        config.warehouse_path,
        """
        SELECT i.code FROM raw.report_issues i JOIN raw.reports r USING (report_id)
        WHERE r.agency = '昭通市政务服务管理局'""",
    )
    assert issues == [("t3_balance",)]


def test_malformed_run_is_named_and_loads_nothing(config: Config) -> None:
    path = config.staging_dir / DAY2 / "reports.jsonl"
    path.write_text(
        path.read_text(encoding="utf-8") + '{"report_id": "x", "cells": "not a map"\n', encoding="utf-8"
    )
    assert DAY2 in load_staging(config).quarantined[DAY2]  # named, set aside; day 1 still loads
    assert query(config.warehouse_path, "SELECT run_id FROM raw.load_runs") == [(DAY1,)]
    assert query(
        config.warehouse_path, f"SELECT count(*) FROM raw.report_sightings WHERE run_id = '{DAY2}'"
    ) == [(0,)]


def test_bad_date_is_refused_with_the_value(config: Config) -> None:
    edit_reports(config, DAY1, lambda r: r.update(published_date="2022年1月20日"))
    assert "2022年1月20日" in load_staging(config).quarantined[DAY1]
    assert query(config.warehouse_path, f"SELECT count(*) FROM raw.load_runs WHERE run_id = '{DAY1}'") == [
        (0,)
    ]


def test_facts_land_as_stated_with_their_marks(config: Config) -> None:
    """Cells and figures are exploded in Arrow: a null is a figure not stated (no row), a key the template
    does not know still lands (the data tests flag it), marks land on the rows they name."""

    def restate(report: dict) -> None:
        if report["agency"] == "常德市交通运输局" and report["report_year"] == 2022:
            report["cells"]["t3.granted.natural_person"] = None
            report["cells"]["t9.invented.total"] = 2.5

    edit_reports(config, DAY2, restate)
    load_staging(config)
    rows = query(
        config.warehouse_path,
        """
        SELECT c.cell_key, c.value FROM raw.report_cells c JOIN raw.reports r USING (report_id)
        WHERE r.agency = '常德市交通运输局' AND r.report_year = 2022
          AND c.cell_key IN ('t3.granted.natural_person', 't9.invented.total')""",
    )
    assert rows == [("t9.invented.total", 2.5)]
    marked = query(
        config.warehouse_path,
        """
        SELECT 'cell', cell_key FROM raw.report_cells WHERE is_uncertain
        UNION ALL SELECT 'approximate', figure_key FROM raw.report_figures WHERE is_approximate
        ORDER BY ALL""",
    )
    assert marked == [("approximate", "proactive_total"), ("cell", "t3.denied_process.research")]


def test_a_cell_that_is_not_a_number_names_its_key(config: Config) -> None:
    edit_reports(config, DAY1, lambda r: r["cells"].update({"t3.new.odd": "seven"}))
    reason = load_staging(config).quarantined[DAY1]
    assert re.search(r"reports\.jsonl: cells 't3\.new\.odd' holds string", reason)
    assert query(config.warehouse_path, f"SELECT count(*) FROM raw.load_runs WHERE run_id = '{DAY1}'") == [
        (0,)
    ]


def test_a_repeated_report_id_refuses_the_run(config: Config) -> None:
    """The stage pipeline decides which copy stands for a report; the loader never picks again."""
    path = config.staging_dir / DAY1 / "reports.jsonl"
    first = path.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    again = json.loads(first)
    again["title"] = "a later line with the same report_id"
    path.write_text(path.read_text(encoding="utf-8") + json.dumps(again, ensure_ascii=False) + "\n")
    assert "more than one line" in load_staging(config).quarantined[DAY1]
    assert query(config.warehouse_path, f"SELECT count(*) FROM raw.load_runs WHERE run_id = '{DAY1}'") == [
        (0,)
    ]


def test_lines_longer_than_a_parse_block_still_load(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staged, "BLOCK_SIZE", 512)  # every report line straddles blocks
    report = load_staging(config)
    assert report.per_table["report_cells"]["inserted"] == 875
