"""The near-duplicate benchmark's harness at a tiny scale: every class scored, rates with their floor."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from benchmarks import neardup
from crawler.config import load_config
from crawler.identity.facts import MatchKind


def test_the_benchmark_scores_every_class_against_its_floor(tmp_path: Path) -> None:
    config = replace(load_config({"NIANBAO_DATA_DIR": str(tmp_path)}), bench_scale=0.05)  # 500 documents
    results = neardup.run(config)
    for kind in MatchKind:
        for measure in ("precision", "recall"):
            result = results[f"neardup_{measure}_{kind.value}"]
            assert result.ceiling == 1.0 and 0.99 <= result.value <= 1.0, (kind, measure, result)
    add = results["neardup_add_docs_per_s"]
    assert add.detail is not None and add.detail["documents"] >= 500
    assert add.value > 0 and add.ceiling > 0 and results["neardup_query_docs_per_s"].ceiling == add.ceiling
    assert results["neardup_rss_growth_mb"].ceiling == add.detail["signatures_mb"] > 0
    assert "detail" in add.to_json() and "detail" not in results["neardup_query_docs_per_s"].to_json()
