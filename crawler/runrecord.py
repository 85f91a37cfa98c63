"""The run record (``run.json``): per portal what was fetched and staged, compared with the last finished run
that covered the portal, with alarms. Computed from the run's own files, so a crawl and a replay are judged
the same way."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from staging.format import EVENTS_FILE, REPORTS_FILE
from staging.runs import RECORD_FILE, finished_runs, mark_finished, read_jsonl

SEEN = frozenset({"fetched", "not_modified"})
UNEVENTFUL = frozenset({"ok", "duplicate", "carried"})  # reasons that are not a problem


def previous_runs(staging_dir: Path, current: Path) -> list[Path]:
    """Finished runs before ``current``, newest first (run ids sort by time)."""
    return [run for run in reversed(finished_runs(staging_dir)) if run.name < current.name]


class History:
    """What earlier runs found, per portal: the latest run that covered the portal is its baseline (a run
    of other portals in between changes nothing)."""

    def __init__(self, runs: list[Path]) -> None:
        self.runs = runs
        self._cache: dict[Path, tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]] = {}

    def _load(self, run: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
        if run not in self._cache:
            record_path = run / RECORD_FILE
            record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
            self._cache[run] = (record, _portal_reports(read_jsonl(run / REPORTS_FILE)))
        return self._cache[run]

    def baseline(self, slug: str) -> tuple[str | None, list[dict[str, Any]]]:
        for run in self.runs:
            record, by_portal = self._load(run)
            if slug in record.get("portals", {}):
                return run.name, by_portal.get(slug, [])
        return None, []


def _portal_reports(reports: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_portal: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for report in reports:
        for portal in {source["portal"] for source in report["sources"]}:
            by_portal[portal].append(report)
    return by_portal


def summarise(
    run_dir: Path,
    portals: list[str],
    *,
    history: History,
    mode: str,
    expected: Mapping[str, Sequence[int]] | None = None,
    years: Sequence[int] = (),
) -> dict[str, Any]:
    """``years``: the report years the crawl was limited to; the baseline and the registry's expected
    years are then compared only within them (a 2024-only run does not lose the 2019 reports)."""
    reports = read_jsonl(run_dir / REPORTS_FILE)
    events = read_jsonl(run_dir / EVENTS_FILE)
    now_by_portal = _portal_reports(reports)

    outcome_counts: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        outcome_counts[event["portal"]][event["outcome"]] += 1
        if event["outcome"] not in SEEN or event["reason"] not in UNEVENTFUL:
            reasons[event["portal"]][f"{event['outcome']}:{event['reason']}"] += 1

    summary: dict[str, Any] = {}
    alarms: list[dict[str, Any]] = []
    baselines: dict[str, str | None] = {}
    for slug in portals:
        mine = now_by_portal.get(slug, [])
        baselines[slug], theirs = history.baseline(slug)
        if years:
            theirs = [r for r in theirs if r["report_year"] in years]
        old_ids = {r["report_id"] for r in theirs}
        old_keys = {(r["agency"], r["report_year"]) for r in theirs}
        new = [r for r in mine if r["report_id"] not in old_ids]
        summary[slug] = {
            "list_pages": sum(1 for e in events if e["portal"] == slug and e.get("role") == "list"),
            "outcomes": dict(outcome_counts[slug]),
            "problems": dict(reasons[slug]),
            "reports": len(mine),
            "reports_new": sum(1 for r in new if (r["agency"], r["report_year"]) not in old_keys),
            "reports_changed": sum(1 for r in new if (r["agency"], r["report_year"]) in old_keys),
            "years": sorted({r["report_year"] for r in mine}),
        }
        alarms += _portal_alarms(slug, mine, theirs, events, blocked=outcome_counts[slug]["blocked"])
        wanted = [y for y in (expected or {}).get(slug, ()) if not years or y in years]
        alarms += _expected_years(slug, mine, theirs, wanted)
    return {
        "mode": mode,
        "run_id": run_dir.name,
        "previous_runs": baselines,  # per portal: the run this one is compared with
        "status": "failed" if any(a["level"] == "error" for a in alarms) else "ok",
        "reports": len(reports),
        "sources": sum(len(r["sources"]) for r in reports),
        "portals": summary,
        "alarms": alarms,
    }


def _portal_alarms(
    slug: str,
    mine: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    events: list[dict[str, Any]],
    *,
    blocked: int,
) -> list[dict[str, Any]]:
    """What is wrong with the portal's reports this run (``mine``) against its baseline run's (``theirs``)."""
    alarms: list[dict[str, Any]] = []
    if not mine and _robots_forbid_everything(events, slug):
        # Not a broken crawl but the site's policy: said plainly, not failed (robots.txt is obeyed).
        message = "robots.txt disallows every column of the portal; nothing was fetched"
        alarms.append(_alarm("warning", "robots_disallowed", slug, message))
    elif not mine:
        alarms.append(_alarm("error", "zero_reports", slug, "the portal yielded no report"))
    elif len(mine) < len(theirs):  # reports vanish from portals only when something broke: fail loudly
        alarms.append(_alarm("error", "fewer_reports", slug, f"{len(mine)} reports, last run {len(theirs)}"))
    years_now = {r["report_year"] for r in mine}
    for year in sorted({r["report_year"] for r in theirs} - years_now):
        alarms.append(_alarm("warning", "year_missing", slug, f"{year} was found last run, not now"))
    if blocked:
        alarms.append(_alarm("warning", "blocked", slug, f"{blocked} URLs blocked (challenge or 403)"))
    return alarms


def _expected_years(
    slug: str, mine: list[dict[str, Any]], theirs: list[dict[str, Any]], expected: Sequence[int]
) -> list[dict[str, Any]]:
    """A year the registry expects (``years_expected``) that this run did not find, unless the baseline
    comparison already said so."""
    found = {r["report_year"] for r in mine} | {r["report_year"] for r in theirs}
    return [
        _alarm("warning", "year_missing", slug, f"{year} is expected by the registry, not found")
        for year in sorted(set(expected) - found)
    ]


def _robots_forbid_everything(events: list[dict[str, Any]], slug: str) -> bool:
    """Every column (or home page) of the portal was skipped because robots.txt disallows it."""
    entrances = [e for e in events if e["portal"] == slug and e.get("role") in {"home", "list"}]
    return bool(entrances) and all((e["outcome"], e["reason"]) == ("skipped", "robots") for e in entrances)


def _alarm(level: str, code: str, portal: str, message: str) -> dict[str, Any]:
    return {"level": level, "code": code, "portal": portal, "message": message}


def finish_run(
    run_dir: Path,
    portals: list[str],
    *,
    mode: str,
    extra: dict[str, Any],
    expected: Mapping[str, Sequence[int]] | None = None,
    years: Sequence[int] = (),
) -> dict[str, Any]:
    """Write ``run.json`` then ``_SUCCESS`` (last, so a reader never sees a half-written run as finished).
    ``expected``: per portal, the registry's ``years_expected``."""
    history = History(previous_runs(run_dir.parent, run_dir))
    record = summarise(run_dir, portals, history=history, mode=mode, expected=expected or {}, years=years)
    record.update(extra)
    (run_dir / RECORD_FILE).write_text(
        json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    mark_finished(run_dir)
    return record
