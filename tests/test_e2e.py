"""End to end: the README's main job against the demo portals on loopback, run twice.

One module-scoped data directory; the first run builds the warehouse, the second must change nothing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.report_browser import CHROMIUM, NO_CHROMIUM, render
from warehouse.report_page import CHARTS, write_report

pytestmark = pytest.mark.e2e

SEED_LABELS = Path(__file__).resolve().parent.parent / "demo/content/seeds/labels.jsonl"


def _run_main_job(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_DATA_DIR": str(data_dir), "NIANBAO_THROTTLE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "nianbao.cli", "warehouse"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table and view of the published schema, rows sorted, so two builds can be compared."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main' order by 1"
            ).fetchall()
        ]
        return {name: sorted(con.execute(f'select * from "{name}"').fetchall(), key=repr) for name in names}


@pytest.fixture(scope="module")
def warehouse_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    first = _run_main_job(data_dir)
    assert first.returncode == 0, f"main job failed:\n{first.stdout}\n{first.stderr[-4000:]}"
    snapshot_1 = _snapshot(data_dir / "warehouse.duckdb")
    second = _run_main_job(data_dir)
    assert second.returncode == 0, f"second run failed:\n{second.stdout}\n{second.stderr[-4000:]}"
    snapshot_2 = _snapshot(data_dir / "warehouse.duckdb")
    return {"data_dir": data_dir, "first": first, "second": second, "before": snapshot_1, "after": snapshot_2}


def _query(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_each_seed_report_is_in_the_warehouse_once(warehouse_runs: dict[str, Any]) -> None:
    labels = [json.loads(line) for line in SEED_LABELS.read_text(encoding="utf-8").splitlines() if line]
    rows = _query(
        warehouse_runs["data_dir"],
        """
        select a.agency_name, r.report_year, count(*)
        from fct_reports r join dim_agencies a using (agency_key)
        group by all
    """,
    )
    found = {(agency, year): n for agency, year, n in rows}
    for label in labels:
        assert found.get((label["agency"], label["report_year"])) == 1, (label["agency"], found)


def test_cross_posted_report_collapses_with_two_sources(warehouse_runs: dict[str, Any]) -> None:
    manifest = [
        json.loads(line)
        for line in (warehouse_runs["data_dir"] / "demo/manifest.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    cross_posted = [m for m in manifest if len(m["urls"]) > 1 and m["reachable"]]
    assert cross_posted, "the demo must serve one report on two sites"
    hosts = {url.split("/")[2] for url in cross_posted[0]["urls"]}
    assert len(hosts) >= 2
    report = cross_posted[0]
    rows = _query(
        warehouse_runs["data_dir"],
        f"""
        select r.source_count
        from fct_reports r join dim_agencies a using (agency_key)
        where a.agency_name = '{report["agency"]}' and r.report_year = {report["report_year"]}
    """,
    )
    assert rows == [(len(report["urls"]),)]


def test_panzhihua_2012_figures(warehouse_runs: dict[str, Any]) -> None:
    data_dir = warehouse_runs["data_dir"]
    reports = _query(
        data_dir,
        """
        select r.report_key, r.template, r.published_date, r.is_consistent
        from fct_reports r join dim_agencies a using (agency_key)
        where a.agency_name = '攀枝花市人民政府' and r.report_year = 2012
    """,
    )
    assert len(reports) == 1
    report_key, template, published, is_consistent = reports[0]
    assert template == "prose"
    assert str(published) == "2013-03-28"
    assert is_consistent is False  # its category breakdown does not add up to the stated total
    applications = _query(
        data_dir,
        f"""
        select outcome, sum("count") from fct_applications
        where report_key = '{report_key}' and applicant_type = 'total' group by all
    """,
    )
    assert dict(applications) == {"new": 1, "denied": 1}
    issues = {
        code
        for (code,) in _query(
            data_dir, f"select code from fct_quality_issues where report_key = '{report_key}'"
        )
    }
    assert "proactive_breakdown_mismatch" in issues


def test_second_run_changes_nothing(warehouse_runs: dict[str, Any]) -> None:
    """Nothing but the run history: the second run (a polite recrawl, crawler/recrawl.py) is one more row of
    fct_crawl_runs, its own crawl events (most reports carried from the archive, not asked for: so it is no
    longer a byte-for-byte repeat of the first) and one more run per portal in mart_portal_health. Reports,
    figures and dimensions are unchanged."""
    before, after = warehouse_runs["before"], warehouse_runs["after"]
    assert before.keys() == after.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["fct_crawl_events", "fct_crawl_runs", "mart_portal_health"]
    assert len(after["fct_crawl_runs"]) == len(before["fct_crawl_runs"]) + 1


def test_warehouse_refreshes_the_exports(warehouse_runs: dict[str, Any]) -> None:
    data_dir = warehouse_runs["data_dir"]
    manifest = json.loads((data_dir / "exports" / "manifest.json").read_text(encoding="utf-8"))
    latest = _query(data_dir, "select run_id from fct_crawl_runs order by load_seq desc limit 1")
    assert manifest["run_id"] == latest[0][0]
    agencies = _query(data_dir, "select count(*) from dim_agencies")[0][0]
    files = manifest["tables"]["dim_agencies"]["files"]
    assert [f["rows"] for f in files] == [agencies, agencies] and agencies > 0


def test_summary_is_printed(warehouse_runs: dict[str, Any]) -> None:
    out = warehouse_runs["first"].stdout
    assert "summary:" in out
    assert "reports found" in out


def _readme_analyst_examples() -> list[tuple[str, list[str]]]:
    """(sql, first column of the printed answer) for every example in the README's analyst section."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For analysts", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r"```sql\n(.*?)```\s*```text\n(.*?)```", section, flags=re.DOTALL)
    parsed = []
    for sql, table in examples:
        rows = [line for line in table.splitlines() if line.startswith("│")][2:]  # skip names and types
        parsed.append((sql, [row.split("│")[1].strip() for row in rows]))
    return parsed


def test_readme_analyst_answers_are_what_the_warehouse_says(warehouse_runs: dict[str, Any]) -> None:
    examples = _readme_analyst_examples()
    assert len(examples) >= 5
    for sql, first_column in examples:
        rows = _query(warehouse_runs["data_dir"], sql)
        assert [str(row[0]) for row in rows] == first_column, sql


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_report_page_renders_every_chart_in_chromium(warehouse_runs: dict[str, Any]) -> None:
    data_dir = warehouse_runs["data_dir"]
    page = write_report(data_dir / "warehouse.duckdb", data_dir / "report")
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", text)  # self-contained: works offline
    rendered = render(page, data_dir / "report" / "screenshot.png")
    assert rendered.errors == []
    assert set(rendered.charts) == {chart.key for chart in CHARTS}
    for key, (promised, drawn) in rendered.charts.items():
        assert drawn == promised, f"{key}: drew {drawn} marks, the data has {promised}"
    assert sum(promised for promised, _ in rendered.charts.values()) > 50
    assert (data_dir / "report" / "screenshot.png").stat().st_size > 50_000


def test_the_demo_warehouse_scores_every_annual_report(warehouse_runs: dict[str, Any]) -> None:
    data_dir = warehouse_runs["data_dir"]
    missing = _query(
        data_dir,
        """select r.report_key from fct_reports r left join mart_report_quality q using (report_key)
           where r.doc_kind = 'annual_report' and q.report_key is null""",
    )
    assert missing == []
    # a fresh crawl parses every outline: no section evidence is unknown where the template is known
    unknown = _query(
        data_dir,
        "select count(*) from mart_report_quality where section_basis = 'unknown' and template <> 'unknown'",
    )
    assert unknown == [(0,)]
    (scored,) = _query(data_dir, "select count(*) from mart_report_quality where quality_score is not null")
    page = write_report(data_dir / "warehouse.duckdb", data_dir / "report").read_text(encoding="utf-8")
    assert f'<section class="quality" id="quality" data-rows="{scored[0]}">' in page
