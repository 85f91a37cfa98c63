"""Seed tables (schema ``seeds``): plain CSV files under ``dbt_like_sql/seeds/``, loaded before the models.

They are generated from the parser's template and cpca's division table by ``nianbao/seeds.py`` (``python -m
nianbao.seeds``) and checked against it by a test, so the warehouse needs nothing from the crawler to build.
``SEED_SCHEMAS`` is the one definition of their columns and types.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pcsv

from warehouse import quality_weights
from warehouse.project import PROJECT_ROOT

SCHEMA = "seeds"
SEEDS_DIR = PROJECT_ROOT / "seeds"
_S, _I, _B = pa.string(), pa.int64(), pa.bool_()
SEED_SCHEMAS: dict[str, pa.Schema] = {
    "regions": pa.schema(
        [
            (name, _S)
            for name in (
                "region_code",
                "name",
                "level",
                "parent_code",
                "province_code",
                "city_code",
                "province",
                "city",
                "county",
            )
        ]
    ),
    "applicant_types": pa.schema(
        [
            ("applicant_type", _S),
            ("label", _S),
            ("applicant_group", _S),
            ("group_label", _S),
            ("sort_order", _I),
        ]
    ),
    "outcomes": pa.schema(
        [
            ("outcome", _S),
            ("label", _S),
            ("row_kind", _S),
            ("parent_outcome", _S),
            ("outcome_group", _S),
            ("in_2019", _B),
            ("in_2021", _B),
            ("crosswalk_2019", _S),
            ("sort_order", _I),
        ]
    ),
    "metrics": pa.schema(
        [
            ("metric_key", _S),
            ("table_no", _I),
            ("row_key", _S),
            ("row_label", _S),
            ("column_key", _S),
            ("column_label", _S),
            ("in_2019", _B),
            ("in_2021", _B),
        ]
    ),
    "figure_metrics": pa.schema([("figure_key", _S), ("metric_key", _S)]),
}
SEEDS = tuple(SEED_SCHEMAS)


def read_seed(name: str, directory: Path = SEEDS_DIR) -> pa.Table:
    """A seed CSV with its declared types; an empty field is NULL (no seed holds an empty string)."""
    schema = SEED_SCHEMAS[name]
    return pcsv.read_csv(
        directory / f"{name}.csv",
        convert_options=pcsv.ConvertOptions(
            column_types=schema, strings_can_be_null=True, include_columns=schema.names
        ),
    )


def write_seed_csv(table: pa.Table, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pcsv.write_csv(table, path)
    return path


def write_seeds(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    for name in SEEDS:
        con.register("seed_rows", read_seed(name))
        try:
            con.execute(f"CREATE OR REPLACE TABLE {SCHEMA}.{name} AS SELECT * FROM seed_rows")
        finally:
            con.unregister("seed_rows")
    quality_weights.write_weights(con, SCHEMA)
