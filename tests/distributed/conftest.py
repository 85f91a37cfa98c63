"""A private ``redis-server`` for the distributed-crawl tests (the product's own ``private_redis``: a Unix
socket in a temporary folder, no TCP port, stopped by its pid). Without ``redis-server`` the tests skip,
except under ``CI=true``, where CI has installed it (``make system-deps``) and its absence is a failure."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from crawler.distributed.redis_server import private_redis, redis_server_path

NO_REDIS = "redis-server is not installed (make system-deps installs Debian's redis-server)"


@pytest.fixture
def redis_url() -> Iterator[str]:
    if redis_server_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(NO_REDIS)
        pytest.skip(NO_REDIS)
    with private_redis() as url:
        yield url
