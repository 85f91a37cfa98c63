"""The report-quality index on reports designed so that each indicator passes for one body and fails
for another (tests/warehouse/quality_fixture.py), in a real DuckDB warehouse; its SQL tests catch a
broken rule."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from crawler.config import Config
from tests.warehouse.conftest import make_config, query
from tests.warehouse.quality_fixture import write_quality_run
from warehouse import quality_weights
from warehouse.build import _relation, build_models
from warehouse.dag import render
from warehouse.load import load_staging
from warehouse.project import load_project


@pytest.fixture(scope="module")
def quality(tmp_path_factory: pytest.TempPathFactory) -> Config:
    config = make_config(tmp_path_factory.mktemp("quality") / "data")
    write_quality_run(config.staging_dir)
    load_staging(config)
    result = build_models(config)
    assert result.ok, result.failed_tests
    return config


def _row(config: Config, agency: str) -> dict[str, Any]:
    con = duckdb.connect(str(config.warehouse_path), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM mart_report_quality WHERE agency_name = ?", [agency])
        names = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    finally:
        con.close()
    assert len(rows) == 1, rows
    return dict(zip(names, rows[0], strict=True))


GOOD, BAD, UNKNOWN = "常德市交通运输局", "常德市民政局", "常德市财政局"


def test_on_time_passes_fails_and_is_unknown_without_a_date(quality: Config) -> None:
    good, bad, unknown = (_row(quality, a) for a in (GOOD, BAD, UNKNOWN))
    assert (good["is_on_time"], good["days_from_deadline"], good["on_time_score"]) == (True, -11, 1.0)
    assert (bad["is_on_time"], bad["days_from_deadline"], bad["on_time_score"]) == (False, 15, 0.0)
    assert (unknown["is_on_time"], unknown["on_time_basis"], unknown["on_time_score"]) == (
        None,
        "unknown",
        None,
    )


def test_section_coverage_names_the_missing_sections(quality: Config) -> None:
    good, bad, unknown = (_row(quality, a) for a in (GOOD, BAD, UNKNOWN))
    assert (good["sections_found"], good["sections_expected"], good["sections_missing"]) == (6, 6, None)
    assert (bad["sections_found"], bad["sections_expected"]) == (4, 6)
    assert bad["sections_missing"] == "存在的主要问题及改进情况、其他需要报告的事项"
    assert (unknown["section_coverage"], unknown["section_basis"]) == (None, "unknown")


def test_tables_filled_counts_stated_cells_against_the_template(quality: Config) -> None:
    good, bad = _row(quality, GOOD), _row(quality, BAD)
    assert good["cells_expected"] == bad["cells_expected"] > 100
    assert good["cells_stated"] / good["cells_expected"] > 0.9 > 0.2 > bad["table_fill"]
    # the bad body states table 3's 总计 column only; its group rows (denied, unable, …) are sums, not cells
    stated_leaves = f"""
        SELECT count(*) FROM raw.report_cells AS c
        JOIN seeds.outcomes AS o ON c.cell_key LIKE 't3.' || o.outcome || '.%'
        WHERE c.report_id = '{bad["version_id"]}' AND o.row_kind <> 'group'"""
    assert bad["cells_stated"] == query(quality.warehouse_path, stated_leaves)[0][0] > 0


def test_identities_changes_and_differing_copies(quality: Config) -> None:
    good, bad = _row(quality, GOOD), _row(quality, BAD)
    assert (good["identities_hold"], good["changed_after_publication"], good["copies_differ"]) == (
        True,
        False,
        False,
    )
    assert (bad["identities_hold"], bad["issue_count"]) == (False, 1)
    assert (bad["changed_after_publication"], bad["version_count"]) == (True, 2)
    assert bad["last_changed_at"] is not None
    assert (bad["posted_on_several_sources"], bad["source_hosts"], bad["copies_differ"]) == (True, 2, True)


def test_copied_passages_known_only_for_indexed_reports(quality: Config) -> None:
    good, bad, unknown = (_row(quality, a) for a in (GOOD, BAD, UNKNOWN))
    assert (good["has_copied_passages"], good["copied_basis"]) == (False, "identity_index")
    assert (bad["has_copied_passages"], bad["copied_pairs"], bad["copied_similarity"]) == (True, 1, 0.93)
    assert (unknown["has_copied_passages"], unknown["copied_basis"]) == (None, "unknown")


def test_region_summary_for_city_governments_only(quality: Config) -> None:
    with_summary, without = _row(quality, "常德市人民政府"), _row(quality, "张家界市人民政府")
    assert (with_summary["evaluation_level"], with_summary["region_summary_found"]) == ("city", True)
    assert (without["evaluation_level"], without["region_summary_found"]) == ("city", False)
    assert (_row(quality, GOOD)["region_summary_found"], _row(quality, GOOD)["region_summary_basis"]) == (
        None,
        "not_applicable",
    )


def test_uncollected_evidence_is_unknown_never_guessed(quality: Config) -> None:
    for agency in (GOOD, BAD, UNKNOWN):
        row = _row(quality, agency)
        assert (row["in_report_column"], row["report_column_basis"]) == (None, "unknown")
        assert (row["companion_found"], row["companion_basis"]) == (None, "unknown")
        assert (row["prev_year_shared_share"], row["prev_year_basis"]) == (None, "unknown")


def test_score_and_rank_within_level_and_year(quality: Config) -> None:
    good, bad, unknown = (_row(quality, a) for a in (GOOD, BAD, UNKNOWN))
    assert good["quality_rank"] == 1 and bad["quality_rank"] == 3 and good["level_reports"] == 3
    assert good["quality_score"] > unknown["quality_score"] > bad["quality_score"]
    weights = quality_weights.read_weights()
    known = ("on_time", "section_coverage", "table_fill", "identities_hold", "unchanged", "copies_agree",
             "original_text")  # fmt: skip
    assert unknown["score_weight_known"] == pytest.approx(
        sum(weights[k] for k in known if k not in ("on_time", "section_coverage", "original_text"))
        / sum(weights.values())
    )
    bad_scores = {"on_time": 0, "section_coverage": 4 / 6, "table_fill": bad["table_fill"],
                  "identities_hold": 0, "unchanged": 0, "copies_agree": 0, "original_text": 0}  # fmt: skip
    expected = 100 * sum(weights[k] * s for k, s in bad_scores.items()) / sum(weights[k] for k in known)
    assert bad["quality_score"] == pytest.approx(expected)


def test_weights_file_errors_name_the_problem(tmp_path: Path) -> None:
    good = quality_weights.WEIGHTS_FILE.read_text(encoding="utf-8")
    cases = {
        "unknown indicators ['typo']": good + "  typo: 3\n",
        "missing indicators ['on_time']": good.replace("  on_time: 20", "  # on_time: 20"),
        "weight of 'on_time' must be a number >= 0": good.replace("  on_time: 20", "  on_time: -1"),
    }
    for message, text in cases.items():
        path = tmp_path / "weights.yml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(
            quality_weights.WeightsError, match=message.replace("[", r"\[").replace("]", r"\]")
        ):
            quality_weights.read_weights(path)


CORRUPT_INDICATOR = {
    "on_time": "UPDATE mart_report_quality SET on_time_score = 1 - on_time_score",
    "section_coverage": "UPDATE mart_report_quality SET sections_missing = NULL WHERE sections_found < 6",
    "table_fill": "UPDATE mart_report_quality SET table_fill = table_fill / 2",
    "identities_hold": "UPDATE mart_report_quality SET identities_hold = true",
    "changed_after_publication": "UPDATE mart_report_quality SET changed_after_publication = false",
    "several_sources": "UPDATE mart_report_quality SET posted_on_several_sources = false",
    "copied_passages": "UPDATE mart_report_quality SET has_copied_passages = false WHERE copied_pairs > 0",
    "region_summary": (
        "UPDATE mart_report_quality SET region_summary_found = true WHERE region_summary_found IS NULL"
    ),
}


def _failing(config: Config, test_name: str, corruption: str, tmp_path: Path) -> list[tuple[Any, ...]]:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(config.warehouse_path, path)
    project = load_project()
    singular = next(t for t in project.tests if t.name == test_name)
    with duckdb.connect(str(path)) as con:
        sql = render(singular.sql, _relation(project, audit=False))
        assert con.execute(sql).fetchall() == []  # passes before
        con.execute(corruption)
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("indicator", sorted(CORRUPT_INDICATOR))
def test_indicator_rule_test_names_the_broken_indicator(
    quality: Config, tmp_path: Path, indicator: str
) -> None:
    rows = _failing(quality, "assert_quality_indicator_rules", CORRUPT_INDICATOR[indicator], tmp_path)
    assert indicator in {row[1] for row in rows}


@pytest.mark.parametrize(
    ("test_name", "corruption"),
    [
        ("assert_quality_unknown_never_guessed", "UPDATE mart_report_quality SET companion_found = false"),
        ("assert_quality_unknown_never_guessed", "UPDATE mart_report_quality SET section_coverage = NULL"),
        ("assert_quality_score", "UPDATE mart_report_quality SET quality_score = quality_score * 0.9"),
        ("assert_quality_score", "UPDATE mart_report_quality SET quality_rank = 4 - quality_rank"),
    ],
)
def test_score_and_unknown_tests_fail_on_broken_rows(
    quality: Config, tmp_path: Path, test_name: str, corruption: str
) -> None:
    assert _failing(quality, test_name, corruption, tmp_path)


def test_report_page_ranks_each_level_and_links_each_body_to_its_evidence(
    quality: Config, tmp_path: Path
) -> None:
    from lxml import html as lxml_html

    from warehouse.report_page import write_report

    page = lxml_html.fromstring(write_report(quality.warehouse_path, tmp_path).read_text(encoding="utf-8"))
    section = page.get_element_by_id("quality")
    levels = {h.get("id"): len(h.getnext().xpath(".//tr[@data-year]")) for h in section.xpath(".//h3")}
    assert levels == {"quality-city": 2, "quality-department": 3}
    bad = section.get_element_by_id(f"body-{_row(quality, BAD)['report_key']}")
    links = bad.xpath(".//a/@href")
    assert sorted(links) == ["http://changde.test/b/1.html", "http://mirror.changde.test/b/1.html"]
    assert len(bad.xpath(".//details//li[starts-with(., 'v')]")) == 2  # both versions listed
    cells = [td.text_content().strip() for td in bad.xpath("./td")]
    assert cells[0] == "3/3" and "unknown" in cells[7]  # rank; the 年报 column is never guessed
    assert cells[8] == "67%" and "✗" in cells[11]  # four of six sections; changed after publication
    assert section.xpath(".//select[@id='quality-province']/option/@value") == ["", "湖南省"]
    assert section.xpath(".//select[@id='quality-year']/option/@value") == ["", "2021"]
