"""Metadata of townships, street offices and departments; dates on info bars; era without tables."""

from __future__ import annotations

from crawler.parsing.metadata import Metadata, read_metadata
from crawler.parsing.record import Extracted
from crawler.parsing.report import parse_extracted
from crawler.parsing.text import normalise


def meta_of(text: str, title: str | None = None) -> Metadata:
    return read_metadata(normalise(text), title=title)


def test_township_title_and_its_fuller_signature() -> None:
    md = meta_of(
        "城关镇2019年政府信息公开工作年度报告\n一、总体情况\n2019年,我镇坚持…\n城关镇人民政府\n2020年1月15日"
    )
    assert (md.agency, md.published_date) == ("城关镇人民政府", "2020-01-15")


def test_township_under_a_county_level_city_resolves_up_to_the_province() -> None:
    md = meta_of("宜兴市丁蜀镇人民政府2019年政府信息公开工作年度报告\n一、总体情况")
    assert md.agency == "宜兴市丁蜀镇人民政府"
    assert (md.region.province, md.region.city, md.region.county) == ("江苏省", "无锡市", "宜兴市")


def test_agency_from_the_opening_sentence_of_the_overview() -> None:
    md = meta_of(
        "正文\n一、总体情况\n2020年,昆山市周市镇人民政府坚持以习近平新时代中国特色社会主义思想为指导。"
    )
    assert md.agency == "昆山市周市镇人民政府"


def test_agency_from_the_reports_own_cited_title() -> None:
    text = "根据要求,河北省工业和信息化厅编写了《河北省工业和信息化厅2019年度政府信息公开工作报告》。"
    assert meta_of(text).agency == "河北省工业和信息化厅"


def test_a_provincial_department_written_relative_is_kept_as_printed() -> None:
    # nothing fuller anywhere: the name as printed, never completed by guesswork
    text = "一、总体情况 2023年,省工业和信息化厅坚持…落实《河北省政府信息公开办法》。"
    assert meta_of(text).agency == "省工业和信息化厅"


def test_a_signature_glued_to_the_last_paragraph() -> None:
    text = "六、其他需要报告的事项无河北省人力资源和社会保障厅2020年1月20日更多信息请关注官方微信“河北人社”"
    md = meta_of(text)
    assert (md.agency, md.published_date) == ("河北省人力资源和社会保障厅", "2020-01-20")


def test_signature_at_the_end_of_a_one_line_body() -> None:
    text = (
        "关于2014年政府信息公开工作要点落实情况的函 …保证工作持续开展。 "
        "平潭综合实验区管委会办公室2014年12月10日附件下载"
    )
    assert meta_of(text).agency == "平潭综合实验区管委会办公室"


def test_info_bar_before_the_title_line() -> None:
    md = meta_of(
        "发布日期:2021-01-20 来源:某某\n北京市朝阳区人民政府望京街道办事处2020年政府信息公开工作年度报告"
    )
    assert md.title == "北京市朝阳区人民政府望京街道办事处2020年政府信息公开工作年度报告"
    assert md.published_date == "2021-01-20"
    assert meta_of("日期:2020年1月20日\n某某局2019年政府信息公开工作年度报告").published_date == "2020-01-20"


def test_a_notice_is_titled_by_its_issuer() -> None:
    md = meta_of(
        "正文", title="国务院办公厅政府信息与政务公开办公室 关于政府信息公开工作年度报告有关事项的通知"
    )
    assert md.agency == "国务院办公厅政府信息与政务公开办公室"


def test_era_from_the_outline_headings_and_year_when_no_table_is_read() -> None:
    excerpt = "某镇2020年政府信息公开工作年度报告\n一、总体情况\n2020年,我镇…\n二、主动公开政府信息情况\n"
    assert parse_extracted(Extracted(kind="text", text=excerpt)).template == "2019"
    old = "某镇2019年政府信息公开工作年度报告\n一、概述\n…\n三、依申请公开政府信息情况\n"
    assert parse_extracted(Extracted(kind="text", text=old)).template == "prose"


def test_a_township_takes_the_fullest_printed_form_of_its_government() -> None:
    text = (
        "2025年金厂镇政府信息公开工作年度报告\n发布日期:2026-01-12\n"
        "电子版可在通化市东昌区金厂镇人民政府网站下载。地址:金厂镇人民政府驻地。"
    )
    md = meta_of(text)
    assert md.agency == "通化市东昌区金厂镇人民政府"
    assert (md.region.province, md.region.city, md.region.county) == ("吉林省", "通化市", "东昌区")
    # an office of it or an address is not its name
    text = (
        "两城镇2020年政府信息公开工作年度报告\n由两城镇人民政府党政办公室编制。地址:微山县两城镇人民政府驻地"
    )
    md = meta_of(text)
    assert md.agency == "两城镇人民政府"
    assert md.region.county == "微山县"


def test_header_date_lines() -> None:
    assert meta_of("迎宾路街道办事处\n2022年01月18日来源:1\n正文").published_date == "2022-01-18"
    assert meta_of("发文日期 | 2018-02-28 |\n正文").published_date == "2018-02-28"
