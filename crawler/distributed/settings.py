"""The settings a distributed worker adds to the project's (``crawler/settings.py``): scrapy-redis's
scheduler and duplicate filter on one Redis, keyed by the crawl's run id, and the worker's own parts.

Why each one:
- ``SCHEDULER_PERSIST`` True: otherwise the first worker to close deletes the shared queue and duplicate
  filter and the others crawl everything again (measured: every page fetched twice);
- keys named by the run id: a new crawl starts from an empty queue and filter without deleting anything a
  running crawl uses (``redis_keys`` names them, so the coordinator can delete them when done);
- no ``RedisPipeline``, no Redis stats collector: both break on Scrapy 2.19 (and items stay files here);
- the workers only fetch, archive and record: extract → parse → dedupe → stage runs once, over the whole
  crawl, in ``combine`` (a report page and its attachment fetched by two workers are still one report);
- ``RunRecord`` off: the run record is the whole crawl's, written by ``combine``.
"""

from __future__ import annotations

from typing import Any

IDLE_GRACE_SECONDS = 8.0  # > a loopback response; ``--idle-grace`` for slow portals (docs/operations.md)


def redis_keys(run_id: str) -> dict[str, str]:
    return {
        "SCHEDULER_QUEUE_KEY": f"nianbao:{run_id}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"nianbao:{run_id}:dupefilter",
    }


def worker_settings(
    settings: dict[str, Any], *, redis_url: str, run_id: str, worker_dir: str, name: str, idle_grace: float
) -> dict[str, Any]:
    """``settings`` (the project settings of the crawl, ``crawl_settings``) turned into a worker's."""
    worker = dict(settings)
    worker.update(
        SCHEDULER="scrapy_redis.scheduler.Scheduler",
        DUPEFILTER_CLASS="scrapy_redis.dupefilter.RFPDupeFilter",
        SCHEDULER_PERSIST=True,
        REDIS_URL=redis_url,
        **redis_keys(run_id),
        NIANBAO_RUN_ID=run_id,  # the archive's fetch lines name the crawl, whichever worker fetched
        NIANBAO_RUN_DIR=worker_dir,
        NIANBAO_WORKER_NAME=name,
        # combine stages what this run's fetch lines name; a report carried from the archive unasked
        # (crawler/recrawl.py) has none, so workers re-validate every known report (each costs a 304).
        NIANBAO_FULL_RECRAWL=True,
        IDLE_GRACE_SECONDS=idle_grace,
        ITEM_PIPELINES={
            "crawler.pipelines.archive.ArchivePipeline": 100,
            "crawler.distributed.ledger.WorkerEvents": 900,
        },
        DOWNLOADER_MIDDLEWARES={
            **settings.get("DOWNLOADER_MIDDLEWARES", {}),
            "crawler.distributed.ledger.InFlight": 1,  # before any middleware can refuse the request
        },
        SPIDER_MIDDLEWARES={
            **settings.get("SPIDER_MIDDLEWARES", {}),
            "crawler.distributed.ledger.FinishedRequests": 1,  # outermost: sees the callback's last output
        },
        EXTENSIONS={
            **settings.get("EXTENSIONS", {}),
            "crawler.extensions.RunRecord": None,
            "crawler.progress.ProgressLines": None,
            "crawler.distributed.ledger.Ledger": 0,
            "crawler.distributed.ledger.SharedQueueIdleGrace": 0,
            "crawler.distributed.presence.Presence": 0,
        },
    )
    return worker
