"""A staging run of reports designed for the quality index: each indicator passes for one body and fails
for another. Built from the hand-written day-1 report of 常德市交通运输局 (a full, consistent 2021 form), with
the fields each indicator reads changed on purpose."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.warehouse.conftest import DAY1, FIXTURES

RUN = "20260105T020000Z-quality"
ALL_SIX = [
    "overview",
    "active_disclosure",
    "applications",
    "review_litigation",
    "problems_improvements",
    "other_matters",
]


def _base() -> dict[str, Any]:
    lines = (FIXTURES / DAY1 / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    return next(r for r in map(json.loads, lines) if r["agency"] == "常德市交通运输局")


def _report(report_id: str, agency: str, url: str, fetched_at: str, **fields: Any) -> dict[str, Any]:
    report = copy.deepcopy(_base())
    host = url.split("/")[2]
    report.update(
        report_id=report_id, run_id=RUN, agency=agency, title=f"{agency}2021年政府信息公开工作年度报告"
    )
    report["sources"] = [dict(report["sources"][0], url=url, host=host, fetched_at=fetched_at)]
    report.update(fields)
    return report


def _some_cells(report: dict[str, Any]) -> dict[str, Any]:
    """A table with most of its cells left blank: only table 3's 总计 column."""
    return {k: v for k, v in report["cells"].items() if k.endswith(".total") and k.startswith("t3.")}


def designed_reports() -> list[dict[str, Any]]:
    good = _report(
        "a" * 32,
        "常德市交通运输局",
        "http://changde.test/a/1.html",
        "2026-01-05T02:01:00Z",
        published_date="2022-01-20",
        sections=ALL_SIX,
    )
    old = _report(
        "b1" * 16,
        "常德市民政局",
        "http://changde.test/b/1.html",
        "2026-01-05T02:05:00Z",
        published_date="2022-02-10",
        sections=ALL_SIX[:4],
    )
    new = _report(
        "b2" * 16,
        "常德市民政局",
        "http://mirror.changde.test/b/1.html",
        "2026-01-05T02:02:00Z",
        published_date="2022-02-15",
        sections=ALL_SIX[:4],
        issues=[{"code": "t3_total_mismatch", "message": "总计 is not the sum of its rows"}],
    )
    new["cells"] = _some_cells(new)
    unknown = _report(
        "c" * 32, "常德市财政局", "http://changde.test/c/1.html", "2026-01-05T02:03:00Z", published_date=None
    )
    unknown.pop("sections", None)  # staged before sections were recorded
    with_summary = _report(
        "d" * 32,
        "常德市人民政府",
        "http://changde.test/d/1.html",
        "2026-01-05T02:01:00Z",
        sections=ALL_SIX,
        published_date="2022-03-01",
    )
    summary = _report(
        "e" * 32,
        "常德市人民政府办公室",
        "http://changde.test/e/1.html",
        "2026-01-05T02:01:00Z",
        doc_kind="provincial_summary",
        title="常德市2021年政府信息公开工作综述",
    )
    without_summary = _report(
        "f" * 32,
        "张家界市人民政府",
        "http://zjj.test/f/1.html",
        "2026-01-05T02:01:00Z",
        sections=ALL_SIX,
        published_date="2022-03-01",
        region={"province": "湖南省", "city": "张家界市", "county": None, "code": "430800"},
    )
    return [good, old, new, unknown, with_summary, summary, without_summary]


def _identity(
    report: dict[str, Any], relation: str, matched: str | None, similarity: float | None
) -> dict[str, Any]:
    source = report["sources"][0]
    return {
        "run_id": RUN,
        "url": source["url"],
        "sha256": source["sha256"],
        "doc_id": report["report_id"],
        "report_id": report["report_id"],
        "relation": relation,
        "matched_doc_id": matched,
        "matched_report_id": matched,
        "text_similarity": similarity,
        "figure_agreement": None,
        "related": [],
    }


def write_quality_run(staging_dir: Path) -> Path:
    """The designed run, finished (_SUCCESS), next to whatever runs ``staging_dir`` already holds."""
    run_dir = staging_dir / RUN
    run_dir.mkdir(parents=True)
    reports = designed_reports()
    by_id = {r["report_id"]: r for r in reports}
    # Indexed: the good body (copies nobody) and 常德市民政局's current version (a verified 雷同 of the city's
    # 综述, which is no ranked row); 常德市财政局 was never indexed, so its copying is unknown.
    identities = [
        _identity(by_id["a" * 32], "kept", None, None),
        _identity(by_id["b2" * 16], "copied_report", "e" * 32, 0.93),
        _identity(by_id["d" * 32], "kept", None, None),
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in reports]
    (run_dir / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids = [json.dumps(i, ensure_ascii=False) for i in identities]
    (run_dir / "identities.jsonl").write_text("\n".join(ids) + "\n", encoding="utf-8")
    (run_dir / "crawl_events.jsonl").write_text("", encoding="utf-8")
    run = {
        "run_id": RUN,
        "started_at": "2026-01-05T02:00:00Z",
        "finished_at": "2026-01-05T02:07:00Z",
        "portals": {"changde": {"pages": 7, "reports_new": 7, "reports_changed": 0, "failures": 0}},
        "alarms": [],
    }
    (run_dir / "run.json").write_text(json.dumps(run), encoding="utf-8")
    (run_dir / "_SUCCESS").write_text("", encoding="utf-8")
    return run_dir
