"""ruff and mypy are part of the test suite, so a change that breaks them fails CI like any other."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

PACKAGES = ["crawler", "staging", "warehouse", "demo", "nianbao", "benchmarks"]
CHECKS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", *PACKAGES, "tests"],
    "ruff format": [sys.executable, "-m", "ruff", "format", "--check", *PACKAGES, "tests"],
    "mypy": [sys.executable, "-m", "mypy", *PACKAGES],
}


@pytest.mark.parametrize("name", CHECKS)
def test_code_is_clean(name: str) -> None:
    result = subprocess.run(CHECKS[name], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{name} found problems:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
