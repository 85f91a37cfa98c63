"""Who reports, for which year, published when, in which template era.

Rules (each documented where it is applied):
- title: page metadata (``<title>``, 标题 header) first, else the first line when it reads as a title.
- agency: the reporting body as the document prints it (``agency``: title, signature, opening, source).
- report_year: the year covered, never the publication year: title year, statistics period, 20xx年度,
  then the most frequent year in the text.
- published_date: page metadata (meta tags, the info bar around the article), a labelled date in the first
  lines (发布时间: …), or the signature date at the very end. Dates inside the prose (统计期限 …12月31日)
  are never publication dates.
- template era: the 2019 or 2021 layout, from labels only one of the two templates uses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from crawler.parsing.agency import (
    ORG,
    TITLE_YEAR,
    agency_of,
    below_county,
    is_national,
    issued_by,
    printed_place,
    signed_at_end,
)
from crawler.parsing.dates import find_date, labelled_date, parse_date
from crawler.parsing.numbers import to_number
from crawler.parsing.record import INFO_BAR, Region
from crawler.parsing.regions import ambiguous_county, county_from_mentions, province_from_mentions, resolve

_TITLE_WORDS = re.compile(
    r"(?:年度报告|年报|工作报告|工作情况|综述|通知|解读|报告|工作要点|函$|公开指南|公开目录)"
)
# Page chrome above a title: an info bar or a breadcrumb line.
_CHROME_LINE = re.compile(
    r"^(?:发布|来源|日期|时间|当前位置|您当前|您的位置|首页|浏览|阅读|字号|索引号|文号)[^。]{0,80}$"
    r"|^[^。]{0,80}?(?:日期|时间)\s*[:：][^。]{0,60}$"
)
_HEADER_DATE = re.compile(
    r"^(?:——|—)?((?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|-\d{1,2}-\d{1,2}))"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|浏览|点击|字号|在)"
)
_DATE_LABEL_ONLY = re.compile(r"^(?:发布|成文|公开|发文|发表|印发)(?:日期|时间)\s*[:：]?")
_DATE_LINE = re.compile(
    r"[(（]?(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|二[〇零○][〇零○一二三四五六七八九]{2}年[〇一二三四五六七八九十]{1,2}月[〇一二三四五六七八九十]{1,3}日)[)）]?"
)
_REPORTS_OF_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年(?:度)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度报告|年报)"
)
_TITLE_LABEL = re.compile(r"^(?:标题|信息名称|文件名称|名称)\s*[:：]?\s*(\S{6,80}?)(?:\s|$)")
_OUTLINE_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|\d+[.、])")
_TITLE_CUT = re.compile(
    r"^(.{4,60}?(?:年度报告|年报|工作报告|综述)|[^,，。]{2,40}?关于.{4,60}?的(?:通知|通报|函))"
)
_SENTENCE_LIKE = re.compile(r"。|^(?:为|现将|本报告|本年度)|依据|根据|按照|(?:19|20)\d{2}年(?:度)?[,，]?我")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_LEADING_ORG_YEAR = re.compile(
    r"^(?P<org>[\u4e00-\u9fff()]{2,40}?)(?P<year>(?:19|20)\d{2})年(?!\d|以来|[1-9]\d?月)"
)
_YEAR_IN_TITLE = re.compile(rf"(?<!\d)({TITLE_YEAR})")
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|~|-|—|－)")
_YEAR_LABELLED = re.compile(r"(?<!\d)((?:19|20)\d{2})年度(?:政府信息公开|政务公开|信息公开)")
# 2019年度我局共收到…: the year the body speaks of as its own
_YEAR_OF_SELF = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年度?[,，]?(?:我|本)(?:局|委|厅|办|单位|机关|区|县|市|镇|乡|街道|中心)"
)
_REPORT_AFTER = re.compile(r"[^。；;，,]{0,8}?(?:工作)?(?:年度报告|工作报告|年报)")
_PUBLISHED_BEFORE = re.compile(r"(?:公开|发布|公布|报送)了?[^。；;]*$")
_META_TITLE_KEYS = ("标题", "articletitle", "title", "og:title", "dc.title")
_META_DATE_KEYS = (
    "发布时间",
    "发布日期",
    "成文日期",
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "dc.date",
    "article:published_time",
    "更新时间",
    "日期",
)
# Labels only one template era uses (table 2 columns, the three 2021 其他处理 sub-rows).
_SIGNATURE_DATE = re.compile(r"[\u4e00-\u9fff()]{0,40}\s*[\d〇一二三四五六七八九十零年月日号\s./-]+")
_ERA_2021 = re.compile(r"本年制发件数|本年废止件数|现行有效件数|本年收费金额|逾期不补正")
_ERA_2019 = re.compile(r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|采购总金额")
_ERA_ANY = re.compile(r"本年新收政府信息公开申请|上年结转政府信息公开申请|结转下年度继续办理")


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    region: Region = field(default_factory=Region)
    report_year: int | None = None
    published_date: str | None = None
    template_era: str | None = None  # "2019" | "2021" | None (no template tables recognised)


def read_metadata(text: str, *, title: str | None = None, meta: Mapping[str, str] | None = None) -> Metadata:
    """Metadata of a report from its normalised text, page title and page metadata (all normalised)."""
    lookup = {k.lower(): v for k, v in (meta or {}).items() if v}
    lines = [line for line in text.split("\n") if line.strip()]
    found_title = _title(lines, title, lookup)
    published = _published(lines, lookup)
    agency = agency_of(text, lines, found_title, lookup)
    year = _report_year(text, found_title, published)
    return Metadata(
        title=found_title,
        agency=agency,
        region=_region(agency, found_title, text),
        report_year=year,
        published_date=published,
        template_era=template_era(text, year),
    )


# ---------------------------------------------------------------- title
def _title(lines: list[str], title: str | None, meta: Mapping[str, str]) -> str | None:
    """The most specific title: page metadata and the first line(s) compete; one with a year wins.

    PDF metadata often carries a generic title (政府信息公开工作年度报告) while the first lines name the
    agency and year; an HTML <title> usually is the full title.
    """
    candidates = [_clean_title(c) for c in (*(meta.get(k) for k in _META_TITLE_KEYS), title) if c]
    candidates.append(_first_line_title(lines) or "")
    # a sentence is not a title (依据…编制本报告。; 2023年我镇根据上级有关部门的通知,…)
    titled = [c for c in candidates if c and _TITLE_WORDS.search(c) and not _SENTENCE_LIKE.search(c)]
    with_year = [c for c in titled if _YEAR_IN_TITLE.search(c)]
    best = with_year or titled
    if not best:
        return None
    # <title> often shortens the name the heading gives in full (北京街道办事处… / 广州市越秀区北京…)
    return max((c for c in best if c.endswith(best[0])), key=len)


def _first_line_title(lines: list[str]) -> str | None:
    """The title line: the first line, or the first after page chrome (发布日期：…, 当前位置：…, a site
    name, a column name); a labelled title (标题：…, 信息名称 …) wherever it is in the first lines."""
    for index, line in enumerate(lines[:8]):
        labelled = _TITLE_LABEL.match(line)
        if labelled:
            return labelled.group(1)
        if _CHROME_LINE.search(line) or _OUTLINE_LINE.match(line):
            continue
        found = _title_at(lines[index:])
        if found or (index == 0 and len(line) > 60):  # a body that starts at once has no title line
            return found
    return None


def _title_at(lines: list[str]) -> str | None:
    first = lines[0]
    # PDF title pages split "淮安市人民政府" / "2024年政府信息公开工作年度报告" over two lines.
    if len(lines) > 1 and ORG.match(first) and _YEAR_IN_TITLE.match(lines[1]):
        first = first + lines[1]
    if first.startswith(("本报告", "本年度", "根据", "按照")):  # the opening sentence, not a title
        return None
    if len(first) <= 60 and _TITLE_WORDS.search(first) and not re.search(r"[,，。:;]", first):
        return first  # a title line of its own
    # Archived pages run the title into the body on one line: cut after the report words.
    cut = _TITLE_CUT.match(first)
    if cut and not re.search(r"[《,，。:]", cut.group(1)):
        return cut.group(1)
    return None


def _clean_title(title: str) -> str:
    # <title> often carries the site name after a separator: "…年度报告_某某市人民政府".
    return re.split(r"\s*[_|]\s*|\s+-\s+", title.strip())[0] or title.strip()


# ---------------------------------------------------------------- region
def _region(agency: str | None, title: str | None, text: str) -> Region:
    """Divisions the agency (or the title) names, parents filled in from GB/T 2260.

    When neither names one, a province the text itself names (most often) is used: 平潭综合实验区 is
    not in the table, its report says 福建. Cities are never taken from the body: a body mentions many.
    """
    if is_national(agency):
        return Region()
    for source in (agency, title, printed_place(agency, text)):
        if source:
            region = resolve(source)
            if region.code is not None:
                return region
    named = ambiguous_county(agency)  # 长安区砲里街道: a county name several cities have, and no city
    if named:
        return Region(county=named)
    if below_county(agency, text):  # a township or a county bureau: the county whose bodies it names
        region = county_from_mentions(text)
        if region.code is not None:
            return region
    return province_from_mentions(text)


# ---------------------------------------------------------------- years and dates
def _report_year(text: str, title: str | None, published: str | None) -> int | None:
    if title:
        match = _YEAR_IN_TITLE.search(title)
        if match:
            year = to_number(match.group(1).removesuffix("年"))  # 2019 or 二〇一九 (cn2an)
            if isinstance(year, int):
                return year
    leading = _LEADING_ORG_YEAR.match(text)  # a title run into the text: 河北省工业和信息化厅2020年法治…
    if leading and ORG.match(leading.group("org")):
        return int(leading.group("year"))
    head = text[:3000]
    for pattern in (_PERIOD, _YEAR_LABELLED, _YEAR_OF_SELF):
        match = next((m for m in pattern.finditer(head) if not _cites_a_report(head, m)), None)
        if match:
            return int(match.group(1))
    years = Counter(int(y) for y in _YEAR.findall(text))
    if published:  # a report covers a year before its publication (rarely the same year)
        before = Counter({y: n for y, n in years.items() if y < int(published[:4])})
        years = before or Counter({y: n for y, n in years.items() if y == int(published[:4])})
    return years.most_common(1)[0][0] if years else None


def _cites_a_report(text: str, match: re.Match[str]) -> bool:
    """公开了…及2018年度信息公开工作报告: a report the body published during the year, not this one."""
    return bool(_REPORT_AFTER.match(text, match.end())) and bool(
        _PUBLISHED_BEFORE.search(text, max(0, match.start() - 80), match.start())
    )


def _published(lines: list[str], meta: Mapping[str, str]) -> str | None:
    for key in _META_DATE_KEYS:
        value = meta.get(key)
        if value:
            parsed = parse_date(value)
            if parsed:
                return parsed
    head = lines[:16]
    # an info bar laid out one cell per line: the label (发布日期) on one line, its value on the next
    joined = [a + b if _DATE_LABEL_ONLY.match(a) else a for a, b in zip(head, [*head[1:], ""], strict=True)]
    labelled_late = [line for line in joined[10:] if _DATE_LABEL_ONLY.match(line)]
    for line in (meta.get(INFO_BAR, ""), *joined[:10], *labelled_late):
        found = labelled_date(line)
        if found:
            return found
        dated = _HEADER_DATE.match(line)  # 2022年01月18日来源:…, ——2023年2月2日在…大会上
        if dated:
            return find_date(dated.group(1))
    for line in lines[:10]:  # a notice's date line under its heading: 二○一一年十二月二日
        if len(line) <= 16 and _DATE_LINE.fullmatch(line):
            found = find_date(line)
            if found:
                return found
    for line in lines[-3:]:
        # the signature: a line that is a date (optionally after the organisation), nothing more
        if len(line) <= 40 and _SIGNATURE_DATE.fullmatch(line):
            found = find_date(line)
            if found:
                return found
    if lines and signed_at_end(lines[-1])[1]:  # a one-line body's closing date
        return signed_at_end(lines[-1])[1]
    return issued_by("\n".join(lines[:3]))[1]


def notice_year(title: str | None, text: str) -> int | None:
    """The report year a notice is about, when it names the reports of one year (关于做好2017年政府信息
    公开工作年度报告编制和公布工作的通知 -> 2017); a notice about the format in general has none."""
    years = {int(y) for y in _REPORTS_OF_YEAR.findall(f"{title or ''}\n{text[:3000]}")}
    return years.pop() if len(years) == 1 else None


# ---------------------------------------------------------------- template era
def template_era(text: str, report_year: int | None = None) -> str | None:
    """``2021`` / ``2019`` from labels only that layout prints; ``None`` without template tables.

    Tables 3 and 4 read the same in both layouts; when only they are present the era follows the
    year (the 2021 format applies from the 2021 reports on).
    """
    if _ERA_2021.search(text):
        return "2021"
    if _ERA_2019.search(text):
        return "2019"
    if _ERA_ANY.search(text):
        return "2021" if report_year is not None and report_year >= 2021 else "2019"
    return None
