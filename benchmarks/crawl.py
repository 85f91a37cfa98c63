"""Recrawl benchmarks, against the demo portals on loopback with throttling off (the crawl's throughput is
``benchmarks/throughput.py``: against nginx, next to a plain Scrapy spider).

- ``recrawl_*_fraction``: a second crawl of the unchanged demo (conditional requests built from the archive's
  seen-store) as a fraction of the first crawl's requests, response bytes and wall time. Requests stay about
  the same (list pages are always re-read and every report is still asked for, with ``If-None-Match``); the
  bytes and the time are what the 304s save.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.result import BenchResult
from crawler.config import Config
from crawler.run import crawl
from demo.server import running

REPORTS_PER_SITE = 50  # synthetic reports added to each CMS-family demo site, times NIANBAO_BENCH_SCALE


def run(config: Config) -> dict[str, BenchResult]:
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-crawl-") as tmp:
        bench_config = replace(
            config,
            data_dir=Path(tmp) / "data",
            throttle=False,
            demo_faults=False,
            demo_day=1,
            demo_scale=max(1, int(REPORTS_PER_SITE * config.bench_scale)),
        )
        first = _timed_crawl(bench_config)
        second = _timed_crawl(bench_config)
    return {
        "recrawl_requests_fraction": BenchResult(
            second["requests"], "requests", first["requests"], "requests of the first crawl"
        ),
        "recrawl_bytes_fraction": BenchResult(
            second["bytes"], "bytes", first["bytes"], "response bytes of the first crawl"
        ),
        "recrawl_time_fraction": BenchResult(
            second["wall"], "s", first["wall"], "wall time of the first crawl"
        ),
    }


def _timed_crawl(config: Config) -> dict[str, float]:
    with running(config) as demo:
        started = time.perf_counter()
        run_dir = crawl(config, demo.portals)
        wall = time.perf_counter() - started
    stats: dict[str, Any] = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["stats"]
    return {
        "wall": wall,
        "elapsed": float(stats["elapsed_time_seconds"]),
        "responses": float(stats["response_received_count"]),
        "requests": float(stats["downloader/request_count"]),
        "bytes": float(stats["downloader/response_bytes"]),
    }
