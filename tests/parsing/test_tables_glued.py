"""Tables flattened with no cell separators (real 平潭 reports) and '|'-flattened (seed 001).

The data files are the table sections of the real reports, copied byte for byte from
/work/shared/real-reports/fujian-pingtan-20{19,20,23,24}.txt and /work/shared/seeds/001_*.txt.
Expected values were read off the printed rows by hand (see the labels' notes).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from crawler.parsing import template
from crawler.parsing.digits import MAX_SOLUTIONS, Piece, read_run
from crawler.parsing.tables import TableReading, read_tables, summary_from_cells

DATA = Path(__file__).parent / "data"
T3_ROW_KEYS_2019 = [row.key for row in template.T3_ROWS if "2019" in row.templates]
T3_ROW_KEYS_2021 = [row.key for row in template.T3_ROWS if row.key != "other"]
ZERO_ROW: list[int | None] = [0] * 7


def read(name: str) -> TableReading:
    return read_tables((DATA / name).read_text(encoding="utf-8"), [])


def t3_rows(reading: TableReading, keys: list[str]) -> dict[str, list[int | float | None]]:
    return {key: [reading.cells.get(f"t3.{key}.{c}") for c in template.APPLICANT_KEYS] for key in keys}


def expected_t3(keys: list[str], nonzero: dict[str, list[int | None]]) -> dict[str, list[int | None]]:
    return {key: nonzero.get(key, ZERO_ROW) for key in keys}


def test_pingtan_2019_glued_rows_split_uniquely() -> None:
    reading = read("pingtan-2019.tables.txt")
    assert reading.template == "2019"
    assert t3_rows(reading, T3_ROW_KEYS_2019) == expected_t3(
        T3_ROW_KEYS_2019,
        {
            "new": [23, 0, 0, 0, 0, 0, 23],  # '230 000023'
            "granted": [7, 0, 0, 0, 0, 0, 7],
            "partial": [1, 0, 0, 0, 0, 0, 1],
            "unable_no_info": [7, 0, 0, 0, 0, 0, 7],  # '70000072.没有…': the 2 numbers the next label
            "unable_unclear": [5, 0, 0, 0, 0, 0, 5],
            "not_processed_repeat": [3, 0, 0, 0, 0, 0, 3],
            "outcomes_total": [23, 0, 0, 0, 0, 0, 23],  # '23 0 00 0 023'
        },
    )
    assert all(
        reading.cells[f"t4.{b}.{r}"] == 0 for b, _ in template.T4_BLOCKS for r, _ in template.T4_RESULTS
    )
    # table 2 glued without separators: only the forced '000' is read, the rest is uncertain
    assert [reading.cells[f"t2.regulations.{c}"] for c in ("made", "published", "in_force")] == [0, 0, 0]
    assert "t2.licensing.decisions" in reading.uncertain
    assert "t2.procurement.amount_yuan" in reading.uncertain
    assert not set(reading.cells) & set(reading.uncertain)


def test_pingtan_2020_reads_rows_as_printed_even_where_they_do_not_add_up() -> None:
    reading = read("pingtan-2020.tables.txt")
    assert t3_rows(reading, T3_ROW_KEYS_2019) == expected_t3(
        T3_ROW_KEYS_2019,
        {
            "new": [20, 0, 0, 0, 0, 1, 21],  # '200 000121'
            "granted": [6, 0, 0, 0, 0, 1, 7],
            "partial": [6, 0, 0, 0, 0, 0, 6],
            "unable_no_info": [4, 0, 0, 0, 0, 0, 4],
            "unable_unclear": [3, 0, 0, 0, 0, 0, 3],
            "not_processed_repeat": [3, 0, 0, 0, 0, 0, 3],
            "other": [4, 0, 0, 0, 0, 0, 4],
            "outcomes_total": [20, 0, 0, 0, 0, 1, 21],
        },
    )
    assert summary_from_cells(reading.cells)["outcome_unable_total"] == 7
    # negative change glued in table 2: '35-15' has one split; '2648-18538' has several
    assert (reading.cells["t2.fees.previous"], reading.cells["t2.fees.change"]) == (35, -15)
    assert "t2.penalties.change" in reading.uncertain
    assert [reading.cells[f"t2.regulations.{c}"] for c in ("made", "published", "in_force")] == [0, 0, 7]


def test_pingtan_2023_two_splits_same_total_keeps_total_marks_columns_uncertain() -> None:
    reading = read("pingtan-2023.tables.txt")
    assert reading.template == "2021"
    cells = reading.cells
    # '220000022' = 22,0,… or 2,20,…: the 总计 and the columns both readings share are kept
    assert cells["t3.granted.total"] == 22
    assert {"t3.granted.natural_person", "t3.granted.commercial"} <= set(reading.uncertain)
    assert "t3.granted.natural_person" not in cells
    assert cells["t3.partial.total"] == 20
    assert t3_rows(
        reading, ["new", "outcomes_total", "other_overdue_correction", "other_other", "denied_query"]
    ) == {
        "new": [80, 1, 0, 0, 0, 0, 81],
        "outcomes_total": [80, 1, 0, 0, 0, 0, 81],
        "other_overdue_correction": [1, 0, 0, 0, 0, 0, 1],
        "other_other": [1, 0, 0, 0, 0, 0, 1],
        "denied_query": [2, 0, 0, 0, 0, 0, 2],
    }
    summary = summary_from_cells(cells)
    assert (summary["outcome_denied_total"], summary["outcome_other_total"]) == (5, 2)
    assert summary["outcome_granted"] + summary["outcome_partial"] == 42  # as the prose says
    assert summary["reconsideration_total"] == 2 and summary["litigation_total"] == 7  # '110024001510102'
    assert cells["t2.fees.amount_yuan"] == pytest.approx(59490886.67)  # 5949.088667 万元


def test_pingtan_2024_seventeen_digit_table_4_and_stray_spaces_in_labels() -> None:
    reading = read("pingtan-2024.tables.txt")
    t4 = [reading.cells[f"t4.{b}.{r}"] for b, _ in template.T4_BLOCKS for r, _ in template.T4_RESULTS]
    assert t4 == [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]  # '21317000001324019'
    assert t3_rows(reading, T3_ROW_KEYS_2021) == expected_t3(
        T3_ROW_KEYS_2021,
        {
            "new": [217, 1, 0, 0, 0, 0, 218],
            "granted": [71, 0, 0, 0, 0, 0, 71],
            "partial": [29, 0, 0, 0, 0, 0, 29],
            "denied_state_secret": [4, 0, 0, 0, 0, 0, 4],
            "denied_third_party": [3, 0, 0, 0, 0, 0, 3],
            "denied_internal": [32, 0, 0, 0, 0, 0, 32],
            "unable_no_info": [75, 0, 0, 0, 0, 0, 75],
            "not_processed_repeat": [1, 0, 0, 0, 0, 0, 1],
            "other_overdue_correction": [1, 0, 0, 0, 0, 0, 1],
            "other_other": [1, 1, 0, 0, 0, 0, 2],
            "outcomes_total": [217, 1, 0, 0, 0, 0, 218],
        },
    )
    assert summary_from_cells(reading.cells)["outcome_other_total"] == 3  # derived from the 2021 sub-rows


def test_caller_normalised_text_reads_the_same() -> None:
    """The caller folds full-width punctuation and digits to ASCII before calling."""
    raw = (DATA / "pingtan-2024.tables.txt").read_text(encoding="utf-8")
    folded = unicodedata.normalize("NFKC", raw)
    assert folded != raw
    assert read_tables(folded, []).cells == read_tables(raw, []).cells


def test_seed_001_pipe_flattened_2019_tables_with_typos() -> None:
    reading = read("seed-001.tables.txt")
    assert reading.template == "2019"
    assert t3_rows(reading, T3_ROW_KEYS_2019) == expected_t3(T3_ROW_KEYS_2019, {})
    assert reading.cells["t3.partial.total"] == 0  # printed as 不分公开
    assert reading.cells["t2.procurement.amount_yuan"] == 0  # header says 采购金额
    assert reading.cells["t2.other_services.decisions"] == 0
    assert len([k for k in reading.cells if k.startswith("t4.")]) == 15
    assert reading.uncertain == [] and reading.issues == []


# ------------------------------------------------------------------ the splitter itself
def glued(text: str, ncols: int = 7, blocks: tuple[tuple[int, int], ...] = ((0, 7),)) -> tuple:
    return read_run([Piece(text, splittable=True)], ncols, blocks).values


def test_split_respects_spaces_and_redundant_zeros() -> None:
    assert glued("230 000023") == (23, 0, 0, 0, 0, 0, 23)
    assert glued("20 0 00 0 121") == (20, 0, 0, 0, 0, 1, 21)
    assert glued("0 0 0 0 0 00") == (0,) * 7


def test_unsplittable_run_is_all_uncertain() -> None:
    result = read_run([Piece("1234", splittable=True)], 7, ((0, 7),))
    assert result.values == (None,) * 7 and result.problem == "unsplittable_run"


def test_whitespace_separated_row_is_taken_as_printed_without_arithmetic() -> None:
    # 洪泽2023 table 4 as PDF text: the totals are wrong in the source, the cells are still read
    pieces = [Piece("10 1 0 0 0 0 0 0 0 0 5 0 0 0 0", splittable=True)]
    values = read_run(pieces, 15, ((0, 5), (5, 10), (10, 15))).values
    assert values == (10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0)


def test_search_is_bounded_and_never_agrees_on_a_truncated_set() -> None:
    result = read_run([Piece("1" * 40, splittable=True)], 15)
    assert result.problem == "ambiguous_split"
    assert result.values == (None,) * 15
    assert MAX_SOLUTIONS < 1000


def test_decimal_amount_keeps_its_fraction_together() -> None:
    assert read_run([Piece("7730.28", splittable=True)], 1).values == (7730.28,)
    assert read_run([Piece("13575394432.52元", splittable=True)], 2).problem == "ambiguous_split"
