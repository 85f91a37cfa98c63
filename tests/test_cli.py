"""The ``nianbao`` command as a user meets it: help written for users, and for each kind of failure one
clear line and its own exit code, no traceback unless ``--debug``. Run as a real process."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from nianbao.cli import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent


def nianbao(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nianbao.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NIANBAO_DATA_DIR": str(data), **env},
        check=False,
    )


def _one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]


@pytest.mark.parametrize("command", [["data-tests"], ["export"], ["report"], ["sql", "select 1"]])
def test_missing_warehouse_is_one_line_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    _one_line_error(nianbao(tmp_path / "data", *command), 4, "no warehouse at", "nianbao warehouse")
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()


@pytest.mark.parametrize("command", [["data-tests"], ["export"], ["report"]])
def test_missing_models_is_one_line(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "data").mkdir()
    duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb")).close()  # a warehouse with nothing built
    _one_line_error(nianbao(tmp_path / "data", *command), 5, "nianbao models")


def test_invalid_setting_is_named(tmp_path: Path) -> None:
    result = nianbao(tmp_path / "data", "crawl", NIANBAO_DEMO_DAY="abc")
    _one_line_error(result, 3, "NIANBAO_DEMO_DAY='abc'", "README")
    _one_line_error(nianbao(tmp_path / "data", "crawl", NIANBAO_DEMO_DAY="3"), 3, "expected 1 or 2")


def test_unknown_benchmark_keeps_the_last_results(tmp_path: Path) -> None:
    latest = tmp_path / "data" / "bench" / "latest.json"
    latest.parent.mkdir(parents=True)
    latest.write_text('{"results": {"parse.docs_per_second": {}}}\n', encoding="utf-8")
    before = latest.read_bytes()
    _one_line_error(nianbao(tmp_path / "data", "bench", "--only", "nosuch"), 6, "nosuch", "parse")
    assert latest.read_bytes() == before


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = nianbao(tmp_path / "data", "--debug", "data-tests")
    assert (
        result.returncode != 0 and "Traceback" in result.stderr and "MissingWarehouseError" in result.stderr
    )


def test_every_command_has_help_for_users(tmp_path: Path) -> None:
    top = nianbao(tmp_path, "--help")
    assert top.returncode == 0 and "nianbao warehouse" in top.stdout and "exit codes" in top.stdout
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(commands) == {name for name, _, _ in COMMANDS}
    for name, command in commands.items():
        page = command.format_help()
        assert "examples:" in page and f"nianbao {name}" in page and "files:" in page, name


def test_data_tests_say_what_they_did(tmp_path: Path) -> None:
    from tests.warehouse.conftest import FIXTURES, make_config
    from warehouse.build import build_models
    from warehouse.load import load_staging

    shutil.copytree(FIXTURES, tmp_path / "data" / "staging")
    config = make_config(tmp_path / "data")
    load_staging(config)
    assert build_models(config).ok
    result = nianbao(tmp_path / "data", "data-tests")
    assert result.returncode == 0, result.stderr
    assert "published" not in result.stdout.replace("published models", "")
    assert "data tests run on the" in result.stdout and ": pass" in result.stdout
    answer = nianbao(tmp_path / "data", "sql", "select count(*) as n from fct_reports")
    assert answer.returncode == 0 and re.search(r"│\s*5\s*│", answer.stdout), answer.stdout
    _one_line_error(
        nianbao(tmp_path / "data", "sql", "select * from nosuch"), 9, "the query failed", "nosuch"
    )
