"""From the measured sizes to the national back catalogue: a fitted cost per report, linearity, one night.

Cost is fitted as CPU seconds = fixed + per_report × reports (least squares over the sizes). The path is
linear when the per-report cost at the largest size is within ``LINEAR_TOLERANCE`` of that at the smallest.
The back catalogue since 2008 (``NATIONAL_REPORTS`` reports, ``NATIONAL_FACT_ROWS`` fact rows) is then
priced in CPU hours and in wall hours on ``CORES`` cores with every stage parallel (politeness waits aside).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from benchmarks.national.path import SizeRun, crawl_net_cpu

NATIONAL_REPORTS = 2_700_000
NATIONAL_FACT_ROWS = 400_000_000
LINEAR_TOLERANCE = 0.20
CORES = 2
NIGHT_HOURS = 8.0  # 22:00 to 06:00


@dataclass(frozen=True)
class Extrapolation:
    fixed_cpu_s: float
    cpu_s_per_report: float  # fitted slope of the whole path
    per_report_ratio: float  # per-report cost at the largest size / at the smallest
    marginal_ratio: float | None  # cost of the last step's extra reports / of the first step's (3+ sizes)
    linear: bool
    stage_cpu_s_per_report: dict[str, float]  # at the largest size
    national_cpu_hours: float
    national_wall_hours_on_cores: float
    fact_rows_per_report: float
    national_fact_rows_at_that_density: float
    fits_one_night: bool
    note: str

    def to_json(self) -> dict[str, Any]:
        return {key: round(v, 4) if isinstance(v, float) else v for key, v in asdict(self).items()}


def fit_line(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """(intercept, slope) of the least-squares line; one point gives a line through the origin."""
    if len(xs) == 1:
        return 0.0, ys[0] / xs[0]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return mean_y - slope * mean_x, slope


def extrapolate(runs: list[SizeRun]) -> Extrapolation:
    runs = sorted(runs, key=lambda r: r.reports)
    smallest, largest = runs[0], runs[-1]
    fixed, slope = fit_line([r.reports for r in runs], [r.path_cpu_s() for r in runs])
    ratio = (largest.path_cpu_s() / largest.reports) / (smallest.path_cpu_s() / smallest.reports)
    per_stage = {
        "crawl": crawl_net_cpu(largest) / largest.reports,
        "load": largest.stages["load"].cpu_s / largest.reports,
        "models": largest.stages["models"].cpu_s / largest.reports,
    }
    # The slope prices the national run; fall back on the largest size's mean when noise makes it absurd.
    per_report = slope if slope > 0 else largest.path_cpu_s() / largest.reports
    cpu_hours = per_report * NATIONAL_REPORTS / 3600
    wall_hours = cpu_hours / CORES
    density = largest.fact_rows / largest.reports
    fits = wall_hours <= NIGHT_HOURS
    return Extrapolation(
        fixed_cpu_s=fixed,
        cpu_s_per_report=per_report,
        per_report_ratio=ratio,
        marginal_ratio=_marginal_ratio(runs),
        linear=abs(ratio - 1) <= LINEAR_TOLERANCE,
        stage_cpu_s_per_report=per_stage,
        national_cpu_hours=cpu_hours,
        national_wall_hours_on_cores=wall_hours,
        fact_rows_per_report=density,
        national_fact_rows_at_that_density=density * NATIONAL_REPORTS,
        fits_one_night=fits,
        note=_note(per_stage, wall_hours, fits, len(runs)),
    )


def _marginal_ratio(runs: list[SizeRun]) -> float | None:
    """CPU per extra report between the two largest sizes over that between the two smallest: near 1 when
    the cost is a fixed start-up plus a constant cost per report (the mean per report then falls)."""
    if len(runs) < 3:
        return None

    def step(a: SizeRun, b: SizeRun) -> float:
        return (b.path_cpu_s() - a.path_cpu_s()) / (b.reports - a.reports)

    first = step(runs[0], runs[1])
    return step(runs[-2], runs[-1]) / first if first > 0 else None


def _note(per_stage: dict[str, float], wall_hours: float, fits: bool, sizes: int) -> str:
    heaviest = max(per_stage, key=lambda stage: per_stage[stage])
    share = per_stage[heaviest] / sum(per_stage.values())
    verdict = (
        f"fits one {NIGHT_HOURS:.0f}-hour night on {CORES} cores ({wall_hours:.1f} h)"
        if fits
        else f"does NOT fit one {NIGHT_HOURS:.0f}-hour night on {CORES} cores: {wall_hours:.1f} h,"
        f" {wall_hours / NIGHT_HOURS:.1f} nights"
    )
    caveat = "" if sizes > 1 else " (one size only: linearity not tested)"
    return (
        f"the national back catalogue {verdict}, politeness waits aside; {heaviest} is"
        f" {share:.0%} of the CPU per report{caveat}"
    )
