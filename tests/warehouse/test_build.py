"""Models: the star schema from the fixture runs, versions, idempotent builds, write-audit-publish."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from crawler.config import Config
from tests.warehouse.conftest import DAY2, FIXTURES, edit_reports, make_config, query, snapshot
from warehouse import build
from warehouse.build import build_models, run_data_tests, summary
from warehouse.load import load_staging
from warehouse.project import PROJECT_ROOT, Model

CONTRACT_COLUMNS = {
    "dim_agencies": {"agency_key", "agency_name", "agency_kind", "region_code"},
    "dim_regions": {"region_code", "province", "city", "county", "level"},
    "dim_years": {"report_year"},
    "fct_reports": {
        "report_key",
        "agency_key",
        "report_year",
        "published_date",
        "template",
        "doc_kind",
        "source_count",
        "is_consistent",
    },
    "fct_applications": {"report_key", "applicant_type", "outcome", "count"},
    "fct_review_litigation": {"report_key", "proceeding", "result", "count"},
    "fct_quality_issues": {"report_key", "code", "message"},
    "fct_crawl_events": {"run_id", "url", "host", "outcome", "reason", "at"},
}


def _built(config: Config) -> None:
    load_staging(config)
    result = build_models(config)
    assert result.ok and result.published, result.failed_tests


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """One warehouse built from the fixture runs, shared by the read-only tests of this module."""
    data = tmp_path_factory.mktemp("built") / "data"
    shutil.copytree(FIXTURES, data / "staging")
    config = make_config(data)
    _built(config)
    return config


def test_contract_tables_and_columns_exist(built: Config) -> None:
    config = built
    for table, columns in CONTRACT_COLUMNS.items():
        found = {
            c
            for (c,) in query(
                config.warehouse_path,
                f"""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'main' AND table_name = '{table}'""",
            )
        }
        assert columns <= found, (table, columns - found)


def test_good_data_passes_every_data_test(config: Config) -> None:
    load_staging(config)
    result = build_models(config)
    assert result.failed_tests == [] and result.warnings == 0
    published = run_data_tests(config)
    assert published.ok and published.failed_tests == []


def test_building_twice_leaves_every_table_unchanged(config: Config) -> None:
    _built(config)
    before = snapshot(config.warehouse_path, ("main", "internal", "raw"))
    assert build_models(config).ok
    assert snapshot(config.warehouse_path, ("main", "internal", "raw")) == before


def test_correction_supersedes_without_deleting(built: Config) -> None:
    config = built
    versions = query(
        config.warehouse_path,
        """
        SELECT v.version_no, v.is_current, v.first_run_id, v.superseded_by IS NOT NULL
        FROM fct_report_versions v JOIN dim_agencies a USING (agency_key)
        WHERE a.agency_name = '常德市交通运输局' AND v.report_year = 2021 ORDER BY v.version_no""",
    )
    assert versions == [(1, False, "20260101T020000Z-day1", True), (2, True, DAY2, False)]
    current = query(
        config.warehouse_path,
        """
        SELECT r.published_date::VARCHAR, r.version_count, f."count"
        FROM fct_reports r JOIN dim_agencies a USING (agency_key)
        JOIN fct_applications f ON f.report_key = r.report_key AND f.outcome = 'granted'
            AND f.applicant_type = 'total'
        WHERE a.agency_name = '常德市交通运输局' AND r.report_year = 2021""",
    )
    assert current == [("2022-01-25", 2, 13.0)]  # day 2 moved one 予以公开 to 部分公开


def test_prose_report_lands_in_the_same_facts_and_is_flagged(built: Config) -> None:
    config = built
    key = query(
        config.warehouse_path,
        """
        SELECT r.report_key FROM fct_reports r JOIN dim_agencies a USING (agency_key)
        WHERE a.agency_name = '常德市人民政府' AND r.report_year = 2012""",
    )[0][0]
    assert query(
        config.warehouse_path,
        f"""
        SELECT applicant_type, outcome, "count", value_source FROM fct_applications
        WHERE report_key = '{key}'""",
    ) == [("total", "new", 0.0, "figure")]
    proactive = dict(
        query(
            config.warehouse_path,
            f"""
        SELECT metric_key, is_approximate FROM fct_proactive_disclosure WHERE report_key = '{key}'""",
        )
    )
    assert proactive == {
        "figure.proactive_total": True,
        "figure.consultations": False,
        "figure.fees_collected_yuan": False,
    }
    # litigation was not mentioned: no row (not reported), while reconsideration was stated as 0
    assert query(
        config.warehouse_path,
        f"""
        SELECT proceeding, result, "count" FROM fct_review_litigation WHERE report_key = '{key}'""",
    ) == [("reconsideration", "total", 0.0)]
    assert query(
        config.warehouse_path,
        f"""
        SELECT r.is_consistent, q.code, q.check_source FROM fct_reports r JOIN fct_quality_issues q
        USING (report_key) WHERE report_key = '{key}'""",
    ) == [(False, "consultations_breakdown_mismatch", "parser")]


def test_deadlines_regions_and_agencies(built: Config) -> None:
    config = built
    rows = query(
        config.warehouse_path,
        """
        SELECT a.agency_name, a.agency_kind, a.agency_level, r.report_year, r.deadline_date::VARCHAR,
               r.days_from_deadline, r.is_on_time, g.province, g.city, g.county
        FROM fct_reports r JOIN dim_agencies a USING (agency_key)
        JOIN dim_regions g ON g.region_code = a.region_code
        ORDER BY a.agency_name, r.report_year""",
    )
    assert rows == [
        ("常德市交通运输局", "department", "city", 2021, "2022-01-31", -6, True, "湖南省", "常德市", None),
        ("常德市交通运输局", "department", "city", 2022, "2023-01-31", 10, False, "湖南省", "常德市", None),
        ("常德市人民政府", "government", "city", 2012, "2013-03-31", -3, True, "湖南省", "常德市", None),
        (
            "昭通市政务服务管理局",
            "department",
            "city",
            2018,
            "2019-03-31",
            -59,
            True,
            "云南省",
            "昭通市",
            None,
        ),
        (
            "武陵区芦荻山乡人民政府",
            "township",
            "township",
            2020,
            "2021-03-31",
            15,
            False,
            "湖南省",
            "常德市",
            "武陵区",
        ),
    ]
    parent = query(
        config.warehouse_path,
        """
        SELECT p.agency_name FROM dim_agencies a JOIN dim_agencies p ON p.agency_key = a.parent_agency_key
        WHERE a.agency_name = '常德市交通运输局'""",
    )
    assert parent == [("常德市人民政府",)]


def test_summary_counts(built: Config) -> None:
    config = built
    assert summary(config) == {
        "reports_found": 6,
        "reports_loaded": 5,
        "versions_superseded": 1,
        "duplicates": 1,  # the 2012 report also came from a Big5 mirror
        "flagged": 1,
        "crawl_events": 15,
        "urls_failed": 3,
    }


def test_broken_key_blocks_publishing_and_keeps_published_tables(config: Config, tmp_path: Path) -> None:
    _built(config)
    before = snapshot(config.warehouse_path, ("main",))
    project = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT, project)
    dim = project / "marts" / "dim_agencies.sql"  # lose one agency: fct_reports.agency_key dangles
    dim.write_text(dim.read_text(encoding="utf-8") + "WHERE agency_kind <> 'township'\n", encoding="utf-8")
    result = build_models(config, project_root=project)
    assert not result.ok and not result.published
    assert any(
        t.startswith("relationships_fct_reports_agency_key_dim_agencies (error): 1 ")
        for t in result.failed_tests
    ), result.failed_tests
    assert snapshot(config.warehouse_path, ("main",)) == before


def test_failed_publish_rolls_back_every_table(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    _built(config)
    before = snapshot(config.warehouse_path, ("main", "internal"))
    edit_reports(config, DAY2, lambda r: r.update(title="改过的标题"))
    load_staging(config, reload=True)

    real = build.published_schema

    def breaks_on_the_last_mart(model: Model) -> str:  # the swap fails after most tables were replaced
        return "no_such_schema" if model.name == "fct_reports" else real(model)

    monkeypatch.setattr(build, "published_schema", breaks_on_the_last_mart)
    with pytest.raises(duckdb.CatalogException):
        build.build_models(config)
    assert snapshot(config.warehouse_path, ("main", "internal")) == before


def test_summary_before_any_build_counts_zero(config: Config) -> None:
    load_staging(config)
    assert summary(config)["reports_found"] == 6
    assert summary(config)["reports_loaded"] == 0
