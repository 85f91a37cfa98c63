"""Build the SQL models write-audit-publish style, run the data tests, and summarise the warehouse.

Write: every model is built into the ``audit`` schema (staging as views, the rest as tables), in
dependency order. Audit: the data tests run against ``audit``. Publish: only if no ``error`` test failed,
one transaction swaps the tables into place — marts into ``main`` (what analysts query), staging views
and intermediate tables into ``internal``. A failed or killed build leaves the published tables as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from crawler.config import Config
from warehouse import dimensions, schema
from warehouse.checks import TestOutcome, run_tests
from warehouse.connection import (
    DEFAULT_LOCK_POLICY,
    LockPolicy,
    MissingModelsError,
    connect,
    require_warehouse,
)
from warehouse.dag import build_order, render
from warehouse.project import PROJECT_ROOT, Column, Model, Project, ProjectError, load_project

log = logging.getLogger(__name__)

AUDIT = "audit"
PUBLISHED = "main"  # marts
INTERNAL = "internal"  # staging views and intermediate tables, published for lineage and debugging


@dataclass
class BuildResult:
    ok: bool
    models: list[str] = field(default_factory=list)
    failed_tests: list[str] = field(default_factory=list)  # "name (severity): N offending row(s)"
    published: bool = False
    warnings: int = 0  # failed tests of severity warn (data flagged, not blocking)


def published_schema(model: Model) -> str:
    return PUBLISHED if model.layer == "marts" else INTERNAL


def _relation(project: Project, audit: bool) -> Callable[[str], str]:
    def relation(name: str) -> str:
        return f'{AUDIT if audit else published_schema(project.models[name])}."{name}"'

    return relation


def _check_documented_columns(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    cursor = con.execute(f'SELECT * FROM {AUDIT}."{model.name}" LIMIT 0')
    actual = {d[0] for d in cursor.description or []}
    cursor.fetchall()
    if missing := [c.name for c in model.columns if c.name not in actual]:
        raise ProjectError(f"{model.path}: YAML documents column(s) {missing} the model does not produce")


def _write(con: duckdb.DuckDBPyConnection, project: Project, order: list[str]) -> None:
    con.execute(f"DROP SCHEMA IF EXISTS {AUDIT} CASCADE")
    con.execute(f"CREATE SCHEMA {AUDIT}")
    relation = _relation(project, audit=True)
    for name in order:
        model = project.models[name]
        sql = render(model.sql, relation, str(model.path)).strip().rstrip(";")
        kind = "VIEW" if model.materialization == "view" else "TABLE"
        try:
            con.execute(f'CREATE {kind} {AUDIT}."{name}" AS {sql}')
        except duckdb.Error as exc:
            raise ProjectError(f"{model.path}: model {name} failed to build: {exc}") from exc
        _check_documented_columns(con, model)


def _publish(con: duckdb.DuckDBPyConnection, project: Project, order: list[str]) -> None:
    relation = _relation(project, audit=False)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {INTERNAL}")
        for name in order:
            model = project.models[name]
            target = f'{published_schema(model)}."{name}"'
            if model.materialization == "view":
                sql = render(model.sql, relation, str(model.path)).strip().rstrip(";")
                con.execute(f"CREATE OR REPLACE VIEW {target} AS {sql}")
            else:
                con.execute(f'CREATE OR REPLACE TABLE {target} AS FROM {AUDIT}."{name}"')
            _comment(con, model, target)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def column_comment(column: Column) -> str:
    """The description a SQL client shows for a column: the YAML's, with its closed set of values."""
    values = column.accepted_values
    return column.description + (f" (one of: {', '.join(values)})" if values else "")


def _comment(con: duckdb.DuckDBPyConnection, model: Model, target: str) -> None:
    """COMMENT ON the published relation and its columns, so ``.schema``, DBeaver or Metabase show the
    data dictionary next to the data."""
    kind = "VIEW" if model.materialization == "view" else "TABLE"
    con.execute(f"COMMENT ON {kind} {target} IS {_literal(f'{model.description} Grain: {model.grain}.')}")
    for column in model.columns:
        if text := column_comment(column):
            con.execute(f'COMMENT ON COLUMN {target}."{column.name}" IS {_literal(text)}')


def _summarise(outcomes: list[TestOutcome]) -> tuple[bool, list[str], int]:
    failed = [o for o in outcomes if o.failed]
    blocking = [o for o in failed if o.severity == "error"]
    for outcome in failed:
        log.log(logging.ERROR if outcome.severity == "error" else logging.WARNING, "%s", outcome.describe())
    return not blocking, [o.describe() for o in failed], len(failed) - len(blocking)


def build_models(
    config: Config,
    *,
    run_tests: bool = True,
    project_root: Path = PROJECT_ROOT,
    lock: LockPolicy = DEFAULT_LOCK_POLICY,
) -> BuildResult:
    """Write the models into ``audit``, test them, publish them if no blocking test failed."""
    project = load_project(project_root)
    order = build_order(project.models)
    with closing(connect(config.warehouse_path, lock=lock)) as con:
        schema.create_landing(con)  # an empty warehouse builds empty tables rather than failing
        dimensions.write_seeds(con)
        _write(con, project, order)
        failed: list[str] = []
        warnings = 0
        if run_tests:
            ok, failed, warnings = _summarise(_run(con, project, audit=True))
            if not ok:
                return BuildResult(False, order, failed, published=False, warnings=warnings)
        _publish(con, project, order)
    return BuildResult(True, order, failed, published=True, warnings=warnings)


def _run(con: duckdb.DuckDBPyConnection, project: Project, *, audit: bool) -> list[TestOutcome]:
    return run_tests(con, project, _relation(project, audit=audit))


def run_data_tests(
    config: Config, *, project_root: Path = PROJECT_ROOT, lock: LockPolicy = DEFAULT_LOCK_POLICY
) -> BuildResult:
    """Run every data test against the published tables (nothing is built or published)."""
    project = load_project(project_root)
    with closing(connect(require_warehouse(config.warehouse_path), lock=lock)) as con:
        if missing := sorted(set(project.models) - _published(con)):
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise MissingModelsError(f"{config.warehouse_path} lacks published models {shown}")
        ok, failed, warnings = _summarise(_run(con, project, audit=False))
    return BuildResult(ok, list(project.models), failed, published=False, warnings=warnings)


def _published(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema IN (?, ?)", [PUBLISHED, INTERNAL]
    ).fetchall()
    return {row[0] for row in rows}


# name -> (table it needs, query). A table not published yet counts 0 rather than failing the summary.
SUMMARY_QUERIES: dict[str, tuple[str, str]] = {
    "reports_found": ("reports", "SELECT count(*) FROM raw.reports"),
    "reports_loaded": ("fct_reports", "SELECT count(*) FROM main.fct_reports"),
    "versions_superseded": (
        "fct_report_versions",
        "SELECT count(*) FROM main.fct_report_versions WHERE NOT is_current",
    ),
    "duplicates": (
        "fct_report_versions",
        "SELECT coalesce(sum(source_count - 1), 0) FROM main.fct_report_versions WHERE source_count > 0",
    ),
    "flagged": ("fct_reports", "SELECT count(*) FROM main.fct_reports WHERE NOT is_consistent"),
    "crawl_events": ("fct_crawl_events", "SELECT count(*) FROM main.fct_crawl_events"),
    "urls_failed": (
        "fct_crawl_events",
        "SELECT count(*) FROM main.fct_crawl_events WHERE outcome IN ('failed', 'blocked')",
    ),
}


def summary(config: Config, *, lock: LockPolicy = DEFAULT_LOCK_POLICY) -> dict[str, int]:
    """Headline counts: found (report versions staged), loaded (current agency-years published),
    duplicates (sources beyond the first, per version), flagged (reports failing a consistency check)."""
    with closing(connect(config.warehouse_path, lock=lock)) as con:
        schema.create_landing(con)
        available = _published(con) | {"reports"}
        return {
            name: int(con.execute(sql).fetchall()[0][0]) if table in available else 0
            for name, (table, sql) in SUMMARY_QUERIES.items()
        }
