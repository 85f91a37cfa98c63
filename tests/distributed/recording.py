"""The demo portals with an access log: every request the server answered, as (method, host, path), the
ground truth for "fetched exactly once"; optionally each answer delayed, so a worker always has requests
in flight when it is killed."""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from crawler.config import Config
from demo import server
from demo.server import DemoPortals, running


@contextmanager
def recording_demo(config: Config, delay: float = 0.0) -> Iterator[tuple[DemoPortals, collections.Counter]]:
    hits: collections.Counter[tuple[str, str, str]] = collections.Counter()
    lock = threading.Lock()

    mine: list[int] = []  # this server's port: a demo server of an earlier test may still answer late

    def log_request(handler: Any, code: Any = "-", size: Any = "-") -> None:  # once per answer sent
        if handler.server.server_address[1] not in mine:
            return
        host = (handler.headers.get("Host") or "").split(":")[0]
        with lock:
            hits[(handler.command, host, handler.path)] += 1

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(server._Handler, "log_request", log_request)
        with running(config, delay=delay) as demo:
            mine.append(demo.port)
            yield demo, hits
