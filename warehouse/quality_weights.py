"""The report-quality score's weights: ``dbt_like_sql/seeds/quality_weights.yml`` into a seed table.

Weights are data so that an analyst changes the score by editing one YAML file, not the SQL. The file is
checked before anything is written: every indicator of ``INDICATORS`` must have a weight, none may be
unknown, and each is a number >= 0; a bad file stops the build with the file and key named.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import yaml

from warehouse.project import PROJECT_ROOT

WEIGHTS_FILE = PROJECT_ROOT / "seeds" / "quality_weights.yml"
# The indicators mart_report_quality scores (each has a <name>_score column there, 0..1 or NULL = unknown).
INDICATORS = (
    "on_time",
    "report_column",
    "section_coverage",
    "table_fill",
    "identities_hold",
    "unchanged",
    "copies_agree",
    "companion",
    "original_text",
    "region_summary",
)


class WeightsError(ValueError):
    """The weights file lacks a weight, names an unknown indicator, or has a negative or non-number one."""


def read_weights(path: Path = WEIGHTS_FILE) -> dict[str, float]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    weights = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict):
        raise WeightsError(f"{path}: expected a mapping 'weights: {{indicator: weight}}'")
    unknown = sorted(set(weights) - set(INDICATORS))
    missing = [name for name in INDICATORS if name not in weights]
    if unknown or missing:
        raise WeightsError(f"{path}: unknown indicators {unknown}, missing indicators {missing}")
    for name, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise WeightsError(f"{path}: weight of {name!r} must be a number >= 0, not {weight!r}")
    if not any(weights.values()):
        raise WeightsError(f"{path}: every weight is 0, so there is no score")
    return {name: float(weights[name]) for name in INDICATORS}


def write_weights(con: duckdb.DuckDBPyConnection, schema: str, path: Path = WEIGHTS_FILE) -> None:
    weights = read_weights(path)
    table = pa.table({"indicator": list(weights), "weight": list(weights.values())})
    con.register("weight_rows", table)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {schema}.quality_weights AS SELECT * FROM weight_rows")
    finally:
        con.unregister("weight_rows")
