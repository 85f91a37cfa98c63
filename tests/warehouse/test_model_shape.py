"""dbt shape: staging models are named ``stg_<source>__<entity>`` and read only that source; every model
is import CTEs, then logic CTEs, then ``final``, and ends with ``SELECT * FROM final``."""

from __future__ import annotations

import re

import pytest

from warehouse.project import PROJECT_ROOT

MODELS = sorted(
    p for layer in ("staging", "intermediate", "marts") for p in (PROJECT_ROOT / layer).glob("*.sql")
)
INPUT = re.compile(r"\{\{\s*(?:ref|source)\(.*?\)\s*\}\}")
IMPORT = re.compile(r"(\w+) AS \(\n    SELECT \* FROM (\{\{\s*(?:ref|source)\(.*?\)\s*\}\})\n\)")
SOURCE = re.compile(r"\{\{\s*source\(\s*'(\w+)'\s*,\s*'(\w+)'\s*\)\s*\}\}")


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_import_ctes_then_final(path: object) -> None:
    sql = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert sql.rstrip().endswith("\nSELECT * FROM final"), "a model ends with SELECT * FROM final"
    assert re.search(r"^final AS \($", sql, re.M), "a model's last CTE is final"
    imported = {expr for _, expr in IMPORT.findall(sql)}
    assert set(INPUT.findall(sql)) == imported, "every ref/source is an import CTE of its own"
    assert len(INPUT.findall(sql)) == len(imported), "each input is imported once"


@pytest.mark.parametrize("path", [p for p in MODELS if p.parent.name == "staging"], ids=lambda p: p.stem)
def test_staging_models_are_named_after_their_source(path: object) -> None:
    name = path.stem  # type: ignore[attr-defined]
    sources = SOURCE.findall(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    match = re.fullmatch(r"stg_(\w+?)__(\w+)", name)
    assert match, f"{name} is not stg_<source>__<entity>"
    assert {schema for schema, _ in sources} == {match[1]}
    assert match[2] in {table for _, table in sources}
