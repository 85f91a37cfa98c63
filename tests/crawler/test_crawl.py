"""Real crawls of the demo portals on loopback, each in its own Scrapy process: a first crawl, an unchanged
recrawl, a replay of the archive, and a portal that yields nothing. One set of runs shared by the module."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crawler.config import Config, load_config
from crawler.pipelines.archive import ArchiveStore
from crawler.replay import rebuild
from crawler.run import CrawlFailed, crawl
from crawler.runrecord import read_jsonl
from crawler.simulator.content import seed_reports
from crawler.simulator.server import running

pytestmark = pytest.mark.xdist_group("crawl")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    config = load_config(
        {"NIANBAO_DATA_DIR": str(tmp_path_factory.mktemp("crawl") / "data"), "NIANBAO_THROTTLE": "0"}
    )
    with running(config) as demo:
        first = crawl(config, port=demo.port)
        manifest = read_jsonl(demo.manifest_path)
    with running(config) as demo:  # a new ephemeral port, as in a second ``make warehouse``
        second = crawl(config, port=demo.port)
        broken = replace(
            demo.portals[0],
            slug="broken",
            column_urls=(
                demo.url(demo.portals[0].host, "/zfxxgk/gone/index.html"),
                demo.url(demo.portals[0].host, "/admin/zfxxgknb/index.html"),
            ),
        )
        with pytest.raises(CrawlFailed) as failed:
            crawl(config, portals=[broken], port=demo.port)
    replayed = rebuild(config)
    return {
        "config": config,
        "first": first,
        "second": second,
        "replayed": replayed,
        "failed": failed.value,
        "manifest": manifest,
    }


def reports(run: Path) -> list[dict[str, Any]]:
    return read_jsonl(run / "reports.jsonl")


def events(run: Path) -> list[dict[str, Any]]:
    return read_jsonl(run / "crawl_events.jsonl")


def portless(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reports minus what legitimately differs between runs: the run id and the simulator's port."""
    drop = {"url", "final_url"}
    return sorted(
        (
            {
                **r,
                "run_id": None,
                "sources": [{k: v for k, v in s.items() if k not in drop} for s in r["sources"]],
            }
            for r in rows
        ),
        key=lambda r: r["report_id"],
    )


def fetches(config: Config, run: Path) -> list[Any]:
    return [f for f in ArchiveStore(config.archive_dir).fetches() if f.run_id == run.name]


def test_archive_holds_every_response_content_addressed(runs: dict[str, Any]) -> None:
    store = ArchiveStore(runs["config"].archive_dir)
    first = fetches(runs["config"], runs["first"])
    assert {f.role for f in first} == {"robots", "list", "page", "attachment"}
    for fetch in first:
        body = store.get(fetch.sha256)
        assert hashlib.sha256(body).hexdigest() == fetch.sha256 and len(body) == fetch.size
    assert {f.status for f in first} == {200}


def test_gbk_page_stays_gbk_in_the_archive(runs: dict[str, Any]) -> None:
    store = ArchiveStore(runs["config"].archive_dir)
    page = next(
        f for f in fetches(runs["config"], runs["first"]) if f.portal == "panzhihua" and f.role == "page"
    )
    raw = store.get(page.sha256)
    assert page.headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "政府信息公开" in raw.decode("gbk")


def test_every_seed_is_staged_once(runs: dict[str, Any]) -> None:
    staged = reports(runs["first"])
    keys = [(r["agency"], r["report_year"]) for r in staged]
    assert sorted(keys) == sorted((s.agency, s.report_year) for s in seed_reports())


def test_cross_posted_report_has_a_source_per_site(runs: dict[str, Any]) -> None:
    cross = runs["manifest"][0]
    staged = next(
        r
        for r in reports(runs["first"])
        if (r["agency"], r["report_year"]) == (cross["agency"], cross["report_year"])
    )
    assert sorted(s["url"] for s in staged["sources"]) == sorted(cross["urls"])
    assert len({s["host"] for s in staged["sources"]}) == 2


def test_page_and_its_pdf_are_one_report(runs: dict[str, Any]) -> None:
    with_pdf = next(r for r in reports(runs["first"]) if any(s["kind"] == "pdf" for s in r["sources"]))
    assert [(s["role"], s["kind"]) for s in with_pdf["sources"]] == [("page", "html"), ("attachment", "pdf")]


def test_every_url_outcome_is_an_event(runs: dict[str, Any]) -> None:
    logged = events(runs["first"])
    urls = {e["url"] for e in logged}
    for entry in runs["manifest"]:
        assert set(entry["urls"]) <= urls
    assert {(e["outcome"], e["reason"]) for e in logged} == {("fetched", "ok"), ("fetched", "duplicate")}
    assert sum(e["role"] == "list" for e in logged) == 4


def test_run_record_and_success_marker(runs: dict[str, Any]) -> None:
    record = json.loads((runs["first"] / "run.json").read_text())
    assert (runs["first"] / "_SUCCESS").exists()
    assert record["status"] == "ok" and record["alarms"] == []
    assert {slug: p["reports"] for slug, p in record["portals"].items()} == {"changde": 3, "panzhihua": 3}
    assert record["stats"]["nianbao/stage/reports"] == 5


def test_unchanged_recrawl_downloads_no_report_again(runs: dict[str, Any]) -> None:
    second = fetches(runs["config"], runs["second"])
    documents = [f for f in second if f.role in {"page", "attachment"}]
    assert documents and {f.status for f in documents} == {304}
    assert all(f.size == 0 for f in documents)
    doc_events = [e for e in events(runs["second"]) if e["role"] in {"page", "attachment"}]
    assert {e["outcome"] for e in doc_events} == {"not_modified"}
    assert portless(reports(runs["second"])) == portless(reports(runs["first"]))
    record = json.loads((runs["second"] / "run.json").read_text())
    assert record["previous_run"] == runs["first"].name
    assert all(p["reports_new"] == 0 and p["reports_changed"] == 0 for p in record["portals"].values())


def test_replay_rebuilds_the_same_reports_without_network(runs: dict[str, Any]) -> None:
    record = json.loads((runs["replayed"] / "run.json").read_text())
    assert record["mode"] == "replay" and record["replay_of"] == [runs["second"].name]
    assert [{**r, "run_id": None} for r in reports(runs["replayed"])] == [
        {**r, "run_id": None} for r in reports(runs["second"])
    ]
    assert (runs["replayed"] / "_SUCCESS").exists()


def test_a_portal_with_no_report_fails_loudly(runs: dict[str, Any]) -> None:
    failed: CrawlFailed = runs["failed"]
    assert "zero_reports" in str(failed)
    record = json.loads((failed.run_dir / "run.json").read_text())
    assert record["status"] == "failed"
    assert [a["code"] for a in record["alarms"] if a["level"] == "error"] == ["zero_reports"]
    outcomes = {(e["outcome"], e["reason"]) for e in events(failed.run_dir)}
    assert outcomes == {("failed", "http_404"), ("skipped", "robots")}
