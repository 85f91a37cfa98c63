"""Data tests: generic ones from the YAML (unique, not_null, accepted_values, relationships, the model key)
and singular SQL files in ``dbt_like_sql/tests/``. Every test is a query returning offending rows.

Severity: ``error`` blocks publishing (broken keys, duplicate grain); ``warn`` reports only. Sources that
contradict themselves are data, not bugs: those checks are ``warn`` and their rows also land in
``fct_quality_issues``, so a self-contradicting report is flagged but never blocks the warehouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from warehouse.dag import render
from warehouse.project import GenericTest, Model, Project


@dataclass(frozen=True)
class TestOutcome:
    name: str
    severity: str
    failures: int

    __test__ = False  # not a pytest class

    @property
    def failed(self) -> bool:
        return self.failures > 0

    def describe(self) -> str:
        return f"{self.name} ({self.severity}): {self.failures} offending row(s)"


def _quote(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def generic_sql(test: GenericTest, relation: Callable[[str], str]) -> str:
    table, column = relation(test.model), f'"{test.column}"'
    if test.kind == "not_null":
        return f"SELECT * FROM {table} WHERE {column} IS NULL"
    if test.kind == "unique":
        return (
            f"SELECT {column}, count(*) AS n FROM {table} "
            f"WHERE {column} IS NOT NULL GROUP BY ALL HAVING n > 1"
        )
    if test.kind == "accepted_values":
        values = ", ".join(_quote(v) for v in test.args["values"])
        return f"SELECT * FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN ({values})"
    parent, field = relation(test.args["to"]), f'"{test.args["field"]}"'
    return (
        f"SELECT child.{column} FROM {table} AS child WHERE child.{column} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE p.{field} = child.{column})"
    )


def key_sql(model: Model, relation: Callable[[str], str]) -> str:
    """The grain as a test: the key columns are never null and never repeat."""
    cols = ", ".join(f'"{c}"' for c in model.key)
    nulls = " OR ".join(f'"{c}" IS NULL' for c in model.key)
    return (
        f"SELECT {cols}, count(*) AS n FROM {relation(model.name)} GROUP BY ALL HAVING n > 1 "
        f"UNION ALL SELECT {cols}, 1 FROM {relation(model.name)} WHERE {nulls}"
    )


def _failures(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(f"SELECT count(*) FROM ({sql}) AS offending").fetchall()
    return int(rows[0][0])


def run_tests(
    con: duckdb.DuckDBPyConnection, project: Project, relation: Callable[[str], str]
) -> list[TestOutcome]:
    outcomes: list[TestOutcome] = []
    for model in project.models.values():
        if model.key:
            outcomes.append(
                TestOutcome(f"grain_{model.name}", "error", _failures(con, key_sql(model, relation)))
            )
    for test in project.generic_tests():
        outcomes.append(TestOutcome(test.name, test.severity, _failures(con, generic_sql(test, relation))))
    for singular in project.tests:
        sql = render(singular.sql, relation, str(singular.path)).strip().rstrip(";")
        outcomes.append(TestOutcome(singular.name, singular.severity, _failures(con, sql)))
    return outcomes
