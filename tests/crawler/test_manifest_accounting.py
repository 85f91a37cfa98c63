"""Nothing lost: after a crawl of the hostile demo (``NIANBAO_DEMO_FAULTS=1``), every report the simulator's
manifest lists is accounted for in the staging run. A reachable one is a staged report (the loader turns
``reports.jsonl`` into ``fct_reports``) with a source among the manifest's URLs; an unreachable one is not
staged, and a crawl event names the manifest's reason at the report's URL (or at the column it hangs off)."""

from __future__ import annotations

from typing import Any

from crawler.urls import canonical_url

PARKED = "circuit_open"  # a blocked host's later URLs are parked, not asked: their event says so instead


def staged_by_key(faults: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(r["agency"], r["report_year"]): r for r in faults["reports"]}


def test_every_reachable_report_is_staged_from_one_of_its_urls(faults_crawl: dict[str, Any]) -> None:
    staged = staged_by_key(faults_crawl)
    reachable = [m for m in faults_crawl["manifest"] if m["reachable"]]
    assert len(reachable) >= 40
    missing = []
    for entry in reachable:
        urls = {canonical_url(u) for u in entry["urls"]}
        report = staged.get((entry["agency"], entry["report_year"]))
        if report is not None and urls & {s["url"] for s in report["sources"]}:
            continue
        missing.append(entry)
    assert missing == []


def test_every_unreachable_report_has_an_event_with_its_reason(faults_crawl: dict[str, Any]) -> None:
    events: dict[str, list[dict[str, Any]]] = {}
    for event in faults_crawl["events"]:
        events.setdefault(event["url"], []).append(event)
    unreachable = [m for m in faults_crawl["manifest"] if not m["reachable"]]
    assert {m["reason"] for m in unreachable} == {
        "js_challenge",
        "timeout",
        "connection_reset",
        "redirect_loop",
        "soft_404",
        "offsite",  # a link to a registered host on another port (issue 10: another server)
        "too_large",
        "data_loss",
        "offsite_redirect",
        "redirect_to_home",
        "robots",
        "needs_ocr",
    }
    for entry in unreachable:
        where = entry.get("event_url") or entry["urls"][0]
        found = [(e["outcome"], e["reason"]) for e in events.get(where, [])]
        assert found, (entry, "no event")
        assert all(outcome in {"failed", "blocked", "skipped"} for outcome, _ in found), (entry, found)
        assert {reason for _, reason in found} <= {entry["reason"], PARKED}, (entry, found)


def test_no_unreachable_report_is_staged(faults_crawl: dict[str, Any]) -> None:
    staged = staged_by_key(faults_crawl)
    unreachable = {(m["agency"], m["report_year"]) for m in faults_crawl["manifest"] if not m["reachable"]}
    assert unreachable and not unreachable & set(staged)


def test_nothing_is_staged_that_the_manifest_does_not_list(faults_crawl: dict[str, Any]) -> None:
    served = {(m["agency"], m["report_year"]) for m in faults_crawl["manifest"]}
    assert set(staged_by_key(faults_crawl)) <= served
