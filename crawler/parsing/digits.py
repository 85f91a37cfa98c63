"""Turning the value cells of one template-table row into numbers, including glued digit runs.

A row's values arrive as *pieces*: one piece per explicit cell (grid cell, ``|`` cell, line), or one
piece holding a whole run of digits when the source dropped the separators ("230 000023"). Atomic
pieces are one number each. Splittable pieces may hold several numbers; spaces and minus signs inside
them are hard boundaries, and a number never starts with a redundant zero ("023" is 0 | 23 or nothing).

A splittable run is read only when the table's own arithmetic pins it down: the caller passes *blocks*
(``(start, end)``: the last cell of the block is the sum of the others, e.g. 总计 = sum of the six
applicant columns). The search is a depth-first walk with pruning (capacity bounds, and the block total
is checked, not enumerated), capped at ``MAX_SOLUTIONS``. Cells on which every solution agrees are
known; the others are uncertain. Without a block constraint that is still sound: a cell is kept only
when every possible cut gives it the same value (e.g. "000" into three cells, "35-15" into two).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from crawler.parsing.record import Number

MAX_SOLUTIONS = 64
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CHUNK = re.compile(r"-?[\d.]+")
# "1,362": a separator, not a cell break. (The comma comes first, the digit before it is a lookbehind
# after it: the engine scans for commas instead of testing a lookbehind at every character.)
THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
_PLACEHOLDER = re.compile(r"^[\s\-—–－/／、*＊]*$")


class Piece(NamedTuple):  # a tuple: thousands are made per report, and rows of them are cache keys
    text: str  # "" for a blank (or placeholder) cell
    splittable: bool = False


@dataclass(frozen=True)
class RunReading:
    values: tuple[Number | None, ...]  # None: blank in the source, or not pinned down
    uncertain: tuple[int, ...]  # positions that could not be pinned down
    problem: str | None = None  # table_shifted | ambiguous_split | unsplittable_run


def cell_number(text: str) -> Number | None:
    """A whole table cell as a number ("1,362" -> 1362, "7730.28" -> 7730.28), else None.

    Strict, unlike ``numbers.to_number`` (prose numerals, Chinese ones too): a cell is one Arabic number.
    """
    if text.isascii() and text.isdigit():
        return int(text)
    text = THOUSANDS.sub("", text.strip()).removesuffix("元").strip()
    if not _NUMBER.fullmatch(text):
        return None
    return float(text) if "." in text else int(text)


def is_placeholder(text: str) -> bool:
    """Blank, '-', '/', '—' and the like: a cell the source left without a figure."""
    return bool(_PLACEHOLDER.match(text))


def read_run(pieces: Sequence[Piece], ncols: int, blocks: Sequence[tuple[int, int]] = ()) -> RunReading:
    """Read one row's value pieces into ``ncols`` cells (see the module docstring)."""
    return _read_run(tuple(pieces), ncols, tuple(blocks))


@lru_cache(maxsize=8192)  # rows such as seven zeros recur in every report
def _read_run(pieces: tuple[Piece, ...], ncols: int, blocks: tuple[tuple[int, int], ...]) -> RunReading:
    kept = _drop_trailing_blanks(pieces, ncols)
    if not any(piece.splittable for piece in kept):
        return _read_positional(kept, ncols)
    if any(not piece.text for piece in kept):
        return _unknown(ncols, "table_shifted")
    chunks = _chunks(kept)
    if chunks is None:
        return _unknown(ncols, "unsplittable_run")
    forced = _forced_cut(chunks, ncols)
    if forced is not None:
        # the row reads as printed even where it does not add up (the consistency checks report that)
        return _read_positional([Piece(text) for text in forced], ncols)
    solutions = _solve(tuple(chunks), ncols, blocks)
    if not solutions:
        return _zeros_with_blanks_dropped(chunks, ncols, blocks) or _unknown(ncols, "unsplittable_run")
    if len(solutions) >= MAX_SOLUTIONS:  # the walk was cut short: agreement would be unfounded
        return _unknown(ncols, "ambiguous_split")
    return _agreement(solutions, ncols)


def _zeros_with_blanks_dropped(
    chunks: list[tuple[str, bool]], ncols: int, blocks: tuple[tuple[int, int], ...]
) -> RunReading | None:
    """一、本年新收…申请数量 0 with six blank cells dropped: too few digits for the row, all of them 0.

    Whichever cell each 0 sat in, the block's 总计 is 0 (printed, or blank over printed parts that are all
    0); the other cells are unknown (0 or blank). Only for a row of one block: with two, a block could
    be wholly blank, and a blank total is no figure.
    """
    if len(blocks) != 1 or not all(set(text) == {"0"} for text, _ in chunks):
        return None
    total = blocks[0][1] - 1
    others = tuple(position for position in range(ncols) if position != total)
    return RunReading(tuple(0 if position == total else None for position in range(ncols)), others)


def _forced_cut(chunks: list[tuple[str, bool]], ncols: int) -> list[str] | None:
    """The cut when there is only one: a number per token, or a digit per cell ("0000000")."""
    if len(chunks) == ncols:
        return [text for text, _ in chunks]
    if all(text.isdigit() for text, _ in chunks):
        cut = [part for text, splittable in chunks for part in (text if splittable else (text,))]
        if len(cut) == ncols:
            return cut
    return None


@lru_cache(maxsize=4096)
def _solve(
    chunks: tuple[tuple[str, bool], ...], ncols: int, blocks: tuple[tuple[int, int], ...]
) -> list[tuple[Number, ...]]:
    """All splits (rows like "1000001" recur across reports, hence the cache)."""
    return _Splitter(chunks, ncols, blocks).solve()


def _drop_trailing_blanks(pieces: Sequence[Piece], ncols: int) -> list[Piece]:
    kept = list(pieces)
    while len(kept) > ncols and not kept[-1].text:
        kept.pop()
    return kept


def _read_positional(pieces: Sequence[Piece], ncols: int) -> RunReading:
    extra = len(pieces) - ncols
    if extra > 0 and not any(piece.text for piece in pieces[:extra]):
        pieces = pieces[extra:]  # empty cells beyond the columns on the left are empty label columns
    if len(pieces) != ncols:
        return _unknown(ncols, "table_shifted")
    values: list[Number | None] = []
    for piece in pieces:
        if not piece.text:
            values.append(None)
            continue
        number = cell_number(piece.text)
        if number is None:
            return _unknown(ncols, "table_shifted")
        values.append(number)
    return RunReading(tuple(values), ())


def _unknown(ncols: int, problem: str) -> RunReading:
    return RunReading((None,) * ncols, tuple(range(ncols)), problem)


def _agreement(solutions: list[tuple[Number, ...]], ncols: int) -> RunReading:
    values: list[Number | None] = []
    uncertain: list[int] = []
    for position in range(ncols):
        seen = {solution[position] for solution in solutions}
        if len(seen) == 1:
            values.append(seen.pop())
        else:
            values.append(None)
            uncertain.append(position)
    return RunReading(tuple(values), tuple(uncertain), "ambiguous_split" if uncertain else None)


def _chunks(pieces: Sequence[Piece]) -> list[tuple[str, bool]] | None:
    """Split pieces at spaces and before minus signs; None when a piece holds something unreadable."""
    chunks: list[tuple[str, bool]] = []
    for piece in pieces:
        text = THOUSANDS.sub("", piece.text).replace("元", "")
        found = _CHUNK.findall(text)
        if "".join(found) != re.sub(r"\s+", "", text):
            return None
        if not piece.splittable and len(found) != 1:
            return None
        chunks.extend((chunk, piece.splittable) for chunk in found)
    return chunks


class _Splitter:
    """Depth-first search for every way to cut the chunks into ``ncols`` numbers honouring the blocks."""

    def __init__(self, chunks: Sequence[tuple[str, bool]], ncols: int, blocks: Sequence[tuple[int, int]]):
        self.chunks = chunks
        self.ncols = ncols
        self.total_of: dict[int, int] = {end - 1: start for start, end in blocks}
        self.block_start = {start for start, _ in blocks}
        # capacity[i]: the most numbers chunks i.. can yield (atomic chunks yield exactly one)
        self.capacity = [0] * (len(chunks) + 1)
        for i in range(len(chunks) - 1, -1, -1):
            text, splittable = chunks[i]
            self.capacity[i] = self.capacity[i + 1] + (sum(c.isdigit() for c in text) if splittable else 1)
        self.solutions: list[tuple[Number, ...]] = []

    def solve(self) -> list[tuple[Number, ...]]:
        self._walk(0, 0, [], 0)
        return self.solutions

    def _walk(self, chunk_index: int, offset: int, cells: list[Number], running: Number) -> None:
        cell = len(cells)
        if cell == self.ncols or chunk_index == len(self.chunks):
            if cell == self.ncols and chunk_index == len(self.chunks):
                self.solutions.append(tuple(cells))
            return
        if len(self.solutions) >= MAX_SOLUTIONS or not self._feasible(chunk_index, offset, cell):
            return
        if cell in self.block_start:
            running = 0
        text, splittable = self.chunks[chunk_index]
        if cell in self.total_of:  # the block total is known: only its own digits can follow
            ends: Sequence[int] = self._total_end(text, offset, splittable, running)
        else:
            ends = self._ends(text, offset, splittable)
        for end in ends:
            number = _strict_number(text[offset:end], atomic=not splittable)
            if number is None:
                continue
            next_running = running if cell in self.total_of else running + number
            next_index, next_offset = (chunk_index + 1, 0) if end == len(text) else (chunk_index, end)
            cells.append(number)
            self._walk(next_index, next_offset, cells, next_running)
            cells.pop()

    def _feasible(self, chunk_index: int, offset: int, cell: int) -> bool:
        remaining_cells = self.ncols - cell
        text, splittable = self.chunks[chunk_index]
        here = len(text) - offset if splittable else 1  # chunks are digits, '-' and '.' only
        most = here + self.capacity[chunk_index + 1]
        least = len(self.chunks) - chunk_index
        return least <= remaining_cells <= most

    @staticmethod
    def _total_end(text: str, offset: int, splittable: bool, running: Number) -> list[int]:
        printed = str(running)
        if not splittable:
            return [len(text)] if offset == 0 else []
        end = offset + len(printed)
        return [end] if text.startswith(printed, offset) and (end == len(text) or text[end] != ".") else []

    @staticmethod
    def _ends(text: str, offset: int, splittable: bool) -> Sequence[int]:
        if not splittable:
            return [len(text)]
        dot = text.find(".", offset)
        if dot >= 0:  # a decimal point keeps the rest of the chunk together
            return [*range(offset + 1, dot), len(text)]
        return range(offset + 1, len(text) + 1)


def _strict_number(text: str, atomic: bool) -> Number | None:
    if atomic:
        return cell_number(text)
    if not _NUMBER.fullmatch(text):
        return None
    digits = text.lstrip("-")
    if digits.startswith("0") and len(digits) > 1 and not digits.startswith("0."):
        return None
    return float(text) if "." in text else int(text)


def dropped_cells_total(text: str, most: int = 7) -> Number | None:
    """The 总计 of a table-3 row flattened with its empty cells dropped ("22": one cell 2, 总计 2).

    The run holds only the printed cells, so neither their number nor their columns are known; what is
    known is that the last printed cell is the 总计 and equals the sum of the others. Every cut into
    2..``most`` numbers (no redundant leading zeros) whose last number is the sum of the rest is tried;
    the total is known only when all such cuts agree on it.
    """
    if not text.isdigit() or len(text) > _MAX_DROPPED_DIGITS:
        return None
    totals = {total for total in _dropped_totals(text, most)}
    return totals.pop() if len(totals) == 1 else None


_MAX_DROPPED_DIGITS = 24


@lru_cache(maxsize=1024)
def _dropped_totals(text: str, most: int) -> frozenset[int]:
    totals: set[int] = set()
    for cut in range(1, len(text)):
        total_text = text[cut:]
        if total_text.startswith("0") and len(total_text) > 1:
            continue
        total = int(total_text)
        if _sums_to(text[:cut], total, most - 1):
            totals.add(total)
    return frozenset(totals)


@lru_cache(maxsize=4096)
def _sums_to(text: str, total: int, parts: int) -> bool:
    """``text`` cuts into at most ``parts`` numbers (no redundant leading zeros) adding up to ``total``."""
    if parts <= 0:
        return False
    whole = _strict_number(text, atomic=False)
    if whole is not None and whole == total:
        return True
    for cut in range(1, len(text)):
        head = _strict_number(text[:cut], atomic=False)
        fits = head is not None and isinstance(head, int) and head <= total
        if fits and _sums_to(text[cut:], total - int(head or 0), parts - 1):
            return True
    return False
