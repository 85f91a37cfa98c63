"""Figures stated in sentences: produced only when a sentence clearly states them."""

from __future__ import annotations

import pytest

from crawler.parsing.prose import read_prose
from crawler.parsing.text import normalise


def figures(text: str) -> dict[str, int | float]:
    return read_prose(normalise(text)).figures


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        ("本年度累计主动公开政府信息500余条,全文电子化率达100%。", "proactive_total", 500),
        ("全年主动公开信息数量1075703条。", "proactive_total", 1075703),
        ("2018年,发布各类政府信息1629条。", "proactive_total", 1629),
        ("我区政府信息公开单位共公布政府信息2599条。", "proactive_total", 2599),
        (
            "2024 年，我区在政府网站平台主动发布各类政府信息 2428 条，公开政府常务会议 7 期。",
            "proactive_total",
            2428,
        ),
        ("受理信息公开申请9981条,已答复9898条。", "applications_new", 9981),
        ("区行政服务中心受理区政府信息公开申请1宗。", "applications_new", 1),
        ("全年共收到政府信息公开申请三件。", "applications_new", 3),
        ("接收通过邮寄、网络提交的各类政府信息公开申请共计81件。", "applications_new", 81),
        ("本年度没有发生政府信息公开申请。", "applications_new", 0),
        ("2018年未收到有关政府信息公开申请。", "applications_new", 0),
        ("同意公开12件,同意部分公开3件,不同意公开2件。", "outcome_granted", 12),
        ("同意公开12件,同意部分公开3件,不同意公开2件。", "outcome_partial", 3),
        ("同意公开12件,同意部分公开3件,不同意公开2件。", "outcome_denied_total", 2),
        ("四、政府信息公开咨询处理情况\n本年度共接受市民咨询6971次。", "consultations", 6971),
        ("政府信息公开行政复议 351 件，其中结果维持 72 件。", "reconsideration_total", 351),
        ("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", "litigation_total", 7),
        ("全年收取政府信息公开信息处理费 3940 元。", "fees_collected_yuan", 3940),
        ("收取政府信息公开检索费0.5万元。", "fees_collected_yuan", 5000),
        ("本年度没有发生政府信息公开收费。", "fees_collected_yuan", 0),
        ("市本级沒有對公民因政府信息公開收取復印、遞送等成本費用。", "fees_collected_yuan", 0),
        ("2023年,无收取信息处理费情况。", "fees_collected_yuan", 0),
    ],
)
def test_stated_figures(sentence: str, key: str, value: int) -> None:
    assert figures(sentence)[key] == value


def test_none_occurred_wording_for_review_and_litigation() -> None:
    assert figures("市本级未收到因政府信息依申请公开的行政复议、行政诉讼案件。") == {
        "reconsideration_total": 0,
        "litigation_total": 0,
    }
    # only the review is mentioned: litigation stays absent, not 0
    assert figures("本年度没有发生针对本部门有关政府信息公开事务的行政复议案。") == {
        "reconsideration_total": 0
    }


def test_a_sole_outcome_after_the_count_applies_to_all_applications() -> None:
    found = figures("2012年,全市收到申请公开1件,按照《条例》的要求严格审查后未予公开。")
    assert found == {"applications_new": 1, "outcome_denied_total": 1}


def test_approximate_figures_are_listed() -> None:
    reading = read_prose(normalise("市政府网站主动公开各类政府信息 5500 余条，全年新增公开市政府规章 1 件。"))
    assert reading.figures == {"proactive_total": 5500}
    assert reading.approximate == ["proactive_total"]


@pytest.mark.parametrize(
    "text",
    [
        "截至发文之日,共主动公开政策性文件90份。",  # documents, not information items
        "佛山12345热线下派工单19394件,其中咨询类1615件。",  # hotline figures
        "“96128”政务热线共受理政务信息查询电话6960次。",
        "大厅全年接受群众咨询3000余次。",  # consultations, but not about information disclosure
        "中心累计发布各类招标信息536条。",  # trading notices
        "2018年政府信息公开专栏访问量达108932人次。",  # website visits
        "市政务中心有2名兼职政务公开专干,2012年发放工资共9.6万元。",  # staff and spending
        "更新和完善了我市 个行政许可项目的办事指南。",  # placeholder gap
        "开展审批结果免费快递服务,设置未办成事项投诉服务窗口。",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",  # a 2021 template row
        "区政府办依申请公开政府信息15条。",  # answered on request, not proactive
        "有效降低行政复议、行政诉讼发生率和纠错率。",
    ],
)
def test_other_numbers_are_not_taken(text: str) -> None:
    assert figures(text) == {}


def test_joined_outcomes_name_no_single_outcome() -> None:
    found = figures(
        "办结依申请公开81件,其中:予以公开及部分公开42件,占51.85%;不予公开5件,占6.17%;无法提供31件。"
    )
    assert found == {"outcome_denied_total": 5, "outcome_unable_total": 31}


def test_a_breakdown_that_does_not_add_up_is_flagged_not_fixed() -> None:
    consultations = (
        "四、政府信息公开咨询处理情况\n本年度共接受市民咨询6971次。其中咨询电话接听2526次,"
        "当面咨询5894次,网上咨询426次。"
    )
    reading = read_prose(normalise(consultations))
    assert reading.figures == {"consultations": 6971}
    assert [issue.code for issue in reading.issues] == ["consultations_breakdown_mismatch"]
    assert "8846" in reading.issues[0].message

    reading = read_prose(
        normalise(
            "全年主動公開信息數量1075703條,其中計劃總結信息237條,法規公文信息4580條,"
            "工作動態信息713726條,人事信息265條,其他信息356782條。"
        )
    )
    assert reading.figures == {"proactive_total": 1075703}
    assert [issue.code for issue in reading.issues] == ["proactive_breakdown_mismatch"]


def test_breakdowns_that_add_up_or_are_partial_raise_nothing() -> None:
    adds_up = (
        "累计主动公开政府信息132条,全文电子化率达100%。其中,机构职能类信息6条,"
        "法规公文类信息52条,规划计划类信息35条,业务工作类信息11条,资金信息2条,"
        "其他类信息26条。"
    )
    assert read_prose(normalise(adds_up)).issues == []
    partial = (
        "全区主动公开政府信息2069条。其中,区管委会及区直各部门主动公开政府信息1592条,"
        "占76.9%。各乡镇主动公开政府信息477条。"
    )
    reading = read_prose(normalise(partial))
    assert reading.figures == {"proactive_total": 2069}  # the total, not a part
    assert reading.issues == []
    mixed_units = (
        "发布各类政府信息1629条。其中,某局发布信息共30条;某中心发布各类信息共1209条(其中,"
        "公告608条);某超市发布公告共390个。"
    )
    assert read_prose(normalise(mixed_units)).issues == []


def test_parenthesised_breakdown() -> None:
    text = (
        "共公布政府信息2602条(其中机构职能类信息82条,政策文件类信息80条,"
        "其他应主动公开政府信息2441条)对于主动公开的政府信息……"
    )
    reading = read_prose(normalise(text))
    assert reading.figures == {"proactive_total": 2602}
    assert reading.issues[0].code == "proactive_breakdown_mismatch"
    assert "2603" in reading.issues[0].message


def test_table_rows_are_not_prose() -> None:
    text = "二、主动公开政府信息情况\n行政许可 | 12 | 3 | 15 |\n行政复议 | 0 | 0 | 0 | 0 | 0 |"
    assert figures(text) == {}


def test_running_totals_over_all_years_are_not_the_years_figure() -> None:
    text = "截至2015年底,历年累计主动公开政府信息5000条,本年度主动公开政府信息300条。"
    assert figures(text) == {"proactive_total": 300}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本年度共受理依申请公开政府信息12件。", {"applications_new": 12}),
        ("全年受理依申请公开12件,均已按时答复。", {"applications_new": 12}),
        ("五、政府信息公开收费及减免情况\n本年度未收取任何费用。", {"fees_collected_yuan": 0}),
        (
            "本年度未发生因政府信息公开申请引发的行政复议和行政诉讼。",
            {"reconsideration_total": 0, "litigation_total": 0},
        ),
    ],
)
def test_older_wordings(text: str, expected: dict[str, int]) -> None:
    assert figures(text) == expected


def test_outcomes_listed_after_qizhong_are_the_outcome_figures() -> None:
    text = "全年共受理政府信息公开申请12件,已全部按期答复。其中,同意公开6件,同意部分公开3件,不予公开3件。"
    assert figures(text) == {
        "applications_new": 12,
        "outcome_granted": 6,
        "outcome_partial": 3,
        "outcome_denied_total": 3,
    }


def test_spelled_out_outcome_counts_are_not_overridden_by_the_sole_outcome_rule() -> None:
    text = "全年共收到政府信息公开申请两件,均已按时答复,其中同意公开一件,不予公开一件(申请内容属于个人隐私)。"
    assert figures(text) == {"applications_new": 2, "outcome_granted": 1, "outcome_denied_total": 1}
