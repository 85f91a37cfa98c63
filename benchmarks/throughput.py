"""Crawl and rebuild throughput (issue 12), against a server that is not the bottleneck.

- ``crawl_pages_per_s``: responses per second of a full crawl (fetch, archive, extract and parse in the
  worker pool, validate, dedupe, stage) of the demo web pre-rendered and served by nginx
  (``benchmarks/static_site.py``), next to a plain ``scrapy.Spider`` with no pipelines fetching the very
  URLs our crawl fetched, from the same server, in the same run (``benchmarks/plain_spider.py``).
- ``rebuild_docs_per_s``: documents per second of ``nianbao rebuild`` (archive → staging run, no network)
  over that crawl's archive with one parse worker per core, against twice the same rebuild with one worker
  in the same run (perfect scaling over 2 cores; the ratio is how much of the second core we use).

Sizes: ``REPORTS_PER_SITE`` × ``NIANBAO_BENCH_SCALE`` synthetic reports per CMS-family site (about 2,300
responses at scale 1), so that start-up (spawning the parse workers, Scrapy's own) is a small part.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.result import BenchResult
from benchmarks.static_site import serving
from crawler.archive import ArchiveStore
from crawler.config import Config
from crawler.replay import rebuild
from crawler.run import crawl

REPORTS_PER_SITE = 400


def run(config: Config) -> dict[str, BenchResult]:
    scale = max(1, int(REPORTS_PER_SITE * config.bench_scale))
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-throughput-") as tmp:
        bench_config = replace(
            config, data_dir=Path(tmp) / "data", throttle=False, demo_faults=False, demo_day=1, demo_scale=0
        )
        with serving(Path(tmp) / "static", scale) as site:
            ours = _timed_crawl(bench_config, site.portals)
            urls = [fetch.url for fetch in ArchiveStore(bench_config.archive_dir).fetches()]
            plain = plain_spider(urls, Path(tmp) / "urls.json")
        cores = bench_config.parse_worker_count
        one = _timed_rebuild(replace(bench_config, parse_workers=1))
        pool = _timed_rebuild(replace(bench_config, parse_workers=cores))
    crawl_detail = {"ours": ours, "plain_spider": plain, "server": site.what, "files_served": site.files}
    return {
        "crawl_pages_per_s": BenchResult(
            ours["pages_per_s"],
            "pages/s",
            plain["pages_per_s"],
            f"plain scrapy.Spider, no pipelines, same {len(urls)} URLs from {site.what}",
            crawl_detail,
        ),
        "rebuild_docs_per_s": BenchResult(
            pool["docs_per_s"],
            "docs/s",
            one["docs_per_s"] * cores,
            f"{cores} x one parse worker's rate in this run ({one['docs_per_s']:.0f} docs/s)",
            {"one_worker": one, f"{cores}_workers": pool, "cpu_count": os.cpu_count()},
        ),
    }


def _timed_crawl(config: Config, portals: Any) -> dict[str, Any]:
    started = time.perf_counter()
    run_dir = crawl(config, portals)
    wall = time.perf_counter() - started
    record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    stats = record["stats"]
    responses, elapsed = int(stats["response_received_count"]), float(stats["elapsed_time_seconds"])
    return {
        "responses": responses,
        "elapsed_s": round(elapsed, 2),
        "wall_s": round(wall, 2),
        "pages_per_s": responses / elapsed,
        "reports_staged": record["reports"],
        "parse_workers": config.parse_worker_count,
    }


def plain_spider(urls: list[str], urls_path: Path) -> dict[str, Any]:
    """Fetch ``urls`` with the plain spider in a child process; its responses per second."""
    urls_path.write_text(json.dumps(urls), encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.plain_spider", str(urls_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    lines = child.stdout.strip().splitlines()
    if child.returncode != 0 or not lines:
        raise RuntimeError(f"plain spider failed (exit {child.returncode}): {child.stderr[-1500:]}")
    stats = json.loads(lines[-1])
    responses, elapsed = int(stats["response_received_count"]), float(stats["elapsed_time_seconds"])
    statuses = {key.rsplit("/", 1)[-1]: value for key, value in stats.items() if "status_count" in key}
    return {"responses": responses, "elapsed_s": round(elapsed, 2), "pages_per_s": responses / elapsed,
            "statuses": statuses}  # fmt: skip


def _timed_rebuild(config: Config) -> dict[str, Any]:
    started = time.perf_counter()
    run_dir = rebuild(config)
    wall = time.perf_counter() - started
    stats = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["stats"]
    documents = int(stats.get("nianbao/archive/documents", 0))
    return {
        "documents": documents,
        "parsed": int(stats.get("nianbao/parse/ok", 0)),
        "wall_s": round(wall, 2),
        "docs_per_s": documents / wall,
        "parse_workers": config.parse_worker_count,
    }
