"""``nianbao export`` and ``nianbao sql``: files that open cleanly, and a real SQL shell (Harlequin, driven
headless by Textual's pilot) on a real DuckDB file."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from harlequin import Harlequin
from textual.pilot import Pilot

from crawler.config import Config
from tests.warehouse.conftest import DAY2, FIXTURES, make_config, query
from warehouse.build import build_models
from warehouse.export import BOM, export_tables
from warehouse.load import load_staging
from warehouse.shell import harlequin_app


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Config:
    data = tmp_path_factory.mktemp("exports") / "data"
    shutil.copytree(FIXTURES, data / "staging")
    config = make_config(data)
    load_staging(config)
    assert build_models(config).ok
    return config


@pytest.fixture(scope="module")
def manifest(built: Config) -> dict[str, object]:
    export_tables(built)
    first = (built.data_dir / "exports" / "manifest.json").read_text(encoding="utf-8")
    export_tables(built)  # twice: the same files, no leftovers
    again = (built.data_dir / "exports" / "manifest.json").read_text(encoding="utf-8")
    assert first == again
    loaded: dict[str, object] = json.loads(again)
    return loaded


def _tables(manifest: dict[str, object]) -> dict[str, dict[str, list[dict[str, object]]]]:
    tables = manifest["tables"]
    assert isinstance(tables, dict)
    return tables


def test_manifest_names_the_run_and_every_dimension_and_mart(
    built: Config, manifest: dict[str, object]
) -> None:
    assert manifest["run_id"] == DAY2  # the last run loaded
    published = query(
        built.warehouse_path,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND (table_name LIKE 'dim%' OR table_name LIKE 'mart%') ORDER BY 1",
    )
    assert sorted(_tables(manifest)) == [name for (name,) in published]
    root = built.data_dir / "exports"
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {"manifest.json"}
    listed = {str(f["path"]) for t in _tables(manifest).values() for f in t["files"]}
    assert on_disk == listed
    for table, entry in _tables(manifest).items():
        total = query(built.warehouse_path, f'SELECT count(*) FROM main."{table}"')[0][0]
        for fmt in ("parquet", "csv"):
            files = [f for f in entry["files"] if f["format"] == fmt]
            assert sum(int(str(f["rows"])) for f in files) == total, (table, fmt)
            for f in files:
                digest = hashlib.sha256((root / str(f["path"])).read_bytes()).hexdigest()
                assert digest == f["sha256"]


def test_one_file_per_table_and_year_with_the_year_inside(built: Config, manifest: dict[str, object]) -> None:
    root = built.data_dir / "exports"
    years = query(
        built.warehouse_path, "SELECT DISTINCT report_year FROM mart_agency_year_outcomes ORDER BY 1"
    )
    files = sorted((root / "parquet" / "mart_agency_year_outcomes").iterdir())
    assert [p.name for p in files] == [f"mart_agency_year_outcomes_{y}.parquet" for (y,) in years]
    with duckdb.connect() as con:
        for path, (year,) in zip(files, years, strict=True):
            inside = con.execute(f"SELECT DISTINCT report_year FROM read_parquet('{path}')").fetchall()
            assert inside == [(year,)]
    assert [p.name for p in (root / "csv" / "dim_agencies").iterdir()] == ["dim_agencies.csv"]


def test_types_survive_the_trip(built: Config, manifest: dict[str, object]) -> None:
    root = built.data_dir / "exports" / "parquet"
    with duckdb.connect() as con:
        region = dict(
            (name, kind)
            for name, kind, *_ in con.execute(
                f"DESCRIBE SELECT * FROM read_parquet('{root}/mart_region_year/*.parquet')"
            ).fetchall()
        )
        issues = dict(
            (name, kind)
            for name, kind, *_ in con.execute(
                f"DESCRIBE SELECT * FROM read_parquet('{root}/mart_inconsistent_reports/*.parquet')"
            ).fetchall()
        )
    assert region["region_code"] == "VARCHAR" and region["report_year"] == "INTEGER"
    assert {region[c] for c in ("applications_new", "granted", "reports")} == {"BIGINT"}  # sums, not doubles
    assert issues["codes"] == "VARCHAR[]"


def test_csv_opens_in_excel_with_lists_as_json(built: Config, manifest: dict[str, object]) -> None:
    folder = built.data_dir / "exports" / "csv" / "mart_inconsistent_reports"
    files = sorted(folder.iterdir())
    assert files and all(p.read_bytes().startswith(BOM) for p in files)
    with files[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(isinstance(json.loads(row["codes"]), list) for row in rows)
    assert all(row["agency_name"] and "\ufeff" not in row["report_key"] for row in rows)


Outcome = list[list[object]] | str


async def _run(app: Harlequin, pilot: Pilot[None], sql: str) -> Outcome:
    """Type ``sql`` into the editor, run it, read the grid; or the name of the error dialog shown instead
    (then closed). A grid stays up until the next result, so a failing query must come before a good one."""
    assert app.editor is not None
    app.editor.text = sql
    await pilot.press("ctrl+j")
    for _ in range(100):
        await pilot.pause(0.1)
        table = app.results_viewer.get_visible_table()
        if table is not None and table.row_count:
            return [list(table.get_row_at(i)) for i in range(table.row_count)]
        if len(app.screen_stack) > 1:  # a modal: Harlequin's error dialog
            shown = type(app.screen).__name__
            await pilot.press("escape")
            return shown
    return "nothing happened"


def _harlequin(warehouse: Path, *queries: str) -> list[Outcome]:
    """Open Harlequin headless (Textual's pilot) on ``warehouse`` and run each query in turn."""
    app = harlequin_app(warehouse)

    async def drive() -> list[Outcome]:
        async with app.run_test(size=(160, 48)) as pilot:
            for _ in range(100):
                if app.editor is not None and getattr(app, "connection", None) is not None:
                    break
                await pilot.pause(0.1)
            return [await _run(app, pilot, sql) for sql in queries]

    try:
        return asyncio.run(drive())
    finally:  # Harlequin's DuckDB adapter leaves closing to the process exit; a test shares the process
        connection = getattr(app, "connection", None)
        if connection is not None:
            connection.conn.close()


def test_sql_shell_is_harlequin_on_the_warehouse(built: Config) -> None:
    sql = "SELECT report_year, count(*) FROM fct_reports GROUP BY 1 ORDER BY 1"
    before = query(built.warehouse_path, "SELECT count(*) FROM fct_reports")
    refused, rows = _harlequin(built.warehouse_path, "DELETE FROM fct_reports", sql)
    expected = query(built.warehouse_path, sql)
    assert isinstance(rows, list) and [tuple(row) for row in rows] == expected and len(expected) > 1
    assert refused == "ErrorModal"  # opened read-only
    assert query(built.warehouse_path, "SELECT count(*) FROM fct_reports") == before != [(0,)]
