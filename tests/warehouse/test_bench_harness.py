"""The load benchmark's harness at a tiny scale: it loads, exports and COPYs the same landing rows (and
refuses to report when the two sides differ). No timing is asserted here."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks import load as bench
from tests.warehouse.conftest import make_config


def test_load_benchmark_compares_the_same_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "REPEATS", 1)
    config = replace(make_config(tmp_path / "data"), bench_scale=0.0005)  # 5,000 fact rows
    results = bench.run(config)
    result = results["load_rows_per_s"]
    assert result.value > 0 and result.ceiling > 0
    assert "load: 4,925 fact rows" in capsys.readouterr().out
    assert not (config.bench_dir / "load-work").exists()
