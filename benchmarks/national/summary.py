"""The national figures as a printed table, a ``national`` section of ``data/bench/latest.json`` and
``data/bench/national.md`` (the Markdown the README's performance section cites)."""

from __future__ import annotations

import json
import os
import platform
from typing import Any

from benchmarks.national.path import SizeRun
from benchmarks.national.stages import STAGES
from crawler.config import Config

MB = 1024 * 1024
HEADER = "| reports | stage | wall s | reports/s | CPU ms/report | peak RSS MB | archive MB | warehouse MB |"


def stage_rows(size: dict[str, Any]) -> list[str]:
    """One Markdown row per stage of one size (``SizeRun.to_json`` shape)."""
    rows = []
    reports = size["reports"]
    for stage in STAGES:
        f = size["stages"][stage]
        rows.append(
            f"| {reports:,} | {stage} | {f['wall_s']:.1f} | {reports / f['wall_s']:,.0f} |"
            f" {1000 * f['cpu_s'] / reports:.2f} | {f['peak_rss_mb']:,.0f} | {f['archive_bytes'] / MB:,.1f} |"
            f" {f['warehouse_bytes'] / MB:,.1f} |"
        )
    return rows


def print_size(run: SizeRun) -> None:
    print(HEADER)
    print("\n".join(stage_rows(run.to_json())), flush=True)


def markdown(section: dict[str, Any]) -> str:
    fit, star, load = section["extrapolation"], section["star_query"], section["load_vs_copy"]
    lines = [
        "# bench-national: the whole path at scale",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; shared with other jobs.",
        "",
        HEADER,
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in section["sizes"]:
        lines += stage_rows(size)
    lines += ["", "| reports | fact rows | path CPU s | CPU ms/report |", "| ---: | ---: | ---: | ---: |"]
    lines += [
        f"| {s['reports']:,} | {s['fact_rows']:,} | {s['path_cpu_s']:.1f} | {s['cpu_ms_per_report']:.2f} |"
        for s in section["sizes"]
    ]
    lines += [
        "",
        "Path CPU = crawl (net of re-rendering the synthetic web) + load + models.",
        f"Per-report cost, largest size / smallest: {fit['per_report_ratio']:.2f}"
        f" ({'linear' if fit['linear'] else 'NOT linear'} within 20%); marginal cost, last step / first:"
        f" {fit['marginal_ratio'] if fit['marginal_ratio'] is None else round(fit['marginal_ratio'], 2)}.",
        f"Fitted: {1000 * fit['cpu_s_per_report']:.2f} ms CPU per report; back catalogue (2.7 M reports):"
        f" {fit['national_cpu_hours']:.1f} CPU hours, {fit['national_wall_hours_on_cores']:.1f} h on 2 cores;"
        f" {fit['fact_rows_per_report']:.0f} fact rows per report"
        f" ({fit['national_fact_rows_at_that_density'] / 1e6:,.0f} M at that density).",
        f"Verdict: {fit['note']}.",
        "",
        f"Star query (2 joins, group by year and province) on {star['fact_rows']:,} fact rows"
        f" ({star['reports']:,} reports, {star['groups']} groups): best {star['best_s']:.2f} s of"
        f" {', '.join(f'{t:.2f}' for t in star['times_s'])}; CPU {star['cpu_s']:.2f} s over"
        f" {star['threads']} threads, so {star['idle_floor_s']:.2f} s on as many idle cores.",
        f"Loader at {load['fact_rows']:,} fact rows: {load['value']:,.0f} rows/s, DuckDB COPY from Parquet"
        f" {load['ceiling']:,.0f} rows/s: ratio {load['ratio']:.2f}.",
        "",
    ]
    return "\n".join(lines)


def write_outputs(config: Config, section: dict[str, Any]) -> None:
    """Merge the section into ``data/bench/latest.json`` (other results stay) and write the Markdown."""
    config.bench_dir.mkdir(parents=True, exist_ok=True)
    latest = config.bench_dir / "latest.json"
    payload: dict[str, Any] = {}
    if latest.exists():
        payload = json.loads(latest.read_text(encoding="utf-8"))
    payload["national"] = section
    latest.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = markdown(section)
    (config.bench_dir / "national.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"written {latest} (national) and {config.bench_dir / 'national.md'}")
