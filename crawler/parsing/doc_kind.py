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
_NOTICE = re.compile(r"(?:通知|函)$")
_ABOUT_REPORTS = re.compile(r"年度报告|年报|报告格式")
# Sample texts and blank forms look like reports but report nothing.
_SAMPLE = re.compile(r"范文|模板|样本|样表|参考文本|示范文本")
_DISCLOSURE_REPORT = re.compile(r"(?:政府信息公开|信息公开|政务公开)[^,，。]{0,12}?(?:年度报告|年报|报告)")
_ANY_REPORT = re.compile(r"报告|综述|总结")
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


def classify(title: str | None, text: str) -> str:
    """One of the five kinds, from the title first and the body's sections second."""
    head = title or ""
    if head:
        if _INTERPRETATION.search(head):
            return INTERPRETATION
        if _NOTICE.search(head):
            return TEMPLATE_NOTICE if _ABOUT_REPORTS.search(head) else OTHER
        if _SAMPLE.search(head):
            return OTHER
        if _SUMMARY.search(head) and _WIDE.search(head) and not _DISCLOSURE_REPORT.search(head):
            return PROVINCIAL_SUMMARY
        if _DISCLOSURE_REPORT.search(head):
            return ANNUAL_REPORT
        if _ANY_REPORT.search(head):  # 政府工作报告, 法治政府建设年度报告: another kind of report
            return OTHER
    marks = sum(1 for pattern in _REPORT_MARKS if pattern.search(text))
    if marks >= 4:
        return ANNUAL_REPORT
    return OTHER
