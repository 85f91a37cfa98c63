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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from crawler.parsing.numbers import APPROX_BEFORE, ARABIC, CN_DIGITS, SCALE, parse_quantity
from crawler.parsing.record import Issue, Number

# A quantity as prose writes it: bound word, numeral, estimate word. The unit follows in each pattern.
Q = rf"(?P<q>{APPROX_BEFORE}?(?:{ARABIC}{SCALE}?|[{CN_DIGITS}]+)(?:余|多|左右)?)"
_NOT_YEAR = r"(?![年月日%])"
_TOTAL_WORD = r"(?:共计|共|总计|合计|累计|总数|数量|达到|达)?"
# Words that say something did not happen / was not received.
NEG = r"(?:没有发生|未发生|未曾发生|未收到|没有收到|未接到|没有接到|未出现|没有出现|未有|均无|没有)"
_SENTENCE_END = "。；;！!？?"
_PAGE_NUMBER = re.compile(r"^-?\s*\d{1,3}\s*-?$|^第\s*\d+\s*页")


@dataclass(frozen=True)
class Rule:
    key: str
    pattern: re.Pattern[str]
    zero: bool = False  # the pattern states "none": the figure is 0
    check: Callable[[str, re.Match[str]], bool] | None = None  # extra context test on the flow text
    breakdown_issue: str | None = None  # a total: issue code when its stated breakdown does not add up


def _near(words: str, before: int = 60, after: int = 0) -> Callable[[str, re.Match[str]], bool]:
    """Context test: one of ``words`` occurs within ``before`` characters ahead of the match."""
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        window = flow[max(0, match.start() - before) : match.end() + after]
        return pattern.search(window) is not None

    return test


def _negated(words: str, before: int) -> Callable[[str, re.Match[str]], bool]:
    """Context test: a negation within ``before`` characters ahead of the match, in the same sentence."""
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        window = flow[max(0, match.start() - before) : match.start()]
        cut = max(window.rfind(c) for c in _SENTENCE_END + "0123456789")
        return pattern.search(window[cut + 1 :]) is not None

    return test


def _not_after(chars: str) -> Callable[[str, re.Match[str]], bool]:
    """Context test: the match does not continue a list (予以公开及部分公开42件 names neither alone)."""
    return lambda flow, match: match.start() == 0 or flow[match.start() - 1] not in chars


def _all(*tests: Callable[[str, re.Match[str]], bool]) -> Callable[[str, re.Match[str]], bool]:
    return lambda flow, match: all(test(flow, match) for test in tests)


def _clause_lacks_before(words: str) -> Callable[[str, re.Match[str]], bool]:
    """Context test: none of ``words`` between the start of the clause and the match."""
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        start = max(flow.rfind(c, 0, match.start()) for c in _SENTENCE_END + ",，") + 1
        return pattern.search(flow, start, match.start()) is None

    return test


def _sentence_lacks(words: str) -> Callable[[str, re.Match[str]], bool]:
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        start, end = _sentence_bounds(flow, match.start())
        return pattern.search(flow[start:end]) is None

    return test


_NOT_JOINED = _not_after("及和、与")
# 历年累计主动公开… is the running total over all years, not the year's figure.
_NOT_ALL_YEARS = _clause_lacks_before(r"历年|至今累计|累计至今|建站以来|以来累计")
_APPLICATION = r"(?:政府信息公开申请|信息公开申请|依申请公开(?:政府信息)?(?:的)?申请|申请公开)"
_APPLICATION_ZERO = r"(?:政府信息公开申请|信息公开申请|依申请公开(?:政府信息)?(?:的)?申请)"
_NOT_REVIEW_AFTER = r"(?![^。；;，,]{0,8}?(?:复议|诉讼))"

# In priority order: for each key the first rule that matches anywhere wins.
RULES: tuple[Rule, ...] = (
    Rule(
        "proactive_total",
        re.compile(
            rf"主动(?:公开|发布|公布)(?:了)?(?:各类|各种|各项)?(?:政府)?信息{_TOTAL_WORD}{Q}(?P<unit>条|件|个){_NOT_YEAR}"
        ),
        check=_NOT_ALL_YEARS,
        breakdown_issue="proactive_breakdown_mismatch",
    ),
    Rule(
        "proactive_total",
        re.compile(
            rf"(?:公开|公布|发布)(?:了)?(?:各类|各种|各项)?政府信息{_TOTAL_WORD}{Q}(?P<unit>条|件){_NOT_YEAR}"
        ),
        check=_all(_not_after("请"), _NOT_ALL_YEARS),  # 依申请公开政府信息 is not proactive
        breakdown_issue="proactive_breakdown_mismatch",
    ),
    Rule(
        "applications_new",
        re.compile(
            rf"(?:受理|收到|接到|接收|新收)(?:了)?[^。；;，,\d]{{0,16}}?{_APPLICATION}(?:政府信息|信息)?{_TOTAL_WORD}{Q}(?P<unit>件|条|宗|个|份){_NOT_YEAR}"
        ),
    ),
    Rule(
        "applications_new",
        re.compile(rf"{NEG}[^。；;，,\d]{{0,12}}?{_APPLICATION_ZERO}{_NOT_REVIEW_AFTER}"),
        zero=True,
    ),
    *(
        Rule(key, re.compile(rf"{words}{_TOTAL_WORD}{Q}(?P<unit>件|条|宗){_NOT_YEAR}"), check=_NOT_JOINED)
        for key, words in (
            ("outcome_granted", "(?:同意公开|予以公开)"),
            ("outcome_partial", "(?:同意部分公开|部分公开)"),
            ("outcome_denied_total", "(?:不予公开|不同意公开|未予公开)"),
            ("outcome_unable_total", "无法提供"),
            ("outcome_not_processed_total", "不予处理"),
            ("outcome_other_total", "其他处理"),
        )
    ),
    Rule(
        "reconsideration_total",
        re.compile(rf"行政复议(?:案件|申请|案)?{_TOTAL_WORD}{Q}(?P<unit>件|起|宗|个){_NOT_YEAR}"),
        check=_near(r"公开", before=30),
    ),
    Rule(
        "reconsideration_total",
        re.compile(rf"{NEG}[^。；;\d]{{0,40}}?(?:行政)?复议"),
        zero=True,
        check=_near(r"公开", before=60, after=10),
    ),
    Rule(
        "litigation_total",
        re.compile(rf"行政诉讼(?:案件|案)?{_TOTAL_WORD}{Q}(?P<unit>件|起|宗|个){_NOT_YEAR}"),
        check=_near(r"公开", before=30),
    ),
    Rule(
        "litigation_total",
        re.compile(rf"{NEG}[^。；;\d]{{0,40}}?(?:行政)?诉讼"),
        zero=True,
        check=_near(r"公开", before=60, after=10),
    ),
    Rule(
        "consultations",
        re.compile(
            rf"(?:接受|受理|处理|接待|答复|办理|解答)(?:了)?[^。；;，,\d]{{0,8}}?咨询{_TOTAL_WORD}{Q}(?P<unit>人次|次|件|个|条){_NOT_YEAR}"
        ),
        check=_all(_near(r"信息公开", before=80), _sentence_lacks(r"热线")),
        breakdown_issue="consultations_breakdown_mismatch",
    ),
    Rule(
        "fees_collected_yuan",
        re.compile(rf"收取[^。；;\d]{{0,24}}?费(?:用)?{_TOTAL_WORD}{Q}(?P<unit>元|万元|亿元)"),
        check=_near(r"信息公开|信息处理费|依申请", before=40),
    ),
    Rule(
        "fees_collected_yuan",
        re.compile(r"收(?!费通知)(?:取)?[^。；;\d]{0,20}?费"),
        zero=True,
        check=_all(
            _negated(rf"{NEG}|未|无|不收|免", before=40), _near(r"信息公开|信息处理费|依申请", before=60)
        ),
    ),
)

# "收到申请1件，…审查后未予公开": the one outcome named right after a count of applications.
_SOLE_OUTCOME = (
    ("outcome_denied_total", re.compile(r"^[^\d。；]*?(?:均|全部|都)?(?:未予公开|不予公开)[^\d。；]*$")),
    ("outcome_granted", re.compile(r"^[^\d。；]*?(?:均|全部|都)(?:已)?(?:予以公开|同意公开)[^\d。；]*$")),
)
_ANY_COUNT = re.compile(rf"{Q}(?:件|条|宗|个|份)")
_BREAKDOWN_PART = re.compile(rf"{Q}(?P<unit>人次|次|件|条|个|宗|份)(?!%)")
_PARENS = re.compile(r"\([^()]*\)")


@dataclass
class ProseReading:
    figures: dict[str, Number] = field(default_factory=dict)
    approximate: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # where each figure was read


def prose_flow(text: str) -> str:
    """The report's prose as one stream: table rows and page numbers dropped, wrapped lines joined."""
    lines = (line for line in text.split("\n") if "|" not in line and not _PAGE_NUMBER.match(line))
    return "".join(lines)


def read_prose(text: str) -> ProseReading:
    """Summary figures stated in sentences of the normalised text."""
    flow = prose_flow(text)
    reading = ProseReading()
    for rule in RULES:
        if rule.key in reading.figures:
            continue
        for match in _matches(rule, flow):
            if _take(rule, match, flow, reading):
                break
    return reading


def _matches(rule: Rule, flow: str) -> Iterator[re.Match[str]]:
    for match in rule.pattern.finditer(flow):
        if rule.check is None or rule.check(flow, match):
            yield match


def _take(rule: Rule, match: re.Match[str], flow: str, reading: ProseReading) -> bool:
    if rule.zero:
        reading.figures[rule.key] = 0
        reading.spans[rule.key] = match.span()
        return True
    quantity = parse_quantity(match.group("q") + match.group("unit"))
    # A total (proactive items, consultations) is never read from inside a 其中 clause, which lists its
    # parts; outcome counts, on the other hand, are usually listed exactly there (其中,同意公开6件,…).
    if quantity is None or (rule.breakdown_issue and _inside_breakdown(flow, match.start())):
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


def _sentence_bounds(flow: str, at: int) -> tuple[int, int]:
    start = max(flow.rfind(c, 0, at) for c in _SENTENCE_END) + 1
    ends = [i for i in (flow.find(c, at) for c in _SENTENCE_END) if i != -1]
    return start, min(ends) if ends else len(flow)


def _inside_breakdown(flow: str, at: int) -> bool:
    """A count inside a 其中 clause is a part, never the total."""
    start, _ = _sentence_bounds(flow, at)
    return "其中" in flow[start:at]


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
    _, end = _sentence_bounds(flow, match.end())
    remainder = flow[match.end() : end]
    if _ANY_COUNT.search(remainder):  # counts of their own (其中同意公开一件…): read by the outcome rules
        return
    for key, pattern in _SOLE_OUTCOME:
        if key not in reading.figures and pattern.match(remainder):
            reading.figures[key] = count
            reading.spans[key] = (match.end(), end)
            return
