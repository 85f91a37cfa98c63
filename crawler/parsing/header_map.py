"""Naming a grid's value columns from its header rows (tables 3 and 4).

Header rows come with rowspan/colspan expanded (a merged cell's text in every slot it covers) or, from
pdfplumber, with the covered slots left empty. So a column's *leaf* name (自然人, 商业企业 … 总计; 结果维持
… 总计) is the lowest of its own header cells that names a leaf, and its *group* (table 4's 行政复议 /
未经复议直接起诉 / 复议后起诉) is the lowest of its own cells that names one, else the group of the column
to its left (a merged group cell that left its other slots empty). A leaf is never taken from a
neighbour: under 法人或其他组织 an empty slot is not 其他.

Header text is cleaned like labels (whitespace, line breaks, notes removed), so "商业企\\n业" and
"结 果\\n维持" still name their columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from crawler.parsing.labels import clean_label

# Table 3: applicant columns. 其他 must be the whole cell: 法人或其他组织 is the group above it.
_T3_LEAVES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"自然人", "natural_person"),
        (r"商业企业|企业", "commercial"),
        (r"科研机构|科研", "research"),
        (r"公益组织|社会公益", "social_welfare"),
        (r"法律服务", "legal_service"),
        (r"^其他(?:组织)?$", "other_org"),
        (r"^(?:总计|合计|小计)$", "total"),
    )
)
# Table 4: results within each block, and the blocks.
_T4_LEAVES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"维持", "upheld"),
        (r"纠正", "corrected"),
        (r"其他结果|^其他$", "other"),
        (r"未审结|尚未", "pending"),
        (r"^(?:总计|合计|小计)$", "total"),
    )
)
_T4_GROUPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"未经复议|直接起诉", "litigation_direct"),
        (r"复议后起诉", "litigation_after_review"),
        (r"行政复议", "reconsideration"),
    )
)
T4_HEADER = re.compile(r"行政复议")
T4_LEAF = re.compile(r"维持")


@lru_cache(maxsize=4096)  # header cells are the template's few words, in every report
def _name(cell: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    cleaned = clean_label(cell)
    if not cleaned:
        return None
    for pattern, key in patterns:
        if pattern.search(cleaned):
            return key
    return None


def _lowest(
    header: Sequence[Sequence[str]], column: int, patterns: tuple[tuple[re.Pattern[str], str], ...]
) -> str | None:
    for row in reversed(header):
        if column < len(row):
            name = _name(row[column], patterns)
            if name is not None:
                return name
    return None


def t3_columns(header: Sequence[Sequence[str]], width: int) -> dict[int, str]:
    """Grid column -> applicant column key, for the columns the header names."""
    named = {column: _lowest(header, column, _T3_LEAVES) for column in range(width)}
    return {column: key for column, key in named.items() if key is not None}


def t4_columns(header: Sequence[Sequence[str]], width: int) -> dict[int, str]:
    """Grid column -> ``block.result`` key, for the columns whose block and result the header names."""
    columns: dict[int, str] = {}
    group: str | None = None
    for column in range(width):
        group = _lowest(header, column, _T4_GROUPS) or group
        leaf = _lowest(header, column, _T4_LEAVES)
        if group is not None and leaf is not None:
            columns[column] = f"{group}.{leaf}"
    return columns
