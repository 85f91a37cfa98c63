"""Renames and mergers of agencies as data: which names belong to one line of succession, and when.

Rows live in ``data/agency_renames.csv`` (seeded from the 2018 institutional reform, extensible by adding
rows). ``scope`` says what ``old_name``/``new_name`` match: ``body`` is the part of an agency key after
its place (国土资源局 in 泰州市国土资源局), so one row covers every city and county; ``name`` is a
whole agency key, for one agency's own rename. ``lineage`` names the line of succession: every name in
it maps to one stable label, which is what keeps a year-on-year series continuous.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
RENAMES_CSV = DATA_DIR / "agency_renames.csv"


@dataclass(frozen=True)
class Rename:
    scope: str  # body | name
    old_name: str
    new_name: str
    valid_to: int | None  # last report year the old name is expected on (local reforms ran into 2019)
    valid_from: int | None  # first report year the new name is expected on
    kind: str  # rename | merger | alias
    lineage: str
    source: str
    note: str = ""


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None


class Crosswalk:
    def __init__(self, renames: list[Rename]) -> None:
        self.renames = renames
        self._lineage: dict[tuple[str, str], str] = {}
        for rename in renames:
            for name in (rename.old_name, rename.new_name):
                self._lineage[(rename.scope, name)] = rename.lineage

    @classmethod
    def from_csv(cls, path: Path = RENAMES_CSV) -> Crosswalk:
        with path.open(encoding="utf-8", newline="") as rows:
            return cls([_rename_from_row(row) for row in csv.DictReader(rows)])

    def lineage_of_body(self, body: str) -> str | None:
        """The lineage a place-less agency body (国土资源局) belongs to, if the crosswalk knows it."""
        return self._lineage.get(("body", body))

    def lineage_of_name(self, key: str) -> str | None:
        """The lineage of a whole agency key with its own rename row, if any."""
        return self._lineage.get(("name", key))

    def successors(self, body: str) -> list[Rename]:
        """Rows that continue ``body`` under another name (renames and mergers, not aliases)."""
        return [r for r in self.renames if r.old_name == body and r.kind != "alias"]


def _rename_from_row(row: dict[str, str]) -> Rename:
    return Rename(
        scope=row["scope"],
        old_name=row["old_name"],
        new_name=row["new_name"],
        valid_to=_year(row["valid_to"]),
        valid_from=_year(row["valid_from"]),
        kind=row["kind"],
        lineage=row["lineage"],
        source=row["source"],
        note=row.get("note", ""),
    )
