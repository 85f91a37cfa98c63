"""What the warehouse hands out: seeds from the template and cpca, marts' rates, docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import Config
from crawler.parsing import template
from tests.warehouse.conftest import query
from warehouse import dimensions
from warehouse.build import build_models
from warehouse.docs import write_docs
from warehouse.load import load_staging
from warehouse.project import load_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Config:
    import shutil

    from tests.warehouse.conftest import FIXTURES, make_config

    data = tmp_path_factory.mktemp("outputs") / "data"
    shutil.copytree(FIXTURES, data / "staging")
    config = make_config(data)
    load_staging(config)
    assert build_models(config).ok
    return config


def test_outcome_dimension_covers_both_templates() -> None:
    outcomes = dimensions.read_seed("outcomes").to_pylist()
    keys = {o["outcome"] for o in outcomes}
    assert {r.key for r in template.T3_ROWS} | set(template.T3_GROUPS) == keys
    by_key = {o["outcome"]: o for o in outcomes}
    assert (
        by_key["other_overdue_fee"]["in_2019"] is False
        and by_key["other_overdue_fee"]["crosswalk_2019"] == "other"
    )
    assert by_key["denied_query"]["parent_outcome"] == "denied" and by_key["denied"]["row_kind"] == "group"
    applicants = dimensions.read_seed("applicant_types").to_pylist()
    assert [a["applicant_group"] for a in applicants].count("legal_or_other") == 5


def test_regions_come_from_the_gbt2260_list() -> None:
    regions = {r["region_code"]: r for r in dimensions.read_seed("regions").to_pylist()}
    assert len(regions) > 3000
    assert regions["430700"]["level"] == "city" and regions["430700"]["province"] == "湖南省"
    wuling = regions["430702"]
    assert (wuling["level"], wuling["parent_code"], wuling["city"], wuling["county"]) == (
        "county",
        "430700",
        "常德市",
        "武陵区",
    )
    assert regions["110101"]["city"] is None  # 北京 districts sit under a 市辖区 placeholder


def test_rates_per_agency_year(built: Config) -> None:
    rows = query(
        built.warehouse_path,
        """
        SELECT m.granted, m.partial, m.denied, m.outcomes_total, m.grant_rate, m.substantive_rate,
               m.release_rate, m.backlog_ratio
        FROM mart_agency_year_outcomes m JOIN dim_agencies a USING (agency_key)
        WHERE a.agency_name = '常德市交通运输局' AND m.report_year = 2021""",
    )
    granted, partial, denied, total, grant, substantive, release, backlog = rows[0]
    assert (granted, partial, denied, total) == (13, 4, 1, 26)
    assert grant == pytest.approx(13 / 26) and substantive == pytest.approx(17 / 26)
    assert release == pytest.approx(17 / 18) and backlog == pytest.approx(2 / 28)
    remedies = query(
        built.warehouse_path,
        """
        SELECT m.proceeding, m.correction_rate FROM mart_remedies m JOIN dim_agencies a USING (agency_key)
        WHERE a.agency_name = '常德市交通运输局' AND m.report_year = 2021 AND m.total > 0 ORDER BY 1""",
    )
    assert remedies == [("litigation_direct", 0.0), ("reconsideration", pytest.approx(1 / 3))]
    regions = query(
        built.warehouse_path,
        """
        SELECT region_level, region_name, reports FROM mart_region_year
        WHERE report_year = 2020 ORDER BY 1""",
    )
    assert regions == [("city", "常德市", 1), ("county", "武陵区", 1), ("province", "湖南省", 1)]


def test_docs_cover_every_model_with_grain_and_columns(built: Config) -> None:
    write_docs(built)
    docs = built.data_dir / "docs"
    project = load_project()
    assert {p.stem for p in docs.glob("*.md")} == set(project.models) | {"index"}
    page = (docs / "fct_applications.md").read_text(encoding="utf-8")
    assert "one row per report, applicant type and outcome" in page
    assert "| `applicant_type` | VARCHAR |" in page and "relationships → dim_applicant_types" in page
    assert "int_current_values --> fct_applications" in (docs / "index.md").read_text(encoding="utf-8")
