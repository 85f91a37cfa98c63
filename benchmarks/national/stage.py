"""Child entry of one measured stage: ``python -m benchmarks.national.stage STAGE REPORTS``.

Reads ``NIANBAO_*`` through ``crawler.config`` (the parent sets the data directory), runs the stage, and
prints one line ``NATIONAL-STAGE {json}`` with its CPU time, peak memory and counts (``stages.py``).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace

from benchmarks.national.stages import MARK, usage_now
from crawler.config import Config, load_config

SCALED_SITES = 5  # demo sites that grow with NIANBAO_DEMO_SCALE (demo/web.py: the CMS-family sites)


def demo_config(reports: int) -> Config:
    """The demo web grown to about ``reports`` synthetic reports, crawled with no politeness waits."""
    scale = math.ceil(reports / SCALED_SITES)
    return replace(load_config(), demo_scale=scale, throttle=False, demo_faults=False, demo_day=1)


def generate(config: Config) -> dict[str, int]:
    """Build the demo web (every report rendered) and its manifest: the reports a crawl should find."""
    from demo.server import write_manifest
    from demo.web import build_sites

    sites = build_sites(day=config.demo_day, faults=config.demo_faults, scale=config.demo_scale)
    manifest = write_manifest(config, sites, 0)
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    return {
        "reports_generated": sum(1 for entry in lines if entry["reachable"]),
        "documents_served": sum(len(site.routes) for site in sites),
    }


def crawl(config: Config) -> dict[str, int]:
    """Serve the demo, crawl it: fetch, archive, extract, parse, validate, dedupe, stage."""
    from crawler.run import crawl as crawl_portals
    from demo.server import running

    with running(config) as demo:
        run_dir = crawl_portals(config, demo.portals, mode="demo")
    stats = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["stats"]
    with (run_dir / "reports.jsonl").open(encoding="utf-8") as staged:
        reports = sum(1 for _ in staged)
    return {
        "reports_staged": reports,
        "responses": int(stats.get("response_received_count", 0)),
        "response_bytes": int(stats.get("downloader/response_bytes", 0)),
    }


def load(config: Config) -> dict[str, int]:
    from warehouse.load import load_staging

    report = load_staging(config)
    if report.quarantined:
        raise RuntimeError(f"runs quarantined: {report.quarantined}")
    return {
        "reports_loaded": int(report.per_table["reports"]["inserted"]),
        "cells_loaded": int(report.per_table["report_cells"]["inserted"]),
    }


def models(config: Config) -> dict[str, int]:
    from warehouse.build import build_models
    from warehouse.connection import connect

    result = build_models(config)
    if not result.published:
        raise RuntimeError(f"models not published; failed tests: {result.failed_tests}")
    with closing(connect(config.warehouse_path, read_only=True)) as con:

        def count(table: str) -> int:
            return int(con.execute(f"SELECT count(*) FROM main.{table}").fetchall()[0][0])

        facts = ("fct_applications", "fct_review_litigation", "fct_proactive_disclosure")
        return {
            "report_versions": count("fct_report_versions"),
            "current_reports": count("fct_reports"),
            "fact_rows": sum(count(table) for table in facts),
        }


STAGE_FUNCTIONS: dict[str, Callable[[Config], dict[str, int]]] = {
    "generate": generate,
    "crawl": crawl,
    "load": load,
    "models": models,
}


def main(argv: list[str]) -> int:
    stage, reports = argv[0], int(argv[1])
    counts = STAGE_FUNCTIONS[stage](demo_config(reports))
    print(MARK + json.dumps({**usage_now(), "counts": counts}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
