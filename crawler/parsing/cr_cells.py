"""Word tables pasted as text with bare-\\r cell marks, back into ``|`` rows.

Text copied out of a Word table (CMS exports, CSV cells of scraped reports) keeps Word's marks and
nothing else: every cell ends with ``\\r\\r\\r`` and every row with two more ``\\r``, so an empty cell is
an empty stretch between marks and a run of ``\\r`` says how many cells ended and whether the row did.
Read naively (each ``\\r`` a line break, blank lines collapsed), empty cells vanish and the labels of
blank rows run into the next row's. A run of ``3k`` marks ends ``k`` cells (``k - 1`` of them empty);
``3k + 1`` or ``3k + 2`` also ends the row. Shorter runs are line breaks (inside a cell, joined).
"""

from __future__ import annotations

import re

_RUN = re.compile(r"\r+")
_CELL_MARK = "\r\r\r"
_MIN_CELLS = 12  # fewer cell marks than this is not a table pasted from Word


def is_cr_cells(text: str) -> bool:
    """Text with no line feeds but many triple carriage returns (checked cheaply first)."""
    return "\n" not in text and text.count(_CELL_MARK) >= _MIN_CELLS


def cr_cells_to_rows(text: str) -> str:
    """The text with each table row as one ``cell | cell |`` line (empty cells kept), prose as lines.

    A run that ends a row may also hold the next row's leading empty cells (table 4 prints only its
    总计 cells): empty cells beyond the widest row seen so far start the next row.
    """
    out: list[str] = []
    row: list[str] = []
    pending = ""  # text of a cell that has had a line break inside it
    carry = 0  # empty cells that open the next row
    widest = _NARROWEST_WIDE_ROW
    in_table = False  # a row has ended since the last prose line
    position = 0
    for match in _RUN.finditer(text):
        piece = text[position : match.start()]
        position = match.end()
        cells, rest = divmod(len(match.group()), 3)
        if cells == 0:
            if row and in_table:
                pending += piece  # a break inside a cell
                continue
            out.extend(row)  # outside a table, marks that looked like cells were paragraph gaps
            out.append(pending + piece)
            row, pending, carry, in_table = [], "", 0, False
            continue
        if not row:
            row = [""] * carry
            carry = 0
        row.append(pending + piece)
        pending = ""
        if not rest:
            row.extend([""] * (cells - 1))
            continue
        trailing = min(cells - 1, max(widest - len(row), 0))
        row.extend([""] * trailing)
        carry = cells - 1 - trailing
        widest = max(widest, len(row))
        in_table = True
        out.append(_render(row))
        row = []
    if row:
        out.append(_render(row))
    out.append(pending + text[position:])
    return "\n".join(out)


# table 3's rows are a label and seven cells: a row is never cut narrower than that
_NARROWEST_WIDE_ROW = 8


def _render(row: list[str]) -> str:
    return " | ".join(cell.replace("|", "/") for cell in row) + " |"
