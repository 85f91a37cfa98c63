"""One stable agency id across names, renames, mergers and division-code changes.

The id is ``<division code in use today>/<lineage or body>``: 洪泽县国土资源局 (2015, code 320829),
淮安市洪泽区国土资源局 (2017, 320813) and 淮安市洪泽区自然资源局 (2019) all resolve to
``320813/自然资源``. An agency whose place cannot be located keeps its key (after the lineage, if its
body has one) so it still groups with itself. This is what dim_agencies' stable id and the
year-on-year marts should key on; ``key`` is the name-history side of the dimension.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.identity.agency import agency_name
from crawler.identity.crosswalk import Crosswalk
from crawler.identity.divisions import DivisionCodes, DivisionVersion


@dataclass(frozen=True)
class ResolvedAgency:
    name: str  # as published
    key: str  # normalised name (agency_key)
    parent_key: str | None  # the government an office (办公室) serves
    stable_id: str  # follows the agency across renames and code changes
    division_code: str | None  # the code the place had in the report's year
    current_division_code: str | None  # the code in use today for that place
    body: str  # the key without its place: 国土资源局
    lineage: str | None  # the crosswalk lineage of the body, when it has one


class AgencyResolver:
    def __init__(self, crosswalk: Crosswalk | None = None, divisions: DivisionCodes | None = None) -> None:
        self.crosswalk = crosswalk or Crosswalk.from_csv()
        self.divisions = divisions or DivisionCodes.from_csv()

    def resolve(self, name: str, year: int | None, region_code: str | None = None) -> ResolvedAgency:
        """The place comes from the name when the name locates one (it is the agency's own level), else from
        ``region_code`` (the parser's Region.code, which may be a coarser level or a guess)."""
        named = agency_name(name)
        located, body = self.divisions.locate(named.key, year)
        code = located.code if located else region_code
        current = self.divisions.current_code(code) if code else None
        lineage = self.crosswalk.lineage_of_name(named.key) or self.crosswalk.lineage_of_body(body)
        # Without a place a lineage would join every city's 国土资源局 into one, so the key stays whole.
        stable = f"{current}/{lineage or body}" if current else f"?/{named.key}"
        return ResolvedAgency(
            name=name,
            key=named.key,
            parent_key=named.parent_key,
            stable_id=stable,
            division_code=code,
            current_division_code=current,
            body=body,
            lineage=lineage,
        )

    def division_history(self, code: str) -> list[DivisionVersion]:
        """Every (name, years) version of a code: the name-history rows of a place."""
        return self.divisions.history(code)
