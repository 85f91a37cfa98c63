"""The landing schema ``raw``: staging JSONL flattened into tables, defined once with SQLAlchemy Core.

The loader compiles this metadata to DuckDB DDL (duckdb-engine dialect) and merges staging runs into it;
the SQL models read it through ``{{ source('raw', '<table>') }}``. The staging files it is filled from are
defined in ``staging/format.py``; every staged field has a column here (``tests/test_staging_format.py``).
The Arrow types of the landed rows are derived from these columns. Only small tables carry a primary
key: an ART index on the bulk child tables would slow the load several-fold, so their grain (``info``)
is checked by the data tests instead.

"Not reported" is an absent row: a cell or figure the source did not state has no row in
``report_cells`` / ``report_figures``; a stated zero is a row with value 0.
"""

from __future__ import annotations

from typing import Any

import duckdb
import duckdb_engine
import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.schema import CreateSchema, CreateTable

SCHEMA = "raw"
metadata = sa.MetaData(schema=SCHEMA)


def _text(name: str, **kw: object) -> sa.Column[str]:
    return sa.Column(name, sa.String, **kw)  # type: ignore[arg-type]


load_runs = sa.Table(
    "load_runs",
    metadata,
    _text("run_id", primary_key=True),
    sa.Column("load_seq", sa.Integer, nullable=False),  # order runs were loaded in: orders versions
    sa.Column("loaded_at", sa.DateTime, nullable=False),
    _text("staged_path", nullable=False),  # the staging folder, kept after loading
    sa.Column("report_lines", sa.Integer, nullable=False),
    sa.Column("event_lines", sa.Integer, nullable=False),
    sa.Column("inserted", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("noop", sa.Integer, nullable=False),
    # What the run observed (URLs with the sha256 of their content, failures, report ids): a run that
    # observed what the previous one did is a repeat, recorded here only (repeat_of = the run it repeats).
    _text("fingerprint"),
    _text("repeat_of"),
    info={"grain": ("run_id",)},
)

crawl_runs = sa.Table(
    "crawl_runs",
    metadata,
    _text("run_id", primary_key=True),
    sa.Column("started_at", sa.DateTime),
    sa.Column("finished_at", sa.DateTime),
    _text("run_json", nullable=False),  # run.json verbatim: its shape belongs to the crawl runner
    info={"grain": ("run_id",)},
)

reports = sa.Table(
    "reports",
    metadata,
    _text("report_id", primary_key=True),  # content hash: one row per version
    _text("first_run_id", nullable=False),
    _text("portal"),
    _text("agency"),
    _text("province"),
    _text("city"),
    _text("county"),
    _text("region_code"),
    sa.Column("report_year", sa.Integer),
    sa.Column("published_date", sa.Date),
    _text("title"),
    _text("doc_kind"),
    _text("template"),
    _text("script"),
    _text("flags_json"),
    _text("sections_json"),  # outline sections found in the text; NULL: staged before they were recorded
    # agency_identity (crawler.identity): normalised key, the government an office serves, the stable id
    # across renames and division-code changes, the division code in the report's year and today, lineage
    _text("agency_norm_key"),
    _text("agency_parent_key"),
    _text("agency_stable_id"),
    _text("division_code"),
    _text("current_division_code"),
    _text("agency_lineage"),
    _text("row_hash", nullable=False),  # md5 of this row's content fields (facts are compared as rows)
    info={"grain": ("report_id",)},
)

report_sightings = sa.Table(
    "report_sightings",
    metadata,
    _text("report_id", nullable=False),
    _text("run_id", nullable=False),
    info={"grain": ("report_id", "run_id")},
)

report_cells = sa.Table(
    "report_cells",
    metadata,
    _text("report_id", nullable=False),
    _text("cell_key", nullable=False),  # "t3.granted.total", see crawler/parsing/template.py
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("is_uncertain", sa.Boolean, nullable=False),
    info={"grain": ("report_id", "cell_key")},
)

report_figures = sa.Table(
    "report_figures",
    metadata,
    _text("report_id", nullable=False),
    _text("figure_key", nullable=False),  # SUMMARY_KEYS of template.py
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("is_approximate", sa.Boolean, nullable=False),
    sa.Column("is_uncertain", sa.Boolean, nullable=False),
    info={"grain": ("report_id", "figure_key")},
)

report_issues = sa.Table(
    "report_issues",
    metadata,
    _text("report_id", nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    _text("code", nullable=False),
    _text("message"),
    info={"grain": ("report_id", "seq")},
)

report_sources = sa.Table(
    "report_sources",
    metadata,
    _text("report_id", nullable=False),
    _text("url", nullable=False),
    _text("host"),
    _text("portal"),
    sa.Column("fetched_at", sa.DateTime),
    _text("sha256"),
    _text("content_type"),
    _text("kind"),
    _text("fetched_url"),  # where this run got the bytes (``url`` is the identity, without a demo port)
    _text("role"),  # page | attachment
    info={"grain": ("report_id", "url", "fetched_at")},
)

source_identities = sa.Table(
    "source_identities",
    metadata,
    _text("run_id", nullable=False),
    _text("url", nullable=False),
    _text("sha256"),
    _text("doc_id"),  # content key of the document this URL carried
    _text("report_id", nullable=False),  # the report it belongs to (settled at the end of the run)
    _text("relation", nullable=False),  # kept | correction | copied_report | exact_copy | mirror | ...
    _text("matched_doc_id"),
    _text("matched_report_id"),
    sa.Column("text_similarity", sa.Double),
    sa.Column("figure_agreement", sa.Double),
    _text("related_json"),  # other verified 雷同 relations: [{kind, doc_id, report_id, text_similarity}]
    info={"grain": ("run_id", "url")},
)

crawl_events = sa.Table(
    "crawl_events",
    metadata,
    _text("run_id", nullable=False),
    _text("url", nullable=False),
    _text("host"),
    _text("portal"),
    _text("outcome", nullable=False),
    _text("reason"),
    sa.Column("status", sa.Integer),
    _text("sha256"),
    sa.Column("at", sa.DateTime, quote=True),  # a DuckDB keyword
    _text("role"),  # robots | home | list | page | attachment | other
    _text("report_id"),  # the report a document event staged (or duplicated)
    _text("target"),  # where a redirect, a shell or a discovered link pointed
    info={"grain": ("run_id", "url", "outcome", "reason", "at")},
)

# ---------------------------------------------------------------- Arrow types, from the columns above
_ARROW_TYPES: tuple[tuple[type[sa.types.TypeEngine[Any]], pa.DataType], ...] = (
    (sa.String, pa.string()),
    (sa.Integer, pa.int32()),
    (sa.Double, pa.float64()),
    (sa.Boolean, pa.bool_()),
    (sa.DateTime, pa.timestamp("us")),
    (sa.Date, pa.date32()),
)


def arrow_type(column: sa.Column[object]) -> pa.DataType:
    for kind, arrow in _ARROW_TYPES:
        if isinstance(column.type, kind):
            return arrow
    raise TypeError(f"no Arrow type for {column.table.name}.{column.name} ({column.type})")


def arrow_schema(table: sa.Table) -> pa.Schema:
    """The landed rows of ``table`` as Arrow (what the loader's Arrow stage produces for the bulk tables)."""
    return pa.schema([pa.field(c.name, arrow_type(c), c.nullable) for c in table.columns])


def ddl() -> list[str]:
    """The landing DDL as DuckDB SQL, compiled from the Core metadata."""
    dialect = duckdb_engine.Dialect()
    statements = [str(CreateSchema(SCHEMA, if_not_exists=True).compile(dialect=dialect))]
    for table in metadata.sorted_tables:
        statements.append(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)).strip())
    return statements


def create_landing(con: duckdb.DuckDBPyConnection) -> None:
    for statement in ddl():
        con.execute(statement)
    _add_new_columns(con)


def _add_new_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse made before a column was added gets it (new columns are nullable: old rows stay valid)."""
    present = set(
        con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?", [SCHEMA]
        ).fetchall()
    )
    for table in metadata.sorted_tables:
        for column in table.columns:
            if (table.name, column.name) not in present:
                con.execute(
                    f'ALTER TABLE {SCHEMA}.{table.name} ADD COLUMN "{column.name}" {sql_type(column)}'
                )


def sql_type(column: sa.Column[Any]) -> str:
    """The column's DuckDB type name, as the DDL has it."""
    return str(column.type.compile(dialect=duckdb_engine.Dialect()))


def columns(table: sa.Table) -> list[str]:
    return [column.name for column in table.columns]
