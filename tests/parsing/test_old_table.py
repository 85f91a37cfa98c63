"""The pre-2019 statistics table (指标名称 / 计量单位 / 本年 / 历年累计), spaced or glued."""

from __future__ import annotations

from crawler.parsing.old_table import read_old_table

HEADER = "指标名称 计量单位 2012年度 历年累计 "


def test_spaced_cells_give_the_years_value() -> None:
    text = (
        HEADER + "主动公开信息数 条 739 4359 其中:1、网站公开 条 739 4359 行政复议数 件 0 0 行政诉讼数 件 0 0"
    )
    assert read_old_table(text) == {"proactive_total": 739, "reconsideration_total": 0, "litigation_total": 0}


def test_glued_cells_are_kept_only_when_one_split_fits() -> None:
    text = (
        HEADER.replace(" ", "")
        + "主动公开信息数条20263542其中:受理依申请公开信息总数条728其中:行政诉讼数条00行政申诉数条00"
    )
    # 20263542 splits several ways (2026|3542, 202|63542 …); 728 only as 7|28; 00 as 0|0
    assert read_old_table(text) == {"applications_new": 7, "litigation_total": 0}


def test_no_header_no_table() -> None:
    assert read_old_table("行政复议数 件 0 0") == {}
