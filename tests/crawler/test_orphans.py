"""Issue 10, durability: the crawler child dies with its parent, and its run is never marked finished.

A real parent process serves the hostile demo portals (their slow pages keep the crawl busy) and starts
the crawl; the test SIGKILLs the parent while the child crawls, then watches the child's pid.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from nianbao.jobs import _alarms

PARENT = """
import sys
from crawler.run import crawl
from demo.server import running
from tests.crawler.conftest import config_for
config = config_for(sys.argv[1], demo_faults="1")
with running(config) as demo:
    crawl(config, demo.portals)
"""


def _children_running(parent: int) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"crawler.run" in cmdline and str(parent).encode() in cmdline:
            pids.append(int(proc.name))
    return pids


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.split(")")[-1].split()[0] != "Z"  # a zombie is dead, only not yet reaped


def test_a_killed_parent_takes_its_crawler_with_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(data)], cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + 60
        children: list[int] = []
        while not children and time.monotonic() < deadline:
            time.sleep(0.2)
            children = _children_running(parent.pid)
        assert children, "the crawler child never started"
        time.sleep(2)  # let it crawl
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in children), "the crawler outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
    runs = list((data / "staging").iterdir())
    assert runs and not any((run / "_SUCCESS").exists() for run in runs)  # never marked finished


def test_a_crawl_that_died_without_its_record_is_an_error_alarm(tmp_path: Path) -> None:
    [alarm] = _alarms(tmp_path)
    assert (alarm["level"], alarm["code"]) == ("error", "crawl_died")
