"""Real crawls of the demo portals on loopback, each in its own Scrapy process: a first crawl, an unchanged
recrawl, a replay of the archive, and a portal that yields nothing. One set of runs shared by the module."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crawler.config import Config, load_config
from crawler.pipelines.archive import ArchiveStore, canonical_url
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
    day_two = replace(config, demo_day=2)
    with running(day_two) as demo:
        third = crawl(day_two, port=demo.port)
    replayed = rebuild(config)
    return {
        "config": config,
        "first": first,
        "second": second,
        "day2": third,
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
    drop = {"fetched_url"}
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
    keys = Counter((r["agency"], r["report_year"]) for r in reports(runs["first"]))
    for seed in seed_reports():
        assert keys[(seed.agency, seed.report_year)] == 1, seed.filename


def test_every_report_the_demo_serves_is_staged_once(runs: dict[str, Any]) -> None:
    served = Counter((m["agency"], m["report_year"]) for m in runs["manifest"] if m["reachable"])
    staged = Counter((r["agency"], r["report_year"]) for r in reports(runs["first"]))
    assert staged == served


def test_cross_posted_report_has_a_source_per_site(runs: dict[str, Any]) -> None:
    cross = runs["manifest"][0]
    staged = next(
        r
        for r in reports(runs["first"])
        if (r["agency"], r["report_year"]) == (cross["agency"], cross["report_year"])
    )
    assert sorted(s["fetched_url"] for s in staged["sources"]) == sorted(cross["urls"])
    assert sorted(s["url"] for s in staged["sources"]) == sorted(canonical_url(u) for u in cross["urls"])
    assert len({s["host"] for s in staged["sources"]}) == 2


def test_page_and_its_pdf_are_one_report(runs: dict[str, Any]) -> None:
    with_pdf = next(r for r in reports(runs["first"]) if any(s["kind"] == "pdf" for s in r["sources"]))
    assert [(s["role"], s["kind"]) for s in with_pdf["sources"]] == [("page", "html"), ("attachment", "pdf")]


def test_every_url_outcome_is_an_event(runs: dict[str, Any]) -> None:
    logged = events(runs["first"])
    urls = {e["url"] for e in logged}
    for entry in runs["manifest"]:
        assert set(entry["urls"]) <= urls
    assert {(e["outcome"], e["reason"]) for e in logged} == {
        ("fetched", "ok"),
        ("fetched", "duplicate"),
        ("skipped", "too_short"),
        ("skipped", "big5_mirror"),
    }
    [mirror] = [e["url"] for e in logged if e["reason"] == "big5_mirror"]
    assert mirror.startswith("http://big5.www.changde.gov.cn.test/gate/big5/")
    # Only the stub pages ("详见附件") are skipped; their attachments are the reports.
    stubs = {e["url"] for e in logged if e["reason"] == "too_short"}
    with_attachment = {
        m["urls"][0]
        for m in runs["manifest"]
        if len(m["urls"]) == 2 and m["urls"][1].endswith(("docx", "5001"))
    }
    assert stubs == with_attachment
    record = json.loads((runs["first"] / "run.json").read_text())
    assert sum(e["role"] == "list" for e in logged) == sum(
        p["list_pages"] for p in record["portals"].values()
    )


def test_run_record_and_success_marker(runs: dict[str, Any]) -> None:
    record = json.loads((runs["first"] / "run.json").read_text())
    assert (runs["first"] / "_SUCCESS").exists()
    assert record["status"] == "ok" and record["alarms"] == []
    assert {slug: p["reports"] for slug, p in record["portals"].items()} == {
        "changde": 3,
        "panzhihua": 3,
        "huaian": 5,
        "taizhou": 5,
        "zhaoqing": 4,
        "gannan-rsj": 8,
        "yunnan-hrss": 3,
    }
    assert record["stats"]["nianbao/stage/reports"] == record["reports"] == 30


def test_unchanged_recrawl_downloads_no_report_again(runs: dict[str, Any]) -> None:
    second = fetches(runs["config"], runs["second"])
    documents = [f for f in second if f.role in {"page", "attachment"}]
    assert documents and {f.status for f in documents} == {304}
    assert all(f.size == 0 for f in documents)
    doc_events = [e for e in events(runs["second"]) if e["role"] in {"page", "attachment"}]
    assert {(e["outcome"], e["reason"]) for e in doc_events} == {
        ("not_modified", "ok"),
        ("not_modified", "duplicate"),
        ("skipped", "too_short"),
        ("skipped", "big5_mirror"),
    }
    assert portless(reports(runs["second"])) == portless(reports(runs["first"]))
    record = json.loads((runs["second"] / "run.json").read_text())
    assert set(record["previous_runs"].values()) == {runs["first"].name}
    assert all(p["reports_new"] == 0 and p["reports_changed"] == 0 for p in record["portals"].values())


def test_replay_rebuilds_the_same_reports_without_network(runs: dict[str, Any]) -> None:
    record = json.loads((runs["replayed"] / "run.json").read_text())
    # Every document's latest fetch is day 2's (a 304 or a new body), so the replay equals that crawl.
    assert record["mode"] == "replay" and record["replay_of"] == [runs["day2"].name]
    assert [{**r, "run_id": None} for r in reports(runs["replayed"])] == [
        {**r, "run_id": None} for r in reports(runs["day2"])
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


def test_day_two_finds_the_new_and_the_corrected_report_and_the_moved_column(runs: dict[str, Any]) -> None:
    record = json.loads((runs["day2"] / "run.json").read_text())
    assert record["status"] == "ok" and record["alarms"] == []
    portals = record["portals"]
    assert (portals["changde"]["reports_new"], portals["changde"]["reports_changed"]) == (1, 0)
    assert (portals["panzhihua"]["reports_new"], portals["panzhihua"]["reports_changed"]) == (0, 1)
    assert portals["huaian"]["reports"] == 5  # its column answered 301 to the new address
    before = {(r["agency"], r["report_year"]): r["report_id"] for r in reports(runs["second"])}
    after = {(r["agency"], r["report_year"]): r["report_id"] for r in reports(runs["day2"])}
    changed = {key for key in before if key in after and before[key] != after[key]}
    assert changed == {("攀枝花市人民政府", 2012)}
    assert len(set(after) - set(before)) == 1
    fetched = {
        e["url"]
        for e in events(runs["day2"])
        if e["role"] in {"page", "attachment"} and e["outcome"] == "fetched"
    }
    assert len(fetched) == 2  # the new report and the corrected one; everything else was a 304


def test_misdeclared_and_undeclared_encodings_are_read_right(runs: dict[str, Any]) -> None:
    served = {m["urls"][0].split("/", 3)[3]: (m["agency"], m["report_year"]) for m in runs["manifest"]}
    staged = {
        s["url"].split("/", 3)[3]: (r["agency"], r["report_year"])
        for r in reports(runs["first"])
        for s in r["sources"]
    }
    for path in (
        "info/1022/5001.htm",
        "NewsView.aspx?NewsID=90001&cid=1019",
        "zwgk/xxgknb/content_1004.html",
    ):
        assert staged[path] == served[path], path


def test_attachments_are_typed_by_their_bytes_behind_redirects_and_relative_links(
    runs: dict[str, Any],
) -> None:
    sources = {s["url"].split("/", 3)[3]: s for r in reports(runs["first"]) for s in r["sources"]}
    behind_302 = sources["module/download/download.jsp?id=5001"]
    assert behind_302["fetched_url"].endswith("/module/download/files/9f1c2e7ab04d4c1e8a5b6d7e8f901234.docx")
    assert (behind_302["content_type"], behind_302["kind"]) == ("application/octet-stream", "docx")
    relative = sources["attachment/0/88/88389/970001.docx"]
    assert (relative["role"], relative["kind"]) == ("attachment", "docx")
