"""Title, agency, region, report year, published date and template era."""

from __future__ import annotations

from crawler.parsing.doc_kind import classify
from crawler.parsing.metadata import Metadata, read_metadata, template_era
from crawler.parsing.text import normalise


def meta_of(text: str, title: str | None = None, meta: dict[str, str] | None = None) -> Metadata:
    return read_metadata(normalise(text), title=title, meta=meta)


def test_title_names_the_agency_and_a_bare_division_gets_its_government() -> None:
    md = meta_of("攀枝花市2012年政府信息公开工作年度报告\n一、概述\n2012年,我市……")
    assert md.title == "攀枝花市2012年政府信息公开工作年度报告"
    assert md.agency == "攀枝花市人民政府"
    assert (md.region.province, md.region.city, md.region.code) == ("四川省", "攀枝花市", "510400")
    assert md.report_year == 2012


def test_a_name_outside_the_division_table_is_kept_and_province_comes_from_the_text() -> None:
    md = meta_of(
        "平潭综合实验区2018年度政府信息公开工作年度报告 根据《福建省政府信息公开办法》要求,"
        "区管委会办公室编制完成了本报告。"
    )
    assert md.agency == "平潭综合实验区"
    assert (md.region.province, md.region.city, md.region.code) == ("福建省", None, "350000")
    md = meta_of("平潭综合实验区2023年度政府信息公开工作年度报告\n本报告根据条例编制。")
    assert md.region.province is None and md.region.code is None


def test_a_relative_title_name_is_completed_from_a_full_name_in_the_text() -> None:
    text = (
        "2018年区行政服务中心政府信息公开工作年度报告\n佛山市高明区人民政府行政服务中心\n"
        "区行政服务中心2018年工作报告\n……\n佛山市高明区人民政府行政服务中心\n"
        "2019年3月13日"
    )
    md = meta_of(text)
    assert md.agency == "佛山市高明区人民政府行政服务中心"
    assert md.region.county == "高明区" and md.region.province == "广东省"
    assert md.published_date == "2019-03-13"


def test_compiler_in_the_opening_sentence() -> None:
    md = meta_of(
        "本年度报告是根据《条例》,由常德市人民政府政务服务中心(以下简称市政务中心)"
        "编制。截至2012年底,……2012年……2013年"
    )
    assert md.agency == "常德市人民政府政务服务中心"
    assert md.title is None
    assert md.report_year == 2012  # the most frequent year, not the later one
    assert md.published_date is None


def test_signature_gives_agency_and_date_when_there_is_no_title() -> None:
    text = (
        "市政府办:\n根据《关于做好2018年度政务公开工作总结的通知》要求,"
        "现报告如下:\n一、总体情况\n……\n昭通市政务服务管理局\n2019年1月31日"
    )
    md = meta_of(text)
    assert md.title is None
    assert md.agency == "昭通市政务服务管理局"
    assert md.published_date == "2019-01-31"
    assert md.report_year == 2018


def test_source_line_gives_the_agency_and_the_update_date() -> None:
    md = meta_of(
        "2011年全省政务公开和政务服务工作情况综述\n来源:安徽省人民政府 更新时间:2012-06-05\n"
        "按:2012年2月2日,……"
    )
    assert md.agency == "安徽省人民政府"
    assert md.published_date == "2012-06-05"  # not the 2012年2月2日 in the prose
    assert md.report_year == 2011


def test_city_prefix_is_added_when_the_text_writes_it() -> None:
    text = (
        "洪泽区人民政府\n2023年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室根据《条"
        "例》要求编制此报告。"
    )
    md = meta_of(text, title="政府信息公开工作年度报告")
    assert md.title == "洪泽区人民政府2023年政府信息公开工作年度报告"  # specific beats the generic PDF title
    assert md.agency == "淮安市洪泽区人民政府"
    assert md.region.city == "淮安市"


def test_report_year_is_the_period_covered_not_the_publication() -> None:
    text = "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。2021年将继续……2021年……2021年"
    assert meta_of(text).report_year == 2020
    assert meta_of(text).published_date is None  # dates inside the prose are not publication dates


def test_page_metadata_date_and_title() -> None:
    md = meta_of(
        "正文", title="某局2020年政府信息公开工作年度报告_某市人民政府", meta={"pubdate": "2021-01-15 09:00"}
    )
    assert md.title == "某局2020年政府信息公开工作年度报告"
    assert md.published_date == "2021-01-15"
    assert md.report_year == 2020


def test_template_era_from_labels() -> None:
    assert template_era("信息内容|本年制发件数|本年废止件数|现行有效件数") == "2021"
    assert template_era("信息内容|本年新制作数量|本年新公开数量|对外公开总数量") == "2019"
    assert template_era("一、本年新收政府信息公开申请数量 0", 2022) == "2021"
    assert template_era("一、本年新收政府信息公开申请数量 0", 2019) == "2019"
    assert template_era("本年度累计主动公开政府信息500余条") is None


def test_doc_kind() -> None:
    assert classify("攀枝花市2012年政府信息公开工作年度报告", "") == "annual_report"
    assert (
        classify("2011年全省政务公开和政务服务工作情况综述", "主动公开信息共计957089条")
        == "provincial_summary"
    )
    assert classify("关于做好2020年政府信息公开工作年度报告编制发布工作的通知", "") == "template_notice"
    assert classify("关于开展安全生产检查的通知", "") == "other"
    assert classify("图解:2020年政府信息公开工作年度报告", "") == "interpretation"
    body = "一、概述\n二、主动公开政府信息情况\n三、依申请公开\n四、行政复议\n本年度报告……"
    assert classify(None, body) == "annual_report"
    assert classify(None, "某市召开会议,研究部署工作。") == "other"


def test_html_page_metadata_and_a_compound_place_name() -> None:
    md = meta_of(
        "长沙市天心区2019年政府信息公开工作年度报告\n本报告由长沙市天心区人民政府办公室编制。",
        title="长沙市天心区2019年政府信息公开工作年度报告_长沙市天心区人民政府",
        meta={"pubdate": "2020-01-17 09:30", "contentsource": "天心区政府办"},
    )
    assert md.agency == "长沙市天心区人民政府"  # the title's place, not the page's source field
    assert (md.region.province, md.region.city, md.region.county) == ("湖南省", "长沙市", "天心区")
    assert (md.report_year, md.published_date) == (2019, "2020-01-17")


def test_without_title_or_period_the_year_before_publication_wins() -> None:
    text = "一、概述\n2014年计划……2014年……2014年……2013年,我局主动公开……2013年\n某局\n2014年2月10日"
    md = meta_of(text)
    assert md.published_date == "2014-02-10"
    assert md.report_year == 2013


def test_other_reports_and_sample_texts_are_not_annual_reports() -> None:
    assert classify("黄石市人民政府2021年法治政府建设年度报告", "行政复议案件86件") == "other"
    assert classify("2020年临澧县政府工作报告", "各位代表:") == "other"
    assert classify("政府信息公开工作年度报告范文(2021年版格式)", "一、总体情况") == "other"


def test_place_names_starting_like_relative_names_are_places() -> None:
    md = meta_of("本溪市南芬区人民政府2010年政府信息公开工作年度报告\n一、概述")
    assert md.agency == "本溪市南芬区人民政府"
    assert meta_of("镇巴县金桥乡人民政府2012年政府信息公开工作年度报告").agency == "镇巴县金桥乡人民政府"


def test_interpretation_titles_name_the_reporting_agency() -> None:
    assert meta_of("正文", title="图解:杭州市西湖区人民政府2022年政府信息公开工作年度报告").agency == (
        "杭州市西湖区人民政府"
    )
    assert meta_of("正文", title="《常州市武进区人民政府2021年政府信息公开工作年度报告》解读").agency == (
        "常州市武进区人民政府"
    )


def test_a_shortened_title_name_is_completed_from_the_text() -> None:
    text = (
        "本报告由广州市越秀区北京街道办事处根据《条例》编制。\n……\n广州市越秀区北京街道办事处\n2018年1月25日"
    )
    md = meta_of(text, title="北京街道办事处2017年政府信息公开工作年度报告")
    assert md.agency == "广州市越秀区北京街道办事处"
    assert (md.region.province, md.region.county) == ("广东省", "越秀区")  # not 北京 from the street's name


def test_title_year_in_chinese_numerals() -> None:
    md = meta_of("正文", title="乐山市农业农村局二〇一九年度政府信息公开工作年度报告")
    assert (md.agency, md.report_year) == ("乐山市农业农村局", 2019)
    assert meta_of("正文", title="二〇一五年青山镇政府信息公开工作年度报告").report_year == 2015
