"""How a failure reads on the command line: one line naming what is wrong and what to do, and an exit code
per kind of failure, so scripts can tell them apart. The traceback is shown only with ``--debug``.

This is the one mapping from exception to message and code; commands raise the typed errors of the
module that knows the problem (``crawler.config``, ``warehouse.connection`` …) and never print them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

import duckdb

from benchmarks.run import UnknownBenchmarkError
from crawler.config import InvalidSettingError
from warehouse.connection import (
    MissingModelsError,
    MissingWarehouseError,
    QueryError,
    WarehouseLockedError,
)
from warehouse.project import ProjectError

UNEXPECTED = 1  # a failure without a kind of its own (also: a command that ran and found problems)
USAGE = 2  # argparse's own code for a misused command line


@dataclass(frozen=True)
class Kind:
    exception: type[BaseException]
    exit_code: int
    hint: str  # what to do about it, after the error's own message


KINDS: tuple[Kind, ...] = (
    Kind(InvalidSettingError, 3, "see the configuration table in README.md"),
    Kind(MissingWarehouseError, 4, ""),
    Kind(MissingModelsError, 5, "run `nianbao models` first"),
    Kind(duckdb.CatalogException, 5, "the warehouse lacks a published table: run `nianbao models` first"),
    Kind(UnknownBenchmarkError, 6, "`nianbao bench --help` lists them"),
    Kind(WarehouseLockedError, 7, ""),
    Kind(ProjectError, 8, "a file under dbt_like_sql/ needs fixing"),
    Kind(QueryError, 9, "`nianbao docs` lists the tables and columns"),
)


def explain(error: BaseException) -> tuple[int, str]:
    """The exit code and the one line to print for ``error``."""
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    for kind in KINDS:
        if isinstance(error, kind.exception):
            return kind.exit_code, "error: " + first_line + (f" ({kind.hint})" if kind.hint else "")
    return UNEXPECTED, f"error: {type(error).__name__}: {first_line} (run with --debug for the traceback)"


def report(error: BaseException, stream: TextIO = sys.stderr) -> int:
    code, line = explain(error)
    print(line, file=stream)
    return code
