"""Report and agency identity over time (issue 14): pure functions and small classes, no Scrapy, no DuckDB.

- ``NearDupIndex``: a persistent MinHash LSH index that classifies each fetched document as an exact copy,
  mirror, format pair, image/text pair, correction, copied report (雷同) or new, every match verified.
- ``agency_key`` / ``agency_name``: a normalised agency key that survives the usual name variants.
- ``AgencyResolver``: a stable agency id across renames, mergers (``Crosswalk``) and division-code changes
  (``DivisionCodes``).
"""

from crawler.identity.agency import AgencyName, agency_key, agency_name
from crawler.identity.crosswalk import Crosswalk, Rename
from crawler.identity.divisions import DivisionCodes, DivisionVersion
from crawler.identity.facts import Match, MatchKind, ReportFacts, Verdict
from crawler.identity.index import NearDupIndex
from crawler.identity.resolver import AgencyResolver, ResolvedAgency

__all__ = [
    "AgencyName",
    "AgencyResolver",
    "Crosswalk",
    "DivisionCodes",
    "DivisionVersion",
    "Match",
    "MatchKind",
    "NearDupIndex",
    "Rename",
    "ReportFacts",
    "ResolvedAgency",
    "Verdict",
    "agency_key",
    "agency_name",
]
