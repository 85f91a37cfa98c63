"""``nianbao export``: the published dimensions and marts as Parquet and CSV under ``data/exports/``.

Layout: ``exports/<format>/<table>/<table>_<year>.<ext>`` for a table with a ``report_year`` (one file per
table and year, the year also a column inside the file) and ``exports/<format>/<table>/<table>.<ext>`` for
one without, plus ``exports/manifest.json``: the load run the warehouse was built from, and per table its
column types and per file its rows and sha256.

Files open cleanly where analysts open them: CSV is UTF-8 with a byte-order mark (Excel otherwise reads
Chinese as mojibake), text columns quoted (so ``region_code`` 110000 stays text) and lists as JSON text;
Parquet keeps lists as lists and every type as published, except that sums DuckDB widens to HUGEINT are
written as BIGINT (Parquet has no 128-bit integer and would make them doubles). The export is written
beside the old one and swapped in whole, so a failed export leaves the last good one, and exporting twice
gives the same files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from crawler.config import Config
from warehouse.connection import MissingModelsError, connect

PARTITION = "report_year"
EXPORTED = ("dim_", "mart_")  # what an analyst's spreadsheet needs: the marts and the names behind keys
BOM = b"\xef\xbb\xbf"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Column:
    name: str
    type: str

    @property
    def quoted(self) -> str:
        return '"' + self.name.replace('"', '""') + '"'

    def parquet(self) -> str:
        return f"CAST({self.quoted} AS BIGINT) AS {self.quoted}" if self.type == "HUGEINT" else self.quoted

    def csv(self) -> str:
        if self.type.endswith("[]") or self.type.startswith(("STRUCT", "MAP")):
            return f"CAST(to_json({self.quoted}) AS VARCHAR) AS {self.quoted}"
        return self.parquet()

    @property
    def is_text(self) -> bool:
        return self.type == "VARCHAR" or self.type.endswith("[]") or self.type.startswith(("STRUCT", "MAP"))


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[Column]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[Column]] = {}
    for table, column, kind in rows:
        if table.startswith(EXPORTED):
            tables.setdefault(table, []).append(Column(column, kind))
    return tables


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _write_csv(con: duckdb.DuckDBPyConnection, query: str, columns: list[Column], target: Path) -> None:
    """DuckDB writes the CSV; the byte-order mark goes in front of it (DuckDB has no option for it)."""
    plain = target.with_suffix(".plain")
    quoted = ", ".join(c.quoted for c in columns if c.is_text)
    force = f", FORCE_QUOTE ({quoted})" if quoted else ""
    con.execute(f"COPY ({query}) TO {_literal(plain)} (FORMAT csv, HEADER true{force})")
    with target.open("wb") as out, plain.open("rb") as body:
        out.write(BOM)
        shutil.copyfileobj(body, out)
    plain.unlink()


def _export_table(
    con: duckdb.DuckDBPyConnection, root: Path, table: str, columns: list[Column]
) -> list[dict[str, Any]]:
    """One Parquet and one CSV file per report year (or one each for a table without years)."""
    if PARTITION not in {c.name for c in columns}:
        return [_export_file(con, root, table, columns, fmt, None, table) for fmt in ("parquet", "csv")]
    found = con.execute(f'SELECT DISTINCT {PARTITION} FROM main."{table}" ORDER BY 1').fetchall()
    return [
        _export_file(con, root, table, columns, fmt, year, f"{table}_{'unknown' if year is None else year}")
        for (year,) in found
        for fmt in ("parquet", "csv")
    ]


def _export_file(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    table: str,
    columns: list[Column],
    fmt: str,
    year: int | None,
    stem: str,
) -> dict[str, Any]:
    has_year = PARTITION in {c.name for c in columns}
    where = f"WHERE {PARTITION} IS NOT DISTINCT FROM {_year(year)}" if has_year else ""
    target = root / fmt / table / f"{stem}.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    select = ", ".join(c.parquet() if fmt == "parquet" else c.csv() for c in columns)
    query = f'SELECT {select} FROM main."{table}" {where} ORDER BY ALL'
    if fmt == "parquet":
        con.execute(f"COPY ({query}) TO {_literal(target)} (FORMAT parquet)")
    else:
        _write_csv(con, query, columns, target)
    rows = con.execute(f'SELECT count(*) FROM main."{table}" {where}').fetchall()[0][0]
    return {
        "path": target.relative_to(root).as_posix(),
        "format": fmt,
        PARTITION: year if has_year else None,
        "rows": rows,
        "sha256": _sha256(target),
    }


def _year(year: int | None) -> str:
    return "NULL" if year is None else str(int(year))


def _run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rows = con.execute("SELECT run_id FROM main.fct_crawl_runs ORDER BY load_seq DESC LIMIT 1").fetchall()
    except duckdb.CatalogException:
        return None
    return str(rows[0][0]) if rows else None


def export_tables(config: Config) -> Path:
    """Write every published ``dim_*`` and ``mart_*`` table; returns the manifest's path."""
    root = config.data_dir / "exports"
    building = root.with_name("exports.partial")
    shutil.rmtree(building, ignore_errors=True)
    with closing(connect(config.warehouse_path, read_only=True)) as con:
        tables = _tables(con)
        if not tables:
            raise MissingModelsError(f"{config.warehouse_path} has no published tables to export")
        manifest: dict[str, Any] = {"run_id": _run_id(con), "warehouse": str(config.warehouse_path)}
        manifest["tables"] = {
            table: {
                "columns": [{"name": c.name, "type": c.type} for c in columns],
                "files": _export_table(con, building, table, columns),
            }
            for table, columns in tables.items()
        }
    (building / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    shutil.rmtree(root, ignore_errors=True)
    building.rename(root)
    print(f"exported {len(tables)} tables to {root} (manifest: {root / MANIFEST})")
    return root / MANIFEST
