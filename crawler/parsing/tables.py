"""Reading the template tables (tables 2, 3 and 4 of the 2019 and 2021 templates) into keyed cells.

One table model for every source. Extractors turn HTML, PDF, DOCX, DOC and XLS tables into grids with
spans expanded (``Extracted.tables``); ``grid_reader`` reads those as grids: the label columns are found
by matching the template's row labels, the value columns are named from the header rows
(``header_map``). Text sources (plain text, tables flattened with ``|``, one cell per line, digit runs
glued together) are read by ``flat_reader``. A table is read from the grids when a grid holds it and
from the text otherwise; a grid holding a table it cannot map sends the table to ``uncertain`` with an
issue, never to a guess.

Issue codes raised here (checks on the figures themselves live in ``crawler.parsing.checks``):
``table_missing`` (some template tables found, this one not), ``table_incomplete`` (known rows absent),
``table_layout_unreliable`` (labels of two rows run together, so values may sit under the wrong
row: the whole table goes to ``uncertain``), ``table_shifted`` (a row's cell count does not fit its
columns), ``ambiguous_split`` (a glued digit run splits more than one way), ``unsplittable_run`` (a
glued run fits no split), ``row_conflict`` (a row read twice with different values),
``table_header_unmapped`` (a grid's value columns could not all be named from its header rows),
``cell_unreadable`` (a grid cell holds something other than one number).

Cell values are as printed, with one unit change: the 2021 template prints 行政事业性收费 本年收费金额
in 万元, and ``t2.fees.amount_yuan`` holds yuan (exact decimal conversion) unless the header says 元.
"""

from __future__ import annotations

from collections.abc import Callable

from crawler.parsing import flat_reader, grid_reader
from crawler.parsing.cell_lines import grids_to_text
from crawler.parsing.flat_reader import Sources, first_found, split_lines
from crawler.parsing.record import Issue
from crawler.parsing.table_model import (
    T3_SUB_ROWS,
    Table,
    TableReading,
    derive_t3_groups,
    summary_from_cells,
    summary_rule,
)

__all__ = [
    "T3_SUB_ROWS", "TableReading", "grids_to_text", "read_tables", "split_lines", "summary_from_cells",
    "summary_rule",
]  # fmt: skip


def read_tables(text: str, grids: list[list[list[str]]]) -> TableReading:
    """Every cell of tables 2, 3 and 4 that the document states (see the module docstring)."""
    from_grids = grid_reader.read_grids(grids)
    sources = Sources([grids_to_text(grids), text] if grids else [text])
    t3 = _grid_or_text(from_grids.t3, lambda: first_found(lambda r: flat_reader.read_t3(r.t3), sources))
    t2 = first_found(lambda regions: flat_reader.read_t2(regions.t2), sources)
    t4 = _grid_or_text(from_grids.t4, lambda: first_found(lambda r: flat_reader.read_t4(r.t4), sources))
    if not (t2.found or t3.found) and t4.issues:
        t4 = Table()  # alone and not a clean row of 15: prose about 行政复议, not table 4
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
        reading.blank.extend(table.blank)
    derive_t3_groups(reading.cells, reading.uncertain, reading.blank)
    return reading


def _grid_or_text(from_grid: Table, from_text: Callable[[], Table]) -> Table:
    """The grid's reading, unless its header could not be mapped and the text reading finds the table.

    A ragged grid (a table typed without rowspan/colspan, so header cells do not sit over their columns)
    cannot be mapped by its headers, but rendered as text its rows read like any flattened table.
    """
    if from_grid.found and not any(issue.code == "table_header_unmapped" for issue in from_grid.issues):
        return from_grid
    from_text_table = from_text()
    return from_text_table if from_text_table.found or not from_grid.found else from_grid


def _template_era(t2: Table, t3: Table, t4: Table) -> str | None:
    """The era table 2's columns or table 3's （六） sub-rows show; "2019" when nothing tells them apart."""
    if not (t2.found or t3.found or t4.found):
        return None
    return t2.era_hint or t3.era_hint or "2019"
