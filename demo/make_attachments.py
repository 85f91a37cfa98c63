"""Dev-only: regenerate the committed attachment bytes under ``content/attachments/``.

Needs reportlab and xlwt, which are not project dependencies (``.venv/bin/pip install reportlab xlwt``), and
LibreOffice (``soffice``) for the legacy Word files; Pillow comes with pdfplumber. The generated files are
committed so nothing at run time needs these tools. STSong-Light is a reportlab built-in CID font.
Run: ``.venv/bin/python -m demo.make_attachments``.

- ``<seed>.pdf``: a seed report as a text PDF.
- ``synth_5001.docx``, ``synth_5002.docx``: synthetic reports as .docx.
- ``dept_9103_prose.doc``: the unified platform's legacy Word report (OLE2, written by LibreOffice).
- ``synth_5004.wps``: a WPS attachment: OLE2 Word bytes (what most .wps files on portals are), with the
  report's tables as real Word tables.
- ``synth_5005.xls``: a BIFF8 workbook holding a whole report: text sheets and one sheet per table.
- ``scan_page_1.png``, ``scan_page_2.png``: page images of a 图片版 (grey bars where the text would be).
- ``scan_6018.pdf``: an image-only PDF (a scan, no text layer) made of those pages.
"""

from __future__ import annotations

import html
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.parsing.template import Era
from demo.cms import docx_synth, xls_synth
from demo.content import ATTACHMENTS_DIR, SeedReport, seed, text_blocks
from demo.synth import generate_report
from demo.unified import PLATFORM_DOC, dept_report

PDF_SEEDS = ("000",)  # reports the demo also serves as a PDF attachment of their page
DOCX_SYNTH = (5001, 5002)  # synthetic reports served only as .docx attachments (see demo/cms.py)
WPS_SYNTH = 5004  # served by the jcms site as a .wps (demo/cms.py)
XLS_SYNTH = 5005  # served by the Boda site as a .xls (demo/older.py)
SCAN_SEED = 6018  # the hostile site's scanned PDF (demo/hostile.py)


def write_pdf(report: SeedReport) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    paragraphs = [Paragraph(html.escape(line), style) for line in report.text.splitlines() if line.strip()]
    ATTACHMENTS_DIR.mkdir(parents=True, exist_ok=True)
    # invariant=1 makes the bytes reproducible (no creation timestamp or random document id).
    doc = SimpleDocTemplate(str(report.pdf_path), pagesize=A4, title=report.title, invariant=1)
    doc.build(paragraphs)


def write_docx(synth_seed: int) -> Path:
    """A .docx of a synthetic report, one paragraph per line. Committed rather than built at serve time
    because python-docx stamps the current time into the zip, and the demo's bytes must not change."""
    import docx

    report = generate_report(synth_seed, era=Era.PROSE if synth_seed % 2 else Era.T2021, layout="pipe_text")
    document = docx.Document()
    for line in report.body.decode("utf-8").splitlines():
        document.add_paragraph(line)
    path = docx_path(synth_seed)
    document.save(str(path))
    return path


def docx_path(synth_seed: int) -> Path:
    return ATTACHMENTS_DIR / f"synth_{synth_seed}.docx"


def _word_document(text: str) -> Any:
    """A python-docx document of a report text: runs of ``|`` lines become a table, the rest paragraphs."""
    import docx

    document = docx.Document()
    for block in text_blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
        for r, row in enumerate(block):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    return document


def write_legacy_word(text: str, path: Path) -> Path:
    """Word 97 (OLE2) bytes of ``text`` at ``path`` (any extension: a .wps is the same bytes), via soffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice is needed to write .doc/.wps (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        _word_document(text).save(str(source))
        subprocess.run(
            [soffice, "--headless", "--convert-to", "doc", "--outdir", tmp, str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copy(Path(tmp) / "report.doc", path)
    return path


def write_xls(synth_seed: int) -> Path:
    """A report as a workbook: consecutive text lines on a 正文 sheet, each table on a 表 sheet of its own."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet: Any = None
    row, in_table, sheets = 0, False, 0
    for line in xls_synth(synth_seed).body.decode("utf-8").splitlines():
        is_table = "|" in line
        if sheet is None or is_table != in_table:
            sheets += 1
            sheet = book.add_sheet(f"表{sheets}" if is_table else f"正文{sheets}")
            row, in_table = 0, is_table
        cells = [cell.strip() for cell in line.split("|")] if is_table else [line]
        for column, cell in enumerate(cells):
            if cell:
                sheet.write(row, column, int(cell) if cell.isdigit() else cell)
        row += 1
    path = ATTACHMENTS_DIR / f"synth_{synth_seed}.xls"
    book.save(str(path))
    return path


def scan_page(page: int) -> Any:
    """A page image like a scanned report page: a title bar, lines of text as grey bars, a ruled table."""
    from PIL import Image, ImageDraw

    rng = random.Random(page)
    image = Image.new("L", (595, 842), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 60, 445, 78), fill=90)
    y = 110
    while y < 430:
        draw.rectangle((70 + (35 if rng.random() < 0.2 else 0), y, rng.randint(380, 525), y + 8), fill=150)
        y += 20
    for r in range(9):
        draw.line((70, 460 + r * 36, 525, 460 + r * 36), fill=60, width=1)
    for x in (70, 250, 340, 430, 525):
        draw.line((x, 460, x, 460 + 8 * 36), fill=60, width=1)
    return image


def write_scans() -> list[Path]:
    pages = [scan_page(n) for n in (1, 2)]
    paths = []
    for n, image in enumerate(pages, start=1):
        path = ATTACHMENTS_DIR / f"scan_page_{n}.png"
        image.save(str(path), optimize=True)
        paths.append(path)
    pdf = ATTACHMENTS_DIR / f"scan_{SCAN_SEED}.pdf"
    pages[0].save(str(pdf), save_all=True, append_images=pages[1:], resolution=72.0)
    return [*paths, pdf]


def _pdfs() -> list[Path]:
    for key in PDF_SEEDS:
        write_pdf(seed(key))
    return [seed(key).pdf_path for key in PDF_SEEDS]


def _legacy_word() -> list[Path]:
    older = dept_report(*PLATFORM_DOC)
    wps_text = docx_synth(WPS_SYNTH).body.decode("utf-8")
    return [
        write_legacy_word(older.text, ATTACHMENTS_DIR / f"{older.filename}.doc"),
        write_legacy_word(wps_text, ATTACHMENTS_DIR / f"synth_{WPS_SYNTH}.wps"),
    ]


GENERATORS: dict[str, Callable[[], list[Path]]] = {
    "pdf": _pdfs,
    "docx": lambda: [write_docx(synth_seed) for synth_seed in DOCX_SYNTH],
    "doc": _legacy_word,
    "xls": lambda: [write_xls(XLS_SYNTH)],
    "scans": write_scans,
}


def main(names: list[str]) -> None:
    """Regenerate the named groups (all when none is named). Each rewrite changes committed bytes (python-docx
    and LibreOffice stamp the time), so name only what you mean to change."""
    for name in names or list(GENERATORS):
        for path in GENERATORS[name]():
            print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
