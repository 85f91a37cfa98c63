"""A table typed without rowspan/colspan: its header cells do not sit over their columns, so the grid
cannot be mapped by its headers; rendered as text, its rows read like any flattened table."""

from __future__ import annotations

from crawler.parsing import parse_document

HEADER = (
    "<tr><td>（本列数据的勾稽关系为：第一项加第二项之和等于第三项加第四项之和）</td><td>申请人情况</td></tr>"
    "<tr><td>自然人</td><td>法人或其他组织</td><td>总计</td></tr>"
    "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
)


def _row(label: str, values: list[int], group: str | None = None) -> str:
    cells = ([group] if group else []) + [label] + [str(v) for v in values]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def test_a_ragged_html_table_is_read_from_its_rendered_text() -> None:
    rows = [
        _row("一、本年新收政府信息公开申请数量", [5, 0, 1, 0, 0, 0, 6]),
        _row("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
        _row("（一）予以公开", [4, 0, 1, 0, 0, 0, 5], group="三、本年度办理结果"),
    ]
    body = (
        "<html><body><h1>某某县人民政府2022年政府信息公开工作年度报告</h1>"
        "<p>三、收到和处理政府信息公开申请情况</p>"
        f"<table>{HEADER}{''.join(rows)}</table></body></html>"
    ).encode()
    record = parse_document(body, filename="report.html")
    assert record.cells["t3.new.total"] == 6 and record.cells["t3.new.research"] == 1
    assert record.cells["t3.granted.total"] == 5
    assert record.figures["applications_new"] == 6
    assert not any(issue.code == "table_header_unmapped" for issue in record.issues)
