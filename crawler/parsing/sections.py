"""Which sections of its statutory outline a report's text carries (the report-quality index's 要素齐全).

Two outlines are in force over the years. The 2019 and 2021 templates (国办公开办函〔2019〕60号 and
〔2021〕30号) prescribe six sections: 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项. The 2008 条例
(第三十二条) asks prose reports for five: 主动公开, 依申请公开 (and 不予公开), 收费及减免, 行政复议/行政诉讼,
问题及改进. A section counts when its heading's words appear, numbered or not: evaluators check that the
element is there, not its numbering. Pure: text in, section keys out, in outline order.
"""

from __future__ import annotations

import re

# key -> the heading words that show the section (simplified script: the parser converts before this runs)
OUTLINE_2019: dict[str, re.Pattern[str]] = {
    "overview": re.compile(r"总体情况|概述|基本情况"),
    "active_disclosure": re.compile(r"主动公开政府信息(?:的)?情况|主动公开情况"),
    "applications": re.compile(r"收到和处理政府信息公开申请|依申请公开(?:政府信息)?(?:的)?情况"),
    "review_litigation": re.compile(r"行政复议[、和及与]?行政诉讼|行政复议.{0,12}行政诉讼(?:的)?情况"),
    "problems_improvements": re.compile(r"(?:存在的?|主要)问题(?:及|和|与)?(?:其?)改进|问题及改进|改进情况"),
    "other_matters": re.compile(r"其他需要报告的事项|其它需要报告的事项"),
}
OUTLINE_PROSE: dict[str, re.Pattern[str]] = {
    "active_disclosure": OUTLINE_2019["active_disclosure"],
    "applications": re.compile(r"依申请公开|不予公开|收到和处理政府信息公开申请"),
    "fees": re.compile(r"收费(?:及|和|与)?减免|收取.{0,6}费用|不收取任何费用|未收取"),
    "review_litigation": re.compile(r"行政复议|行政诉讼"),
    "problems_improvements": OUTLINE_2019["problems_improvements"],
}


def outline_for(template: str | None) -> dict[str, re.Pattern[str]] | None:
    """The outline in force for a template era; None when the era is unknown (no outline to hold it to)."""
    if template in ("2019", "2021"):
        return OUTLINE_2019
    if template == "prose":
        return OUTLINE_PROSE
    return None


def outline_sections(text: str, template: str | None) -> list[str]:
    """The keys of the outline's sections this text carries, in outline order ([] when the era is unknown)."""
    outline = outline_for(template)
    if outline is None:
        return []
    return [key for key, pattern in outline.items() if pattern.search(text)]
