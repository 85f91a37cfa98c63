"""Text layouts of flattened tables (``cr_cells``, ``cell_lines``, dropped empty cells, blank rows).

Inputs are cut from real captures: a Word table pasted as text with bare-\\r cell marks (河北省教育厅
2019), a page store's one-cell-per-line ``|`` capture (a 区统计局 2023), and a CSV cell whose table was
flattened with its empty cells dropped (河北省工业和信息化厅 2019/2020).
"""

from __future__ import annotations

from crawler.parsing.cell_lines import is_cell_lines, join_cell_lines
from crawler.parsing.cr_cells import cr_cells_to_rows, is_cr_cells
from crawler.parsing.digits import dropped_cells_total
from crawler.parsing.report import parse_document
from crawler.parsing.tables import read_tables

C, R = "\r\r\r", "\r\r"  # Word's cell mark and the extra row mark
HEADER = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" + C + "申请人情况" + C + R
    + C.join(["自然人", "法人或其他组织", "总计"]) + C + R
    + C.join(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]) + C + R
)  # fmt: skip


def _row(*cells: str) -> str:
    return C.join(cells) + C + R


WORD_CR = (
    "三、收到和处理政府信息公开申请情况\r"
    + HEADER
    + _row("一、本年新收政府信息公开申请数量", "16", "0", "0", "0", "0", "0", "16")
    + _row("二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0")
    + _row("三、本年度办理结果", "（一）予以公开", "9", "0", "0", "0", "0", "0", "9")
    + _row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", *[""] * 7)
    + _row("（三）不予公开", "1.属于国家秘密", *[""] * 7)
    + _row("（四）无法提供", "1.本机关不掌握相关政府信息", "3", "0", "0", "0", "0", "0", "3")
    + _row("2.没有现成信息需要另行制作", "4", "0", "0", "0", "0", "0", "4")
    + _row("3.补正后申请内容仍不明确", *[""] * 7)
    + _row("（七）总计", "16", "0", "0", "0", "0", "0", "16")
    + _row("四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0")
    + "四、政府信息公开行政复议、行政诉讼情况\r"
    + _row("行政复议", "行政诉讼")
    + _row(*["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
    + C * 4 + "0" + C * 5 + "0" + C * 5 + "0" + C + R
    + "五、存在的主要问题及改进情况\r我们将继续努力。" + C + "河北省教育厅\r2020年1月15日\r"
)  # fmt: skip


def test_cr_cells_keep_empty_cells_and_rows() -> None:
    assert is_cr_cells(WORD_CR)
    lines = cr_cells_to_rows(WORD_CR).split("\n")
    assert " | ".join(["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", *[""] * 7]) + " |" in lines
    t4 = ["", "", "", "", "0"] * 3
    assert " | ".join(t4) + " |" in lines  # table 4 prints only its 总计 cells
    assert lines[-3:-1] == ["河北省教育厅", "2020年1月15日"]  # prose after the table stays lines


def test_cr_cells_report_reads_blank_rows_as_not_stated() -> None:
    record = parse_document(WORD_CR.encode(), content_type="text/plain")
    assert record.figures["applications_new"] == 16
    assert record.figures["outcome_granted"] == 9
    assert record.figures["outcome_unable_total"] == 7  # 3 + 4, the third sub-row printed blank
    assert "outcome_partial" not in record.figures and "outcome_denied_total" not in record.figures
    assert record.figures["reconsideration_total"] == 0 and record.figures["litigation_total"] == 0
    assert "t4.reconsideration.upheld" not in record.cells


CELL_LINES = "\n".join(
    [
        *["三、收到和处理政府信息公开申请情况", "申请人情况 |", "||||||||", "自然人 |", "总计 |", "|||||||"],
        *["一、本年新收政府信息公开申请数量 |", *["|"] * 6, "0 |", "||"],
        *["二、上年结转政府信息公开申请数量 |", *["|"] * 6, "3 |", "||"],
        *["三、本年度办理结果 |", "(一)予以公开 |", *["|"] * 7, "||"],
    ]
)


def test_one_cell_per_line_rows_are_joined_with_their_empty_cells() -> None:
    assert is_cell_lines(CELL_LINES)
    joined = join_cell_lines(CELL_LINES)
    assert " | ".join(["一、本年新收政府信息公开申请数量", *[""] * 6, "0"]) + " |" in joined.split("\n")
    reading = read_tables(CELL_LINES, [])
    assert reading.cells["t3.new.total"] == 0 and reading.cells["t3.carried_over.total"] == 3
    assert "t3.new.natural_person" not in reading.cells  # empty, not 0


def test_dropped_cells_total_only_when_every_cut_agrees() -> None:
    assert dropped_cells_total("22") == 2  # one applicant cell 2, 总计 2
    assert dropped_cells_total("640020470") == 70  # 64 0 0 2 0 4 | 70
    assert dropped_cells_total("0") is None  # a lone cell: which column is unknown


DROPPED = (
    "三、收到和处理政府信息公开申请情况(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况"
    "自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量22"
    "二、上年结转政府信息公开申请数量三、本年度办理结果(一)予以公开22(二)部分公开(区分处理的,只计这一情形,"
    "不计其他情形)(三)不予公开1.属于国家秘密(七)总计22四、结转下年度继续办理四、政府信息公开行政复议、行政诉讼情况"
    "2019年未发生涉及政府信息公开的行政复议、行政诉讼案件。五、存在的主要问题及改进情况"
)


def test_table_flattened_with_empty_cells_dropped_gives_totals_only() -> None:
    reading = read_tables(DROPPED, [])
    assert reading.cells == {"t3.new.total": 2, "t3.granted.total": 2, "t3.outcomes_total.total": 2}
    assert "t3.new.natural_person" in reading.uncertain
    assert "dropped_cells" in {issue.code for issue in reading.issues}
