"""Run every size, the star query and the load ratio; print, and write JSON and Markdown (``summary.py``)."""

from __future__ import annotations

import shutil
import sys
from dataclasses import asdict, replace
from typing import Any

from benchmarks import load as load_bench
from benchmarks.national.extrapolate import extrapolate
from benchmarks.national.path import SizeRun, run_size
from benchmarks.national.star import run_star
from benchmarks.national.summary import print_size, write_outputs
from crawler.config import Config, load_config


def run(config: Config) -> dict[str, Any]:
    work = config.bench_dir / "national-work"
    shutil.rmtree(work, ignore_errors=True)
    try:
        runs: list[SizeRun] = []
        for size in config.national_sizes:
            print(f"national: the whole path at {size:,} reports …", flush=True)
            runs.append(run_size(work, size))
            print_size(runs[-1])
        fit = extrapolate(runs)
        print(f"national: star query on {config.national_star_rows:,} fact rows …", flush=True)
        star = run_star(work / "star", config.national_star_rows)
        print(f"national: loader vs COPY at {config.national_load_rows:,} fact rows …", flush=True)
        scale = config.national_load_rows / load_bench.FACT_ROWS
        load = load_bench.run(replace(config, bench_scale=scale))["load_rows_per_s"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    section = {
        "sizes": [run.to_json() for run in runs],
        "extrapolation": fit.to_json(),
        "star_query": asdict(star),
        "load_vs_copy": {**load.to_json(), "fact_rows": config.national_load_rows},
    }
    write_outputs(config, section)
    return section


def main() -> int:
    run(load_config())
    return 0


if __name__ == "__main__":
    sys.exit(main())
