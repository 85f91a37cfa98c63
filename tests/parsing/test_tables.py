"""Template-table reader: one test per layout, built from the real template wording.

Each table is written out here the way a real source lays it out (HTML grid with rowspan/colspan
expanded, '|' flattened, one cell per line); values differ per row and column so a shifted or swapped
cell cannot go unnoticed.
"""

from __future__ import annotations

import pytest

from crawler.parsing import template
from crawler.parsing.labels import t3_label
from crawler.parsing.tables import read_tables, summary_from_cells

RESULT = "三、本年度办理结果"
# (label cells, 2021?) in template order; the values are generated per row below
T3_LABELS: list[tuple[tuple[str, ...], str]] = [
    (("一、本年新收政府信息公开申请数量",) * 3, "new"),
    (("二、上年结转政府信息公开申请数量",) * 3, "carried_over"),
    ((RESULT, "（一）予以公开", "（一）予以公开"), "granted"),
    (
        (
            RESULT,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        "partial",
    ),
    ((RESULT, "（三）不予公开", "1.属于国家秘密"), "denied_state_secret"),
    ((RESULT, "（三）不予公开", "2.其他法律行政法规禁止公开"), "denied_law"),
    ((RESULT, "（三）不予公开", "3.危及“三安全一稳定”"), "denied_security"),
    ((RESULT, "（三）不予公开", "4.保护第三方合法权益"), "denied_third_party"),
    ((RESULT, "（三）不予公开", "5.属于三类内部事务信息"), "denied_internal"),
    ((RESULT, "（三）不予公开", "6.属于四类过程性信息"), "denied_process"),
    ((RESULT, "（三）不予公开", "7.属于行政执法案卷"), "denied_enforcement"),
    ((RESULT, "（三）不予公开", "8.属于行政查询事项"), "denied_query"),
    ((RESULT, "（四）无法提供", "1.本机关不掌握相关政府信息"), "unable_no_info"),
    ((RESULT, "（四）无法提供", "2.没有现成信息需要另行制作"), "unable_need_create"),
    ((RESULT, "（四）无法提供", "3.补正后申请内容仍不明确"), "unable_unclear"),
    ((RESULT, "（五）不予处理", "1.信访举报投诉类申请"), "not_processed_petition"),
    ((RESULT, "（五）不予处理", "2.重复申请"), "not_processed_repeat"),
    ((RESULT, "（五）不予处理", "3.要求提供公开出版物"), "not_processed_publication"),
    ((RESULT, "（五）不予处理", "4.无正当理由大量反复申请"), "not_processed_massive"),
    ((RESULT, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"), "not_processed_confirm"),
    (
        (RESULT, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        "other_overdue_correction",
    ),
    (
        (
            RESULT,
            "（六）其他处理",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        "other_overdue_fee",
    ),
    ((RESULT, "（六）其他处理", "3.其他"), "other_other"),
    ((RESULT, "（七）总计", "（七）总计"), "outcomes_total"),
    (("四、结转下年度继续办理",) * 3, "carried_forward"),
]
HEADER = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3 + ["申请人情况"] * 7,
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3
    + ["自然人"]
    + ["法人或其他组织"] * 5
    + ["总计"],
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3
    + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
]
T4_GRID = [
    ["行政复议"] * 5 + ["行政诉讼"] * 10,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
    ["1", "2", "3", "4", "10", "0", "1", "0", "0", "1", "5", "0", "0", "2", "7"],
]


def values_for(index: int) -> list[int]:
    """Distinct per row and column; the 总计 column adds up."""
    six = [index + 1, index % 3, 0, index % 2, 0, 2 * index]
    return [*six, sum(six)]


def t3_grid(labels: list[tuple[tuple[str, ...], str]] = T3_LABELS) -> list[list[str]]:
    rows = [[*HEADER[0]], [*HEADER[1]], [*HEADER[2]]]
    for index, (cells, _) in enumerate(labels):
        rows.append([*cells, *map(str, values_for(index))])
    return rows


def row(cells: dict[str, int | float], table_row: str) -> list[int | float | None]:
    return [cells.get(f"{table_row}.{column}") for column in template.APPLICANT_KEYS]


def test_html_grid_with_rowspan_and_colspan_expanded_reads_every_row_2021() -> None:
    reading = read_tables("", [t3_grid(), T4_GRID])
    assert reading.template == "2021"
    for index, (_, key) in enumerate(T3_LABELS):
        assert row(reading.cells, f"t3.{key}") == values_for(index), key
    # groups derived from their sub-rows; （六）其他处理 from its three 2021 sub-rows
    denied = [sum(values_for(i)[c] for i in range(4, 12)) for c in range(7)]
    assert row(reading.cells, "t3.denied") == denied
    other = [sum(values_for(i)[c] for i in (20, 21, 22)) for c in range(7)]
    assert row(reading.cells, "t3.other") == other
    assert reading.cells["t4.reconsideration.total"] == 10
    assert reading.cells["t4.litigation_after_review.pending"] == 2
    assert reading.uncertain == []
    assert [issue.code for issue in reading.issues] == ["table_missing"]  # no table 2 given


def test_summary_from_cells_maps_contract_keys_and_adds_litigation() -> None:
    reading = read_tables("", [t3_grid(), T4_GRID])
    summary = summary_from_cells(reading.cells)
    assert summary["applications_new"] == values_for(0)[6]
    assert summary["outcomes_total"] == values_for(23)[6]
    assert summary["reconsideration_total"] == 10
    assert summary["litigation_total"] == 1 + 7
    assert "proactive_total" not in summary


def test_local_extra_rows_are_ignored_and_do_not_shift_known_rows() -> None:
    labels = list(T3_LABELS)
    labels.insert(1, (("其中：网上申请",) * 3, "extra"))
    labels.insert(21, ((RESULT, "（五）不予处理", "6.无法联系到申请人"), "extra"))
    reading = read_tables("", [t3_grid(labels)])
    for index, (_, key) in enumerate(labels):
        if key != "extra":
            assert row(reading.cells, f"t3.{key}") == values_for(index), key
    assert not any(".extra." in key for key in reading.cells)


def test_header_rows_narrower_than_data_rows_and_label_split_over_lines() -> None:
    grid = [
        ["申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律\n服务\n机构", "其他"],
        ["一、本年新收政府信息公开申请数量", "", "", "5", "1", "0", "0", "0", "0", "6"],
        ["二、上年结转政府信息公开申请数量", "", "", "1", "0", "0", "0", "0", "0", "1"],
    ]
    reading = read_tables("", [grid])
    assert row(reading.cells, "t3.new") == [5, 1, 0, 0, 0, 0, 6]
    assert row(reading.cells, "t3.carried_over") == [1, 0, 0, 0, 0, 0, 1]


def test_blank_total_column_is_left_out_not_shifted() -> None:
    text = (
        "申请人情况\n"
        "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 |  |\n"
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    reading = read_tables(text, [])
    assert row(reading.cells, "t3.new") == [3, 1, 0, 0, 0, 0, None]
    assert "t3.new.total" not in reading.uncertain
    assert row(reading.cells, "t3.carried_over") == [0] * 7


def test_table_printing_no_total_column_reads_six_columns_and_sums_the_summary() -> None:
    # '|'-joined rows whose 总计 cell is empty: the closing '|' is indistinguishable from a rendered
    # grid's, so each row has six cells. Every row agreeing makes it a blank column, not a lost cell.
    lines = [
        f"{cells[-1]}|" + "|".join(map(str, values_for(index)[:6])) + "|"
        for index, (cells, _) in enumerate(T3_LABELS)
    ]
    reading = read_tables("\n".join(lines), [])
    for index, (_, key) in enumerate(T3_LABELS):
        assert row(reading.cells, f"t3.{key}") == [*values_for(index)[:6], None], key
    assert not any(key.startswith("t3.") and key.endswith(".total") for key in reading.cells)
    assert not any(i.code == "table_shifted" for i in reading.issues)
    summary = summary_from_cells(reading.cells)
    assert summary["applications_new"] == values_for(0)[6]  # the six stated columns, summed
    assert summary["outcome_denied_total"] == sum(values_for(i)[6] for i in range(4, 12))
    assert summary["carried_forward"] == values_for(24)[6]


def test_dropped_cell_marks_the_row_uncertain_with_an_issue_and_leaves_other_rows() -> None:
    text = (
        "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 4 |\n"  # one cell missing
        "二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
        "三、本年度办理结果 | （一）予以公开 | 4 | 1 | 0 | 0 | 0 | 0 | 5 | 9 |\n"  # one cell too many
    )
    reading = read_tables(text, [])
    assert not any(key.startswith(("t3.new.", "t3.granted.")) for key in reading.cells)
    assert {f"t3.new.{c}" for c in template.APPLICANT_KEYS} <= set(reading.uncertain)
    assert {f"t3.granted.{c}" for c in template.APPLICANT_KEYS} <= set(reading.uncertain)
    assert row(reading.cells, "t3.carried_over") == [2, 0, 0, 0, 0, 0, 2]
    assert [i.code for i in reading.issues].count("table_shifted") == 2


def test_one_cell_per_line_layout() -> None:
    lines = ["申请人情况", "自然人", "商业", "企业", "总计"]
    for index, (cells, _) in enumerate(T3_LABELS[:6]):
        lines += [cells[-1], *map(str, values_for(index))]
    reading = read_tables("\n".join(lines), [])
    for index, (_, key) in enumerate(T3_LABELS[:6]):
        assert row(reading.cells, f"t3.{key}") == values_for(index), key


def test_single_other_row_in_a_2021_report_is_the_group_and_no_sub_rows_are_invented() -> None:
    labels = [entry for entry in T3_LABELS if not entry[1].startswith("other_")]
    labels.insert(20, ((RESULT, "（六）其他处理", "（六）其他处理"), "other"))
    t2 = [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
    ]
    reading = read_tables("", [t2, t3_grid(labels)])
    assert reading.template == "2021"  # from the table-2 columns
    assert row(reading.cells, "t3.other") == values_for(20)
    assert not any(key.startswith("t3.other_") for key in [*reading.cells, *reading.uncertain])
    assert not any(i.code == "table_incomplete" for i in reading.issues)


def test_2019_template_is_read_with_the_2019_keys() -> None:
    labels = [entry for entry in T3_LABELS if not entry[1].startswith("other_")]
    labels.insert(20, ((RESULT, "（六）其他处理", "（六）其他处理"), "other"))
    t2 = [
        ["第二十条第（一）项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "0", "1", "2"],
        ["规范性文件", "3", "4", "5"],
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "396", "-4", "2278"],
        ["第二十条第（八）项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", "35", "-15"],
        ["第二十条第（九）项"],
        ["信息内容", "采购项目数量", "采购总金额"],
        ["政府集中采购", "1357", "5394432.52"],
    ]
    reading = read_tables("", [t2, t3_grid(labels)])
    assert reading.template == "2019"
    cells = reading.cells
    assert (
        cells["t2.regulations.made"],
        cells["t2.regulations.published"],
        cells["t2.regulations.in_force"],
    ) == (0, 1, 2)
    assert (
        cells["t2.licensing.previous"],
        cells["t2.licensing.change"],
        cells["t2.licensing.decisions"],
    ) == (396, -4, 2278)
    assert (cells["t2.fees.previous"], cells["t2.fees.change"]) == (35, -15)
    assert cells["t2.procurement.amount_yuan"] == 5394432.52
    assert cells["t2.procurement.items"] == 1357
    assert row(cells, "t3.other") == values_for(20)


def test_2021_table_2_fee_amount_in_wan_yuan_is_held_in_yuan() -> None:
    t2 = [
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "7730.28"],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "447228", "", ""],
    ]
    reading = read_tables("", [t2])
    assert reading.template == "2021"
    assert reading.cells["t2.fees.amount_yuan"] == 77302800
    assert reading.cells["t2.licensing.decisions"] == 447228


def test_fuzzy_labels_typos_notes_spaces_and_numbering() -> None:
    text = "\n".join(
        [
            "申请人情况",
            "一、本年新收政府信息 公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "(一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "(二)不分公开(区分处理的,只计这一情形,不计其他情形) | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
            "(三)不予公开 | 2.其他法律行政止公开 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
            "5、要求行政机关确认或重 新出具已获取信息 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
            "(六)其他处理 | 3、其他 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |",
        ]
    )
    cells = read_tables(text, []).cells
    assert cells["t3.new.total"] == 1
    assert cells["t3.granted.total"] == 2
    assert cells["t3.partial.total"] == 3
    assert cells["t3.denied_law.total"] == 4
    assert cells["t3.not_processed_confirm.total"] == 5
    assert cells["t3.other_other.total"] == 6


def test_other_column_header_is_never_taken_for_the_2021_other_row() -> None:
    text = "\n".join(
        [
            "申请人情况 | 自然人 | 其他 | 总计 |",
            "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "其他 | 9 | 9 | 9 | 9 | 9 | 9 | 54 |",  # a local row, outside （六）其他处理
            "(七)总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        ]
    )
    reading = read_tables(text, [])
    assert not any(key.startswith("t3.other") for key in reading.cells)
    assert reading.cells["t3.new.total"] == 1


def test_prose_mentioning_the_rows_is_not_read_as_a_table() -> None:
    text = "本年新收政府信息公开申请21件，上年结转2件，予以公开10件。行政复议3件，结果维持2件。"
    reading = read_tables(text, [])
    assert reading.template is None
    assert reading.cells == {} and reading.issues == []


def test_row_printed_twice_with_different_values_is_uncertain() -> None:
    text = "\n".join(
        [
            "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "(一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "(一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
        ]
    )
    reading = read_tables(text, [])
    assert "t3.granted.total" not in reading.cells
    assert "t3.granted.total" in reading.uncertain
    assert "row_conflict" in [i.code for i in reading.issues]


def test_group_row_printed_with_its_own_numbers_is_kept_as_printed() -> None:
    labels = list(T3_LABELS)
    labels.insert(4, ((RESULT, "（三）不予公开", "（三）不予公开"), "denied"))
    reading = read_tables("", [t3_grid(labels)])
    assert row(reading.cells, "t3.denied") == values_for(4)  # stated, not the sum of the sub-rows
    assert row(reading.cells, "t3.denied_state_secret") == values_for(5)


def test_table_4_one_cell_per_line_and_glued_run_that_does_not_add_up() -> None:
    header = "行政复议\n行政诉讼\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n"
    one_per_line = read_tables(
        "申请人情况\n" + header + "\n".join(["1", "0", "0", "0", "1"] + ["0"] * 10), []
    )
    assert one_per_line.cells["t4.reconsideration.total"] == 1
    assert one_per_line.cells["t4.litigation_after_review.total"] == 0
    t3 = "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    glued = read_tables(t3 + header.replace("\n", "") + "1000200000000000", [])  # 复议 1,0,0,0 but 总计 2
    assert not any(key.startswith("t4.") for key in glued.cells)
    assert "t4.reconsideration.total" in glued.uncertain
    assert "unsplittable_run" in [issue.code for issue in glued.issues]


def test_prose_about_reconsideration_alone_is_not_table_4() -> None:
    text = "行政复议情况：全年共收到行政复议申请3宗，结果维持2宗，其中1宗 2 3 尚在审理。"
    assert read_tables(text, []).template is None


@pytest.mark.parametrize(
    ("label", "in_other", "key"),
    [
        ("(二)不分公开(区分处理的,只计这一情形,不计其他情形)", False, "partial"),
        ("2.其他法律行政止公开", False, "denied_law"),
        ("三、本年度办 理结果 （一）予以公开", False, "granted"),
        ("（三）不予公开1.属于国家秘密", False, "denied_state_secret"),
        ("（三）不予公开", False, "denied"),
        ("5.要求行政机关确认或重 新出具\n已获取信息", False, "not_processed_confirm"),
        ("2、申请人逾期未按收费通知要\n求缴纳费用、行政机关不再处理", True, "other_overdue_fee"),
        ("3.其他", True, "other_other"),
        ("3.其他", False, None),
        ("（六）其他处理", False, "other"),
        ("法人或其他组织", False, None),
        ("其中：无法联系到申请人", False, None),
    ],
)
def test_label_matching(label: str, in_other: bool, key: str | None) -> None:
    assert t3_label(label, in_other)[0] == key


def test_two_rows_in_one_label_is_reported_as_run_together() -> None:
    assert t3_label("1.属于国家秘密 三 、 2.其他法律行政止公开", False) == ("denied_law", True)
    assert t3_label("（三）不予公开1.属于国家秘密", False) == ("denied_state_secret", False)
