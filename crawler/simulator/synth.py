"""Synthetic annual reports with KNOWN figures: the parser's property tests, the golden corpus and the
demo portals' bulk content all come from here.

``generate_report(seed, era=..., layout=...)`` builds one report deterministically from ``seed``: an agency
and region drawn from cpca's GB/T 2260 table, template tables whose identities hold by construction (table 3:
总计 column = the six applicant columns, group = its sub-rows, （七） = the six groups, 一 + 二 = （七） + 四;
table 4: 总计 = its four results), prose around them, and ``expected`` in the shape of a golden
``expected.json`` (summary figures, every table cell the document prints, metadata). ``inconsistent=True``
breaks exactly one identity and names the issue code the parser must report.

Eras: ``prose`` (pre-2019, figures only in sentences), ``2019`` and ``2021`` (the national templates).
Layouts: ``html_table`` (real ``<table>`` markup with the template's rowspan/colspan), ``pipe_text`` (one
``|``-joined line per table row), ``cell_per_line`` and ``glued`` (a whole table on one line with no
separators between digits, as copied from portal pages; rows are regenerated until their digits split one
way only, since an ambiguous run cannot be read back exactly). Only the standard library is used, so a demo
portal can produce thousands of reports a second.
"""

from __future__ import annotations

import csv
import html
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from crawler.parsing import template as tmpl

ERAS: tuple[str, ...] = ("prose", "2019", "2021")
LAYOUTS: tuple[str, ...] = ("html_table", "pipe_text", "cell_per_line", "glued")
DATE_FORMS: tuple[str, ...] = ("cn", "iso", "spaced", "cn_numerals", "header")
# Issue codes of crawler.parsing.checks that an injected inconsistency must produce.
INCONSISTENCIES: dict[str, str] = {
    "outcomes_sum": "t3_outcomes_total_mismatch",  # a printed outcome row no longer adds up to （七）总计
    "balance": "t3_balance_mismatch",  # 一 + 二 ≠ （七） + 四 in one column (and its 总计 column)
    "t4_block": "t4_block_sum_mismatch",  # a 行政复议 result no longer adds up to its 总计
}
AGENCY_KINDS: tuple[str, ...] = ("government", "department", "township", "development_zone")

_APPLICANTS = tmpl.APPLICANT_KEYS  # six applicant columns + total
_PARTS = _APPLICANTS[:-1]
_T4_PARTS = tuple(key for key, _ in tmpl.T4_RESULTS if key != "total")
_CN_DIGITS = "〇一二三四五六七八九"
_DEPARTMENTS = (
    "教育局",
    "财政局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "卫生健康委员会",
    "发展和改革委员会",
    "人民政府办公室",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "民政局",
    "农业农村局",
    "审计局",
)
_TOWN_STEMS = ("城关", "新华", "东城", "西城", "长安", "永安", "太平", "青山", "龙泉", "河口", "金桥", "白沙")
_ZONES = ("经济技术开发区管理委员会", "高新技术产业开发区管理委员会", "工业园区管理委员会")
_FILLER = (
    "全年召开政务公开专题会议{n}次，研究部署年度重点工作。",
    "组织政务公开业务培训{n}场次，进一步提升工作人员业务能力。",
    "政府网站全年访问量达{n}人次，网站运行平稳。",
    "围绕重点领域发布政策解读{n}篇，回应社会关切。",
    "开展“政府开放日”活动{n}次，邀请群众代表走进机关。",
    "政务新媒体全年推送信息{n}期，关注用户稳步增长。",
)
# Stock paragraphs without figures: real 总体情况 sections run to several kilobytes of this.
_STOCK = (
    "坚持以人民为中心的发展思想，认真落实《中华人民共和国政府信息公开条例》"
    "和上级关于政务公开工作的部署要求，以公开促落实、促规范、促服务，持续提升政务公开质量和实效。",
    "加强组织领导，调整充实政务公开工作领导小组，明确分管领导和具体承办科室，形成主要领导亲自抓、分管领导具体抓、"
    "工作人员抓落实的工作格局，将政务公开工作纳入年度绩效考核内容。",
    "严格落实公开前保密审查制度，坚持“先审查、后公开”和“一事一审”原则，对拟公开的政府信息逐条审核，"
    "确保公开内容合法合规、准确无误，未发生泄密事件。",
    "围绕重大决策部署、重点民生领域和社会关注热点，及时发布权威信息，做好政策文件解读，通过图文解读、"
    "新闻发布会、在线访谈等多种形式增强解读的针对性和可读性。",
    "规范依申请公开办理流程，严格按照登记、审核、办理、答复、归档的程序办理，做到依法依规、按时答复，"
    "切实保障人民群众的知情权、参与权、表达权和监督权。",
    "加强政府网站和政务新媒体建设管理，优化栏目设置，完善信息发布审核机制，定期开展自查，"
    "及时清理不合格内容，确保平台安全平稳运行。",
    "强化监督保障，将政务公开纳入干部教育培训内容，组织开展业务培训，提升工作人员依法公开意识和业务能力，"
    "并主动接受社会公众和新闻媒体监督。",
    "推进基层政务公开标准化规范化建设，梳理完善公开事项目录，统一公开标准和流程，"
    "推动公开事项向基层延伸、公开服务向群众身边覆盖。",
    "畅通公众参与渠道，在制定涉及群众切身利益的政策文件时，通过网站公开征求意见，"
    "认真研究吸纳合理建议，并及时反馈意见采纳情况。",
    "完善政府信息管理机制，建立健全政府信息发布、更新和动态调整制度，对已公开的规范性文件及时标注有效性，"
    "方便公众查阅使用。",
)
_PROBLEMS = (
    "五、存在的主要问题及改进情况\n一是政策解读形式还不够丰富；二是基层政务公开标准化规范化水平有待提高。"
    "下一步，将进一步完善工作机制，加强业务培训，提升公开质量。"
)


@dataclass(frozen=True)
class SynthReport:
    """One generated document and what a correct parse of it yields."""

    body: bytes
    content_type: str
    filename: str
    expected: dict[str, Any]  # same shape as a golden case's expected.json, with every printed cell
    agency: str
    report_year: int
    era: str
    layout: str
    seed: int
    title: str = ""
    published_date: str = ""


@dataclass(frozen=True)
class _Place:
    province: str
    city: str | None
    county: str | None
    code: str  # six digits, most specific level


@dataclass(slots=True)
class _Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    glue: bool = False  # in the glued layout: whether this table's cells are run together

    def add(self, *cells: _Cell | str) -> None:
        self.rows.append([cell if isinstance(cell, _Cell) else _Cell(cell) for cell in cells])


# ---------------------------------------------------------------- places (cpca's GB/T 2260 table)
@cache
def _names() -> dict[str, str]:
    """Six-digit GB/T 2260 code -> name, from cpca's table."""
    names: dict[str, str] = {}
    with resources.files("cpca").joinpath("resources/adcodes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["adcode"][:6]] = row["name"]
    return names


@cache
def _places() -> tuple[tuple[_Place, ...], tuple[_Place, ...]]:
    """(cities, counties) of the provinces (municipalities and 省直辖 units left out: no city level)."""
    names = _names()
    provinces = {code: name for code, name in names.items() if code.endswith("0000") and name.endswith("省")}
    cities, counties = [], []
    for code, name in sorted(names.items()):
        province = provinces.get(code[:2] + "0000")
        if province is None or code.endswith("0000") or name in {"市辖区", "县"}:
            continue
        if code.endswith("00"):
            if name.endswith(("市", "州", "盟", "地区")):
                cities.append(_Place(province, name, None, code))
            continue
        city = names.get(code[:4] + "00")
        if city and city.endswith(("市", "州", "盟", "地区")) and name.endswith(("县", "区", "市", "旗")):
            counties.append(_Place(province, city, name, code))
    return tuple(cities), tuple(counties)


@cache
def _ambiguous_counties() -> frozenset[str]:
    """County names used more than once in the country (市中区, 郊区, 宝山区…): they need their city."""
    seen: dict[str, int] = {}
    for code, name in _names().items():
        if not code.endswith("00"):
            seen[name] = seen.get(name, 0) + 1
    return frozenset(name for name, count in seen.items() if count > 1)


def _agency(rng: random.Random, kind: str) -> tuple[str, _Place]:
    cities, counties = _places()
    if kind == "government":
        place = rng.choice(counties if rng.random() < 0.7 else cities)
        return f"{place.city}{place.county or ''}人民政府", place
    if kind == "department":
        place = rng.choice(cities if rng.random() < 0.6 else counties)
        return f"{place.city}{place.county or ''}{rng.choice(_DEPARTMENTS)}", place
    if kind == "township":
        place = rng.choice(counties)
        stem = rng.choice(_TOWN_STEMS)
        unit = rng.choice((f"{stem}镇人民政府", f"{stem}街道办事处", f"{stem}乡人民政府"))
        prefix = f"{place.city}{place.county}" if place.county in _ambiguous_counties() else place.county
        return f"{prefix}{unit}", place
    place = rng.choice(cities)
    return f"{place.city}{rng.choice(_ZONES)}", place


# ---------------------------------------------------------------- figures
def _small(rng: random.Random, scale: int, chance: float = 0.4) -> int:
    """Mostly zero, sometimes a small count: how real applicant-column cells look."""
    return rng.randint(1, scale) if rng.random() < chance else 0


def _table3(rng: random.Random, era: str) -> dict[str, int]:
    cells: dict[str, int] = {}
    rows = [
        row for row in tmpl.T3_ROWS if era in row.templates and not (era == "2021" and row.key == "other")
    ]
    outcome_rows = [
        row.key for row in rows if row.key not in {"new", "carried_over", "outcomes_total", "carried_forward"}
    ]
    active = {key for key in outcome_rows if rng.random() < 0.45}  # most outcome rows are all zeros
    for column in _PARTS:
        scale, chance = (30, 0.8) if column == "natural_person" else (3, 0.15)
        for key in outcome_rows:
            cells[f"t3.{key}.{column}"] = _small(rng, scale, chance) if key in active else 0
        outcomes = sum(cells[f"t3.{key}.{column}"] for key in outcome_rows)
        carried_over = _small(rng, 3, 0.2)
        carried_forward = _small(rng, 3, 0.2)
        cells[f"t3.outcomes_total.{column}"] = outcomes
        cells[f"t3.carried_over.{column}"] = carried_over
        cells[f"t3.carried_forward.{column}"] = carried_forward
        cells[f"t3.new.{column}"] = max(outcomes + carried_forward - carried_over, 0)
        if outcomes + carried_forward - carried_over < 0:
            cells[f"t3.carried_over.{column}"] = outcomes + carried_forward
    for row in rows:
        cells[f"t3.{row.key}.total"] = sum(cells[f"t3.{row.key}.{column}"] for column in _PARTS)
    return cells


def _table4(rng: random.Random) -> dict[str, int]:
    cells: dict[str, int] = {}
    for block, _ in tmpl.T4_BLOCKS:
        for result in _T4_PARTS:
            cells[f"t4.{block}.{result}"] = _small(rng, 6, 0.2)
        cells[f"t4.{block}.total"] = sum(cells[f"t4.{block}.{result}"] for result in _T4_PARTS)
    return cells


def _table2(rng: random.Random, era: str) -> dict[str, int | float]:
    cells: dict[str, int | float] = {}
    for row, _, columns in tmpl.T2_2021 if era == "2021" else tmpl.T2_2019:
        for column, _ in columns:
            key = f"t2.{row}.{column}"
            if column == "amount_yuan" and era == "2021":
                cells[key] = rng.choice((0, 0, rng.randint(1, 9999) * 100))  # printed in 万元, two decimals
            elif column == "amount_yuan":
                cells[key] = rng.randint(0, 99_999_999) / 100
            elif column == "change":
                cells[key] = rng.randint(-5, 5)
            elif column == "decisions":
                cells[key] = rng.randint(0, 5000)
            elif column == "repealed":
                cells[key] = rng.randint(0, 5)
            else:
                cells[key] = rng.randint(0, 40)
    return cells


_SUB_ROWS: dict[str, tuple[str, ...]] = {
    group: tuple(row.key for row in tmpl.T3_ROWS if row.group == group) for group in tmpl.T3_GROUPS
}


def _summary(cells: dict[str, int]) -> dict[str, int]:
    """The contract's summary figures from the cells; group totals the template leaves unprinted are sums."""
    figures: dict[str, int] = {}
    for key, cell in tmpl.SUMMARY_FROM_CELLS.items():
        if cell in cells:
            figures[key] = cells[cell]
        else:
            group = cell.split(".")[1]
            figures[key] = sum(cells.get(f"t3.{row}.total", 0) for row in _SUB_ROWS[group])
    figures["litigation_total"] = (
        cells["t4.litigation_direct.total"] + cells["t4.litigation_after_review.total"]
    )
    return figures


def _inject(rng: random.Random, cells: dict[str, int], glued: bool) -> str:
    # A glued table-4 run whose totals do not add up cannot be split at all, so glued text gets table-3 kinds.
    kind = rng.choice(tuple(k for k in INCONSISTENCIES if not (glued and k == "t4_block")))
    bump = rng.randint(1, 5)
    if kind == "outcomes_sum":
        for column in ("natural_person", "total"):
            cells[f"t3.granted.{column}"] += bump
    elif kind == "balance":
        for column in ("natural_person", "total"):
            cells[f"t3.new.{column}"] += bump
    else:
        cells["t4.reconsideration.upheld"] += bump
    return INCONSISTENCIES[kind]


# ---------------------------------------------------------------- glued digits: keep only one-way splits
def _is_number(digits: str) -> bool:
    return digits == "0" or (digits != "" and digits[0] != "0")


def _ways(digits: str, parts: int, target: int) -> int:
    """How many ways ``digits`` cuts into ``parts`` numbers (no leading zeros) that add up to ``target``."""
    memo: dict[tuple[int, int, int], int] = {}

    def count(pos: int, left: int, remaining: int) -> int:
        if left == 0:
            return int(pos == len(digits) and remaining == 0)
        key = (pos, left, remaining)
        if key not in memo:
            total = 0
            for end in range(pos + 1, len(digits) - left + 2):
                piece = digits[pos:end]
                if not _is_number(piece) or int(piece) > remaining:
                    break
                total += count(end, left - 1, remaining - int(piece))
            memo[key] = total
        return memo[key]

    return count(0, parts, target)


def _block_ways(digits: str, parts: int) -> int:
    """Splits of ``digits`` into ``parts`` numbers followed by their printed total."""
    return sum(
        _ways(digits[:cut], parts, int(digits[cut:]))
        for cut in range(parts, len(digits))
        if _is_number(digits[cut:])
    )


@cache
def _t3_row_unique(digits: str) -> bool:
    return _block_ways(digits, 6) == 1


@cache
def _t4_unique(digits: str) -> bool:
    ways = {0: 1}  # position -> number of ways to read the blocks before it
    for _ in range(3):
        following: dict[int, int] = {}
        for start, count in ways.items():
            for end in range(start + 5, len(digits) + 1):
                found = _block_ways(digits[start:end], 4)
                if found:
                    following[end] = following.get(end, 0) + count * found
        ways = following
    return ways.get(len(digits), 0) == 1


def _glue_safe(cells: dict[str, int], era: str) -> bool:
    rows = [row.key for row in tmpl.T3_ROWS if f"t3.{row.key}.total" in cells]
    if not all(_t3_row_unique("".join(str(cells[f"t3.{row}.{c}"]) for c in _APPLICANTS)) for row in rows):
        return False
    return _t4_unique(
        "".join(str(cells[f"t4.{b}.{r}"]) for b, _ in tmpl.T4_BLOCKS for r, _ in tmpl.T4_RESULTS)
    )


# ---------------------------------------------------------------- numbers and dates as printed
def _cn_number(n: int) -> str:
    """A day or month in words (一月, 三十一日).

    Written out, not cn2an: the generator that checks the parser stays independent of its libraries.
    """
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _print_date(day: date, form: str) -> str:
    if form == "iso":
        return day.isoformat()
    if form == "spaced":
        return f"{day.year} 年 {day.month} 月 {day.day} 日"
    if form == "cn_numerals":
        year = "".join(_CN_DIGITS[int(d)] for d in str(day.year))
        return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"
    return f"{day.year}年{day.month}月{day.day}日"


def _fmt(value: int | float) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


# ---------------------------------------------------------------- the tables as markup-neutral rows
def _t3_table(cells: dict[str, int], era: str) -> _Table:
    table = _Table(glue=True)
    nums = lambda row: [_Cell(str(cells[f"t3.{row}.{c}"])) for c in _APPLICANTS]  # noqa: E731
    table.add(
        _Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        _Cell("申请人情况", 1, 7),
    )
    table.add(_Cell("自然人", 2), _Cell("法人或其他组织", 1, 5), _Cell("总计", 2))
    table.add(*(label for _, label in tmpl.APPLICANT_COLUMNS[1:6]))
    table.add(_Cell("一、本年新收政府信息公开申请数量", 1, 3), *nums("new"))
    table.add(_Cell("二、上年结转政府信息公开申请数量", 1, 3), *nums("carried_over"))
    groups: list[tuple[str, str, list[tuple[str, str]]]] = [
        ("granted", "（一）予以公开", []),
        ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", []),
    ]
    numerals = {"denied": "（三）", "unable": "（四）", "not_processed": "（五）", "other": "（六）"}
    for group, label in tmpl.T3_GROUPS.items():
        subs = [(r.key, r.label) for r in tmpl.T3_ROWS if r.group == group and era in r.templates]
        groups.append((group, numerals[group] + label, subs))
    groups.append(("outcomes_total", "（七）总计", []))
    height = sum(max(len(subs), 1) for _, _, subs in groups)
    first = True
    for key, label, subs in groups:
        lead = [_Cell("三、本年度办理结果", height)] if first else []
        first = False
        if not subs:
            table.add(*lead, _Cell(label, 1, 2), *nums(key))
            continue
        for index, (sub, sub_label) in enumerate(subs, 1):
            head = [_Cell(label, len(subs))] if index == 1 else []
            table.add(*(lead if index == 1 else []), *head, f"{index}.{sub_label}", *nums(sub))
    table.add(_Cell("四、结转下年度继续办理", 1, 3), *nums("carried_forward"))
    return table


def _t4_table(cells: dict[str, int]) -> _Table:
    table = _Table(glue=True)
    results = [label for _, label in tmpl.T4_RESULTS]
    table.add(_Cell("行政复议", 1, 5), _Cell("行政诉讼", 1, 10))
    table.add(
        *(_Cell(label, 2) for label in results), _Cell("未经复议直接起诉", 1, 5), _Cell("复议后起诉", 1, 5)
    )
    table.add(*results, *results)
    table.add(*(str(cells[f"t4.{b}.{r}"]) for b, _ in tmpl.T4_BLOCKS for r, _ in tmpl.T4_RESULTS))
    return table


_T2_ITEMS_2019 = (
    ("（一）", ("regulations", "normative_documents")),
    ("（五）", ("licensing", "other_services")),
    ("（六）", ("penalties", "enforcement")),
    ("（八）", ("fees",)),
    ("（九）", ("procurement",)),
)
_T2_ITEMS_2021 = (
    ("（一）", ("regulations", "normative_documents")),
    ("（五）", ("licensing",)),
    ("（六）", ("penalties", "enforcement")),
    ("（八）", ("fees",)),
)


def _t2_table(cells: dict[str, Any], era: str) -> _Table:
    table = _Table()
    spec = {
        row: (label, columns) for row, label, columns in (tmpl.T2_2021 if era == "2021" else tmpl.T2_2019)
    }
    for item, rows in _T2_ITEMS_2021 if era == "2021" else _T2_ITEMS_2019:
        table.add(_Cell(f"第二十条第{item}项", 1, 4))
        columns = spec[rows[0]][1]
        span = 4 - len(columns)  # the last column stretches to the table's four columns
        table.add(
            "信息内容",
            *(
                _Cell(label, 1, 1 + (span if i == len(columns) - 1 else 0))
                for i, (_, label) in enumerate(columns)
            ),
        )
        for row in rows:
            label = spec[row][0]
            values = []
            for i, (column, _) in enumerate(columns):
                value = cells[f"t2.{row}.{column}"]
                if era == "2021" and column == "amount_yuan":
                    value = f"{value / 10000:.2f}".rstrip("0").rstrip(".") if value else "0"
                values.append(_Cell(_fmt(value), 1, 1 + (span if i == len(columns) - 1 else 0)))
            table.add(label, *values)
    return table


# ---------------------------------------------------------------- rendering
@cache
def _escape(text: str) -> str:
    """``html.escape``, memoised: table labels and small numbers repeat in every report."""
    return html.escape(text)


def _render_table(table: _Table, layout: str) -> str:
    if layout == "html_table":
        out = ['<table border="1" cellspacing="0">']
        for row in table.rows:
            tds = []
            for cell in row:
                spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                    f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
                )
                tds.append(f"<td{spans}>{_escape(cell.text)}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
        return "\n".join(out)
    if layout == "pipe_text":
        return "\n".join("|".join(cell.text for cell in row) for row in table.rows)
    if layout == "cell_per_line":
        return "\n".join(cell.text for row in table.rows for cell in row)
    if table.glue:
        return "".join(cell.text for row in table.rows for cell in row)
    return "\n".join(" ".join(cell.text for cell in row) for row in table.rows)


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    """``n`` filler sentences (with distractor numbers) and a few stock paragraphs."""
    filler = [rng.choice(_FILLER).format(n=rng.randint(2, 90000 if i % 3 == 2 else 60)) for i in range(n)]
    return [*rng.sample(_STOCK, k=min(len(_STOCK), 2 * n)), *filler]


def _prose_figures(rng: random.Random) -> tuple[dict[str, int], list[str], list[str]]:
    """A pre-2019 report's figures and the sentences that state them (section by section)."""
    figures: dict[str, int] = {}
    approximate: list[str] = []
    proactive = rng.randint(30, 20000)
    if rng.random() < 0.2:
        proactive = proactive // 100 * 100 or 100
        opening = f"全年共主动公开政府信息{proactive}余条。"
        approximate.append("proactive_total")
    else:
        opening = f"全年共主动公开政府信息{proactive}条，其中通过政府网站公开的占大多数。"
    figures["proactive_total"] = proactive
    sections = ["一、概述\n" + "".join(_paragraphs(rng, 4)), "二、主动公开政府信息情况\n" + opening]
    if rng.random() < 0.3:
        figures["applications_new"] = 0
        applications = "本年度未收到政府信息公开申请。"
    else:
        granted, partial, denied = rng.randint(0, 40), rng.randint(0, 5), rng.randint(0, 3)
        total = granted + partial + denied
        figures.update(
            applications_new=total,
            outcome_granted=granted,
            outcome_partial=partial,
            outcome_denied_total=denied,
        )
        applications = (
            f"全年共受理政府信息公开申请{total}件，已全部按期答复。其中，同意公开{granted}件，"
            f"同意部分公开{partial}件，不予公开{denied}件。"
        )
    sections.append("三、依申请公开政府信息情况\n" + applications)
    consultations = rng.randint(0, 3000)
    figures["consultations"] = consultations
    sections.append(f"四、政府信息公开咨询情况\n全年共接受公众咨询{consultations}人次。")
    if rng.random() < 0.6:
        figures["fees_collected_yuan"] = 0
        fees = "本年度未收取任何政府信息公开费用。"
    else:
        fee = rng.randint(10, 900)
        figures["fees_collected_yuan"] = fee
        fees = f"本年度共收取检索、复制费用{fee}元。"
    sections.append("五、政府信息公开收费及减免情况\n" + fees)
    if rng.random() < 0.6:
        figures.update(reconsideration_total=0, litigation_total=0)
        review = "本年度没有发生针对本机关政府信息公开事务的行政复议和行政诉讼案件。"
    else:
        rec, lit = rng.randint(1, 6), rng.randint(1, 4)
        figures.update(reconsideration_total=rec, litigation_total=lit)
        review = f"本年度因政府信息公开申请行政复议{rec}件，提起行政诉讼{lit}件。"
    sections.append("六、因政府信息公开申请行政复议、提起行政诉讼的情况\n" + review)
    sections.append("七、存在的主要问题和改进措施\n" + "".join(_paragraphs(rng, 2)))
    return figures, approximate, sections


def _template_sections(
    rng: random.Random, era: str, t3_era: str, cells: dict[str, Any], layout: str, figures: dict[str, int]
) -> list[str]:
    proactive = rng.randint(100, 20000)
    figures["proactive_total"] = proactive
    tables = [
        _render_table(t, layout) for t in (_t2_table(cells, era), _t3_table(cells, t3_era), _t4_table(cells))
    ]
    fee_line = ""
    if era == "2021" or rng.random() < 0.5:
        fee = 0 if rng.random() < 0.8 else rng.randint(10, 500)
        figures["fees_collected_yuan"] = fee
        fee_line = "本年度未收取信息处理费。" if fee == 0 else f"本年度共收取信息处理费{fee}元。"
    return [
        "一、总体情况\n" + "".join(_paragraphs(rng, 5)) + f"全年主动公开政府信息{proactive}条。",
        "二、主动公开政府信息情况\n" + tables[0],
        "三、收到和处理政府信息公开申请情况\n" + tables[1],
        "四、政府信息公开行政复议、行政诉讼情况\n" + tables[2],
        _PROBLEMS,
        "六、其他需要报告的事项\n" + (fee_line or "无。"),
    ]


def _wrap(
    title: str, sections: list[str], signature: list[str], header: str | None, layout: str, encoding: str
) -> str:
    if layout != "html_table":
        lines = [title] + ([header] if header else []) + sections + signature
        return "\n".join(lines) + "\n"
    charset = "gbk" if encoding == "gbk" else "utf-8"
    blocks = []
    for section in sections:
        heading, _, rest = section.partition("\n")
        blocks.append(f"<p><strong>{html.escape(heading)}</strong></p>")
        blocks.append(rest if rest.startswith("<table") else f"<p>{html.escape(rest)}</p>")
    info = f'<div class="info">{html.escape(header)}</div>\n' if header else ""
    sign = "".join(f'<p style="text-align:right">{html.escape(line)}</p>' for line in signature)
    return (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f'<title>{html.escape(title)}</title></head>\n<body><div class="header">网站首页 &gt; 政务公开 &gt; '
        f'政府信息公开年报</div>\n<div class="article"><h1>{html.escape(title)}</h1>\n{info}'
        + "\n".join(blocks)
        + f'\n{sign}</div>\n<div class="footer">主办单位：{html.escape(signature[0])}</div>'
        "</body></html>\n"
    )


# The years each era's reports cover.
_YEARS = {"prose": (2008, 2018), "2019": (2019, 2020), "2021": (2021, 2025)}


def _template_cells(
    rng: random.Random, era: str, t3_era: str, layout: str, inconsistent: bool
) -> tuple[dict[str, Any], list[str]]:
    """Every cell of tables 2-4, and the issue code of the one injected inconsistency (if asked for).

    Glued tables are redrawn until every row's digits split one way only.
    """
    issue_codes: list[str] = []
    for _ in range(200):
        t3t4 = {**_table3(rng, t3_era), **_table4(rng)}
        if inconsistent:
            issue_codes.append(_inject(rng, t3t4, layout == "glued"))
        if layout != "glued" or _glue_safe(t3t4, era):
            break
        issue_codes.clear()
    return {**_table2(rng, era), **t3t4}, issue_codes


def generate_report(
    seed: int,
    *,
    era: str = "2021",
    layout: str = "html_table",
    inconsistent: bool = False,
    encoding: str = "utf-8",
    agency_kind: str | None = None,
    date_form: str | None = None,
    single_other: bool = False,
) -> SynthReport:
    """One synthetic report, the same for the same arguments.

    ``encoding``: ``utf-8`` or ``gbk`` (HTML declares it only in its meta tag). ``agency_kind``: one of
    ``AGENCY_KINDS``; ``date_form``: one of ``DATE_FORMS`` (both drawn from the seed when None).
    ``single_other``: a 2021-era report whose table 3 still prints （六）其他处理 as one row (2019 style).
    """
    if era not in ERAS or layout not in LAYOUTS:
        raise ValueError(f"unknown era {era!r} or layout {layout!r}")
    t3_era = "2019" if single_other else era
    rng = random.Random(f"{seed}:{era}:{layout}")
    kind = agency_kind or rng.choice(AGENCY_KINDS)
    agency, place = _agency(rng, kind)
    year = rng.randint(*_YEARS[era])
    published = date(year + 1, 1, 10) + timedelta(days=rng.randint(0, 80))
    form = date_form or rng.choice(DATE_FORMS)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    issue_codes: list[str] = []
    uncertain: list[str] = []
    cells: dict[str, Any] = {}
    if era == "prose":
        figures, approximate, sections = _prose_figures(rng)
    else:
        approximate = []
        cells, issue_codes = _template_cells(rng, era, t3_era, layout, inconsistent)
        figures = _summary(cells)
        if "t4_block_sum_mismatch" in issue_codes:
            # A 总计 contradicted by its own printed results is left out and marked (as in 洪泽 2023).
            del figures["reconsideration_total"]
            uncertain.append("reconsideration_total")
        sections = _template_sections(rng, era, t3_era, cells, layout, figures)
    header = f"发布日期：{published.isoformat()}" if form == "header" else None
    signature = [agency] + ([] if form == "header" else [_print_date(published, form)])
    text = _wrap(title, sections, signature, header, layout, encoding)
    expected: dict[str, Any] = {
        "doc_kind": "annual_report",
        "agency": agency,
        "region": {
            "province": place.province,
            "city": place.city,
            "county": place.county,
            "code": place.code,
        },
        "report_year": year,
        "published_date": published.isoformat(),
        "template": era,
        "script": "simplified",
        "figures": dict(sorted(figures.items())),
        "approximate": approximate,
    }
    if cells:
        expected["cells"] = dict(sorted(cells.items()))
    if issue_codes:
        expected["issue_codes"] = issue_codes
    if uncertain:
        expected["uncertain"] = uncertain
    is_html = layout == "html_table"
    content_type = (
        ("text/html" if encoding == "gbk" else "text/html; charset=utf-8")
        if is_html
        else f"text/plain; charset={encoding}"
    )
    return SynthReport(
        body=text.encode(encoding),
        content_type=content_type,
        filename=f"{year}_report.{'html' if is_html else 'txt'}",
        expected=expected,
        agency=agency,
        report_year=year,
        era=era,
        layout=layout,
        seed=seed,
        title=title,
        published_date=published.isoformat(),
    )
