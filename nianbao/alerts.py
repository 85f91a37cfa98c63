"""The alert hook: when a crawl raises an error alarm, ``NIANBAO_ALERT_COMMAND`` is run with the run's alarms
as JSON on stdin (``{"run_id", "status", "run_dir", "alarms": [{level, code, portal, message}, ...]}``), so
an operator can mail, page or post them with whatever tool they use. The command is split like a shell
line (``shlex``) but run without a shell. Its failure is reported, never raised: the crawl's own result
stands."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.config import Config
from staging.runs import RECORD_FILE

ALERT_TIMEOUT_S = 60


def run_alarms(run_dir: Path) -> dict[str, Any]:
    """What the alert command receives; a run that wrote no record is one error alarm of its own."""
    try:
        record = json.loads((run_dir / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        message = f"the crawl wrote no readable run.json ({type(exc).__name__}); see {run_dir}/crawl.log"
        alarm = {"level": "error", "code": "crawl_died", "portal": "*", "message": message}
        return {"run_id": run_dir.name, "status": "failed", "run_dir": str(run_dir), "alarms": [alarm]}
    return {
        "run_id": run_dir.name,
        "status": record.get("status"),
        "mode": record.get("mode"),
        "run_dir": str(run_dir),
        "alarms": record.get("alarms", []),
    }


def send_alarms(config: Config, run_dir: Path) -> bool:
    """Run the alert command if one is configured and the run has an error alarm; True when it was run
    and succeeded."""
    payload = run_alarms(run_dir)
    if not config.alert_command or not any(a.get("level") == "error" for a in payload["alarms"]):
        return False
    try:
        done = subprocess.run(
            shlex.split(config.alert_command),
            input=json.dumps(payload, ensure_ascii=False),
            text=True,
            capture_output=True,
            timeout=ALERT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
        print(f"nianbao: the alert command could not run: {exc}", file=sys.stderr)
        return False
    if done.returncode != 0:
        tail = done.stderr.strip()[-300:]
        print(f"nianbao: the alert command exited {done.returncode}: {tail}", file=sys.stderr)
        return False
    return True
