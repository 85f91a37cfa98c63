"""Tables read as grids (``crawler.parsing.grid_reader``): header rows name the value columns.

Inputs are shaped like real captures: a Word-exported HTML table 3 (note cell in the corner spanning the
label columns, 自然人 / 总计 with rowspan, 法人或其他组织 with colspan, <p> and &nbsp; in cells, a group
label spanning many rows, the 总计 column blank on most rows) and pdfplumber grids (merged slots left
empty, a table cut by a page break).
"""

from __future__ import annotations

from crawler.parsing.extract import extract
from crawler.parsing.grid_reader import read_grids
from crawler.parsing.report import parse_document
from crawler.parsing.tables import read_tables

NBSP = "<p>&nbsp;</p>"


def _row(label: str, values: list[str]) -> str:
    cells = "".join(
        f'<td nowrap="nowrap"><p align="center">{v}</p></td>' if v else f"<td>{NBSP}</td>" for v in values
    )
    return f"<tr>{label}{cells}</tr>"


WORD_T3 = (
    "<p>三、收到和处理政府信息公开申请情况</p><table border='1'><tbody>"
    '<tr><td colspan="3" rowspan="3"><p align="center">'
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</p></td>"
    '<td colspan="7"><p align="center">申请人情况</p></td></tr>'
    '<tr><td rowspan="2"><p>自然人</p></td><td colspan="5"><p>法人或其他组织</p></td>'
    '<td rowspan="2"><p>总计</p></td></tr>'
    "<tr><td><p>商业<br>企业</p></td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    + _row(
        '<td colspan="3"><p>一、本年新收政府信息公开申请数量</p></td>', ["821", "35", "", "", "2", "1", "859"]
    )
    + _row('<td colspan="3"><p>二、上年结转政府信息公开申请数量</p></td>', ["18", "", "", "", "", "", "18"])
    + _row(
        '<td rowspan="4"><p>三、本年度办理结果</p></td><td colspan="2"><p>（一）予以公开</p></td>',
        ["258", "12", "", "", "1", "1", ""],
    )
    + _row(
        '<td colspan="2"><p>（二）部分公开（区分处理的，只计这一情形，不计其他情形）</p></td>',
        ["3"] + [""] * 6,
    )
    + _row(
        '<td rowspan="2"><p>（三）不予公开</p></td><td><p>1.属于国家秘密</p></td>',
        ["14", "", "", "", "", "", "14"],
    )
    + _row("<td><p>2.其他法律行政法规禁止公开</p></td>", [""] * 7)
    + _row('<td colspan="3"><p>四、结转下年度继续办理</p></td>', ["0", "0", "0", "0", "0", "0", "0"])
    + "</tbody></table>"
)
WORD_T4 = (
    "<table><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
    "<tr><td rowspan='2'>结果维持</td><td rowspan='2'>结果纠正</td><td rowspan='2'>其他结果</td>"
    "<td rowspan='2'>尚未审结</td><td rowspan='2'>总计</td><td colspan='5'>未经复议直接起诉</td>"
    "<td colspan='5'>复议后起诉</td></tr><tr>"
    + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 2
    + "</tr><tr>"
    + "".join(f"<td>{v}</td>" for v in (55, 0, 0, 0, 55, 30, 1, 0, 3, 34, 0, 0, 0, 0, 0))
    + "</tr></table>"
)


def _page(body: str) -> bytes:
    title = "<p>某某区2019年政府信息公开工作年度报告</p>"
    return f"<html><body><div class='TRS_Editor'>{title}{body}</div></body></html>".encode()


def test_word_html_table_3_reads_every_printed_cell_and_no_blank_one() -> None:
    extracted = extract(_page(WORD_T3 + WORD_T4), content_type="text/html")
    reading = read_tables(extracted.text, extracted.tables)
    cells = reading.cells
    assert [cells.get(f"t3.new.{c}") for c in ("natural_person", "commercial", "research", "total")] == [
        821, 35, None, 859,
    ]  # fmt: skip
    assert cells["t3.carried_over.total"] == 18 and "t3.carried_over.commercial" not in cells
    assert cells["t3.granted.natural_person"] == 258 and "t3.granted.total" not in cells  # blank 总计
    assert cells["t3.partial.natural_person"] == 3 and "t3.partial.total" not in cells
    assert cells["t3.denied_state_secret.total"] == 14
    assert not any(key.startswith("t3.denied_law.") for key in cells)  # a row of blanks states nothing
    assert cells["t3.carried_forward.total"] == 0
    assert not [i for i in reading.issues if i.code == "table_layout_unreliable"]


def test_word_html_summary_figures_and_rules() -> None:
    record = parse_document(_page(WORD_T3 + WORD_T4), content_type="text/html")
    assert record.figures["applications_new"] == 859
    assert record.figures["reconsideration_total"] == 55
    assert record.figures["litigation_total"] == 34
    # the 总计 column is used (859 above) and left empty here: the printed cells add up, empties add nothing
    assert record.figures["outcome_granted"] == 258 + 12 + 1 + 1
    assert record.rules["outcome_granted"] == "table:t3.granted.total=sum(applicants)"
    assert record.rules["applications_new"] == "table:t3.new.total"
    assert (
        record.rules["litigation_total"]
        == "table:t4.litigation_direct.total+t4.litigation_after_review.total"
    )


def test_one_value_then_empties_with_no_total_anywhere_is_not_summed() -> None:
    # a mirror's table: "0" then eight empty cells per row, perhaps one merged cell: its column is unknown
    rows = "".join(
        f"<tr><td>{label}</td><td>0</td>" + "<td></td>" * 6 + "</tr>"
        for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量")
    )
    header = (
        "<tr><td></td>"
        + "".join(
            f"<td>{h}</td>"
            for h in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
        )
        + "</tr>"
    )
    record = parse_document(_page(f"<table>{header}{rows}</table>"), content_type="text/html")
    assert "applications_new" not in record.figures and "applications_carried_over" not in record.figures


def test_pdfplumber_table_4_with_empty_merged_slots() -> None:
    grid = [
        ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
        ["结果\n维持", "结果\n纠正", "其他结\n果", "尚未\n审结", "总计", "未经复议直接起诉", "", "", "", "",
         "复议后起诉", "", "", "", ""],
        ["", "", "", "", "", "结 果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计", "结果\n维持",
         "结果\n纠正", "其他\n结果", "尚未审\n结", "总计"],
        ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"],
    ]  # fmt: skip
    t4 = read_grids([grid]).t4
    assert t4.cells["t4.reconsideration.total"] == 351
    assert t4.cells["t4.litigation_direct.total"] == 26
    assert t4.cells["t4.litigation_after_review.pending"] == 6


HEADER = [
    ["", "", "申请人情况", "", "", "", "", "", ""],
    ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]


def test_page_break_continuation_keeps_the_columns() -> None:
    first = [*HEADER, ["一、本年新收政府信息公开申请数量", "", "5", "0", "0", "0", "0", "0", "5"]]
    second = [
        ["", "（七）总计", "4", "0", "0", "0", "0", "0", "4"],
        ["四、结转下年度继续办理", "", "1", "0", "0", "0", "0", "0", "1"],
    ]
    t3 = read_grids([first, second]).t3
    assert t3.cells["t3.new.total"] == 5
    assert t3.cells["t3.outcomes_total.total"] == 4
    assert t3.cells["t3.carried_forward.total"] == 1


def test_header_in_another_order_is_followed_not_the_template_order() -> None:
    header = [["", "总计", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    grid = [*header, ["本年新收政府信息公开申请数量", "9", "8", "1", "0", "0", "0", "0"]]
    t3 = read_grids([grid]).t3
    assert t3.cells["t3.new.total"] == 9 and t3.cells["t3.new.natural_person"] == 8


def test_unnamed_value_columns_go_to_uncertain_with_a_reason() -> None:
    header = [["", "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"]]  # eight value columns, none named
    grid = [*header, ["本年新收政府信息公开申请数量", "1", "2", "3", "4", "5", "6", "7", "28"]]
    t3 = read_grids([grid]).t3
    assert t3.found and not t3.cells
    assert "t3.new.total" in t3.uncertain
    assert [issue.code for issue in t3.issues] == ["table_header_unmapped"]


def test_no_header_and_exactly_seven_value_columns_reads_in_template_order() -> None:
    grid = [["本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "1", "4"]]
    assert read_grids([grid]).t3.cells["t3.new.total"] == 4


def test_value_cell_with_text_is_uncertain_not_guessed() -> None:
    grid = [*HEADER, ["一、本年新收政府信息公开申请数量", "", "5", "0", "0", "0", "0", "0", "5件"],
            ["二、上年结转政府信息公开申请数量", "", "约2", "0", "0", "0", "0", "0", "2"]]  # fmt: skip
    t3 = read_grids([grid]).t3
    assert t3.cells["t3.new.total"] == 5  # a unit after the number is fine
    assert "t3.carried_over.natural_person" in t3.uncertain
    assert t3.cells["t3.carried_over.total"] == 2
