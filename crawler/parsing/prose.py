"""Summary figures stated in sentences (pre-2019 reports, and the prose parts of later ones).

Conservative by design: a figure is produced only when a sentence clearly states it with the words the
report genre uses (主动公开政府信息500余条, 受理信息公开申请9981条, 本年度没有发生政府信息公开申请,
未收到…行政复议、行政诉讼, 没有…收取…费用). Every other number in a report (hotline calls, trading
notices, website visits, staff, 政策性文件90份) matches none of these shapes and is left alone.

Where a sentence states a total and, right after it, its breakdown (其中 a条, b条, c条), the parts are
added up; a difference becomes an ``Issue`` (``proactive_breakdown_mismatch`` …), never a correction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from crawler.parsing.numbers import parse_quantity
from crawler.parsing.old_table import read_old_table
from crawler.parsing.prose_context import sentence_bounds
from crawler.parsing.prose_rules import RULES, Q, Rule
from crawler.parsing.record import Issue, Number

_PAGE_NUMBER = re.compile(r"^-?\s*\d{1,3}\s*-?$|^第\s*\d+\s*页")
# 全县/全市…: a count for the whole division. It is the body's own figure only in the report of that
# division's government (全县 in a county's report); in a township's, a department's or a lower
# government's report it is another scope (a county-wide total in a township report).
_WIDE_SCOPE = re.compile(r"全(?P<level>省|市|县|区|州|旗|盟|国)(?!统一|部署|要求|范围内的?要求)")
# A year standing for itself (2016年, 2016年度), not a date (2016年1月1日).
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?:度)?(?!\d|[一二三四五六七八九十]{1,2}月|底|末)")
# "向市政府及市政府办公室提出的申请5件。信息公开类行政复议1起": a paragraph copied from the government's
# report about applications made to that government; the count in the next sentence is its, not ours.
_OTHER_ADDRESSEE = re.compile(r"向(?P<level>省|市|县|区|州)(?:人民)?政府[^。；]{0,15}提出")
# "主动公开信息81条,其中退回三条": the count includes items that were not published.
_PARTLY_WITHDRAWN = re.compile(r"其中(?:退回|撤回|未通过|未发布)")
_OWN_BODY = re.compile(r"(?:我|本)(?:镇|乡|街道|局|委|办|厅|中心|单位|机关|部门|所|站|院|处)")
_GOVERNMENT = re.compile(
    r"(?P<level>省|市|县|区|州|旗|盟)(?:人民政府|政府|管委会|管理委员会)?(?:办公厅|办公室)?$"
)


# "收到申请1件，…审查后未予公开": the one outcome named right after a count of applications.
_SOLE_OUTCOME = (
    ("outcome_denied_total", re.compile(r"^[^\d。；]*?(?:均|全部|都)?(?:未予公开|不予公开)[^\d。；]*$")),
    ("outcome_granted", re.compile(r"^[^\d。；]*?(?:均|全部|都)(?:已)?(?:予以公开|同意公开)[^\d。；]*$")),
)
_ANY_COUNT = re.compile(rf"{Q}(?:件|条|宗|个|份)")
_BREAKDOWN_PART = re.compile(rf"{Q}(?P<unit>人次|次|件|条|个|宗|份)(?!%)")
_PARENS = re.compile(r"\([^()]*\)")
# What a total of the key says before its 其中: publishing for proactive items, 咨询 for consultations.
_BREAKDOWN_LEAD = {"proactive_total": re.compile(r"公开|公布|发布"), "consultations": re.compile(r"咨询")}
_SHARE_AFTER = re.compile(r"[,，]?(?:约)?占(?:总数|全部|比|全年)?(?:的)?(?:比例)?(?:为)?\d+(?:\.\d+)?%")


@dataclass
class ProseReading:
    figures: dict[str, Number] = field(default_factory=dict)
    approximate: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # where each figure was read
    rules: dict[str, str] = field(default_factory=dict)  # figure key -> "prose:<rule name>"
    uncertain: list[str] = field(default_factory=list)  # keys the text and its old table disagree on


def prose_flow(text: str) -> str:
    """The report's prose as one stream: table rows and page numbers dropped, wrapped lines joined."""
    lines = (_prose_part(line) for line in text.split("\n") if not _PAGE_NUMBER.match(line))
    return "".join(lines)


def _prose_part(line: str) -> str:
    """A line without ``|`` whole; of a table row, only cells holding sentences (a report captured as one
    line that ends in a stray ``|`` is still prose, but a row's label and number cells are not)."""
    if "|" not in line:
        return line
    return "".join(cell for cell in line.split("|") if "。" in cell)


def read_prose(text: str, agency: str | None = None, year: int | None = None) -> ProseReading:
    """Summary figures stated in sentences of the normalised text.

    ``agency`` (the reporting body, when known) decides which whole-division counts are its own; ``year``
    (the report's year, when known) keeps out a sentence about another year (2016年,共受理行政复议3起 in
    the 2017 report).
    """
    flow = prose_flow(text)
    reading = ProseReading()
    scope = Scope(_own_scope(agency), year)
    dated_elsewhere: list[Rule] = []  # rules with a match in a sentence dated another year
    for rule in RULES:
        if rule.key in reading.figures or rule.key in reading.uncertain:
            continue
        if rule.needs is not None and not rule.needs.search(flow):
            continue
        for match, elsewhere in _matches(rule, flow, scope):
            if elsewhere:
                if not dated_elsewhere or dated_elsewhere[-1] is not rule:
                    dated_elsewhere.append(rule)
                continue
            if not rule.zero and _partly_withdrawn(flow, match):
                reading.uncertain.append(rule.key)  # which part is the year's count is not stated
                break
            if _take(rule, match, flow, reading):
                reading.rules[rule.key] = f"prose:{rule.name}"
                break
    for key in reading.figures:
        reading.rules.setdefault(key, "prose:sole_outcome")
    _dated_elsewhere(dated_elsewhere, reading)
    _with_old_table(read_old_table(text), reading)
    return reading


def _dated_elsewhere(rules: list[Rule], reading: ProseReading) -> None:
    """A key stated only in a sentence dated another year (2022年我镇收到…0件 in the 2023 report): a typo
    or last year's figure, the text does not say which, so the key is uncertain rather than absent.

    ``rules`` are those whose matches ``read_prose`` found dated elsewhere (noted during its own scan, so
    the text is not scanned twice); a rule that went on to read its key is passed over here.
    """
    for rule in rules:
        if rule.key not in reading.figures and rule.key not in reading.uncertain:
            reading.uncertain.append(rule.key)


def _with_old_table(table: dict[str, int], reading: ProseReading) -> None:
    """The old statistics table's figures; where the sentences state another figure for the same key,
    the document contradicts itself and the key is left out (uncertain)."""
    for key, value in table.items():
        stated = reading.figures.get(key)
        bound = key in reading.approximate  # 500余条: a bound the exact table figure may meet
        if stated is None or (bound and value >= stated):
            reading.figures[key] = value
            reading.rules[key] = "prose:old_table"
            if bound:
                reading.approximate.remove(key)
        elif stated != value:
            del reading.figures[key]
            reading.rules.pop(key, None)
            reading.uncertain.append(key)
            if bound:
                reading.approximate.remove(key)


def _own_scope(agency: str | None) -> str | None:
    """The 全X a body may speak of as itself: 县 for X县人民政府; "" for any other body; None if unknown."""
    if agency is None:
        return None
    match = _GOVERNMENT.search(agency)
    return match.group("level") if match else ""


@dataclass(frozen=True)
class Scope:
    own: str | None  # the 全X the body may speak of as itself ("" none, None unknown)
    year: int | None  # the report's year


def _matches(rule: Rule, flow: str, scope: Scope) -> Iterator[tuple[re.Match[str], bool]]:
    """The rule's matches that pass its check and the scope test, each with whether its sentence is
    dated another year (then it states no figure of the report's year)."""
    for match in rule.pattern.finditer(flow):
        if rule.check is not None and not rule.check(flow, match):
            continue
        if scope.own is not None and _other_scope(flow, match, scope.own):
            continue
        yield match, scope.year is not None and _other_year(flow, match, scope.year)


def _other_year(flow: str, match: re.Match[str], year: int) -> bool:
    """The sentence is about another year only: 2016年,河北省教育厅共受理行政复议3起 in a 2017 report."""
    start, _ = sentence_bounds(flow, match.start())
    years = {int(m.group(1)) for m in _BARE_YEAR.finditer(flow, start, match.start())}
    return bool(years) and year not in years


def _partly_withdrawn(flow: str, match: re.Match[str]) -> bool:
    _, end = sentence_bounds(flow, match.start())
    return _PARTLY_WITHDRAWN.search(flow, match.end(), end) is not None


def _other_scope(flow: str, match: re.Match[str], own_scope: str) -> bool:
    """The sentence counts a whole division (全县共主动公开…) that is not the reporting body, or follows
    one about applications made to another government (向市政府…提出的申请5件。…行政复议1起)."""
    start, _ = sentence_bounds(flow, match.start())
    if start > 0:
        before, _ = sentence_bounds(flow, start - 1)
        addressed = _OTHER_ADDRESSEE.search(flow, before, match.start())
        if (
            addressed
            and addressed.group("level") != own_scope
            and not _OWN_BODY.search(flow, start, match.start())
        ):
            return True
    own = [m.end() for m in _OWN_BODY.finditer(flow, start, match.start())]  # 全县…,其中我镇…: ours again
    start = own[-1] if own else start
    return any(m.group("level") != own_scope for m in _WIDE_SCOPE.finditer(flow, start, match.end()))


def _take(rule: Rule, match: re.Match[str], flow: str, reading: ProseReading) -> bool:
    if rule.zero:
        reading.figures[rule.key] = 0
        reading.spans[rule.key] = match.span()
        return True
    quantity = parse_quantity(match.group("q") + match.group("unit"))
    # A total (proactive items, consultations) is never read from inside a 其中 clause, which lists its
    # parts; outcome counts, on the other hand, are usually listed exactly there (其中,同意公开6件,…).
    if quantity is None or (rule.breakdown_issue and _inside_breakdown(flow, match, rule.key)):
        return False
    if rule.breakdown_issue and _SHARE_AFTER.match(flow, match.end()):  # 1397条,占73%: a part
        return False
    reading.figures[rule.key] = quantity.value
    reading.spans[rule.key] = match.span()
    if quantity.approximate:
        reading.approximate.append(rule.key)
    elif rule.breakdown_issue:
        _check_breakdown(rule, quantity.value, match, flow, reading)
    if rule.key == "applications_new":
        _sole_outcome(quantity.value, match, flow, reading)
    return True


def _inside_breakdown(flow: str, match: re.Match[str], key: str) -> bool:
    """A count inside a 其中 clause is a part of the same kind's total, never the total.

    其中 opening the sentence lists the parts of the previous sentence's total; 其中 after a total of
    another kind (制作、获取政府信息总数3978条,其中主动公开政府信息2026条) names this key's total.
    """
    start, _ = sentence_bounds(flow, match.start())
    at = flow.find("其中", start, match.start())
    if at == -1:
        return False
    if _OWN_BODY.match(flow, at + 2):  # 全县共…3500条,其中我镇…120条: the body's own share is its figure
        return False
    before = re.split(r"[,，:：]", flow[start:at].rstrip(" ,，(（:："))[-1]  # the total's own clause
    return not before.strip() or _BREAKDOWN_LEAD[key].search(before) is not None


def _check_breakdown(
    rule: Rule, total: Number, match: re.Match[str], flow: str, reading: ProseReading
) -> None:
    parts = _breakdown_after(flow, match.end(), match.group("unit"))
    if parts is None or len(parts) < 3:  # one or two parts are rarely the whole breakdown
        return
    if sum(parts) != total:
        shown = " + ".join(str(p) for p in parts)
        reading.issues.append(
            Issue(
                rule.breakdown_issue or "breakdown_mismatch",
                f"{rule.key}: stated total {total} but its breakdown {shown} = {sum(parts)}",
            )
        )


def _breakdown_after(flow: str, end: int, unit: str) -> list[Number] | None:
    """The parts of a 其中 breakdown that directly follows a total (same sentence, the next, or '(其中…)')."""
    rest = flow[end : end + 600]
    head = re.match(r"^[^。；]*?[,，]?\(其中([^()]*)\)|^[^。]*?其中([^。]*)", rest)
    if head is None:
        head = re.match(r"^[^。]*。\s*其中([^。]*)", rest)
    if head is None:
        return None
    clause = _PARENS.sub("", next(g for g in head.groups() if g is not None))
    found = list(_BREAKDOWN_PART.finditer(clause))
    if not found or any(m.group("unit") != unit for m in found):
        return None  # mixed units: not a breakdown of this total
    parts: list[Number] = []
    for m in found:
        quantity = parse_quantity(m.group("q"))
        if quantity is None or quantity.approximate:
            return None
        parts.append(quantity.value)
    return parts


def _sole_outcome(count: Number, match: re.Match[str], flow: str, reading: ProseReading) -> None:
    _, end = sentence_bounds(flow, match.end())
    remainder = flow[match.end() : end]
    if _ANY_COUNT.search(remainder):  # counts of their own (其中同意公开一件…): read by the outcome rules
        return
    for key, pattern in _SOLE_OUTCOME:
        if key not in reading.figures and pattern.match(remainder):
            reading.figures[key] = count
            reading.spans[key] = (match.end(), end)
            return
