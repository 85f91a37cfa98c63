"""``scrapy crawl reports`` works from the project root with the module-level settings (``scrapy.cfg`` →
``crawler.settings``): it crawls the registry it is given into the archive and a finished staging run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.server import running
from staging.runs import finished_runs, read_jsonl
from tests.conftest import REPO_ROOT
from tests.crawler.conftest import config_for

pytestmark = pytest.mark.slow


def test_scrapy_crawl_reports_uses_the_project_settings(tmp_path: Path) -> None:
    config = config_for(str(tmp_path / "data"))
    with running(config) as demo:
        changde = next(p for p in demo.portals if p.slug == "changde")
        registry = tmp_path / "registry.toml"
        registry.write_text(
            "[[portal]]\n"
            f'slug = "{changde.slug}"\nhost = "{changde.host}"\nagency = "{changde.agency}"\n'
            f'division_code = "{changde.division_code}"\nfamily = "{changde.family}"\n'
            f"column_urls = {json.dumps(list(changde.column_urls))}\n",
            encoding="utf-8",
        )
        env = {**os.environ, "NIANBAO_DATA_DIR": str(config.data_dir), "NIANBAO_THROTTLE": "0"}
        loopback = ["-s", "TWISTED_DNS_RESOLVER=crawler.resolver.LoopbackOnlyResolver"]
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "reports",
                "-s",
                f"NIANBAO_REGISTRY={registry}",
                *loopback,
            ],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert child.returncode == 0, child.stderr[-3000:]
    [run] = finished_runs(config.staging_dir)
    record = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert record["mode"] == "crawl" and record["status"] == "ok" and list(record["portals"]) == ["changde"]
    reports = read_jsonl(run / "reports.jsonl")
    assert len(reports) == record["portals"]["changde"]["reports"] >= 3
    assert (config.archive_dir / "fetches.jsonl").exists()
