"""Loader throughput: our staging → ``raw`` load against DuckDB's own ``COPY`` from Parquet of the same rows.

One synthetic finished staging run of 2021-template reports (~200 table cells each, the size of a real
table 3 + table 4) is loaded with ``load_staging`` into a fresh warehouse; the value is fact rows
(``raw.report_cells``) per second of the whole load: opening the file, JSON parsing, exploding, hashing,
merging, committing and closing. The ceiling loads exactly the landing rows that load wrote (every
``raw`` table: reports, cells, figures, sources, sightings, the load record), exported to Parquet, with
``COPY … FROM`` into a fresh warehouse of the same schema and session settings, timed the same way (open to
close); its rate is the same fact-row count over its time. 10 million fact rows at ``NIANBAO_BENCH_SCALE=1``.
The machines are shared and noisy: loads and COPYs alternate and the best time of each side counts.
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
from crawler.parsing.template import APPLICANT_KEYS, T3_ROWS, T4_BLOCKS, T4_RESULTS, Era, cell_key
from staging.runs import mark_finished
from warehouse import schema
from warehouse.connection import connect
from warehouse.load import LOAD_SETTINGS, load_staging
from warehouse.staged import read_run

FACT_ROWS = 10_000_000
REPEATS = 5
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
                    "template": Era.T2021,
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
    mark_finished(folder)
    return reports * len(keys)


def _export_landing(warehouse: Path, folder: Path) -> dict[str, int]:
    """Every non-empty ``raw`` table the load wrote, as one Parquet file each; returns rows per table."""
    folder.mkdir(parents=True)
    rows: dict[str, int] = {}
    with closing(connect(warehouse, read_only=True)) as con:
        for table in schema.metadata.sorted_tables:
            count = con.execute(f"SELECT count(*) FROM raw.{table.name}").fetchall()[0][0]
            if count:
                con.execute(f"COPY raw.{table.name} TO '{folder / table.name}.parquet' (FORMAT parquet)")
                rows[table.name] = int(count)
    return rows


def _timed_copy(folder: Path, target: Path, expected: dict[str, int]) -> float:
    """Seconds to open a fresh warehouse, ``COPY`` every exported table in from Parquet and close it."""
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    with closing(connect(target)) as con:
        for setting in LOAD_SETTINGS:
            con.execute(setting)
        schema.create_landing(con)
        for table in expected:
            con.execute(f"COPY raw.{table} FROM '{folder / table}.parquet' (FORMAT parquet)")
    elapsed = time.perf_counter() - started
    with closing(connect(target, read_only=True)) as con:
        for table, count in expected.items():
            copied = con.execute(f"SELECT count(*) FROM raw.{table}").fetchall()[0][0]
            if copied != count:
                raise RuntimeError(f"COPY loaded {copied} rows into raw.{table}, the loader {count}")
    return elapsed


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


def _arrow_stage_seconds(run_dir: Path) -> float:
    """The part of a load spent before DuckDB: JSON parsing and exploding the cells (for the profile line)."""
    started = time.perf_counter()
    read_run(run_dir)
    return time.perf_counter() - started


def run(config: Config) -> dict[str, BenchResult]:
    work = config.bench_dir / "load-work"
    shutil.rmtree(work, ignore_errors=True)
    try:
        bench_config = replace(config, data_dir=work / "data")
        reports = max(1, int(FACT_ROWS * config.bench_scale) // len(_cell_keys(200)))
        written = write_staging_run(bench_config.staging_dir / RUN_ID, reports)
        loads = [_timed_load(bench_config, written)]
        landing = _export_landing(bench_config.warehouse_path, work / "parquet")
        copies = [_timed_copy(work / "parquet", work / "ceiling.duckdb", landing)]
        for _ in range(REPEATS - 1):
            loads.append(_timed_load(bench_config, written))
            copies.append(_timed_copy(work / "parquet", work / "ceiling.duckdb", landing))
        arrow = _arrow_stage_seconds(bench_config.staging_dir / RUN_ID)
        load, copy = min(loads), min(copies)
        print(
            f"load: {written:,} fact rows ({sum(landing.values()):,} landing rows) in {load:.2f}s, of"
            f" which the Arrow stage (JSON read + explode) {arrow:.2f}s; COPY from Parquet of the same"
            f" landing rows: {copy:.2f}s (best of {REPEATS}; loads {', '.join(f'{t:.2f}' for t in loads)};"
            f" copies {', '.join(f'{t:.2f}' for t in copies)})"
        )
        return {
            "load_rows_per_s": BenchResult(
                written / load, "rows/s", written / copy, "DuckDB COPY from Parquet of the same landing rows"
            ),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
