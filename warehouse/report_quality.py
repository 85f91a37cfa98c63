"""The report page's quality ranking: ``mart_report_quality`` as one table per level (province, city, county,
department, township, development zone), every indicator shown, filters by province and year, and for each
body its sources and versions (the evidence a reader checks a score against).

Plain HTML and a few lines of JavaScript (the filters hide rows), so the page stays self-contained. A NULL
indicator is shown as "unknown" (or "n/a" when its rule does not apply), never as a pass or a fail.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import duckdb

Rows = list[dict[str, Any]]
LEVELS = (
    ("province", "省级政府 province"),
    ("city", "市级政府 city"),
    ("county", "县级政府 county"),
    ("department", "部门 department"),
    ("township", "乡镇街道 township"),
    ("development_zone", "开发区 development zone"),
    ("unknown", "级别不明 level unknown"),
)

RANKING = """
select q.evaluation_level, q.report_year, q.quality_rank, q.level_reports, q.quality_score,
       q.score_weight_known, q.agency_key, q.agency_name, q.province, q.report_key, q.days_from_deadline,
       q.on_time_basis, q.report_column_basis, q.section_coverage, q.sections_missing, q.table_fill,
       q.table_basis, q.identities_hold, q.changed_after_publication, q.source_hosts, q.copies_differ,
       q.companion_basis, q.has_copied_passages, q.region_summary_found
from mart_report_quality q
order by q.evaluation_level, q.report_year desc, q.quality_rank, q.agency_name
"""

VERSIONS = """
select v.report_key, v.version_no, v.version_id, v.published_date, v.first_seen_at, v.is_current
from fct_report_versions v join mart_report_quality q using (report_key)
order by v.report_key, v.version_no
"""

SOURCES = """
select s.report_key, s.version_id, s.url, s.host, s.role, s.relation
from fct_report_sources s join mart_report_quality q using (report_key)
order by s.report_key, s.url
"""

# (header, cell) per indicator column: the header names the evaluators' point, the cell shows the evidence
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("按时 on time", "on_time"),
    ("年报栏目 column", "column"),
    ("要素 sections", "sections"),
    ("表格 tables", "tables"),
    ("勾稽 identities", "identities"),
    ("修改 changed", "changed"),
    ("多平台 platforms", "platforms"),
    ("图解解读 companion", "companion"),
    ("雷同 copied", "copied"),
    ("全域综述 region", "region"),
)


def _rows(connection: duckdb.DuckDBPyConnection, statement: str) -> Rows:
    cursor = connection.execute(statement)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _yes_no(value: bool | None, good: bool = True, unknown: str = "unknown") -> str:
    """✓ when the value is the good one, ✗ when not, the reason when there is no value."""
    if value is None:
        return f'<span class="unknown">{unknown}</span>'
    return '<span class="pass">✓</span>' if value == good else '<span class="fail">✗</span>'


def _share(value: float | None, unknown: str = "unknown") -> str:
    return f'<span class="unknown">{unknown}</span>' if value is None else f"{value:.0%}"


def _cell(row: dict[str, Any], key: str) -> str:
    if key == "on_time":
        days = row["days_from_deadline"]
        return _yes_no(None) if days is None else f"{_yes_no(days <= 0)} {days:+d}d"
    if key == "column":
        return _yes_no(None)  # report_column_basis is 'unknown' until the crawl stages the listing
    if key == "sections":
        missing = row["sections_missing"]
        title = f' title="缺 missing: {html.escape(missing)}"' if missing else ""
        return f"<span{title}>{_share(row['section_coverage'])}</span>"
    if key == "tables":
        return _share(row["table_fill"], "n/a" if row["table_basis"] == "not_applicable" else "unknown")
    if key == "identities":
        return _yes_no(row["identities_hold"])
    if key == "changed":
        return _yes_no(row["changed_after_publication"], good=False)
    if key == "platforms":
        return f"{row['source_hosts']} {_yes_no(row['copies_differ'], good=False)}"
    if key == "companion":
        return _yes_no(None)
    if key == "copied":
        return _yes_no(row["has_copied_passages"], good=False)
    return _yes_no(row["region_summary_found"], unknown="n/a")


def _evidence(row: dict[str, Any], versions: Rows, sources: Rows) -> str:
    """The body's versions and the URLs that carried them: what the score can be checked against."""
    version_items = "".join(
        f"<li>v{v['version_no']} {html.escape(str(v['version_id'])[:12])} · 发布 {v['published_date'] or '—'}"
        f" · 首见 first seen {v['first_seen_at'] or '—'}{' · 现行 current' if v['is_current'] else ''}</li>"
        for v in versions
    )
    source_items = "".join(
        f'<li><a href="{html.escape(s["url"])}">{html.escape(s["url"])}</a> · {html.escape(s["role"] or "")}'
        f" · {html.escape(s['relation'] or '')} · v {html.escape(str(s['version_id'])[:12])}</li>"
        for s in sources
    )
    return (
        f"<details><summary>{html.escape(row['agency_name'])}</summary>"
        f"<p>版本 versions</p><ul>{version_items}</ul><p>来源 sources</p><ul>{source_items}</ul></details>"
    )


def _row_html(row: dict[str, Any], versions: Rows, sources: Rows) -> str:
    score = "" if row["quality_score"] is None else f"{row['quality_score']:.1f}"
    cells = "".join(f"<td>{_cell(row, key)}</td>" for _, key in _COLUMNS)
    return (
        f'<tr data-province="{html.escape(row["province"] or "")}" data-year="{row["report_year"]}"'
        f' id="body-{row["report_key"]}">'
        f"<td>{row['quality_rank']}/{row['level_reports']}</td><td>{row['report_year']}</td>"
        f"<td>{_evidence(row, versions, sources)}</td><td>{html.escape(row['province'] or '—')}</td>"
        f"<td>{score}</td><td>{_share(row['score_weight_known'])}</td>{cells}</tr>"
    )


def _table(rows: Rows, versions: dict[str, Rows], sources: dict[str, Rows]) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for label, _ in _COLUMNS)
    body = "".join(
        _row_html(r, versions.get(r["report_key"], []), sources.get(r["report_key"], [])) for r in rows
    )
    return (
        '<table class="data quality"><tr><th>名次 rank</th><th>年度 year</th><th>机关 body</th>'
        f"<th>省 province</th><th>得分 score</th><th>证据 known</th>{head}</tr>{body}</table>"
    )


def _options(name: str, values: Sequence[object]) -> str:
    options = "".join(f'<option value="{html.escape(str(v))}">{html.escape(str(v))}</option>' for v in values)
    return f'<select id="quality-{name}"><option value="">全部 all</option>{options}</select>'


def _by_report(rows: Rows) -> dict[str, Rows]:
    grouped: dict[str, Rows] = {}
    for row in rows:
        grouped.setdefault(row["report_key"], []).append(row)
    return grouped


def quality_section(connection: duckdb.DuckDBPyConnection) -> str:
    """The ranking section of the report page (empty tables say so)."""
    rows = _rows(connection, RANKING)
    versions, sources = _by_report(_rows(connection, VERSIONS)), _by_report(_rows(connection, SOURCES))
    provinces = sorted({r["province"] for r in rows if r["province"]})
    years = sorted({r["report_year"] for r in rows}, reverse=True)
    tables = "".join(
        f'<h3 id="quality-{level}">{html.escape(label)} ({len(picked)})</h3>'
        + _table(picked, versions, sources)
        for level, label in LEVELS
        if (picked := [r for r in rows if r["evaluation_level"] == level])
    )
    return (
        f'<section class="quality" id="quality" data-rows="{len(rows)}">'
        "<h2>年报质量指数 · Report-quality index</h2>"
        '<p class="note">The indicators third-party evaluators score by hand, for every body: rank within '
        "level and year, score (weights: dbt_like_sql/seeds/quality_weights.yml), the share of the weight "
        "whose evidence is known, then each indicator (✓ pass, ✗ fail, unknown: evidence not collected, "
        "n/a: the rule does not apply). Click a body for its versions and sources. "
        "Rules: docs/quality-index.md.</p>"
        f"<p>省 province {_options('province', provinces)} 年度 year {_options('year', years)}</p>"
        f"{tables or '<p>No annual report scored yet.</p>'}{_FILTER_SCRIPT}</section>"
    )


_FILTER_SCRIPT = """<script>
(function () {
  const province = document.getElementById('quality-province');
  const year = document.getElementById('quality-year');
  function apply() {
    document.querySelectorAll('table.quality tr[data-year]').forEach(function (row) {
      const shown = (!province.value || row.dataset.province === province.value)
        && (!year.value || row.dataset.year === year.value);
      row.style.display = shown ? '' : 'none';
    });
  }
  province.addEventListener('change', apply);
  year.addEventListener('change', apply);
})();
</script>"""
