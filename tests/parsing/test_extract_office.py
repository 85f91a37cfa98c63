"""DOCX made with python-docx and XLSX zipped here; DOC and XLS are committed (data/make_samples.py)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from crawler.parsing import office
from crawler.parsing.extract import extract

DATA = Path(__file__).parent / "data"


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("某县2021年政府信息公开工作年度报告", level=1)
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "申请人情况"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"
    for row, (label, value) in enumerate((("（一）予以公开", "5"), ("（二）部分公开", "4")), start=1):
        table.cell(row, 1).text = label
        table.cell(row, 2).text = value
    table.cell(3, 0).text = "四、结转下年度继续办理"
    table.cell(3, 2).text = "0"
    document.add_paragraph("二、存在的主要问题")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


EXPECTED_GRID = [
    ["申请人情况", "申请人情况", "申请人情况"],
    ["三、本年度办理结果", "（一）予以公开", "5"],
    ["三、本年度办理结果", "（二）部分公开", "4"],
    ["四、结转下年度继续办理", "", "0"],
]


def test_docx_paragraphs_and_tables_in_document_order_with_merges_expanded() -> None:
    result = extract(make_docx(), filename="report.docx")
    assert result.kind == "docx" and result.error is None
    assert result.tables == [EXPECTED_GRID]
    assert result.title == "某县2021年政府信息公开工作年度报告"
    assert result.text.split("\n") == [
        "某县2021年政府信息公开工作年度报告",
        "一、总体情况",
        "申请人情况 |",
        "三、本年度办理结果 | （一）予以公开 | 5 |",
        "（二）部分公开 | 4 |",
        "四、结转下年度继续办理 | | 0 |",
        "二、存在的主要问题",
    ]


def test_broken_docx_is_an_error_not_an_exception() -> None:
    body = make_docx()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 3] if item.filename == "word/document.xml" else data)
    result = extract(buffer.getvalue())
    assert result.kind == "docx"
    assert result.error is not None and result.error.startswith("docx_unreadable: ")


# RTF is read through LibreOffice (the pure-Python reader takes Word 97 bytes only).
RTF = rb"{\rtf1\ansi{\fonttbl{\f0 SimSun;}}\f0 \u26576?\u21439?2020\u24180?\u25919?\u24220?\par}"


def test_legacy_doc_is_read_without_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no converter can be found
    result = extract((DATA / "report.doc").read_bytes(), filename="x.wps")
    assert result.kind == "doc" and result.error is None, result.error
    assert result.tables == [
        [
            ["第二十条第（一）项"] * 3,
            ["信息内容", "本年制发件数", "本年废止件数"],
            ["规章", "3", "1"],
        ]
    ]
    assert result.text.split("\n")[:3] == [
        "某县人民政府2020年政府信息公开工作年度报告",
        "一、总体情况",
        "第二十条第（一）项 |",
    ]


def test_word_merged_cells_expand_like_html_spans() -> None:
    """merged.doc: LibreOffice's Word 97 export of a DOCX with a rowspan and a colspan (make_samples.py)."""
    result = extract((DATA / "merged.doc").read_bytes())
    assert result.error is None
    assert result.tables == [
        [
            ["本列数据的勾稽关系", "申请人情况", "申请人情况", "申请人情况"],
            ["本列数据的勾稽关系", "自然人", "法人或其他组织", "总计"],
            ["一、本年新收政府信息公开申请数量", "5", "1", "6"],
            ["二、上年结转政府信息公开申请数量", "0", "", "0"],
        ]
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_rtf_is_converted_with_libreoffice_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "某县2020年政府" in extract(RTF).text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_doc_seen_again_is_not_converted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    converted: list[bytes] = []
    convert = office._convert_to_docx

    def counting(soffice: str, body: bytes) -> bytes:
        converted.append(body)
        return convert(soffice, body)

    monkeypatch.setattr(office, "_convert_to_docx", counting)
    body = RTF + b" "  # not converted by an earlier test in this process
    first, second = extract(body), extract(body)
    assert first.error is None and first == second
    assert len(converted) == 1


def test_rtf_without_libreoffice_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no converter can be found
    result = extract(RTF)
    assert result.kind == "doc" and result.text == ""
    assert result.error is not None and result.error.startswith("converter_unavailable: ")
    assert "libreoffice" in result.error.lower()


def test_xls_sheets_become_grids() -> None:
    result = extract((DATA / "report.xls").read_bytes())
    assert result.kind == "xls" and result.error is None
    assert result.tables == [
        [["申请人情况"] * 3, ["自然人", "商业企业", "总计"], ["21", "0", "21"], ["7730.28", "", ""]]
    ]
    assert result.text.split("\n") == [
        "表三",
        "申请人情况 |",
        "自然人 | 商业企业 | 总计 |",
        "21 | 0 | 21 |",
        "7730.28 | | |",
    ]


def make_xlsx() -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="表四" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}"><si><t>行政复议</t></si><si><t>结果维持</t></si></sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>总计</t></is></c></row>'
        '<row r="3"><c r="A3"><v>10</v></c><c r="B3"><v>10.5</v></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


def test_xlsx_read_with_zip_and_xml() -> None:
    result = extract(make_xlsx())
    assert result.kind == "xlsx" and result.error is None
    assert result.tables == [[["行政复议", "行政复议"], ["结果维持", "总计"], ["10", "10.5"]]]
    assert result.text.split("\n")[:2] == ["表四", "行政复议 |"]
