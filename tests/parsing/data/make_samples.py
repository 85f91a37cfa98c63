"""Dev-only generator for the committed binary samples in this folder (tests read the bytes, never run this).

    .venv/bin/pip install xlwt==1.3.0        # legacy .xls writer, only needed here
    .venv/bin/python tests/parsing/data/make_samples.py   # needs `soffice` (libreoffice-writer-nogui)

- ``report.doc``: a Word 97 file made by LibreOffice from a python-docx document with a merged-cell table.
- ``report.xls``: a BIFF8 workbook with a merged header, made by xlwt.
- ``hongze-2023.pdf`` is not generated: it is a copy of a published report (see tests/parsing/data/README.md).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx

HERE = Path(__file__).parent


def make_doc() -> None:
    document = docx.Document()
    document.add_paragraph("某县人民政府2020年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "第二十条第（一）项"
    for col, label in enumerate(("信息内容", "本年制发件数", "本年废止件数")):
        table.cell(1, col).text = label
    for col, value in enumerate(("规章", "3", "1")):
        table.cell(2, col).text = value
    document.add_paragraph("二、结语")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        document.save(str(source))
        soffice = shutil.which("soffice")
        assert soffice, "soffice is needed to write .doc"
        subprocess.run(
            [soffice, "--headless", "--convert-to", "doc", "--outdir", tmp, str(source)],
            check=True,
            timeout=120,
        )
        shutil.copy(Path(tmp) / "report.doc", HERE / "report.doc")


def make_xls() -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表三")
    sheet.write_merge(0, 0, 0, 2, "申请人情况")
    for col, label in enumerate(("自然人", "商业企业", "总计")):
        sheet.write(1, col, label)
    for col, value in enumerate((21, 0, 21)):
        sheet.write(2, col, value)
    sheet.write(3, 0, 7730.28)
    book.save(str(HERE / "report.xls"))


if __name__ == "__main__":
    make_doc()
    make_xls()
