"""Who reports, for which year, published when, in which template era.

Rules (each documented where it is applied):
- title: page metadata (``<title>``, 标题 header) first, else the first line when it reads as a title.
- agency: the organisation the report is about. The title's own name comes first (平潭综合实验区2018年度…,
  淮安市人民政府 / 2024年…); a bare division name gets 人民政府 (攀枝花市 -> 攀枝花市人民政府); a name
  relative to the reader (区行政服务中心) is completed from a fuller name elsewhere in the text. Then the
  page's source (来源, ContentSource, 发布机构), the compiler in the opening sentence (由…编制), the
  signature above the closing date, a standalone organisation line near the top.
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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from crawler.parsing.dates import find_date, labelled_date, parse_date
from crawler.parsing.numbers import to_number
from crawler.parsing.record import INFO_BAR, Region
from crawler.parsing.regions import find_divisions, province_from_mentions, resolve

_ORG_SUFFIX = (
    r"(?:人民政府|政府|办公室|办公厅|管理局|服务局|局|厅|委员会|管委会|委|服务中心|中心|院|署|办|所|站|处|"
    r"综合实验区|实验区|试验区|新区|开发区|高新区|示范区|街道办事处|街道|公司|集团)"
)
_ORG = re.compile(rf"^[\u4e00-\u9fff()]{{2,40}}?{_ORG_SUFFIX}$")
# A name written relative to the reader: 区行政服务中心, 市政务中心, 我局, 本机关.
_RELATIVE = re.compile(r"^(?:区|市|县|州|省|镇|乡|我|本|全)")
_TITLE_WORDS = re.compile(r"(?:年度报告|年报|工作报告|工作情况|综述|通知|解读|报告)")
_TITLE_CUT = re.compile(r"^(.{4,60}?(?:年度报告|年报|工作报告|综述))")
# A year as titles print it: 2019年 or 二〇一九年 (never 2021年版, the edition of a form).
_TITLE_YEAR = r"(?:(?:19|20)\d{2}|二[〇零][〇零一二三四五六七八九]{2})年(?!版)"
_TITLE_ORG = re.compile(rf"^(?P<org>[\u4e00-\u9fff()]{{2,40}}?)(?P<year>{_TITLE_YEAR})")
_TITLE_ORG_AFTER_YEAR = re.compile(
    rf"^(?P<year>{_TITLE_YEAR})(?:度)?(?P<org>[\u4e00-\u9fff()]{{2,30}}?)(?:政府信息公开|政务公开|信息公开)"
)
_TITLE_PREFIX = re.compile(r"^(?:(?:图解|解读|一图读懂|政策解读)\s*[:：]?\s*)?[《〈“\"'「『]?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_YEAR_IN_TITLE = re.compile(rf"(?<!\d)({_TITLE_YEAR})")
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|~|-|—|－)")
_YEAR_LABELLED = re.compile(r"(?<!\d)((?:19|20)\d{2})年度(?:政府信息公开|政务公开|信息公开)")
_COMPILER = re.compile(
    rf"由([\u4e00-\u9fff]{{4,40}}{_ORG_SUFFIX})(?:\(以下简称[^)]*\))?(?:根据|依据|按照|负责)?[^。]{{0,60}}?编制"
)
_COMPILER_BEFORE = re.compile(r"编制(?:完成)?了?本报告")
_ORG_AT_END = re.compile(rf"([\u4e00-\u9fff]{{4,40}}?{_ORG_SUFFIX})$")
_SOURCE = re.compile(
    rf"(?:来源|发布机构|信息来源|发文机关)\s*[:：]\s*([\u4e00-\u9fff()]{{2,40}}?{_ORG_SUFFIX})"
    r"(?=更新|发布|时间|日期|浏览|阅读|点击|字号|[^\u4e00-\u9fff()]|$)"
)
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
_META_SOURCE_KEYS = ("contentsource", "来源", "发布机构", "author", "dc.publisher", "发文机关")
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
    agency = _agency(text, lines, found_title, lookup)
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
    titled = [c for c in candidates if c and _TITLE_WORDS.search(c)]
    with_year = [c for c in titled if _YEAR_IN_TITLE.search(c)]
    best = with_year or titled
    if not best:
        return None
    # <title> often shortens the name the heading gives in full (北京街道办事处… / 广州市越秀区北京…)
    return max((c for c in best if c.endswith(best[0])), key=len)


def _first_line_title(lines: list[str]) -> str | None:
    if not lines:
        return None
    first = lines[0]
    # PDF title pages split "淮安市人民政府" / "2024年政府信息公开工作年度报告" over two lines.
    if len(lines) > 1 and _ORG.match(first) and _YEAR_IN_TITLE.match(lines[1]):
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


# ---------------------------------------------------------------- agency
def _agency(text: str, lines: list[str], title: str | None, meta: Mapping[str, str]) -> str | None:
    others = [c for c in _agency_candidates(text, lines, meta) if not _is_relative(c)]
    from_title = _title_org(title)
    if from_title is None:
        return _with_parent(_as_agency(others[0]), text) if others else None
    if _is_relative(from_title):  # 区行政服务中心 -> 佛山市高明区人民政府行政服务中心
        return next((c for c in others if c.endswith(from_title[1:])), None)
    # <title> may shorten what the text writes in full: 北京街道办事处 -> 广州市越秀区北京街道办事处
    fuller = [c for c in others if c.endswith(from_title) and len(c) > len(from_title)]
    return max(fuller, key=len) if fuller else _with_parent(_as_agency(from_title), text)


def _is_relative(name: str) -> bool:
    """区行政服务中心, 市政务中心, 我局: written relative to the reader (but 本溪市…, 镇巴县… are places)."""
    if not _RELATIVE.match(name):
        return False
    found = find_divisions(name)
    return not (found and name.startswith(found[0][0]))


def _title_org(title: str | None) -> str | None:
    if not title:
        return None
    title = _TITLE_PREFIX.sub("", title)  # 《某某2021年…年度报告》解读, 图解:某某2022年…
    for pattern in (_TITLE_ORG, _TITLE_ORG_AFTER_YEAR):
        match = pattern.match(title)
        if match:
            org = match.group("org")
            if _ORG.match(org) or _is_division(org):
                return org
    return None


def _agency_candidates(text: str, lines: list[str], meta: Mapping[str, str]) -> Iterable[str]:
    for key in _META_SOURCE_KEYS:
        value = meta.get(key, "").strip()
        if _ORG.match(value):
            yield value
    for line in (meta.get(INFO_BAR, ""), *lines[:4]):  # "来源:安徽省人民政府 更新时间:2012-06-05"
        for match in _SOURCE.finditer(line):
            if _ORG.match(match.group(1)):
                yield match.group(1)
    opening = text[:1500]
    compiler = _COMPILER.search(opening)
    if compiler:
        yield compiler.group(1)
    compiled = _COMPILER_BEFORE.search(opening)  # "…，区管委会办公室编制完成了本报告"
    if compiled:
        before = _ORG_AT_END.search(opening[max(0, compiled.start() - 44) : compiled.start()])
        if before:
            yield before.group(1)
    yield from _signature(lines)
    for line in lines[1:6]:
        if _ORG.match(line):
            yield line


def _signature(lines: list[str]) -> Iterable[str]:
    """The organisation printed above (or beside) the closing date."""
    tail = lines[-4:]
    for i, line in enumerate(tail):
        if len(line) <= 40 and find_date(line):
            before = re.sub(r"\s*(?:19|20)\d{2}.*$", "", line).strip()
            if before and _ORG.match(before):
                yield before
            if i > 0 and _ORG.match(tail[i - 1]):
                yield tail[i - 1]


def _is_division(name: str) -> bool:
    """A place name and nothing else: 攀枝花市, 长沙市天心区, 湖南省长沙市."""
    found = find_divisions(name)
    return bool(found) and "".join(part for part, _ in found) == name


def _as_agency(name: str) -> str:
    """A bare place name stands for its government: 攀枝花市 -> 攀枝花市人民政府."""
    return name + "人民政府" if _is_division(name) else name


def _with_parent(agency: str, text: str) -> str:
    """Prefix the city when the text itself writes it in front (洪泽区… -> 淮安市洪泽区…)."""
    region = resolve(agency)
    if not (region.county and region.city) or agency.startswith(region.city):
        return agency
    written = region.city + agency in text or region.city + region.county in text
    return region.city + agency if written else agency


# ---------------------------------------------------------------- region
def _region(agency: str | None, title: str | None, text: str) -> Region:
    """Divisions the agency (or the title) names, parents filled in from GB/T 2260.

    When neither names one, a province the text itself names (most often) is used: 平潭综合实验区 is
    not in the table, its report says 福建. Cities are never taken from the body: a body mentions many.
    """
    for source in (agency, title):
        if source:
            region = resolve(source)
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
    for pattern in (_PERIOD, _YEAR_LABELLED):
        match = pattern.search(text[:3000])
        if match:
            return int(match.group(1))
    years = Counter(int(y) for y in _YEAR.findall(text))
    if published:  # a report covers a year before its publication (rarely the same year)
        before = Counter({y: n for y, n in years.items() if y < int(published[:4])})
        years = before or Counter({y: n for y, n in years.items() if y == int(published[:4])})
    return years.most_common(1)[0][0] if years else None


def _published(lines: list[str], meta: Mapping[str, str]) -> str | None:
    for key in _META_DATE_KEYS:
        value = meta.get(key)
        if value:
            parsed = parse_date(value)
            if parsed:
                return parsed
    for line in (meta.get(INFO_BAR, ""), *lines[:5]):
        found = labelled_date(line)
        if found:
            return found
    for line in lines[-3:]:
        # the signature: a line that is a date (optionally after the organisation), nothing more
        if len(line) <= 40 and _SIGNATURE_DATE.fullmatch(line):
            found = find_date(line)
            if found:
                return found
    return None


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
