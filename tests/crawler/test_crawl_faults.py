"""A crawl of the hostile demo (``NIANBAO_DEMO_FAULTS=1``): every deliberately unreachable report ends as a
classified outcome with the manifest's reason, challenge pages are archived but never staged, and the
portal's healthy reports still arrive (retries pass the 503 and the 429)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from crawler.config import load_config
from crawler.pipelines.archive import ArchiveStore
from crawler.run import crawl
from crawler.runrecord import read_jsonl
from crawler.simulator.server import running

pytestmark = pytest.mark.xdist_group("crawl_faults")


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    config = load_config(
        {
            "NIANBAO_DATA_DIR": str(tmp_path_factory.mktemp("faults") / "data"),
            "NIANBAO_THROTTLE": "0",
            "NIANBAO_DEMO_FAULTS": "1",
        }
    )
    with running(config) as demo:
        run = crawl(config, port=demo.port)
        manifest = read_jsonl(demo.manifest_path)
    return {
        "config": config,
        "run": run,
        "manifest": manifest,
        "events": read_jsonl(run / "crawl_events.jsonl"),
        "reports": read_jsonl(run / "reports.jsonl"),
    }


def test_each_unreachable_report_has_its_reason(faulty: dict[str, Any]) -> None:
    by_url = {e["url"]: e for e in faulty["events"]}
    unreachable = [m for m in faulty["manifest"] if not m["reachable"]]
    assert {m["reason"] for m in unreachable} == {
        "js_challenge",
        "timeout",
        "connection_reset",
        "redirect_loop",
        "soft_404",
        "connection_refused",
        "too_large",
        "data_loss",
    }
    for entry in unreachable:
        event = by_url[entry["urls"][0]]
        assert event["outcome"] in {"failed", "blocked", "skipped"}
        assert event["reason"] in {entry["reason"], "circuit_open"}, (entry, event)


def test_challenge_pages_are_archived_never_staged(faulty: dict[str, Any]) -> None:
    blocked = [e for e in faulty["events"] if e["outcome"] == "blocked"]
    assert blocked and {e["reason"] for e in blocked} == {"js_challenge"}
    store = ArchiveStore(faulty["config"].archive_dir)
    assert any(b"$_ts" in store.get(e["sha256"]) for e in blocked if e["sha256"])
    staged_hashes = {s["sha256"] for r in faulty["reports"] for s in r["sources"]}
    assert not staged_hashes & {e["sha256"] for e in blocked}


def test_reachable_reports_arrive_despite_retries(faulty: dict[str, Any]) -> None:
    served = Counter((m["agency"], m["report_year"]) for m in faulty["manifest"] if m["reachable"])
    staged = Counter((r["agency"], r["report_year"]) for r in faulty["reports"])
    assert staged == served


def test_run_record_warns_about_the_blocked_host(faulty: dict[str, Any]) -> None:
    record = json.loads((faulty["run"] / "run.json").read_text())
    assert record["status"] == "ok"
    assert [(a["level"], a["code"], a["portal"]) for a in record["alarms"]] == [
        ("warning", "blocked", "wenshan")
    ]
    assert record["portals"]["wenshan"]["reports"] == 3
    assert record["stats"]["nianbao/backoff/retry_after"] == 1  # the 429 said Retry-After: 1


def test_a_runaway_pager_stops_when_a_page_lists_nothing_new(faulty: dict[str, Any]) -> None:
    lists = [e["url"] for e in faulty["events"] if e["portal"] == "wenshan" and e["role"] == "list"]
    assert [url.rsplit("/", 1)[1] for url in lists] == ["index.jsp", "index.jsp?page=2"]
