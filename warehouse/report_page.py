"""``nianbao report``: the warehouse as one self-contained HTML page of charts, for readers who write no SQL.

Like the summaries FOIA.gov and the DOJ lead their annual reports with: applications by year and era,
outcomes and grant rates, refusal reasons, correction rates on review and in court, timeliness, a province
tile grid, the biggest year-on-year changes, the reports whose figures don't add up, and the
report-quality ranking per level (``warehouse/report_quality.py``). Each chart shows
the SQL behind it and offers its rows as CSV (UTF-8 with a BOM, so Excel reads the Chinese). Plotly's
JavaScript is embedded once, so the page works offline; labels are Chinese with English alongside.

Each chart's container carries ``data-points``: how many marks the chart draws, which the browser test
compares with what Chromium actually rendered.
"""

from __future__ import annotations

import csv
import html
import io
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from warehouse import report_sql as sql
from warehouse.report_quality import quality_section
from warehouse.report_tiles import PROVINCE_TILES

Rows = list[dict[str, Any]]
_LAYOUT = {"margin": {"l": 60, "r": 20, "t": 30, "b": 60}, "height": 380, "template": "plotly_white"}
_OUTCOMES = (  # mart column, label
    ("granted", "予以公开 granted"),
    ("partial", "部分公开 partial"),
    ("denied", "不予公开 denied"),
    ("unable", "无法提供 unable"),
    ("not_processed", "不予处理 not processed"),
    ("other", "其他处理 other"),
)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str  # 中文 / English
    note: str
    query: str
    draw: Callable[[Rows], go.Figure | str]  # a figure, or an HTML table


def _bars(rows: Rows, x: str, series: Sequence[tuple[str, str]], **layout: Any) -> go.Figure:
    figure = go.Figure(
        [go.Bar(name=label, x=[r[x] for r in rows], y=[r[column] for r in rows]) for column, label in series]
    )
    figure.update_layout(barmode="stack", **_LAYOUT, **layout)
    return figure


def _applications(rows: Rows) -> go.Figure:
    eras = sorted({r["template"] for r in rows})
    figure = go.Figure()
    for era in eras:
        picked = [r for r in rows if r["template"] == era]
        figure.add_bar(
            name=f"{era}", x=[r["report_year"] for r in picked], y=[r["applications"] for r in picked]
        )
    figure.update_layout(
        barmode="stack",
        xaxis_title="报告年度 report year",
        yaxis_title="新收申请 applications",
        legend_title="模板 template",
        **_LAYOUT,
    )
    return figure


def _outcomes(rows: Rows) -> go.Figure:
    figure = _bars(rows, "report_year", _OUTCOMES, xaxis_title="报告年度 report year", yaxis_title="件 cases")
    figure.add_scatter(
        name="予以公开率 grant rate",
        x=[r["report_year"] for r in rows],
        y=[r["grant_rate"] for r in rows],
        yaxis="y2",
        mode="lines+markers",
    )
    figure.update_layout(yaxis2={"overlaying": "y", "side": "right", "range": [0, 1], "tickformat": ".0%"})
    return figure


def _horizontal(rows: Rows, label: str, value: str, axis: str) -> go.Figure:
    figure = go.Figure(go.Bar(x=[r[value] for r in rows], y=[r[label] for r in rows], orientation="h"))
    figure.update_layout(xaxis_title=axis, yaxis={"autorange": "reversed"}, **_LAYOUT)
    return figure


def _remedies(rows: Rows) -> go.Figure:
    figure = _bars(
        rows,
        "label",
        (("upheld", "维持 upheld"), ("corrected", "纠正 corrected"), ("other", "其他 other")),
        yaxis_title="已审结 decided cases",
    )
    figure.update_traces(
        text=[f"{r['correction_rate']:.0%}" if r["correction_rate"] is not None else "" for r in rows],
        selector={"name": "纠正 corrected"},
    )
    return figure


def _timeliness(rows: Rows) -> go.Figure:
    figure = go.Figure()
    for kind in sorted({r["agency_kind"] for r in rows}):
        picked = [r for r in rows if r["agency_kind"] == kind]
        figure.add_scatter(
            name=kind,
            x=[r["report_year"] for r in picked],
            y=[r["late_share"] for r in picked],
            mode="lines+markers",
        )
    figure.update_layout(
        xaxis_title="报告年度 report year",
        yaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis_title="逾期比例 late share",
        **_LAYOUT,
    )
    return figure


def _tiles(rows: Rows) -> go.Figure:
    counts = {r["province"]: r["reports"] for r in rows}
    names = list(PROVINCE_TILES)
    figure = go.Figure(
        go.Scatter(
            x=[PROVINCE_TILES[n][0] for n in names],
            y=[-PROVINCE_TILES[n][1] for n in names],
            mode="markers+text",
            text=[n[:3].rstrip("省市自治区壮回维吾尔族") for n in names],
            textfont={"size": 10},
            marker={
                "symbol": "square",
                "size": 34,
                "color": [counts.get(n, 0) for n in names],
                "colorscale": "Blues",
                "showscale": True,
                "colorbar": {"title": "报告 reports"},
                "line": {"width": 1, "color": "#999"},
            },
            hovertext=[f"{n}: {counts.get(n, 0)}" for n in names],
            hoverinfo="text",
        )
    )
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, **{**_LAYOUT, "height": 460})
    return figure


def _inconsistent(rows: Rows) -> str:
    head = "<tr><th>机关 agency</th><th>年度 year</th><th>问题 codes</th><th>来源 source</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(r['agency_name'])}</td><td>{r['report_year']}</td>"
        f"<td>{html.escape(', '.join(r['codes'] or []))}</td>"
        f'<td><a href="{html.escape(r["url"] or "#")}">{html.escape(r["url"] or "—")}</a></td></tr>'
        for r in rows
    )
    return f'<table class="data">{head}{body}</table>'


CHARTS: tuple[Chart, ...] = (
    Chart(
        "applications",
        "新收申请 · Applications by year and template era",
        "Annual reports only; a report that states no figure is left out, never counted as 0.",
        sql.APPLICATIONS,
        _applications,
    ),
    Chart(
        "outcomes",
        "办理结果与予以公开率 · Outcomes and grant rate",
        "Grant rate = 予以公开 / all outcomes of the year's reports that state both.",
        sql.OUTCOMES,
        _outcomes,
    ),
    Chart(
        "refusals",
        "不予公开与无法提供的理由 · Why applications were refused or not answered",
        "Sub-rows of 不予公开, 无法提供, 不予处理, 其他处理 over all reports; reasons with no case left out.",
        sql.REFUSALS,
        lambda rows: _horizontal(rows, "label", "applications", "件 cases"),
    ),
    Chart(
        "remedies",
        "行政复议与行政诉讼纠错率 · Correction rates on review and in court",
        "Decided cases only (pending excluded); prose reports' undivided litigation totals are left out.",
        sql.REMEDIES,
        _remedies,
    ),
    Chart(
        "timeliness",
        "逾期发布 · Late publication by year and kind of body",
        "Deadlines: departments 31 Jan (from 2019), governments 31 Mar; reports without a date are left out.",
        sql.TIMELINESS,
        _timeliness,
    ),
    Chart(
        "provinces",
        "各省报告数 · Reports by province (tile grid)",
        "One tile per province in its rough map position; the colour is the number of annual reports.",
        sql.PROVINCES,
        _tiles,
    ),
    Chart(
        "changes",
        "同比变化最大的机关 · Biggest year-on-year changes in applications",
        "Agencies with reports in two consecutive years; the 15 largest changes either way.",
        sql.CHANGES,
        lambda rows: _horizontal(rows, "label", "change", "新收申请变化 change"),
    ),
    Chart(
        "inconsistent",
        "数据不一致的报告 · Reports whose figures don't add up",
        "Each report's failed checks; the link is the page it was read from.",
        sql.INCONSISTENT,
        _inconsistent,
    ),
)


def points(figure: go.Figure | str, rows: Rows) -> int:
    """How many marks the chart draws: bars and markers (table rows for a table)."""
    if isinstance(figure, str):
        return len(rows)
    return sum(
        sum(1 for x, y in zip(trace.x, trace.y, strict=True) if x is not None and y is not None)
        for trace in figure.data
        if trace.x is not None and trace.y is not None
    )


def _csv_link(key: str, rows: Rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if rows:
        writer.writerow(rows[0].keys())
        writer.writerows([_csv_value(v) for v in row.values()] for row in rows)
    data = urllib.parse.quote("\ufeff" + buffer.getvalue())
    return f'<a download="{key}.csv" href="data:text/csv;charset=utf-8,{data}">CSV</a>'


def _csv_value(value: Any) -> Any:
    return "|".join(map(str, value)) if isinstance(value, list) else value


def _section(chart: Chart, rows: Rows) -> str:
    drawn = chart.draw(rows)
    body = (
        drawn
        if isinstance(drawn, str)
        else drawn.to_html(
            full_html=False, include_plotlyjs=False, div_id=f"plot-{chart.key}", config={"displaylogo": False}
        )
    )
    return (
        f'<section class="chart" id="{chart.key}" data-points="{points(drawn, rows)}">'
        f'<h2>{html.escape(chart.title)}</h2><p class="note">{html.escape(chart.note)}</p>{body}'
        f"<details><summary>SQL · {_csv_link(chart.key, rows)}</summary>"
        f"<pre>{html.escape(chart.query.strip())}</pre></details></section>"
    )


def query(connection: duckdb.DuckDBPyConnection, statement: str) -> Rows:
    cursor = connection.execute(statement)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def write_report(warehouse: Path, out_dir: Path) -> Path:
    """Write ``index.html`` under ``out_dir`` from the published warehouse; returns its path."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        run = query(connection, sql.LAST_RUN)
        sections = [_section(chart, query(connection, chart.query)) for chart in CHARTS]
        sections.append(quality_section(connection))
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    run_id = run[0]["run_id"] if run else "—"
    page.write_text(
        _PAGE.format(plotly=get_plotlyjs(), run_id=html.escape(str(run_id)), sections="\n".join(sections)),
        encoding="utf-8",
    )
    return page


_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>政府信息公开工作年度报告 · nianbao report</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 1100px; color: #222; }}
section.chart {{ border-top: 1px solid #ddd; padding: 1em 0; }}
.note {{ color: #555; font-size: 0.9em; }}
table.data {{ border-collapse: collapse; font-size: 0.9em; }}
table.data td, table.data th {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }}
pre {{ background: #f6f6f6; padding: 0.8em; overflow-x: auto; }}
.pass {{ color: #1a7f37; }} .fail {{ color: #cf222e; }} .unknown {{ color: #888; font-style: italic; }}
</style>
<script>{plotly}</script>
</head><body>
<h1>政府信息公开工作年度报告 · Government information disclosure annual reports</h1>
<p class="note">Built from the published warehouse (last crawl run {run_id}). Every chart shows its SQL and
offers its rows as CSV. 每个图表下方可查看 SQL 并下载 CSV。</p>
{sections}
</body></html>
"""
