"""Crawls shared by the crawl test modules, each run once per test session.

``shared_once`` runs a crawl once even when pytest-xdist spreads the tests that read it over several workers
(``make test`` runs xdist with ``--dist loadfile``, and two modules share the faults crawl): the first
worker to ask crawls under a file lock in the session's shared temporary folder, the others wait and read its
result (plain JSON: paths and manifests).

``faults_crawl``: the hostile demo (``NIANBAO_DEMO_FAULTS=1``), all portals; then a second crawl of the
intermittently challenged portal against the same server (its challenged URLs pass the second time, as they
would in the next day's run).
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from crawler.config import Config, load_config
from crawler.run import crawl
from demo.server import running
from staging.runs import read_jsonl


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_once(
    factory: pytest.TempPathFactory, name: str, build: Callable[[Path], dict[str, Any]]
) -> dict[str, Any]:
    """``build(folder)``'s JSON result, computed once per session across xdist workers."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder every worker's basetemp sits in
    result = root / f"shared-{name}.json"
    with _exclusive(root / f"shared-{name}.lock"):
        if not result.exists():
            folder = root / f"shared-{name}-{uuid.uuid4().hex[:8]}"  # fresh, should an attempt have failed
            folder.mkdir()
            result.write_text(json.dumps(build(folder)), encoding="utf-8")
    data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return data


def config_for(data_dir: str, **extra: str) -> Config:
    env = {"NIANBAO_DATA_DIR": data_dir, "NIANBAO_THROTTLE": "0"}
    return load_config({**env, **{f"NIANBAO_{k.upper()}": v for k, v in extra.items()}})


def _crawl_faults(folder: Path) -> dict[str, Any]:
    config = config_for(str(folder / "data"), demo_faults="1")
    with running(config) as demo:
        run = crawl(config, demo.portals)
        manifest = read_jsonl(demo.manifest_path)
        stats_portal = next(p for p in demo.portals if p.slug == "wenshan-tjj")
        rerun = crawl(config, [stats_portal])
    return {"data_dir": str(config.data_dir), "run": str(run), "rerun": str(rerun), "manifest": manifest}


@pytest.fixture(scope="session")
def faults_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    shared = shared_once(tmp_path_factory, "faults", _crawl_faults)
    run = Path(shared["run"])
    return {
        "config": config_for(shared["data_dir"], demo_faults="1"),
        "run": run,
        "manifest": shared["manifest"],
        "events": read_jsonl(run / "crawl_events.jsonl"),
        "reports": read_jsonl(run / "reports.jsonl"),
        "rerun": Path(shared["rerun"]),
    }
