"""Issue 10, durability: the archive is verified on read, and a damaged index costs only its bad lines.

Real archive files written by ``ArchiveStore``; real rebuilds with no network. A truncated or deleted
blob becomes a failed event with its reason (the report is not rebuilt from bad bytes); a torn last index
line (a killed writer) and a garbled line are skipped and reported by file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.archive import ArchiveDamaged, ArchiveStore, FetchRecord
from crawler.replay import rebuild
from staging.runs import read_jsonl
from tests.crawler.conftest import config_for

REPORT = (Path(__file__).parents[1] / "fixtures/real/shared-pingtan-2019-glued-2019/body").read_bytes()
URL = "http://www.example-county.test/zwgk/2019/report.html"


def _archive(data: Path) -> tuple[ArchiveStore, str]:
    store = ArchiveStore(data / "archive")
    sha, _ = store.put(REPORT)
    store.record(
        FetchRecord(
            run_id="20250101T000000Z-0001", url=URL, final_url=URL, status=200,
            headers={"content-type": "text/plain; charset=utf-8"}, fetched_at="2025-01-01T00:00:00Z",
            sha256=sha, size=len(REPORT), portal="county", role="page",
        )
    )  # fmt: skip
    store.close()
    return store, sha


def _rebuilt(data: Path) -> tuple[list[dict], list[dict], dict]:  # type: ignore[type-arg]
    run = rebuild(config_for(str(data)))
    record = json.loads((run / "run.json").read_text(encoding="utf-8"))
    return read_jsonl(run / "reports.jsonl"), read_jsonl(run / "crawl_events.jsonl"), record


def test_a_whole_archive_rebuilds_its_report(tmp_path: Path) -> None:
    _archive(tmp_path)
    reports, _, _ = _rebuilt(tmp_path)
    assert [r["report_year"] for r in reports] == [2019]


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_blob_is_an_event_with_its_reason_not_a_changed_report(tmp_path: Path, damage: str) -> None:
    store, sha = _archive(tmp_path)
    blob = store.object_path(sha)
    if damage == "truncate":
        blob.write_bytes(REPORT[: len(REPORT) // 2])
    else:
        blob.unlink()
    with pytest.raises(ArchiveDamaged):
        store.get(sha)
    reports, events, _ = _rebuilt(tmp_path)
    assert reports == []
    [event] = [e for e in events if e["url"] == URL]
    assert (event["outcome"], event["reason"]) == (
        "failed",
        "archive_damaged" if damage == "truncate" else "archive_missing",
    )


def test_a_torn_last_index_line_is_reported_and_the_next_writer_does_not_glue_onto_it(tmp_path: Path) -> None:
    store, _ = _archive(tmp_path)
    with store.index_path.open("a", encoding="utf-8") as index:
        index.write('{"run_id": "20250102T000000Z-0002", "url": "http://www.exa')  # killed mid-line
    reports, _, record = _rebuilt(tmp_path)
    assert [r["report_year"] for r in reports] == [2019]
    [problem] = record["archive_index_problems"]
    assert problem.endswith("fetches.jsonl:2: torn last line (a killed writer)")
    _archive(tmp_path)  # a later crawl appends: its line stands on its own
    assert len(list(ArchiveStore(tmp_path / "archive").fetches())) == 2


def test_a_garbled_index_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    store, _ = _archive(tmp_path)
    lines = store.index_path.read_text(encoding="utf-8")
    store.index_path.write_text("not json at all\n" + lines, encoding="utf-8")
    reports, _, record = _rebuilt(tmp_path)
    assert [r["report_year"] for r in reports] == [2019]
    assert record["archive_index_problems"][0].startswith(f"{store.index_path}:1: unreadable")
