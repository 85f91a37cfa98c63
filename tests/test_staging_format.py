"""The staging format is defined once (``staging/format.py``): the writer conforms to it, the warehouse lands
every field of it, and ``docs/architecture.md`` lists every field of it."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from staging import format as staged
from tests.conftest import REPO_ROOT
from warehouse import schema

# staged field -> landing column, where the names differ or a struct is flattened.
REPORT_COLUMNS = {
    "run_id": "first_run_id",
    "flags": "flags_json",
    "sections": "sections_json",
    "region.province": "province",
    "region.city": "city",
    "region.county": "county",
    "region.code": "region_code",
    "agency_identity.key": "agency_norm_key",
    "agency_identity.parent_key": "agency_parent_key",
    "agency_identity.stable_id": "agency_stable_id",
    "agency_identity.division_code": "division_code",
    "agency_identity.current_division_code": "current_division_code",
    "agency_identity.lineage": "agency_lineage",
}
# Fields that land as rows of another table or as flags on them.
REPORT_ELSEWHERE = {
    "approximate": "report_figures.is_approximate",
    "uncertain": "report_cells.is_uncertain",
    "issues": "report_issues",
    "sources": "report_sources",
}


def _leaves(fields: pa.Schema | pa.StructType, prefix: str = "") -> list[str]:
    names = []
    for field in fields:
        if pa.types.is_struct(field.type):
            names += _leaves(field.type, f"{prefix}{field.name}.")
        else:
            names.append(prefix + field.name)
    return names


def test_every_report_field_is_landed() -> None:
    landed = set(schema.columns(schema.reports))
    for name in _leaves(staged.REPORT):
        if name in REPORT_ELSEWHERE:
            continue
        assert REPORT_COLUMNS.get(name, name) in landed, f"reports.jsonl field {name} is not loaded"


@pytest.mark.parametrize(
    ("fields", "table"),
    [
        (staged.SOURCE, schema.report_sources),
        (staged.ISSUE, schema.report_issues),
        (staged.EVENT, schema.crawl_events),
        (staged.IDENTITY, schema.source_identities),
    ],
)
def test_every_nested_and_event_field_is_landed(fields: pa.StructType | pa.Schema, table: object) -> None:
    landed = set(schema.columns(table))  # type: ignore[arg-type]
    renamed = {"related": "related_json"}  # a list of structs lands as JSON text
    assert [name for name in _leaves(fields) if renamed.get(name, name) not in landed] == []


def test_conform_refuses_a_field_the_format_does_not_list() -> None:
    row = {name: None for name in staged.EVENT.names}
    assert list(staged.conform(row, staged.EVENT)) == staged.EVENT.names
    with pytest.raises(ValueError, match="unknown"):
        staged.conform({**row, "agency_kind": None}, staged.EVENT)
    with pytest.raises(ValueError, match="missing"):
        staged.conform({k: v for k, v in row.items() if k != "target"}, staged.EVENT)


def test_the_architecture_doc_lists_every_field() -> None:
    doc = (REPO_ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r'"(\w+)"', doc))
    for fields in (
        staged.REPORT,
        staged.EVENT,
        staged.SOURCE,
        staged.REGION,
        staged.ISSUE,
        staged.AGENCY_IDENTITY,
        staged.IDENTITY,
        staged.RELATED,
    ):
        missing = [field.name for field in fields if field.name not in named]
        assert not missing, f"docs/architecture.md does not list {missing}"
    assert set(staged.EXPLODED) <= named
