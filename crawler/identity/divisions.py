"""GB/T 2260 division codes with their history: which code a place had in a given year, and its successor.

``data/division_codes.csv`` is the county-and-above history from github.com/yescallop/areacodes (CC0),
compiled from the Ministry of Civil Affairs' yearly code lists and its 县级以上行政区划变更情况; only
rows still valid in 2007 or later are kept (the disclosure regulation took effect in 2008). Each row
is one (code, name) version with the years it was valid; ``successor_codes`` is where a withdrawn code
went (``a;b`` for a split, ``a[2001]`` for a part moved earlier).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DIVISIONS_CSV = Path(__file__).parent / "data" / "division_codes.csv"
IN_USE = "在用"
LONGEST_NAME = 12
# A report for year Y is published early in Y+1, so it may carry the name a place got in Y+1.
NAME_GRACE_YEARS = 1


@dataclass(frozen=True)
class DivisionVersion:
    code: str
    name: str
    province: str
    prefecture: str
    level: str  # 省级 | 地级 | 县级
    status: str  # 在用 (in use) | 弃用 (withdrawn) | 变更 (renamed, code kept)
    valid_from: int
    valid_to: int | None
    successor_codes: tuple[str, ...]  # where the code went when withdrawn; bracketed partial moves dropped
    source: str

    def valid_in(self, year: int | None, grace: int = 0) -> bool:
        if year is None:
            return self.status == IN_USE
        return self.valid_from - grace <= year and (self.valid_to is None or year <= self.valid_to + grace)


class DivisionCodes:
    def __init__(self, versions: list[DivisionVersion]) -> None:
        self._by_code: defaultdict[str, list[DivisionVersion]] = defaultdict(list)
        self._by_name: defaultdict[str, list[DivisionVersion]] = defaultdict(list)
        for version in versions:
            self._by_code[version.code].append(version)
            if version.name != "市辖区":
                self._by_name[version.name].append(version)

    @classmethod
    def from_csv(cls, path: Path = DIVISIONS_CSV) -> DivisionCodes:
        with path.open(encoding="utf-8", newline="") as rows:
            return cls([_version_from_row(row) for row in csv.DictReader(rows)])

    def history(self, code: str) -> list[DivisionVersion]:
        return sorted(self._by_code.get(code, []), key=lambda v: v.valid_from)

    def current_code(self, code: str) -> str:
        """The code in use today for the place ``code`` was, following withdrawals; a split stops there."""
        seen = {code}
        while (latest := self._latest(code)) and latest.status != IN_USE and len(latest.successor_codes) == 1:
            code = latest.successor_codes[0]
            if code in seen:
                break
            seen.add(code)
        return code

    def locate(self, key: str, year: int | None) -> tuple[DivisionVersion | None, str]:
        """The most specific division an agency key starts with (江苏省淮安市洪泽区…), and the rest of it."""
        found: DivisionVersion | None = None
        position = 0
        while version := self._name_at(key, position, year, found):
            found = version
            position += len(version.name)
        return found, key[position:]

    def _name_at(
        self, key: str, position: int, year: int | None, parent: DivisionVersion | None
    ) -> DivisionVersion | None:
        for length in range(min(LONGEST_NAME, len(key) - position), 1, -1):
            candidates = [
                v
                for v in self._by_name.get(key[position : position + length], [])
                if v.valid_in(year, NAME_GRACE_YEARS) and _inside(v, parent)
            ]
            if len({v.code for v in candidates}) == 1:  # an ambiguous name (two 清河区) locates nothing
                return candidates[0]
        return None

    def _latest(self, code: str) -> DivisionVersion | None:
        versions = self.history(code)
        return versions[-1] if versions else None


def _inside(version: DivisionVersion, parent: DivisionVersion | None) -> bool:
    if parent is None:
        return True
    return parent.name in (version.province, version.prefecture) and parent.code != version.code


def _successors(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(";") if part and "[" not in part)


def _version_from_row(row: dict[str, str]) -> DivisionVersion:
    return DivisionVersion(
        code=row["code"],
        name=row["name"],
        province=row["province"],
        prefecture=row["prefecture"],
        level=row["level"],
        status=row["status"],
        valid_from=int(row["valid_from"]),
        valid_to=int(row["valid_to"]) if row["valid_to"] else None,
        successor_codes=_successors(row["successor_codes"]),
        source=row["source"],
    )
