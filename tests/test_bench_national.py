"""``make bench-national`` at a tiny size: every stage runs for real (demo web on loopback, crawl child,
loader, models) and reports figures that follow from what was done. No timing is asserted."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks import load as load_bench
from benchmarks.national import star
from benchmarks.national.extrapolate import fit_line
from benchmarks.national.run import run
from benchmarks.national.stages import STAGES
from crawler.config import InvalidSettingError, load_config


def test_fit_line_recovers_a_line_and_prices_one_point_through_the_origin() -> None:
    assert fit_line([10, 20, 40], [13, 23, 43]) == pytest.approx((3.0, 1.0))
    assert fit_line([50], [100]) == (0.0, 2.0)


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

    assert section["star_query"]["fact_rows"] == 20_000 and section["star_query"]["groups"] > 1
    assert section["load_vs_copy"]["fact_rows"] == 4_000 and section["load_vs_copy"]["ratio"] > 0

    written = json.loads((config.bench_dir / "latest.json").read_text(encoding="utf-8"))
    assert written["national"]["sizes"][0]["reports"] == sizes[0]["reports"]
    summary = (config.bench_dir / "national.md").read_text(encoding="utf-8")
    assert f"| {sizes[0]['reports']:,} | models |" in summary
    assert not (config.bench_dir / "national-work").exists()
