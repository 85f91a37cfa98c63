"""Round 2 prose rules: request-item wordings, carried-over counts, owner named before 政府信息, bounds."""

from __future__ import annotations

import pytest

from crawler.parsing.prose import ProseReading, read_prose
from crawler.parsing.text import normalise


def read(text: str, agency: str | None = None) -> ProseReading:
    return read_prose(normalise(text), agency=agency)


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        # request-item wordings of the application count
        (
            "(二)依申请公开情况 2024年新受理依申请政府信息公开8件,全部依规及时完成回复。",
            8,
            "applications_count",
        ),
        ("2021年,我局收到政府信息依申请公开办理事项1件,已在规定时间内办结答复。", 1, "applications_count"),
        ("(二)依申请公开。收到申请政府信息公开事项3件,已进行行政答复。", 3, "applications_count"),
        ("本年度我局接到3起政府信息公开申请,都已及时回复。", 3, "applications_count_before"),
        ("三、依申请公开政府信息情况本年度我厅收到申请事项1件,办理答复1件。", 1, "applications_items"),
    ],
)
def test_application_wordings(text: str, expected: int, rule: str) -> None:
    reading = read(text)
    assert reading.figures.get("applications_new") == expected
    assert reading.rules["applications_new"] == f"prose:{rule}"


def test_request_items_outside_the_on_request_section_are_not_applications() -> None:
    assert "applications_new" not in read("推进行政审批公开,本年度收到申请事项2926件。").figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2022年,廿三里街道共收到信息公开申请7件,上年度结转1件;予以公开3件,无法提供4件,结转下年继续办理1件。",
            {"applications_carried_over": 1, "carried_forward": 1},
        ),
        (
            "2024年,区统计局新收到依申请公开政府信息5件,上年结转申请0件,结转下年度继续办理0件。",
            {"applications_carried_over": 0, "carried_forward": 0},
        ),
        (
            "全年新收政府信息公开申请数量0件,上年结转政府信息公开申请数量0件。",
            {"applications_carried_over": 0},
        ),
    ],
)
def test_carried_over_and_forward(text: str, expected: dict[str, int]) -> None:
    figures = read(text).figures
    assert {key: figures.get(key) for key in expected} == expected


def test_carry_over_of_money_is_no_application_count() -> None:
    figures = read("上年结转资金0件套,项目结转下年度继续实施3件。").figures
    assert "applications_carried_over" not in figures
    assert "carried_forward" not in figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年主动公开我区各级单位政府信息2645条,主要通过政府网站、政务新媒体等媒介进行公开。", 2645),
        ("2019年我乡通过广昌县人民政府(http://www.jxgc.gov.cn)主动公开长桥乡人民政府信息57条。", 57),
        (
            "全年通过政府网站、微信公众号等平台,依法、及时向社会公开政务要闻、政府文件、便民服务等政府信息共计4891条。",
            4891,
        ),
    ],
)
def test_proactive_owner_and_public_wordings(text: str, expected: int) -> None:
    assert read(text).figures.get("proactive_total") == expected


def test_a_domain_named_before_the_information_is_a_part() -> None:
    """财政预决算 between verb and 政府信息 names a part of the disclosures, never their total."""
    assert "proactive_total" not in read("主动公开财政预决算政府信息12条。").figures


def test_news_stories_are_no_second_channel() -> None:
    text = (
        "2017年,在厅网站主动公开各类政府信息430余条,围绕重要会议召开开设专栏。"
        "2017年,我厅在省级以上新闻媒体发布各类报道1498条,在《河北日报》等媒体刊发专版23个。"
    )
    reading = read(text)
    assert reading.figures.get("proactive_total") == 430
    assert reading.approximate == ["proactive_total"]


def test_a_scale_alone_is_no_numeral() -> None:
    """七、依申请公开信息收取的费用 万元 (a unit column with its value lost) is not 1万元."""
    assert (
        "fees_collected_yuan"
        not in read("七、依申请公开信息收取的费用\n万元\n(一)政府信息公开工作专门机构数").figures
    )
    assert read("全年主动公开政府信息近千条。").figures.get("proactive_total") == 1000


def test_review_counts_in_times() -> None:
    figures = read("依申请公开3次,行政复议0次,行政诉讼0次;").figures
    assert figures.get("reconsideration_total") == 0
    assert figures.get("litigation_total") == 0


def test_a_row_of_zeros_with_blanks_dropped_has_a_zero_total() -> None:
    """二、上年结转政府信息公开申请数量 then a lone 0 (six blank cells dropped): the 总计 is 0."""
    from crawler.parsing.digits import Piece, read_run

    reading = read_run([Piece("0", splittable=True)], 7, [(0, 7)])
    assert reading.values[6] == 0
    assert set(reading.uncertain) == set(range(6))
    # two blocks (复议 and 诉讼): one of them may be wholly blank, so nothing is read
    assert read_run([Piece("00", splittable=True)], 10, [(0, 5), (5, 10)]).values == (None,) * 10


def test_askers_named_between_verb_and_consultation() -> None:
    text = "五、谘询情况2010年,我局共接受公民、法人及其他组织政府信息公开方面的谘询2070人次。"
    assert read(text).figures.get("consultations") == 2070


def test_no_public_request_to_disclose_is_a_stated_zero() -> None:
    text = "2、政府信息依申请公开情况。2020年,未收到公众申请要求公开的其它方面政府信息。"
    assert read(text).figures.get("applications_new") == 0


FORM_2008 = """统计指标
单位
统计数 | 一、主动公开情况 |
(一)主动公开政府信息数
(不同渠道和方式公开相同信息计1条)
条
1683
其中:主动公开规范性文件数
条
4
2.政府网站公开政府信息数
条
1683
(一)收到申请数
件
1
四、行政复议数量
件
1
五、行政诉讼数量
件
5
六、举报投诉数量
件
0
七、依申请公开信息收取的费用
万元
0 | 八、机构建设和保障经费情况 |
"""


def test_the_2008_form_with_one_value_column() -> None:
    from crawler.parsing.old_table import read_old_table

    assert read_old_table(FORM_2008) == {
        "proactive_total": 1683,
        "applications_new": 1,
        "reconsideration_total": 1,
        "litigation_total": 5,
        "fees_collected_yuan": 0,
    }
    # a value lost from its line: the next label's number is not taken
    assert "fees_collected_yuan" not in read_old_table(FORM_2008.replace("万元\n0 |", "万元\n1.专职人员数 |"))
