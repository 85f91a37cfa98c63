"""One stage of the national path, measured in a process of its own.

Each stage runs in a fresh child process (``python -m benchmarks.national.stage``), so its CPU time
(``getrusage`` of the child itself plus every process it waited for: the crawl child, parse workers) and its
peak resident memory are its own and not the high-water mark of an earlier stage. The parent reads the
child's figures from one JSON line on its stdout and adds the sizes on disk after the stage.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

STAGES: tuple[str, ...] = ("generate", "crawl", "load", "models")
MARK = "NATIONAL-STAGE "  # prefix of the child's result line: the stage's own prints stay readable


@dataclass(frozen=True)
class StageFigure:
    """What one stage cost at one size."""

    stage: str
    wall_s: float
    cpu_s: float  # user + system, the stage's process and all its children
    peak_rss_mb: float  # the largest resident set of the stage's process or any one of its children
    peak_rss_children_mb: float  # the largest child's alone (the crawl child, apart from the demo server)
    archive_bytes: int  # the raw archive on disk after the stage
    warehouse_bytes: int  # the DuckDB file on disk after the stage
    counts: dict[str, int]  # what the stage made: reports generated, staged, loaded, fact rows …

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def usage_now() -> dict[str, float]:
    """CPU seconds and peak RSS in MB (Linux reports kilobytes) of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "peak_rss_mb": max(own.ru_maxrss, children.ru_maxrss) / 1024,
        "peak_rss_children_mb": children.ru_maxrss / 1024,
    }


def directory_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if not path.exists():
        return 0
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def run_stage(stage: str, data_dir: Path, reports: int) -> StageFigure:
    """Run ``stage`` for a data directory in a child process; raise with its output if it fails."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; known: {', '.join(STAGES)}")
    env = {**os.environ, "NIANBAO_DATA_DIR": str(data_dir), "NIANBAO_THROTTLE": "0"}
    command = [sys.executable, "-m", "benchmarks.national.stage", stage, str(reports)]
    started = time.perf_counter()
    child = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    lines = [line for line in child.stdout.splitlines() if line.startswith(MARK)]
    if child.returncode != 0 or not lines:
        tail = (child.stdout + child.stderr)[-3000:]
        raise RuntimeError(f"stage {stage} at {reports} reports failed (exit {child.returncode}): {tail}")
    measured = json.loads(lines[-1][len(MARK) :])
    return StageFigure(
        stage=stage,
        wall_s=wall,
        cpu_s=measured["cpu_s"],
        peak_rss_mb=measured["peak_rss_mb"],
        peak_rss_children_mb=measured["peak_rss_children_mb"],
        archive_bytes=directory_bytes(data_dir / "archive"),
        warehouse_bytes=directory_bytes(data_dir / "warehouse.duckdb"),
        counts={key: int(value) for key, value in measured["counts"].items()},
    )
