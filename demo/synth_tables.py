"""The figures of a synthetic report and its template tables as markup-neutral rows: identities hold by
construction, one can be broken on purpose (``_inject``), and glued layouts keep only one-way digit splits."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from crawler.parsing import template as tmpl
from crawler.parsing.template import Era

# Issue codes of crawler.parsing.checks that an injected inconsistency must produce.
INCONSISTENCIES: dict[str, str] = {
    "outcomes_sum": "t3_outcomes_total_mismatch",  # a printed outcome row no longer adds up to （七）总计
    "balance": "t3_balance_mismatch",  # 一 + 二 ≠ （七） + 四 in one column (and its 总计 column)
    "t4_block": "t4_block_sum_mismatch",  # a 行政复议 result no longer adds up to its 总计
}

_APPLICANTS = tmpl.APPLICANT_KEYS  # six applicant columns + total
_PARTS = _APPLICANTS[:-1]
_T4_PARTS = tuple(key for key, _ in tmpl.T4_RESULTS if key != "total")


@dataclass(slots=True)
class _Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    glue: bool = False  # in the glued layout: whether this table's cells are run together

    def add(self, *cells: _Cell | str) -> None:
        self.rows.append([cell if isinstance(cell, _Cell) else _Cell(cell) for cell in cells])


# ---------------------------------------------------------------- figures
def _small(rng: random.Random, scale: int, chance: float = 0.4) -> int:
    """Mostly zero, sometimes a small count: how real applicant-column cells look."""
    return rng.randint(1, scale) if rng.random() < chance else 0


def _table3(rng: random.Random, era: str) -> dict[str, int]:
    cells: dict[str, int] = {}
    rows = [
        row for row in tmpl.T3_ROWS if era in row.templates and not (era == Era.T2021 and row.key == "other")
    ]
    outcome_rows = [
        row.key for row in rows if row.key not in {"new", "carried_over", "outcomes_total", "carried_forward"}
    ]
    active = {key for key in outcome_rows if rng.random() < 0.45}  # most outcome rows are all zeros
    for column in _PARTS:
        scale, chance = (30, 0.8) if column == "natural_person" else (3, 0.15)
        for key in outcome_rows:
            cells[f"t3.{key}.{column}"] = _small(rng, scale, chance) if key in active else 0
        outcomes = sum(cells[f"t3.{key}.{column}"] for key in outcome_rows)
        carried_over = _small(rng, 3, 0.2)
        carried_forward = _small(rng, 3, 0.2)
        cells[f"t3.outcomes_total.{column}"] = outcomes
        cells[f"t3.carried_over.{column}"] = carried_over
        cells[f"t3.carried_forward.{column}"] = carried_forward
        cells[f"t3.new.{column}"] = max(outcomes + carried_forward - carried_over, 0)
        if outcomes + carried_forward - carried_over < 0:
            cells[f"t3.carried_over.{column}"] = outcomes + carried_forward
    for row in rows:
        cells[f"t3.{row.key}.total"] = sum(cells[f"t3.{row.key}.{column}"] for column in _PARTS)
    return cells


def _table4(rng: random.Random) -> dict[str, int]:
    cells: dict[str, int] = {}
    for block, _ in tmpl.T4_BLOCKS:
        for result in _T4_PARTS:
            cells[f"t4.{block}.{result}"] = _small(rng, 6, 0.2)
        cells[f"t4.{block}.total"] = sum(cells[f"t4.{block}.{result}"] for result in _T4_PARTS)
    return cells


def _table2(rng: random.Random, era: str) -> dict[str, int | float]:
    cells: dict[str, int | float] = {}
    for row, _, columns in tmpl.T2_2021 if era == Era.T2021 else tmpl.T2_2019:
        for column, _ in columns:
            key = f"t2.{row}.{column}"
            if column == "amount_yuan" and era == Era.T2021:
                cells[key] = rng.choice((0, 0, rng.randint(1, 9999) * 100))  # printed in 万元, two decimals
            elif column == "amount_yuan":
                cells[key] = rng.randint(0, 99_999_999) / 100
            elif column == "change":
                cells[key] = rng.randint(-5, 5)
            elif column == "decisions":
                cells[key] = rng.randint(0, 5000)
            elif column == "repealed":
                cells[key] = rng.randint(0, 5)
            else:
                cells[key] = rng.randint(0, 40)
    return cells


_SUB_ROWS: dict[str, tuple[str, ...]] = {
    group: tuple(row.key for row in tmpl.T3_ROWS if row.group == group) for group in tmpl.T3_GROUPS
}


def _summary(cells: dict[str, int]) -> dict[str, int]:
    """The contract's summary figures from the cells; group totals the template leaves unprinted are sums."""
    figures: dict[str, int] = {}
    for key, cell in tmpl.SUMMARY_FROM_CELLS.items():
        if cell in cells:
            figures[key] = cells[cell]
        else:
            group = cell.split(".")[1]
            figures[key] = sum(cells.get(f"t3.{row}.total", 0) for row in _SUB_ROWS[group])
    figures["litigation_total"] = (
        cells["t4.litigation_direct.total"] + cells["t4.litigation_after_review.total"]
    )
    return figures


def _inject(rng: random.Random, cells: dict[str, int], glued: bool) -> str:
    # A glued table-4 run whose totals do not add up cannot be split at all, so glued text gets table-3 kinds.
    kind = rng.choice(tuple(k for k in INCONSISTENCIES if not (glued and k == "t4_block")))
    bump = rng.randint(1, 5)
    if kind == "outcomes_sum":
        for column in ("natural_person", "total"):
            cells[f"t3.granted.{column}"] += bump
    elif kind == "balance":
        for column in ("natural_person", "total"):
            cells[f"t3.new.{column}"] += bump
    else:
        cells["t4.reconsideration.upheld"] += bump
    return INCONSISTENCIES[kind]


# ---------------------------------------------------------------- glued digits: keep only one-way splits
def _is_number(digits: str) -> bool:
    return digits == "0" or (digits != "" and digits[0] != "0")


def _ways(digits: str, parts: int, target: int) -> int:
    """How many ways ``digits`` cuts into ``parts`` numbers (no leading zeros) that add up to ``target``."""
    memo: dict[tuple[int, int, int], int] = {}

    def count(pos: int, left: int, remaining: int) -> int:
        if left == 0:
            return int(pos == len(digits) and remaining == 0)
        key = (pos, left, remaining)
        if key not in memo:
            total = 0
            for end in range(pos + 1, len(digits) - left + 2):
                piece = digits[pos:end]
                if not _is_number(piece) or int(piece) > remaining:
                    break
                total += count(end, left - 1, remaining - int(piece))
            memo[key] = total
        return memo[key]

    return count(0, parts, target)


def _block_ways(digits: str, parts: int) -> int:
    """Splits of ``digits`` into ``parts`` numbers followed by their printed total."""
    return sum(
        _ways(digits[:cut], parts, int(digits[cut:]))
        for cut in range(parts, len(digits))
        if _is_number(digits[cut:])
    )


@cache
def _t3_row_unique(digits: str) -> bool:
    return _block_ways(digits, 6) == 1


@cache
def _t4_unique(digits: str) -> bool:
    ways = {0: 1}  # position -> number of ways to read the blocks before it
    for _ in range(3):
        following: dict[int, int] = {}
        for start, count in ways.items():
            for end in range(start + 5, len(digits) + 1):
                found = _block_ways(digits[start:end], 4)
                if found:
                    following[end] = following.get(end, 0) + count * found
        ways = following
    return ways.get(len(digits), 0) == 1


def _glue_safe(cells: dict[str, int], era: str) -> bool:
    rows = [row.key for row in tmpl.T3_ROWS if f"t3.{row.key}.total" in cells]
    if not all(_t3_row_unique("".join(str(cells[f"t3.{row}.{c}"]) for c in _APPLICANTS)) for row in rows):
        return False
    return _t4_unique(
        "".join(str(cells[f"t4.{b}.{r}"]) for b, _ in tmpl.T4_BLOCKS for r, _ in tmpl.T4_RESULTS)
    )


def _fmt(value: int | float) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


# ---------------------------------------------------------------- the tables as markup-neutral rows
def _t3_table(cells: dict[str, int], era: str) -> _Table:
    table = _Table(glue=True)
    nums = lambda row: [_Cell(str(cells[f"t3.{row}.{c}"])) for c in _APPLICANTS]  # noqa: E731
    table.add(
        _Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        _Cell("申请人情况", 1, 7),
    )
    table.add(_Cell("自然人", 2), _Cell("法人或其他组织", 1, 5), _Cell("总计", 2))
    table.add(*(label for _, label in tmpl.APPLICANT_COLUMNS[1:6]))
    table.add(_Cell("一、本年新收政府信息公开申请数量", 1, 3), *nums("new"))
    table.add(_Cell("二、上年结转政府信息公开申请数量", 1, 3), *nums("carried_over"))
    groups: list[tuple[str, str, list[tuple[str, str]]]] = [
        ("granted", "（一）予以公开", []),
        ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", []),
    ]
    numerals = {"denied": "（三）", "unable": "（四）", "not_processed": "（五）", "other": "（六）"}
    for group, label in tmpl.T3_GROUPS.items():
        subs = [(r.key, r.label) for r in tmpl.T3_ROWS if r.group == group and era in r.templates]
        groups.append((group, numerals[group] + label, subs))
    groups.append(("outcomes_total", "（七）总计", []))
    height = sum(max(len(subs), 1) for _, _, subs in groups)
    first = True
    for key, label, subs in groups:
        lead = [_Cell("三、本年度办理结果", height)] if first else []
        first = False
        if not subs:
            table.add(*lead, _Cell(label, 1, 2), *nums(key))
            continue
        for index, (sub, sub_label) in enumerate(subs, 1):
            head = [_Cell(label, len(subs))] if index == 1 else []
            table.add(*(lead if index == 1 else []), *head, f"{index}.{sub_label}", *nums(sub))
    table.add(_Cell("四、结转下年度继续办理", 1, 3), *nums("carried_forward"))
    return table


def _t4_table(cells: dict[str, int]) -> _Table:
    table = _Table(glue=True)
    results = [label for _, label in tmpl.T4_RESULTS]
    table.add(_Cell("行政复议", 1, 5), _Cell("行政诉讼", 1, 10))
    table.add(
        *(_Cell(label, 2) for label in results), _Cell("未经复议直接起诉", 1, 5), _Cell("复议后起诉", 1, 5)
    )
    table.add(*results, *results)
    table.add(*(str(cells[f"t4.{b}.{r}"]) for b, _ in tmpl.T4_BLOCKS for r, _ in tmpl.T4_RESULTS))
    return table


_T2_ITEMS_2019 = (
    ("（一）", ("regulations", "normative_documents")),
    ("（五）", ("licensing", "other_services")),
    ("（六）", ("penalties", "enforcement")),
    ("（八）", ("fees",)),
    ("（九）", ("procurement",)),
)
_T2_ITEMS_2021 = (
    ("（一）", ("regulations", "normative_documents")),
    ("（五）", ("licensing",)),
    ("（六）", ("penalties", "enforcement")),
    ("（八）", ("fees",)),
)


def _t2_table(cells: dict[str, Any], era: str) -> _Table:
    table = _Table()
    spec = {
        row: (label, columns) for row, label, columns in (tmpl.T2_2021 if era == Era.T2021 else tmpl.T2_2019)
    }
    for item, rows in _T2_ITEMS_2021 if era == Era.T2021 else _T2_ITEMS_2019:
        table.add(_Cell(f"第二十条第{item}项", 1, 4))
        columns = spec[rows[0]][1]
        span = 4 - len(columns)  # the last column stretches to the table's four columns
        table.add(
            "信息内容",
            *(
                _Cell(label, 1, 1 + (span if i == len(columns) - 1 else 0))
                for i, (_, label) in enumerate(columns)
            ),
        )
        for row in rows:
            label = spec[row][0]
            values = []
            for i, (column, _) in enumerate(columns):
                value = cells[f"t2.{row}.{column}"]
                if era == Era.T2021 and column == "amount_yuan":
                    value = f"{value / 10000:.2f}".rstrip("0").rstrip(".") if value else "0"
                values.append(_Cell(_fmt(value), 1, 1 + (span if i == len(columns) - 1 else 0)))
            table.add(label, *values)
    return table


# ---------------------------------------------------------------- rendering
@cache
def _escape(text: str) -> str:
    """``html.escape``, memoised: table labels and small numbers repeat in every report."""
    return html.escape(text)


def _render_table(table: _Table, layout: str) -> str:
    if layout == "html_table":
        out = ['<table border="1" cellspacing="0">']
        for row in table.rows:
            tds = []
            for cell in row:
                spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                    f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
                )
                tds.append(f"<td{spans}>{_escape(cell.text)}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
        return "\n".join(out)
    if layout == "pipe_text":
        return "\n".join("|".join(cell.text for cell in row) for row in table.rows)
    if layout == "cell_per_line":
        return "\n".join(cell.text for row in table.rows for cell in row)
    if table.glue:
        return "".join(cell.text for row in table.rows for cell in row)
    return "\n".join(" ".join(cell.text for cell in row) for row in table.rows)
