"""Sniffing, plain text, and bad input: every input gets a kind and either text or a clear reason."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import crawler.parsing.extract as extract_module
from crawler.parsing.extract import extract, sniff
from crawler.parsing.report import parse_document

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).resolve().parents[2] / "demo" / "content" / "seeds"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_magic_bytes_decide_not_names_or_headers() -> None:
    pdf = (DATA / "hongze-2023.pdf").read_bytes()
    assert sniff(pdf, content_type="text/html", filename="report.html") == "pdf"
    assert sniff((DATA / "report.doc").read_bytes(), filename="a.pdf") == "doc"
    assert sniff((DATA / "report.xls").read_bytes(), filename="a.doc") == "xls"
    assert sniff(png(), content_type="application/pdf") == "image"
    assert sniff(b"Rar!\x1a\x07\x00junk") == "archive"
    assert sniff("<html><body>年报</body></html>".encode(), content_type="text/plain") == "html"
    assert sniff("年度报告\n一、总体情况".encode("gbk"), content_type="text/html") == "text"
    assert sniff(bytes(range(256)) * 4) == "unknown"
    assert sniff(b"") == "unknown"
    utf16 = "\ufeff年度报告\n一、总体情况".encode("utf-16-le")
    assert sniff(utf16) == "text"
    assert extract(utf16).text == "年度报告\n一、总体情况"


def test_zip_members_tell_docx_and_xlsx_from_archives() -> None:
    def zipped(name: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr(name, "<x/>")
        return buffer.getvalue()

    assert sniff(zipped("word/document.xml")) == "docx"
    assert sniff(zipped("xl/workbook.xml")) == "xlsx"
    assert sniff(zipped("年报.pdf")) == "archive"
    result = extract(zipped("年报.pdf"))
    assert result.kind == "archive" and "unparsed" in result.flags
    assert result.error is not None and result.error.startswith("unsupported_format: ")


def test_archived_page_header_goes_to_meta_and_only_the_body_is_text() -> None:
    header = (
        "标题: 平潭综合实验区2018年度政府信息公开工作年度报告\n"
        "发布时间: 2019-01-10 16:13\n文号: \n发布机构: 区管委会\n页面链接与图片详见 links.tsv(同目录)\n"
    )
    body = "平潭综合实验区2018年度政府信息公开工作年度报告 根据《条例》要求，编制本报告。"
    raw = f"{header}==================== 正文 ====================\n{body}"
    result = extract(raw.encode("utf-8"), filename="page.txt")
    assert result.kind == "text" and result.error is None
    assert result.text == body
    assert result.meta == {
        "标题": "平潭综合实验区2018年度政府信息公开工作年度报告",
        "发布时间": "2019-01-10 16:13",
        "发布机构": "区管委会",
    }
    assert result.title == "平潭综合实验区2018年度政府信息公开工作年度报告"


def test_text_without_separator_is_all_body() -> None:
    result = extract("标题: 不是页眉\n正文".encode(), filename="page.txt")
    assert result.text == "标题: 不是页眉\n正文"
    assert result.meta == {}


def test_traditional_archive_header_reaches_the_metadata() -> None:
    raw = "發布時間: 2013-03-28\n===== 正文 =====\n全年主動公開信息數量１０條"
    record = parse_document(raw.encode("utf-8"), filename="page.txt")
    assert record.published_date == "2013-03-28"
    assert record.text == "全年主动公开信息数量10条"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_plain_text_in_any_common_encoding(encoding: str) -> None:
    original = (
        "攀枝花市2012年政府信息公開工作年度報告\n\n\n　　一、概述　根据《条例》，全年公开1075703条。 \r\n"
    )
    result = extract(original.encode(encoding))
    assert result.kind == "text"
    assert (
        result.text == "攀枝花市2012年政府信息公開工作年度報告\n\n一、概述 根据《条例》，全年公开1075703条。"
    )
    assert result.title == "攀枝花市2012年政府信息公開工作年度報告"


def test_every_seed_reads_as_text_unchanged_but_for_whitespace() -> None:
    labels = [json.loads(line) for line in (SEEDS / "labels.jsonl").read_text("utf-8").splitlines() if line]
    assert labels
    for label in labels:
        raw = (SEEDS / label["file"]).read_bytes()
        result = extract(raw, filename=label["file"])
        assert result.kind == "text" and result.error is None, label["file"]
        squeezed = "".join(raw.decode("utf-8").split())
        assert "".join(result.text.split()) == squeezed, label["file"]


def test_empty_and_blank_input() -> None:
    for body in (b"", b"  \r\n\t "):
        result = extract(body)
        assert result.error is not None and result.error.startswith("empty: ")
        assert result.text == ""


def test_images_need_ocr() -> None:
    result = extract(png())
    assert result.kind == "image" and result.error is None and result.flags == ["needs_ocr"]


def test_ten_megabytes_of_noise_is_unknown_and_cheap() -> None:
    noise = random.Random(7).randbytes(10 * 1024 * 1024)
    result = extract(noise)
    assert result.kind == "unknown" and "unparsed" in result.flags
    assert result.error is not None and result.error.startswith("unsupported_format: ")


def test_oversized_documents_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_BYTES", 100_000)
    result = extract((DATA / "hongze-2023.pdf").read_bytes())
    assert result.kind == "pdf" and result.text == ""
    assert result.error is not None and result.error.startswith("too_large: ")


MAGIC_PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"<html>",
]  # RTF would start LibreOffice


@settings(max_examples=60, deadline=None)
@given(prefix=st.sampled_from(MAGIC_PREFIXES), tail=st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise(prefix: bytes, tail: bytes) -> None:
    result = extract(prefix + tail)
    assert result.kind in extract_module.KINDS
    assert result.error is None or (result.error.split(":")[0] and result.text == "")
