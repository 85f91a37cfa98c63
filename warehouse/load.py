"""Load finished staging runs (``data/staging/<run_id>/`` with ``_SUCCESS``) into the landing schema ``raw``.

Bulk path: DuckDB's own JSON reader turns each JSONL file into a columnar temp table (parallel C++, no
Python per row); merges are set-based ``INSERT … SELECT`` / ``UPDATE … FROM``; small Python-built rows
(run.json) go in as registered pyarrow Tables. Each run is merged in one transaction together with its
``raw.load_runs`` row, so a killed load leaves nothing half-written and the next load redoes the run.

Idempotent: a report version is keyed by ``report_id`` (content hash) and compared by ``row_hash``:
new → inserted, changed → updated (children replaced), same → noop. Sources, sightings and crawl events
are insert-only on their natural keys. Staging folders are never deleted.
"""

from __future__ import annotations

import json
import logging
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from crawler.config import Config
from warehouse import schema
from warehouse.connection import DEFAULT_LOCK_POLICY, LockPolicy, connect

log = logging.getLogger(__name__)

SUCCESS_MARKER = "_SUCCESS"

# The staging JSON shapes (docs/architecture.md), as DuckDB types for its JSON reader.
REPORT_COLUMNS: dict[str, str] = {
    "report_id": "VARCHAR",
    "run_id": "VARCHAR",
    "portal": "VARCHAR",
    "agency": "VARCHAR",
    "agency_kind": "VARCHAR",
    "region": "STRUCT(province VARCHAR, city VARCHAR, county VARCHAR, code VARCHAR)",
    "report_year": "INTEGER",
    "published_date": "VARCHAR",
    "title": "VARCHAR",
    "doc_kind": "VARCHAR",
    "template": "VARCHAR",
    "script": "VARCHAR",
    "figures": "JSON",  # kept as JSON text: json_each() unpacks it far faster than a MAP conversion
    "approximate": "VARCHAR[]",
    "cells": "JSON",
    "uncertain": "VARCHAR[]",
    "flags": "VARCHAR[]",
    "issues": "STRUCT(code VARCHAR, message VARCHAR)[]",
    "sources": "STRUCT(url VARCHAR, host VARCHAR, portal VARCHAR, fetched_at VARCHAR, sha256 VARCHAR,"
    " content_type VARCHAR, kind VARCHAR)[]",
}
EVENT_COLUMNS: dict[str, str] = {
    "run_id": "VARCHAR",
    "url": "VARCHAR",
    "host": "VARCHAR",
    "portal": "VARCHAR",
    "outcome": "VARCHAR",
    "reason": "VARCHAR",
    "status": "INTEGER",
    "sha256": "VARCHAR",
    "at": "VARCHAR",
}
# The hash of the fields whose change makes new content for the same version (portal and sources are
# first-seen facts). cells and figures are hashed as the staged JSON text (the stage pipeline writes them
# deterministically), each on its own: concatenating 400 MB of JSON first would cost more than the md5.
ROW_HASH = (
    "md5(md5(to_json((agency, agency_kind, region, report_year, published_date, title, doc_kind, template, "
    "script, list_sort(approximate), list_sort(uncertain), list_sort(flags), issues)))"
    " || md5(coalesce(CAST(cells AS VARCHAR), '')) || md5(coalesce(CAST(figures AS VARCHAR), '')))"
)
EVENT_KEY = ("run_id", "url", "outcome", "reason", "at")
SOURCE_KEY = ("report_id", "url", "fetched_at")


class StagingError(ValueError):
    """A staging file that does not match docs/architecture.md; the run is not loaded, its files stay."""


@dataclass
class LoadReport:
    runs_loaded: list[str] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    noop: int = 0
    per_table: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, inserted: int = 0, updated: int = 0, noop: int = 0) -> None:
        counts = self.per_table.setdefault(table, {"inserted": 0, "updated": 0, "noop": 0})
        counts["inserted"] += inserted
        counts["updated"] += updated
        counts["noop"] += noop
        self.inserted += inserted
        self.updated += updated
        self.noop += noop


def finished_runs(staging_dir: Path) -> list[Path]:
    """Run folders whose writer finished (``_SUCCESS``), oldest name first (run ids sort by time)."""
    if not staging_dir.is_dir():
        return []
    return sorted(p for p in staging_dir.iterdir() if p.is_dir() and (p / SUCCESS_MARKER).exists())


def load_staging(
    config: Config, *, reload: bool = False, lock: LockPolicy = DEFAULT_LOCK_POLICY
) -> LoadReport:
    """Load every finished staging run not loaded yet (``reload=True``: merge loaded ones again, as noops)."""
    report = LoadReport()
    with closing(connect(config.warehouse_path, lock=lock)) as con:
        schema.create_landing(con)
        done = {row[0] for row in con.execute("SELECT run_id FROM raw.load_runs").fetchall()}
        for run_dir in finished_runs(config.staging_dir):
            if run_dir.name in done and not reload:
                continue
            _load_run(con, run_dir, report)
            report.runs_loaded.append(run_dir.name)
            log.info("loaded staging run %s", run_dir.name)
    return report


def _load_run(con: duckdb.DuckDBPyConnection, run_dir: Path, report: LoadReport) -> None:
    run_report = LoadReport()
    con.execute("BEGIN TRANSACTION")
    try:
        report_lines = _stage_json(
            con,
            run_dir / "reports.jsonl",
            "incoming",
            REPORT_COLUMNS,
            f", {ROW_HASH} AS row_hash",
        )
        event_lines = _stage_json(con, run_dir / "crawl_events.jsonl", "incoming_events", EVENT_COLUMNS)
        _prepare_reports(con, run_dir)
        _merge_reports(con, run_dir.name, run_report)
        _merge_events(con, run_dir.name, run_report)
        _merge_run_record(con, run_dir, run_report)
        _record_load(con, run_dir, report_lines, event_lines, run_report)
        con.execute("COMMIT")
    except duckdb.Error as exc:  # e.g. a cell that is not a number: the run's input, not the loader
        con.execute("ROLLBACK")
        raise StagingError(f"{run_dir}: cannot be loaded: {exc}") from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for temp in ("incoming_events", "incoming"):
            con.execute(f"DROP TABLE IF EXISTS temp.{temp}")
    for table, counts in run_report.per_table.items():
        report.add(table, **counts)


def _stage_json(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, columns: dict[str, str], extra: str = ""
) -> int:
    """Read one JSONL file into a temp table with the documented types (plus ``extra`` computed columns
    ); a missing or empty file is an empty table."""
    spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in columns.items()) + "}"
    source = (
        f"read_json(?, format = 'newline_delimited', columns = {spec}, maximum_object_size = 67108864)"
        if path.exists() and path.stat().st_size > 0
        else "(SELECT " + ", ".join(f'NULL::{t} AS "{c}"' for c, t in columns.items()) + " LIMIT 0)"
    )
    params = [str(path)] if source.startswith("read_json") else []
    select = f"SELECT *{extra} FROM {source}"
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}", params)
    except duckdb.Error as exc:
        raise StagingError(f"{path}: does not match the staging format: {exc}") from exc
    return _count(con, f"SELECT count(*) FROM {name}")


def _prepare_reports(con: duckdb.DuckDBPyConnection, run_dir: Path) -> None:
    """Refuse lines without a report_id or with a malformed date; keep one line per report_id."""
    bad = con.execute(
        "SELECT count(*) FILTER (WHERE report_id IS NULL OR report_id = ''), "
        "first(published_date) FILTER (WHERE published_date IS NOT NULL "
        "  AND try_cast(published_date AS DATE) IS NULL), count(*) - count(DISTINCT report_id) "
        "FROM incoming"
    ).fetchall()[0]
    if bad[0]:
        raise StagingError(f"{run_dir / 'reports.jsonl'}: {bad[0]} line(s) without report_id")
    if bad[1] is not None:
        raise StagingError(f"{run_dir / 'reports.jsonl'}: published_date {bad[1]!r} is not YYYY-MM-DD")
    if bad[2]:
        # The stage pipeline dedupes already; should a report_id repeat, one line wins, always the same.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE incoming AS FROM incoming "
            "QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY row_hash) = 1"
        )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> int:
    rows = con.execute(sql, params or []).fetchall()  # fetch all: DuckDB 2 refuses work on an open result
    return int(rows[0][0]) if rows else 0


def _merge_reports(con: duckdb.DuckDBPyConnection, run_id: str, report: LoadReport) -> None:
    new = "SELECT report_id FROM incoming ANTI JOIN raw.reports USING (report_id)"
    changed = (
        "SELECT i.report_id FROM incoming i JOIN raw.reports r USING (report_id) "
        "WHERE i.row_hash <> r.row_hash"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE rewrite AS {new} UNION ALL {changed}")
    n_new = _count(con, f"SELECT count(*) FROM ({new})")
    n_changed = _count(con, f"SELECT count(*) FROM ({changed})")
    n_total = _count(con, "SELECT count(*) FROM incoming")

    report_values = f"""
        report_id, coalesce(run_id, {_literal(run_id)}) AS first_run_id, portal, agency, agency_kind,
        region.province, region.city, region.county, region.code, report_year,
        CAST(published_date AS DATE), title, doc_kind, template, script, to_json(flags), row_hash
    """
    mutable = [c for c in schema.columns(schema.reports) if c not in {"report_id", "first_run_id", "portal"}]
    con.execute(
        f"""
        UPDATE raw.reports AS r SET {", ".join(f"{c} = s.{c}" for c in mutable)}
        FROM (SELECT {report_values} FROM incoming) AS s({", ".join(schema.columns(schema.reports))})
        WHERE r.report_id = s.report_id AND r.row_hash <> s.row_hash
        """
    )
    con.execute(f"INSERT INTO raw.reports SELECT {report_values} FROM incoming WHERE report_id IN ({new})")
    report.add("reports", inserted=n_new, updated=n_changed, noop=n_total - n_new - n_changed)

    for child in schema.REPORT_CHILDREN:
        deleted = _count(
            con, f"DELETE FROM raw.{child.name} WHERE report_id IN (SELECT report_id FROM rewrite)"
        )
        written = _insert_children(con, child.name)
        updated = min(deleted, written)
        report.add(child.name, inserted=written - updated, updated=updated)

    inserted = _count(
        con,
        "INSERT INTO raw.report_sightings SELECT report_id, ? FROM incoming "
        "WHERE NOT EXISTS (SELECT 1 FROM raw.report_sightings s "
        "  WHERE s.report_id = incoming.report_id AND s.run_id = ?)",
        [run_id, run_id],
    )
    report.add("report_sightings", inserted=inserted, noop=n_total - inserted)
    _merge_sources(con, report)
    con.execute("DROP TABLE IF EXISTS temp.rewrite")


def _insert_children(con: duckdb.DuckDBPyConnection, table: str) -> int:
    rewrite = "FROM incoming WHERE report_id IN (SELECT report_id FROM rewrite)"
    # A JSON null is a figure not stated: no row. Anything else must be a number (the cast fails loudly).
    if table == "report_cells":
        sql = f"""INSERT INTO raw.report_cells
            SELECT i.report_id, e.key, CAST(e.value AS DOUBLE),
                   coalesce(list_contains(i.uncertain, e.key), false)
            FROM (SELECT report_id, uncertain, cells {rewrite}) AS i, json_each(i.cells) AS e
            WHERE e.type <> 'NULL'"""
    elif table == "report_figures":
        sql = f"""INSERT INTO raw.report_figures
            SELECT i.report_id, e.key, CAST(e.value AS DOUBLE),
                   coalesce(list_contains(i.approximate, e.key), false),
                   coalesce(list_contains(i.uncertain, e.key), false)
            FROM (SELECT report_id, approximate, uncertain, figures {rewrite}) AS i, json_each(i.figures) AS e
            WHERE e.type <> 'NULL'"""
    else:
        sql = f"""INSERT INTO raw.report_issues
            SELECT report_id, seq, issue.code, issue.message
            FROM (SELECT report_id, unnest(generate_series(1, len(issues))) AS seq, unnest(issues) AS issue
                  {rewrite})"""
    return _count(con, sql)


def _merge_sources(con: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE incoming_sources AS
        SELECT DISTINCT report_id, s.url, s.host, s.portal,
               CAST(try_cast(s.fetched_at AS TIMESTAMPTZ) AS TIMESTAMP) AS fetched_at,
               s.sha256, s.content_type, s.kind
        FROM (SELECT report_id, unnest(sources) AS s FROM incoming)
        WHERE s.url IS NOT NULL
        """
    )
    total = _count(con, "SELECT count(*) FROM incoming_sources")
    match = " AND ".join(f"t.{c} IS NOT DISTINCT FROM i.{c}" for c in SOURCE_KEY)
    inserted = _count(
        con,
        f"INSERT INTO raw.report_sources SELECT * FROM incoming_sources i "
        f"WHERE NOT EXISTS (SELECT 1 FROM raw.report_sources t WHERE {match})",
    )
    report.add("report_sources", inserted=inserted, noop=total - inserted)
    con.execute("DROP TABLE IF EXISTS temp.incoming_sources")


def _merge_events(con: duckdb.DuckDBPyConnection, run_id: str, report: LoadReport) -> None:
    cols = ", ".join(f'i."{c}"' for c in schema.columns(schema.crawl_events))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE events AS
        SELECT DISTINCT coalesce(run_id, {_literal(run_id)}) AS run_id, url, host, portal, outcome, reason,
               status, sha256, CAST(try_cast("at" AS TIMESTAMPTZ) AS TIMESTAMP) AS "at"
        FROM incoming_events
        """
    )
    missing = _count(con, "SELECT count(*) FROM events WHERE url IS NULL OR outcome IS NULL")
    if missing:
        raise StagingError(f"{run_id}/crawl_events.jsonl: {missing} line(s) without url or outcome")
    total = _count(con, "SELECT count(*) FROM events")
    match = " AND ".join(f't."{c}" IS NOT DISTINCT FROM i."{c}"' for c in EVENT_KEY)
    inserted = _count(
        con,
        f"INSERT INTO raw.crawl_events SELECT {cols} FROM events i "
        f"WHERE NOT EXISTS (SELECT 1 FROM raw.crawl_events t WHERE {match})",
    )
    report.add("crawl_events", inserted=inserted, noop=total - inserted)
    con.execute("DROP TABLE IF EXISTS temp.events")


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def _merge_run_record(con: duckdb.DuckDBPyConnection, run_dir: Path, report: LoadReport) -> None:
    path = run_dir / "run.json"
    if not path.exists():
        return
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StagingError(f"{path}: not valid JSON: {exc}") from exc
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    row = pa.table(
        {
            "run_id": [run_dir.name],
            "started_at": pa.array([_timestamp(record.get("started_at"))], pa.timestamp("us")),
            "finished_at": pa.array([_timestamp(record.get("finished_at"))], pa.timestamp("us")),
            "run_json": [text],
        }
    )
    con.register("incoming_run", row)
    try:
        found = con.execute("SELECT run_json FROM raw.crawl_runs WHERE run_id = ?", [run_dir.name]).fetchall()
        existing = found[0] if found else None
        if existing and existing[0] == text:
            report.add("crawl_runs", noop=1)
            return
        con.execute("DELETE FROM raw.crawl_runs WHERE run_id = ?", [run_dir.name])
        con.execute("INSERT INTO raw.crawl_runs SELECT * FROM incoming_run")
        report.add("crawl_runs", updated=1 if existing else 0, inserted=0 if existing else 1)
    finally:
        con.unregister("incoming_run")


def _record_load(
    con: duckdb.DuckDBPyConnection, run_dir: Path, report_lines: int, event_lines: int, run: LoadReport
) -> None:
    seq = con.execute(
        "SELECT coalesce((SELECT load_seq FROM raw.load_runs WHERE run_id = ?),"
        " (SELECT coalesce(max(load_seq), 0) + 1 FROM raw.load_runs))",
        [run_dir.name],
    ).fetchall()[0]
    already = _count(con, "SELECT count(*) FROM raw.load_runs WHERE run_id = ?", [run_dir.name])
    if already and run.inserted == run.updated == 0:
        return  # a reload that changed nothing leaves the record of the first load as it was
    con.execute("DELETE FROM raw.load_runs WHERE run_id = ?", [run_dir.name])
    con.execute(
        "INSERT INTO raw.load_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_dir.name,
            seq[0] if seq else 1,
            datetime.now(UTC).replace(tzinfo=None),
            str(run_dir),
            report_lines,
            event_lines,
            run.inserted,
            run.updated,
            run.noop,
        ],
    )
