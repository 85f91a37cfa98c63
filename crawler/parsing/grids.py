"""Helpers every extractor shares: tidy whitespace, lay out merged cells, render a table as text rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeAlias

_SPACES = re.compile(r"[ \t\r\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def plain_spacing(text: str) -> bool:
    """True when ``text`` holds no control, format or space character other than ' ' and line breaks.

    Then the character-class passes of ``tidy`` change nothing but runs of spaces; ``isprintable``
    answers at C speed where those regexes test every character (most texts take this path).
    """
    return text.replace("\n", "").isprintable()


def tidy(text: str) -> str:
    """Collapse space runs (ideographic, no-break too) in lines, strip lines, keep at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not plain_spacing(text):
        text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    elif "  " in text:
        text = _SPACES.sub(" ", text)
    joined = "\n".join(line.strip() for line in text.split("\n"))
    return (_BLANK_RUNS.sub("\n\n", joined) if "\n\n\n" in joined else joined).strip()


def tidy_cell(text: str | None) -> str:
    """One line per cell: a line break inside a cell is wrapping, joined without a space between CJK."""
    if not text:
        return ""
    parts = [_SPACES.sub(" ", p).strip() for p in _INVISIBLE.sub("", text).splitlines()]
    out = ""
    for part in (p for p in parts if p):
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


# A source cell: its text and how many grid rows and columns it covers. A plain tuple: a table has
# hundreds of cells, and building a NamedTuple costs several times more than a tuple.
Cell: TypeAlias = tuple[str, int, int]


def expand(rows: Sequence[Sequence[Cell]]) -> tuple[list[list[str]], list[list[bool]]]:
    """Lay out cells with rowspan/colspan into a rectangular grid.

    Returns the grid (a merged cell's text repeated in every slot it covers; missing slots are "") and a
    same-shaped mask that is True where a source cell starts, so a renderer can show each cell once.
    """
    height = len(rows)
    slots: list[list[tuple[str, bool] | None]] = [[] for _ in rows]  # None: not covered (yet)
    for r, row in enumerate(rows):
        line = slots[r]
        c = 0
        for text, rows_covered, columns_covered in row:
            while c < len(line) and line[c] is not None:
                c += 1
            if rows_covered == 1 and columns_covered == 1:  # most cells: one free slot, no span bookkeeping
                if c < len(line):
                    line[c] = (text, True)
                else:
                    line.append((text, True))
                c += 1
                continue
            rowspan = max(1, min(rows_covered, height - r))
            colspan = max(1, min(columns_covered, 1000))
            for dr in range(rowspan):
                target = slots[r + dr]
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for dc in range(colspan):
                    if target[c + dc] is None:  # an earlier cell's span keeps its slot
                        target[c + dc] = (text, dr == 0 and dc == 0)
            c += colspan
    while slots and not slots[-1]:
        slots.pop()  # rows no cell reaches are not part of the grid
    if not slots:
        return [], []
    width = max(map(len, slots))
    empty = ("", False)
    padded = [[slot or empty for slot in line] + [empty] * (width - len(line)) for line in slots]
    return [[text for text, _ in line] for line in padded], [[start for _, start in line] for line in padded]


def render_rows(grid: Sequence[Sequence[str]], starts: Sequence[Sequence[bool]] | None = None) -> list[str]:
    """Text lines for a table, as the seeds flatten them: each source cell once, ``a | b | c |``.

    Where a cell started is unknown (``starts`` is None), a cell equal to its left neighbour is taken as
    the same merged cell. Empty cells are kept so columns stay countable, except on an all-empty row.
    """
    lines = []
    for r, row in enumerate(grid):
        if starts is not None:
            cells = [text for c, text in enumerate(row) if starts[r][c]]
        else:
            cells = [text for c, text in enumerate(row) if c == 0 or text != row[c - 1]]
        if any(cells):
            lines.append(" | ".join(cell.replace("|", "｜") for cell in cells) + " |")
    return lines


def is_layout(grid: Sequence[Sequence[str]]) -> bool:
    """A 'table' that only frames text: a single column, or no row with two different non-empty cells."""
    if not grid or max(len(row) for row in grid) < 2:
        return True
    return not any(len({cell for cell in row if cell}) >= 2 for row in grid)
