"""PDF extraction on a real published report (text layer, ruled tables) and on generated bad PDFs."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw

from crawler.parsing.extract import extract
from crawler.parsing.record import Extracted

DATA = Path(__file__).parent / "data"


@cache
def hongze() -> Extracted:
    """洪泽区 2023 (see data/README.md): five pages, table three crosses a page break."""
    return extract((DATA / "hongze-2023.pdf").read_bytes(), filename="hzq2023.pdf")


def test_real_report_text_and_title() -> None:
    result = hongze()
    assert result.kind == "pdf" and result.error is None and result.flags == []
    assert result.title == "洪泽区人民政府2023年政府信息公开工作年度报告"  # UTF-16 document info, decoded
    assert result.text.startswith("洪泽区人民政府\n2023 年政府信息公开工作年度报告\n")
    assert "我区在政\n府网站平台主动公开政府信息 1136 条。" in result.text
    assert "- 1 -" not in result.text  # page numbers are not text


def test_real_report_tables_as_grids_without_the_text_frames() -> None:
    tables = hongze().tables
    assert [(len(t), len(t[0])) for t in tables] == [(6, 4), (6, 2), (26, 10), (4, 15)]
    assert tables[0][0] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert tables[0][2] == ["行政规范性文件", "0", "5", "5"]
    assert tables[0][5] == ["行政许可", "550", "550", "550"]  # a cell spanning three columns, repeated
    t4 = tables[3]
    assert t4[0][:5] == ["行政复议"] * 5  # a merged header repeated into each slot it covers
    assert t4[3] == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]


def test_table_cut_by_a_page_break_is_joined_and_its_labels_mended() -> None:
    table3 = hongze().tables[2]
    rows = {tuple(row[:3]): row[3:] for row in table3}
    label = ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确")
    assert rows[label] == ["0"] * 7  # the first row on page four, under labels from page three
    assert rows[("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息")] == [
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "1",
    ]
    assert table3[-1] == ["四、结转下年度继续办理"] * 3 + ["0"] * 7
    text = hongze().text
    assert "（七）总计 | | 21 | 0 | 0 | 0 | 0 | 0 | 21 |" in text
    assert "\n3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" in text


def test_image_only_pdf_needs_ocr_without_error() -> None:
    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 500, 300), outline="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PDF")
    result = extract(buffer.getvalue())
    assert result.kind == "pdf"
    assert result.error is None and result.text == ""
    assert "needs_ocr" in result.flags


def test_corrupt_and_truncated_pdfs_give_a_clear_error() -> None:
    garbage = extract(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF")
    assert garbage.kind == "pdf" and garbage.error is not None
    assert garbage.error.startswith("pdf_unreadable: ")
    real = (DATA / "hongze-2023.pdf").read_bytes()
    cut = extract(real[: len(real) // 2])
    assert cut.error is not None and cut.error.startswith("pdf_unreadable: ") and cut.text == ""
