"""Distributed crawl benchmark: the demo portals grown with synthetic reports (as the throughput bench),
crawled by 1 worker and then by 2 workers sharing one private ``redis-server`` (``nianbao crawl --workers``),
in the same run, each into a fresh data directory.

- ``distributed_2_workers_speedup``: pages/s of the 2-worker crawl over the 1-worker crawl, each measured
  over its crawl window (first to last response of any worker: without the interpreter start-up, the idle
  grace at the end and the combine step that parses the crawl's documents once). Target ≥ 1.7 on 2 cores.
  The pages are the demo web pre-rendered and served by nginx (``benchmarks/static_site.py``: a server that
  is not the bottleneck; the labelled Python fallback without nginx).
- ``distributed_2_workers_speedup_slow_site``: the Python demo simulator with every answer delayed by
  ``SLOW_ANSWER`` (a real portal is slow; concurrency per host is per worker, so the second worker doubles
  what is in flight). The simulator runs in this process, so it competes with the workers for the cores.
- the detail holds both crawls' pages, windows, per-worker split and end-to-end wall time (with start-up,
  grace, reconcile and combine), so the fixed costs are visible too.

Skipped (no result) when ``redis-server`` is not installed.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.result import BenchResult
from benchmarks.static_site import serving
from crawler.config import Config
from crawler.registry import Portal
from demo.server import running

REPORTS_PER_SITE = 50  # synthetic reports added to each CMS-family demo site, times NIANBAO_BENCH_SCALE
STATIC_SITE_FACTOR = 8  # nginx answers in microseconds: more pages, so the crawl window is not start-up
IDLE_GRACE = 2.0  # loopback: a worker's queue is never empty for long
SLOW_ANSWER = 0.1  # seconds per answer on the slow site


def run(config: Config) -> dict[str, BenchResult]:
    from crawler.distributed.redis_server import private_redis, redis_server_path

    if redis_server_path() is None:
        print("distributed: skipped, redis-server is not installed (make system-deps)")
        return {}
    scale = max(1, int(REPORTS_PER_SITE * config.bench_scale))
    results: dict[str, BenchResult] = {}
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-distributed-") as tmp, private_redis() as url:
        for name, delay in (("", 0.0), ("_slow_site", SLOW_ANSWER)):
            measured: dict[int, dict[str, Any]] = {}
            for workers in (1, 2):
                bench_config = replace(
                    config,
                    data_dir=Path(tmp) / f"data{name}-{workers}",
                    throttle=False,
                    demo_faults=False,
                    demo_day=1,
                    demo_scale=scale,
                )
                if delay:
                    with running(bench_config, delay=delay) as demo:
                        measured[workers] = _timed_crawl(bench_config, demo.portals, workers, url)
                else:
                    with serving(Path(tmp) / f"static-{workers}", scale * STATIC_SITE_FACTOR) as site:
                        measured[workers] = _timed_crawl(bench_config, site.portals, workers, url)
                        measured[workers]["server"] = site.what
            results[f"distributed_2_workers_speedup{name}"] = BenchResult(
                measured[2]["pages_per_s"],
                "pages/s",
                measured[1]["pages_per_s"],
                "the same crawl by 1 worker (pages/s over the crawl window)",
                detail={"answer_delay_s": delay, "1_worker": measured[1], "2_workers": measured[2]},
            )
    return results


def _timed_crawl(config: Config, portals: Sequence[Portal], workers: int, redis_url: str) -> dict[str, Any]:
    from crawler.distributed.coordinator import crawl_distributed

    started = time.perf_counter()
    run_dir = crawl_distributed(
        config, portals, workers=workers, redis_url=redis_url, mode="demo", idle_grace=IDLE_GRACE
    )
    wall = time.perf_counter() - started
    shares = {}
    first, last = [], []
    for record_path in sorted((run_dir / "workers").glob("*/worker.json")):
        stats = json.loads(record_path.read_text(encoding="utf-8"))["stats"]
        shares[record_path.parent.name] = int(stats.get("response_received_count", 0))
        if "nianbao/worker/first_response_at" in stats:
            first.append(stats["nianbao/worker/first_response_at"])
            last.append(stats["nianbao/worker/last_response_at"])
    pages = sum(shares.values())
    window = max(last) - min(first)
    return {
        "pages": pages,
        "window_s": round(window, 3),
        "pages_per_s": pages / window if window else 0.0,
        "per_worker_pages": shares,
        "wall_s": round(wall, 3),
    }
