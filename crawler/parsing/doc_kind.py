"""What kind of document this is: an agency's annual report, or something that only looks related.

Portals file many documents next to the annual reports: province-wide summaries (综述), the notices that
prescribe the format (关于印发…年度报告格式的通知), interpretations (解读), other news. The title decides
first; without a title, the body's shape decides (the statutory sections of an annual report).

- ``interpretation``: the title says 解读 / 图解 / 问答.
- ``template_notice``: the title is a notice (通知) about the annual reports or their format; a notice
  about anything else is ``other``.
- ``provincial_summary``: a summary (综述, 总结, 工作情况) of a whole province / city (全省, 全市 …),
  not titled as an annual report.
- ``annual_report``: the title names a disclosure report (政府信息公开…年度报告 / 年报); without a
  title, the body has the report's sections.
- ``other``: anything else, including other reports (政府工作报告, 法治政府建设年度报告) and sample
  texts (范文, 模板).
"""

from __future__ import annotations

import re

ANNUAL_REPORT = "annual_report"
PROVINCIAL_SUMMARY = "provincial_summary"
TEMPLATE_NOTICE = "template_notice"
INTERPRETATION = "interpretation"
OTHER = "other"

_INTERPRETATION = re.compile(r"解读|图解|一图读懂|问答")
_NOTICE = re.compile(r"(?:通知|函)$|关于.*的通报$")  # …工作情况通报 is a summary, 关于…的通报 a notice
_ABOUT_REPORTS = re.compile(r"年度报告|年报|报告格式|情况统计|统计报送")
# Sample texts and blank forms look like reports but report nothing.
_SAMPLE = re.compile(r"范文|模板|样本|样表|参考文本|示范文本")
# 资讯公开: the 資訊 wording of a traditional-script text after conversion.
_DISCLOSURE_REPORT = re.compile(
    r"(?:政府信息公开|信息公开|政务公开|资讯公开)[^,，。]{0,12}?(?:年度报告|年报|报告)"
)
_ANY_REPORT = re.compile(r"报告|综述|总结")
# Other documents a portal files next to the reports: work plans, letters, a news item about a report
# (XX发布2019年政府信息公开工作年度报告, …年度报告出炉; but 关于发布…的公告 is the release itself).
_OTHER_TITLE = re.compile(
    r"工作要点|要点落实|实施方案|工作方案|政府工作报告|法治政府建设|公开指南|公开目录|召开|部署会|推进会|培训会"
    r"|(?:制度|办法|规定|细则)(?:\(试行\))?$"
    r"|(?<!关于)(?:发布|公布|出炉|亮相|晒出)了?《?(?:\d{4}|二[〇零])|报告》?(?:正式)?(?:发布|出炉|亮相|公布)"
)
# Blanks of a sample text (范文/模板): 20XX年, ××局, ____, (单位名称).
_PLACEHOLDER = re.compile(
    r"20[\dXx×＊*][Xx×＊*]年|[Xx×]{2}(?:省|市|县|区|局|乡|镇|街道|单位)|_{4,}|＿{2,}|\(单位名称\)|\(机关名称\)"
)
_BLANK_CHARS = re.compile(r"[Xx×＊*_＿]|单位名称|机关名称")
# A notice's body: addressed to the bodies that must report, asking them to do so.
_NOTICE_BODY = re.compile(r"^[^。\n]{0,40}?各[^。\n]{2,80}?[:：]", re.M)
_NOTICE_ASK = re.compile(
    r"现(?:将|就)[^。]{0,40}?(?:通知如下|要求如下)"
    r"|请(?:于|在)[^。]{0,30}?(?:前|之前)[^。]{0,20}?(?:报送|报|上报|发布)"
)
_SUMMARY = re.compile(r"综述|总结|工作情况|情况通报")
_WIDE = re.compile(r"全省|全市|全区|全县|全国|全州|全盟|本省|我省")
# Sections and phrases of a statutory annual report (条例 第五十条 / the templates' six sections).
_REPORT_MARKS = (
    re.compile(r"主动公开政府信息(?:的)?情况|主动公开情况|主动公开方面"),
    re.compile(r"依申请公开|收到和处理政府信息公开申请"),
    re.compile(r"行政复议|复议"),
    re.compile(r"本(?:年度)?报告|年度报告"),
    re.compile(r"政府信息公开(?:工作)?(?:年度)?报告|政府信息公开条例"),
    re.compile(r"存在的主要问题|主要问题和改进|存在问题"),
)


# The opening that presents the text as the report itself: 现公布泰州市人民政府2017年政府信息公开工作年度报告,
# 现将我厅政务公开工作报告如下 (not 关于做好…年度报告…的通知, which a notice's body cites).
_ANNOUNCES_ITSELF = re.compile(
    r"(?:现公布|现予公布|现将|特向社会公布|现发布)[^。,，]{0,30}?(?:政府信息公开|政务公开|信息公开)"
    r"(?:工作)?(?:年度报告|工作报告|年报|情况报告)(?:如下|。|[,，]|\s)"
)


# The outline headings of the statutory report (2008 and 2019 formats alike).
_OUTLINE = re.compile(
    r"(?:一|二|三|四|五|六)、(?:总体情况|概述|主动公开政府信息(?:的)?情况|收到和处理政府信息公开申请情况|"
    r"依申请公开政府信息(?:的)?情况|政府信息公开(?:的)?收费及减免情况|因政府信息公开申请(?:提起)?行政复议)"
)
# The statutory sections, however numbered: each one found is one piece of evidence of a report.
_SECTIONS = (
    re.compile(r"总体情况|概述"),
    re.compile(r"主动公开(?:政府信息)?(?:的)?情况|主动公开方面|\(一\)主动公开"),
    re.compile(
        r"依申请公开(?:政府信息)?(?:的|工作)?情况|收到和处理政府信息公开申请|依申请公开方面|\(二\)依申请公开"
    ),
    re.compile(r"收费及减免|收费和减免|收费情况"),
    re.compile(r"行政复议、(?:提起)?行政诉讼|行政复议和(?:提起)?行政诉讼|复议、诉讼"),
    re.compile(r"存在的主要问题|主要问题(?:及|和)改进|存在(?:的)?问题(?:及|和)|改进(?:情况|措施)"),
    re.compile(r"政府信息管理|平台建设"),
)


def classify(title: str | None, text: str) -> str:
    """One of the five kinds, from the title first and the body's sections second."""
    head = title or ""
    if _has_blanks(head, text[:5000]):
        return OTHER  # a sample with blanks (XX县, 201x年) is no body's report
    if head:
        if _INTERPRETATION.search(head):
            return INTERPRETATION
        if _NOTICE.search(head):
            return TEMPLATE_NOTICE if _ABOUT_REPORTS.search(head) else OTHER
        if _SAMPLE.search(head) or _OTHER_TITLE.search(head):
            return OTHER
        if _SUMMARY.search(head) and _WIDE.search(head) and not _DISCLOSURE_REPORT.search(head):
            return PROVINCIAL_SUMMARY
        if _DISCLOSURE_REPORT.search(head):
            return ANNUAL_REPORT
        if _ANY_REPORT.search(head):  # 政府工作报告, 法治政府建设年度报告: another kind of report
            return OTHER
    return _from_body(text)


def _has_blanks(title: str, text: str) -> bool:
    if not _BLANK_CHARS.search(title + text):  # the common case, checked cheaply
        return False
    return bool(_PLACEHOLDER.search(title)) or len(_PLACEHOLDER.findall(text)) >= 2


# The pre-2019 national statistics form (统计指标 / 单位 / 统计数) filled in with the year's numbers: a
# report's statistics table posted by itself. A notice carrying the blank form has a notice's title.
_STATS_FORM = re.compile(r"统计指标\s*单位\s*统计数")
_FILLED = re.compile(r"主动公开政府信息数[\s\S]{0,60}?条\s*\d")


def _from_body(text: str) -> str:
    """Without a telling title: blanks make a sample, an addressee and a request make a notice; the
    statutory sections make a report (a text starting mid-page or an excerpt still shows a few)."""
    if _NOTICE_BODY.search(text[:800]) and _NOTICE_ASK.search(text[:3000]):
        return TEMPLATE_NOTICE if _ABOUT_REPORTS.search(text[:3000]) else OTHER
    if _ANNOUNCES_ITSELF.search(text[:600]):
        return ANNUAL_REPORT
    if _STATS_FORM.search(text[:300]) and _FILLED.search(text):  # the report's table, posted on its own
        return ANNUAL_REPORT
    marks = sum(1 for pattern in _REPORT_MARKS if pattern.search(text))
    sections = sum(1 for pattern in _SECTIONS if pattern.search(text))
    if marks >= 4 or (marks >= 3 and _OUTLINE.search(text)) or sections >= 3:
        return ANNUAL_REPORT
    return OTHER
