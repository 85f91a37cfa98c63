"""Consistency checks: each code with a case that trips it and one that does not, plus the real cases."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.parsing import template
from crawler.parsing.checks import check_consistency, contradicted_summary_keys
from crawler.parsing.tables import read_tables

DATA = Path(__file__).parent / "data"
Cells = dict[str, int | float]


def t3_row(row: str, values: list[int]) -> Cells:
    return {
        f"t3.{row}.{column}": value for column, value in zip(template.APPLICANT_KEYS, values, strict=True)
    }


def balanced_table_3() -> Cells:
    """A consistent 2019 table 3: 10 new + 2 carried over = 11 answered + 1 carried forward."""
    cells: Cells = {}
    for row, values in {
        "new": [8, 2, 0, 0, 0, 0, 10],
        "carried_over": [2, 0, 0, 0, 0, 0, 2],
        "granted": [5, 1, 0, 0, 0, 0, 6],
        "partial": [1, 0, 0, 0, 0, 0, 1],
        "denied": [1, 0, 0, 0, 0, 0, 1],
        "denied_state_secret": [1, 0, 0, 0, 0, 0, 1],
        "unable": [1, 1, 0, 0, 0, 0, 2],
        "not_processed": [1, 0, 0, 0, 0, 0, 1],
        "other": [0, 0, 0, 0, 0, 0, 0],
        "outcomes_total": [9, 2, 0, 0, 0, 0, 11],
        "carried_forward": [1, 0, 0, 0, 0, 0, 1],
    }.items():
        cells |= t3_row(row, values)
    for sub_row in template.T3_ROWS:
        if sub_row.group == "denied" and sub_row.key != "denied_state_secret":
            cells |= t3_row(sub_row.key, [0] * 7)
    return cells


def t4(*blocks: list[int]) -> Cells:
    cells: Cells = {}
    for (block, _), values in zip(template.T4_BLOCKS, blocks, strict=True):
        cells |= {
            f"t4.{block}.{result}": v for (result, _), v in zip(template.T4_RESULTS, values, strict=True)
        }
    return cells


def codes(cells: Cells, figures: Cells | None = None, era: str | None = "2019") -> list[str]:
    return [issue.code for issue in check_consistency(cells, figures or {}, era)]


def test_consistent_tables_raise_nothing() -> None:
    cells = balanced_table_3() | t4([1, 0, 0, 1, 2], [0, 0, 0, 0, 0], [1, 1, 0, 0, 2])
    assert codes(cells) == []
    assert contradicted_summary_keys(cells) == set()


def test_t3_balance_mismatch() -> None:
    cells = balanced_table_3() | t3_row("carried_forward", [2, 0, 0, 0, 0, 0, 2])
    assert codes(cells) == ["t3_balance_mismatch", "t3_balance_mismatch"]  # natural_person and total


def test_t3_group_sum_mismatch() -> None:
    cells = balanced_table_3() | t3_row("denied_law", [1, 0, 0, 0, 0, 0, 1])
    found = codes(cells)
    assert found == ["t3_group_sum_mismatch", "t3_group_sum_mismatch"]
    assert "outcome_denied_total" in contradicted_summary_keys(cells)


def test_t3_outcomes_total_mismatch_and_it_does_not_void_the_stated_total() -> None:
    cells = balanced_table_3() | t3_row("granted", [6, 1, 0, 0, 0, 0, 7])
    assert "t3_outcomes_total_mismatch" in codes(cells)
    assert "outcomes_total" not in contradicted_summary_keys(cells)


def test_t3_total_column_mismatch() -> None:
    cells = balanced_table_3()
    cells["t3.new.total"] = 11  # columns say 10
    found = codes(cells)
    assert "t3_total_column_mismatch" in found
    assert "applications_new" in contradicted_summary_keys(cells)


def test_t4_block_sum_mismatch_voids_reconsideration_and_litigation_totals() -> None:
    cells = t4([10, 1, 0, 0, 0], [0, 0, 0, 0, 0], [5, 0, 0, 0, 0])
    assert codes(cells) == ["t4_block_sum_mismatch", "t4_block_sum_mismatch"]
    assert contradicted_summary_keys(cells) == {"reconsideration_total", "litigation_total"}


def test_prose_table_mismatch_compares_only_keys_both_state() -> None:
    cells = balanced_table_3()
    assert codes(cells, {"applications_new": 10, "proactive_total": 500}) == []
    issues = check_consistency(cells, {"applications_new": 17}, "2021")
    assert [issue.code for issue in issues] == ["prose_table_mismatch"]
    assert "17" in issues[0].message and "10" in issues[0].message


def test_without_template_tables_only_prose_is_compared() -> None:
    cells = t4([10, 1, 0, 0, 0], [0, 0, 0, 0, 0], [5, 0, 0, 0, 0])
    assert codes(cells, era=None) == []


def test_missing_cells_are_not_mismatches() -> None:
    cells = balanced_table_3()
    del cells["t3.outcomes_total.total"]
    del cells["t3.denied_query.total"]
    assert codes(cells) == []


def test_real_hongze_2023_table_4_is_flagged() -> None:
    data = json.loads((DATA / "huaian-hongze-2023.tables.json").read_text(encoding="utf-8"))
    reading = read_tables(data["page_text"], data["grids"])
    issues = check_consistency(reading.cells, {"applications_new": 21}, reading.template)
    assert [issue.code for issue in issues] == ["t4_block_sum_mismatch", "t4_block_sum_mismatch"]
    assert contradicted_summary_keys(reading.cells) == {"reconsideration_total", "litigation_total"}


def test_real_pingtan_2020_outcomes_27_vs_21_is_flagged() -> None:
    reading = read_tables((DATA / "pingtan-2020.tables.txt").read_text(encoding="utf-8"), [])
    issues = check_consistency(reading.cells, {}, reading.template)
    assert {issue.code for issue in issues} == {"t3_outcomes_total_mismatch"}
    assert any("21" in issue.message and "27" in issue.message for issue in issues)
    assert contradicted_summary_keys(reading.cells) == set()  # 21 stays the stated outcomes_total
