"""Which portals and which report years a crawl covers: the operator's choice (``nianbao crawl --portal …
--division … --years …``) applied to a registry. Pure functions: no Scrapy, no network.

Division codes are GB/T 2260 six-digit codes. A code names itself and everything under it: ``430000`` (a
province) covers ``430700`` (a city in it) and ``430702`` (a district of that city), by the code's
significant prefix (trailing ``00`` pairs dropped).

Years are report years (the year a report covers). A list entry is skipped only when its link text names
a year outside the selection; an entry whose text names no year is fetched (the crawl does not guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from crawler.registry import Portal

YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


class SelectionError(ValueError):
    """The operator asked for something the registry does not hold or the syntax does not allow."""


def parse_years(text: str) -> tuple[int, ...]:
    """``2019-2025`` or ``2021`` or ``2019,2021-2022`` as the sorted years it names."""
    years: set[int] = set()
    for part in text.split(","):
        match = _RANGE.match(part)
        if match is None:
            raise SelectionError(f"--years {text!r}: expected YEAR or FIRST-LAST, e.g. 2019-2025")
        first = int(match[1])
        last = int(match[2] or match[1])
        if last < first or not 1990 <= first <= 2100 or not 1990 <= last <= 2100:
            raise SelectionError(f"--years {text!r}: {part.strip()} is not a range of report years")
        years.update(range(first, last + 1))
    return tuple(sorted(years))


def division_prefix(code: str) -> str:
    """The significant prefix of a GB/T 2260 code: ``430000`` → ``43``, ``430700`` → ``4307``."""
    if not re.fullmatch(r"\d{6}", code):
        raise SelectionError(f"{code!r} is not a six-digit GB/T 2260 division code")
    prefix = code
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return prefix


def select_portals(
    portals: Sequence[Portal],
    *,
    slugs: Iterable[str] = (),
    divisions: Iterable[str] = (),
) -> list[Portal]:
    """The registry's portals that the operator chose: by slug, and/or within a division. No choice at
    all means every portal. An unknown slug is an error (a typo must not silently crawl nothing)."""
    wanted = list(dict.fromkeys(slugs))
    known = {p.slug for p in portals}
    unknown = [slug for slug in wanted if slug not in known]
    if unknown:
        raise SelectionError(f"no portal {', '.join(unknown)} in the registry (see: nianbao portals list)")
    prefixes = [division_prefix(code) for code in divisions]
    chosen = [
        p
        for p in portals
        if (not wanted or p.slug in wanted)
        and (not prefixes or any(p.division_code.startswith(prefix) for prefix in prefixes))
    ]
    if not chosen:
        raise SelectionError("the selection matches no portal of the registry")
    return chosen


def title_year(title: str | None) -> int | None:
    """The report year a list entry's link text names (``…2023年度政府信息公开工作年度报告`` → 2023)."""
    match = YEAR_IN_TITLE.search(title or "")
    return int(match[1]) if match else None


def outside_years(title: str | None, years: Sequence[int]) -> bool:
    """True when a selection of years is made and the link text names a year outside it."""
    year = title_year(title)
    return bool(years) and year is not None and year not in years
