"""Context tests for the prose rules: sentence and clause bounds, and what makes a count not the year's.

A rule's regex finds the wording; these tests read around it: the sentence it sits in, the clause before
it, the running totals (历年, 截至目前), channel counts (one website of several), lists of parallel counts.
Every scan is bounded (``_REACH``) so a long text costs no more than a short one per match.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.parsing.numbers import CN_DIGITS

Check = Callable[[str, re.Match[str]], bool]
SENTENCE_END = "。；;！!？?"

_REACH = 400  # no sentence or clause in a report runs longer; bounds every scan (speed)
_CLAUSE_END = f"{SENTENCE_END},，"
_SENTENCE_END_RE = re.compile(f"[{SENTENCE_END}]")
_CLAUSE_END_RE = re.compile(f"[{_CLAUSE_END}]")


def last_before(chars: str, flow: str, at: int) -> int:
    """Index of the last of ``chars`` before ``at``, within reach; -1.

    One backward ``rfind`` per character stops at the nearest one, where a forward scan would visit
    every sentence end in reach.
    """
    low = max(0, at - _REACH)
    return max([flow.rfind(char, low, at) for char in chars])


def sentence_bounds(flow: str, at: int) -> tuple[int, int]:
    start = last_before(SENTENCE_END, flow, at) + 1
    end = _SENTENCE_END_RE.search(flow, at, at + _REACH)
    return start, end.start() if end else min(len(flow), at + _REACH)


def clause_end(flow: str, at: int) -> int:
    """Where the clause (comma-delimited) holding ``at`` ends."""
    found = _CLAUSE_END_RE.search(flow, at, at + _REACH)
    return found.start() if found else len(flow)


def clause_start(flow: str, at: int) -> int:
    """Where the clause (comma-delimited) holding ``at`` begins."""
    return last_before(_CLAUSE_END, flow, at) + 1


def near(words: str, before: int = 60, after: int = 0) -> Check:
    """Context test: one of ``words`` occurs within ``before`` characters ahead of the match."""
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        window = flow[max(0, match.start() - before) : match.end() + after]
        return pattern.search(window) is not None

    return test


def negated(words: str, before: int) -> Check:
    """Context test: a negation within ``before`` characters ahead of the match, in the same sentence."""
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        window = flow[max(0, match.start() - before) : match.start()]
        cut = max(window.rfind(c) for c in SENTENCE_END + "0123456789")
        return pattern.search(window[cut + 1 :]) is not None

    return test


def not_after(chars: str) -> Check:
    """Context test: the match does not continue a list (予以公开及部分公开42件 names neither alone)."""
    return lambda flow, match: match.start() == 0 or flow[match.start() - 1] not in chars


def all_of(*tests: Check) -> Check:
    return lambda flow, match: all(test(flow, match) for test in tests)


def clause_lacks_before(words: str) -> Check:
    """Context test: none of ``words`` between the start of the clause and the match."""
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        return pattern.search(flow, clause_start(flow, match.start()), match.start()) is None

    return test


def sentence_lacks(words: str) -> Check:
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        start, end = sentence_bounds(flow, match.start())
        return pattern.search(flow[start:end]) is None

    return test


def rest_of_sentence_lacks(words: str) -> Check:
    """Context test: none of ``words`` from the match to the end of its sentence."""
    pattern = re.compile(words)

    def test(flow: str, match: re.Match[str]) -> bool:
        _, end = sentence_bounds(flow, match.start())
        return pattern.search(flow, match.start(), max(end, match.end())) is None

    return test


# 截至目前, 截至2021年底: a running total. (截至2018年12月31日 closes the report's year: a seed report labels
# that count as the year's figure.)
_OPEN_CUTOFF = re.compile(r"(?:截至|截止)(?:到)?(?:目前|今|现在|发稿|当前|本报告|(?:19|20)\d{2}年(?:底|末))")
_OWN_PERIOD = re.compile(r"\s*(?:(?:19|20)\d{2}年(?!\d{1,2}月|底|末)度?|本年度?|全年|今年)")
_STARTING_POINT = re.compile(r"历年|至今累计|累计至今|建站以来|开通以来|以来累计|以来共")


def not_cumulative(flow: str, match: re.Match[str]) -> bool:
    """历年累计…, 截至目前累计…: the running total over all years, not the year's figure.

    截至2018年12月31日, …累计主动公开… closes the report's year and is the year's figure (a seed report
    says so), so only an open-ended 截至 (目前, 今, 发稿) or a named starting point counts as cumulative.
    The starting point is read in the match's own clause, the open 截至 also in the clause before it.
    """
    clause = clause_start(flow, match.start())
    if _STARTING_POINT.search(flow, clause, match.start()):
        return False
    if _OWN_PERIOD.match(flow, clause):  # …截至目前共发布592条信息,2019年公开政府信息60条: its own year
        return _OPEN_CUTOFF.search(flow, clause, match.start()) is None
    window = flow[clause_start(flow, max(clause - 1, 0)) : match.start()]
    return _OPEN_CUTOFF.search(window) is None


# 报 is a newspaper (日报), not 报道 (news stories: 在新闻媒体发布各类报道1498条 is no disclosure channel)
CHANNEL_WORDS = r"网站|网页|门户|平台|公众号|微博|微信|新媒体|专栏|栏目"
_CHANNEL = re.compile(
    r"(?:通过|在|依托|利用)[^,，。；;\d]{0,20}?(?:网站|网|平台|公众号|微博|微信|新媒体|公开栏|客户端|报(?!道|告|送|表)|电视)"
)
# A channel with its own count: 通过“平潭发布”公众号发布信息672条.
_CHANNEL_COUNT = re.compile(
    r"(?:通过|在|依托|利用)[^,，。；;\d]{0,20}?(?:网站|网|平台|公众号|微博|微信|新媒体|公开栏|客户端|报(?!道|告|送|表)|电视)"
    r"[^,，。；;\d]{0,20}?\d+(?:余|多)?(?:条|篇|期|件)"
)


_CHANNEL_WORD = re.compile(CHANNEL_WORDS)
# A channel with its own count, the channel as the subject: “浙江市场监管矩阵”微信公众号发布信息429条.
_SUBJECT_CHANNEL_COUNT = re.compile(
    r"(?:网站|平台|公众号|微博|微信|新媒体|公开栏|客户端|快手号|抖音|头条号)[^,，。；;\d]{0,20}?\d+(?:余|多)?(?:条|篇|期|件)"
)


def a_stated_total(flow: str, match: re.Match[str]) -> bool:
    """各类信息 counted, or 共…公开信息: a bare 共发布信息1669条 may be any posting count."""
    if match.group("kind") != "信息":
        return True
    lead = re.search(r"(?:共计|共|累计|合计|总计)$", flow[max(0, match.start() - 2) : match.start()])
    return bool(lead or match.group("after")) and "公开" in match.group(0)


_MEANS = re.compile(r"通过|在|依托|利用|经由|借助")


def no_website_subject(flow: str, match: re.Match[str]) -> bool:
    """中心网站发布各类信息635条: the website is the subject and the count its postings, not the body's
    disclosures; 通过区政府网站共公开信息314条 names the website as the means."""
    start = clause_start(flow, match.start())
    for channel in re.finditer(CHANNEL_WORDS, flow[start : match.start()]):
        if not _MEANS.search(flow, start, start + channel.start()):
            return False
    return True


def not_list_head(flow: str, match: re.Match[str]) -> bool:
    """主动公开政府信息88条、规范性文件2条、…: the first of a list of parallel counts, not their total."""
    return not re.match(
        r"、[^。；;，,\d]{1,24}?\d+(?:余|多)?(?:条|件|篇)", flow[match.end() : match.end() + 40]
    )


def not_channel_part(flow: str, match: re.Match[str]) -> bool:
    """通过门户网站主动公开…7700余条,…通过“平潭发布”公众号发布信息672条: one channel's count where the
    sentence (or the next) counts another channel is a part, not the year's total. The channel may also
    be the clause's subject (我局门户网站主动公开…5732条,“…”微信公众号发布信息429条)."""
    start, end = sentence_bounds(flow, match.start())
    clause = max(clause_start(flow, match.start()), start)
    by_means = _CHANNEL.search(flow, clause, match.start()) is not None
    if not by_means and _CHANNEL_WORD.search(flow, clause, match.start()) is None:
        return True
    counts = _CHANNEL_COUNT if by_means else _SUBJECT_CHANNEL_COUNT
    full_stop = flow.find("。", match.end(), match.end() + _REACH)  # a list runs on past its semicolons
    after_next = flow.find("。", full_stop + 1, full_stop + _REACH) if full_stop != -1 else -1
    stop = after_next if after_next != -1 else min(len(flow), end + _REACH)
    return len(counts.findall(flow, start, stop)) < 2


# "…没有因政府信息公开而被提起的行政复议", "均不涉及政府信息公开": the counted cases were about
# something else. The 没有因… form must name the case kind itself (it may speak of lawsuits only).
def unrelated_to_disclosure(case: str) -> str:
    return (
        rf"(?:(?:没有|无|未有)因(?:政府)?信息公开[^。；;,，]{{0,12}}?{case}"
        r"|(?:均|都)?(?:不涉及|不属于|并非|均非|非因)(?:政府)?信息公开|与(?:政府)?信息公开(?:工作)?无关)"
    )


# "no reconsideration was corrected / no lawsuit lost": an outcome, not a count of cases.
_OUTCOME_WORDS = re.compile(r"纠错|纠正|败诉|撤销|被改变|确认违法|被责令|被判|费用|支出|经费")


def no_outcome_words(flow: str, match: re.Match[str]) -> bool:
    """Context test: no outcome word inside the match or in the rest of its clause (诉讼相关的费用支出 is
    about costs, not cases)."""
    return _OUTCOME_WORDS.search(flow, match.start(), clause_end(flow, match.end())) is None


def count_not_unrelated(case: str) -> Check:
    pattern = re.compile(unrelated_to_disclosure(case))
    return lambda flow, match: (
        pattern.search(flow, match.end(), sentence_bounds(flow, match.end())[1]) is None
    )


def unrelated_count(case: str) -> re.Pattern[str]:
    """复议1起…均不涉及政府信息公开: a count that the same sentence says did not concern disclosure."""
    return re.compile(
        rf"{case}(?:案件|申请|案)?[^。；;\d]{{0,12}}?(?:\d+|[{CN_DIGITS}]+)(?:件|起|宗|个)"
        rf"(?:(?!其中)[^。；;]){{0,40}}?{unrelated_to_disclosure(case[-2:])}"
    )
