"""Dates as reports print them, to ISO ``YYYY-MM-DD``.

A compiled regex handles what reports actually use (``2019年1月31日``, ``2013-03-28``, ``2013/3/28``,
``二〇一九年一月三十一日``, ``发布日期：…``); dateparser (``languages=['zh']``) is the fallback for
anything else that still looks like a full date. A year alone is never a date. A date whose digits are
glued (``20181231日``) is recovered only when the split is unambiguous; otherwise ``None``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from crawler.parsing.numbers import to_number
from crawler.parsing.text import nfkc

_CN = "零〇一二三四五六七八九十"
_YMD_CHINESE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_YMD_DASHED = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
)
_YMD_SPELLED = re.compile(rf"(?P<y>[{_CN}]{{4}})年(?P<m>[{_CN}]{{1,3}})月(?P<d>[{_CN}]{{1,4}})[日号]")
_YMD_GLUED = re.compile(r"(?<!\d)(?P<digits>(?:19|20)\d{4,6})日")
_LABELLED = re.compile(
    r"(?:发布|成文|印发|更新|公开|生成|发文|发表)(?:日期|时间)[\s:：|]*(?P<value>(?:19|20)\d{2}[^\s|]{4,20})"
)
# The page's own publication labels win over the drafting ones on the same bar (生成日期2017-02-16
# 公开日期2017-03-01: the notice was published on 03-01).
_PUBLISHED_LABEL = re.compile(
    r"(?:发布|公开|发表)(?:日期|时间)[\s:：|]*(?P<value>(?:19|20)\d{2}[^\s|]{4,20})"
)
# An info bar's bare label (日期：2019-03-12, …办公室时间:2017-01-12, 发布于2020年1月20日); 统计时间,
# 截止时间 and the like are no labels of the page.
_BARE_LABELLED = re.compile(
    r"(?<!统计)(?<!截止)(?<!期限)(?<!办理)(?<!受理)(?<!答复)(?:日期|时间|发布于)\s*[:：]?\s*"
    r"(?P<value>(?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日))"
)
_HAS_YEAR_ONLY = re.compile(r"^\s*(?:19|20)\d{2}\s*年?(?:度)?\s*$")


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``, or ``None``.

    dateparser runs only when no date-shaped run was found at all: a shape the regexes know but that
    is not a real date (2013-13-01, 2019年2月30日) is ``None``, not a guess.
    """
    found, shaped = _scan(_zeros(nfkc(text)))
    if found is not None or shaped:
        return found
    return _fallback(text)


@lru_cache(maxsize=4096)  # the same signature and header lines are read by several rules
def find_date(text: str) -> str | None:
    """Regex fast path only: the first full date in ``text``, no dateparser."""
    return _scan(_zeros(nfkc(text)))[0]


def dates_in(text: str) -> list[str]:
    """Every full date in ``text`` that the regexes read (no dateparser), as ``YYYY-MM-DD``, in no order;
    shapes that are no real date (2013-13-01) are left out."""
    text = _zeros(nfkc(text))
    found = (reader(match) for pattern, reader in _READERS for match in pattern.finditer(text))
    return [value for value in found if value is not None]


def _zeros(text: str) -> str:
    """二○一四年: the white circle ○ some reports type for the numeral zero 〇."""
    return text.replace("○", "〇") if "○" in text else text


def _scan(text: str) -> tuple[str | None, bool]:
    best: tuple[int, str] | None = None
    shaped = False
    for pattern, reader in _READERS:
        match = pattern.search(text)
        if match is None:
            continue
        shaped = True
        value = reader(match)
        if value is not None and (best is None or match.start() < best[0]):
            best = (match.start(), value)
    return (best[1] if best else None), shaped


def labelled_date(text: str) -> str | None:
    """A date introduced by a label such as 发布时间 / 发布日期 / 更新时间."""
    if "日期" not in text and "时间" not in text and "发布于" not in text:  # most lines: no label at all
        return None
    match = _PUBLISHED_LABEL.search(text) or _LABELLED.search(text) or _BARE_LABELLED.search(text)
    return parse_date(match.group("value")) if match else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _read_numeric(match: re.Match[str]) -> str | None:
    return _iso(int(match.group("y")), int(match.group("m")), int(match.group("d")))


def _read_spelled(match: re.Match[str]) -> str | None:
    # cn2an reads the year digit by digit (二〇一九 -> 2019), the month and day as numerals (三十一 -> 31)
    year, month, day = (to_number(match.group(part)) for part in ("y", "m", "d"))
    if not (isinstance(year, int) and year >= 1000 and isinstance(month, int) and isinstance(day, int)):
        return None
    return _iso(year, month, day)


def _read_glued(match: re.Match[str]) -> str | None:
    """``20181231日``: keep the date only if exactly one month/day split is a real date."""
    digits = match.group("digits")
    year, rest = int(digits[:4]), digits[4:]
    candidates = set()
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) <= 2 and len(day) <= 2:
            iso = _iso(year, int(month), int(day))
            if iso is not None:
                candidates.add(iso)
    return candidates.pop() if len(candidates) == 1 else None


_READERS = (
    (_YMD_CHINESE, _read_numeric),
    (_YMD_DASHED, _read_numeric),
    (_YMD_SPELLED, _read_spelled),
    (_YMD_GLUED, _read_glued),
)


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    import dateparser  # slow import; only reached when the regexes found nothing

    return dateparser


def _fallback(text: str) -> str | None:
    text = text.strip()
    # dateparser happily turns "2019年" into a full date; a year alone must stay a year.
    if not text or len(text) > 40 or _HAS_YEAR_ONLY.match(text) or not re.search(r"\d|[〇一二三]", text):
        return None
    if not re.search(r"月|[-/.]\d", text):
        return None
    parsed = _dateparser().parse(text, languages=["zh"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed is not None else None
