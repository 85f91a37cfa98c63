"""PDF files via pdfplumber: page text in reading order with ruled tables as grids at their position.

pdfplumber reports a merged cell once and ``None`` in the other slots it covers; the slots are filled here
from the cell geometry, so a merged cell's text is repeated into every slot (as for HTML). Tables that only
frame running text (a page border, a one-column box) are not tables. A table cut by a page break is joined
with its continuation when the next page starts with a table of the same width.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from crawler.parsing.grids import render_rows, tidy, tidy_cell
from crawler.parsing.record import Extracted

MAX_PAGES = 300  # reports run to 10 pages; beyond this is not a report and would cost minutes
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*共?\s*\d{1,4}\s*页?)?[-—–－\s]*$")
_FIGURE = re.compile(r"^[\s\d.,，%％+\-－—]*$")
_NEW_LABEL = re.compile(r"^\s*[（(]?[一二三四五六七八九十\d]+[)）、.．]")
_MIN_CHARS_PER_PAGE = 20  # below this on average the text layer is a stamp or page numbers: a scan


@dataclass
class _Table:
    """A grid plus, per slot, the (row, col) where its source cell starts (equal to itself at a start)."""

    cells: list[list[str]]
    origin: list[list[tuple[int, int]]]
    top: float = 0.0
    page: int = 0

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def starts(self) -> list[list[bool]]:
        return [[o == (r, c) for c, o in enumerate(row)] for r, row in enumerate(self.origin)]


@dataclass
class _Page:
    items: list[tuple[float, str | _Table]] = field(default_factory=list)  # (top, text line | table)


def extract_pdf(body: bytes) -> Extracted:
    try:
        pdf = pdfplumber.open(io.BytesIO(body))
    except PDFPasswordIncorrect:
        return Extracted(kind="pdf", error="pdf_encrypted: the PDF needs a password")
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        return Extracted(kind="pdf", error=f"pdf_unreadable: {type(exc).__name__}: {exc}"[:300])
    flags: list[str] = []
    pages: list[_Page] = []
    with pdf:
        try:
            all_pages = pdf.pages
            info = pdf.doc.info[0] if pdf.doc.info else {}
        except Exception as exc:
            return Extracted(kind="pdf", error=f"pdf_unreadable: {type(exc).__name__}: {exc}"[:300])
        if len(all_pages) > MAX_PAGES:
            flags.append("truncated")
        failed = 0
        for number, page in enumerate(all_pages[:MAX_PAGES]):
            try:
                pages.append(_read_page(page, number))
            except Exception:  # one broken page (bad font, bad stream) must not lose the rest
                failed += 1
        if failed:
            flags.append("page_errors")
    if failed and not pages:
        return Extracted(kind="pdf", flags=flags, error="pdf_unreadable: no page could be read")
    tables, lines = _assemble(pages)
    text = tidy("\n".join(lines))
    if sum(1 for ch in text if not ch.isspace()) < _MIN_CHARS_PER_PAGE * max(1, len(pages)):
        flags.append("needs_ocr")
        if sum(1 for ch in text if not ch.isspace()) < _MIN_CHARS_PER_PAGE:
            text = ""
    meta = {k: v for k, v in ((str(k), _info_str(v)) for k, v in info.items()) if v}
    title = meta.get("Title") or next((line for line in text.split("\n") if line), None)
    return Extracted(
        kind="pdf", text=text, tables=[t.cells for t in tables], title=title, meta=meta, flags=flags,
    )  # fmt: skip


def _info_str(value: Any) -> str:
    """A document-info value as text: UTF-16 with BOM (WPS writes titles so), else PDFDocEncoding/latin-1."""
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16", "replace").strip("\x00 ")
        try:
            return value.decode("utf-8").strip()
        except UnicodeDecodeError:
            return value.decode("latin-1").strip()
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _read_page(page: Any, number: int) -> _Page:
    result = _Page()
    regions = []
    for found in page.find_tables():
        table = _grid(found)
        core = _core_rows(table)
        if core is None:
            continue  # a frame around running text: leave its words to the text lines
        first, last = core
        top, bottom = found.rows[first].bbox[1], found.rows[last].bbox[3]
        table = _Table(
            [row[:] for row in table.cells[first : last + 1]],
            [[(max(0, r - first), c) for r, c in row] for row in table.origin[first : last + 1]],
            top,
            number,
        )
        regions.append((found.bbox[0], top, found.bbox[2], bottom))
        result.items.append((top, table))

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in regions)

    for line in page.filter(outside_tables).extract_text_lines(return_chars=False):
        text = line["text"].strip()
        if text and not _PAGE_NUMBER.match(text):
            result.items.append((line["top"], text))
    result.items.sort(key=lambda item: item[0])
    return result


def _grid(found: Any) -> _Table:
    """Fill pdfplumber's ``None`` slots with the text of the merged cell covering them."""
    texts = found.extract()
    rows, columns = found.rows, found.columns
    tops = [row.bbox[1] for row in rows] + [found.bbox[3]]
    lefts = [col.bbox[0] for col in columns] + [found.bbox[2]]
    starts: dict[tuple[float, float, float, float], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                starts.setdefault(tuple(bbox), (r, c))
    cells = [["" for _ in columns] for _ in rows]
    origin = [[(r, c) for c in range(len(columns))] for r in range(len(rows))]
    for r in range(len(rows)):
        for c in range(len(columns)):
            x, y = (lefts[c] + lefts[c + 1]) / 2, (tops[r] + tops[r + 1]) / 2
            cover = rows[r].cells[c]
            if cover is None:
                cover = next((b for b in starts if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
            if cover is not None:
                r0, c0 = starts[tuple(cover)]
                origin[r][c] = (r0, c0)
                cells[r][c] = tidy_cell(texts[r0][c0] if c0 < len(texts[r0]) else "")
    return _Table(cells, origin)


def _core_rows(table: _Table) -> tuple[int, int] | None:
    """First and last row with two or more source cells; rows outside them are text in a frame."""
    multi = [r for r, row in enumerate(table.origin) if len(set(row)) >= 2]
    if not multi or table.width < 2:
        return None
    return multi[0], multi[-1]


def _assemble(pages: list[_Page]) -> tuple[list[_Table], list[str]]:
    """Join tables continued over a page break, then render text lines and tables in reading order."""
    sequence: list[str | _Table] = [item for page in pages for _, item in page.items]
    merged: list[str | _Table] = []
    for item in sequence:
        previous = merged[-1] if merged else None
        if (
            isinstance(item, _Table)
            and isinstance(previous, _Table)
            and previous.page + 1 == item.page
            and previous.width == item.width
        ):
            _continue(previous, item)
        else:
            merged.append(item)
    tables = [item for item in merged if isinstance(item, _Table)]
    lines: list[str] = []
    for item in merged:
        if isinstance(item, _Table):
            lines.extend(render_rows(item.cells, item.starts()))
        else:
            lines.append(item)
    return tables, lines


def _continue(head: _Table, tail: _Table) -> None:
    """Append ``tail`` to ``head``, mending row labels that the page break cut.

    In a label column (text, not a figure), an empty first-row slot of the continuation belongs to the label
    above the break ("三、本年度办理结果" spanning on); a fragment that does not start a new numbered label
    is the rest of the label ("（四）无" / "法提供").
    """
    last, offset = len(head.cells) - 1, len(head.cells)
    tail_origin = [[(r + offset, c) for r, c in row] for row in tail.origin]
    for c in range(min(head.width, tail.width)):
        r0, c0 = head.origin[last][c]
        above, piece = head.cells[r0][c0], tail.cells[0][c]
        if not above or _FIGURE.match(above) or (piece and _FIGURE.match(piece)) or _NEW_LABEL.match(piece):
            continue
        label = above + piece
        for r, row in enumerate(head.origin):
            for cc, o in enumerate(row):
                if o == (r0, c0):
                    head.cells[r][cc] = label
        first = tail.origin[0][c]
        for r, row in enumerate(tail.origin):
            for cc, o in enumerate(row):
                if o == first:
                    tail.cells[r][cc] = label
                    tail_origin[r][cc] = (r0, c0)
    head.cells.extend(tail.cells)
    head.origin.extend(tail_origin)
