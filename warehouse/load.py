"""Load finished staging runs (``data/staging/<run_id>/`` with ``_SUCCESS``) into the landing schema ``raw``.

Bulk path: ``warehouse.staged`` reads a run's JSONL with pyarrow's JSON reader and explodes the cell and
figure maps into long Arrow tables; DuckDB scans those registered Arrow tables (columnar, zero-copy) and
merges them with set-based ``INSERT … SELECT`` / ``UPDATE … FROM``. Nothing goes in row by row. Each run
is merged in one transaction together with its ``raw.load_runs`` row, so a killed load leaves nothing
half-written and the next load redoes the run.

Idempotent: a report version is keyed by ``report_id`` (content hash). An incoming report is new
(inserted), changed (updated: its row and fact rows replaced) or the same (noop): the same when its
report row (``row_hash``) and its cell, figure and issue rows equal what is landed. Sources, sightings and
crawl events are insert-only on their natural keys. Staging folders are never deleted.

Repeats: a run that observed exactly what the most recent loaded run observed (``StagedRun.fingerprint``)
and brings no new or changed report is a repeat. It is recorded in ``raw.load_runs`` (``repeat_of``) and
``raw.crawl_runs`` and changes nothing else, so crawling an unchanged web again publishes nothing new.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import sqlalchemy as sa

from crawler.config import Config
from staging.format import EVENTS_FILE, REPORTS_FILE
from staging.runs import finished_runs
from warehouse import schema
from warehouse.connection import DEFAULT_LOCK_POLICY, LockPolicy, connect
from warehouse.run_record import merge_run_record
from warehouse.sources import insert_new, merge_identities, merge_sources
from warehouse.staged import StagedRun, StagingError, read_run

__all__ = ["LoadReport", "StagingError", "finished_runs", "load_staging"]

log = logging.getLogger(__name__)

# Columns of raw.reports that are first-seen facts, not content: kept from the first load.
FIRST_SEEN = ("report_id", "first_run_id", "portal")
# Landing rows have no meaningful order: DuckDB may then write an insert's row groups in parallel. The
# benchmark's COPY ceiling runs with the same settings.
LOAD_SETTINGS = ("SET preserve_insertion_order = false",)
# The per-run working tables the merge steps create; dropped after every run, committed or not.
TEMP_TABLES = (
    "incoming",
    "incoming_issues",
    "incoming_sources",
    "incoming_identities",
    "incoming_events",
    "rewrite",
    "landed",
)


@dataclass
class LoadReport:
    runs_loaded: list[str] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    noop: int = 0
    per_table: dict[str, dict[str, int]] = field(default_factory=dict)
    repeats: dict[str, str] = field(default_factory=dict)  # run id -> the earlier run it repeats
    quarantined: dict[str, str] = field(default_factory=dict)  # run id -> why it was set aside

    def add(self, table: str, inserted: int = 0, updated: int = 0, noop: int = 0) -> None:
        counts = self.per_table.setdefault(table, {"inserted": 0, "updated": 0, "noop": 0})
        counts["inserted"] += inserted
        counts["updated"] += updated
        counts["noop"] += noop
        self.inserted += inserted
        self.updated += updated
        self.noop += noop


def load_staging(
    config: Config, *, reload: bool = False, lock: LockPolicy = DEFAULT_LOCK_POLICY
) -> LoadReport:
    """Load every finished staging run not loaded yet (``reload=True``: merge loaded ones again, as noops)."""
    report = LoadReport()
    with closing(connect(config.warehouse_path, lock=lock)) as con:
        for setting in LOAD_SETTINGS:
            con.execute(setting)
        schema.create_landing(con)
        done = {row[0] for row in con.execute("SELECT run_id FROM raw.load_runs").fetchall()}
        for run_dir in finished_runs(config.staging_dir):
            if run_dir.name in done and not reload:
                continue
            try:
                _load_run(con, read_run(_complete(run_dir)), run_dir, report)
            except StagingError as bad:  # one bad run must not wedge every later load: set it aside
                report.quarantined[run_dir.name] = str(bad)
                _quarantine(run_dir, str(bad))
                continue
            report.runs_loaded.append(run_dir.name)
            log.info("loaded staging run %s", run_dir.name)
    return report


QUARANTINE_DIR = "_quarantine"  # under the staging folder; its runs are never loaded again by themselves


def _complete(run_dir: Path) -> Path:
    """A finished run holds both staging files (empty ones are fine); a missing one is an error, never a run
    of zero reports."""
    missing = [name for name in (REPORTS_FILE, EVENTS_FILE) if not (run_dir / name).is_file()]
    if missing:
        raise StagingError(f"{run_dir}: finished, but {', '.join(missing)} missing")
    return run_dir


def _quarantine(run_dir: Path, reason: str) -> None:
    """Move the run out of the staging folder, with its reason beside it; nothing in it is deleted."""
    target = run_dir.parent / QUARANTINE_DIR / run_dir.name
    target.parent.mkdir(exist_ok=True)
    run_dir.rename(target)
    (target / "QUARANTINED.txt").write_text(reason + "\n", encoding="utf-8")
    log.error("staging run %s quarantined to %s: %s", run_dir.name, target, reason)


def _load_run(con: duckdb.DuckDBPyConnection, staged: StagedRun, run_dir: Path, report: LoadReport) -> None:
    run_report = LoadReport()
    fingerprint = staged.fingerprint()
    con.execute("BEGIN TRANSACTION")
    try:
        with _registered(con, staged):
            _prepare_reports(con, run_dir)
            _plan_rewrites(con)
            repeat_of = _repeat_of(con, run_dir.name, fingerprint)
            if repeat_of is None:
                _merge_reports(con, run_dir.name, run_report)
                _merge_events(con, run_dir.name, run_report)
            else:
                run_report.repeats[run_dir.name] = repeat_of
                log.info("staging run %s observed what %s did: recorded as a repeat", run_dir.name, repeat_of)
            merge_run_record(con, run_dir, run_report.add)
            _record_load(con, run_dir, staged, fingerprint, repeat_of, run_report)
        con.execute("COMMIT")
    except duckdb.Error as exc:  # e.g. a cell that is not a number: the run's input, not the loader
        con.execute("ROLLBACK")
        raise StagingError(f"{run_dir}: cannot be loaded: {exc}") from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for temp in TEMP_TABLES:
            con.execute(f"DROP TABLE IF EXISTS temp.{temp}")
    for table, counts in run_report.per_table.items():
        report.add(table, **counts)
    report.repeats.update(run_report.repeats)


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, staged: StagedRun) -> Iterator[None]:
    """The run's Arrow tables as DuckDB relations ``staged_reports``, ``incoming_cells``, … (no copy)."""
    tables = {
        "staged_reports": staged.reports,
        "staged_events": staged.events,
        "incoming_cells": staged.cells,
        "incoming_figures": staged.figures,
        "staged_identities": staged.identities,
    }
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    rows = con.execute(sql, params or []).fetchall()  # fetch all: DuckDB 2 refuses work on an open result
    return int(rows[0][0]) if rows else 0


def _prepare_reports(con: duckdb.DuckDBPyConnection, run_dir: Path) -> None:
    """``incoming``: the run's raw.reports rows (with ``row_hash``) and ``incoming_issues`` its issue rows.
    A malformed published_date refuses the run, naming the value."""
    bad = con.execute(
        "SELECT first(published_date) FROM staged_reports "
        "WHERE published_date IS NOT NULL AND try_cast(published_date AS DATE) IS NULL"
    ).fetchall()
    if bad and bad[0][0] is not None:
        raise StagingError(f"{run_dir / REPORTS_FILE}: published_date {bad[0][0]!r} is not YYYY-MM-DD")
    content = [c for c in schema.columns(schema.reports) if c not in (*FIRST_SEEN, "row_hash")]
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE incoming AS
        SELECT *, md5(to_json([{", ".join(f"CAST({c} AS VARCHAR)" for c in content)}])) AS row_hash
        FROM (
            SELECT report_id, coalesce(run_id, {_literal(run_dir.name)}) AS first_run_id, portal, agency,
                   region.province, region.city, region.county, region.code AS region_code,
                   report_year, CAST(published_date AS DATE) AS published_date, title, doc_kind, template,
                   script, to_json(flags) AS flags_json,
                   to_json(sections) AS sections_json, agency_identity.key AS agency_norm_key,
                   agency_identity.parent_key AS agency_parent_key,
                   agency_identity.stable_id AS agency_stable_id, agency_identity.division_code,
                   agency_identity.current_division_code, agency_identity.lineage AS agency_lineage
            FROM staged_reports
        )
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE incoming_issues AS
        SELECT report_id, seq, issue.code, issue.message
        FROM (SELECT report_id, unnest(generate_series(1, len(issues))) AS seq, unnest(issues) AS issue
              FROM staged_reports)
        """
    )


# A report's fact rows, landed (raw.<table>) and incoming (<relation>): replaced together when it changes.
_FACTS = {
    schema.report_cells: "incoming_cells",
    schema.report_figures: "incoming_figures",
    schema.report_issues: "incoming_issues",
}


def _plan_rewrites(con: duckdb.DuckDBPyConnection) -> None:
    """``rewrite``: the incoming reports to write, new ones and changed ones. A report is changed when its
    row hash differs or, with the same row, its fact rows differ (compared per report by count and hash
    sum, only for reports already landed)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE rewrite AS
        SELECT i.report_id, r.report_id IS NULL AS is_new
        FROM incoming AS i LEFT JOIN raw.reports AS r USING (report_id)
        WHERE r.report_id IS NULL OR r.row_hash <> i.row_hash
        """
    )
    landed = _count(
        con,
        "CREATE OR REPLACE TEMP TABLE landed AS "
        "SELECT report_id FROM incoming JOIN raw.reports USING (report_id, row_hash)",
    )
    if not landed:
        return
    differ = " UNION ".join(
        f"""SELECT report_id FROM ({_digests(source, table)}) AS i
            FULL JOIN ({_digests(f"raw.{table.name}", table)}) AS l USING (report_id)
            WHERE i.n IS DISTINCT FROM l.n OR i.h IS DISTINCT FROM l.h"""
        for table, source in _FACTS.items()
    )
    con.execute(f"INSERT INTO rewrite SELECT report_id, false FROM ({differ})")


def _digests(relation: str, table: sa.Table) -> str:
    """Per landed report: how many rows of ``table`` it has in ``relation`` and the sum of their hashes.
    Both sides are hashed in the same session (DuckDB's ``hash`` need not be stable across versions, and
    is never stored); values are cast to the landed types so equal rows hash equal."""
    values = ", ".join(
        f'CAST("{c.name}" AS {schema.sql_type(c)})' for c in table.columns if c.name != "report_id"
    )
    return (
        f"SELECT report_id, count(*) AS n, sum(hash({values})) AS h "
        f"FROM {relation} SEMI JOIN landed USING (report_id) GROUP BY report_id"
    )


def _repeat_of(con: duckdb.DuckDBPyConnection, run_id: str, fingerprint: str) -> str | None:
    """The earlier run this one repeats, or None for a normal run. A reload keeps the first decision."""
    recorded = con.execute("SELECT repeat_of FROM raw.load_runs WHERE run_id = ?", [run_id]).fetchall()
    if recorded:
        return str(recorded[0][0]) if recorded[0][0] is not None else None
    latest = con.execute(
        "SELECT run_id, repeat_of, fingerprint FROM raw.load_runs ORDER BY load_seq DESC LIMIT 1"
    ).fetchall()
    if not latest or latest[0][2] != fingerprint or _count(con, "SELECT count(*) FROM rewrite"):
        return None
    return str(latest[0][1] or latest[0][0])


def _merge_reports(con: duckdb.DuckDBPyConnection, run_id: str, report: LoadReport) -> None:
    """New report rows are inserted and changed ones updated (first-seen columns kept), then their facts
    replaced; every incoming report is sighted in this run, and its sources merged."""
    n_new = _count(con, "SELECT count(*) FROM rewrite WHERE is_new")
    n_changed = _count(con, "SELECT count(*) FROM rewrite WHERE NOT is_new")
    n_total = _count(con, "SELECT count(*) FROM incoming")
    mutable = [c for c in schema.columns(schema.reports) if c not in FIRST_SEEN]
    if n_changed:
        con.execute(
            f"""
            UPDATE raw.reports AS r SET {", ".join(f"{c} = i.{c}" for c in mutable)}
            FROM incoming AS i WHERE r.report_id = i.report_id AND r.row_hash <> i.row_hash
            """
        )
    new = "SELECT report_id FROM rewrite WHERE is_new"
    con.execute(f"INSERT INTO raw.reports FROM incoming WHERE report_id IN ({new})")
    report.add("reports", inserted=n_new, updated=n_changed, noop=n_total - n_new - n_changed)
    _replace_facts(con, report, any_changed=n_changed > 0, everything=n_new + n_changed == n_total)
    _merge_sightings(con, run_id, n_total, report)
    merge_sources(con, report.add)
    merge_identities(con, run_id, report.add)


def _replace_facts(
    con: duckdb.DuckDBPyConnection, report: LoadReport, *, any_changed: bool, everything: bool
) -> None:
    """Fact rows of every rewritten report are replaced. On a first load that is all of them: no filter."""
    for table, source in _FACTS.items():
        deleted = 0
        if any_changed:
            changed = "SELECT report_id FROM rewrite WHERE NOT is_new"
            deleted = _count(con, f"DELETE FROM raw.{table.name} WHERE report_id IN ({changed})")
        chosen = "" if everything else "SEMI JOIN rewrite USING (report_id)"
        written = _count(con, f"INSERT INTO raw.{table.name} FROM {source} {chosen}")
        updated = min(deleted, written)
        report.add(table.name, inserted=written - updated, updated=updated)


def _merge_sightings(con: duckdb.DuckDBPyConnection, run_id: str, n_total: int, report: LoadReport) -> None:
    inserted = _count(
        con,
        "INSERT INTO raw.report_sightings SELECT report_id, ? FROM incoming "
        "WHERE NOT EXISTS (SELECT 1 FROM raw.report_sightings s "
        "  WHERE s.report_id = incoming.report_id AND s.run_id = ?)",
        [run_id, run_id],
    )
    report.add("report_sightings", inserted=inserted, noop=n_total - inserted)


def _merge_events(con: duckdb.DuckDBPyConnection, run_id: str, report: LoadReport) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE incoming_events AS
        SELECT DISTINCT coalesce(run_id, {_literal(run_id)}) AS run_id, url, host, portal, outcome, reason,
               status, sha256, CAST(try_cast("at" AS TIMESTAMPTZ) AS TIMESTAMP) AS "at",
               role, report_id, target
        FROM staged_events
        """
    )
    missing = _count(con, "SELECT count(*) FROM incoming_events WHERE url IS NULL OR outcome IS NULL")
    if missing:
        raise StagingError(f"{run_id}/crawl_events.jsonl: {missing} line(s) without url or outcome")
    insert_new(con, schema.crawl_events, "incoming_events", report.add)


def _record_load(
    con: duckdb.DuckDBPyConnection,
    run_dir: Path,
    staged: StagedRun,
    fingerprint: str,
    repeat_of: str | None,
    run: LoadReport,
) -> None:
    found = con.execute("SELECT load_seq FROM raw.load_runs WHERE run_id = ?", [run_dir.name]).fetchall()
    if found and run.inserted == run.updated == 0:
        return  # a reload that changed nothing leaves the record of the first load as it was
    seq = found[0][0] if found else _count(con, "SELECT coalesce(max(load_seq), 0) + 1 FROM raw.load_runs")
    con.execute("DELETE FROM raw.load_runs WHERE run_id = ?", [run_dir.name])
    values = {
        "run_id": run_dir.name,
        "load_seq": seq,
        "loaded_at": datetime.now(UTC).replace(tzinfo=None),
        "staged_path": str(run_dir),
        "report_lines": staged.report_lines,
        "event_lines": staged.event_lines,
        "inserted": run.inserted,
        "updated": run.updated,
        "noop": run.noop,
        "fingerprint": fingerprint,
        "repeat_of": repeat_of,
    }
    con.execute(
        f"INSERT INTO raw.load_runs ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
        list(values.values()),
    )
