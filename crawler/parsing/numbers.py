"""Numbers as reports write them: Arabic or Chinese numerals, bounds and estimates, units.

``parse_quantity("500余条")`` -> ``Quantity(500, approximate=True, unit="条")``; ``"近千件"`` -> 1000
approximate; ``"1.2万条"`` -> 12000 approximate (a rounded count); ``"三十一"`` -> 31 (cn2an);
``"9.6万元"`` -> 96000 yuan (exact: 万元 is the stated unit). Anything that is not clearly a
number gives ``None`` (a placeholder gap such as ``"我市 个行政许可项目"`` has no number at all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.parsing.record import Number

# Characters that make up a Chinese numeral (cn2an reads them); 两 and 〇 included.
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
NUMBER = rf"(?:{ARABIC}|[{CN_DIGITS}]+)"
# Words that turn a number into a bound or an estimate, before it (约500) or after it (500余).
APPROX_BEFORE = r"(?:大约|约|近|逾|超过)"
APPROX_AFTER = r"(?:余|多|左右|以上|来)"
COUNT_UNITS = r"(?:条|件|宗|次|人次|个|份|篇|项|起|例|批|期)"
MONEY_UNITS = r"(?:亿元|万元|千元|元)"

# 1.2万条 / 3亿元: an Arabic numeral scaled by a Chinese order of magnitude.
SCALE = r"(?:万|亿)"
_QUANTITY = re.compile(
    rf"^(?P<before>{APPROX_BEFORE})?(?P<num>{NUMBER})(?P<scale>{SCALE}(?=[余多左以来条件宗次人个份篇项起例批期元]|$))?"
    rf"(?P<after>{APPROX_AFTER})?(?P<unit>{COUNT_UNITS}|{MONEY_UNITS})?"
)
_SCALE_FACTOR = {"万": 10_000, "亿": 100_000_000}
_MONEY_FACTOR = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}
# 近千 / 上万: "nearly a thousand" with no digits at all.
_ROUND_WORDS = {"千": 1_000, "万": 10_000, "百": 100}


@dataclass(frozen=True)
class Quantity:
    value: Number
    approximate: bool = False
    unit: str | None = None


@lru_cache(maxsize=4096)  # reports repeat their numerals and dates; cn2an is slow
def to_number(token: str) -> Number | None:
    """A numeral as prose writes it, Arabic ("1,362") or Chinese (cn2an: "三十一", "二〇一九"), as int
    (float when it has a fraction); ``None`` if it isn't one.

    Lenient by design, for sentences and dates. A table cell is read by the strict
    ``digits.cell_number`` instead: Arabic only, and the whole cell must be the number.
    """
    token = token.strip().replace(",", "")
    if not token:
        return None
    if token[0].isdigit():
        try:
            value = float(token) if "." in token else int(token)
        except ValueError:
            return None
        return _tidy(value)
    if token in _ROUND_WORDS:
        return _ROUND_WORDS[token]
    try:
        import cn2an  # heavy import, only needed when a report spells a number out

        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return _tidy(value)


def _tidy(value: Number) -> Number:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def parse_quantity(text: str) -> Quantity | None:
    """Read a quantity at the start of ``text``: bound words, numeral, unit. Money is given in yuan."""
    match = _QUANTITY.match(text.strip())
    if match is None:
        return None
    value = to_number(match.group("num"))
    if value is None:
        return None
    if match.group("scale"):
        value = _tidy(round(value * _SCALE_FACTOR[match.group("scale")], 2))
    unit = match.group("unit")
    approximate = bool(match.group("before") or match.group("after"))
    # A count in 万 (1.2万条) is rounded; an amount of money in 万元 is the report's stated unit.
    if match.group("scale") and unit not in _MONEY_FACTOR:
        approximate = True
    if match.group("num") in _ROUND_WORDS and match.group("before"):
        approximate = True
    if unit in _MONEY_FACTOR:
        value = to_yuan(value, unit)
        unit = "元"
    return Quantity(value, approximate, unit)


def to_yuan(value: Number, unit: str) -> Number:
    """``9.6, "万元"`` -> 96000. Rounded to the cent so float noise never leaks into a figure."""
    yuan = round(value * _MONEY_FACTOR[unit], 2)
    return _tidy(yuan)
