"""Merging a run's sources and their identities into ``raw``: insert-only on each table's grain.

``report_sources`` holds every fetch of a URL that carried a report; ``source_identities`` what the
near-duplicate index made of each URL's document in each run (its relation to the report, the document and
report it was compared to, the similarity), from ``identities.jsonl``. Both only grow: a URL that later
carries another report, or the same one under another relation, adds rows and keeps the old ones.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import sqlalchemy as sa

from warehouse import schema

Count = Callable[..., None]  # LoadReport.add(table, inserted=…, noop=…)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()  # fetch all: DuckDB 2 refuses work on an open result
    return int(rows[0][0]) if rows else 0


def insert_new(con: duckdb.DuckDBPyConnection, table: sa.Table, relation: str, add: Count) -> None:
    """Insert-only merge: rows of ``relation`` whose grain (``table.info``) is not landed yet."""
    columns = ", ".join(f'i."{c}"' for c in schema.columns(table))
    match = " AND ".join(f't."{c}" IS NOT DISTINCT FROM i."{c}"' for c in table.info["grain"])
    total = _count(con, f"SELECT count(*) FROM {relation}")
    inserted = _count(
        con,
        f"INSERT INTO raw.{table.name} SELECT {columns} FROM {relation} AS i "
        f"WHERE NOT EXISTS (SELECT 1 FROM raw.{table.name} AS t WHERE {match})",
    )
    add(table.name, inserted=inserted, noop=total - inserted)


def merge_sources(con: duckdb.DuckDBPyConnection, add: Count) -> None:
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE incoming_sources AS
        SELECT DISTINCT report_id, s.url, s.host, s.portal,
               CAST(try_cast(s.fetched_at AS TIMESTAMPTZ) AS TIMESTAMP) AS fetched_at,
               s.sha256, s.content_type, s.kind, s.fetched_url, s.role
        FROM (SELECT report_id, unnest(sources) AS s FROM staged_reports)
        WHERE s.url IS NOT NULL
        """
    )
    insert_new(con, schema.report_sources, "incoming_sources", add)


def merge_identities(con: duckdb.DuckDBPyConnection, run_id: str, add: Count) -> None:
    """A run staged before identities existed has none: nothing to merge, nothing invented."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE incoming_identities AS
        SELECT DISTINCT coalesce(run_id, ?) AS run_id, url, sha256, doc_id, report_id, relation,
               matched_doc_id, matched_report_id, text_similarity, figure_agreement,
               CASE WHEN len(related) > 0 THEN CAST(to_json(related) AS VARCHAR) END AS related_json
        FROM staged_identities
        WHERE url IS NOT NULL AND report_id IS NOT NULL AND relation IS NOT NULL
        """,
        [run_id],
    )
    insert_new(con, schema.source_identities, "incoming_identities", add)
