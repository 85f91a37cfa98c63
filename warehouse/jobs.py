"""The jobs behind ``nianbao``'s commands: each stage on its own, and the main job that chains them."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from crawler.config import Config

log = logging.getLogger("nianbao")


def crawl_demo(config: Config) -> Path:
    """Serve the demo portals on loopback, crawl them, stop the server (also on failure)."""
    from crawler.run import crawl
    from crawler.simulator.server import running

    with running(config) as demo:
        return crawl(config, portals=demo.portals, port=demo.port)


def rebuild_from_archive(config: Config) -> Path:
    from crawler.replay import rebuild

    return rebuild(config)


def load(config: Config) -> Any:
    from warehouse.load import load_staging

    report = load_staging(config)
    print(
        f"loaded runs {', '.join(report.runs_loaded) or '(none new)'}: "
        f"{report.inserted} inserted, {report.updated} updated, {report.noop} unchanged"
    )
    return report


def build_models(config: Config, *, run_tests: bool = True) -> bool:
    from warehouse.build import build_models as build

    result = build(config, run_tests=run_tests)
    _print_build(result)
    return bool(result.ok)


def run_data_tests(config: Config) -> bool:
    from warehouse.build import run_data_tests as run_tests

    result = run_tests(config)
    _print_build(result)
    return bool(result.ok)


def run_warehouse(config: Config) -> bool:
    """The main job. Returns False (non-zero exit) when a data test fails or the crawl raised an alarm.

    Whatever was collected is loaded even when the crawl raised an alarm: nothing fetched is lost, and
    the alarm still fails the command loudly.
    """
    run_dir = crawl_demo(config)
    alarms = _alarms(run_dir)
    load(config)
    models_ok = build_models(config)
    print_summary(config)
    for alarm in alarms:
        print(f"ALARM: {alarm}")
    return models_ok and not alarms


def print_summary(config: Config) -> None:
    from warehouse.build import summary

    counts = summary(config)
    print(
        "summary: "
        + ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in counts.items())
        + f"\nwarehouse: {config.warehouse_path}"
    )


def _alarms(run_dir: Path) -> list[str]:
    record_path = run_dir / "run.json"
    if not record_path.exists():
        return [f"crawl run {run_dir.name} wrote no run record"]
    record = json.loads(record_path.read_text(encoding="utf-8"))
    return [
        str(a) if isinstance(a, str) else json.dumps(a, ensure_ascii=False) for a in record.get("alarms", [])
    ]


def _print_build(result: Any) -> None:
    print(f"models built: {len(result.models)}; published: {result.published}")
    for failure in result.failed_tests:
        print(f"FAILED data test: {failure}")
