"""The README, the Makefile and the CLI describe the same project (docs tested against the code)."""

from __future__ import annotations

import re
import subprocess

from crawler.config import PREFIX, SETTINGS, load_config
from nianbao.cli import COMMANDS, build_parser
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")


def _make_targets() -> list[str]:
    return re.findall(r"^([a-zA-Z][\w-]*):", MAKEFILE, flags=re.MULTILINE)


def test_every_make_target_has_a_help_line() -> None:
    undocumented = [t for t in _make_targets() if not re.search(rf"^{t}:.*## \S", MAKEFILE, re.MULTILINE)]
    assert undocumented == []


def test_make_help_lists_every_target() -> None:
    out = subprocess.run(
        ["make", "-s", "help"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout
    listed = {line.split()[0] for line in out.splitlines() if line.strip()}
    assert set(_make_targets()) == listed


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    assert "make warehouse" in README
    assert "make test" in README
    ci = (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_every_setting_is_documented_in_the_readme() -> None:
    for name, (default, _) in SETTINGS.items():
        assert re.search(rf"`{PREFIX}{name}` \| `{re.escape(default)}`", README), name


def test_every_cli_command_is_documented_in_the_readme() -> None:
    for name, _, _ in COMMANDS:
        assert f"nianbao {name}" in README, name


def test_cli_parser_accepts_every_command() -> None:
    parser = build_parser()
    for name, _, _ in COMMANDS:
        args = ["x.txt"] if name == "parse" else []
        assert parser.parse_args([name, *args]).command == name


def test_config_defaults_and_overrides(tmp_path) -> None:
    default = load_config({})
    assert default.data_dir.name == "data"
    assert default.warehouse_path == default.data_dir / "warehouse.duckdb"
    custom = load_config(
        {"NIANBAO_DATA_DIR": str(tmp_path), "NIANBAO_DEMO_FAULTS": "1", "NIANBAO_THROTTLE": "0"}
    )
    assert custom.data_dir == tmp_path.resolve()
    assert custom.demo_faults is True
    assert custom.throttle is False
