"""Reading tables 3 and 4 from grids (HTML, PDF, DOCX, DOC, XLS tables with spans expanded).

A grid is read as a grid, never flattened: each row's label is the text of its label columns (the
columns left of the first value column; a group label such as （三）不予公开 spanning many rows sits in
its own column and comes first), named by ``labels.t3_label``; each value comes from the column the
header rows name (``header_map``). So a blank cell is simply absent, a 总计 column blank on most rows
costs only those cells, and wrapped labels, notes and <br> inside cells change nothing.

A grid without header rows continues the previous table-3 grid of the same width (a table cut by a
page break). Without either, a grid whose value columns are exactly the template's (7 for table 3,
15 for table 4) is read in template order. Anything else that holds numbers in columns no header names
is not guessed: its cells go to ``uncertain`` with ``table_header_unmapped``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from crawler.parsing import template
from crawler.parsing.digits import RunReading, cell_number, is_placeholder
from crawler.parsing.header_map import T4_HEADER, T4_LEAF, t3_columns, t4_columns
from crawler.parsing.labels import t3_label
from crawler.parsing.record import Issue, Number
from crawler.parsing.table_model import OTHER_ROWS, T4_COLUMNS, Table, distrust, note_missing_t3_rows, put_row

Grid = Sequence[Sequence[str]]
_MAX_HEADER_ROWS = 4
# A value cell may carry its unit ("12件"); anything else around the number makes it unreadable.
_UNIT = re.compile(r"\s*(?:件|个|条|项|人次|次|元)\s*$")
_BLANK, _TEXT = "blank", "text"


@lru_cache(maxsize=65536)  # grid cells ("0", "总计", "") recur in every report
def _read(cell: str) -> Number | str:
    """A cell's number, or ``_BLANK`` (empty or a placeholder such as '-', '/'), or ``_TEXT``."""
    text = cell.strip()
    if not text or is_placeholder(text):
        return _BLANK
    number = cell_number(_UNIT.sub("", text))
    return _TEXT if number is None else number


@lru_cache(maxsize=65536)  # asked of every cell, often several times per grid
def _is_number(cell: str) -> bool:
    return not isinstance(_read(cell), str)


@dataclass
class GridTables:
    t3: Table = field(default_factory=Table)
    t4: Table = field(default_factory=Table)


@dataclass
class _T3State:
    """Table 3 across grids: rows seen, the last grid's column map (for a continuation) and (六) state."""

    seen: dict[str, tuple[Number | None, ...]] = field(default_factory=dict)
    columns: dict[int, str] = field(default_factory=dict)
    width: int = 0
    in_other: bool = False
    done: bool = False  # 结转下年度 read: later grids are other tables
    run_together: list[str] = field(default_factory=list)


def read_grids(grids: Sequence[Grid]) -> GridTables:
    """Tables 3 and 4 from the grids that hold them (``found`` False when no grid does)."""
    tables = GridTables()
    state = _T3State()
    for grid in grids:
        if not grid or not any(grid):
            continue
        end = 0 if state.done else _read_t3_grid(grid, tables.t3, state)
        if not tables.t4.found:
            _read_t4_grid(grid, end, tables.t4)
    if state.seen:
        note_missing_t3_rows(tables.t3, state.seen)
        if state.run_together:
            where = state.run_together[0][:40]
            distrust(tables.t3, f"table 3 labels run together ({where}…): values may belong to other rows")
    return tables


# ------------------------------------------------------------------ table 3
def _read_t3_grid(grid: Grid, table: Table, state: _T3State) -> int:
    """Read the table-3 rows of one grid; returns the index of the row after the last one read."""
    width = max(len(row) for row in grid)
    found = _first_t3_row(grid, state.in_other)
    if found is None or (found[1] != "new" and not (state.columns and width == state.width)):
        return 0  # a table 3 starts at its 本年新收 row; otherwise only a continuation counts
    first = found[0]
    header = _header_above(grid, first)
    stop = next((i for i in range(first, len(grid)) if _is_t4_header(grid[i])), len(grid))
    numeric = _numeric_columns(grid[:stop], first)
    labels = _label_columns(grid[first:stop])
    named = t3_columns(header, width) if header else {}
    columns = _consistent(named, template.APPLICANT_KEYS, labels, numeric)
    if not header and state.columns and width == state.width:
        columns = state.columns  # a page break cut the table: same columns, no header repeated
    if not columns:  # no header, or one whose names do not fit the template: only an exact count will do
        columns = _positional(numeric, template.APPLICANT_KEYS)
    table.found = True  # the 本年新收 row holds a number
    unnamed = _unnamed_values(columns, labels, numeric)
    if not columns or unnamed:
        _unmapped(
            table, "3", [f"t3.{row}.{column}" for row in _T3_ROW_KEYS for column in template.APPLICANT_KEYS]
        )
        state.done = True
        return len(grid)
    state.columns, state.width = columns, width
    label_end = min(columns)
    end = first
    for index in range(first, stop):
        row = grid[index]
        label = _label(row, label_end)
        key, run_together = t3_label(label, state.in_other)
        if key is not None:
            state.in_other = key in OTHER_ROWS
        if run_together:
            state.run_together.append(label)
        end = index + 1
        if key is None:
            continue
        reading = _values(row, columns, template.APPLICANT_KEYS)  # empty cells: recorded as blank
        if key in OTHER_ROWS - {"other"}:
            table.era_hint = "2021"
        put_row(table, state.seen, f"t3.{key}", template.APPLICANT_KEYS, reading)
        if key == "carried_forward":
            state.done = True
            break
    return end


_T3_ROW_KEYS = tuple(row.key for row in template.T3_ROWS)


def _first_t3_row(grid: Grid, in_other: bool) -> tuple[int, str] | None:
    """The first row whose leading text names a table-3 row and that holds a number."""
    for index, row in enumerate(grid):
        numbers = [column for column, cell in enumerate(row) if _is_number(cell)]
        if not numbers:
            continue
        key, _ = t3_label(_label(row, numbers[0]), in_other)
        if key is not None:
            return index, key
    return None


def _header_above(grid: Grid, first: int) -> list[Sequence[str]]:
    """The rows right above the first data row that hold no number (at most a few)."""
    header: list[Sequence[str]] = []
    for index in range(first - 1, max(-1, first - 1 - _MAX_HEADER_ROWS), -1):
        row = grid[index]
        if any(map(_is_number, row)):
            break
        header.insert(0, row)
    return header


def _numeric_columns(grid: Grid, first: int) -> list[int]:
    """Columns holding a number in some row from ``first`` on (label columns hold none)."""
    found = {column for row in grid[first:] for column, cell in enumerate(row) if cell and _is_number(cell)}
    return sorted(found)


def _unnamed_values(columns: dict[int, str], labels: set[int], numeric: Sequence[int]) -> list[int]:
    """Columns holding numbers that no name covers, right of the first label column (numbers left of
    every label are a numbering column, 序号)."""
    first_label = min(labels, default=-1)
    return [column for column in numeric if column not in columns and column > first_label]


def _consistent(
    columns: dict[int, str], keys: Sequence[str], label_columns: set[int], numeric: Sequence[int]
) -> dict[int, str]:
    """The header's names when each names one run of adjacent columns (a spanned name repeats) and none
    sits over a label column; {} otherwise, as when a header's merged cells were laid out wrongly."""
    if label_columns.intersection(columns) or _unnamed_values(columns, label_columns, numeric):
        return {}  # a name over a label column, or value columns left unnamed: the header is misaligned
    order = [key for column, key in sorted(columns.items())]
    distinct = [key for i, key in enumerate(order) if i == 0 or order[i - 1] != key]
    if len(set(distinct)) != len(distinct) or not set(distinct) <= set(keys):
        return {}
    return columns


def _label_columns(rows: Grid) -> set[int]:
    """Columns holding text but never a number (a value column may still hold an odd "无")."""
    texty: set[int] = set()
    numeric: set[int] = set()
    for row in rows:
        for column, cell in enumerate(row):
            kind = _read(cell)
            if kind == _TEXT:
                texty.add(column)
            elif kind != _BLANK:
                numeric.add(column)
    return texty - numeric


def _positional(numeric: list[int], keys: Sequence[str]) -> dict[int, str]:
    """No header: the value columns in template order, only when there are exactly as many as keys."""
    if len(numeric) != len(keys) or numeric != list(range(numeric[0], numeric[0] + len(keys))):
        return {}
    return dict(zip(numeric, keys, strict=True))


def _label(row: Sequence[str], label_end: int) -> str:
    """The text of a row's label columns, each distinct cell once (a merged label repeats)."""
    parts: list[str] = []
    for cell in row[:label_end]:
        text = cell.strip()
        if text and (not parts or parts[-1] != text) and not _is_number(text):
            parts.append(text)
    return " ".join(parts)


def _values(row: Sequence[str], columns: dict[int, str], keys: Sequence[str]) -> RunReading:
    """The row's cells under each key; a key under several columns (a spanned cell) must agree."""
    return _read_cells(tuple(row), _by_key(tuple(columns.items()), tuple(keys)))


@lru_cache(maxsize=256)
def _by_key(columns: tuple[tuple[int, str], ...], keys: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    """For each key, the grid columns under it (one, or several under a spanned header)."""
    return tuple(tuple(column for column, name in columns if name == key) for key in keys)


@lru_cache(maxsize=8192)  # rows such as "0 | 0 | … | 0" recur across reports
def _read_cells(row: tuple[str, ...], by_key: tuple[tuple[int, ...], ...]) -> RunReading:
    values: list[Number | None] = []
    uncertain: list[int] = []
    for position, columns in enumerate(by_key):
        stated: Number | None = None
        unsure = False
        for column in columns:
            value = _read(row[column]) if column < len(row) else _BLANK
            if isinstance(value, str):
                unsure = unsure or value != _BLANK
            elif stated is None:
                stated = value
            elif stated != value:
                unsure = True
        if unsure:
            uncertain.append(position)
            stated = None
        values.append(stated)
    return RunReading(tuple(values), tuple(uncertain), "cell_unreadable" if uncertain else None)


def _unmapped(table: Table, name: str, keys: Sequence[str]) -> None:
    table.uncertain.extend(key for key in keys if key not in table.uncertain)
    message = f"table {name}: value columns not named by the header rows; cells not read"
    table.issues.append(Issue("table_header_unmapped", message))


# ------------------------------------------------------------------ table 4
def _is_t4_header(row: Sequence[str]) -> bool:
    # one search over the row's cells joined by NUL (which no cell holds and the word cannot span),
    # not one search per cell
    return T4_HEADER.search("\0".join(row)) is not None


def _read_t4_grid(grid: Grid, start: int, table: Table) -> None:
    """Table 4 from the first 行政复议 header row at or after ``start`` and the number row below it."""
    top = next((i for i in range(start, len(grid)) if _is_t4_header(grid[i])), None)
    if top is None:
        return
    data = next(
        (i for i in range(top + 1, len(grid)) if any(map(_is_number, grid[i]))),
        None,
    )
    header = grid[top:data] if data is not None else grid[top:]
    if data is None or not any(T4_LEAF.search(cell) for row in header for cell in row):
        return
    width = max(len(row) for row in grid)
    numeric = _numeric_columns(grid[data : data + 1], 0)
    columns = _consistent(
        t4_columns(header, width), T4_COLUMNS, _label_columns(grid[data : data + 1]), numeric
    )
    if set(columns.values()) != set(T4_COLUMNS):
        columns = _positional(numeric, T4_COLUMNS)
    table.found = True
    if set(columns.values()) != set(T4_COLUMNS) or any(column not in columns for column in numeric):
        _unmapped(table, "4", [f"t4.{key}" for key in T4_COLUMNS])
        return
    put_row(table, {}, "t4", T4_COLUMNS, _values(grid[data], columns, T4_COLUMNS))
