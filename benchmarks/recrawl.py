"""The polite recrawl (``crawler/recrawl.py``), measured: recrawls of an unchanged portal set with years of
history, as a fraction of the first crawl's requests, and whether the crawl after that (the demo's day 2: a
new report, and an old report corrected in place whose listing shows the re-post date) catches both.

The demo web grown by ``REPORTS_PER_SITE`` × ``NIANBAO_BENCH_SCALE`` synthetic reports on each CMS-family site
(report years 2008–2025, published 10 January – 31 March of the next year; HTML pages with PDF, DOC/DOCX, WPS
and spreadsheet attachments), throttling off. 200 per site is still smaller than a real county portal (some
50 bodies a year since 2008); a small portal's fixed cost (robots.txt, each column's first page) would
dominate a fraction that is meant to show the per-report rules.

The unchanged recrawl is run on three nights of the spring season (``SEASON``, the crawl date as
``NIANBAO_TODAY``), after the first crawl: which reports count as published in the last 12 months depends on
the night, and the demo's reports are fixed in time, so the nights are pinned rather than the machine's date.

- ``recrawl_requests_fraction``: the mean requests of the season's recrawls / those of the first crawl
  (target ≤ 5%). ``detail`` splits each night's requests by why they were made (robots, list pages, recent
  reports, rolling turns, changed entries) and counts what was carried from the archive unasked.
- ``recrawl_catches_day2``: 1 when the day-2 crawl (the season's last night) staged the new report and a new
  version of the corrected one (0 otherwise), out of 1.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from statistics import mean
from typing import Any

from benchmarks.result import BenchResult
from crawler.config import Config
from crawler.run import crawl
from demo.server import running
from staging.runs import read_jsonl

REPORTS_PER_SITE = 200  # synthetic reports added to each CMS-family demo site, times NIANBAO_BENCH_SCALE
SEASON = ("2026-02-15", "2026-03-15", "2026-04-15")  # nights of the spring after the demo's newest reports


def run(config: Config) -> dict[str, BenchResult]:
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-recrawl-") as tmp:
        bench_config = replace(
            config,
            data_dir=Path(tmp) / "data",
            throttle=False,
            demo_faults=False,
            demo_day=1,
            demo_scale=max(1, int(REPORTS_PER_SITE * config.bench_scale)),
            today=SEASON[0],
        )
        first = _crawl(bench_config)
        nights = {night: _crawl(replace(bench_config, today=night)) for night in SEASON}
        day_two = _crawl(replace(bench_config, demo_day=2, today=SEASON[-1]))
    caught = _caught_day_two(nights[SEASON[-1]]["reports"], day_two["reports"])
    detail = {
        "first_crawl_requests": first["requests"],
        "recrawl_requests": {night: crawl["requests"] for night, crawl in nights.items()},
        "recrawl_asked_because": {night: crawl["asked_because"] for night, crawl in nights.items()},
        "recrawl_carried_documents": {night: crawl["carried"] for night, crawl in nights.items()},
        "recrawl_carried_list_pages": {night: crawl["list_carried"] for night, crawl in nights.items()},
        "day2_requests": day_two["requests"],
        "day2_new_and_corrected": caught,
        "rolling_every_runs": bench_config.recrawl_every,
    }
    return {
        "recrawl_requests_fraction": BenchResult(
            mean(crawl["requests"] for crawl in nights.values()),
            "requests",
            first["requests"],
            f"requests of the first crawl (recrawl: mean of the nights {', '.join(SEASON)})",
            detail,
        ),
        "recrawl_catches_day2": BenchResult(
            float(caught["new"] == 1 and caught["corrected"] == 1),
            "caught",
            1.0,
            "the day-2 new report and corrected re-post both staged",
        ),
    }


def _crawl(config: Config) -> dict[str, Any]:
    with running(config) as demo:
        run_dir = crawl(config, demo.portals)
    record: dict[str, Any] = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    stats = record["stats"]
    recrawl = {
        key.rsplit("/", 1)[1]: value for key, value in stats.items() if key.startswith("nianbao/recrawl/")
    }
    events = read_jsonl(run_dir / "crawl_events.jsonl")
    return {
        "requests": int(stats["downloader/request_count"]),
        "asked_because": {
            "robots": int(stats.get("robotstxt/request_count", 0)),
            "list_pages": sum(1 for e in events if e["role"] == "list" and e["reason"] != "carried"),
            **{k: v for k, v in recrawl.items() if k not in {"carried", "list_carried"}},
        },
        "carried": sum(1 for e in events if e["reason"] == "carried" and e["role"] != "list"),
        "list_carried": recrawl.get("list_carried", 0),
        "reports": read_jsonl(run_dir / "reports.jsonl"),
    }


def _caught_day_two(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, int]:
    """How many (agency, year) keys day 2 added, and how many it staged under a new report id (a version)."""
    old = {(r["agency"], r["report_year"]): r["report_id"] for r in before}
    new = {(r["agency"], r["report_year"]): r["report_id"] for r in after}
    return {
        "new": len(set(new) - set(old)),
        "corrected": sum(1 for key, report_id in new.items() if key in old and old[key] != report_id),
    }
