"""Each pipeline on its own, built the way Scrapy builds it (``from_crawler`` on a test crawler)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.archive import ArchiveStore
from crawler.items import Document, UrlOutcome
from crawler.middlewares import ArchiveMiddleware, HostCircuitBreaker, RetryAfterBackoff
from crawler.parsing.record import Extracted, Region, ReportRecord
from crawler.pipelines.archive import ArchivePipeline
from crawler.pipelines.dedupe import DedupePipeline, content_key
from crawler.pipelines.extract import ExtractPipeline, disposition_filename
from crawler.pipelines.parse import ParsePipeline
from crawler.pipelines.stage import StagePipeline
from crawler.pipelines.validate import ValidatePipeline
from crawler.urls import canonical_url
from demo.cms import xls_synth
from demo.web import build_sites

GBK_PAGE = "/zwgk/xxgknb/content_1004.html"


def crawler_for(tmp_path: Path) -> Any:
    crawler = get_crawler(
        settings_dict={
            "NIANBAO_ARCHIVE_DIR": str(tmp_path / "archive"),
            "NIANBAO_RUN_DIR": str(tmp_path / "staging" / "run1"),
            "NIANBAO_RUN_ID": "run1",
        }
    )
    crawler.stats.open_spider()
    return crawler


def gbk_reply() -> Any:
    site = next(s for s in build_sites() if s.encoding == "gbk")
    return site.routes[GBK_PAGE]


def document(body: bytes, url: str = "http://a.test/r.html", **kwargs: Any) -> Document:
    fields: dict[str, Any] = {
        "final_url": url,
        "status": 200,
        "headers": {"content-type": "text/html"},
        "fetched_at": "2026-01-01T00:00:00Z",
        "portal": "p",
        "role": "page",
    }
    fields.update(kwargs)
    return Document(url=url, body=body, **fields)


LONG_TEXT = "本年度报告根据条例编制。" * 40


def record(text: str = LONG_TEXT, **kwargs: Any) -> ReportRecord:
    fields: dict[str, Any] = {
        "doc_kind": "annual_report",
        "agency": "某局",
        "report_year": 2018,
        "text": text,
        "region": Region(),
    }
    fields.update(kwargs)
    return ReportRecord(**fields)


def test_archive_pipeline_stores_bytes_once(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    pipeline = ArchivePipeline.from_crawler(crawler)
    body = gbk_reply().body
    first = pipeline.process_item(document(body))
    second = pipeline.process_item(document(body, url="http://b.test/r.html"))
    store = ArchiveStore(tmp_path / "archive")
    assert first.sha256 == second.sha256 and store.get(first.sha256) == body
    assert crawler.stats.get_value("nianbao/archive/stored") == 1
    assert crawler.stats.get_value("nianbao/archive/documents") == 2
    outcome = UrlOutcome("http://a.test/", "p", "failed", "timeout")
    assert pipeline.process_item(outcome) is outcome


def test_archive_middleware_keeps_gbk_bytes_and_indexes_the_fetch(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    middleware = ArchiveMiddleware.from_crawler(crawler)
    reply = gbk_reply()
    request = Request(
        "http://www.panzhihua.gov.cn.test/x.html",
        meta={"nianbao_portal": "panzhihua", "nianbao_role": "page"},
    )
    response = HtmlResponse(request.url, body=reply.body, headers=reply.headers, request=request)
    assert middleware.process_response(request, response) is response
    middleware.store.close()
    [fetch] = list(ArchiveStore(tmp_path / "archive").fetches())
    assert (fetch.url, fetch.status, fetch.portal, fetch.role) == (request.url, 200, "panzhihua", "page")
    assert fetch.headers["content-type"] == "text/html"
    raw = ArchiveStore(tmp_path / "archive").get(fetch.sha256)
    assert raw == reply.body
    assert "攀枝花" in raw.decode("gbk")
    assert request.meta["nianbao_sha256"] == fetch.sha256


def test_extract_reads_gbk_declared_only_in_meta(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    pipeline = ExtractPipeline.from_crawler(crawler)
    reply = gbk_reply()
    item = pipeline.process_item(
        document(reply.body, headers={"content-type": reply.headers["Content-Type"]})
    )
    assert item.skip_reason is None
    assert "攀枝花" in item.extracted.text
    assert crawler.stats.get_value("nianbao/extract/ok") == 1


def test_extract_skips_an_empty_body_with_a_reason(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    item = ExtractPipeline.from_crawler(crawler).process_item(document(b"   "))
    assert item.skip_reason == "parse_error:empty"
    assert crawler.stats.get_value("nianbao/extract/error") == 1


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf", "年报.pdf"),
        ('attachment; filename="' + "年报.doc".encode("gbk").decode("latin-1") + '"', "年报.doc"),
        ('attachment; filename="' + "年报.doc".encode().decode("latin-1") + '"', "年报.doc"),
        ("attachment; filename=report.xls", "report.xls"),
        ("inline", None),
        (None, None),
    ],
)
def test_content_disposition_names(header: str | None, name: str | None) -> None:
    assert disposition_filename(header) == name


def test_validate_keeps_reports_and_names_what_it_skips(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    pipeline = ValidatePipeline.from_crawler(crawler)
    cases = {
        "ok": record(),
        "summary": record(doc_kind="provincial_summary"),
        "notice": record(doc_kind="template_notice"),
        "no_year": record(report_year=None),
        "no_agency": record(agency=None),
        "stub": record(text="某局2023年政府信息公开工作年度报告 详见附件。"),
    }
    reasons = {name: pipeline.process_item(document(b"x", record=r)).skip_reason for name, r in cases.items()}
    assert reasons == {
        "ok": None,
        "summary": None,
        "notice": "not_a_report:template_notice",
        "no_year": "no_report_year",
        "no_agency": "no_agency",
        "stub": "too_short",
    }
    assert crawler.stats.get_value("nianbao/validate/not_a_report") == 1


def test_dedupe_ignores_whitespace_and_punctuation_only(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    pipeline = DedupePipeline.from_crawler(crawler)
    a = pipeline.process_item(document(b"", record=record("一、概述\n共公开 500 条。")))
    b = pipeline.process_item(document(b"", url="http://b.test/", record=record("一 、概述 共公开500条")))
    c = pipeline.process_item(document(b"", url="http://c.test/", record=record("一、概述 共公开501条")))
    assert a.report_id == b.report_id == content_key("一概述共公开500条")
    assert (a.duplicate, b.duplicate, c.duplicate) == (False, True, False)
    assert c.report_id != a.report_id
    assert crawler.stats.get_value("nianbao/dedupe/duplicate") == 1


def test_stage_merges_copies_into_one_report_and_logs_every_outcome(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    stage = StagePipeline.from_crawler(crawler)
    stage.open_spider()
    rec = record()
    pdf = document(
        b"%PDF",
        url="http://a.test/r.pdf",
        role="attachment",
        record=rec,
        report_id="k1",
        extracted=Extracted(kind="pdf"),
        sha256="s1",
    )
    page = document(
        b"<html>",
        url="http://a.test/r.html",
        record=rec,
        report_id="k1",
        extracted=Extracted(kind="html"),
        sha256="s2",
        duplicate=True,
    )
    skipped = document(b"<html>", url="http://a.test/guide.html").skip("not_a_report:other")
    for item in (
        pdf,
        page,
        skipped,
        UrlOutcome("http://a.test/index.html", "p", "fetched", "ok", 200, role="list"),
    ):
        stage.process_item(item)
    stage.close_spider()
    run_dir = tmp_path / "staging" / "run1"
    [report] = [json.loads(line) for line in (run_dir / "reports.jsonl").read_text().splitlines()]
    assert report["report_id"] == "k1" and report["run_id"] == "run1"
    assert [s["url"] for s in report["sources"]] == ["http://a.test/r.html", "http://a.test/r.pdf"]
    assert [s["kind"] for s in report["sources"]] == ["html", "pdf"]
    events = [json.loads(line) for line in (run_dir / "crawl_events.jsonl").read_text().splitlines()]
    assert [(e["outcome"], e["reason"]) for e in events] == [
        ("fetched", "ok"),
        ("fetched", "duplicate"),
        ("skipped", "not_a_report:other"),
        ("fetched", "ok"),
    ]


def test_canonical_url_drops_only_the_demo_port() -> None:
    assert (
        canonical_url("http://www.a.gov.cn.test:41234/x/y.html?p=1")
        == "http://www.a.gov.cn.test/x/y.html?p=1"
    )
    assert canonical_url("http://www.a.example:8080/x.html") == "http://www.a.example:8080/x.html"


def test_circuit_breaker_opens_per_host_after_repeated_blocks(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    breaker = HostCircuitBreaker.from_crawler(crawler)
    waf = "http://xxgk.a.gov.cn.test/art/{}.html"
    challenge = b"<html><script>$_ts=window['$_ts'];</script></html>"
    for n in range(3):
        breaker.process_request(Request(waf.format(n)))
        request = Request(waf.format(n))
        breaker.process_response(
            request, HtmlResponse(request.url, status=412, body=challenge, request=request)
        )
    with pytest.raises(IgnoreRequest, match="circuit open"):
        breaker.process_request(Request(waf.format(9)))
    breaker.process_request(Request("http://www.a.gov.cn.test/index.html"))  # another host: no exception
    assert crawler.stats.get_value("nianbao/breaker/opened") == 1


def test_retry_after_slows_the_host_until_it_answers_normally(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    slot = SimpleNamespace(delay=0.0)
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots={"www.a.gov.cn.test": slot}))
    backoff = RetryAfterBackoff.from_crawler(crawler)
    url = "http://www.a.gov.cn.test/x.html"
    request = Request(url)
    backoff.process_response(
        request, HtmlResponse(url, status=429, headers={"Retry-After": "7"}, request=request)
    )
    assert slot.delay == 7.0
    backoff.process_response(
        request, HtmlResponse(url, status=429, headers={"Retry-After": "3600"}, request=request)
    )
    assert slot.delay == 60.0  # capped
    backoff.process_response(request, HtmlResponse(url, status=200, body=b"<html></html>", request=request))
    assert slot.delay == 0.0
    assert crawler.stats.get_value("nianbao/backoff/retry_after") == 2


ATTACHMENTS = Path(__file__).resolve().parents[2] / "demo/content/attachments"


def test_a_wps_file_is_read_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice anywhere
    crawler = crawler_for(tmp_path)
    wps = (ATTACHMENTS / "synth_5004.wps").read_bytes()
    item = ExtractPipeline.from_crawler(crawler).process_item(
        document(wps, url="http://a.test/download.jsp?id=5004", role="attachment",
                 headers={"content-type": "application/octet-stream"})
    )  # fmt: skip
    assert item.skip_reason is None and item.extracted.kind == "doc"
    assert "本年新收政府信息公开申请数量" in item.extracted.text


def test_an_rtf_file_without_libreoffice_is_recorded_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice anywhere
    crawler = crawler_for(tmp_path)
    rtf = rb"{\rtf1\ansi{\fonttbl{\f0 SimSun;}}\f0 \u26576?\u21439?2020\u24180?\par}"
    item = ExtractPipeline.from_crawler(crawler).process_item(
        document(rtf, url="http://a.test/report.rtf", role="attachment",
                 headers={"content-type": "application/rtf"})
    )  # fmt: skip
    # Not parse_error: the file is fine, the machine is not.
    assert item.skip_reason == "converter_unavailable"
    assert item.extracted.kind == "doc"


@pytest.mark.parametrize(
    ("name", "content_type"), [("scan_6018.pdf", "application/pdf"), ("scan_page_1.png", "image/png")]
)
def test_a_scan_is_skipped_as_needs_ocr(tmp_path: Path, name: str, content_type: str) -> None:
    crawler = crawler_for(tmp_path)
    body = (ATTACHMENTS / name).read_bytes()
    item = ExtractPipeline.from_crawler(crawler).process_item(
        document(body, url=f"http://a.test/{name}", role="attachment", headers={"content-type": content_type})
    )
    assert item.skip_reason == "needs_ocr"
    assert "needs_ocr" in item.extracted.flags
    assert crawler.stats.get_value("nianbao/extract/needs_ocr") == 1


def test_a_spreadsheet_attachment_is_titled_by_its_file_name(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    report = xls_synth(5005)
    item = document(
        (ATTACHMENTS / "synth_5005.xls").read_bytes(),
        url="http://a.test/system/_content/download.jsp?wbfileid=5005",
        role="attachment",
        link_text="附件1",
        headers={
            "content-type": "application/vnd.ms-excel",
            "content-disposition": f'attachment; filename="{quote(report.title)}.xls"',
        },
    )
    item = ParsePipeline.from_crawler(crawler).process_item(
        ExtractPipeline.from_crawler(crawler).process_item(item)
    )
    assert item.skip_reason is None and item.extracted.meta["title"] == report.title
    assert (item.record.agency, item.record.report_year) == (report.agency, report.report_year)
