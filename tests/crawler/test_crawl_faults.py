"""A crawl of the hostile demo (``NIANBAO_DEMO_FAULTS=1``, the shared ``faults_crawl`` fixture): how each
failure mode is classified and recorded. That every unreachable report ends as an event with the manifest's
reason is ``test_manifest_accounting``'s job; here: challenge pages are archived but never staged, retries
pass the 503 and the 429, redirects off the registered hosts are refused with their target, robots.txt is
obeyed (and a 412 or 404 robots.txt allows everything), a scan is recorded as ``needs_ocr`` with its bytes
kept, and an intermittently challenged URL is blocked this run and fetched the next."""

from __future__ import annotations

import json
from typing import Any

from crawler.archive import ArchiveStore
from crawler.urls import canonical_url
from staging.runs import read_jsonl


def events_of(faults: dict[str, Any], portal: str) -> list[dict[str, Any]]:
    return [e for e in faults["events"] if e["portal"] == portal]


def event_at(faults: dict[str, Any], path: str) -> dict[str, Any]:
    [event] = [e for e in faults["events"] if e["url"].endswith(path)]
    return event


def test_challenge_pages_are_archived_never_staged(faults_crawl: dict[str, Any]) -> None:
    blocked = [e for e in faults_crawl["events"] if e["outcome"] == "blocked"]
    assert blocked and {e["reason"] for e in blocked} == {"js_challenge"}
    store = ArchiveStore(faults_crawl["config"].archive_dir)
    assert any(b"$_ts" in store.get(e["sha256"]) for e in blocked if e["sha256"])
    staged_hashes = {s["sha256"] for r in faults_crawl["reports"] for s in r["sources"]}
    assert not staged_hashes & {e["sha256"] for e in blocked}


def test_run_record_warns_about_blocked_hosts_and_robots(faults_crawl: dict[str, Any]) -> None:
    record = json.loads((faults_crawl["run"] / "run.json").read_text())
    assert record["status"] == "ok"  # warnings only: the main job still exits 0
    assert sorted((a["level"], a["code"], a["portal"]) for a in record["alarms"]) == [
        ("warning", "blocked", "wenshan"),
        ("warning", "blocked", "wenshan-tjj"),
        ("warning", "robots_disallowed", "shunyi"),
    ]
    assert record["portals"]["wenshan"]["reports"] == 3
    assert record["stats"]["nianbao/backoff/retry_after"] == 1  # the 429 said Retry-After: 1


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_a_runaway_pager_stops_when_a_page_lists_nothing_new(faults_crawl: dict[str, Any]) -> None:
    lists = [path_of(e["url"]) for e in events_of(faults_crawl, "wenshan") if e["role"] == "list"]
    assert sorted(lists) == [
        "/zwgk/xxgknb/archive/index.jsp",  # disallowed by robots.txt
        "/zwgk/xxgknb/index.jsp",
        "/zwgk/xxgknb/index.jsp?page=2",
    ]


def test_redirects_off_the_registered_hosts_are_refused_with_their_target(
    faults_crawl: dict[str, Any],
) -> None:
    offsite = event_at(faults_crawl, "/zwgk/xxgknb/content_6015.html")
    assert (offsite["outcome"], offsite["reason"]) == ("skipped", "offsite_redirect")
    assert offsite["target"].startswith("http://www.gov-cms.com.test:")
    assert offsite["target"].endswith("/wenshan/zwgk/xxgknb/content_6015.html")
    home = event_at(faults_crawl, "/zwgk/xxgknb/content_6016.html")
    assert (home["outcome"], home["reason"]) == ("failed", "redirect_to_home")
    assert home["target"] == home["url"].split("/zwgk/")[0] + "/"
    requested = {canonical_url(f.url) for f in ArchiveStore(faults_crawl["config"].archive_dir).fetches()}
    assert not any("gov-cms.com.test" in url for url in requested)  # never asked for


def test_robots_txt_is_obeyed_and_counted(faults_crawl: dict[str, Any]) -> None:
    # Disallow: / — the column is never fetched; the run says why instead of failing.
    [shunyi] = events_of(faults_crawl, "shunyi")
    assert (shunyi["role"], shunyi["outcome"], shunyi["reason"]) == ("list", "skipped", "robots")
    # Partial disallow: the older years' column and a page under it, while the rest of the site is crawled.
    archive = [e for e in events_of(faults_crawl, "wenshan") if "/archive/" in e["url"]]
    assert sorted((e["role"], e["outcome"], e["reason"]) for e in archive) == [
        ("list", "skipped", "robots"),
        ("page", "skipped", "robots"),
    ]
    record = json.loads((faults_crawl["run"] / "run.json").read_text())
    assert record["stats"]["robotstxt/forbidden"] == 3


def test_a_challenged_or_missing_robots_txt_allows_everything(faults_crawl: dict[str, Any]) -> None:
    robots = {
        f.url.split("/")[2].split(":")[0]: f.status
        for f in ArchiveStore(faults_crawl["config"].archive_dir).fetches()
        if f.role == "robots"
    }
    assert robots["xxgk.wenshan.gov.cn.test"] == 412
    assert robots["zfxxgk.shantou.gov.cn.test"] == 404
    waf_pages = [e for e in faults_crawl["events"] if "xxgk.wenshan" in e["host"]]
    assert waf_pages and all(e["reason"] != "robots" for e in waf_pages)
    assert any(e["outcome"] == "blocked" for e in waf_pages)  # asked for, and challenged


def test_a_scan_is_recorded_as_needs_ocr_with_its_bytes_kept(faults_crawl: dict[str, Any]) -> None:
    scan = event_at(faults_crawl, "/zwgk/xxgknb/P020240301_6018.pdf")
    assert (scan["outcome"], scan["reason"], scan["status"]) == ("skipped", "needs_ocr", 200)
    body = ArchiveStore(faults_crawl["config"].archive_dir).get(scan["sha256"])
    assert body.startswith(b"%PDF") and len(body) > 10_000
    record = json.loads((faults_crawl["run"] / "run.json").read_text())
    assert record["portals"]["wenshan"]["problems"]["skipped:needs_ocr"] == 1


def test_the_slow_page_times_out_and_is_retried(faults_crawl: dict[str, Any]) -> None:
    slow = event_at(faults_crawl, "/zwgk/xxgknb/content_6007.html")
    assert (slow["outcome"], slow["reason"]) == ("failed", "timeout")
    record = json.loads((faults_crawl["run"] / "run.json").read_text())
    assert record["stats"]["retry/reason_count/scrapy.exceptions.DownloadTimeoutError"] == 2


def test_an_intermittent_challenge_is_blocked_now_and_fetched_next_run(faults_crawl: dict[str, Any]) -> None:
    first = events_of(faults_crawl, "wenshan-tjj")
    blocked = {e["url"].split("/", 3)[3] for e in first if e["outcome"] == "blocked"}
    assert blocked == {"tjxx/tjnb/content_6103.html", "tjxx/tjnb/content_6106.html"}
    assert all(e["reason"] == "js_challenge" for e in first if e["outcome"] == "blocked")
    first_reports = [r for r in faults_crawl["reports"] if r["portal"] == "wenshan-tjj"]
    assert len(first_reports) == 4
    again = read_jsonl(faults_crawl["rerun"] / "crawl_events.jsonl")
    pages = {e["url"].split("/", 3)[3]: (e["outcome"], e["reason"]) for e in again if e["role"] == "page"}
    assert {url for url, seen in pages.items() if seen == ("fetched", "ok")} == blocked
    # The rest are known: asked again (a 304) or carried from the archive unasked (crawler/recrawl.py).
    unchanged = {seen for url, seen in pages.items() if url not in blocked}
    assert unchanged and unchanged <= {("not_modified", "ok"), ("not_modified", "carried")}
    record = json.loads((faults_crawl["rerun"] / "run.json").read_text())
    assert record["portals"]["wenshan-tjj"]["reports"] == 6
    assert record["portals"]["wenshan-tjj"]["reports_new"] == 2 and record["alarms"] == []
