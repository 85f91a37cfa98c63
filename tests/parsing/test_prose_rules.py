"""The named prose rules: stated zeros, count wordings, cumulative vs annual, scope, non-counts."""

from __future__ import annotations

import pytest

from crawler.parsing.prose import ProseReading, read_prose
from crawler.parsing.text import normalise


def read(text: str, agency: str | None = None) -> ProseReading:
    return read_prose(normalise(text), agency=agency)


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("本年度未收到政府信息公开申请。", {"applications_new": 0}, "applications_none"),
        (
            "2019年,我镇没有接到公民、法人和其他组织提出的政府信息公开申请。",
            {"applications_new": 0},
            "applications_none",
        ),
        ("2013年全县共收到有关政府信息公开的申请7条。", {"applications_new": 7}, "applications_count"),
        ("五、政府信息公开收费情况\n本年度未收取任何费用。", {"fees_collected_yuan": 0}, "fees_none"),
        ("2016年我区各级工作部门依申请提供政府信息暂不收费。", {"fees_collected_yuan": 0}, "fees_none"),
        ("本年度未收到有关政府信息公开的咨询。", {"consultations": 0}, "consultations_none"),
        ("主动公开政务信息356条。", {"proactive_total": 356}, "proactive_count"),
        (
            "(三)咨询情况 2013年有约4900人次通过各种方式向我局咨询涉税信息有关事务。",
            {"consultations": 4900},
            "consultations_people_first",
        ),
        ("对依申请公开的答复总数21条。", {"outcomes_total": 21}, "outcomes_replies_total"),
    ],
)
def test_each_figure_names_its_rule(text: str, expected: dict[str, int], rule: str) -> None:
    reading = read(text)
    assert reading.figures == expected
    assert set(reading.rules.values()) == {f"prose:{rule}"}


def test_old_statistics_wording_of_outcomes() -> None:
    text = "对依申请公开的答复总数21条,其中同意公开答复数17条,免于公开答复数2条。"
    assert read(text).figures == {"outcomes_total": 21, "outcome_granted": 17, "outcome_denied_total": 2}


def test_review_and_litigation_that_did_not_happen() -> None:
    text = "四、因政府信息公开申请提起行政复议、行政诉讼情况\n本年度未发生行政复议和行政诉讼。"
    assert read(text).figures == {"reconsideration_total": 0, "litigation_total": 0}


@pytest.mark.parametrize(
    "text",
    [
        "全年未发生因政府信息公开行政复议被纠错、行政诉讼败诉的情况。",
        "本年度无因政府信息公开被申请行政复议、提起行政诉讼被纠错或败诉的情况。",
    ],
)
def test_none_corrected_or_lost_is_not_a_count(text: str) -> None:
    assert read(text).figures == {}


def test_cases_the_text_says_were_not_about_disclosure_are_zero() -> None:
    text = "共受理行政复议1起,行政诉讼1起,没有因政府信息公开而被提起的行政复议或行政诉讼。"
    reading = read(text)
    assert reading.figures == {"reconsideration_total": 0, "litigation_total": 0}
    assert reading.rules["reconsideration_total"] == "prose:reconsideration_unrelated"
    assert read("本年度发生行政复议案件3件,均不涉及政府信息公开。").figures == {"reconsideration_total": 0}


def test_a_denial_about_lawsuits_only_keeps_the_review_count() -> None:
    text = "因政府信息公开被申请行政复议2件,没有因政府信息公开被提起行政诉讼。"
    assert read(text).figures == {"reconsideration_total": 2, "litigation_total": 0}


def test_cumulative_counts_are_not_the_years_figure() -> None:
    text = "截至目前,累计主动公开政府信息12000条。本年度主动公开政府信息300条。"
    assert read(text).figures == {"proactive_total": 300}
    # a year-end 截至 closes the report's year: the year's figure
    assert read("截至2018年12月31日,中心累计主动公开政府信息132条。").figures == {"proactive_total": 132}


def test_a_whole_division_count_belongs_only_to_that_divisions_government() -> None:
    text = "2019年,全县共主动公开政府信息3500条。"
    assert read(text, agency="某某县人民政府").figures == {"proactive_total": 3500}
    assert read(text, agency="某某县某某镇人民政府").figures == {}
    assert read(text, agency="某某县教育局").figures == {}
    own = "2019年,全县共主动公开政府信息3500条,其中我镇主动公开政府信息120条。"
    assert read(own, agency="某某镇人民政府").figures == {"proactive_total": 120}


def test_parts_of_a_total_are_not_the_total() -> None:
    # 其中 after a total of another kind names this key's total
    text = "2012年制作、获取政府信息总数3978条,其中主动公开政府信息2026条,作为依申请公开信息数46条。"
    assert read(text).figures == {"proactive_total": 2026}
    # a count with its share of the whole is a part
    assert read("县直各单位主动公开政府信息2475条,占62.2%。").figures == {}
    # one channel of several
    channels = "通过门户网站主动公开政府信息7700余条,通过“平潭发布”公众号发布信息672条。"
    assert read(channels).figures == {}


def test_old_statistics_table_wins_and_a_contradicting_sentence_makes_the_key_uncertain() -> None:
    text = (
        "2013年主动公开政府信息4970条。\n"
        "政府信息公开情况统计表 指标名称 计量单位 2013年度 历年累计 主动公开信息数 条 72804 76424 "
        "受理依申请公开信息总数 条 0 0 行政复议数 件 0 0 行政诉讼数 件 0 0"
    )
    reading = read(text)
    assert reading.figures == {"applications_new": 0, "reconsideration_total": 0, "litigation_total": 0}
    assert reading.uncertain == ["proactive_total"]
    assert reading.rules["litigation_total"] == "prose:old_table"


def test_a_sentence_about_another_year_is_not_this_years_figure() -> None:
    text = "五、复议诉讼情况\n2016年,河北省教育厅共受理行政复议3起,没有因政府信息公开而被提起的行政复议。"
    assert read_prose(normalise(text), year=2017).figures == {}
    assert read_prose(normalise(text), year=2016).figures == {"reconsideration_total": 0}


def test_one_count_of_both_kinds_is_neither() -> None:
    text = "三、复议诉讼情况 2017年涉及政府信息公开的行政复议和行政诉讼案件共2件,予以驳回。"
    assert read(text).figures == {}
    # two counts side by side are each their own
    assert read("全年因政府信息公开引发行政复议9件、行政诉讼4件。").figures == {
        "reconsideration_total": 9,
        "litigation_total": 4,
    }


def test_the_head_of_a_list_and_a_websites_postings_are_not_the_total() -> None:
    assert read("2022年,利用门户网站主动公开政府信息88条、规范性文件2条、财政信息2条。").figures == {}
    assert read("2020年,中心网站发布各类信息635条。").figures == {}
    assert read("全年通过区政府信息公开网站共公开信息314条,其中人员招录信息3条。").figures == {
        "proactive_total": 314
    }


def test_no_application_from_one_kind_or_channel_is_no_zero() -> None:
    assert read("本年度未收到法人或者其他组织提出的政府信息公开申请。").figures == {}
    assert read("2024年,前进街未接到书面方式申请的政府信息公开申请。").figures == {}
    assert read("2020年度,中心未收到依申请公开件。").figures == {"applications_new": 0}


def test_costs_of_lawsuits_are_not_lawsuits() -> None:
    assert read("(二)本年度未产生政府信息公开事务诉讼相关的费用支出。").figures == {}
