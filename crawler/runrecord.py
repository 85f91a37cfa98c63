"""The run record (``run.json``): per portal what was fetched and staged, compared with the last finished run,
with alarms. Computed from the run's own files, so a crawl and a replay are judged the same way."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def previous_run(staging_dir: Path, current: Path) -> Path | None:
    """The latest finished run before ``current`` (run ids sort by time)."""
    runs = staging_dir.iterdir() if staging_dir.exists() else iter(())
    earlier = [run for run in runs if run.name < current.name and (run / "_SUCCESS").exists()]
    return max(earlier, default=None)


def _portal_reports(reports: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_portal: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for report in reports:
        for portal in {source["portal"] for source in report["sources"]}:
            by_portal[portal].append(report)
    return by_portal


def summarise(run_dir: Path, portals: list[str], *, previous: Path | None, mode: str) -> dict[str, Any]:
    reports = read_jsonl(run_dir / "reports.jsonl")
    events = read_jsonl(run_dir / "crawl_events.jsonl")
    before = read_jsonl(previous / "reports.jsonl") if previous else []
    now_by_portal, before_by_portal = _portal_reports(reports), _portal_reports(before)
    old_ids = {r["report_id"] for r in before}
    old_keys = {(r["agency"], r["report_year"]) for r in before}

    outcome_counts: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        outcome_counts[event["portal"]][event["outcome"]] += 1
        if event["outcome"] != "fetched" or event["reason"] not in {"ok", "duplicate"}:
            reasons[event["portal"]][f"{event['outcome']}:{event['reason']}"] += 1

    summary: dict[str, Any] = {}
    alarms: list[dict[str, Any]] = []
    for slug in portals:
        mine = now_by_portal.get(slug, [])
        theirs = before_by_portal.get(slug, [])
        new = [r for r in mine if r["report_id"] not in old_ids]
        years_now = sorted({r["report_year"] for r in mine})
        years_before = sorted({r["report_year"] for r in theirs})
        summary[slug] = {
            "list_pages": sum(1 for e in events if e["portal"] == slug and e.get("role") == "list"),
            "outcomes": dict(outcome_counts[slug]),
            "problems": dict(reasons[slug]),
            "reports": len(mine),
            "reports_new": sum(1 for r in new if (r["agency"], r["report_year"]) not in old_keys),
            "reports_changed": sum(1 for r in new if (r["agency"], r["report_year"]) in old_keys),
            "years": years_now,
        }
        if not mine:
            alarms.append(_alarm("error", "zero_reports", slug, "the portal yielded no report"))
        elif previous and len(mine) < len(theirs):
            alarms.append(
                _alarm("warning", "fewer_reports", slug, f"{len(mine)} reports, last run {len(theirs)}")
            )
        for year in sorted(set(years_before) - set(years_now)):
            alarms.append(_alarm("warning", "year_missing", slug, f"{year} was found last run, not now"))
        blocked = outcome_counts[slug]["blocked"]
        if blocked:
            alarms.append(_alarm("warning", "blocked", slug, f"{blocked} URLs blocked (challenge or 403)"))
    return {
        "mode": mode,
        "run_id": run_dir.name,
        "previous_run": previous.name if previous else None,
        "status": "failed" if any(a["level"] == "error" for a in alarms) else "ok",
        "reports": len(reports),
        "sources": sum(len(r["sources"]) for r in reports),
        "portals": summary,
        "alarms": alarms,
    }


def _alarm(level: str, code: str, portal: str, message: str) -> dict[str, Any]:
    return {"level": level, "code": code, "portal": portal, "message": message}
