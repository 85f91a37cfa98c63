"""Two crawl workers sharing a real ``redis-server`` crawl the demo portals on loopback: every URL is
fetched once (the server's access log), the staged reports and events are those of a one-process crawl,
and a worker SIGKILLed mid-crawl loses no URL once the crawl is reconciled."""

from __future__ import annotations

import collections
import contextlib
import json
import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from crawler.config import Config, load_config
from crawler.distributed.combine import combine
from crawler.distributed.coordinator import crawl_distributed, reconcile, start_worker
from crawler.distributed.ledger import LEDGER_FILE
from crawler.distributed.reconcile import read_ledgers
from crawler.distributed.worker import worker_dir
from crawler.run import crawl, prepare_run
from crawler.urls import canonical_url
from staging.runs import RECORD_FILE, is_finished, read_jsonl
from tests.distributed.recording import recording_demo

IDLE_GRACE = 1.0  # loopback answers in milliseconds: a worker may close a second after its last one


def _config(root: Path) -> Config:
    return load_config({"NIANBAO_DATA_DIR": str(root / "data"), "NIANBAO_THROTTLE": "0"})


def _reports(run_dir: Path) -> list[str]:
    """Staged reports without what differs between two crawls of the same content (run id, fetch time,
    the ephemeral port of the fetched URL)."""
    rows = []
    for report in read_jsonl(run_dir / "reports.jsonl"):
        report.pop("run_id")
        for source in report["sources"]:
            source.pop("fetched_at")
            source.pop("fetched_url")
        rows.append(json.dumps(report, ensure_ascii=False, sort_keys=True))
    return sorted(rows)


ARRIVAL_ORDER = {"ok", "duplicate"}  # of two copies of one report, the first to arrive is kept, the other not


def _events(run_dir: Path) -> collections.Counter[tuple[Any, ...]]:
    """Every URL outcome but ``duplicate_request`` (a link the scheduler dropped as already asked for:
    which process happens to drop it depends on timing, not on the site). Which copy of a report posted at
    two URLs counts as the ``duplicate`` depends on arrival order too: the URL is kept without that reason,
    and each report's count of kept and duplicate copies is kept apart."""
    rows = [e for e in read_jsonl(run_dir / "crawl_events.jsonl") if e["reason"] != "duplicate_request"]
    urls = collections.Counter(
        (
            canonical_url(e["url"]),
            e["outcome"],
            "ok|duplicate" if e["reason"] in ARRIVAL_ORDER else e["reason"],
            e["role"],
            e["report_id"],
        )
        for e in rows
    )
    copies = collections.Counter(
        ("copies", e["report_id"], e["reason"]) for e in rows if e["reason"] in ARRIVAL_ORDER
    )
    return urls + copies


def _pages(hits: collections.Counter[tuple[str, str, str]]) -> collections.Counter[tuple[str, str, str]]:
    return collections.Counter({key: count for key, count in hits.items() if key[2] != "/robots.txt"})


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The same demo crawled by the plain one-process crawl (Scrapy's own scheduler, no Redis)."""
    config = _config(tmp_path_factory.mktemp("one-process"))
    with recording_demo(config) as (demo, hits):
        run_dir = crawl(config, demo.portals, mode="demo")
    return SimpleNamespace(reports=_reports(run_dir), events=_events(run_dir), pages=_pages(hits))


def test_two_workers_fetch_each_url_once_and_stage_what_one_process_stages(
    redis_url: str, one_process: SimpleNamespace, tmp_path: Path
) -> None:
    config = _config(tmp_path)
    with recording_demo(config) as (demo, hits):
        run_dir = crawl_distributed(
            config, demo.portals, workers=2, redis_url=redis_url, mode="demo", idle_grace=IDLE_GRACE
        )
    pages = _pages(hits)
    # Exactly once: the same requests as one process, each as often. The one URL one process asks twice is
    # a jpaas column that answers "busy" once on purpose (the family adapter asks again, dont_filter).
    only_here, only_there = set(pages) - set(one_process.pages), set(one_process.pages) - set(pages)
    assert not only_here and not only_there, (sorted(only_here), sorted(only_there))
    assert pages == one_process.pages and len(pages) > 50
    twice = [key for key, count in pages.items() if count > 1]
    assert all("jpaas" in path for _, _, path in twice) and len(twice) <= 1, twice
    robots = [count for key, count in hits.items() if key[2] == "/robots.txt"]
    assert robots and max(robots) <= 2  # robots.txt: read by each worker that reaches the host
    assert _reports(run_dir) == one_process.reports
    assert _events(run_dir) == one_process.events
    record = json.loads((run_dir / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["status"] == "ok" and record["workers"] == {"w1": 0, "w2": 0}
    assert record["reconcile"] == {"rounds": 0, "requeued": [], "lost": []}
    assert is_finished(run_dir) and not (run_dir / "workers" / "w1" / RECORD_FILE).exists()


def _in_flight(folder: Path) -> tuple[int, set[str]]:
    """How many asks the worker completed, and which ones it has taken from the queue and not completed."""
    path = folder / LEDGER_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = [json.loads(line) for line in text.splitlines()]
    finished = {line["ask"] for line in lines if line["kind"] == "finished"}
    taken = {line["ask"] for line in lines if line["kind"] == "taken"}
    return len(finished), taken - finished


def _finished_asks(folders: list[Path]) -> set[str]:
    texts = [(folder / LEDGER_FILE).read_text(encoding="utf-8") for folder in folders]
    lines = [json.loads(line) for text in texts for line in text.splitlines()]
    return {line["ask"] for line in lines if line["kind"] == "finished"}


def _wait_until_busy(folders: list[Path], done: int, timeout: float = 180.0) -> Path:
    """The first worker that has completed ``done`` asks and has more in flight (the moment to kill it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for folder in folders:
            with contextlib.suppress(ValueError):  # a line being written
                finished, flying = _in_flight(folder)
                if finished >= done and flying:
                    return folder
        time.sleep(0.01)
    raise AssertionError(f"no worker had {done} asks done and more in flight in {timeout} s")


def test_a_worker_sigkilled_mid_crawl_loses_no_url(
    redis_url: str, one_process: SimpleNamespace, tmp_path: Path
) -> None:
    config = _config(tmp_path)
    # Slow answers: the victim always has requests in flight, popped from Redis and in its dupefilter.
    with recording_demo(config, delay=0.05) as (demo, hits):
        run_dir = prepare_run(config, demo.portals, years=(), mode="demo", need_contact=False)
        request = json.loads((run_dir / "crawl_request.json").read_text(encoding="utf-8"))
        (run_dir / "crawl_request.json").write_text(json.dumps({**request, "idle_grace": IDLE_GRACE}))
        children = {name: start_worker(run_dir, name, redis_url) for name in ("w1", "w2")}
        workers = [worker_dir(run_dir, name) for name in children]
        victim = children.pop(_wait_until_busy(workers, done=10).name)
        os.kill(victim.pid, signal.SIGKILL)
        assert victim.wait() == -signal.SIGKILL
        (survivor,) = children.values()
        assert survivor.wait(timeout=180) == 0
        lost = read_ledgers(workers).lost
        reconciled = reconcile(run_dir, redis_url)
        slugs = [portal.slug for portal in demo.portals]
        worker_dirs = sorted((run_dir / "workers").iterdir())
        record = combine(
            run_dir, config, worker_dirs, portals=slugs, mode="demo", expected={}, years=(), extra={}
        )
    assert lost, "the kill found no request in flight: nothing was tested"
    # Each ask the kill lost is completed by a reconcile worker: pushed back (``requeued``), or, when the
    # survivor had idled out with the victim's followers still queued, drained from the queue in round 1.
    reconcilers = [folder for folder in worker_dirs if folder.name.startswith("reconcile-")]
    assert set(lost) <= _finished_asks(reconcilers) and reconciled["lost"] == []
    assert set(reconciled["requeued"]) <= {url for url, _ in lost.values()}
    assert read_ledgers(worker_dirs).lost == {}
    assert set(_pages(hits)) == set(one_process.pages)  # every URL fetched, the lost ones again
    assert _reports(run_dir) == one_process.reports
    assert record["status"] == "ok"
