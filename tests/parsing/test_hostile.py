"""Hostile and damaged documents: each is refused or read with a flag, within a budget, never a hang.

Issue 10's defects 4-6, each reproduced here with real bytes: a DOCX/XLSX decompression bomb, a PDF with
flipped bytes, a report with one NUL byte, HTML nested 100k deep, a document that outlasts its budget,
and the ``nianbao parse`` exit codes and file names. A hypothesis fuzz test feeds mutated HTML, PDF,
DOCX and XLS bytes through the budgeted parser and asserts it always answers.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.parsing import parse_document
from crawler.parsing.budget import Budget, BudgetedParser
from crawler.parsing.extract import extract

DATA = Path(__file__).parent / "data"
REAL = Path(__file__).parent.parent / "fixtures" / "real"
PDF = (DATA / "hongze-2023.pdf").read_bytes()
XLS = (DATA / "report.xls").read_bytes()
TEXT_REPORT = (REAL / "shared-pingtan-2019-glued-2019" / "body").read_bytes()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("某某县2023年政府信息公开工作年度报告")
    document.add_paragraph("本年度未收到政府信息公开申请。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = _docx()
HTML = b"<html><body><h1>\xe6\x8a\xa5\xe5\x91\x8a</h1>" + TEXT_REPORT[:3000] + b"</body></html>"


def _bomb(part: str, inflated: int) -> bytes:
    """A real zip package whose ``part`` inflates to ``inflated`` bytes (zeros compress ~1000x)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(DOCX)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item))
        with out.open(part + ".pad", "w") as stream:
            chunk = b"\x00" * (1 << 20)
            for _ in range(inflated >> 20):
                stream.write(chunk)
    return buffer.getvalue()


def test_a_docx_that_inflates_to_gigabytes_is_refused_at_once() -> None:
    body = _bomb("word/document.xml", 300 << 20)
    assert len(body) < 1_000_000
    started = time.monotonic()
    result = extract(body, filename="report.docx")
    assert result.error is not None and result.error.startswith("zip_bomb:")
    assert time.monotonic() - started < 2


def test_one_highly_compressed_entry_is_refused_by_its_ratio() -> None:
    body = _bomb("word/document.xml", 20 << 20)  # 20 MiB at ~1000x: no real XML compresses so well
    record = parse_document(body, filename="report.docx")
    assert record.error is not None and record.error.startswith("zip_bomb:")


def test_a_stray_nul_byte_does_not_cost_the_report() -> None:
    clean = parse_document(TEXT_REPORT, filename="report.txt")
    damaged = parse_document(TEXT_REPORT[:300] + b"\x00" + TEXT_REPORT[300:], filename="report.txt")
    assert damaged.error is None and "nul_bytes_removed" in damaged.flags
    assert damaged.figures == clean.figures and clean.figures


def test_a_pdf_with_flipped_bytes_says_it_is_damaged() -> None:
    flipped = bytearray(PDF)
    for offset in random.Random(0).sample(range(2000, len(PDF)), 10):
        flipped[offset] ^= 0xFF
    record = parse_document(bytes(flipped), filename="report.pdf")
    assert record.error is not None or "damaged" in record.flags
    assert "damaged" not in parse_document(PDF, filename="report.pdf").flags


def test_html_nested_past_the_parsers_depth_is_read_with_tags_stripped() -> None:
    words = "某某镇2022年政府信息公开工作年度报告。本年度未收到政府信息公开申请。".encode()
    body = b"<html><body>" + b"<div>" * 100_000 + words + b"</div>" * 100_000 + b"</body></html>"
    record = parse_document(body, filename="report.html")
    assert record.error is None and "markup_damaged" in record.flags
    assert record.figures.get("applications_new") == 0


def test_a_document_over_its_time_budget_costs_only_itself() -> None:
    with BudgetedParser(budget=Budget(seconds=0.01)) as hurried:
        assert (hurried.parse(PDF, filename="report.pdf").error or "").startswith("over_budget:")
    with BudgetedParser(budget=Budget(seconds=60)) as parser:
        futures = [parser.submit(PDF, filename="a.pdf"), parser.submit(TEXT_REPORT, filename="b.txt")]
        assert all(parser.result(future).error is None for future in futures)


def test_a_document_over_its_memory_budget_costs_only_itself() -> None:
    table = b"<table>" + (b"<tr>" + b"<td>12</td>" * 40 + b"</tr>") * 15_000 + b"</table>"
    with BudgetedParser(budget=Budget(memory_bytes=300 << 20)) as starved:
        # lxml reports its own failed allocations as XMLSyntaxError("unknown error"): any error will do.
        assert starved.parse(table, filename="big.html").error is not None
        assert starved.parse(TEXT_REPORT, filename="report.txt").error is None


def _cli(*paths: bytes) -> subprocess.CompletedProcess[bytes]:
    code = "import sys; from nianbao.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, "parse", *paths], capture_output=True, timeout=120)


def test_parse_exits_1_when_every_file_failed_and_0_when_one_was_read(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x01\x02\x03" * 100)
    good = tmp_path / "good.txt"
    good.write_bytes(TEXT_REPORT)
    assert _cli(bytes(junk), bytes(tmp_path / "missing.txt")).returncode == 1
    assert _cli(bytes(junk), bytes(good)).returncode == 0


def test_a_file_name_that_is_not_utf8_still_gives_a_valid_line(tmp_path: Path) -> None:
    odd = bytes(tmp_path) + b"/report-\xff\xfe.txt"
    Path(odd.decode(sys.getfilesystemencoding(), "surrogateescape")).write_bytes(TEXT_REPORT)
    result = _cli(odd, bytes(tmp_path / "missing.txt"))
    lines = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(lines) == 2 and lines[0]["path"].endswith("report-\ufffd\ufffd.txt")
    assert lines[0]["error"] is None and lines[1]["error"].startswith("unreadable")


SAMPLES = {"html": HTML, "pdf": PDF, "docx": DOCX, "xls": XLS}


@pytest.fixture(scope="module")
def fuzz_parser() -> Iterator[BudgetedParser]:
    with BudgetedParser(budget=Budget(seconds=30, memory_bytes=2 << 30)) as parser:
        yield parser


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    seed=st.integers(0, 2**32 - 1),
    flips=st.integers(1, 64),
    cut=st.floats(0.05, 1.0),
)
def test_mutated_documents_always_get_an_answer(
    fuzz_parser: BudgetedParser, kind: str, seed: int, flips: int, cut: float
) -> None:
    rng = random.Random(seed)
    body = bytearray(SAMPLES[kind][: max(16, int(len(SAMPLES[kind]) * cut))])
    for _ in range(flips):
        body[rng.randrange(len(body))] = rng.randrange(256)
    record = fuzz_parser.parse(bytes(body), filename=f"mutated.{kind}")
    assert record.error is None or ":" in record.error  # an answer with a reason, never an exception
