"""Office documents: DOCX (python-docx), legacy DOC/WPS/RTF (LibreOffice to DOCX), XLS (xlrd), XLSX (zip+XML).

Merged cells are expanded the same way as for HTML: the merged cell's text in every slot it covers.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import xlrd
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_fixed

from crawler.parsing.grids import render_rows, tidy, tidy_cell
from crawler.parsing.record import Extracted
from crawler.parsing.worddoc import WordDocError, WordText, read_word97

CONVERT_TIMEOUT_S = 120  # LibreOffice starts in ~2 s; a document that takes minutes is hostile or broken
# A crawl meets the same DOC again (re-crawls, one attachment linked from several pages) and each
# conversion costs a LibreOffice start (~2.5 s), so converted bytes are kept by the sha256 of the input:
# in memory, for this process only, the most recent few (a disk cache does not belong in the parser).
CONVERTED_KEEP = 32


def extract_docx(body: bytes, *, kind: str = "docx") -> Extracted:
    try:
        document = docx.Document(io.BytesIO(body))
    except Exception as exc:  # python-docx raises KeyError/ValueError/BadZipFile for broken packages
        return Extracted(kind=kind, error=f"docx_unreadable: {type(exc).__name__}: {exc}"[:300])
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    title = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
            style = (block.style.name if block.style is not None else "") or ""
            if title is None and block.text.strip() and style.startswith(("Title", "Heading", "标题")):
                title = block.text
        elif isinstance(block, Table):
            grid, starts = _docx_grid(block)
            if grid:
                tables.append(grid)
                lines.extend(render_rows(grid, starts))
    text = tidy("\n".join(lines))
    props = document.core_properties
    meta = {k: v for k, v in (("title", props.title), ("author", props.author)) if v}
    title = title or props.title or next((line for line in text.split("\n") if line), None)
    return Extracted(kind=kind, text=text, tables=tables, title=tidy(title) if title else None, meta=meta)


def _docx_grid(table: Table) -> tuple[list[list[str]], list[list[bool]]]:
    """Cells from the XML: gridSpan repeats a cell rightwards, vMerge="continue" copies the one above."""
    grid: list[list[str]] = []
    starts: list[list[bool]] = []
    for tr in table._tbl.tr_lst:
        row: list[str] = [""] * tr.grid_before
        row_starts = [False] * tr.grid_before
        for tc in tr.tc_lst:
            column = len(row)
            if tc.vMerge == "continue" and grid:
                above = grid[-1][column] if column < len(grid[-1]) else ""
                row.extend([above] * tc.grid_span)
                row_starts.extend([False] * tc.grid_span)
                continue
            text = tidy_cell(_Cell(tc, table).text)
            row.extend([text] * tc.grid_span)
            row_starts.extend([True] + [False] * (tc.grid_span - 1))
        grid.append(row)
        starts.append(row_starts)
    width = max((len(row) for row in grid), default=0)
    for row, row_starts in zip(grid, starts, strict=True):
        row.extend([""] * (width - len(row)))
        row_starts.extend([False] * (width - len(row_starts)))
    return grid, starts


def extract_doc(body: bytes) -> Extracted:
    """Legacy Word: Word 97-2003 bytes (.doc, most .wps) are read in pure Python (``worddoc.py``), so the
    result does not depend on what is installed; the rest (RTF, WPS's own format, pre-97 Word, files the
    reader refuses) goes through LibreOffice to DOCX when it is there."""
    try:
        return _extract_word97(read_word97(body))
    except WordDocError:
        pass
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return Extracted(
            kind="doc", flags=["unparsed"],
            error="converter_unavailable: LibreOffice (soffice) is not on PATH; "
            "install the Debian package libreoffice-writer-nogui to read .doc/.wps/.rtf",
        )  # fmt: skip
    try:
        converted = _docx_of(soffice, body)
    except (subprocess.SubprocessError, OSError, _NoOutput) as exc:
        return Extracted(kind="doc", flags=["unparsed"], error=f"doc_conversion_failed: {exc}"[:300])
    return extract_docx(converted, kind="doc")


def _extract_word97(document: WordText) -> Extracted:
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for block in document.blocks:
        if isinstance(block, str):
            lines.append(block)
        else:
            grid = [[tidy_cell(cell) for cell in row] for row in block.grid]
            tables.append(grid)
            lines.extend(render_rows(grid, block.starts))
    text = tidy("\n".join(lines))
    meta = {k: v for k, v in (("title", document.title), ("author", document.author)) if v}
    title = document.title or next((line for line in text.split("\n") if line), None)
    return Extracted(kind="doc", text=text, tables=tables, title=tidy(title) if title else None, meta=meta)


@functools.lru_cache(maxsize=CONVERTED_KEEP)  # thread-safe: extraction runs in worker threads
def _docx_of(soffice: str, body: bytes) -> bytes:
    """``_convert_to_docx``, remembered for the last ``CONVERTED_KEEP`` inputs (failures are not kept)."""
    return _convert_to_docx(soffice, body)


class _NoOutput(Exception):
    """LibreOffice exited without writing the converted file (it does so for files it cannot read)."""


@retry(
    retry=retry_if_exception_type(subprocess.TimeoutExpired),
    stop=stop_after_attempt(2),
    wait=wait_fixed(1),
    reraise=True,
)
def _convert_to_docx(soffice: str, body: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        work = Path(tmp)
        source = work / "document.doc"
        source.write_bytes(body)
        # A private profile per call: concurrent conversions sharing one profile block each other.
        profile = (work / "profile").as_uri()
        command = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "docx", "--outdir", str(work / "out"), str(source),
        ]  # fmt: skip
        subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        target = work / "out" / "document.docx"
        if not target.exists():
            raise _NoOutput("LibreOffice wrote no output (unreadable or not a Word document)")
        return target.read_bytes()


def extract_xls(body: bytes) -> Extracted:
    try:
        try:
            book = xlrd.open_workbook(file_contents=body, formatting_info=True, on_demand=False)
        except NotImplementedError:
            book = xlrd.open_workbook(file_contents=body)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, ...
        return Extracted(kind="xls", error=f"xls_unreadable: {type(exc).__name__}: {exc}"[:300])
    tables: list[list[list[str]]] = []
    lines: list[str] = []
    for sheet in book.sheets():
        grid = [
            [_xls_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)]
            for r in range(sheet.nrows)
        ]
        starts = [[True] * sheet.ncols for _ in range(sheet.nrows)]
        for rlo, rhi, clo, chi in getattr(sheet, "merged_cells", []):
            for r in range(rlo, min(rhi, sheet.nrows)):
                for c in range(clo, min(chi, sheet.ncols)):
                    grid[r][c] = grid[rlo][clo]
                    starts[r][c] = (r, c) == (rlo, clo)
        if any(any(row) for row in grid):
            tables.append(grid)
            lines.append(sheet.name)
            lines.extend(render_rows(grid, starts))
    text = tidy("\n".join(lines))
    return Extracted(kind="xls", text=text, tables=tables, title=next(iter(text.split("\n")), None) or None)


def _xls_value(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return _number(cell.value)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode).date().isoformat()
        except (ValueError, OverflowError):
            return _number(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return tidy_cell(str(cell.value))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


_MAX_ROWS, _MAX_COLUMNS = 20_000, 300
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def extract_xlsx(body: bytes) -> Extracted:
    """Values only (no formulas evaluated: the cached <v> is read), shared strings, merged ranges."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            shared = _shared_strings(package)
            sheets = _sheet_paths(package)
            tables, lines = [], []
            for name, path in sheets:
                grid, starts = _xlsx_sheet(etree.fromstring(package.read(path)), shared)
                if any(any(row) for row in grid):
                    tables.append(grid)
                    lines.append(name)
                    lines.extend(render_rows(grid, starts))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        error = f"xlsx_unreadable: {type(exc).__name__}: {exc}"[:300]
        return Extracted(kind="xlsx", flags=["unparsed"], error=error)
    text = tidy("\n".join(lines))
    return Extracted(kind="xlsx", text=text, tables=tables, title=next(iter(text.split("\n")), None) or None)


def _shared_strings(package: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in package.namelist():
        return []
    root = etree.fromstring(package.read("xl/sharedStrings.xml"))
    return ["".join(si.itertext()) for si in root.iterfind("m:si", _NS)]


def _sheet_paths(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    book = etree.fromstring(package.read("xl/workbook.xml"))
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = []
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(_REL), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths.append((sheet.get("name", ""), path))
    return paths


def _xlsx_sheet(root: etree._Element, shared: list[str]) -> tuple[list[list[str]], list[list[bool]]]:
    values: dict[tuple[int, int], str] = {}
    for cell in root.iterfind(".//m:sheetData/m:row/m:c", _NS):
        position = _cell_ref(cell.get("r", ""))
        if position is None:
            continue
        kind, raw = cell.get("t"), cell.findtext("m:v", default="", namespaces=_NS)
        if kind == "s":
            value = shared[int(raw)] if raw.isdigit() and int(raw) < len(shared) else ""
        elif kind == "inlineStr":
            value = "".join(cell.find("m:is", _NS).itertext()) if cell.find("m:is", _NS) is not None else ""
        elif kind in (None, "n") and raw:
            value = _number(float(raw))
        else:
            value = raw
        values[position] = tidy_cell(value)
    # A stray cell at XFD1048576 must not allocate a billion slots.
    height = min(max((r for r, _ in values), default=-1) + 1, _MAX_ROWS)
    width = min(max((c for _, c in values), default=-1) + 1, _MAX_COLUMNS)
    grid = [[values.get((r, c), "") for c in range(width)] for r in range(height)]
    starts = [[True] * width for _ in range(height)]
    for merge in root.iterfind(".//m:mergeCells/m:mergeCell", _NS):
        first, _, last = merge.get("ref", "").partition(":")
        a, b = _cell_ref(first), _cell_ref(last or first)
        if a is None or b is None:
            continue
        for r in range(a[0], min(b[0] + 1, height)):
            for c in range(a[1], min(b[1] + 1, width)):
                grid[r][c] = values.get(a, "")
                starts[r][c] = (r, c) == a
    return grid, starts


def _cell_ref(ref: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"([A-Z]{1,3})(\d{1,7})", ref)
    if not match:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1
