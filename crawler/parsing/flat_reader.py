"""Reading template tables from text: tables flattened with ``|``, one cell per line, or glued runs.

A grid that could not be mapped by ``grid_reader`` and every text source are read here:

1. cut the text into the three table regions (anchors: 第二十条第 / the 本年新收 row / 行政复议…维持);
2. split a region into ``Line``\\s: a label (all text since the previous numbers) and the value pieces
   that follow it (``crawler.parsing.digits``);
3. name each line's row from its label (``crawler.parsing.labels``); unknown rows are skipped, so a
   local extra row never shifts a known one;
4. read the pieces into the row's columns (glued runs split by the 总计 arithmetic); anything not
   pinned down goes to ``uncertain`` with an ``Issue``, never into ``cells``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from crawler.parsing import template
from crawler.parsing.cell_lines import is_cell_lines, join_cell_lines
from crawler.parsing.digits import (
    THOUSANDS,
    Piece,
    RunReading,
    cell_number,
    dropped_cells_total,
    is_placeholder,
    read_run,
)
from crawler.parsing.labels import t2_era, t2_label, t3_label
from crawler.parsing.record import Number
from crawler.parsing.table_model import (
    APPLICANT_PARTS,
    OTHER_ROWS,
    T2_COLUMNS,
    T3_BLOCKS,
    T4_BLOCKS,
    T4_COLUMNS,
    Table,
    distrust,
    note_missing_t3_rows,
    put_row,
    wan_to_yuan,
)

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
class Line:
    label: str = ""
    pieces: list[Piece] = field(default_factory=list)
    lead_blanks: int = 0  # empty ``|`` cells between the label and the first value


# ------------------------------------------------------------------ layouts -> lines
def split_lines(region: str) -> list[Line]:
    """Labels and the value pieces after each (see ``crawler.parsing.digits.Piece``).

    In ``|`` rows two layout facts are kept: a row with a label and only empty cells is a row of blank
    values (its label ends there, so it never runs into the next row's), and a label-less row as wide
    as table 4 keeps its leading empty cells (table 4 prints only some of its fifteen cells).
    """
    lines: list[Line] = []
    current = Line()
    for raw in _PAGE_NUMBER.sub("", THOUSANDS.sub("", region)).split("\n"):
        piped = "|" in raw
        cells = raw.split("|")
        if piped and not cells[-1].strip():
            cells.pop()  # the empty text after a closing '|'
        if piped and len(cells) >= _T4_WIDTH and not cells[0].strip() and _label_less(cells):
            current = _start_values(lines, current)
            current.pieces.extend(_piece(cell.strip()) for cell in cells)
            continue
        row_started = False  # a blank cell only counts after a label or value in the same row
        labelled, valued, blanks = False, False, 0
        for cell in cells:
            bare = cell.strip()
            if bare.isascii() and bare.isdigit():  # the common cases, kept off the slow path
                current.pieces.append(_piece(bare))
                row_started = valued = True
                continue
            if not bare:
                if piped and row_started and current.pieces:
                    current.pieces.append(_BLANK)
                elif piped and labelled:
                    current.lead_blanks += 1
                blanks += labelled
                continue
            for kind, value in _cell_parts(cell, piped):
                if kind == "label":
                    if labelled and not valued and blanks >= _MIN_BLANK_ROW and not current.pieces:
                        current.pieces = [Piece("")] * blanks  # the previous label's row of empty cells
                    if current.pieces:  # a new row within the same physical line: its own blank count
                        lines.append(current)
                        current = Line()
                        valued, blanks = False, 0
                    current.label += value
                    labelled = True
                elif kind == "blank":
                    if row_started and (current.pieces or (value == "placeholder" and current.label.strip())):
                        current.pieces.append(_BLANK)
                    blanks += labelled
                else:
                    current.pieces.append(Piece(value, splittable=kind == "glued"))
                    valued = True
                row_started = True
        if piped and labelled and not valued and blanks >= _MIN_BLANK_ROW and not current.pieces:
            current.pieces = [Piece("")] * blanks  # a row of empty cells: its label is done
            lines.append(current)
            current = Line()
    lines.append(current)
    for line in lines:
        if len(line.pieces) == 1 and line.pieces[0].text:
            if line.lead_blanks:  # "label | | … | 0 |": the row prints only its last cell(s)
                line.pieces = [Piece("")] * line.lead_blanks + line.pieces
            else:  # a lone run of digits is a whole row glued together
                line.pieces[0] = Piece(line.pieces[0].text, splittable=True)
    return [line for line in lines if line.label or line.pieces]


# Pieces are immutable and a few numbers ("0", "1") fill most cells: one shared instance of each,
# instead of building a named tuple per cell.
_piece = lru_cache(maxsize=4096)(Piece)
_BLANK = Piece("")
_T4_WIDTH = 15
_MIN_BLANK_ROW = 2  # one empty cell after a label may be an empty label column; two are values


def _label_less(cells: Sequence[str]) -> bool:
    """Only numbers and empty cells, at least one number."""
    bare = [cell.strip() for cell in cells]
    return any(bare) and all(not text or cell_number(text) is not None for text in bare)


def _start_values(lines: list[Line], current: Line) -> Line:
    if current.pieces:
        lines.append(current)
        return Line()
    return current


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


class Sources:
    """Each source's regions (the grids' text first, then the text), cut only when a table needs them."""

    def __init__(self, texts: list[str]) -> None:
        self._texts = [join_cell_lines(text) if is_cell_lines(text) else text for text in texts]
        self._regions: list[Regions] = []

    def __iter__(self) -> Iterator[Regions]:
        for index, text in enumerate(self._texts):
            if index == len(self._regions):
                self._regions.append(find_regions(text))
            yield self._regions[index]


def first_found(reader: Callable[[Regions], Table], sources: Sources) -> Table:
    table = Table()
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
def read_t3(region: str) -> Table:
    table = Table()
    rows, merged_labels = _t3_rows(region)
    if merged_labels and _drops_empty_cells(region, rows):
        return _read_t3_dropped(rows)
    blank_total = _total_column_blank(rows)
    seen: dict[str, tuple[Number | None, ...]] = {}
    for key, pieces in rows:
        if key in OTHER_ROWS - {"other"}:
            table.era_hint = "2021"
        if not any(piece.text for piece in pieces):  # a printed row of empty cells: nothing stated
            pieces = [Piece("")] * len(template.APPLICANT_KEYS)
        else:  # only figures make a table: a blank template (a notice's form) is not one
            table.found = True
            if blank_total:  # the 总计 cell is not stated: read the six applicant cells, total left out
                pieces = [*pieces, Piece("")]
        put_row(table, seen, f"t3.{key}", template.APPLICANT_KEYS, read_run(pieces, 7, T3_BLOCKS))
    if table.found:
        note_missing_t3_rows(table, seen)
    if merged_labels:
        where = merged_labels[0][:40]
        distrust(table, f"table 3 labels run together ({where}…): values may belong to other rows")
    return table


def _drops_empty_cells(region: str, rows: Sequence[tuple[str, list[Piece]]]) -> bool:
    """Table 3 flattened into one line with empty cells dropped, not merely glued.

    With no line breaks and no separators, a label running into the next one can only mean the row
    between printed no cells at all (in a laid-out source it may mean values went elsewhere). Such a
    table drops empty cells everywhere, so no row can be cut into seven columns.
    """
    body = region.strip()
    return "|" not in body and "\n" not in body and all(len(pieces) == 1 for _, pieces in rows)


def _read_t3_dropped(rows: Sequence[tuple[str, list[Piece]]]) -> Table:
    """Only each row's 总计 (its last printed cell, the sum of the others); applicant cells uncertain."""
    table = Table(found=bool(rows))
    seen: dict[str, tuple[Number | None, ...]] = {}
    applicants = tuple(range(len(APPLICANT_PARTS)))
    for key, pieces in rows:
        total = dropped_cells_total(pieces[0].text)
        values = (None,) * len(APPLICANT_PARTS) + (total,)
        uncertain = applicants if total is not None else (*applicants, len(APPLICANT_PARTS))
        put_row(
            table, seen, f"t3.{key}", template.APPLICANT_KEYS, RunReading(values, uncertain, "dropped_cells")
        )
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
            in_other = key in OTHER_ROWS
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
    filled = [pieces for _, pieces in rows if any(piece.text for piece in pieces)]
    return bool(filled) and all(
        len(pieces) == len(APPLICANT_PARTS) and not any(piece.splittable for piece in pieces)
        for pieces in filled
    )


# ------------------------------------------------------------------ table 4
def read_t4(region: str) -> Table:
    table = Table()
    for line in split_lines(region):
        if line.pieces:
            table.found = True
            put_row(table, {}, "t4", T4_COLUMNS, read_run(line.pieces, 15, T4_BLOCKS))
            break
    return table


# ------------------------------------------------------------------ table 2
def read_t2(region: str) -> Table:
    table = Table()
    era = t2_era(region)
    seen: dict[str, tuple[Number | None, ...]] = {}
    for line in split_lines(region):
        row = t2_label(line.label)
        if row is None or not any(piece.text for piece in line.pieces):
            continue
        row_era = era or _era_from_row(row, len(line.pieces))
        columns = T2_COLUMNS[row_era].get(row)
        if columns is None:
            continue
        table.found = True
        run = read_run(_collapse_spanned(line.pieces, len(columns)), len(columns))
        if row == "fees" and row_era == "2021" and not _YUAN_UNIT.search(region):
            run = wan_to_yuan(run)
        put_row(table, seen, f"t2.{row}", columns, run)
    table.era_hint = era
    return table


def _collapse_spanned(pieces: list[Piece], ncols: int) -> list[Piece]:
    """A last value cell spanning several grid columns comes repeated ("550 | 550 | 550"): keep one.

    Only for table 2, whose 2021 rows have one value in a table ruled for three.
    """
    extra = len(pieces) - ncols
    if extra > 0 and not any(p.splittable for p in pieces) and len(set(pieces[ncols - 1 :])) == 1:
        return pieces[:ncols]
    return pieces


def _era_from_row(row: str, count: int) -> str:
    if row not in T2_COLUMNS["2021"]:
        return "2019"
    return "2021" if len(T2_COLUMNS["2021"][row]) == count else "2019"
