"""One worker of a distributed crawl: ``python -m crawler.distributed.worker RUN_DIR NAME REDIS_URL
[PARENT_PID]``. It reads the crawl's ``crawl_request.json`` from the run folder, crawls with the project
settings plus the worker's (``crawler.distributed.settings``) and writes its ledger, events, Scrapy log
and final stats (``worker.json``) under ``RUN_DIR/workers/NAME/``. It never writes ``run.json`` or
``_SUCCESS``: the crawl's run record is written once, by ``combine``, for all workers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from crawler.distributed.settings import IDLE_GRACE_SECONDS, worker_settings
from crawler.run import config_from_json, die_with_parent, portal_from_json

WORKERS_DIR = "workers"
WORKER_RECORD = "worker.json"
SHARED_QUEUE_POLL_SECONDS = 0.1


def worker_dir(run_dir: Path, name: str) -> Path:
    return run_dir / WORKERS_DIR / name


def _poll_shared_queue_often() -> None:
    """Scrapy's engine asks an idle scheduler for work only on its heartbeat, every 5 s (a private class
    constant, no setting). A worker whose own requests are done while its peers are still filling the
    shared queue would sit out those seconds: measured, an idle second worker fetched nothing in a 10 s
    crawl. Each poll is one Redis round trip."""
    from scrapy.core.engine import ExecutionEngine

    if hasattr(ExecutionEngine, "_SLOT_HEARTBEAT_INTERVAL"):
        ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = SHARED_QUEUE_POLL_SECONDS


def main(run_dir: Path, name: str, redis_url: str, parent: int | None = None) -> int:
    if parent is not None:
        die_with_parent(parent)
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import crawl_settings
    from crawler.spiders.reports import ReportsSpider

    request = json.loads((run_dir / "crawl_request.json").read_text(encoding="utf-8"))
    config = config_from_json(request["config"])
    portals = [portal_from_json(p) for p in request["portals"]]
    folder = worker_dir(run_dir, name)
    folder.mkdir(parents=True, exist_ok=True)
    settings = crawl_settings(
        config,
        run_id=run_dir.name,
        run_dir=folder,
        loopback_only=all(p.is_loopback for p in portals),
        years=request.get("years", []),
    )
    settings = worker_settings(
        settings,
        redis_url=redis_url,
        run_id=run_dir.name,
        worker_dir=str(folder),
        name=name,
        idle_grace=float(request.get("idle_grace", IDLE_GRACE_SECONDS)),
    )
    _poll_shared_queue_often()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ReportsSpider)
    process.crawl(crawler, portals=portals)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    record = {
        "worker": name,
        "finish_reason": stats.get("finish_reason"),
        "stats": {k: v for k, v in stats.items() if isinstance(v, int | float) and not isinstance(v, bool)},
    }
    (folder / WORKER_RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    run, name, url, *parent = sys.argv[1:]
    raise SystemExit(main(Path(run), name, url, int(parent[0]) if parent else None))
