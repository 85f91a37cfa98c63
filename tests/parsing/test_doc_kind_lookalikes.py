"""Document kind both ways: real reports with odd shapes, and look-alikes that are not reports."""

from __future__ import annotations

import pytest

from crawler.parsing.doc_kind import ANNUAL_REPORT, OTHER, TEMPLATE_NOTICE, classify
from crawler.parsing.record import Extracted
from crawler.parsing.report import parse_extracted


@pytest.mark.parametrize(
    "title",
    [
        "关于2014年政府信息公开工作要点落实情况的函",
        "2020年政务公开工作要点",
        "某县发布2019年政府信息公开工作年度报告",
        "我市2019年政府信息公开工作年度报告正式发布",
        "某市2021年法治政府建设年度报告",
        "2020年政府工作报告",
    ],
)
def test_lookalike_titles_are_other(title: str) -> None:
    assert classify(title, "主动公开政府信息情况 依申请公开 行政复议 本报告 存在的主要问题") == OTHER


def test_a_sample_with_blanks_is_other() -> None:
    text = (
        "20XX年政府信息公开工作年度报告\n"
        "××局2020年主动公开政府信息____条,依申请公开,行政复议,本报告,存在的主要问题"
    )
    assert classify(None, text) == OTHER


def test_a_notice_without_its_title_is_a_notice_by_its_addressee_and_request() -> None:
    text = (
        "各乡镇人民政府,县直各单位:\n"
        "现将做好2019年政府信息公开工作年度报告有关事项通知如下:请于1月31日前发布。"
    )
    assert classify(None, text) == TEMPLATE_NOTICE


def test_a_report_starting_mid_page_is_a_report_by_its_sections() -> None:
    text = "(上接)…二、主动公开政府信息情况\n…三、收到和处理政府信息公开申请情况\n…行政复议…"
    assert classify(None, text) == ANNUAL_REPORT


def test_a_traditional_script_title_is_read_after_conversion() -> None:
    record = parse_extracted(
        Extracted(kind="text", text="某縣2015年政府資訊公開工作年度報告\n全年主動公開政府資訊20條。")
    )
    assert record.doc_kind == ANNUAL_REPORT


def test_other_kinds_carry_no_figures() -> None:
    text = "关于2014年政府信息公开工作要点落实情况的函\n共主动公开政府信息5300余条。"
    record = parse_extracted(Extracted(kind="text", text=text))
    assert (record.doc_kind, record.figures, record.template) == (OTHER, {}, "unknown")


def test_a_notice_carried_under_spam_lines_is_a_notice() -> None:
    text = (
        "免费视频app下载\n信息公开\n各省、自治区、直辖市人民政府办公厅:\n"
        "现就政府信息公开工作年度报告有关事项通知如下:请于2020年1月31日前发布年度报告。"
    )
    assert classify(None, text) == TEMPLATE_NOTICE


def test_pinyin_glosses_are_dropped_before_reading() -> None:
    text = (
        "本年度报(bào)告是根据(jù)《条例》编制。主动公开政府信息情况。依申请公开。行政复议。存在的主要问题。"
    )
    record = parse_extracted(Extracted(kind="text", text=text))
    assert "报(bào)告" not in record.text and "本年度报告" in record.text
