"""HTML extraction on pages generated here, byte for byte as portals serve them (GBK stays GBK)."""

from __future__ import annotations

import opencc

from crawler.parsing.extract import extract
from crawler.parsing.record import INFO_BAR

BODY = "攀枝花市人民政府根据《条例》编制本报告。朱镕基、王堃同志参加。全年主动公开政府信息1075703条。"


def page(body_html: str, *, charset: str | None = None, title: str = "2012年政府信息公开工作年度报告") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"""<!DOCTYPE html><html><head>{meta}
<title>{title}_攀枝花市人民政府</title>
<meta name="SiteIDCode" content="5104000001"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2013-03-28 10:00"><meta name="ContentSource" content="市政府办公室">
<script>var countPage = 3; document.write("脚本里的字");</script><style>.x{{color:red}}</style>
</head><body>
<div class="top"><a href="/big5/">繁體版</a> | <a href="#">无障碍</a> | <a href="/en">ENGLISH</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul>
{body_html}
<div class="footer">网站地图 | ICP备案：蜀ICP备0000号 版权所有 攀枝花市人民政府</div>
</body></html>"""


ARTICLE = f"""<div id="zoom"><p>　　{BODY}</p>
<p>【打印本页】【关闭窗口】</p><p>字号：[ 大 中 小 ]</p></div>"""


def test_gbk_page_declared_only_in_meta_decodes_gbk_only_characters() -> None:
    body = page(ARTICLE, charset="gb2312").encode("gbk")
    result = extract(body, content_type="text/html")
    assert result.kind == "html" and result.error is None
    assert result.encoding == "gb18030"
    assert "encoding_fixed" not in result.flags
    assert result.text == BODY  # indentation gone, chrome (打印/关闭/字号) stripped, scripts dropped
    assert result.title == "2012年政府信息公开工作年度报告"  # ArticleTitle beats <title>
    assert result.meta["SiteIDCode"] == "5104000001"
    assert result.meta["PubDate"] == "2013-03-28 10:00"
    assert result.meta["ContentSource"] == "市政府办公室"


def test_header_charset_contradicting_the_body_is_overridden_and_flagged() -> None:
    gbk_body = page(ARTICLE, charset="gbk").encode("gbk")
    fixed = extract(gbk_body, content_type="text/html; charset=utf-8")
    assert fixed.text == BODY
    assert fixed.encoding == "gb18030"
    assert "encoding_fixed" in fixed.flags

    utf8_body = page(ARTICLE).encode("utf-8")
    for wrong in ("GBK", "iso-8859-1", "big5"):
        result = extract(utf8_body, content_type=f"text/html; charset={wrong}")
        assert result.text == BODY, wrong
        assert result.encoding == "utf-8" and "encoding_fixed" in result.flags


def test_correct_declarations_are_not_flagged() -> None:
    result = extract(page(ARTICLE, charset="utf-8").encode("utf-8"), content_type="text/html; charset=UTF-8")
    assert result.text == BODY and result.flags == []


def test_bom_wins_over_a_wrong_header() -> None:
    body = b"\xef\xbb\xbf" + page(ARTICLE).encode("utf-8")
    result = extract(body, content_type="text/html; charset=gbk")
    assert result.text == BODY and result.encoding == "utf-8"


def test_no_charset_anywhere_gbk_and_big5_are_detected() -> None:
    gbk = extract(page(ARTICLE).encode("gb18030"))
    assert gbk.text == BODY and gbk.encoding == "gb18030"

    to_traditional = opencc.OpenCC("s2t").convert
    traditional = to_traditional(BODY.replace("镕", "榕").replace("堃", "坤"))
    big5_page = to_traditional(page(f'<div class="TRS_Editor"><p>{traditional}</p></div>', title="年度報告"))
    big5 = extract(big5_page.encode("big5"))
    assert big5.text == traditional  # original script kept: no 繁→简 here
    assert big5.encoding == "big5hkscs"
    assert big5.title == "年度報告"


MERGED_TABLE = """<div class="TRS_Editor"><p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td rowspan="3" colspan="2">（本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和）</td>
    <td colspan="3">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td>法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td></tr>
<tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>21</td><td>0</td><td>21</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td><td>0</td><td>5</td></tr>
<tr><td>（二）部分公开</td><td>4</td><td>0</td><td>4</td></tr>
</table><p>四、政府信息公开行政复议、行政诉讼情况</p></div>"""


def test_rowspan_colspan_are_expanded_into_every_slot() -> None:
    result = extract(page(MERGED_TABLE).encode("utf-8"))
    assert len(result.tables) == 1
    grid = result.tables[0]
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert grid == [
        [note, note, "申请人情况", "申请人情况", "申请人情况"],
        [note, note, "自然人", "法人或其他组织", "总计"],
        [note, note, "自然人", "商业企业", "总计"],
        ["一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "21", "0", "21"],
        ["三、本年度办理结果", "（一）予以公开", "5", "0", "5"],
        ["三、本年度办理结果", "（二）部分公开", "4", "0", "4"],
    ]
    lines = result.text.split("\n")
    # The table sits in the text where it stood, each source cell once, as the seeds flatten tables.
    assert lines[0] == "三、收到和处理政府信息公开申请情况"
    assert lines[1] == f"{note} | 申请人情况 |"
    assert "（二）部分公开 | 4 | 0 | 4 |" in lines
    assert lines[-1] == "四、政府信息公开行政复议、行政诉讼情况"


def test_layout_tables_are_text_not_grids() -> None:
    layout = f"<table><tr><td><table><tr><td>{BODY}</td></tr></table></td><td>　</td></tr></table>"
    result = extract(page(f'<div class="article-content">{layout}</div>').encode("utf-8"))
    assert result.tables == []
    assert result.text == BODY


def test_without_a_known_container_the_largest_text_block_wins() -> None:
    article = "<div class='main'><div class='l'><p>" + "</p><p>".join([BODY] * 3) + "</p></div></div>"
    aside = "<div class='side'><a href='/1'>相关链接一</a><a href='/2'>相关链接二</a><p>热点</p></div>"
    result = extract(page(article + aside).encode("utf-8"))
    assert result.text == "\n".join([BODY] * 3)
    assert "首页" not in result.text and "ICP" not in result.text


def test_truncated_page_keeps_what_arrived_and_is_flagged() -> None:
    full = page(ARTICLE).encode("utf-8")
    cut = full[: full.index("全年主动公开".encode())]
    result = extract(cut)
    assert result.error is None and "truncated" in result.flags
    assert result.text.startswith("攀枝花市人民政府根据《条例》编制本报告。")
    assert "truncated" not in extract(full).flags


def test_info_bar_outside_the_container_goes_to_meta_not_to_text() -> None:
    bar = "<div class='info'>发布日期：2013-03-20　来源：<span>市政府办公室</span>　浏览次数：1532</div>"
    result = extract(page(f"<div class='article'><h1>标题</h1>{bar}{ARTICLE}</div>").encode("utf-8"))
    assert result.text == BODY  # the chrome's date and page counter never reach the figures' text
    assert result.meta[INFO_BAR] == "发布日期：2013-03-20 来源：市政府办公室 浏览次数：1532"


def test_a_list_of_other_articles_dates_is_not_an_info_bar() -> None:
    items = "".join(f"<li><a href='/{n}'>通知{n}</a> 发布时间：2013-0{n}-01</li>" for n in range(1, 6))
    result = extract(page(f"{ARTICLE}<ul class='side'>{items}</ul>").encode("utf-8"))
    assert INFO_BAR not in result.meta and result.text == BODY
