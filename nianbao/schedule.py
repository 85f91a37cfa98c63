"""``nianbao schedule --print``: the spring crawl as systemd units (a oneshot service and its timer) for this
checkout, or as a cron line (``--cron``). The season is February to April, when the reports of the year
before are published (departments by 31 January, governments by 31 March, late ones after): a crawl every
night at 03:30 (a random delay of up to 30 minutes spreads load), catching up after downtime.

The service crawls the registry, then loads and builds the models whatever the crawl's status (nothing
collected is left unloaded), and exits with the crawl's status, so ``systemctl status`` shows a run with an
error alarm as failed (the alert command has already been told). Settings come from ``nianbao.env`` next to
the checkout (``NIANBAO_CONTACT``, ``NIANBAO_REGISTRY``, ``NIANBAO_ALERT_COMMAND`` …; see
docs/operations.md).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from crawler.config import Config, load_config

UNIT = "nianbao-crawl"
ON_CALENDAR = "*-02..04-* 03:30:00"
CRON_TIME = "30 3 * 2-4 *"
REPO_ROOT = Path(__file__).resolve().parent.parent


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--print", action="store_true", dest="print_units", help="print the units (default)")
    parser.add_argument("--cron", action="store_true", help="print a crontab line instead of systemd units")


def _job(bin_dir: Path, dollar: str = "$") -> str:
    """crawl; then load and models whatever the crawl said; exit with the crawl's status. ``dollar``: how
    a shell ``$`` is written (systemd expands ``$NAME`` in ExecStart itself, so there it is ``$$``)."""
    nianbao = shlex.quote(str(bin_dir / "nianbao"))
    return f"{nianbao} crawl; status={dollar}?; {nianbao} load && {nianbao} models && exit {dollar}status"


def service_unit(config: Config, root: Path = REPO_ROOT, bin_dir: Path | None = None) -> str:
    bin_dir = bin_dir or Path(sys.executable).parent
    return f"""[Unit]
Description=nianbao: the spring crawl of government information-disclosure annual reports
Documentation=file://{root}/docs/operations.md
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
WorkingDirectory={root}
EnvironmentFile=-{root}/nianbao.env
Environment=NIANBAO_DATA_DIR={config.data_dir}
ExecStart=/bin/sh -c {shlex.quote(_job(bin_dir, dollar="$$"))}
Nice=10
TimeoutStartSec=12h
"""


def timer_unit(root: Path = REPO_ROOT) -> str:
    return f"""[Unit]
Description=nianbao: crawl nightly from February to April
Documentation=file://{root}/docs/operations.md

[Timer]
OnCalendar={ON_CALENDAR}
RandomizedDelaySec=30min
Persistent=true
Unit={UNIT}.service

[Install]
WantedBy=timers.target
"""


def cron_line(config: Config, root: Path = REPO_ROOT, bin_dir: Path | None = None) -> str:
    bin_dir = bin_dir or Path(sys.executable).parent
    log = config.data_dir / "logs" / "crawl.log"
    env = f"set -a; [ -f nianbao.env ] && . ./nianbao.env; set +a; export NIANBAO_DATA_DIR={config.data_dir}"
    job = f"cd {shlex.quote(str(root))} && {env}; mkdir -p {log.parent}; ({_job(bin_dir)}) >> {log} 2>&1"
    return f"{CRON_TIME} /bin/sh -c {shlex.quote(job)}"


def run(args: argparse.Namespace) -> int:
    config = load_config()
    if args.cron:
        print(cron_line(config))
        return 0
    print(f"# {UNIT}.service\n{service_unit(config)}\n# {UNIT}.timer\n{timer_unit()}", end="")
    return 0
