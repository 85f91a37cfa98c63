"""``make bench-national`` at a tiny size: every stage runs for real (demo web on loopback, crawl child,
loader, models) and reports figures that follow from what was done. No timing is asserted."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks import load as load_bench
from benchmarks.national import star
from benchmarks.national.extrapolate import extrapolate, fit_line
from benchmarks.national.path import SizeRun
from benchmarks.national.run import run
from benchmarks.national.stages import STAGES, StageFigure
from crawler.config import InvalidSettingError, load_config


def test_fit_line_recovers_a_line_and_prices_one_point_through_the_origin() -> None:
    assert fit_line([10, 20, 40], [13, 23, 43]) == pytest.approx((3.0, 1.0))
    assert fit_line([50], [100]) == (0.0, 2.0)


def _size_run(reports: int, crawl_cpu: float) -> SizeRun:
    def figure(stage: str, cpu: float) -> StageFigure:
        counts = {"generate": {"reports_generated": reports}, "crawl": {"reports_staged": reports}}
        return StageFigure(
            stage, 1.0, cpu, 1.0, 1.0, 0, 0, {**counts.get(stage, {}), "fact_rows": 10 * reports}
        )

    stages = {"generate": 0.0, "crawl": crawl_cpu, "load": 0.0, "models": 0.0}
    return SizeRun(reports, {stage: figure(stage, cpu) for stage, cpu in stages.items()})


def test_a_fixed_start_up_plus_a_constant_cost_per_report_is_priced_by_its_slope() -> None:
    # 8 s of start-up and 30 ms per report: the mean per report falls, the marginal cost does not.
    fit = extrapolate([_size_run(n, 8 + 0.03 * n) for n in (1000, 3000, 10000)])
    assert fit.cpu_s_per_report == pytest.approx(0.03)
    assert fit.marginal_ratio == pytest.approx(1.0)
    assert fit.per_report_ratio == pytest.approx((8 / 10000 + 0.03) / (8 / 1000 + 0.03))
    assert fit.national_cpu_hours == pytest.approx(0.03 * 2_700_000 / 3600)
    assert not fit.fits_one_night and "does NOT fit" in fit.note


def test_national_sizes_setting_is_validated() -> None:
    assert load_config({"NIANBAO_NATIONAL_SIZES": "300, 100"}).national_sizes == (100, 300)
    with pytest.raises(InvalidSettingError, match="NATIONAL_SIZES"):
        load_config({"NIANBAO_NATIONAL_SIZES": "100,lots"})
    with pytest.raises(InvalidSettingError, match="NATIONAL_SIZES"):
        load_config({"NIANBAO_NATIONAL_SIZES": "0"})


def test_bench_national_measures_every_stage_and_loses_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_bench, "REPEATS", 1)
    monkeypatch.setattr(star, "REPEATS", 1)
    config = replace(
        load_config({"NIANBAO_DATA_DIR": str(tmp_path / "data")}),
        national_sizes=(25,),  # one size keeps the suite fast; fit_line is tested above
        national_star_rows=20_000,
        national_load_rows=4_000,
    )
    section = run(config)

    sizes = section["sizes"]
    assert [s["requested"] for s in sizes] == [25]
    for size in sizes:
        stages = size["stages"]
        assert list(stages) == list(STAGES)
        generated = stages["generate"]["counts"]["reports_generated"]
        assert generated >= size["requested"]  # the synthetic reports plus the demo's own seed reports
        assert stages["crawl"]["counts"]["reports_staged"] == generated == size["reports"]
        assert 0 < stages["crawl"]["peak_rss_children_mb"] <= stages["crawl"]["peak_rss_mb"]
        assert size["unreached"] == 0  # no column here is deeper than the spider's list-page cap
        assert stages["load"]["counts"]["reports_loaded"] == generated
        assert stages["models"]["counts"]["report_versions"] == generated
        assert size["fact_rows"] > generated  # every template report has many table cells
        for figure in stages.values():
            assert figure["wall_s"] > 0 and figure["cpu_s"] > 0 and figure["peak_rss_mb"] > 0
        assert stages["generate"]["archive_bytes"] == 0 < stages["crawl"]["archive_bytes"]
        assert stages["crawl"]["warehouse_bytes"] == 0 < stages["load"]["warehouse_bytes"]

    fit = section["extrapolation"]
    assert fit["cpu_s_per_report"] > 0 and fit["national_cpu_hours"] > 0
    assert fit["cpu_s_per_report"] == pytest.approx(sizes[0]["path_cpu_s"] / sizes[0]["reports"], rel=1e-2)
    assert fit["per_report_ratio"] == 1.0 and "linearity not tested" in fit["note"]
    assert "night" in fit["note"]

    star_query = section["star_query"]
    assert star_query["fact_rows"] == 20_000 and star_query["groups"] > 1
    assert len(star_query["cpu_times_s"]) == len(star_query["times_s"]) == 1
    assert star_query["cpu_s"] == min(star_query["cpu_times_s"]) > 0 and star_query["threads"] >= 1
    assert star_query["idle_floor_s"] == pytest.approx(star_query["cpu_s"] / star_query["threads"])
    assert section["load_vs_copy"]["fact_rows"] == 4_000 and section["load_vs_copy"]["ratio"] > 0

    written = json.loads((config.bench_dir / "latest.json").read_text(encoding="utf-8"))
    assert written["national"]["sizes"][0]["reports"] == sizes[0]["reports"]
    summary = (config.bench_dir / "national.md").read_text(encoding="utf-8")
    assert f"| {sizes[0]['reports']:,} | models |" in summary
    assert f"CPU {star_query['cpu_s']:.2f} s over {star_query['threads']} threads" in summary
    assert not (config.bench_dir / "national-work").exists()
