"""Template tables from the three real 淮安 PDFs, as pdfplumber grids and as page text.

``data/*.tables.json`` hold pdfplumber 0.11 ``extract_tables()`` output (None cells as '') and
``extract_text()`` of the pages holding the tables, from /work/shared/real-reports/jiangsu-huaian-*.pdf.
The grids show what the PDFs do to tables: the vertical merged label 三、本年度办理结果 as one
character per line, labels wrapped inside cells, table 3 split over two pages in the middle of
（四）无 / 法提供, a 2021-era report keeping one （六）其他处理 row.
"""

from __future__ import annotations

import json
from pathlib import Path

from crawler.parsing import template
from crawler.parsing.tables import TableReading, read_tables, summary_from_cells

DATA = Path(__file__).parent / "data"
T4_KEYS = [f"t4.{b}.{r}" for b, _ in template.T4_BLOCKS for r, _ in template.T4_RESULTS]


def load(name: str) -> tuple[str, list[list[list[str]]]]:
    data = json.loads((DATA / f"{name}.tables.json").read_text(encoding="utf-8"))
    return data["page_text"], data["grids"]


def rows(reading: TableReading) -> dict[str, list[int | float | None]]:
    keys = {key.split(".")[1] for key in reading.cells if key.startswith("t3.")}
    return {key: [reading.cells.get(f"t3.{key}.{c}") for c in template.APPLICANT_KEYS] for key in keys}


def test_huaian_2024_city_tables_every_cell() -> None:
    text, grids = load("huaian-2024")
    reading = read_tables(text, grids)
    assert reading.template == "2021"
    assert reading.uncertain == [] and reading.issues == []
    printed = {
        "new": [3001, 53, 0, 0, 61, 4, 3119],
        "carried_over": [34, 0, 0, 0, 0, 0, 34],
        "granted": [1288, 21, 0, 0, 50, 3, 1362],
        "partial": [447, 7, 0, 0, 0, 0, 454],
        "denied_state_secret": [2, 0, 0, 0, 0, 0, 2],
        "denied_law": [30, 1, 0, 0, 0, 0, 31],
        "denied_security": [5, 0, 0, 0, 0, 0, 5],
        "denied_third_party": [6, 0, 0, 0, 0, 0, 6],
        "denied_internal": [7, 1, 0, 0, 0, 0, 8],
        "denied_process": [12, 0, 0, 0, 0, 0, 12],
        "denied_enforcement": [9, 0, 0, 0, 0, 0, 9],
        "denied_query": [105, 0, 0, 0, 0, 0, 105],
        "unable_no_info": [746, 12, 0, 0, 10, 1, 769],  # label split over a page break: （四）无 / 法提供
        "unable_need_create": [11, 0, 0, 0, 0, 0, 11],
        "unable_unclear": [1, 0, 0, 0, 0, 0, 1],
        "not_processed_petition": [56, 6, 0, 0, 0, 0, 62],
        "not_processed_repeat": [25, 0, 0, 0, 0, 0, 25],
        "not_processed_publication": [0, 0, 0, 0, 0, 0, 0],
        "not_processed_massive": [0, 0, 0, 0, 0, 0, 0],
        "not_processed_confirm": [1, 0, 0, 0, 0, 0, 1],
        "other_overdue_correction": [67, 3, 0, 0, 1, 0, 71],  # numbered 1、2、3、
        "other_overdue_fee": [6, 0, 0, 0, 0, 0, 6],
        "other_other": [108, 2, 0, 0, 0, 0, 110],
        "outcomes_total": [2932, 53, 0, 0, 61, 4, 3050],
        "carried_forward": [103, 0, 0, 0, 0, 0, 103],
        # groups: not printed as rows, derived from the sub-rows
        "denied": [176, 2, 0, 0, 0, 0, 178],
        "unable": [758, 12, 0, 0, 10, 1, 781],
        "not_processed": [82, 6, 0, 0, 0, 0, 88],
        "other": [181, 5, 0, 0, 1, 0, 187],
    }
    assert rows(reading) == printed
    assert [reading.cells[k] for k in T4_KEYS] == [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    t2 = {k: v for k, v in reading.cells.items() if k.startswith("t2.")}
    assert t2 == {
        "t2.regulations.issued": 1,
        "t2.regulations.repealed": 0,
        "t2.regulations.in_force": 11,
        "t2.normative_documents.issued": 8,
        "t2.normative_documents.repealed": 26,
        "t2.normative_documents.in_force": 66,
        "t2.licensing.decisions": 447228,
        "t2.penalties.decisions": 3985758,
        "t2.enforcement.decisions": 88283,
        "t2.fees.amount_yuan": 961716000,  # 96171.6 万元
    }
    assert summary_from_cells(reading.cells)["litigation_total"] == 46


def test_hongze_2023_single_other_row_typo_label_and_inconsistent_table_4_as_printed() -> None:
    text, grids = load("huaian-hongze-2023")
    reading = read_tables(text, grids)
    assert reading.template == "2021"
    got = rows(reading)
    assert got["denied_law"] == [0] * 7  # printed '2.其他法律行政止公开'
    assert got["partial"] == [4, 0, 0, 0, 0, 0, 4]
    assert got["other"] == [0] * 7
    assert not any(key.startswith("t3.other_") for key in reading.cells)
    assert got["unable"] == [13, 0, 0, 0, 0, 0, 13]
    assert got["outcomes_total"] == [21, 0, 0, 0, 0, 0, 21]
    # the source's totals are wrong (0 under 10/1/0/0 and 5/0/0/0): read as printed, never fixed
    assert [reading.cells[k] for k in T4_KEYS] == [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
    assert reading.cells["t2.fees.amount_yuan"] == 77302800
    assert reading.uncertain == [] and reading.issues == []


def test_hongze_2024_tables() -> None:
    text, grids = load("huaian-hongze-2024")
    reading = read_tables(text, grids)
    nonzero = {
        "new": [95, 0, 0, 0, 0, 0, 95],
        "granted": [50, 0, 0, 0, 0, 0, 50],
        "partial": [9, 0, 0, 0, 0, 0, 9],
        "denied_security": [1, 0, 0, 0, 0, 0, 1],
        "denied_process": [1, 0, 0, 0, 0, 0, 1],
        "denied_enforcement": [1, 0, 0, 0, 0, 0, 1],
        "unable_no_info": [31, 0, 0, 0, 0, 0, 31],
        "unable_need_create": [1, 0, 0, 0, 0, 0, 1],
        "not_processed_petition": [1, 0, 0, 0, 0, 0, 1],
        "outcomes_total": [95, 0, 0, 0, 0, 0, 95],
        "denied": [3, 0, 0, 0, 0, 0, 3],
        "unable": [32, 0, 0, 0, 0, 0, 32],
        "not_processed": [1, 0, 0, 0, 0, 0, 1],
    }
    got = rows(reading)
    assert len(got) == 26  # 22 printed rows of the 2019 shape + 3 derived groups + the single 其他处理
    assert {key: values for key, values in got.items() if values != [0] * 7} == nonzero
    assert [reading.cells[k] for k in T4_KEYS] == [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
    assert reading.cells["t2.licensing.decisions"] == 9487
    assert reading.cells["t2.fees.amount_yuan"] == 75450000  # 7545 万元
    summary = summary_from_cells(reading.cells)
    assert summary["applications_new"] == 95
    assert (summary["outcome_granted"], summary["outcome_unable_total"]) == (50, 32)
    assert (summary["reconsideration_total"], summary["litigation_total"]) == (2, 4)


def test_pdf_page_text_with_wrapped_labels_is_distrusted_not_misread() -> None:
    """Without grids, page text prints wrapped labels after their numbers: nothing may be misplaced."""
    for name in ("huaian-hongze-2023", "huaian-hongze-2024"):
        text, grids = load(name)
        from_grids = read_tables(text, grids).cells
        from_text = read_tables(text, [])
        assert "table_layout_unreliable" in [issue.code for issue in from_text.issues]
        assert not any(key.startswith("t3.") for key in from_text.cells)
        wrong = {k: v for k, v in from_text.cells.items() if from_grids.get(k) != v}
        assert wrong == {}, name


def test_pdf_page_text_with_clean_rows_reads_like_the_grids() -> None:
    text, grids = load("huaian-2024")
    assert read_tables(text, []).cells == read_tables(text, grids).cells
