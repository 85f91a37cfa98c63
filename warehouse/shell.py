"""``make sql`` / ``python -m warehouse.shell``: an interactive SQL prompt on the warehouse.

A small Python REPL rather than the ``duckdb`` CLI: it needs nothing beyond the duckdb package already
installed (the CLI would be one more download, ``duckdb-cli``), and it opens the file read-only, so it
never changes the warehouse. While it is open, loads and builds wait for the lock and then say so with
this process's PID. Statements end with ``;``. ``.tables`` lists tables, ``.schema NAME`` shows
columns, ``.quit`` (or Ctrl-D) leaves.
"""

from __future__ import annotations

import contextlib
import sys
from contextlib import closing

import duckdb

from crawler.config import load_config
from warehouse.connection import connect

HELP = ".tables | .schema NAME | .quit — SQL statements end with ';'"


def _dot(con: duckdb.DuckDBPyConnection, command: str) -> bool:
    """Run a dot command; False means quit."""
    name, _, arg = command.partition(" ")
    if name in (".quit", ".exit"):
        return False
    if name == ".tables":
        con.sql(
            "SELECT table_schema AS schema, table_name AS name, table_type AS kind "
            "FROM information_schema.tables WHERE table_schema NOT IN ('audit') ORDER BY 1, 2"
        ).show(max_rows=1000)
    elif name == ".schema" and arg:
        con.sql(f"DESCRIBE {arg.strip()}").show()
    else:
        print(HELP)
    return True


def repl(con: duckdb.DuckDBPyConnection) -> None:
    buffer: list[str] = []
    while True:
        try:
            line = input("nianbao> " if not buffer else "   ...> ")
        except EOFError:
            print()
            return
        if not buffer and line.strip().startswith("."):
            if not _dot(con, line.strip()):
                return
            continue
        buffer.append(line)
        statement = "\n".join(buffer).strip()
        if not statement.endswith(";"):
            continue
        buffer.clear()
        try:
            relation = con.sql(statement)
            if relation is not None:
                relation.show(max_width=200)
        except duckdb.Error as exc:
            print(f"error: {exc}", file=sys.stderr)


def main() -> int:
    config = load_config()
    if not config.warehouse_path.exists():
        print(f"no warehouse at {config.warehouse_path}: run `make warehouse` first", file=sys.stderr)
        return 1
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history where available)
    with closing(connect(config.warehouse_path, read_only=True)) as con:
        print(f"{config.warehouse_path} (read-only). {HELP}")
        repl(con)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
