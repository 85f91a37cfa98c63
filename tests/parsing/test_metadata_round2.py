"""Metadata round 2: self-named bodies (我乡, 我局), relative names completed, the county of a township,
info-bar and news dates, a report announcing itself, the old outline in 2020 reports."""

from __future__ import annotations

from crawler.parsing.dates import labelled_date
from crawler.parsing.doc_kind import ANNUAL_REPORT, classify
from crawler.parsing.metadata import Metadata, read_metadata
from crawler.parsing.regions import county_from_mentions
from crawler.parsing.self_name import self_named
from crawler.parsing.text import normalise


def meta_of(text: str, title: str | None = None) -> Metadata:
    return read_metadata(normalise(text), title=title)


def test_subject_after_the_overview_heading_even_when_the_outline_names_it_first() -> None:
    md = meta_of(
        "本报告依据《条例》要求编制。报告包括政府信息公开工作总体情况、主动公开政府信息情况。\n一、总体情况\n"
        "2025年度,建章路街道全面贯彻落实《条例》。2025年度,建章路街道办事处未接收到政府信息公开申请。"
    )
    assert md.agency == "建章路街道办事处"


def test_subject_with_yilai_and_a_relative_name_completed_from_the_text() -> None:
    md = meta_of(
        "一、总体情况\n2022年,省教育厅坚持以习近平新时代中国特色社会主义思想为指导。\n"
        "附件:河北省教育厅2022年政府信息公开工作年度报告"
    )
    assert md.agency == "河北省教育厅"
    assert md.region.province == "河北省"


def test_a_bare_province_as_subject() -> None:
    md = meta_of("一、概述\n2018年,安徽省全面贯彻党的十九大精神,紧紧围绕经济社会发展。")
    assert md.region.province == "安徽省"


def test_subject_never_a_prepositional_phrase() -> None:
    md = meta_of(
        "一、总体情况\n2021年通过政府网站主动公开信息73条。2021年,县统计局积极部署政府信息公开工作。"
    )
    assert md.agency == "县统计局"


def test_self_named_township_takes_its_printed_government() -> None:
    text = (
        "根据《条例》的规定,编制2019年度我乡信息公开工作年度报告。2019年我乡高度重视。"
        "截至2019年12月31日,牛街乡人民政府通过信息平台公开信息。通过乡政府政务公开栏公开信息12期。"
    )
    assert self_named(text) == "牛街乡人民政府"


def test_self_named_township_printed_only_bare_but_repeatedly() -> None:
    text = "我乡紧紧围绕党委、政府重要工作。《上营乡信息公开保密审查机制》,上营乡微信公众号。"
    assert self_named(text) == "上营乡"


def test_self_named_never_a_verb_before_xiang_zhengfu() -> None:
    assert self_named("我乡认真落实。进一步提高乡政府信息公开水平。") is None


def test_contact_sentence_names_the_department() -> None:
    md = meta_of(
        "根据《条例》规定,编制我单位2021年政府信息公开工作年度报告。如有疑问请与来凤县政务服务和大数据管理局"
        "(地址:来凤县政务服务中心)联系。\n一、总体情况\n2021年,我局收到申请1件。"
    )
    assert md.agency == "来凤县政务服务和大数据管理局"
    assert md.region.county == "来凤县"


def test_cited_title_after_bianzhi_le() -> None:
    md = meta_of("根据《条例》的规定,我市编制了吉林市人民政府2017年政府信息公开工作年度报告(以下简称年报)。")
    assert md.agency == "吉林市人民政府"


def test_county_of_a_township_from_the_county_government_it_names() -> None:
    text = "2021年通过《富县人民政府网》发布各类信息85条。本年度我镇未收到申请。"
    assert county_from_mentions(text).county == "富县"
    md = meta_of("张家湾镇2021年政府信息公开工作年度报告\n" + text)
    assert (md.region.province, md.region.city, md.region.county) == ("陕西省", "延安市", "富县")


def test_county_mentions_never_a_conjunction() -> None:
    assert county_from_mentions("(琼政务公开协办[2016]69号)和县政府办公室《关于…的通知》").code is None


def test_ambiguous_county_fills_the_county_only() -> None:
    md = meta_of("长安区砲里街道2022年政府信息公开工作年度报告\n一、总体情况")
    assert (md.region.province, md.region.city, md.region.county) == (None, None, "长安区")


def test_publication_label_beats_the_drafting_date_and_pipes_between() -> None:
    assert labelled_date("生成日期2017-02-16公开日期2017-03-01废止日期有效") == "2017-03-01"
    assert labelled_date("文号: | 公开日期: | 2015-07-27 16:32 | |") == "2015-07-27"


def test_info_bar_one_cell_per_line_and_news_date_with_time() -> None:
    assert meta_of("首页\n索引号\n发布日期\n2021-06-28\n正文").published_date == "2021-06-28"
    md = meta_of("EN\n贵州省发布2016年政府信息公开工作年度报告\n2017-03-28 10:18来源: 贵州日报\n正文")
    assert md.published_date == "2017-03-28"


def test_notice_date_line_under_its_heading() -> None:
    md = meta_of(
        "海南省人民政府办公厅关于印发…的通知\n(琼府办〔2011〕214号)\n各市、县人民政府:\n二○一一年十二月二日"
    )
    assert md.published_date == "2011-12-02"


def test_issuer_of_a_yinfa_notice_signed_before_its_attachment() -> None:
    md = meta_of(
        "《河北省2019年政务公开工作要点》已经省政府同意,现印发给你们,请结合实际认真贯彻落实。"
        "河北省人民政府办公厅2019年6月2日河北省2019年政务公开工作要点2019年,全省政务公开工作的总体要求是"
    )
    assert (md.agency, md.published_date) == ("河北省人民政府办公厅", "2019-06-02")


def test_a_text_announcing_itself_as_the_report_is_one() -> None:
    text = (
        "根据《条例》规定,现公布泰州市人民政府2017年政府信息公开工作年度报告。报告所列数据…\n一、主要工作概述"
    )
    assert classify(None, normalise(text)) == ANNUAL_REPORT


def test_a_2020_report_in_the_old_outline_is_prose() -> None:
    from crawler.parsing.record import Extracted
    from crawler.parsing.report import parse_extracted

    text = (
        "一、总体情况\n(一)概述\n2020年,官塘乡召开班子会议,研究部署政府信息公开工作。\n"
        "3、政府信息公开收费及减免情况。2020年度,我乡没有收费。\n七、其他需要报告的事项\n无。"
    )
    assert parse_extracted(Extracted(kind="text", text=text)).template == "prose"


def test_a_relative_issuer_in_the_title_stays_as_printed_and_its_county_comes_from_the_banner() -> None:
    md = meta_of(
        "• 欢迎访问常州市金坛区人民政府网站!\n"
        "信息名称区政府办公室关于做好2016年政府信息公开年度报告编制发布工作的通知\n各单位:"
    )
    assert md.agency == "区政府办公室"
    assert (md.region.city, md.region.county) == ("常州市", "金坛区")


def test_a_forwarding_notice_is_titled_by_the_forwarder() -> None:
    md = meta_of(
        "霍邱县人民政府办公室转发省政府办公厅关于加强和规范政府信息公开情况统计报送工作的通知\n各乡镇:"
    )
    assert md.agency == "霍邱县人民政府办公室"


def test_year_of_a_title_run_into_the_text() -> None:
    md = meta_of("河北省工业和信息化厅2020年法治政府建设情况今年以来,我厅坚持…2019年…2019年\n2020年12月16日")
    assert md.report_year == 2020
