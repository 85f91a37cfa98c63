"""Legacy Word (Word 97-2003 ``.doc``, and the ``.wps`` files that are Word bytes) read in pure Python.

Portals publish many reports as ``.doc``. Reading them without LibreOffice makes the result the same on
every machine (and a thousand times faster than a conversion); LibreOffice stays the fallback for what this
reader refuses (RTF, encrypted or pre-97 files, WPS's own format). olefile opens the compound file; the
rest follows [MS-DOC]:

- the text is the main document's character positions (``ccpText``), assembled from the piece table
  (the ``Clx`` in the table stream): each piece is UTF-16LE, or cp1252 when "compressed";
- tables come from paragraph properties: a ``\\x07`` mark ends a cell, or a row when its paragraph has
  ``sprmPFTtp``. The properties live in PAPX FKP pages (``PlcBtePapx``), keyed by file position.

Vertically merged cells come back empty (their text is in the first cell of the merge); the table reader
treats an empty cell as not stated, so nothing is invented.
"""

from __future__ import annotations

import bisect
import io
import struct
from dataclasses import dataclass

import olefile

_WORD_MAGIC = 0xA5EC
_FIB_CCP_TEXT = 0x4C
_FIB_PAPX = 0x102  # fcPlcfBtePapx, lcbPlcfBtePapx
_FIB_CLX = 0x1A2  # fcClx, lcbClx
_SPRM_IN_TABLE = 0x2416  # sprmPFInTable: this paragraph is inside a table cell
_SPRM_TTP = 0x2417  # sprmPFTtp: this paragraph mark ends a table row
_SPRM_INNER_TTP = 0x244C
_SPRM_DEF_TABLE = 0xD608  # sprmTDefTable: the row's cell layout, in the row-end mark's properties
_SPRM_HUGE_PAPX = 0x6646  # the properties are too big for the page: they sit in the Data stream
_SPRM_ITAP = 0x6649  # sprmPItap: table depth (Word 2000+ writes it instead of / besides sprmPFInTable)
IN_TABLE, ENDS_ROW = 1, 2
_H_MERGED, _V_MERGE, _V_RESTART = 0x0002, 0x0020, 0x0040
_NO_LAYOUT: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())
_OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra; 6 is variable


class WordDocError(Exception):
    """Not a Word 97-2003 document this reader handles (the caller falls back to a converter)."""


@dataclass(frozen=True)
class WordTable:
    grid: list[list[str]]  # rows of cells, spans expanded: a merged cell's text in every slot it covers
    starts: list[list[bool]]  # True where a source cell starts (for rendering each cell once)


Block = str | WordTable  # a paragraph, or a table


@dataclass(frozen=True)
class _Row:
    cells: list[str]
    edges: tuple[int, ...]  # cell boundaries in twips, from the row's sprmTDefTable (empty if absent)
    merges: tuple[int, ...]  # per cell: the TC80 flags (fMerged 0x2, fVertMerge 0x20, fVertRestart 0x40)


@dataclass(frozen=True)
class WordText:
    blocks: list[Block]  # paragraphs and tables in document order
    title: str | None  # the document properties' title, if set
    author: str | None


def read_word97(body: bytes) -> WordText:
    """Text and tables of a Word 97-2003 binary document; raises ``WordDocError`` for anything else."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(body))
        word = ole.openstream("WordDocument").read()
    except (OSError, ValueError, struct.error) as exc:
        raise WordDocError(f"not an OLE2 Word file: {exc}") from exc
    if len(word) < 0x1AA or struct.unpack_from("<H", word, 0)[0] != _WORD_MAGIC:
        raise WordDocError("no Word 97 file information block")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & 0x0100:
        raise WordDocError("encrypted")
    table_name = "1Table" if flags & 0x0200 else "0Table"
    if not ole.exists(table_name):
        raise WordDocError(f"no {table_name} stream")
    table = ole.openstream(table_name).read()
    ccp_text = struct.unpack_from("<i", word, _FIB_CCP_TEXT)[0]
    chars = _characters(word, table, ccp_text)
    metadata = ole.get_metadata()
    data = ole.openstream("Data").read() if ole.exists("Data") else b""
    return WordText(
        blocks=_assemble(chars, _paragraph_runs(word, table, data)),
        title=_property(metadata.title),
        author=_property(metadata.author),
    )


def _property(value: bytes | str | None) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("gb18030", "replace")  # summary properties are in the ANSI code page
    return value.strip() or None if value else None


def _characters(word: bytes, table: bytes, ccp_text: int) -> list[tuple[str, int]]:
    """Each main-text character with its file position, from the piece table."""
    fc_clx, lcb_clx = struct.unpack_from("<II", word, _FIB_CLX)
    clx = table[fc_clx : fc_clx + lcb_clx]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc entries (formatting) come before the Pcdt
        at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != 0x02:
        raise WordDocError("no piece table")
    lcb = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5 : at + 5 + lcb]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    chars: list[tuple[str, int]] = []
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if start >= end:
            continue
        fc_raw = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
        compressed = bool(fc_raw & 0x40000000)
        fc = (fc_raw & 0x3FFFFFFF) // 2 if compressed else fc_raw & 0x3FFFFFFF
        width = 1 if compressed else 2
        raw = word[fc : fc + (end - start) * width]
        text = raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace")
        chars.extend((char, fc + n * width) for n, char in enumerate(text))
    return chars


Runs = tuple[list[int], list[tuple[int, tuple[tuple[int, ...], tuple[int, ...]]]]]


def _paragraph_runs(word: bytes, table: bytes, data: bytes) -> Runs:
    """Paragraph runs in file positions: the sorted run starts, and each run's table bits and row layout."""
    fc, lcb = struct.unpack_from("<II", word, _FIB_PAPX)
    plc = table[fc : fc + lcb]
    count = (len(plc) - 4) // 8
    starts: list[int] = []
    bits: list[tuple[int, tuple[tuple[int, ...], tuple[int, ...]]]] = []
    for i in range(count):
        page = (struct.unpack_from("<I", plc, 4 * (count + 1) + 4 * i)[0] & 0x3FFFFF) * 512
        fkp = word[page : page + 512]
        if len(fkp) < 512:
            continue
        runs = fkp[511]
        for r in range(runs):
            starts.append(struct.unpack_from("<I", fkp, 4 * r)[0])
            bits.append(_table_bits(_grpprl(fkp, fkp[4 * (runs + 1) + 13 * r] * 2, data)))
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return [starts[i] for i in order], [bits[i] for i in order]


def _grpprl(fkp: bytes, offset: int, data: bytes) -> bytes:
    """The property list of one PapxInFkp at ``offset`` (after its style index), b"" for the defaults."""
    if offset == 0:
        return b""
    size, start = fkp[offset], offset + 1
    if size == 0:
        size, start = fkp[offset + 1] * 2, offset + 2
    else:
        size = size * 2 - 1
    grpprl = fkp[start + 2 : start + size]
    if len(grpprl) >= 6 and struct.unpack_from("<H", grpprl, 0)[0] == _SPRM_HUGE_PAPX:
        at = struct.unpack_from("<I", grpprl, 2)[0]
        if at + 2 <= len(data):
            return data[at + 2 : at + 2 + struct.unpack_from("<H", data, at)[0]]
    return grpprl


def _table_bits(grpprl: bytes) -> tuple[int, tuple[tuple[int, ...], tuple[int, ...]]]:
    """IN_TABLE and ENDS_ROW of one paragraph's property list, and a row end's cell layout."""
    at, bits, layout = 0, 0, _NO_LAYOUT
    while at + 2 < len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, at)[0]
        at += 2
        if sprm in (_SPRM_TTP, _SPRM_INNER_TTP) and grpprl[at]:
            bits |= ENDS_ROW | IN_TABLE
        elif (sprm == _SPRM_IN_TABLE and grpprl[at]) or (
            sprm == _SPRM_ITAP and at + 4 <= len(grpprl) and struct.unpack_from("<i", grpprl, at)[0] > 0
        ):
            bits |= IN_TABLE
        elif sprm == _SPRM_DEF_TABLE:
            layout = _row_layout(grpprl[at + 2 : at + 1 + struct.unpack_from("<H", grpprl, at)[0]])
        at += _operand_size(sprm, grpprl, at)
    return bits, layout


def _row_layout(operand: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Cell boundaries and TC80 flags from sprmTDefTable: itcMac, itcMac + 1 boundaries, 20-byte TC80s."""
    if not operand:
        return _NO_LAYOUT
    cells = operand[0]
    if len(operand) < 1 + 2 * (cells + 1):
        return _NO_LAYOUT
    edges = struct.unpack_from(f"<{cells + 1}h", operand, 1)
    tcs = 1 + 2 * (cells + 1)
    flags = tuple(
        struct.unpack_from("<H", operand, tcs + 20 * i)[0] if tcs + 20 * i + 2 <= len(operand) else 0
        for i in range(cells)
    )
    return tuple(edges), flags


def _operand_size(sprm: int, grpprl: bytes, at: int) -> int:
    spra = sprm >> 13
    if sprm == _SPRM_DEF_TABLE:  # the one sprm whose variable size takes two bytes (cb - 1 follow)
        return 2 + struct.unpack_from("<H", grpprl, at)[0] - 1 if at + 2 <= len(grpprl) else len(grpprl)
    return grpprl[at] + 1 if spra == 6 else _OPERAND_SIZE.get(spra, 1)


def _assemble(chars: list[tuple[str, int]], runs: Runs) -> list[Block]:
    starts, table_bits = runs
    blocks: list[Block] = []
    row: list[str] = []
    current: list[_Row] = []
    buffer: list[str] = []
    field_depth, hidden = 0, False
    for char, fc in chars:
        if char == "\x13":  # field begin: its code is hidden until the separator
            field_depth, hidden = field_depth + 1, True
        elif char == "\x14":
            hidden = False
        elif char == "\x15":
            field_depth = max(0, field_depth - 1)
            hidden = False
        elif hidden:
            continue
        elif char == "\x07":
            index = bisect.bisect_right(starts, fc) - 1
            if index >= 0 and table_bits[index][0] & ENDS_ROW:
                current.append(_Row(row, *table_bits[index][1]))
                row = []
            else:
                row.append(_clean("".join(buffer)))
            buffer = []
        elif char in "\r\x0c":
            index = bisect.bisect_right(starts, fc) - 1
            if index >= 0 and table_bits[index][0] & IN_TABLE:  # a paragraph in a cell: the cell goes on
                buffer.append(" ")
                continue
            if current:
                blocks.append(_expand(current))
                current = []
            blocks.append(_clean("".join(buffer)))
            buffer = []
        else:
            buffer.append("\n" if char == "\x0b" else char)
    if current:
        blocks.append(_expand(current))
    return blocks


def _expand(rows: list[_Row]) -> WordTable:
    """Rows of source cells to a grid on the union of all rows' cell boundaries, spans expanded.

    A cell covering several boundary columns repeats its text (as a colspan does); a cell flagged as the
    continuation of a vertical merge takes the text above it (as a rowspan does); an old-style horizontal
    merge (fMerged) takes the text on its left. A row without a layout is padded on the right.
    """
    columns = sorted({edge for row in rows for edge in row.edges})
    width = max(len(columns) - 1, max(len(row.cells) for row in rows))
    grid: list[list[str]] = []
    starts: list[list[bool]] = []
    for row in rows:
        texts = [""] * width
        begins = [False] * width
        laid_out = len(row.edges) == len(row.cells) + 1 and len(columns) - 1 == width
        for i, text in enumerate(row.cells):
            first, last = (
                (columns.index(row.edges[i]), columns.index(row.edges[i + 1])) if laid_out else (i, i + 1)
            )
            flags = row.merges[i] if i < len(row.merges) else 0
            for column in range(first, max(last, first + 1)):
                if flags & _V_MERGE and not flags & _V_RESTART and grid:
                    texts[column] = grid[-1][column]
                elif flags & _H_MERGED and column > 0:
                    texts[column] = texts[column - 1]
                else:
                    texts[column] = text
                    begins[column] = column == first
        grid.append(texts)
        starts.append(begins)
    return WordTable(grid, starts)


def _clean(text: str) -> str:
    text = "".join(c for c in text if c >= " " or c in "\n\t")
    return " ".join(text.split())
