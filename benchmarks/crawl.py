"""Crawl benchmarks, against the demo portals on loopback with throttling off.

- ``crawl_pages_per_s``: responses per second of a full crawl (fetch, archive, extract, parse, stage) of the
  demo grown by ``NIANBAO_DEMO_SCALE``-style synthetic reports, next to ``scrapy bench`` (Scrapy's own
  fetch-and-follow loop with no item processing) run as a child process of this one, on the same cores.
(The recrawl of the same demo is measured in ``benchmarks/recrawl.py``.)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
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
    ceiling = scrapy_bench_pages_per_s(seconds=max(5, int(10 * config.bench_scale)))
    pages_per_s = first["responses"] / first["elapsed"]
    return {
        "crawl_pages_per_s": BenchResult(
            pages_per_s, "pages/s", ceiling, "scrapy bench (no item processing)"
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


def scrapy_bench_pages_per_s(seconds: int) -> float:
    """Run ``scrapy bench`` (its own server on localhost) and read pages/s from its final stats."""
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "bench",
            "-s",
            f"CLOSESPIDER_TIMEOUT={seconds}",
            "-s",
            "LOG_LEVEL=INFO",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
        timeout=seconds + 120,
    )
    log = child.stderr
    responses = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not responses or not elapsed:
        raise RuntimeError(f"scrapy bench gave no stats (exit {child.returncode}): {log[-1500:]}")
    return int(responses[1]) / float(elapsed[1])
