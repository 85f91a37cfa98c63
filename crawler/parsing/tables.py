"""Reading the template tables (tables 2, 3 and 4 of the 2019 and 2021 templates) into keyed cells.

Every layout is first turned into text lines: a grid becomes ``cell | cell |`` lines, so grids, tables
flattened with ``|``, one cell per line, and tables glued into one line with no separators at all are
read by the same code:

1. cut the text into the three table regions (anchors: 第二十条第 / the 本年新收 row / 行政复议…维持);
2. split a region into ``Line``\\s: a label (all text since the previous numbers) and the value pieces
   that follow it (``crawler.parsing.digits``);
3. name each line's row from its label (``crawler.parsing.labels``); unknown rows are skipped, so a
   local extra row never shifts a known one;
4. read the pieces into the row's columns; anything not pinned down goes to ``uncertain`` with an
   ``Issue``, never into ``cells``.

Tables are read from ``grids`` first and from ``text`` when the grids do not hold them.

Issue codes raised here (checks on the figures themselves live in ``crawler.parsing.checks``):
``table_missing`` (some template tables found, this one not), ``table_incomplete`` (known rows absent),
``table_layout_unreliable`` (labels of two rows run together, so values may sit under the wrong
row: the whole table goes to ``uncertain``), ``table_shifted`` (a row's cell count does not fit its
columns), ``ambiguous_split`` (a glued digit run splits more than one way), ``unsplittable_run`` (a
glued run fits no split), ``row_conflict`` (a row read twice with different values).

Cell values are as printed, with one unit change: the 2021 template prints 行政事业性收费 本年收费金额
in 万元, and ``t2.fees.amount_yuan`` holds yuan (exact decimal conversion) unless the header says 元.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from crawler.parsing import template
from crawler.parsing.digits import THOUSANDS, Piece, RunReading, is_placeholder, read_run
from crawler.parsing.labels import t2_era, t2_label, t3_label
from crawler.parsing.record import Issue, Number

T3_BLOCKS = ((0, 7),)
_APPLICANT_PARTS = template.APPLICANT_KEYS[:-1]  # the six applicant columns that add up to 总计
T4_BLOCKS = ((0, 5), (5, 10), (10, 15))
T3_SUB_ROWS: dict[str, tuple[str, ...]] = {
    group: tuple(row.key for row in template.T3_ROWS if row.group == group) for group in template.T3_GROUPS
}
_OTHER_ROWS = frozenset({"other", *T3_SUB_ROWS["other"]})

_NUM_RUN = re.compile(r"-?\d+(?:\.\d+)?(?:[ \t\u3000]*-?\d+(?:\.\d+)?)*(?:[ \t]*元)?")
_PROSE_UNIT = re.compile(r"\s*(?:[年月日件条个项份次余多%]|万元)")
_PURE_NUMBER = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*$")
_INNER_SPACE = re.compile(r"\s")
_NUMBERING_AFTER = re.compile(r"[.、．]\s*\D")


def _spaced(word: str) -> str:
    """A pattern for ``word`` that tolerates stray spaces and line breaks between its characters."""
    return r"\s*".join(map(re.escape, word))


_T3_START = re.compile(_spaced("本年新收"))
# the rest of the 本年新收 row: label text, then a number NOT followed by a unit (prose: "申请21件")
_T3_ROW_REST = re.compile(r"[^\d件条个项]{0,60}?(?>[\d \t.,-]+)(?![件条个项份次余多%年月日])")
_T4_START = re.compile(_spaced("行政复议") + r"(?:(?!本年新收)[\s\S]){0,300}?" + _spaced("维持"))
# table 2 starts at its first 第二十条第（一）项 or at a 信息内容 header cell (grids often leave the
# first 第二十条 line outside the ruled table)
_T2_START = re.compile(_spaced("第二十条第") + "|" + _spaced("信息内容") + r"[\s|]*(?:本年|上一年|采购|对外)")
_SECTION_END = re.compile(r"五、|" + _spaced("存在的主要问题"))
_YUAN_UNIT = re.compile(r"单位[:：]\s*元")
# page footers in PDF text ("- 3 -", "第 3 页") would otherwise read as cells
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页.{0,8})\s*$", re.M)


@dataclass
class TableReading:
    template: str | None  # "2019" | "2021" | None when no template table was found
    cells: dict[str, Number] = field(default_factory=dict)
    uncertain: list[str] = field(default_factory=list)  # cell keys not pinned down; never also in cells
    issues: list[Issue] = field(default_factory=list)


@dataclass
class Line:
    label: str = ""
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class _Table:
    """What one table contributed: cells, uncertain keys, issues, and whether it was there at all."""

    found: bool = False
    cells: dict[str, Number] = field(default_factory=dict)
    uncertain: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    era_hint: str | None = None


def read_tables(text: str, grids: list[list[list[str]]]) -> TableReading:
    """Every cell of tables 2, 3 and 4 that the document states (see the module docstring)."""
    sources = _Sources([grids_to_text(grids), text] if grids else [text])
    t3 = _first_found(lambda regions: _read_t3(regions.t3), sources)
    t2 = _first_found(lambda regions: _read_t2(regions.t2), sources)
    t4 = _first_found(lambda regions: _read_t4(regions.t4), sources)
    if not (t2.found or t3.found) and t4.issues:
        t4 = _Table()  # alone and not a clean row of 15: prose about 行政复议, not table 4
    era = _template_era(t2, t3, t4)
    if era is None:
        return TableReading(None)
    reading = TableReading(era)
    for name, table in (("2", t2), ("3", t3), ("4", t4)):
        if not table.found:
            reading.issues.append(Issue("table_missing", f"table {name} of the {era} template not found"))
        reading.cells.update(table.cells)
        reading.uncertain.extend(table.uncertain)
        reading.issues.extend(table.issues)
    _derive_t3_groups(reading.cells, reading.uncertain)
    return reading


def summary_from_cells(cells: dict[str, Number]) -> dict[str, Number]:
    """The contract's summary keys that the cells state (litigation = direct + after-review 总计)."""
    summary: dict[str, Number] = {}
    for key, cell in template.SUMMARY_FROM_CELLS.items():
        value = cells[cell] if cell in cells else _t3_total_from_columns(cells, cell)
        if value is not None:
            summary[key] = value
    direct, after_review = "t4.litigation_direct.total", "t4.litigation_after_review.total"
    if direct in cells and after_review in cells:
        summary["litigation_total"] = cells[direct] + cells[after_review]
    return summary


def _t3_total_from_columns(cells: dict[str, Number], cell: str) -> Number | None:
    """A table-3 总计 the source left blank: the sum of the row's six applicant cells, all stated.

    The same exact arithmetic as a group row summed from its sub-rows; the 总计 cell itself stays
    out of ``cells`` (the document does not print it).
    """
    table, row, column = cell.split(".")
    if table != "t3" or column != "total":
        return None
    parts = [cells.get(f"t3.{row}.{part}") for part in _APPLICANT_PARTS]
    return sum(part for part in parts if part is not None) if None not in parts else None


# ------------------------------------------------------------------ layouts -> lines
def grids_to_text(grids: Sequence[Sequence[Sequence[str | None]]]) -> str:
    """Grids as ``|`` lines (one per grid row), so they are read like a table flattened into text."""
    lines = []
    for grid in grids:
        for row in grid:
            cells = [(cell or "").replace("|", "/").replace("\n", " ") for cell in row]
            lines.append(" | ".join(cells) + " |")
    return "\n".join(lines)


def split_lines(region: str) -> list[Line]:
    """Labels and the value pieces after each (see ``crawler.parsing.digits.Piece``)."""
    lines: list[Line] = []
    current = Line()
    for raw in _PAGE_NUMBER.sub("", THOUSANDS.sub("", region)).split("\n"):
        piped = "|" in raw
        cells = raw.split("|")
        if piped and not cells[-1].strip():
            cells.pop()  # the empty text after a closing '|'
        row_started = False  # a blank cell only counts after a label or value in the same row
        for cell in cells:
            bare = cell.strip()
            if bare.isascii() and bare.isdigit():  # the common cases, kept off the slow path
                current.pieces.append(Piece(bare))
                row_started = True
                continue
            if not bare:
                if piped and row_started and current.pieces:
                    current.pieces.append(Piece(""))
                continue
            for kind, value in _cell_parts(cell, piped):
                if kind == "label":
                    if current.pieces:
                        lines.append(current)
                        current = Line()
                    current.label += value
                elif kind == "blank":
                    if row_started and (current.pieces or (value == "placeholder" and current.label.strip())):
                        current.pieces.append(Piece(""))
                else:
                    current.pieces.append(Piece(value, splittable=kind == "glued"))
                row_started = True
    lines.append(current)
    for line in lines:  # a lone run of digits is a whole row glued together
        if len(line.pieces) == 1 and line.pieces[0].text:
            line.pieces[0] = Piece(line.pieces[0].text, splittable=True)
    return [line for line in lines if line.label or line.pieces]


@lru_cache(maxsize=16384)  # template labels recur in every report
def _cell_parts(cell: str, piped: bool) -> tuple[tuple[str, str], ...]:
    """("label", text) | ("number"/"glued", digits) | ("blank", "empty"/"placeholder") parts of a cell."""
    return tuple(_iter_cell_parts(cell, piped))


def _iter_cell_parts(cell: str, piped: bool) -> Iterator[tuple[str, str]]:
    pure = _PURE_NUMBER.match(cell)
    if pure:
        yield "number", pure.group(1)
        return
    stripped = cell.strip()
    if not stripped or is_placeholder(stripped):
        if piped or stripped:
            yield "blank", "placeholder" if stripped else "empty"
        return
    lead, tail = len(cell) - len(cell.lstrip()), len(cell.rstrip())
    position = 0
    for match in _NUM_RUN.finditer(cell):
        start, end = match.span()
        run = match.group().strip()
        if _PROSE_UNIT.match(cell, end):
            continue  # 21件, 2023年: prose, part of the label
        if _NUMBERING_AFTER.match(cell, end):  # "…00000002.其他": the last digit numbers the next label
            if start == lead or len(run) <= 1:
                continue
            end -= 1
            run = run[:-1].rstrip()
        if cell[position:start].strip():
            yield "label", cell[position:start]
        whole = start == lead and end >= tail
        yield ("number" if whole and not _INNER_SPACE.search(run) else "glued"), run
        position = end
    if cell[position:].strip():
        yield "label", cell[position:]


# ------------------------------------------------------------------ regions
@dataclass(frozen=True)
class Regions:
    """The text of each template table in one source ("" when the table is not there)."""

    t2: str
    t3: str
    t4: str


class _Sources:
    """Each source's regions (the grids' text first, then the text), cut only when a table needs them."""

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self._regions: list[Regions] = []

    def __iter__(self) -> Iterator[Regions]:
        for index, text in enumerate(self._texts):
            if index == len(self._regions):
                self._regions.append(find_regions(text))
            yield self._regions[index]


def _first_found(reader: Callable[[Regions], _Table], sources: _Sources) -> _Table:
    table = _Table()
    for regions in sources:
        table = reader(regions)
        if table.found:
            return table
    return table


def find_regions(text: str) -> Regions:
    """Cut out tables 2, 3 and 4 by their anchors (stray spaces inside the anchor words allowed)."""
    t3 = _t3_span(text)
    t4_start = _T4_START.search(text, t3[1] if t3 else 0)
    t4 = ""
    if t4_start:
        t4_end = _SECTION_END.search(text, t4_start.end())
        t4 = text[t4_start.start() : t4_end.start() if t4_end else len(text)]
    t2 = ""
    t2_start = _T2_START.search(text, 0, t3[0] if t3 else len(text))
    if t2_start:
        section_end = _SECTION_END.search(text, t2_start.end())
        t2_end = t3[0] if t3 else section_end.start() if section_end else len(text)
        t2 = text[t2_start.start() : t2_end]
    return Regions(t2, text[t3[0] : t3[1]] if t3 else "", t4)


def _t3_span(text: str) -> tuple[int, int] | None:
    """From the first 本年新收 that starts a table row (its label, then cells) to table 4."""
    for match in _T3_START.finditer(text):
        if _T3_ROW_REST.match(text, match.end()):
            end = _T4_START.search(text, match.end())
            return match.start(), end.start() if end else len(text)
    return None


# ------------------------------------------------------------------ table 3
def _read_t3(region: str) -> _Table:
    table = _Table()
    rows, merged_labels = _t3_rows(region)
    blank_total = _total_column_blank(rows)
    seen: dict[str, tuple[Number | None, ...]] = {}
    for key, pieces in rows:
        table.found = True
        if key in _OTHER_ROWS - {"other"}:
            table.era_hint = "2021"
        if blank_total:  # the 总计 cell is not stated: read the six applicant cells, total left out
            pieces = [*pieces, Piece("")]
        _put_row(table, seen, f"t3.{key}", template.APPLICANT_KEYS, read_run(pieces, 7, T3_BLOCKS))
    if table.found:
        _note_missing_t3_rows(table, seen)
    if merged_labels:
        where = merged_labels[0][:40]
        _distrust(table, f"table 3 labels run together ({where}…): values may belong to other rows")
    return table


def _t3_rows(region: str) -> tuple[list[tuple[str, list[Piece]]], list[str]]:
    """(row key, value pieces) of each known row up to 结转下年度, and labels that ran together."""
    rows: list[tuple[str, list[Piece]]] = []
    merged_labels = []
    in_other = False
    for line in split_lines(region):
        key, run_together = t3_label(line.label, in_other)
        if run_together:
            merged_labels.append(line.label.strip())
        if key is not None:  # an unknown local row in between does not end （六）其他处理
            in_other = key in _OTHER_ROWS
        if key is None or not line.pieces:
            continue
        rows.append((key, line.pieces))
        if key == "carried_forward":
            break
    return rows, merged_labels


def _total_column_blank(rows: Sequence[tuple[str, list[Piece]]]) -> bool:
    """Every row prints six separate cells: the table left its 总计 column blank.

    Decided for the whole table, never per row, so one row that lost a cell is still ``table_shifted``.
    """
    return bool(rows) and all(
        len(pieces) == len(_APPLICANT_PARTS) and not any(piece.splittable for piece in pieces)
        for _, pieces in rows
    )


def _distrust(table: _Table, message: str) -> None:
    """When rows cannot be told apart, no value of the table is trusted: all go to ``uncertain``."""
    table.uncertain.extend(key for key in table.cells if key not in table.uncertain)
    table.cells.clear()
    table.issues.append(Issue("table_layout_unreliable", message))


def _put_row(
    table: _Table,
    seen: dict[str, tuple[Number | None, ...]],
    prefix: str,
    columns: Sequence[str],
    run: RunReading,
) -> None:
    """Known cells into ``cells``, the rest into ``uncertain``; a row printed twice must agree."""
    keys = [f"{prefix}.{column}" for column in columns]
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


_PROBLEM_TEXT = {
    "table_shifted": "cell count does not fit the columns (cells dropped or added); row not read",
    "ambiguous_split": "glued digits split more than one way; cells that differ are uncertain",
    "unsplittable_run": "glued digits fit no split where the totals add up; row not read",
}


def _note_missing_t3_rows(table: _Table, seen: dict[str, tuple[Number | None, ...]]) -> None:
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


def _derive_t3_groups(cells: dict[str, Number], uncertain: list[str]) -> None:
    """Group rows not printed as their own line are the sum of their sub-rows, when all are known."""
    for group, sub_rows in T3_SUB_ROWS.items():
        for column in template.APPLICANT_KEYS:
            key = f"t3.{group}.{column}"
            if key in cells or key in uncertain:
                continue
            parts = [f"t3.{row}.{column}" for row in sub_rows]
            if group == "other" and not any(part in cells or part in uncertain for part in parts):
                continue  # 2019: the single row is the group; nothing to derive from
            if all(part in cells for part in parts):
                cells[key] = sum(cells[part] for part in parts)
            elif any(part in uncertain for part in parts):
                uncertain.append(key)


# ------------------------------------------------------------------ table 4
def _read_t4(region: str) -> _Table:
    table = _Table()
    for line in split_lines(region):
        if line.pieces:
            table.found = True
            _put_row(table, {}, "t4", _T4_COLUMNS, read_run(line.pieces, 15, T4_BLOCKS))
            break
    return table


_T4_COLUMNS = tuple(
    f"{block}.{result}" for block, _ in template.T4_BLOCKS for result, _ in template.T4_RESULTS
)


# ------------------------------------------------------------------ table 2
def _read_t2(region: str) -> _Table:
    table = _Table()
    era = t2_era(region)
    seen: dict[str, tuple[Number | None, ...]] = {}
    for line in split_lines(region):
        row = t2_label(line.label)
        if row is None or not line.pieces:
            continue
        row_era = era or _era_from_row(row, len(line.pieces))
        columns = _T2_COLUMNS[row_era].get(row)
        if columns is None:
            continue
        table.found = True
        run = read_run(_collapse_spanned(line.pieces, len(columns)), len(columns))
        if row == "fees" and row_era == "2021" and not _YUAN_UNIT.search(region):
            run = _wan_to_yuan(run)
        _put_row(table, seen, f"t2.{row}", columns, run)
    table.era_hint = era
    return table


_T2_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    era: {row: tuple(column for column, _ in columns) for row, _, columns in rows}
    for era, rows in (("2019", template.T2_2019), ("2021", template.T2_2021))
}


def _collapse_spanned(pieces: list[Piece], ncols: int) -> list[Piece]:
    """A last value cell spanning several grid columns comes repeated ("550 | 550 | 550"): keep one.

    Only for table 2, whose 2021 rows have one value in a table ruled for three.
    """
    extra = len(pieces) - ncols
    if extra > 0 and not any(p.splittable for p in pieces) and len(set(pieces[ncols - 1 :])) == 1:
        return pieces[:ncols]
    return pieces


def _era_from_row(row: str, count: int) -> str:
    if row not in _T2_COLUMNS["2021"]:
        return "2019"
    return "2021" if len(_T2_COLUMNS["2021"][row]) == count else "2019"


def _wan_to_yuan(run: RunReading) -> RunReading:
    """The 2021 template prints 本年收费金额 in 万元; the key holds yuan (exact decimal arithmetic)."""
    values: list[Number | None] = []
    for value in run.values:
        if value is None:
            values.append(None)
            continue
        yuan = Decimal(str(value)) * 10000
        values.append(int(yuan) if yuan == yuan.to_integral_value() else float(yuan))
    return RunReading(tuple(values), run.uncertain, run.problem)


# ------------------------------------------------------------------ template era
def _template_era(t2: _Table, t3: _Table, t4: _Table) -> str | None:
    """The era table 2's columns or table 3's （六） sub-rows show; "2019" when nothing tells them apart."""
    if not (t2.found or t3.found or t4.found):
        return None
    return t2.era_hint or t3.era_hint or "2019"
