"""The staging format: the one definition of ``reports.jsonl`` and ``crawl_events.jsonl``.

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

_TEXT = pa.string()
_KEYS = pa.list_(pa.string())


def _texts(*names: str) -> list[pa.Field]:
    return [pa.field(name, _TEXT) for name in names]


REGION = pa.struct(_texts("province", "city", "county", "code"))
ISSUE = pa.struct(_texts("code", "message"))
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
        pa.field("issues", pa.list_(ISSUE)),
        pa.field("sources", pa.list_(SOURCE)),
    ]
)
EXPLODED = ("cells", "figures")  # key -> number maps on every report line, outside ``REPORT``
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
