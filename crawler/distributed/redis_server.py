"""A private ``redis-server`` for one distributed crawl on one machine (or a test): on a Unix socket in a
fresh temporary folder with no TCP listener (``--port 0``: no port to race for, nothing reachable from
another host), nothing saved to disk, stopped by its pid."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 10.0


class RedisUnavailable(OSError):
    """``redis-server`` is not installed or would not start, or the Redis given does not answer: a
    distributed crawl cannot run (an ``OSError``: the command reports it in one line, exit status 2)."""


def redis_server_path() -> str | None:
    return shutil.which("redis-server")


def check_reachable(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnavailable(f"Redis at {url} does not answer: {exc}") from None


@contextmanager
def private_redis() -> Iterator[str]:
    """Start a private server; yield its URL (``unix://…/redis.sock?db=0``); stop it on exit."""
    import redis

    binary = redis_server_path()
    if binary is None:
        raise RedisUnavailable(
            "redis-server is not installed: `make system-deps` installs it (Debian package redis-server), "
            "or give --redis URL of a running one"
        )
    folder = Path(tempfile.mkdtemp(prefix="nianbao-redis-"))
    socket = folder / "redis.sock"
    command = [binary, "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700"]
    command += ["--save", "", "--appendonly", "no", "--dir", str(folder), "--logfile", str(folder / "log")]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"unix://{socket}?db=0"
    try:
        _wait_ready(redis.Redis.from_url(url), server, folder)
        yield url
    finally:
        server.terminate()  # its own pid: nothing else is signalled
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(client: object, server: subprocess.Popen[bytes], folder: Path) -> None:
    import redis

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            client.ping()  # type: ignore[attr-defined]
            return
        except redis.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                log = (folder / "log").read_text(errors="replace")[-300:] if (folder / "log").exists() else ""
                raise RedisUnavailable(f"redis-server did not start: {log.strip()}") from None
            time.sleep(0.01)
