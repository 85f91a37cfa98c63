"""Tables captured one cell per line with ``|`` marks, back into one ``|`` row per table row.

Some page stores keep a table as ``label |`` / ``|`` / ``0 |`` lines, one per cell (an empty cell is a
bare ``|``), and a line of two or more bare ``|`` where a row ends. Read line by line, the empty cells
of a row would be lost and its printed 总计 would look like a whole row glued into one number.

``grids_to_text`` writes grids (HTML, PDF, Word tables) in the same ``|`` row form, so one reader serves all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CELL_LINE = re.compile(r"^([^|]*)\|$")
_ROW_END = re.compile(r"^\|{2,}$")
_MIN_CELL_LINES = 20
_MIN_ROW_ENDS = 3


def is_cell_lines(text: str) -> bool:
    """Many one-cell ``|`` lines and several row-end lines."""
    if text.count("||") < _MIN_ROW_ENDS:
        return False
    lines = [line.strip() for line in text.split("\n")]
    ends = sum(1 for line in lines if _ROW_END.match(line))
    cells = sum(1 for line in lines if _CELL_LINE.match(line))
    return ends >= _MIN_ROW_ENDS and cells >= _MIN_CELL_LINES


def join_cell_lines(text: str) -> str:
    """Each run of one-cell lines up to a row-end line as one ``a | b | c |`` line; other lines kept."""
    out: list[str] = []
    row: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        cell = _CELL_LINE.match(line)
        if cell and not _ROW_END.match(line):
            row.append(cell.group(1).strip())
            continue
        if row:
            out.append(" | ".join(row) + " |")
            row = []
        if not _ROW_END.match(line):
            out.append(raw)
    if row:
        out.append(" | ".join(row) + " |")
    return "\n".join(out)


def grids_to_text(grids: Sequence[Sequence[Sequence[str | None]]]) -> str:
    """Grids as ``|`` lines (one per grid row), so they are read like a table flattened into text."""
    lines = []
    for grid in grids:
        for row in grid:
            cells = [(cell or "").replace("|", "/").replace("\n", " ") for cell in row]
            lines.append(" | ".join(cells) + " |")
    return "\n".join(lines)
