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
    from demo.server import running
    from nianbao.progress_view import progress_display

    with running(config) as demo, progress_display() as show:
        return crawl(config, demo.portals, mode="demo", on_progress=show)


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
    for run, earlier in report.repeats.items():
        print(f"run {run} observed exactly what {earlier} did: recorded as a repeat, nothing new published")
    for run, reason in report.quarantined.items():
        print(f"ERROR: staging run {run} quarantined (staging/_quarantine/{run}, nothing deleted): {reason}")
    return report


def build_models(config: Config, *, run_tests: bool = True) -> bool:
    from warehouse.build import build_models as build

    result = build(config, run_tests=run_tests)
    print(
        f"models built: {len(result.models)}; published: {'yes' if result.published else 'no (kept the old)'}"
    )
    _print_tests(result)
    return bool(result.ok)


def export(config: Config) -> Path:
    from warehouse.export import export_tables

    return export_tables(config)


def run_data_tests(config: Config) -> bool:
    from warehouse.build import run_data_tests as run_tests

    result = run_tests(config)
    print(f"data tests run on the {len(result.models)} published models: {'pass' if result.ok else 'FAIL'}")
    _print_tests(result)
    return bool(result.ok)


def run_warehouse(config: Config) -> bool:
    """The main job. Returns False (non-zero exit) when a data test fails or the crawl raised an error alarm.

    Whatever was collected is loaded even when the crawl failed (a portal yielded no report): nothing
    fetched is lost, and the alarm still fails the command loudly. Warning alarms are printed only.
    """
    from crawler.run import CrawlFailed

    try:
        run_dir = crawl_demo(config)
    except CrawlFailed as failed:  # the run's files are complete; load them, then fail loudly
        print(f"CRAWL FAILED: {failed}")
        run_dir = failed.run_dir
    alarms = _alarms(run_dir)
    loaded = load(config)
    models_ok = build_models(config)
    if models_ok:
        export(config)
    print_summary(config)
    for alarm in alarms:
        print(f"{alarm['level'].upper()}: {alarm['portal']}: {alarm['code']} ({alarm['message']})")
    if any(alarm["level"] == "error" for alarm in alarms):
        from nianbao.alerts import send_alarms

        send_alarms(config, run_dir)
    return models_ok and not loaded.quarantined and not any(alarm["level"] == "error" for alarm in alarms)


def print_summary(config: Config) -> None:
    from warehouse.build import summary

    counts = summary(config)
    print(
        "summary: "
        + ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in counts.items())
        + f"\nwarehouse: {config.warehouse_path}"
    )


def _alarms(run_dir: Path) -> list[dict[str, str]]:
    """The run's alarms; a crawl that died before writing its record is an error alarm of its own."""
    try:
        record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        message = f"the crawl wrote no readable run.json ({type(exc).__name__}); see {run_dir}/crawl.log"
        return [{"level": "error", "portal": "*", "code": "crawl_died", "message": message}]
    alarms: list[dict[str, str]] = record["alarms"]
    return alarms


def _print_tests(result: Any) -> None:
    for failure in result.failed_tests:  # "name (warn|error): N offending row(s)"
        print(f"data test {failure}")
    if result.warnings:
        print(f"{result.warnings} warn-level data test(s) flag source inconsistencies (not blocking)")
