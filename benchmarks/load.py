"""Loader throughput: our staging → ``raw`` load against DuckDB's own ``COPY`` from Parquet of the same rows.

One synthetic finished staging run of 2021-template reports (200 table cells each, the size of a real
table 3 + table 4) is loaded with ``load_staging`` into a fresh warehouse; the value is fact rows
(``raw.report_cells``) per second of the whole load, JSON parsing, hashing and merging included. The
ceiling is the same ``report_cells`` rows written to Parquet and loaded with ``COPY`` into a table of the
same schema, in the same run. 10 million fact rows at ``NIANBAO_BENCH_SCALE=1``. The machines are shared
and noisy, so each side is timed more than once and the best time counts.
"""

from __future__ import annotations

import json
import shutil
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from benchmarks.result import BenchResult
from crawler.config import Config
from crawler.parsing.template import APPLICANT_KEYS, T3_ROWS, T4_BLOCKS, T4_RESULTS, cell_key
from warehouse import schema
from warehouse.connection import connect
from warehouse.load import load_staging

FACT_ROWS = 10_000_000
LOAD_REPEATS, COPY_REPEATS = 2, 3
RUN_ID = "20260101T000000Z-bench"


def _cell_keys(n: int) -> list[str]:
    keys = [cell_key("t3", r.key, c) for r in T3_ROWS for c in APPLICANT_KEYS]
    keys += [cell_key("t4", b, r) for b, _ in T4_BLOCKS for r, _ in T4_RESULTS]
    return keys[:n]


def write_staging_run(folder: Path, reports: int, cells_per_report: int = 200) -> int:
    """A finished staging run (docs/architecture.md format); returns the number of cells written."""
    folder.mkdir(parents=True)
    keys = _cell_keys(cells_per_report)
    # A few distinct cell maps, pre-serialised: generating the input is not what we measure.
    variants = [json.dumps({k: (i * 7 + j) % 50 for j, k in enumerate(keys)}) for i in range(16)]
    with (folder / "reports.jsonl").open("w", encoding="utf-8") as out:
        for n in range(reports):
            head = json.dumps(
                {
                    "report_id": f"{n:032x}",
                    "run_id": RUN_ID,
                    "portal": "bench",
                    "agency": f"基准测试局{n}",
                    "agency_kind": "department",
                    "region": {"province": "湖南省", "city": "常德市", "county": None, "code": "430700"},
                    "report_year": 2000 + n % 25,
                    "published_date": "2022-01-20",
                    "title": f"报告{n}",
                    "doc_kind": "annual_report",
                    "template": "2021",
                    "script": "simplified",
                    "figures": {"proactive_total": n % 1000},
                    "approximate": [],
                    "uncertain": [],
                    "flags": [],
                    "issues": [],
                    "sources": [
                        {
                            "url": f"http://bench.test/{n}.html",
                            "host": "bench.test",
                            "portal": "bench",
                            "fetched_at": "2026-01-01T00:00:00Z",
                        }
                    ],
                },
                ensure_ascii=False,
            )
            out.write(f'{head[:-1]}, "cells": {variants[n % len(variants)]}}}\n')
    (folder / "crawl_events.jsonl").write_text("", encoding="utf-8")
    (folder / "_SUCCESS").write_text("", encoding="utf-8")
    return reports * len(keys)


def _copy_ceiling(source_db: Path, work: Path) -> tuple[float, int]:
    """Rows/s of ``COPY … FROM`` Parquet holding exactly the rows our loader wrote."""
    parquet = work / "cells.parquet"
    with closing(connect(source_db, read_only=True)) as con:
        con.execute(f"COPY raw.report_cells TO '{parquet}' (FORMAT parquet)")
    best, rows = float("inf"), 0
    for attempt in range(COPY_REPEATS):
        with closing(connect(work / f"ceiling-{attempt}.duckdb")) as con:
            schema.create_landing(con)
            started = time.perf_counter()
            con.execute(f"COPY raw.report_cells FROM '{parquet}' (FORMAT parquet)")
            best = min(best, time.perf_counter() - started)
            rows = con.execute("SELECT count(*) FROM raw.report_cells").fetchall()[0][0]
    return rows / best, int(rows)


def _timed_load(config: Config, expected: int) -> float:
    """Seconds for one ``load_staging`` of the run into a fresh warehouse."""
    config.warehouse_path.unlink(missing_ok=True)
    started = time.perf_counter()
    report = load_staging(config)
    elapsed = time.perf_counter() - started
    loaded = report.per_table["report_cells"]["inserted"]
    if loaded != expected:
        raise RuntimeError(f"loader wrote {loaded} cells, expected {expected}")
    return elapsed


def run(config: Config) -> dict[str, BenchResult]:
    work = config.bench_dir / "load-work"
    shutil.rmtree(work, ignore_errors=True)
    try:
        bench_config = replace(config, data_dir=work / "data")
        reports = max(1, int(FACT_ROWS * config.bench_scale) // len(_cell_keys(200)))
        written = write_staging_run(bench_config.staging_dir / RUN_ID, reports)
        elapsed = min(_timed_load(bench_config, written) for _ in range(LOAD_REPEATS))
        ceiling, copied = _copy_ceiling(bench_config.warehouse_path, work)
        if copied != written:
            raise RuntimeError(f"COPY loaded {copied} rows, the loader {written}")
        print(
            f"load: {written:,} fact rows in {elapsed:.2f}s; COPY from Parquet: {copied / ceiling:.2f}s"
            " (best of repeats)"
        )
        return {
            "load_rows_per_s": BenchResult(written / elapsed, "rows/s", ceiling, "DuckDB COPY from Parquet"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
