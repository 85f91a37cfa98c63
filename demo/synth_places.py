"""Where a synthetic report comes from: an agency of each kind, in a place drawn from cpca's GB/T 2260
table (read once, by ``crawler.parsing.regions.index``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from crawler.parsing.regions import index

_DEPARTMENTS = (
    "教育局",
    "财政局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "卫生健康委员会",
    "发展和改革委员会",
    "人民政府办公室",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "民政局",
    "农业农村局",
    "审计局",
)
_TOWN_STEMS = ("城关", "新华", "东城", "西城", "长安", "永安", "太平", "青山", "龙泉", "河口", "金桥", "白沙")
_ZONES = ("经济技术开发区管理委员会", "高新技术产业开发区管理委员会", "工业园区管理委员会")


@dataclass(frozen=True)
class _Place:
    province: str
    city: str | None
    county: str | None
    code: str  # six digits, most specific level


# ---------------------------------------------------------------- places (cpca's GB/T 2260 table)
def _names() -> dict[str, str]:
    """Six-digit GB/T 2260 code -> name."""
    return index().by_code


@cache
def _places() -> tuple[tuple[_Place, ...], tuple[_Place, ...]]:
    """(cities, counties) of the provinces (municipalities and 省直辖 units left out: no city level)."""
    names = _names()
    provinces = {code: name for code, name in names.items() if code.endswith("0000") and name.endswith("省")}
    cities, counties = [], []
    for code, name in sorted(names.items()):
        province = provinces.get(code[:2] + "0000")
        if province is None or code.endswith("0000") or name in {"市辖区", "县"}:
            continue
        if code.endswith("00"):
            if name.endswith(("市", "州", "盟", "地区")):
                cities.append(_Place(province, name, None, code))
            continue
        city = names.get(code[:4] + "00")
        if city and city.endswith(("市", "州", "盟", "地区")) and name.endswith(("县", "区", "市", "旗")):
            counties.append(_Place(province, city, name, code))
    return tuple(cities), tuple(counties)


@cache
def _ambiguous_counties() -> frozenset[str]:
    """County names used more than once in the country (市中区, 郊区, 宝山区…): they need their city."""
    seen: dict[str, int] = {}
    for code, name in _names().items():
        if not code.endswith("00"):
            seen[name] = seen.get(name, 0) + 1
    return frozenset(name for name, count in seen.items() if count > 1)


def _agency(rng: random.Random, kind: str) -> tuple[str, _Place]:
    cities, counties = _places()
    if kind == "government":
        place = rng.choice(counties if rng.random() < 0.7 else cities)
        return f"{place.city}{place.county or ''}人民政府", place
    if kind == "department":
        place = rng.choice(cities if rng.random() < 0.6 else counties)
        return f"{place.city}{place.county or ''}{rng.choice(_DEPARTMENTS)}", place
    if kind == "township":
        place = rng.choice(counties)
        stem = rng.choice(_TOWN_STEMS)
        unit = rng.choice((f"{stem}镇人民政府", f"{stem}街道办事处", f"{stem}乡人民政府"))
        prefix = f"{place.city}{place.county}" if place.county in _ambiguous_counties() else place.county
        return f"{prefix}{unit}", place
    place = rng.choice(cities)
    return f"{place.city}{rng.choice(_ZONES)}", place
