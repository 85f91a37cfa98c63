"""Administrative divisions (GB/T 2260) from the ``cpca`` package's data, with a fast lookup.

``cpca.transform`` builds a pandas frame per call, far too slow for a parse hot path, so this module reads
cpca's ``adcodes.csv`` once (lazily, without importing cpca or pandas) and keeps plain dicts:
full name -> codes, code -> name. ``resolve("佛山市高明区人民政府行政服务中心")`` finds 佛山市 and
高明区 and returns 广东省 / 佛山市 / 高明区 / 440608. A county name resolves its city and province; a
city its province. Names are matched in full (常德市, 高明区); only provinces are also matched by their
short form (福建, 广西), and only by ``provinces_mentioned``.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from crawler.parsing.record import Region

PROVINCE, CITY, COUNTY = 0, 1, 2
# Placeholder rows of the table, not places.
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Not mainland reporting provinces; mentioned in reports as places of interest ("台湾地区标准…").
_NOT_REPORTING = {"710000", "810000", "820000"}
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


@dataclass
class DivisionIndex:
    names: dict[str, list[str]] = field(default_factory=dict)  # full name -> six-digit codes
    by_code: dict[str, str] = field(default_factory=dict)  # six-digit code -> full name
    province_short: dict[str, str] = field(default_factory=dict)  # 福建 -> 350000
    # first two characters of a name -> the lengths of the names starting with them, longest first
    sizes_by_head: dict[str, tuple[int, ...]] = field(default_factory=dict)


def rank(code: str) -> int:
    if code.endswith("0000"):
        return PROVINCE
    return CITY if code.endswith("00") else COUNTY


def _adcodes_path() -> Path:
    # find_spec locates the package without running its __init__ (which imports pandas).
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the cpca package (administrative division data) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def index() -> DivisionIndex:
    idx = DivisionIndex()
    with _adcodes_path().open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name, code = row["name"].strip(), row["adcode"][:6]
            idx.by_code[code] = name
            if name in _NOT_PLACES:
                continue
            idx.names.setdefault(name, []).append(code)
            if rank(code) == PROVINCE:
                idx.province_short[_short_province(name)] = code
    heads: dict[str, set[int]] = {}
    for name in idx.names:
        heads.setdefault(name[:2], set()).add(len(name))
    idx.sizes_by_head = {head: tuple(sorted(sizes, reverse=True)) for head, sizes in heads.items()}
    return idx


def _short_province(name: str) -> str:
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=4096)
def find_divisions(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Full division names in ``text``, longest match first at each position, left to right.

    Cached: callers pass agency names and titles, which repeat across a corpus.
    """
    idx = index()
    found: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(text):
        # only the lengths of names that start with these two characters can match here (most
        # positions: none), instead of every length up to the longest name
        for size in idx.sizes_by_head.get(text[i : i + 2], ()):
            codes = idx.names.get(text[i : i + size]) if i + size <= len(text) else None
            if codes:
                found.append((text[i : i + size], tuple(codes)))
                i += size
                break
        else:
            i += 1
    return tuple(found)


def resolve(text: str) -> Region:
    """The most specific division ``text`` names (an agency name, a title), with its parents filled in."""
    matches = find_divisions(text)
    province = _unique(c for _, codes in matches for c in codes if rank(c) == PROVINCE)
    city_codes = [c for _, codes in matches for c in codes if rank(c) == CITY]
    city = _unique(c for c in city_codes if province is None or c[:2] == province[:2])
    county_codes = [c for _, codes in matches for c in codes if rank(c) == COUNTY]
    if city is not None:
        county = _unique(c for c in county_codes if c[:4] == city[:4])
    elif province is not None:
        county = _unique(c for c in county_codes if c[:2] == province[:2])
    else:
        county = _unique(county_codes)
    return region_from_code(county or city or province)


def region_from_code(code: str | None) -> Region:
    if code is None:
        return Region()
    by_code = index().by_code
    province = by_code.get(code[:2] + "0000")
    city_name = by_code.get(code[:4] + "00") if rank(code) != PROVINCE else None
    city = city_name if city_name and city_name not in _NOT_PLACES else None
    county = by_code.get(code) if rank(code) == COUNTY else None
    return Region(province=province, city=city, county=county, code=code)


def provinces_mentioned(text: str) -> Counter[str]:
    """How often each mainland province is named in ``text`` (full or short form), by code."""
    idx = index()
    return Counter(idx.province_short[name] for name in _province_names().findall(text))


@lru_cache(maxsize=1)
def _province_names() -> re.Pattern[str]:
    idx = index()
    names = sorted((s for s, code in idx.province_short.items() if code not in _NOT_REPORTING), key=len)
    return re.compile("|".join(map(re.escape, reversed(names))))


def province_from_mentions(text: str) -> Region:
    """The province a text names most often; none when there is no single most-named one."""
    ranked = provinces_mentioned(text).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return Region()
    return region_from_code(ranked[0][0])


def _unique(codes: object) -> str | None:
    distinct = set(codes)  # type: ignore[call-overload]
    return distinct.pop() if len(distinct) == 1 else None


# A county-level body the text refers to: 《富县人民政府网》, 广昌县人民政府, 濱江區政府信息公開網站.
_COUNTY_BODY = re.compile(r"[县区市旗](?=人民政府|政府|委|党委|政务|信息公开|融媒体)")


_CONJUNCTIONS = "和与及或各全本该每我并"


def county_from_mentions(text: str) -> Region:
    """The one county-level division whose government (site, office, committee) the text refers to:
    a township's or a county bureau's county. None when it refers to none or to several."""
    codes: set[str] = set()
    for match in _COUNTY_BODY.finditer(text):
        window = text[max(0, match.start() - 11) : match.end()]
        found = find_divisions(window)
        name = found[-1][0] if found else ""
        # 和县政府 after a clause is "and the county government"; 各县, 全县 are no names
        if name and window.endswith(name) and not (len(name) == 2 and name[0] in _CONJUNCTIONS):
            codes.update(c for c in found[-1][1] if rank(c) == COUNTY)
        if len(codes) > 1:
            return Region()
    return region_from_code(codes.pop()) if codes else Region()


def ambiguous_county(name: str | None) -> str | None:
    """The county-level name ``name`` starts with when GB/T 2260 has it in several cities (长安区 in
    西安 and 石家庄) and ``name`` names nothing above it: the county is known, its parents are not."""
    found = find_divisions(name or "")
    if len(found) != 1 or not (name or "").startswith(found[0][0]):
        return None
    codes = found[0][1]
    return found[0][0] if len(codes) > 1 and all(rank(c) == COUNTY for c in codes) else None
