"""Run a crawl: ``crawl(config, portals)`` starts Scrapy in a child process (Twisted's reactor cannot be
restarted, so each crawl gets a fresh interpreter), waits, and returns the finished staging run directory.

The child (``python -m crawler.run <run_dir>``) reads ``crawl_request.json`` from the run directory and
crawls with the project settings (``crawler/settings.py``); ``run.json`` and ``_SUCCESS`` are written by the
``RunRecord`` extension; it exits 1 when an error alarm was raised (a portal yielded no
report), and ``crawl`` then raises ``CrawlFailed`` — the run's files stay for inspection.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from crawler.config import Config
from crawler.registry import Portal
from staging.runs import RECORD_FILE, new_run_id

_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)
PROGRESS_PREFIX = "NIANBAO-PROGRESS "  # marks progress lines on the child's stdout (crawler/progress.py)
Progress = Callable[[dict[str, dict[str, int]], bool], None]  # per portal counts, final?


class CrawlFailed(RuntimeError):
    def __init__(self, run_dir: Path, alarms: list[dict[str, Any]], detail: str = "") -> None:
        self.run_dir = run_dir
        self.alarms = alarms
        errors = [f"{a['portal']}: {a['code']} ({a['message']})" for a in alarms if a["level"] == "error"]
        super().__init__(
            f"crawl {run_dir.name} failed: {'; '.join(errors) or detail} (see {run_dir}/crawl.log)"
        )


class ContactMissing(ValueError):
    """A crawl of real hosts without ``NIANBAO_CONTACT``: site operators must be able to reach us."""


def crawl(
    config: Config,
    portals: Sequence[Portal],
    *,
    years: Sequence[int] = (),
    mode: str = "crawl",
    need_contact: bool = False,
    on_progress: Progress | None = None,
) -> Path:
    """Crawl ``portals`` into the archive and a new staging run. ``years``: only report years in it (link
    texts naming another year are skipped); ``mode`` is recorded in ``run.json`` (demo, registry …). A
    crawl that may reach a real host (or ``need_contact``) refuses to start without a contact.
    ``on_progress`` is called with per-portal counts while the crawl runs."""
    run_dir = prepare_run(config, portals, years=years, mode=mode, need_contact=need_contact)
    returncode, log_tail = _run_child(run_dir, on_progress)
    record_path = run_dir / "run.json"
    if not record_path.exists():
        raise CrawlFailed(run_dir, [], detail=f"crawler exited {returncode}: {log_tail}")
    record = json.loads(record_path.read_text(encoding="utf-8"))
    if returncode != 0:
        raise CrawlFailed(run_dir, record["alarms"], detail=f"exit {returncode}")
    return run_dir


def prepare_run(
    config: Config, portals: Sequence[Portal], *, years: Sequence[int], mode: str, need_contact: bool
) -> Path:
    """Check what is asked (portals, contact), make the run folder and write ``crawl_request.json``: what
    every crawl child of the run reads (one child, or the workers of a distributed crawl)."""
    chosen = list(portals)
    if not chosen:
        raise ValueError("no portals to crawl")
    refused = [p.slug for p in chosen if p.example_only]
    if refused:
        raise ValueError(f"example-only portals are documentation, never crawled: {refused}")
    if (need_contact or not all(p.is_loopback for p in chosen)) and not config.contact:
        raise ContactMissing(
            "a crawl of real portals needs NIANBAO_CONTACT (an e-mail or URL for site operators; "
            "it goes into the user agent)"
        )
    run_dir = config.staging_dir / new_run_id()
    run_dir.mkdir(parents=True)
    request = {
        "config": _config_json(config),
        "portals": [asdict(p) for p in chosen],
        "years": list(years),
        "mode": mode,
    }
    (run_dir / "crawl_request.json").write_text(
        json.dumps(request, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return run_dir


def _run_child(run_dir: Path, on_progress: Progress | None) -> tuple[int, str]:
    """Run the crawl in a child interpreter: its log goes to ``crawl.log`` as it is written, its progress
    lines to ``on_progress``. Returns the exit status and the log's last line (the whole log stays in
    ``crawl.log``; a failure is reported in one line)."""
    log_path = run_dir / "crawl.log"
    with log_path.open("w", encoding="utf-8") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "crawler.run", str(run_dir), str(os.getpid())],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        assert child.stdout is not None  # stdout=PIPE
        for line in child.stdout:
            if line.startswith(PROGRESS_PREFIX) and on_progress is not None:
                message = json.loads(line[len(PROGRESS_PREFIX) :])
                on_progress(message["progress"], bool(message["final"]))
        returncode = child.wait()
    lines = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return returncode, (lines[-1] if lines else "no output")[-500:]


def _config_json(config: Config) -> dict[str, Any]:
    return {
        f.name: str(getattr(config, f.name)) if f.name == "data_dir" else getattr(config, f.name)
        for f in fields(config)
    }


def config_from_json(data: dict[str, Any]) -> Config:
    return Config(**{**data, "data_dir": Path(data["data_dir"])})


def portal_from_json(data: dict[str, Any]) -> Portal:
    tuples = ("column_urls", "years_expected", "successor_hosts", "linked_hosts")
    return Portal(**{**data, **{name: tuple(data.get(name, ())) for name in tuples}})


def die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this crawler the moment the process that started it dies, so a killed
    ``nianbao warehouse`` leaves no crawl behind to fill a run with false failures. Killed, the crawl never
    writes ``run.json`` or ``_SUCCESS``: its run stays unfinished and is never loaded. If the parent is
    already gone when this runs, the child exits at once."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _child_main(run_dir: Path, parent: int | None = None) -> int:
    if parent is not None:
        die_with_parent(parent)
    # Only the child runs Scrapy: the parent (``crawl``) never builds a reactor, so it need not import it.
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import crawl_settings
    from crawler.spiders.reports import ReportsSpider

    request = json.loads((run_dir / "crawl_request.json").read_text(encoding="utf-8"))
    config = config_from_json(request["config"])
    portals = [portal_from_json(p) for p in request["portals"]]
    settings = crawl_settings(
        config,
        run_id=run_dir.name,
        run_dir=run_dir,
        loopback_only=all(p.is_loopback for p in portals),
        years=request.get("years", []),
    )
    settings["NIANBAO_MODE"] = request.get("mode", "crawl")
    process = CrawlerProcess(settings)  # logs to stderr (LOG_INSTALL_ROOT_HANDLER), kept as crawl.log
    process.crawl(process.create_crawler(ReportsSpider), portals=portals)
    process.start()  # crawler.extensions.RunRecord writes run.json and _SUCCESS when the engine stops
    record = json.loads((run_dir / RECORD_FILE).read_text(encoding="utf-8"))
    for alarm in record["alarms"]:
        print(
            f"ALARM {alarm['level']} {alarm['portal']}: {alarm['code']} - {alarm['message']}", file=sys.stderr
        )
    return 1 if record["status"] != "ok" else 0


if __name__ == "__main__":
    raise SystemExit(_child_main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else None))
