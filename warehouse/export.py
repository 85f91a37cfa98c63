"""``nianbao export``: every ``mart_*`` table as Parquet and CSV under ``data/exports/``, partitioned by year.

Layout: ``exports/<format>/<mart>/report_year=<year>/data_0.<ext>`` (Hive partitioning, which DuckDB,
pandas, polars and Spark read back directly); a mart with no ``report_year`` (``mart_portal_health``, one
row per portal) is one file, ``exports/<format>/<mart>/data.<ext>``. Each mart's folder is replaced as a
whole, so exporting twice gives the same files.
"""

from __future__ import annotations

import logging
import shutil
from contextlib import closing

from crawler.config import Config
from warehouse.connection import connect

log = logging.getLogger(__name__)

FORMATS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}
PARTITION = "report_year"


def export_marts(config: Config) -> None:
    root = config.data_dir / "exports"
    with closing(connect(config.warehouse_path, read_only=True)) as con:
        marts = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                "AND table_name LIKE 'mart\\_%' ESCAPE '\\' ORDER BY table_name"
            ).fetchall()
        ]
        if not marts:
            raise RuntimeError(f"{config.warehouse_path} has no mart_* tables: run `nianbao models` first")
        for mart in marts:
            columns = {row[0] for row in con.execute(f'DESCRIBE main."{mart}"').fetchall()}
            for fmt, options in FORMATS.items():
                target = root / fmt / mart
                shutil.rmtree(target, ignore_errors=True)
                target.parent.mkdir(parents=True, exist_ok=True)
                if PARTITION in columns:
                    into, how = target, f"{options}, PARTITION_BY ({PARTITION})"
                else:
                    target.mkdir()
                    into, how = target / f"data.{fmt}", options
                con.execute(f"COPY (SELECT * FROM main.\"{mart}\" ORDER BY ALL) TO '{into}' ({how})")
            log.info("exported %s", mart)
    print(f"exported {len(marts)} marts to {root}")
