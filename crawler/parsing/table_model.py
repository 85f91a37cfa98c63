"""The table model every reader fills: keyed cells, ``uncertain`` keys and issues per template table.

Readers (``grid_reader`` for grids, ``flat_reader`` for text) turn one template row at a time into a
``RunReading`` and hand it to ``put_row``; the helpers here never look at the source layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from crawler.parsing import template
from crawler.parsing.digits import RunReading
from crawler.parsing.record import Issue, Number

T3_BLOCKS = ((0, 7),)
APPLICANT_PARTS = template.APPLICANT_KEYS[:-1]  # the six applicant columns that add up to 总计
T4_BLOCKS = ((0, 5), (5, 10), (10, 15))
T3_SUB_ROWS: dict[str, tuple[str, ...]] = {
    group: tuple(row.key for row in template.T3_ROWS if row.group == group) for group in template.T3_GROUPS
}
OTHER_ROWS = frozenset({"other", *T3_SUB_ROWS["other"]})


@dataclass
class TableReading:
    template: str | None  # "2019" | "2021" | None when no template table was found
    cells: dict[str, Number] = field(default_factory=dict)
    uncertain: list[str] = field(default_factory=list)  # cell keys not pinned down; never also in cells
    issues: list[Issue] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)  # cells of printed rows left empty: stated as nothing


@dataclass
class Table:
    """What one table contributed: cells, uncertain keys, issues, and whether it was there at all."""

    found: bool = False
    cells: dict[str, Number] = field(default_factory=dict)
    uncertain: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    era_hint: str | None = None
    blank: list[str] = field(default_factory=list)  # cell keys of printed rows whose cell is empty


def summary_from_cells(cells: dict[str, Number], blank: Sequence[str] = ()) -> dict[str, Number]:
    """The contract's summary keys that the cells state (litigation = direct + after-review 总计).

    ``blank``: cell keys of printed rows left empty (``TableReading.blank``), for 总计 cells left blank.
    """
    summary: dict[str, Number] = {}
    empty = frozenset(blank)
    for key, cell in template.SUMMARY_FROM_CELLS.items():
        value = cells[cell] if cell in cells else _t3_total_from_columns(cells, cell, empty)
        if value is not None:
            summary[key] = value
    direct, after_review = "t4.litigation_direct.total", "t4.litigation_after_review.total"
    if direct in cells and after_review in cells:
        summary["litigation_total"] = cells[direct] + cells[after_review]
    return summary


def summary_rule(cells: dict[str, Number], key: str) -> str:
    """The rule id behind a summary key read from the tables.

    ``table:<cell key>`` (the cell it equals), ``table:<row>.total=sum(applicants)`` for a blank 总计
    summed from its row's six cells, or the two litigation cells added.
    """
    if key == "litigation_total":
        return "table:t4.litigation_direct.total+t4.litigation_after_review.total"
    cell = template.SUMMARY_FROM_CELLS.get(key, key)
    if cell in cells or not cell.startswith("t3."):
        return f"table:{cell}"
    return f"table:{cell}=sum(applicants)"


def _t3_total_from_columns(cells: dict[str, Number], cell: str, empty: frozenset[str]) -> Number | None:
    """A table-3 总计 the source does not print: the sum of the row's applicant cells.

    The six cells all stated (a table without a 总计 column), or, when the 总计 cell is printed empty,
    every applicant cell stated or printed empty, at least one stated, and the 总计 column printed on
    other rows: an empty cell adds nothing,
    the same rule as a group summed from its printed sub-rows (the 2019 Word tables of some cities fill
    only the cells that are not 0, 总计 included). The 总计 itself stays out of ``cells``.
    """
    table, row, column = cell.split(".")
    if table != "t3" or column != "total":
        return None
    parts = [f"t3.{row}.{part}" for part in APPLICANT_PARTS]
    if all(part in cells for part in parts):
        return sum(cells[part] for part in parts)
    if cell not in empty or not _total_column_used(cells):
        return None  # a row of one cell and empties may be one merged cell: its column is unknown
    if all(part in cells or part in empty for part in parts) and any(part in cells for part in parts):
        return sum(cells[part] for part in parts if part in cells)
    return None


def _total_column_used(cells: dict[str, Number]) -> bool:
    """Some table-3 row prints its 总计: the column is there, and empty where a row leaves it empty."""
    return any(key.startswith("t3.") and key.endswith(".total") for key in cells)


def distrust(table: Table, message: str) -> None:
    """When rows cannot be told apart, no value of the table is trusted: all go to ``uncertain``."""
    table.uncertain.extend(key for key in table.cells if key not in table.uncertain)
    table.cells.clear()
    table.issues.append(Issue("table_layout_unreliable", message))


def put_row(
    table: Table,
    seen: dict[str, tuple[Number | None, ...]],
    prefix: str,
    columns: Sequence[str],
    run: RunReading,
) -> None:
    """Known cells into ``cells``, the rest into ``uncertain``; a row printed twice must agree."""
    keys = _cell_keys(prefix, tuple(columns))
    if prefix in seen:
        if seen[prefix] != run.values:
            table.issues.append(Issue("row_conflict", f"{prefix} is printed twice with different values"))
            for key in keys:
                table.cells.pop(key, None)
            table.uncertain.extend(key for key in keys if key not in table.uncertain)
        return
    seen[prefix] = run.values
    if run.problem:
        table.issues.append(Issue(run.problem, f"{prefix}: {_PROBLEM_TEXT[run.problem]}"))
    for position, (key, value) in enumerate(zip(keys, run.values, strict=True)):
        if position in run.uncertain:
            table.uncertain.append(key)
        elif value is not None:
            table.cells[key] = value
        else:
            table.blank.append(key)


@lru_cache(maxsize=1024)  # the same few hundred row/column keys, in every report
def _cell_keys(prefix: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}.{column}" for column in columns)


_PROBLEM_TEXT = {
    "table_shifted": "cell count does not fit the columns (cells dropped or added); row not read",
    "ambiguous_split": "glued digits split more than one way; cells that differ are uncertain",
    "unsplittable_run": "glued digits fit no split where the totals add up; row not read",
    "dropped_cells": "empty cells were dropped when the table was flattened; only the 总计 is known",
    "cell_unreadable": "a grid cell holds something other than one number; that cell not read",
}


def note_missing_t3_rows(table: Table, seen: dict[str, tuple[Number | None, ...]]) -> None:
    read = {prefix.split(".")[1] for prefix in seen}
    era = table.era_hint or "2019"
    expected = [
        row.key
        for row in template.T3_ROWS
        if era in row.templates and not (row.key == "other" and era == "2021")
    ]
    if era == "2021" and "other" in read:  # a 2021-era report keeping the single 其他处理 row
        expected = [key for key in expected if not key.startswith("other_")] + ["other"]
    missing = [key for key in expected if key not in read]
    if missing:
        table.issues.append(Issue("table_incomplete", f"table 3 rows not found: {', '.join(missing)}"))


def derive_t3_groups(cells: dict[str, Number], uncertain: list[str], blank: Sequence[str] = ()) -> None:
    """Group rows not printed as their own line are the sum of their sub-rows' printed cells.

    Every sub-row must have been read: a cell left empty in a printed row adds nothing (the template's
    own rule: the group is the sum of its printed sub-rows), but a sub-row not found at all, or not
    pinned down, leaves the group unknown. At least one sub-row cell must be printed.
    """
    empty = set(blank)
    unsure = set(uncertain)  # for membership tests, kept in step with ``uncertain``
    for group, key, parts in _GROUP_CELLS:
        if key in cells or key in unsure:
            continue
        if group == "other" and not any(part in cells or part in unsure for part in parts):
            continue  # 2019: the single row is the group; nothing to derive from
        if any(part in unsure for part in parts):
            uncertain.append(key)
            unsure.add(key)
        elif any(part in cells for part in parts) and all(part in cells or part in empty for part in parts):
            cells[key] = sum(cells[part] for part in parts if part in cells)


# (group, its cell key, its sub-rows' cell keys) for every group and column, built once
_GROUP_CELLS = tuple(
    (group, f"t3.{group}.{column}", tuple(f"t3.{row}.{column}" for row in sub_rows))
    for group, sub_rows in T3_SUB_ROWS.items()
    for column in template.APPLICANT_KEYS
)


T4_COLUMNS = tuple(
    f"{block}.{result}" for block, _ in template.T4_BLOCKS for result, _ in template.T4_RESULTS
)


T2_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    era: {row: tuple(column for column, _ in columns) for row, _, columns in rows}
    for era, rows in (("2019", template.T2_2019), ("2021", template.T2_2021))
}


def wan_to_yuan(run: RunReading) -> RunReading:
    """The 2021 template prints 本年收费金额 in 万元; the key holds yuan (exact decimal arithmetic)."""
    values: list[Number | None] = []
    for value in run.values:
        if value is None:
            values.append(None)
            continue
        yuan = Decimal(str(value)) * 10000
        values.append(int(yuan) if yuan == yuan.to_integral_value() else float(yuan))
    return RunReading(tuple(values), run.uncertain, run.problem)
