"""``make sql`` / ``nianbao sql``: the warehouse in Harlequin, or one query's result for scripts.

Harlequin (a Textual terminal SQL IDE: editor with completion, a catalog of schemas, tables and column
types, scrollable results without a row limit, export to CSV/Parquet) runs on the same ``duckdb`` package
the warehouse is written with, so the file's storage version always matches. The data dictionary is a
query away: ``SELECT column_name, comment FROM duckdb_columns() WHERE table_name = '…'``. It opens the file
read-only: while it is open, loads and builds wait for the lock and then name this process's PID.
"""

from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path

import duckdb
from harlequin import Harlequin
from harlequin_duckdb import DuckDbAdapter

from warehouse.connection import QueryError, connect, require_warehouse


def harlequin_app(warehouse: Path) -> Harlequin:
    """The Harlequin app on ``warehouse``, read-only, without writing query history to the user's home."""
    adapter = DuckDbAdapter((str(require_warehouse(warehouse)),), read_only=True, no_init=True)
    return Harlequin(adapter, adapter_name="duckdb", record_history=False)


def open_shell(warehouse: Path) -> int:
    app = harlequin_app(warehouse)
    app.run()
    return app.return_code or 0


def print_query(warehouse: Path, query: str) -> int:
    """Run one statement read-only and print its result as a table (every row: scripts want them all)."""
    with closing(connect(require_warehouse(warehouse), read_only=True)) as con:
        try:
            relation = con.sql(query)
        except duckdb.Error as exc:
            raise QueryError(f"the query failed: {exc}") from exc
        if relation is not None:
            relation.show(max_width=10_000, max_rows=1_000_000)
    return 0


def main() -> int:
    from crawler.config import load_config

    return open_shell(load_config().warehouse_path)


if __name__ == "__main__":
    sys.exit(main())
