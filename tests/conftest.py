"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import Config, load_config

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tmp_config(tmp_path: Path) -> Config:
    """A default configuration whose data directory is a fresh temporary folder (throttling off)."""
    return load_config({"NIANBAO_DATA_DIR": str(tmp_path / "data"), "NIANBAO_THROTTLE": "0"})
