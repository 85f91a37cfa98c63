"""Real crawls of the demo portals on loopback, each in its own Scrapy process: a first crawl, an unchanged
recrawl, a portal that yields nothing, the day-2 state and a replay of the archive. One set of runs, made once
per session (``shared_once``) and read by every test here."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crawler.archive import ArchiveStore
from crawler.config import Config
from crawler.pipelines.pending import PENDING_FILE
from crawler.replay import rebuild
from crawler.run import CrawlFailed, crawl
from crawler.urls import canonical_url
from demo.content import seed_reports
from demo.server import running
from staging.runs import read_jsonl
from tests.crawler.conftest import config_for, shared_once


def _crawl_demo(folder: Path) -> dict[str, Any]:
    """A first crawl, an unchanged recrawl (new port, as in a second ``make warehouse``), a portal that yields
    nothing, the day-2 state, and a replay of the archive."""
    config = config_for(str(folder / "data"))
    with running(config) as demo:
        first = crawl(config, demo.portals)
        manifest = read_jsonl(demo.manifest_path)
    with running(config) as demo:
        second = crawl(config, demo.portals)
        broken = replace(
            demo.portals[0],
            slug="broken",
            column_urls=(
                demo.url(demo.portals[0].host, "/zfxxgk/gone/index.html"),
                demo.url(demo.portals[0].host, "/admin/zfxxgknb/index.html"),
            ),
        )
        with pytest.raises(CrawlFailed) as failed:
            crawl(config, [broken])
    day_two = replace(config, demo_day=2)
    with running(day_two) as demo:
        third = crawl(day_two, demo.portals)
    replayed = rebuild(config)
    runs = {"first": first, "second": second, "day2": third, "replayed": replayed}
    return {
        "data_dir": str(config.data_dir),
        **{name: str(run) for name, run in runs.items()},
        "failed": {"message": str(failed.value), "run_dir": str(failed.value.run_dir)},
        "manifest": manifest,
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    shared = shared_once(tmp_path_factory, "crawl", _crawl_demo)
    return {
        "config": config_for(shared["data_dir"]),
        **{name: Path(shared[name]) for name in ("first", "second", "day2", "replayed")},
        "failed": shared["failed"],
        "manifest": shared["manifest"],
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
    assert {f.role for f in first} == {"robots", "home", "list", "page", "attachment"}
    for fetch in first:
        body = store.get(fetch.sha256)
        assert hashlib.sha256(body).hexdigest() == fetch.sha256 and len(body) == fetch.size
    not_ok = {(f.url.split("/")[2].split(":")[0], f.role, f.status) for f in first if f.status != 200}
    assert not_ok == {("zfxxgk.shantou.gov.cn.test", "robots", 404)}  # the platform has no robots.txt


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


WORD_FILES = (
    "synth:wps5004",
    "synth:dept_9103_prose",
)  # reports only in a .wps / .doc: read without LibreOffice (crawler/parsing/worddoc.py)


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


IMAGE_PAIR = "synth:dept_9106_2021"  # a report posted as 文字版 and 图片版 (demo/unified.py)
REPOSTED = "synth:dept_9103_2021"  # on the department's site and on the unified platform
MOVED = "synth:dept_9110_2019"  # its old address answers 301 to the registered successor host
REFRESHED = "synth:dept_9109_2021"  # its old address is a meta-refresh shell


def by_key(manifest: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(m for m in manifest if m["key"] == key)


def staged_for(run: Path, entry: dict[str, Any]) -> dict[str, Any]:
    return next(
        r for r in reports(run) if (r["agency"], r["report_year"]) == (entry["agency"], entry["report_year"])
    )


OFFICE_FILE = re.compile(r"\.(docx?|wps|xls)$|download\.jsp")


def test_every_url_outcome_is_an_event(runs: dict[str, Any]) -> None:
    logged = events(runs["first"])
    # A redirected URL's event is at the link; where it led is the staged source's fetched_url.
    urls = {e["url"] for e in logged} | {
        s["fetched_url"] for r in reports(runs["first"]) for s in r["sources"]
    }
    for entry in runs["manifest"]:
        assert set(entry["urls"]) <= urls
    assert {(e["outcome"], e["reason"]) for e in logged} == {
        ("fetched", "ok"),
        ("fetched", "duplicate"),
        ("fetched", "column_found"),
        ("fetched", "redirect_shell"),
        ("skipped", "too_short"),
        ("skipped", "big5_mirror"),
        ("skipped", "needs_ocr"),
    }
    [mirror] = [e["url"] for e in logged if e["reason"] == "big5_mirror"]
    assert mirror.startswith("http://big5.www.changde.gov.cn.test/gate/big5/")
    # Skipped as too short: the stub pages ("详见附件", their attachments are the reports) and a 图片版 page
    # (its images are; they are skipped as needs_ocr).
    stubs = {e["url"] for e in logged if e["reason"] == "too_short"}
    with_attachment = {m["urls"][0] for m in runs["manifest"] if OFFICE_FILE.search(m["urls"][-1])}
    image_version = by_key(runs["manifest"], IMAGE_PAIR)["urls"][1]
    assert stubs == with_attachment | {image_version}
    assert len(with_attachment) == 5
    record = json.loads((runs["first"] / "run.json").read_text())
    assert sum(e["role"] == "list" for e in logged) == sum(
        p["list_pages"] for p in record["portals"].values()
    )


def test_unchanged_post_pagers_are_read_from_the_archive(runs: dict[str, Any]) -> None:
    # An ASP.NET column (yunnan-hrss) and jcms's dataproxy (huaian) answer every page at one URL: the archive
    # tells their pages apart by the form sent, so an unchanged recrawl posts none of them again.
    posted = [f for f in fetches(runs["config"], runs["first"]) if f.form is not None]
    assert {f.portal for f in posted} == {"yunnan-hrss", "huaian"}
    assert not [f for f in fetches(runs["config"], runs["second"]) if f.form is not None]
    carried = Counter(
        e["portal"] for e in events(runs["second"]) if e["role"] == "list" and e["reason"] == "carried"
    )
    assert all(carried[portal] >= count for portal, count in Counter(f.portal for f in posted).items())


def test_run_record_and_success_marker(runs: dict[str, Any]) -> None:
    record = json.loads((runs["first"] / "run.json").read_text())
    assert (runs["first"] / "_SUCCESS").exists()
    assert not (runs["first"] / PENDING_FILE).exists()  # the rows waiting for the settle are gone
    assert record["status"] == "ok" and record["alarms"] == []
    assert {slug: p["reports"] for slug, p in record["portals"].items()} == {
        "changde": 3,
        "panzhihua": 3,
        "huaian": 6,  # one of them only as a .wps
        "taizhou": 5,
        "zhaoqing": 4,
        "gannan-rsj": 9,
        "yunnan-hrss": 3,
        "shantou-zjj": 4,
        "shantou-zfxxgk": 2,  # one of them only as a .doc
    }
    assert record["stats"]["nianbao/stage/reports"] == record["reports"] == 37


def test_unchanged_recrawl_downloads_no_report_again(runs: dict[str, Any]) -> None:
    second = fetches(runs["config"], runs["second"])
    documents = [f for f in second if f.role in {"page", "attachment"}]
    assert documents and {f.status for f in documents} == {304}
    assert all(f.size == 0 for f in documents)
    doc_events = [e for e in events(runs["second"]) if e["role"] in {"page", "attachment"}]
    # Carried reports were staged from the archive without a request; the rest were asked for (a 304).
    carried = {canonical_url(e["url"]) for e in doc_events if e["reason"] == "carried"}
    asked = {canonical_url(f.url) for f in documents}
    assert carried and asked and not carried & asked
    first_asked = [f for f in fetches(runs["config"], runs["first"]) if f.role in {"page", "attachment"}]
    assert len(documents) < len(first_asked) / 2
    assert {(e["outcome"], e["reason"]) for e in doc_events} == {
        ("not_modified", "carried"),
        ("not_modified", "ok"),
        ("not_modified", "duplicate"),
        ("not_modified", "redirect_shell"),
        ("skipped", "too_short"),
        ("skipped", "big5_mirror"),
        ("skipped", "needs_ocr"),
    }
    assert portless(reports(runs["second"])) == portless(reports(runs["first"]))
    record = json.loads((runs["second"] / "run.json").read_text())
    assert set(record["previous_runs"].values()) == {runs["first"].name}
    assert all(p["reports_new"] == 0 and p["reports_changed"] == 0 for p in record["portals"].values())


def test_replay_rebuilds_the_same_reports_without_network(runs: dict[str, Any]) -> None:
    record = json.loads((runs["replayed"] / "run.json").read_text())
    # Every document's latest fetch is day 2's (a 304 or a new body) or, for one day 2 carried without asking,
    # an earlier crawl's of the same bytes: so the replay equals day 2's crawl.
    assert record["mode"] == "replay" and runs["day2"].name in record["replay_of"]
    assert set(record["replay_of"]) <= {runs[name].name for name in ("first", "second", "day2")}
    # (In report order, and with the port of a carried copy's own fetch: see ``portless``.)
    assert portless(reports(runs["replayed"])) == portless(reports(runs["day2"]))
    assert (runs["replayed"] / "_SUCCESS").exists()


def test_a_portal_with_no_report_fails_loudly(runs: dict[str, Any]) -> None:
    failed = runs["failed"]  # what crawl() raised: CrawlFailed
    assert "zero_reports" in failed["message"]
    record = json.loads((Path(failed["run_dir"]) / "run.json").read_text())
    assert record["status"] == "failed"
    assert [a["code"] for a in record["alarms"] if a["level"] == "error"] == ["zero_reports"]
    outcomes = {(e["outcome"], e["reason"]) for e in events(Path(failed["run_dir"]))}
    assert outcomes == {("failed", "http_404"), ("skipped", "robots")}


def test_day_two_finds_the_new_and_the_corrected_report_and_the_moved_column(runs: dict[str, Any]) -> None:
    record = json.loads((runs["day2"] / "run.json").read_text())
    assert record["status"] == "ok" and record["alarms"] == []
    portals = record["portals"]
    assert (portals["changde"]["reports_new"], portals["changde"]["reports_changed"]) == (1, 0)
    assert (portals["panzhihua"]["reports_new"], portals["panzhihua"]["reports_changed"]) == (0, 1)
    assert portals["huaian"]["reports"] == 6  # its column answered 301
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


def test_discovery_finds_the_column_by_link_text(runs: dict[str, Any]) -> None:
    home = [e for e in events(runs["first"]) if e["portal"] == "shantou-zjj" and e["role"] == "home"]
    # The home page links no column (its 统计 block's 年度报告 and a notice naming a year are not it); its
    # 政府信息公开 page does, and that page's off-site 政府信息公开年报 link loses to the site's own column.
    assert sorted((path(e["url"]), e["reason"], e["target"] and path(e["target"])) for e in home) == [
        ("/", "ok", None),
        ("/zfxxgk/", "column_found", "/zfxxgk/zfxxgknb/"),
    ]
    record = json.loads((runs["first"] / "run.json").read_text())
    assert record["portals"]["shantou-zjj"]["years"] == [2020, 2022, 2023, 2025]


def test_a_report_reposted_on_the_unified_platform_is_one_report_with_two_sources(
    runs: dict[str, Any],
) -> None:
    entry = by_key(runs["manifest"], REPOSTED)
    staged = staged_for(runs["first"], entry)
    assert {(s["portal"], s["host"]) for s in staged["sources"]} == {
        ("shantou-zjj", "zjj.shantou.gov.cn.test"),
        ("shantou-zfxxgk", "zfxxgk.shantou.gov.cn.test"),
    }
    assert sorted(s["fetched_url"] for s in staged["sources"]) == sorted(entry["urls"])


def test_a_redirect_to_the_registered_successor_host_is_followed(runs: dict[str, Any]) -> None:
    old, new = by_key(runs["manifest"], MOVED)["urls"]
    [source] = staged_for(runs["first"], by_key(runs["manifest"], MOVED))["sources"]
    assert (source["url"], source["fetched_url"]) == (canonical_url(old), new)
    assert source["host"] == "zyk.shantou.gov.cn.test"


def test_redirect_shells_are_followed_to_their_target(runs: dict[str, Any]) -> None:
    shells = {
        path(e["url"]): (e["role"], path(e["target"]))
        for e in events(runs["first"])
        if e["reason"] == "redirect_shell"
    }
    shell, target = by_key(runs["manifest"], REFRESHED)["urls"]
    assert shells == {
        "/zfxxgk/zfxxgknb/": ("list", "/zfxxgk/zfxxgknb/list/"),  # location.replace('./list/'), 160 bytes
        path(shell): ("page", path(target)),  # <meta http-equiv="refresh">
    }
    [source] = staged_for(runs["first"], by_key(runs["manifest"], REFRESHED))["sources"]
    assert source["fetched_url"] == target


def test_the_image_version_is_not_a_second_report(runs: dict[str, Any]) -> None:
    text_version, image_version = by_key(runs["manifest"], IMAGE_PAIR)["urls"]
    staged = staged_for(runs["first"], by_key(runs["manifest"], IMAGE_PAIR))
    assert [s["fetched_url"] for s in staged["sources"]] == [text_version]
    logged = events(runs["first"])
    [page] = [e for e in logged if e["url"] == image_version]
    assert (page["outcome"], page["reason"]) == ("skipped", "too_short")
    # Its page images are what an OCR step would read: fetched, archived, recorded as needing it.
    images = [e for e in logged if e["reason"] == "needs_ocr"]
    assert len(images) == 2 and all(e["role"] == "attachment" for e in images)
    store = ArchiveStore(runs["config"].archive_dir)
    assert all(store.get(e["sha256"]).startswith(b"\x89PNG") for e in images)


def test_not_modified_events_carry_the_sha256_of_the_archived_version(runs: dict[str, Any]) -> None:
    empty = hashlib.sha256(b"").hexdigest()
    store = ArchiveStore(runs["config"].archive_dir)
    latest_ok = store.latest_ok()
    # A POST pager's pages share a URL (the event names the URL, not the form): any of its copies there.
    posted: dict[str, set[str]] = {}
    for f in store.fetches():
        if f.form is not None and f.status == 200:
            posted.setdefault(canonical_url(f.url), set()).add(f.sha256)
    for earlier, later in (("first", "second"), ("second", "day2")):
        before = {
            canonical_url(f.url): f.sha256
            for f in fetches(runs["config"], runs[earlier])
            if f.status == 200 and f.role in {"page", "attachment", "list"} and f.form is None
        }
        unchanged = [e for e in events(runs[later]) if e["outcome"] == "not_modified"]
        assert len(unchanged) > 30
        for event in unchanged:
            assert event["sha256"] != empty and store.has(event["sha256"]), event
            key = canonical_url(event["url"])
            if key in posted:
                assert event["sha256"] in posted[key], event
                continue
            # The version it matched: the bytes last fetched with a 200 (the earlier run's, or older).
            assert event["sha256"] == (before.get(key) or latest_ok[key].sha256), event


def test_a_spreadsheet_report_is_read_and_named_after_its_file(runs: dict[str, Any]) -> None:
    entry = by_key(runs["manifest"], "synth:xls5005")
    staged = staged_for(runs["first"], entry)
    [source] = [s for s in staged["sources"] if s["role"] == "attachment"]
    assert (source["kind"], source["content_type"]) == ("xls", "application/vnd.ms-excel")
    assert staged["title"] == f"{entry['agency']}{entry['report_year']}年政府信息公开工作年度报告"


def test_legacy_word_and_wps_attachments_are_read(runs: dict[str, Any]) -> None:
    for key, content_type in (
        ("synth:wps5004", "application/octet-stream"),
        (
            "synth:dept_9103_prose",
            "application/msword",
        ),
    ):
        entry = by_key(runs["manifest"], key)
        staged = staged_for(runs["first"], entry)
        [source] = staged["sources"]
        assert (source["role"], source["kind"], source["content_type"]) == ("attachment", "doc", content_type)
        assert source["fetched_url"] == entry["urls"][1]
    record = json.loads((runs["first"] / "run.json").read_text())
    assert record["stats"]["nianbao/extract/kind/doc"] == 2


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def identities(run: Path) -> list[dict[str, Any]]:
    return read_jsonl(run / "identities.jsonl")


def test_every_source_has_its_place_and_every_new_report_one_kept_source(runs: dict[str, Any]) -> None:
    staged = reports(runs["first"])
    lines = identities(runs["first"])
    assert sorted((i["url"], i["report_id"]) for i in lines) == sorted(
        (s["url"], r["report_id"]) for r in staged for s in r["sources"]
    )
    representatives = Counter(
        i["report_id"] for i in lines if i["relation"] in {"kept", "correction", "copied_report"}
    )
    assert representatives == Counter(r["report_id"] for r in staged)
    reposted = staged_for(runs["first"], by_key(runs["manifest"], REPOSTED))
    places = sorted(
        (i["relation"], i["matched_report_id"]) for i in lines if i["report_id"] == reposted["report_id"]
    )
    assert [relation for relation, _ in places] in (["exact_copy", "kept"], ["kept", "mirror"])
    assert places[0][1] == reposted["report_id"]


def test_a_recrawl_recognises_every_report_and_a_correction_points_to_its_old_version(
    runs: dict[str, Any],
) -> None:
    first = {i["url"]: i["report_id"] for i in identities(runs["first"])}
    second = {i["url"]: i["report_id"] for i in identities(runs["second"])}
    assert second == first  # the persistent index: the same reports, by id, in the next run
    before = {(r["agency"], r["report_year"]): r["report_id"] for r in reports(runs["second"])}
    corrected = next(
        r for r in reports(runs["day2"]) if (r["agency"], r["report_year"]) == ("攀枝花市人民政府", 2012)
    )
    [line] = [i for i in identities(runs["day2"]) if i["report_id"] == corrected["report_id"]]
    assert line["relation"] == "correction"
    assert line["matched_report_id"] == before[("攀枝花市人民政府", 2012)] != corrected["report_id"]
