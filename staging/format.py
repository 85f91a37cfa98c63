"""The staging format: the one definition of ``reports.jsonl``, ``crawl_events.jsonl``, ``identities.jsonl``.

The crawler's stage pipeline writes every line through ``conform`` (a field it does not list is a bug), the
warehouse reads the files with these Arrow schemas and lands every field, and ``docs/architecture.md``'s
field lists are checked against them by ``tests/test_staging_format.py``. JSON has no date type: dates and
times are ISO text, parsed by the loader (a malformed date names the run).

``cells`` and ``figures`` (key -> number maps) are part of every report line but not of ``REPORT``: their
keys are open-ended, so the reader infers them and the loader explodes them into long tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

REPORTS_FILE = "reports.jsonl"
EVENTS_FILE = "crawl_events.jsonl"
IDENTITIES_FILE = "identities.jsonl"

_TEXT = pa.string()
_KEYS = pa.list_(pa.string())


def _texts(*names: str) -> list[pa.Field]:
    return [pa.field(name, _TEXT) for name in names]


REGION = pa.struct(_texts("province", "city", "county", "code"))
ISSUE = pa.struct(_texts("code", "message"))
# The agency as crawler.identity resolves it: normalised key, the government an office serves, the stable id
# that follows it across renames and division-code changes, the division code then and now, the lineage.
AGENCY_IDENTITY = pa.struct(
    _texts("key", "parent_key", "stable_id", "division_code", "current_division_code", "lineage")
)
SOURCE = pa.struct(
    _texts("url", "fetched_url", "host", "portal", "fetched_at", "sha256", "content_type", "kind", "role")
)
REPORT = pa.schema(
    [
        *_texts("report_id", "run_id", "portal", "agency"),
        pa.field("region", REGION),
        pa.field("report_year", pa.int32()),
        *_texts("published_date", "title", "doc_kind", "template", "script"),
        pa.field("approximate", _KEYS),  # figure keys stated approximately (500余条)
        pa.field("uncertain", _KEYS),  # cell and figure keys the parser could not pin down
        pa.field("flags", _KEYS),
        pa.field("sections", _KEYS),  # outline sections the text carries (crawler/parsing/sections.py)
        pa.field("issues", pa.list_(ISSUE)),
        pa.field("sources", pa.list_(SOURCE)),
        pa.field("agency_identity", AGENCY_IDENTITY),
    ]
)
EXPLODED = ("cells", "figures")  # key -> number maps on every report line, outside ``REPORT``
# One line per staged source (URL) of a run: what the near-duplicate index made of its document.
RELATED = pa.struct([*_texts("kind", "doc_id", "report_id"), pa.field("text_similarity", pa.float64())])
IDENTITY = pa.schema(
    [
        *_texts(
            "run_id",
            "url",
            "sha256",
            "doc_id",
            "report_id",
            "relation",
            "matched_doc_id",
            "matched_report_id",
        ),
        pa.field("text_similarity", pa.float64()),  # exact Jaccard of the shingle sets
        pa.field("figure_agreement", pa.float64()),  # share of the common figures with equal values
        pa.field("related", pa.list_(RELATED)),  # other verified 雷同 relations of the document
    ]
)
EVENT = pa.schema(
    [
        *_texts("run_id", "url", "host", "portal", "outcome", "reason"),
        pa.field("status", pa.int32()),
        *_texts("sha256", "role", "report_id", "target", "at"),
    ]
)


def conform(
    row: Mapping[str, Any], schema: pa.Schema | pa.StructType, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``row`` with exactly the fields of ``schema`` (plus ``extra``), in its order; a missing or unknown
    field raises, so the writer cannot drift from the format."""
    names = [field.name for field in schema] + list(extra)
    if set(row) != set(names):
        raise ValueError(
            f"staging row does not match the format: missing {sorted(set(names) - set(row))}, "
            f"unknown {sorted(set(row) - set(names))}"
        )
    return {name: row[name] for name in names}
