"""``make bench``: run every benchmark module, print a table, write ``bench/latest.json``.

Each module in ``MODULES`` exposes ``run(config) -> dict[str, BenchResult]``. Sizes scale with
``NIANBAO_BENCH_SCALE``. Only ratios measured in this one run are meaningful on a noisy machine.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
from collections.abc import Sequence

from benchmarks.result import BenchResult
from crawler.config import Config

MODULES: tuple[str, ...] = ("parse", "load", "throughput", "recrawl", "neardup", "distributed")


class UnknownBenchmarkError(ValueError):
    """``--only`` named a benchmark that does not exist; nothing ran and no result was overwritten."""


def main(config: Config, only: Sequence[str] | None = None) -> int:
    if unknown := sorted(set(only or ()) - set(MODULES)):
        raise UnknownBenchmarkError(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(MODULES)}")
    results: dict[str, BenchResult] = {}
    for name in MODULES:
        if only and name not in only:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        results.update(module.run(config))
    _print_table(results)
    config.bench_dir.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "scale": config.bench_scale,
        "results": {key: result.to_json() for key, result in results.items()},
    }
    out = config.bench_dir / "latest.json"
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {out}")
    return 0


def _print_table(results: dict[str, BenchResult]) -> None:
    print(f"{'benchmark':<28} {'value':>14} {'ceiling':>14} {'ratio':>7}  unit / ceiling is")
    for key, r in results.items():
        print(f"{key:<28} {r.value:>14,.1f} {r.ceiling:>14,.1f} {r.ratio:>7.2f}  {r.unit} / {r.ceiling_what}")
