"""The named sentence rules that ``prose`` applies, in priority order (the first that matches a key wins).

Each rule has a stable ``name``; a figure it produced is recorded as ``prose:<name>`` in
``ReportRecord.rules``. A rule is the class of wording it reads, never one document's sentence:

- counts: 主动公开政府信息N条 (and 公开/发布/公布 …政府/政务信息), 受理/收到…申请N件, 依申请公开N件,
  同意公开/部分公开/… N件, 行政复议/行政诉讼N件, 受理咨询N人次 (and N人次…咨询), 收取…费N元;
- stated zeros: 未收到…申请, 未发生…行政复议/行政诉讼, 未收取…费用, 未收到…咨询;
- reconsiderations the text says did not concern disclosure (复议1起…均不涉及政府信息公开): 0.

Context tests keep other numbers out: cumulative counts (历年, 截至…累计), list continuations
(予以公开及部分公开42件), counts said to be unrelated to disclosure, "none was corrected / no lawsuit lost".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.parsing.numbers import APPROX_BEFORE, ARABIC, CN_DIGITS, SCALE
from crawler.parsing.prose_context import (
    CHANNEL_WORDS,
    Check,
    a_stated_total,
    all_of,
    clause_lacks_before,
    count_not_unrelated,
    near,
    negated,
    no_outcome_words,
    no_website_subject,
    not_after,
    not_channel_part,
    not_cumulative,
    not_list_head,
    sentence_lacks,
    unrelated_count,
)

# A quantity as prose writes it: bound word, numeral, estimate word. The unit follows in each pattern.
# A Chinese numeral opens with a scale only after a bound word (近千条); otherwise it is written 一百, so
# 收取的费用万元 is a column's unit, not 1万元.
Q = rf"(?P<q>(?:{APPROX_BEFORE}|(?![百千万亿佰仟]))(?:{ARABIC}{SCALE}?|[{CN_DIGITS}]+)(?:余|多|左右)?)"
_NOT_YEAR = r"(?![年月日%])"
# 共计/总数/达… and their pairs (信息总数共计293条, 政府信息数22条)
_TOTAL_WORD = r"(?:(?:总数|数量|总量|条数|数)?(?:为)?(?:共计|共|总计|合计|累计|达到|达)?)"
# Words that say something did not happen / was not received.
NEG = (
    r"(?:无一例|无一起|无一件|没有一例|没有一起|未有一例|没有发生|未发生|未曾发生|未收到|没有收到|未接到|没有接到|未出现|没有出现|未有|均无|未因|没有因|无因"
    r"|未受理|没有受理|未接收到|没有接收到|未产生|没有产生|没有)"
)


@dataclass(frozen=True)
class Rule:
    name: str  # stable id, recorded as "prose:<name>"
    key: str
    pattern: re.Pattern[str]
    zero: bool = False  # the pattern states "none": the figure is 0
    check: Check | None = None  # extra context test on the flow text
    breakdown_issue: str | None = None  # a total: issue code when its stated breakdown does not add up
    needs: re.Pattern[str] | None = None  # a fast pre-test on the whole flow (patterns led by a number)


_NOT_JOINED = not_after("及和、与")
# …申请 and the request-item wordings: 新受理依申请政府信息公开8件, 收到…依申请公开办理事项1件,
# 收到申请政府信息公开事项3件 (each counts applications in the year)
_APPLICATION = (
    r"(?:(?:政府)?信息公开(?:的)?申请|依申请公开(?:政府信息)?(?:的)?申请|申请政府信息公开(?:事项)?|申请公开"
    r"|依申请(?:政府)?信息公开|依申请公开(?:办理)?事项)"
)
_APPLICATION_ZERO = (
    r"(?:(?:政府)?信息公开(?:的)?申请|依申请公开(?:政府信息)?(?:的)?申请|公开政府信息的申请|政府信息申请"
    r"|申请公开政府信息|申请要求公开(?:的)?[^。；;，,\d]{0,8}?政府信息|依申请(?:信息)?公开(?:政府信息|政务信息|信息)?(?:事项|件)?"
    r"(?!工作|窗口|机制|渠道|栏目|流程|办法|制度|规定|答复|办理|的))"
)
_APPLICANT_WORDS = re.compile(r"自然人|法人|公民|申请人|个人|企业|组织|群众")
_NOT_REVIEW_AFTER = r"(?![^。；;，,]{0,14}?(?:复议|诉讼))"


_DISCLOSURE_NEAR = near(r"公开", before=60, after=10)
_REVIEW_ZERO_CHECK = all_of(_DISCLOSURE_NEAR, no_outcome_words)


def _all_applicants(words: str) -> bool:
    """未收到法人或者其他组织的…申请 (one kind of applicant) or 未接到书面方式申请的…申请 (one channel)
    says nothing of the other applications: no zero for all of them."""
    people, bodies = re.search(r"公民|自然人|个人", words), re.search(r"法人|其他组织|企业", words)
    return bool(people) == bool(bodies) and not re.search(r"方式|书面|网上|网络|信函|当面|邮件|传真", words)


def _not_joined_to(other: str) -> Check:
    """行政复议和行政诉讼案件共2件: the count is of both kinds together (复议9件、行政诉讼4件 is not)."""
    pattern = re.compile(f"{other}[和、及与]$")
    return lambda flow, match: pattern.search(flow, max(0, match.start() - 3), match.start()) is None


def _count_rule(name: str, key: str, words: str) -> Rule:
    # 同意公开12件, 同意公开答复数17条 (old statistics wording); 收到…0件,公开0件 (公开 after a count)
    pattern = re.compile(
        rf"{words}(?:\([^()]{{1,20}}\))?(?:的)?(?:答复)?(?:数)?(?:为)?{_TOTAL_WORD}{Q}(?P<unit>件|条|宗){_NOT_YEAR}"
    )
    return Rule(name, key, pattern, check=_NOT_JOINED)


# 政府信息, 各类政务信息, 各类文件信息, 包括机构职能等信息
_INFO = r"(?:包括[^,，。；;\d]{0,12}?等)?(?:各类|各种|各项)?(?:政府|政务|文件)?信息"
# The body named between verb and object: 主动公开我区各级单位政府信息2645条, 主动公开长桥乡人民政府信息57条
# (the body itself, never a domain like 财政预决算, which would make the count a part).
_OWNER = (
    r"(?:(?:我|本)(?:[区县市镇乡局委厅办]|街道|单位|机关)(?:各级单位|各单位|各部门|机关)?"
    r"|[^,，。；;\d、()（）:：]{1,10}?人民(?=政府))"
)
_CONSULT_NEAR = all_of(near(r"信息公开|咨询情况|谘询情况", before=80), sentence_lacks(r"热线"))

RULES: tuple[Rule, ...] = (
    Rule(
        "proactive_count",
        "proactive_total",
        re.compile(
            rf"主动(?:(?:在|通过)[^,，。；;\d]{{1,16}}?)?(?:公开|发布|公布)(?:了|的)?{_OWNER}?{_INFO}{_TOTAL_WORD}{Q}"
            rf"(?P<unit>条|件|个|篇){_NOT_YEAR}"
        ),
        check=all_of(not_cumulative, not_channel_part, not_list_head),
        breakdown_issue="proactive_breakdown_mismatch",
    ),
    Rule(
        # 主动公开规划信息、统计信息、…等共计80余条; 主动向社会公开政策文件、…等信息1851条;
        # 向社会公开政务要闻、政府文件…等政府信息共计4891条 (公开 to the public is proactive disclosure)
        "proactive_listed",
        "proactive_total",
        re.compile(
            rf"(?:主动(?:向社会)?|向社会)(?:公开|发布)[^。；;\d]{{2,60}}?等(?:各类)?(?:政府|政务)?(?:信息)?{_TOTAL_WORD}{Q}"
            rf"(?P<unit>条){_NOT_YEAR}"
        ),
        check=all_of(not_cumulative, not_channel_part, not_list_head),
        breakdown_issue="proactive_breakdown_mismatch",
    ),
    Rule(
        # 共计公开各类信息236条, 通过区政府网站共公开信息314条, 共计发布信息183条 (a total, by the body)
        "published_total",
        "proactive_total",
        re.compile(
            rf"(?:公开|发布|公布)(?:了)?(?P<kind>(?:各类|各项|各种)(?:政府|政务)?信息|信息)"
            rf"(?P<after>共计|共|达)?{Q}(?P<unit>条){_NOT_YEAR}"
        ),
        check=all_of(
            a_stated_total,
            not_after("请予"),
            not_cumulative,
            not_channel_part,
            not_list_head,
            no_website_subject,
        ),
        breakdown_issue="proactive_breakdown_mismatch",
    ),
    Rule(
        "proactive_published_count",
        "proactive_total",
        re.compile(
            rf"(?:公开|公布|发布)(?:了)?(?:各类|各种|各项)?政府信息{_TOTAL_WORD}{Q}(?P<unit>条|件){_NOT_YEAR}"
        ),
        # 依申请公开… is not proactive; 网站发布政府信息1075条 is a website's posting count, not 主动公开
        check=all_of(not_after("请"), not_cumulative, not_channel_part, clause_lacks_before(CHANNEL_WORDS)),
        breakdown_issue="proactive_breakdown_mismatch",
    ),
    Rule(
        "applications_count",
        "applications_new",
        re.compile(
            rf"(?:受理|收到|接到|接收|新收)(?:了)?[^。；;，,\d]{{0,16}}?{_APPLICATION}(?:事项)?(?:政府信息|信息)?{_TOTAL_WORD}{Q}(?P<unit>件|条|宗|个|份|例){_NOT_YEAR}"
        ),
        check=not_cumulative,
    ),
    Rule(
        "applications_on_request_count",
        "applications_new",
        re.compile(
            # …主动公开政府信息21条,依申请公开0件: a list item, its verb shared with the item before (but
            # 依申请公开信息459条 counts information released, not applications)
            rf"(?:(?:受理|收到|接到|接收|新收)(?:了)?|(?<=[,，、；;])(?=依申请公开\d))(?:政府信息)?依申请(?:信息)?公开(?:政府信息|信息)?(?:事项|申请|件)?"
            rf"{_TOTAL_WORD}{Q}(?P<unit>件|条|宗){_NOT_YEAR}"
        ),
        check=not_cumulative,
    ),
    Rule(
        # 收到2份以信函形式提出的信息公开申请, 收到0件信息公开申请: the count before the words
        "applications_count_before",
        "applications_new",
        re.compile(
            # 接到3起政府信息公开申请
            rf"(?:受理|收到|接到|接收|新收)(?:了)?{Q}(?P<unit>件|份|个|条|宗|起)[^。；;，,\d]{{0,16}}?{_APPLICATION_ZERO}"
        ),
        # 收到2个自然人的…申请 counts applicants, not applications
        check=all_of(not_cumulative, lambda flow, match: not _APPLICANT_WORDS.search(match.group(0))),
    ),
    Rule(
        # 三、依申请公开政府信息情况 本年度我厅收到申请事项1件: 申请 alone, in the on-request section
        "applications_items",
        "applications_new",
        re.compile(rf"(?:受理|收到|接到)(?:了)?申请(?:事项)?{_TOTAL_WORD}{Q}(?P<unit>件|宗){_NOT_YEAR}"),
        check=all_of(near(r"依申请公开", before=30), not_cumulative),
    ),
    Rule(
        # 上年结转政府信息公开申请数量0件, 上年度结转1件, 上年结转申请0件 (in the on-request paragraph)
        "carried_over_count",
        "applications_carried_over",
        re.compile(
            rf"(?:上年度?|上一年度?)结转(?:的)?(?:政府信息公开)?(?:申请)?(?:数量|数)?{_TOTAL_WORD}{Q}(?P<unit>件){_NOT_YEAR}"
        ),
        check=near(r"申请", before=60),
    ),
    Rule(
        # 结转下年继续办理1件, 结转下年度继续办理0件
        "carried_forward_count",
        "carried_forward",
        re.compile(
            rf"结转(?:至|到)?下(?:一)?年度?(?:继续)?(?:办理)?(?:的)?(?:申请)?{_TOTAL_WORD}{Q}(?P<unit>件){_NOT_YEAR}"
        ),
        check=near(r"申请", before=80),
    ),
    Rule(
        # 顺延至下一年答复2件; 剩余2件结转下年度继续办理 (the count before the words)
        "carried_forward_postponed",
        "carried_forward",
        re.compile(rf"顺延至下(?:一)?年度?(?:答复|办理)?{_TOTAL_WORD}{Q}(?P<unit>件){_NOT_YEAR}"),
        check=near(r"申请", before=80),
    ),
    Rule(
        "carried_forward_count_before",
        "carried_forward",
        re.compile(rf"{Q}(?P<unit>件)(?:申请)?(?:结转|顺延)(?:至|到)?下(?:一)?年度?"),
        check=near(r"申请", before=80),
    ),
    Rule(
        # 无下年度结转, 没有结转至下一年度的申请: a stated zero
        "carried_forward_none",
        "carried_forward",
        re.compile(r"(?:无|没有)(?:结转(?:至|到)?下(?:一)?年度?|下(?:一)?年度?结转)"),
        zero=True,
        check=near(r"申请", before=80),
    ),
    Rule(
        "applications_none",
        "applications_new",
        re.compile(rf"{NEG}[^。；;，,\d]{{0,24}}?{_APPLICATION_ZERO}{_NOT_REVIEW_AFTER}"),
        zero=True,
        check=lambda flow, match: _all_applicants(match.group(0)),
    ),
    Rule(
        "applications_nil",  # 无依申请公开事项, 无政府信息公开申请
        "applications_new",
        re.compile(rf"无(?:任何)?{_APPLICATION_ZERO}{_NOT_REVIEW_AFTER}"),
        zero=True,
    ),
    _count_rule("outcome_granted_count", "outcome_granted", r"(?:同意公开|予以公开|(?<=件[,，])公开(?=\d))"),
    _count_rule("outcome_partial_count", "outcome_partial", "(?:同意部分公开|部分公开)"),
    _count_rule(
        "outcome_denied_count", "outcome_denied_total", "(?:不予公开|不同意公开|未予公开|免于公开|否决公开)"
    ),
    _count_rule("outcome_unable_count", "outcome_unable_total", "无法提供"),
    _count_rule("outcome_not_processed_count", "outcome_not_processed_total", "不予处理"),
    _count_rule("outcome_other_count", "outcome_other_total", "其他处理"),
    Rule(
        "outcomes_replies_total",
        "outcomes_total",
        re.compile(rf"答复总数(?:为)?{Q}(?P<unit>件|条|宗){_NOT_YEAR}"),  # 对依申请公开的答复总数21条
    ),
    Rule(
        "reconsideration_count",  # 行政复议2件, 行政复议0次
        "reconsideration_total",
        re.compile(rf"行政复议(?:案件|申请|案)?(?:的)?{_TOTAL_WORD}{Q}(?P<unit>件|起|宗|个|次){_NOT_YEAR}"),
        check=all_of(near(r"公开", before=30), count_not_unrelated("复议"), _not_joined_to("诉讼")),
    ),
    Rule(
        # 收到1份有关政府信息公开行政复议申请: the count before the words
        "reconsideration_count_before",
        "reconsideration_total",
        re.compile(
            rf"(?:收到|受理|发生|提起|处理|办理){Q}(?P<unit>份|件|起|宗)[^。；;，,\d]{{0,16}}?行政复议"
        ),
        check=all_of(near(r"公开", before=30, after=40), count_not_unrelated("复议")),
    ),
    Rule("reconsideration_unrelated", "reconsideration_total", unrelated_count("行政复议"), zero=True),
    Rule(
        "reconsideration_nil",  # 无行政复议事项, 无政府信息公开行政复议案件
        "reconsideration_total",
        re.compile(
            r"无(?:任何)?(?:政府信息公开|信息公开)?(?:相关|有关)?(?:的)?行政复议(?:事项|案件|申请|情况|案)"
        ),
        zero=True,
        check=_REVIEW_ZERO_CHECK,
    ),
    Rule(
        "reconsideration_none",
        "reconsideration_total",
        re.compile(rf"{NEG}[^。；;\d]{{0,40}}?(?:行政)?复议"),
        zero=True,
        check=_REVIEW_ZERO_CHECK,
    ),
    Rule(
        "litigation_count",
        "litigation_total",
        re.compile(rf"行政诉讼(?:案件|案)?(?:的)?{_TOTAL_WORD}{Q}(?P<unit>件|起|宗|个|次){_NOT_YEAR}"),
        # 行政复议和行政诉讼案件共2件: one combined count, neither key's
        check=all_of(near(r"公开", before=30), count_not_unrelated("诉讼"), _not_joined_to("复议")),
    ),
    Rule("litigation_unrelated", "litigation_total", unrelated_count("行政诉讼"), zero=True),
    Rule(
        "litigation_nil",
        "litigation_total",
        re.compile(
            r"无(?:任何)?(?:政府信息公开|信息公开)?(?:相关|有关)?(?:的)?行政诉讼(?:事项|案件|情况|案)"
        ),
        zero=True,
        check=_REVIEW_ZERO_CHECK,
    ),
    Rule(
        "litigation_none",
        "litigation_total",
        re.compile(rf"{NEG}[^。；;\d]{{0,40}}?(?:行政)?诉讼"),
        zero=True,
        check=_REVIEW_ZERO_CHECK,
    ),
    Rule(
        # 共接受公民、法人及其他组织政府信息公开方面的谘询2070人次: the askers may be named in between
        "consultations_count",
        "consultations",
        re.compile(
            rf"(?:接受|受理|处理|接待|答复|办理|解答)(?:了)?[^。；;，,\d]{{0,24}}?(?:咨询|谘询){_TOTAL_WORD}{Q}(?P<unit>人次|次|件|个|条){_NOT_YEAR}"
        ),
        check=_CONSULT_NEAR,
        breakdown_issue="consultations_breakdown_mismatch",
    ),
    Rule(
        # 2013年有约4900人次通过各种方式向我局咨询…: the count before the verb
        "consultations_people_first",
        "consultations",
        re.compile(rf"{Q}(?P<unit>人次)[^。；;，,\d]{{0,24}}?(?:咨询|谘询)"),
        needs=re.compile(
            r"人次[^。；;，,\d]{0,24}?(?:咨询|谘询)"
        ),  # a cheap literal scan first: Q alone is slow
        check=_CONSULT_NEAR,
        breakdown_issue="consultations_breakdown_mismatch",
    ),
    Rule(
        "consultations_none",
        "consultations",
        re.compile(
            r"(?:未收到|没有收到|未接到|没有接到|未受理|没有受理|未发生|没有发生)[^。；;，,\d]{0,16}?咨询"
        ),
        zero=True,
        check=near(r"信息公开", before=80, after=20),
    ),
    Rule(
        "fees_amount",
        "fees_collected_yuan",
        re.compile(
            rf"(?:收取(?:了)?[^。；;\d]{{0,24}}?费(?:用)?|收费)(?:金额)?{_TOTAL_WORD}{Q}(?P<unit>元|万元|亿元)"
        ),
        check=near(r"信息公开|信息处理费|依申请", before=40),
    ),
    Rule(
        "fees_none",
        "fees_collected_yuan",
        re.compile(r"收(?!费通知)(?:取)?[^。；;\d]{0,20}?费"),
        zero=True,
        check=all_of(
            negated(rf"{NEG}|未|无|不收|免|不$", before=40), near(r"信息公开|信息处理费|依申请", before=60)
        ),
    ),
    Rule(
        "fees_free",  # 全部免费为申请人提供政府信息, 免费提供
        "fees_collected_yuan",
        re.compile(r"免费(?:为|向)?(?:申请人)?提供(?:政府)?信息"),
        zero=True,
        check=near(r"申请|收费", before=60),
    ),
)
