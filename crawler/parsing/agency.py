"""Who reports: the body's name as the document prints it (title, signature, opening sentence, page source).

The title's own name comes first (平潭综合实验区2018年度…, 淮安市人民政府 / 2024年…); a bare division
name gets 人民政府 (攀枝花市 -> 攀枝花市人民政府); a name relative to the reader (区行政服务中心) is
completed from a fuller name elsewhere in the text; a township's short name takes the fullest form the
document prints for it (城关镇 -> 遂溪县城关镇人民政府 in the signature). Without a title: the signature
above the closing date, the opening sentence (由…编制, X编制了本报告, 《X2019年度…报告》, 2019年,X坚持…),
a heading line, then the page's source fields (来源, 发布机构), which often name the portal's owner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from crawler.parsing.dates import find_date
from crawler.parsing.record import INFO_BAR
from crawler.parsing.regions import find_divisions, resolve
from crawler.parsing.self_name import self_named

_ORG_SUFFIX = (
    r"(?:人民政府|政府|办公室|办公厅|管理局|服务局|局|厅|委员会|管委会|委|服务中心|中心|院|署|办|所|站|处|"
    r"综合实验区|实验区|试验区|新区|开发区|高新区|示范区|街道办事处|街道|街|办事处|管理委员会|分局|"
    r"乡|镇|苏木|公司|集团|人民政府机关)"
)
ORG = re.compile(rf"^[\u4e00-\u9fff()]{{2,40}}?{_ORG_SUFFIX}$")
# A name written relative to the reader: 区行政服务中心, 市政务中心, 我局, 本机关.
_RELATIVE = re.compile(r"^(?:区|市|县|州|省|镇|乡|我|本|全)")
_GOVERNMENT_SUFFIX = re.compile(r"人民政府|政府|街道办事处|办事处|管委会|管理委员会")
# A year as titles print it: 2019年 or 二〇一九年 (never 2021年版, the edition of a form).
TITLE_YEAR = r"(?:(?:19|20)\d{2}|二[〇零][〇零一二三四五六七八九]{2})年(?!版)"
_TITLE_ORG = re.compile(rf"^(?P<org>[\u4e00-\u9fff()]{{2,40}}?)(?P<year>{TITLE_YEAR})")
_TITLE_ORG_AFTER_YEAR = re.compile(
    rf"^(?P<year>{TITLE_YEAR})(?:度)?(?P<org>[\u4e00-\u9fff()]{{2,30}}?)(?:政府信息公开|政务公开|信息公开)"
)
# A notice or letter titled by its issuer: "国务院办公厅政府信息与政务公开办公室 关于…的通知".
# A forwarding notice is titled by the forwarder: 霍邱县人民政府办公室转发省政府办公厅关于….
_TITLE_ISSUER = re.compile(r"^(?P<org>[\u4e00-\u9fff()]{2,40}?)\s*(?:转发[\u4e00-\u9fff]{2,30}?)?关于")
# A body's disclosure guide or catalogue: 平潭综合实验区政府信息公开指南.
_TITLE_GUIDE = re.compile(
    r"^(?P<org>[\u4e00-\u9fff()]{2,40}?)(?:政府信息公开|信息公开|政务公开)(?:工作)?(?:指南|目录|年度报告|年报)"
)
_TITLE_PREFIX = re.compile(r"^(?:(?:图解|解读|一图读懂|政策解读)\s*[:：]?\s*)?[《〈“\"'「『]?")
_COMPILER = re.compile(
    rf"由([\u4e00-\u9fff]{{2,40}}{_ORG_SUFFIX})(?:\(以下简称[^)]*\))?(?:根据|依据|按照|负责)?[^。]{{0,120}}?编制"
)
_OFFICE_OF_GOVERNMENT = re.compile(
    r"^(.{2,30}?(?:人民政府|街道办事处|街道|镇|乡))(?:党政|综合)?(?:办公室|办)$"
)
_COMPILER_BEFORE = re.compile(r"(?:编制|编写)(?:完成)?了?(?:本报告|《)")
# The report citing its own title (编写了《河北省工业和信息化厅2019年度政府信息公开工作报告》).
_CITED_TITLE = re.compile(
    rf"(?:《|现公布|特此公布|现发布|编制了|编写了)(?P<org>[\u4e00-\u9fff()]{{2,40}}?){TITLE_YEAR}(?:度)?(?:政府信息公开|政务公开|信息公开)"
    r"[^》。]{0,12}报告"
)
# The subject of the opening sentence of 总体情况: "2019年,XX镇人民政府坚持…", "2023年,省工业和信息化厅认真…".
_SUBJECT = re.compile(
    rf"(?:(?:(?:19|20)\d{{2}}年(?:度|以来)?|今年|本年度)[,，]?)?"
    rf"(?P<org>[\u4e00-\u9fff()]{{2,30}}?(?:{_ORG_SUFFIX}|省|市|县|区))"
    r"(?:坚持|认真|深入|全面|严格|紧紧|紧密|按照|围绕|始终|进一步|积极|不断|持续|切实|高度|以|召开|扎实|大力|着力|主动|利用|作为|通过|依法|及时)"
)
_ON_BEHALF = re.compile(r"我代表(?P<org>国务院|[\u4e00-\u9fff]{2,20}?人民政府)")
# National bodies: no province, whatever places the text mentions.
_NATIONAL = re.compile(r"^(?:国务院|中华人民共和国|中共中央|全国人大|全国政协|最高人民)")
# Where a sentence can start (besides the start of the text): after a line, a sentence, a colon or a
# heading (总体情况, 概述), or the 在…领导下, that opens many first sentences; a subject is tried only there.
_SENTENCE_START = re.compile(r"[。\n:：]|总体情况|概述|领导下[,，]")
_SUBJECT_HERE = re.compile(r"[\n ]{0,3}" + _SUBJECT.pattern)
# A clause opening with a preposition has no subject there (在国务院…, 通过政府网站主动公开…).
_NOT_A_SUBJECT = re.compile(r"^(?:在|对|由|经|据|按|从|向|通过|为|将|把|各|全)")
# The contact sentence: 如有疑问请与来凤县政务服务和大数据管理局(地址:…)联系; 请与…党政办公室联系.
_CONTACT = re.compile(rf"(?:请|可|或)与([\u4e00-\u9fff]{{2,40}}?{_ORG_SUFFIX})(?:\(|（|联系|,|，)")
# A department's own office as the contact (广元市市场监督管理局办公室): the department reports.
_OFFICE_OF_DEPARTMENT = re.compile(r"^(.{2,30}?(?:局|委员会|厅|署))办公室$")
_CLOSING_DATE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
    r"|二[〇零○][〇零○一二三四五六七八九]{2}\s*年[〇零○一二三四五六七八九十]{1,2}\s*月[〇零○一二三四五六七八九十]{1,3}\s*[日号]"
)
_PRINTED_RELATIVE = re.compile(r"^(?:省|市|县|区|州)[\u4e00-\u9fff]{3,}")
# A township or street office (its government suffix optional): 金厂镇, 迎宾路街道办事处, 佳荣里街.
_TOWNSHIP = re.compile(r"^(?P<core>[\u4e00-\u9fff]{1,20}?(?:镇|乡|街道|苏木))(?:人民政府|政府|办事处)?$")
_CLAUSE_MARKS = "。;；:：,， \n"
_ORG_AT_END = re.compile(rf"([\u4e00-\u9fff]{{4,40}}?{_ORG_SUFFIX})$")
_SOURCE = re.compile(
    rf"(?:来源|发布机构|信息来源|发文机关)\s*[:：]\s*([\u4e00-\u9fff()]{{2,40}}?{_ORG_SUFFIX})"
    r"(?=更新|发布|时间|日期|浏览|阅读|点击|字号|[^\u4e00-\u9fff()]|$)"
)
_META_SOURCE_KEYS = ("contentsource", "来源", "发布机构", "author", "dc.publisher", "发文机关")


def agency_of(text: str, lines: list[str], title: str | None, meta: Mapping[str, str]) -> str | None:
    """The reporting body's name: the title's, completed from the signature or opening; else theirs.

    The fullest form the text prints wins: a township or street office with its government (金厂镇 ->
    通化市东昌区金厂镇人民政府), a department with its place (农业农村局 -> 资溪县农业农村局).
    """
    found = _agency_of(text, lines, title, meta) or self_named(text)
    if found and _is_relative(found):  # 省教育厅 -> 河北省教育厅, 区统计局 -> 硚口区统计局 (as printed)
        found = _completed(found, text)
    return fullest_printed(found, text) if found else None


def _completed(name: str, text: str) -> str:
    """A name written relative to the reader, with the place the text prints in front of it elsewhere
    (the contact line's 硚口区统计局 for 区统计局); the name as it is when no such form is printed."""
    if name[0] not in "省市区县州":
        return name
    rest = name[1:]
    forms = [_places_before(text, m.start()) for m in re.finditer(re.escape(rest), text)]
    forms = [places + rest for places in forms if len(places) > 1 and places.endswith(name[0])]
    return max(forms, key=forms.count) if forms else name


def fullest_printed(name: str, text: str) -> str:
    """The longest printed form of a name: places before it; for a township, its government after it.

    Not a form that names an office of it or an address (…人民政府党政办公室, …人民政府驻地).
    """
    bare = name[len(_places_at_start(name)) :]
    core = _TOWNSHIP.match(bare)
    if core is None:  # a department: only a place written in front of it
        if not bare or bare != name or _RELATIVE.match(name):
            return name
        forms = [_places_before(text, m.start()) + name for m in re.finditer(re.escape(name), text)]
        return max(forms, key=len, default=name)
    pattern = (
        rf"{re.escape(core.group('core'))}(?:人民政府|街道办事处|办事处)(?!党政|办公室|驻地|大院|院内|门口)"
    )
    forms = [_places_before(text, m.start()) + m.group(0) for m in re.finditer(pattern, text)]
    # the government's printed name beats a longer place chain without it (亳州市利辛县望疃镇 ->
    # 利辛县望疃镇人民政府); among those, the longest
    return max(forms, key=len) if forms else name


def _places_at_start(name: str) -> str:
    found = find_divisions(name)
    prefix = ""
    for part, _ in found:
        if not name.startswith(prefix + part):
            break
        prefix += part
    return prefix


def printed_place(name: str | None, text: str) -> str | None:
    """The longest place-prefixed form of a township's name the text prints (微山县两城镇, in an address):
    what its region is read from when the name itself names no county."""
    core = _TOWNSHIP.match(name or "")
    if core is None:
        return None
    places = [_places_before(text, m.start()) for m in re.finditer(re.escape(core.group("core")), text)]
    longest = max(places, key=len, default="")
    return longest + core.group("core") if longest else None


def _places_before(text: str, at: int) -> str:
    """The run of division names (邹城市, 通化市东昌区) that ends right at ``at``; "" if none."""
    if at == 0 or text[at - 1] not in "省市区县州盟旗":  # a division name ends in one of these
        return ""
    window = text[max(0, at - 24) : at]
    for start in range(len(window) - 1):
        if _is_division(window[start:]):
            return window[start:]
    return ""


def _agency_of(text: str, lines: list[str], title: str | None, meta: Mapping[str, str]) -> str | None:
    printed = [*_signature(lines), *_opening(text[:1500])]  # what the document itself prints
    candidates = [*printed, *_agency_candidates(lines, meta)]
    others = [c for c in candidates if not _is_relative(c)]
    from_title = _title_org(title)
    if from_title is None:
        if others:
            return _with_parent(_as_agency(others[0], text), text)
        # 省工业和信息化厅 and nothing fuller anywhere: the name as printed (never completed by guesswork)
        return next((c for c in candidates if _PRINTED_RELATIVE.match(c)), None)
    if _is_relative(from_title):  # 区行政服务中心 -> 佛山市高明区人民政府行政服务中心
        # …or, with no fuller form printed, the title's own words (区政府办公室关于…的通知)
        return next((c for c in others if c.endswith(from_title[1:])), from_title)
    # <title> may shorten what the text writes in full: 北京街道办事处 -> 广州市越秀区北京街道办事处
    # …or the signature / opening prints it in full: 城关镇 -> 城关镇人民政府 (not another body: 城关镇财政所;
    # never the page's source field, which names the portal's owner)
    fuller = [c for c in others if c.endswith(from_title) and len(c) > len(from_title)]
    fuller += [
        c for c in printed if c.startswith(from_title) and _GOVERNMENT_SUFFIX.fullmatch(c[len(from_title) :])
    ]
    return max(fuller, key=len) if fuller else _with_parent(_as_agency(from_title, text), text)


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
    for pattern in (_TITLE_ORG, _TITLE_ORG_AFTER_YEAR, _TITLE_ISSUER, _TITLE_GUIDE):
        match = pattern.match(title)
        if match:
            org = match.group("org")
            if ORG.match(org) or _is_division(org):
                return org
    return None


def _agency_candidates(lines: list[str], meta: Mapping[str, str]) -> Iterable[str]:
    """Names of the reporting body after the signature and the opening sentence: a heading line, then
    the page's source fields (a portal often files a body's report under its own name).
    """
    for line in lines[:6]:  # a body's name on a line of its own (line 1 after the title, or line 0)
        if ORG.match(line):
            yield line
    for key in _META_SOURCE_KEYS:
        value = meta.get(key, "").strip()
        if ORG.match(value):
            yield value
    for line in (meta.get(INFO_BAR, ""), *lines[:4]):  # "来源:安徽省人民政府 更新时间:2012-06-05"
        for match in _SOURCE.finditer(line):
            if ORG.match(match.group(1)):
                yield match.group(1)


def _opening(opening: str) -> Iterable[str]:
    """The body as the opening names it: 由X编制, X编制完成了本报告, 《X2019年度…报告》, 2019年,X坚持…"""
    compiler = _COMPILER.search(opening)
    if compiler:  # 由两城镇人民政府党政办公室编制: the office compiles, its government reports
        yield _OFFICE_OF_GOVERNMENT.sub(r"\1", compiler.group(1))
    compiled = _COMPILER_BEFORE.search(opening)  # "…，区管委会办公室编制完成了本报告"
    if compiled:
        before = _ORG_AT_END.search(opening[max(0, compiled.start() - 44) : compiled.start()])
        if before:
            yield _OFFICE_OF_GOVERNMENT.sub(r"\1", before.group(1))
    issuer, _ = issued_by(opening)
    if issuer:
        yield issuer
    speaker = _ON_BEHALF.search(opening)  # 现在,我代表国务院,向大会作政府工作报告
    if speaker:
        yield speaker.group("org")
    cited = _CITED_TITLE.search(opening)
    if cited and ORG.match(cited.group("org")):
        yield cited.group("org")
    # the subject of the first sentence of 总体情况 / 概述 (or of the text); the outline sentence before it
    # may name 总体情况 too (报告包括总体情况、…), so every heading is tried
    for subject in _subjects(opening):
        org = subject.group("org")
        if not _NOT_A_SUBJECT.match(org) and (ORG.match(org) or _is_division(org)):
            yield org
            break
    # last, the contact sentence, when it names the body (not one of its offices: 政务公开办公室)
    contact = _CONTACT.search(opening)
    if contact:
        org = _OFFICE_OF_DEPARTMENT.sub(r"\1", _OFFICE_OF_GOVERNMENT.sub(r"\1", contact.group(1)))
        if not re.search(r"办公室|(?<!办事)处$|小组", org):  # 政务公开处 is an office; 街道办事处 the body
            yield org


def _subjects(opening: str) -> Iterator[re.Match[str]]:
    """Subjects that start a sentence, left to right and not overlapping, as ``finditer`` would give
    them: the regex is matched only at sentence starts (a lookbehind tested at every character made
    one scan of the opening cost more than the rest of the metadata)."""
    resume = 0
    for start in (0, *(m.end() for m in _SENTENCE_START.finditer(opening))):
        found = _SUBJECT_HERE.match(opening, start) if start >= resume else None
        if found:
            yield found
            resume = found.end()


# The cover text of a 印发 notice, signed before the attachment starts: "…现印发给你们,请结合实际认真贯彻
# 落实。河北省人民政府办公厅2019年6月2日河北省2019年政务公开工作要点…".
_ISSUED = re.compile(
    rf"(?:印发给你们|转发给你们)[^。]{{0,40}}。\s*(?P<org>[\u4e00-\u9fff()]{{2,40}}?{_ORG_SUFFIX})\s*"
    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)


def issued_by(text: str) -> tuple[str | None, str | None]:
    """The issuer and date signed under a 印发 notice's cover text (in its first lines), or Nones."""
    match = _ISSUED.search(text[:800])
    if match is None or not ORG.match(match.group("org")):
        return None, None
    return match.group("org"), find_date(match.group("date"))


def _signature(lines: list[str]) -> Iterable[str]:
    """The organisation printed above (or beside) the closing date."""
    tail = lines[-4:]
    for i, line in enumerate(tail):
        if len(line) <= 40 and find_date(line):
            before = re.sub(r"\s*(?:19|20)\d{2}.*$", "", line).strip()
            if before and ORG.match(before):
                yield before
            if i > 0 and ORG.match(tail[i - 1]):
                yield tail[i - 1]
    org, _ = signed_at_end(lines[-1] if lines else "")
    if org:
        yield org


def signed_at_end(text: str) -> tuple[str | None, str | None]:
    """The signature of a body stored as one long line: (organisation, ISO date) or Nones.

    "…。 平潭综合实验区管委会办公室2014年12月10日附件下载", "…事项无河北省人力资源和社会保障厅2020年1月20日
    更多信息请关注官方微信": the last date in the tail, followed by at most a short non-sentence trailer;
    the organisation is the longest name right before it that starts a clause or with a place name.
    """
    tail = text[-240:]
    dates = [
        m for m in _CLOSING_DATE.finditer(tail) if len(tail) - m.end() <= 40 and "。" not in tail[m.end() :]
    ]
    if not dates:
        return None, None
    date = dates[-1]
    before = tail[: date.start()].rstrip(" ")[-40:]
    return _signer(before), find_date(date.group(0))


def _signer(before: str) -> str | None:
    for start in range(len(before) - 3):
        name = before[start:]
        if not ORG.fullmatch(name):
            continue
        found = find_divisions(name)
        if start == 0 or before[start - 1] in _CLAUSE_MARKS or (found and name.startswith(found[0][0])):
            return name
    return None


def _is_division(name: str) -> bool:
    """A place name and nothing else: 攀枝花市, 长沙市天心区, 湖南省长沙市."""
    found = find_divisions(name)
    return bool(found) and "".join(part for part, _ in found) == name


def _as_agency(name: str, text: str) -> str:
    """A bare place name stands for its government: 攀枝花市 -> 攀枝花市人民政府 (the golden labels' rule;
    some real labels keep the bare name, see the parser report)."""
    return name + "人民政府" if _is_division(name) else name


def _with_parent(agency: str, text: str) -> str:
    """Prefix the city when the text itself writes it in front (洪泽区… -> 淮安市洪泽区…)."""
    region = resolve(agency)
    if not (region.county and region.city) or agency.startswith(region.city):
        return agency
    return region.city + agency if region.city + agency in text else agency  # only as printed


def is_national(agency: str | None) -> bool:
    """国务院…, 中华人民共和国…部: a national body, in no province."""
    return bool(agency and _NATIONAL.match(agency))


_SELF_BELOW_COUNTY = re.compile(r"(?:我|本)(?:镇|乡|街道|局|单位)")


def below_county(agency: str | None, text: str) -> bool:
    """A township, a street office or a county's bureau (县统计局, or unnamed: 我镇, 我局): a body whose
    county the text may name only as the government above it."""
    if agency is None:
        return bool(_SELF_BELOW_COUNTY.search(text[:3000]))
    return bool(_TOWNSHIP.match(agency)) or agency.startswith(("县", "区"))
