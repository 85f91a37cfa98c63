"""Fuzzy matching of template-table row labels to the stable row keys of ``template.py``.

Real labels carry typos (不分公开, 其他法律行政止公开), notes in parentheses (（区分处理的，…）),
stray spaces and line breaks ("社会公益 组织", "商业\\n企业"), numbering (（三）, 3., 1、) and, when a table
was flattened, the header text and group label glued in front ("（三）不予公开1.属于国家秘密"). So a
label is cleaned (whitespace and notes removed) and then matched by short distinctive keywords; the
*last* keyword in the label names the row the following numbers belong to.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# A parenthesised note, but not a numbering like （三） or (6).
_NOTE = re.compile(r"[（(](?![一二三四五六七八九十\d]{1,3}[）)])[^（）()]*[）)]")

# Table 3: (keyword pattern, row key). Group rows use the group key (denied, unable, ...).
_T3_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("本年新收", "new"),
    ("上年结转", "carried_over"),
    ("结转下年度|下年度继续办理", "carried_forward"),
    ("予以公开", "granted"),
    ("部分公开|不分公开", "partial"),
    ("国家秘密", "denied_state_secret"),
    ("其他法律|法规禁止公开", "denied_law"),
    ("三安全|一稳定", "denied_security"),
    ("第三方", "denied_third_party"),
    ("内部事务", "denied_internal"),
    ("过程性", "denied_process"),
    ("执法案卷", "denied_enforcement"),
    ("查询事项", "denied_query"),
    ("不掌握", "unable_no_info"),
    ("另行制作|没有现成", "unable_need_create"),
    ("补正后|仍不明确", "unable_unclear"),
    ("信访|举报投诉", "not_processed_petition"),
    ("重复申请", "not_processed_repeat"),
    ("出版物", "not_processed_publication"),
    ("大量反复", "not_processed_massive"),
    ("重新出具|确认或重新", "not_processed_confirm"),
    ("逾期不补正|不补正", "other_overdue_correction"),
    ("收费通知|缴纳费用", "other_overdue_fee"),
    ("不予公开", "denied"),
    ("无法提供", "unable"),
    ("不予处理", "not_processed"),
    ("其他处理", "other"),
    ("总计", "outcomes_total"),
)

_T2_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("规范性文件", "normative_documents"),
    ("规章", "regulations"),
    ("行政许可", "licensing"),
    ("对外管理服务", "other_services"),
    ("行政处罚", "penalties"),
    ("行政强制", "enforcement"),
    ("事业性收费", "fees"),
    ("集中采购", "procurement"),
)

_T2_ERA_2021 = re.compile(r"制发|废止|现行有效|本年处理决定|收费金额")
_T2_ERA_2019 = re.compile(r"新制作|新公开|对外公开总|上一年项目|增/减|增减|采购项目|采购总?金额")
_OTHER_OTHER = re.compile(r"(?:^|[\d.、）)])其他$")


def _alternation(keywords: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    groups = [f"(?P<k{i}>{pattern})" for i, (pattern, _) in enumerate(keywords)]
    return re.compile("|".join(groups)), {f"k{i}": key for i, (_, key) in enumerate(keywords)}


_T3_PATTERN, _T3_GROUP_KEY = _alternation(_T3_KEYWORDS)
_T2_PATTERN, _T2_GROUP_KEY = _alternation(_T2_KEYWORDS)


def clean_label(label: str) -> str:
    """Drop whitespace and parenthesised notes; keep numbering and wording."""
    label = _SPACE.sub("", label)
    if "(" not in label and "（" not in label:
        return label
    previous = None
    while previous != label:  # notes may nest once: （…（…）…）
        previous, label = label, _NOTE.sub("", label)
    return label


_NOT_A_SUB_ROW = frozenset({"denied", "unable", "not_processed", "other", "outcomes_total"})


@lru_cache(maxsize=8192)  # the same labels recur in every report
def t3_label(raw: str, in_other_group: bool) -> tuple[str | None, bool]:
    """(row key, run-together) for a raw table-3 label.

    The key is the last row (or group) the label names, or None for a row we do not know. The 2021
    sub-row "3.其他" is only recognised inside （六）其他处理, so an applicant-column header "其他" or
    a local row is never taken for it. *Run-together* is True when the label names two different
    sub-rows: one row's numbers went missing or landed elsewhere, as when a PDF page's text prints
    wrapped labels after their numbers.
    """
    label = clean_label(raw)
    matches = [m for m in _T3_PATTERN.finditer(label) if m.lastgroup]
    keys = [_T3_GROUP_KEY[m.lastgroup] for m in matches if m.lastgroup]
    run_together = len(set(keys) - _NOT_A_SUB_ROW) > 1
    end = matches[-1].end() if matches else -1
    in_other_group = in_other_group or "other" in keys  # "（六）其他处理 3.其他" in one label
    if in_other_group and _OTHER_OTHER.search(label) and end <= len(label) - 2:
        return "other_other", run_together
    return (keys[-1] if keys else None), run_together


@lru_cache(maxsize=8192)
def t2_label(raw: str) -> str | None:
    """The table-2 row key a raw label names last, or None."""
    found = [m.lastgroup for m in _T2_PATTERN.finditer(clean_label(raw)) if m.lastgroup]
    return _T2_GROUP_KEY[found[-1]] if found else None


def t2_era(text: str) -> str | None:
    """Which template's table-2 columns the header wording shows ("2021" wins if both appear)."""
    cleaned = _SPACE.sub("", text)
    if _T2_ERA_2021.search(cleaned):
        return "2021"
    if _T2_ERA_2019.search(cleaned):
        return "2019"
    return None
