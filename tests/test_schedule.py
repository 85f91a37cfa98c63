"""``nianbao schedule --print``: systemd units for this checkout that ``systemd-analyze verify`` accepts
without a warning, and a cron line for the season whose shell command parses."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from crawler.config import load_config
from nianbao.cli import main
from nianbao.schedule import UNIT, cron_line, service_unit, timer_unit
from tests.conftest import REPO_ROOT

ANALYZE = shutil.which("systemd-analyze")


def _verify(*units: Path) -> subprocess.CompletedProcess[str]:
    assert ANALYZE is not None
    return subprocess.run([ANALYZE, "verify", *map(str, units)], capture_output=True, text=True, check=False)


def test_print_emits_both_units_for_this_checkout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--print"]) == 0
    out = capsys.readouterr().out
    assert f"# {UNIT}.service" in out and f"# {UNIT}.timer" in out
    assert f"WorkingDirectory={REPO_ROOT}" in out and "OnCalendar=*-02..04-* 03:30:00" in out


@pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    config = load_config({"NIANBAO_DATA_DIR": str(tmp_path / "data")})
    service, timer = tmp_path / f"{UNIT}.service", tmp_path / f"{UNIT}.timer"
    service.write_text(service_unit(config), encoding="utf-8")
    timer.write_text(timer_unit(), encoding="utf-8")
    done = _verify(service, timer)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "")
    # The check can fail: a misspelt key is reported.
    broken = tmp_path / "broken.service"
    broken.write_text(service_unit(config).replace("Type=oneshot", "Typ=oneshot"), encoding="utf-8")
    assert "Unknown key" in _verify(broken).stderr


def test_the_jobs_shell_commands_parse(tmp_path: Path) -> None:
    config = load_config({"NIANBAO_DATA_DIR": str(tmp_path / "data")})
    exec_start = next(line for line in service_unit(config).splitlines() if line.startswith("ExecStart="))
    service_job = shlex.split(exec_start.removeprefix("ExecStart="))[2].replace("$$", "$")
    line = cron_line(config)
    assert line.startswith("30 3 * 2-4 * ")  # 03:30, every day of February to April
    cron_job = shlex.split(line.split(" ", 5)[5])[2]
    for job in (service_job, cron_job):
        assert subprocess.run(["sh", "-n", "-c", job], capture_output=True, check=False).returncode == 0, job
        assert "nianbao crawl; status=$?;" in job and "exit $status" in job
