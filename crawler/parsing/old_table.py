"""The pre-2019 statistics table (政府信息公开情况统计表: 指标名称 / 计量单位 / 本年 / 历年累计).

Reports up to 2018 often append the old national statistics form, one row per indicator with the year's
value and the running total: ``主动公开信息数 条 739 4359``. Captures flatten it into the text, with the
cells spaced (``行政复议数 件 0 0``) or glued (``受理依申请公开信息总数条728``: 7 this year, 28 in all).

Only the rows that are summary keys are read (主动公开信息数, 受理依申请公开信息总数, 行政复议数,
行政诉讼数); the reply rows are not mapped to the outcome keys (their categories differ from the 2019
outcomes). A glued pair is kept only when exactly one split has this year's value ≤ the running total and no
part with a leading zero (``728`` = 7 | 28; ``2121`` = 2 | 121 or 21 | 21 is left out; ``00`` = 0 | 0).
"""

from __future__ import annotations

import re

_HEADER = re.compile(
    r"指标名称\s*\|?\s*(?:计量)?单位\s*\|?\s*(?:(?:19|20)\d{2}年(?:度)?|本年度?)\S{0,4}\s*\|?\s*历年累计"
)
_ROWS = {
    "proactive_total": "主动公开信息数",
    "applications_new": "受理依申请公开信息总数",
    "reconsideration_total": "行政复议数",
    "litigation_total": "行政诉讼数",
}
_ROW = re.compile(
    r"(?P<label>" + "|".join(_ROWS.values()) + r")\s*\|?\s*(?:条|件|个|项)\s*\|?\s*"
    r"(?P<a>\d+)(?:\s*\|?\s+(?P<b>\d+))?(?![\d.、])"
)
_KEYS = {label: key for key, label in _ROWS.items()}


# The 2008 national form with one value column (统计指标 / 单位 / 统计数), flattened one cell per line:
# ``(一)主动公开政府信息数(不同渠道…计1条)`` / ``条`` / ``1683``. Its value is the year's; a value must end
# its line or cell (``16833.政务微博…`` glued to the next label is read nowhere).
_FORM_2008 = re.compile(r"统计指标\s*\|?\s*单位\s*\|?\s*统计数")
_FORM_2008_ROWS = {
    "proactive_total": r"主动公开政府信息数(?:\s*\([^()]{0,30}\))?\s*\|?\s*条",
    "applications_new": r"\(一\)收到申请数\s*\|?\s*件",
    "reconsideration_total": r"行政复议数量\s*\|?\s*件",
    "litigation_total": r"行政诉讼数量\s*\|?\s*件",
    "fees_collected_yuan": r"依申请公开信息收取的费用\s*\|?\s*万元",
}
_FORM_2008_ROW = re.compile(
    "(?:"
    + "|".join(f"(?P<{key}>{label})" for key, label in _FORM_2008_ROWS.items())
    + ")"
    + r"\s*\|?\s*(?P<value>\d+(?:\.\d+)?)(?=[ \t]*(?:\n|\||$))"
)


def _read_form_2008(text: str, start: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for match in _FORM_2008_ROW.finditer(text, start):
        key = next(k for k in _FORM_2008_ROWS if match.group(k) is not None)
        value = float(match.group("value"))
        if key == "fees_collected_yuan":
            value = round(value * 10000, 2)
        if value.is_integer() and key not in found:
            found[key] = int(value)
    return found


def read_old_table(text: str) -> dict[str, int]:
    """Summary keys the old statistics table states for the report's year."""
    header = _HEADER.search(text)
    if header is None:
        form = _FORM_2008.search(text)
        return _read_form_2008(text, form.end()) if form else {}
    found: dict[str, int] = {}
    for match in _ROW.finditer(text, header.end()):
        key = _KEYS[match.group("label")]
        value = _year_value(match.group("a"), match.group("b"))
        if value is not None and key not in found:
            found[key] = value
    return found


def _year_value(first: str, second: str | None) -> int | None:
    if second is not None:  # two spaced cells: this year, running total
        return int(first) if _plain(first) and _plain(second) else None
    splits = [
        (first[:cut], first[cut:])
        for cut in range(1, len(first))
        if _plain(first[:cut]) and _plain(first[cut:]) and int(first[:cut]) <= int(first[cut:])
    ]
    return int(splits[0][0]) if len(splits) == 1 else None


def _plain(digits: str) -> bool:
    """A cell as a number is printed: no leading zero except 0 itself."""
    return digits == "0" or not digits.startswith("0")
