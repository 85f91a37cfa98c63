"""Which workers of a crawl are still running, on any machine: each worker keeps a key
``nianbao:<run>:alive:<name>`` in the shared Redis, refreshed every ``BEAT`` seconds with a time to live of
``TTL`` and deleted when it closes. A worker that dies without closing (SIGKILL, a machine lost) drops out
when its key expires. The coordinator reconciles only when no worker of the crawl is left
(``wait_for_peers``): an ask in flight on another machine is not lost, only busy."""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

BEAT = 5.0
TTL = 20  # seconds: several missed beats before a silent worker counts as gone


def alive_pattern(run_id: str) -> str:
    return f"nianbao:{run_id}:alive:*"


class Presence:
    """The worker's extension: keeps its key alive while the spider is open."""

    def __init__(self, crawler: Crawler) -> None:
        import redis

        settings = crawler.settings
        self.client = redis.Redis.from_url(settings["REDIS_URL"])
        self.key = alive_pattern(settings["NIANBAO_RUN_ID"]).replace("*", settings["NIANBAO_WORKER_NAME"])
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Presence:
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def beat(self) -> None:
        self.client.set(self.key, str(time.time()), ex=TTL)

    def opened(self, **_: Any) -> None:
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(BEAT, now=True)

    def closed(self, **_: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.client.delete(self.key)


def peers_alive(redis_url: str, run_id: str) -> list[str]:
    import redis

    client = redis.Redis.from_url(redis_url)
    return sorted(key.decode() for key in client.scan_iter(match=alive_pattern(run_id)))


def wait_for_peers(redis_url: str, run_id: str, poll: float = 1.0) -> None:
    """Until no worker of the crawl is running anywhere (a dead one's key expires within ``TTL``)."""
    while peers_alive(redis_url, run_id):
        time.sleep(poll)
