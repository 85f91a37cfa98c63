"""Consistency checks on a report's template tables and its prose figures: reported, never corrected.

Each problem is an ``Issue`` with a stable code (cell keys as in ``crawler.parsing.template``):

``t3_balance_mismatch``
    Table 3, per applicant column: 一 本年新收 + 二 上年结转 ≠ （七）总计 + 四 结转下年度继续办理
    (the template's own 勾稽关系).
``t3_group_sum_mismatch``
    A group row (（三）不予公开, （四）无法提供, （五）不予处理, 2021 （六）其他处理) ≠ the sum of its
    sub-rows, where both are printed.
``t3_outcomes_total_mismatch``
    （七）总计 ≠ the sum of the six outcome groups （一）…（六）, per column.
``t3_total_column_mismatch``
    A table-3 row's 总计 column ≠ the sum of its six applicant columns.
``t4_block_sum_mismatch``
    Table 4: a block's 总计 (行政复议, 未经复议直接起诉, 复议后起诉) ≠ 维持 + 纠正 + 其他 + 尚未审结.
``prose_table_mismatch``
    A summary figure stated in the prose differs from the same figure in the tables.

A check runs only where every cell it needs is present; a missing or uncertain cell is not a mismatch.
``contradicted_summary_keys`` names the summary keys whose stated table total is contradicted by its
own printed components, so the caller can leave them out of ``figures`` (e.g. 洪泽2023: 复议 cells
10/1/0/0 under a 总计 of 0).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from crawler.parsing import template as tmpl
from crawler.parsing.record import Issue, Number
from crawler.parsing.tables import T3_SUB_ROWS, summary_from_cells

_COLUMNS = tmpl.APPLICANT_KEYS
_PARTS = _COLUMNS[:-1]  # the six applicant columns that add up to 总计
_T4_PARTS = tuple(result for result, _ in tmpl.T4_RESULTS if result != "total")


def check_consistency(
    cells: dict[str, Number], figures: dict[str, Number], template: str | None
) -> list[Issue]:
    """All consistency issues of one report.

    ``cells``: the table cells (``TableReading.cells``). ``figures``: summary figures read from the
    PROSE only (summary keys of the parse contract; leave out approximate ones such as 5500余条),
    compared with the same keys derived from the cells. ``template``: "2019" | "2021" | None; with
    None only the prose/table comparison runs (there are no template tables to check).
    """
    issues: list[Issue] = []
    if template is not None:
        issues += _total_column(cells)
        issues += _group_sums(cells)
        issues += _outcomes_total(cells)
        issues += _balance(cells)
        issues += _t4_blocks(cells)
    issues += _prose_vs_tables(cells, figures)
    return issues


def contradicted_summary_keys(cells: dict[str, Number]) -> set[str]:
    """Summary keys whose stated total disagrees with its own printed components.

    A row's 总计 column vs its applicant columns, a group's 总计 vs its sub-rows, a table-4 block 总计
    vs its four results. (（七）总计 against the outcome groups is a cross-row check: it is flagged but
    does not void the stated figure.) Use: ``{k: v for k, v in summary_from_cells(cells).items() if k
    not in contradicted_summary_keys(cells)}``.
    """
    bad: set[str] = set()
    for summary_key, cell in tmpl.SUMMARY_FROM_CELLS.items():
        table, row, _ = cell.split(".")
        if table == "t3" and (_row_total_differs(cells, row) or _group_total_differs(cells, row)):
            bad.add(summary_key)
        if table == "t4" and _block_differs(cells, row):
            bad.add(summary_key)
    if _block_differs(cells, "litigation_direct") or _block_differs(cells, "litigation_after_review"):
        bad.add("litigation_total")
    return bad


# ------------------------------------------------------------------ helpers
def _values(cells: dict[str, Number], keys: Sequence[str]) -> list[Number] | None:
    """The cells' values, or None unless every one is there."""
    try:
        return [cells[key] for key in keys]
    except KeyError:
        return None


def _same(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-6


_T3_ROWS = (*(row.key for row in tmpl.T3_ROWS), *(group for group in tmpl.T3_GROUPS if group != "other"))
# Cell keys built once (every report runs every check): row -> its six applicant cells, and so on.
_ROW_PARTS = {row: tuple(f"t3.{row}.{column}" for column in _PARTS) for row in _T3_ROWS}
_GROUP_PARTS = {
    (group, column): tuple(f"t3.{row}.{column}" for row in sub_rows)
    for group, sub_rows in T3_SUB_ROWS.items()
    for column in _COLUMNS
}
_BLOCK_PARTS = {block: tuple(f"t4.{block}.{result}" for result in _T4_PARTS) for block, _ in tmpl.T4_BLOCKS}


def _differs(cells: dict[str, Number], parts: Sequence[str], total_key: str) -> bool:
    """The stated total and all its parts are there, and they disagree."""
    total = cells.get(total_key)
    values = _values(cells, parts) if total is not None else None
    return values is not None and total is not None and not _same(sum(values), total)


def _row_total_differs(cells: dict[str, Number], row: str) -> bool:
    return _differs(cells, _ROW_PARTS[row], f"t3.{row}.total")


def _group_total_differs(cells: dict[str, Number], group: str, column: str = "total") -> bool:
    parts = _GROUP_PARTS.get((group, column))
    return parts is not None and _differs(cells, parts, f"t3.{group}.{column}")


def _block_differs(cells: dict[str, Number], block: str) -> bool:
    return _differs(cells, _BLOCK_PARTS[block], f"t4.{block}.total")


# ------------------------------------------------------------------ the checks
def _total_column(cells: dict[str, Number]) -> Iterator[Issue]:
    for row in _T3_ROWS:
        if _row_total_differs(cells, row):
            parts = [cells[key] for key in _ROW_PARTS[row]]
            yield Issue(
                "t3_total_column_mismatch",
                f"table 3 row {row}: 总计 {cells[f't3.{row}.total']} but the columns sum to {sum(parts)}",
            )


def _group_sums(cells: dict[str, Number]) -> Iterator[Issue]:
    for group in T3_SUB_ROWS:
        for column in _COLUMNS:
            if _group_total_differs(cells, group, column):
                parts = [cells[key] for key in _GROUP_PARTS[group, column]]
                yield Issue(
                    "t3_group_sum_mismatch",
                    f"table 3 {group} ({column}): stated {cells[f't3.{group}.{column}']}, "
                    f"sub-rows sum to {sum(parts)}",
                )


def _outcomes_total(cells: dict[str, Number]) -> Iterator[Issue]:
    for column in _COLUMNS:
        parts = _values(cells, [f"t3.{group}.{column}" for group in tmpl.T3_OUTCOME_GROUPS])
        total = cells.get(f"t3.outcomes_total.{column}")
        if parts is not None and total is not None and not _same(sum(parts), total):
            yield Issue(
                "t3_outcomes_total_mismatch",
                f"table 3 ({column}): （七）总计 {total} but the six outcome groups sum to {sum(parts)}",
            )


def _balance(cells: dict[str, Number]) -> Iterator[Issue]:
    for column in _COLUMNS:
        rows = ("new", "carried_over", "outcomes_total", "carried_forward")
        values = _values(cells, [f"t3.{row}.{column}" for row in rows])
        if values is None:
            continue
        new, carried_over, outcomes, carried_forward = values
        if not _same(new + carried_over, outcomes + carried_forward):
            yield Issue(
                "t3_balance_mismatch",
                f"table 3 ({column}): 新收 {new} + 上年结转 {carried_over} ≠ 总计 {outcomes} + "
                f"结转下年度 {carried_forward}",
            )


def _t4_blocks(cells: dict[str, Number]) -> Iterator[Issue]:
    for block, label in tmpl.T4_BLOCKS:
        if _block_differs(cells, block):
            parts = [cells[key] for key in _BLOCK_PARTS[block]]
            yield Issue(
                "t4_block_sum_mismatch",
                f"table 4 {label}: 总计 {cells[f't4.{block}.total']} but 维持/纠正/其他/未审结 {parts} "
                f"sum to {sum(parts)}",
            )


def _prose_vs_tables(cells: dict[str, Number], figures: dict[str, Number]) -> Iterator[Issue]:
    from_tables = summary_from_cells(cells)
    for key, prose_value in figures.items():
        table_value = from_tables.get(key)
        if table_value is not None and not _same(prose_value, table_value):
            yield Issue(
                "prose_table_mismatch", f"{key}: prose says {prose_value}, the tables say {table_value}"
            )
