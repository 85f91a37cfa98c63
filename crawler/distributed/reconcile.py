"""After the workers: which requests were enqueued but never completed (a worker killed with them in
flight, or every worker gone with requests still queued), and pushing them back into the shared queue so
one more worker round crawls them. Read from the workers' ledgers (``crawler.distributed.ledger``) only.

An ask counts as enqueued when some worker's ledger says it was pushed and not refused right after
(``dropped``: its URL was already seen, so another ask of the same URL is the one that counts); it is
complete when any worker says so.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.distributed.ledger import LEDGER_FILE, decode_request
from crawler.distributed.settings import redis_keys


@dataclass(frozen=True)
class LedgerSummary:
    enqueued: dict[str, tuple[str, str]]  # ask -> its linked URL and the request as last enqueued (encoded)
    finished: frozenset[str]  # asks
    torn_lines: int  # unreadable lines (a worker killed mid-line): never fatal

    @property
    def lost(self) -> dict[str, tuple[str, str]]:
        return {ask: entry for ask, entry in self.enqueued.items() if ask not in self.finished}


def read_ledgers(worker_dirs: list[Path]) -> LedgerSummary:
    pushes: Counter[str] = Counter()
    requests: dict[str, tuple[str, str]] = {}
    finished: set[str] = set()
    torn = 0
    for folder in worker_dirs:
        path = folder / LEDGER_FILE
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry: dict[str, Any] = json.loads(line)
            except ValueError:
                torn += 1
                continue
            ask = entry["ask"]
            if entry["kind"] == "enqueued":
                pushes[ask] += 1
                requests[ask] = (entry["url"], entry["request"])
            elif entry["kind"] == "dropped":
                pushes[ask] -= 1  # always right after its own ``enqueued`` line, in the same worker
            elif entry["kind"] == "finished":
                finished.add(ask)
    enqueued = {ask: requests[ask] for ask, count in pushes.items() if count > 0}
    return LedgerSummary(enqueued, frozenset(finished), torn)


def requeue(redis_url: str, run_id: str, lost: dict[str, tuple[str, str]]) -> int:
    """Push ``lost`` requests straight into the crawl's queue (scrapy-redis's priority queue: a sorted set
    scored by minus the priority). Straight in, not through the duplicate filter: their fingerprints are
    already there, which is why nobody else would ever crawl them."""
    import pickle

    import redis

    client = redis.Redis.from_url(redis_url)
    key = redis_keys(run_id)["SCHEDULER_QUEUE_KEY"]
    for _, data in lost.values():
        raw = decode_request(data)
        priority = int(pickle.loads(raw).get("priority", 0))
        client.execute_command("ZADD", key, -priority, raw)
    return len(lost)


def queued(redis_url: str, run_id: str) -> int:
    """Requests still waiting in the crawl's queue."""
    import redis

    return int(redis.Redis.from_url(redis_url).zcard(redis_keys(run_id)["SCHEDULER_QUEUE_KEY"]))


def forget(redis_url: str, run_id: str) -> None:
    """Delete the crawl's queue and duplicate filter (after the crawl: a new crawl has a new run id)."""
    import redis

    redis.Redis.from_url(redis_url).delete(*redis_keys(run_id).values())
