"""``crawl_distributed``: one crawl by N worker processes sharing one Redis, reconciled and combined into
one staging run, the way ``crawler.run.crawl`` makes one with one process.

1. the run folder and ``crawl_request.json``, as for any crawl (``crawler.run.prepare_run``);
2. a private ``redis-server`` (or the ``redis_url`` given: a cluster's);
3. N workers (``crawler.distributed.worker``), each under ``<run>/workers/<name>/``; wait for all;
4. reconcile: requests still queued, or enqueued and never completed (a worker killed mid-crawl), get one
   more worker round, until none is left (at most ``MAX_ROUNDS``);
5. combine into the run's ``reports.jsonl``, ``crawl_events.jsonl``, ``run.json`` and ``_SUCCESS``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crawler.config import Config
from crawler.distributed.combine import combine
from crawler.distributed.presence import wait_for_peers
from crawler.distributed.reconcile import forget, queued, read_ledgers, requeue
from crawler.distributed.redis_server import check_reachable, private_redis
from crawler.distributed.settings import IDLE_GRACE_SECONDS
from crawler.distributed.worker import WORKERS_DIR, worker_dir
from crawler.registry import Portal
from crawler.run import CrawlFailed, prepare_run

MAX_ROUNDS = 3  # reconcile rounds; a request lost three times running is reported, not retried forever
WorkerStarted = Callable[[str, "subprocess.Popen[bytes]"], None]


def start_worker(run_dir: Path, name: str, redis_url: str) -> subprocess.Popen[bytes]:
    """Start one worker; its Scrapy log goes to ``workers/<name>/crawl.log``. It dies with this process."""
    folder = worker_dir(run_dir, name)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "crawl.log").open("wb") as log:
        command = [sys.executable, "-m", "crawler.distributed.worker", str(run_dir), name, redis_url]
        return subprocess.Popen(
            [*command, str(os.getpid())],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def run_workers(
    run_dir: Path, names: Sequence[str], redis_url: str, on_started: WorkerStarted | None = None
) -> dict[str, int]:
    """Run workers ``names`` at once and wait for all; their exit statuses."""
    children = {name: start_worker(run_dir, name, redis_url) for name in names}
    if on_started is not None:
        for name, child in children.items():
            on_started(name, child)
    return {name: child.wait() for name, child in children.items()}


def reconcile(run_dir: Path, redis_url: str) -> dict[str, Any]:
    """Worker rounds until nothing is queued and every enqueued request is complete. A round first drains
    what is still queued; only then are enqueued-but-never-completed requests pushed back (pushing one
    that still waits in the queue would crawl it twice)."""
    requeued: list[str] = []
    exits: dict[str, int] = {}
    for round_number in range(1, MAX_ROUNDS + 1):
        waiting = queued(redis_url, run_dir.name)
        lost = read_ledgers(_worker_dirs(run_dir)).lost
        if not waiting and not lost:
            return {"rounds": round_number - 1, "requeued": requeued, "lost": [], "exits": exits}
        if not waiting:
            requeue(redis_url, run_dir.name, lost)
            requeued += sorted(url for url, _ in lost.values())
        exits.update(run_workers(run_dir, [f"reconcile-{round_number}"], redis_url))
    still = sorted(url for url, _ in read_ledgers(_worker_dirs(run_dir)).lost.values())
    return {"rounds": MAX_ROUNDS, "requeued": requeued, "lost": still, "exits": exits}


def _worker_dirs(run_dir: Path) -> list[Path]:
    folder = run_dir / WORKERS_DIR
    return sorted(path for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else []


@contextmanager
def _redis(redis_url: str | None) -> Iterator[str]:
    if redis_url:
        check_reachable(redis_url)
        yield redis_url
    else:
        with private_redis() as url:
            yield url


def crawl_distributed(
    config: Config,
    portals: Sequence[Portal],
    *,
    workers: int,
    redis_url: str | None = None,
    years: Sequence[int] = (),
    mode: str = "crawl",
    need_contact: bool = False,
    idle_grace: float = IDLE_GRACE_SECONDS,
    on_started: WorkerStarted | None = None,
    announce: Callable[[Path], None] | None = None,
) -> Path:
    """Crawl ``portals`` with ``workers`` processes; the finished staging run. ``CrawlFailed`` as for
    ``crawler.run.crawl`` (an error alarm, or requests that stayed lost after reconciling)."""
    if workers < 1:
        raise ValueError(f"--workers wants at least 1, not {workers}")
    chosen = list(portals)
    # Redis first: when it is missing or does not answer, no half-made run folder is left behind.
    with _redis(redis_url) as url:
        run_dir = prepare_run(config, chosen, years=years, mode=mode, need_contact=need_contact)
        request_path = run_dir / "crawl_request.json"
        request = json.loads(request_path.read_text(encoding="utf-8"))
        request.update(workers=workers, idle_grace=idle_grace)
        request_path.write_text(json.dumps(request, ensure_ascii=False, indent=1), encoding="utf-8")
        if announce is not None:  # e.g. print the run id, for workers joining from other machines
            announce(run_dir)
        names = [f"w{number}" for number in range(1, workers + 1)]
        exits = run_workers(run_dir, names, url, on_started)
        wait_for_peers(url, run_dir.name)  # workers that joined from other machines (``join_crawl``)
        reconciled = reconcile(run_dir, url)
        exits.update(reconciled.pop("exits"))
        record = combine(
            run_dir,
            config,
            _worker_dirs(run_dir),
            portals=[p.slug for p in chosen],
            mode=mode,
            expected={p.slug: p.years_expected for p in chosen},
            years=years,
            extra={"workers": exits, "reconcile": reconciled},
        )
        if redis_url:  # a private server goes with its keys
            forget(url, run_dir.name)
    if reconciled["lost"]:
        detail = f"{len(reconciled['lost'])} requests never completed: {reconciled['lost'][:5]}"
        raise CrawlFailed(run_dir, [], detail=detail)
    if record["status"] != "ok":
        raise CrawlFailed(run_dir, record["alarms"], detail="error alarm")
    return run_dir


class NotJoinable(ValueError):
    """``--join``: the run is not there (the data directory is not shared?) or is already combined."""


def join_crawl(config: Config, run_id: str, *, workers: int, redis_url: str) -> dict[str, int]:
    """Add ``workers`` worker processes on this machine to the running crawl ``run_id`` (started by
    ``crawl_distributed`` on another machine that shares this data directory and ``redis_url``). They
    fetch until the shared queue stays empty; the starting machine waits for them, then reconciles and
    combines. Their exit statuses."""
    run_dir = config.staging_dir / run_id
    if not (run_dir / "crawl_request.json").exists():
        raise NotJoinable(f"no crawl {run_id} under {config.staging_dir} (is NIANBAO_DATA_DIR shared?)")
    if (run_dir / "_SUCCESS").exists():
        raise NotJoinable(f"crawl {run_id} is already finished")
    check_reachable(redis_url)
    prefix = f"{socket.gethostname()}-{os.getpid()}"
    return run_workers(run_dir, [f"{prefix}-w{number}" for number in range(1, workers + 1)], redis_url)
