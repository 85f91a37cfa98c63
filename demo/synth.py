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

import html
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from crawler.parsing.template import Era
from demo.synth_places import _agency
from demo.synth_tables import INCONSISTENCIES as INCONSISTENCIES
from demo.synth_tables import (
    _glue_safe,
    _inject,
    _render_table,
    _summary,
    _t2_table,
    _t3_table,
    _t4_table,
    _table2,
    _table3,
    _table4,
)

ERAS: tuple[Era, ...] = tuple(Era)
LAYOUTS: tuple[str, ...] = ("html_table", "pipe_text", "cell_per_line", "glued")
DATE_FORMS: tuple[str, ...] = ("cn", "iso", "spaced", "cn_numerals", "header")
AGENCY_KINDS: tuple[str, ...] = ("government", "department", "township", "development_zone")

_CN_DIGITS = "〇一二三四五六七八九"
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
    if era == Era.T2021 or rng.random() < 0.5:
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
_YEARS = {Era.PROSE: (2008, 2018), Era.T2019: (2019, 2020), Era.T2021: (2021, 2025)}


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
    era: str = Era.T2021,
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
    t3_era = Era.T2019 if single_other else era
    rng = random.Random(f"{seed}:{era}:{layout}")
    kind = agency_kind or rng.choice(AGENCY_KINDS)
    agency, place = _agency(rng, kind)
    year = rng.randint(*_YEARS[Era(era)])
    published = date(year + 1, 1, 10) + timedelta(days=rng.randint(0, 80))
    form = date_form or rng.choice(DATE_FORMS)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    issue_codes: list[str] = []
    uncertain: list[str] = []
    cells: dict[str, Any] = {}
    if era == Era.PROSE:
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
