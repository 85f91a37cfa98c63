"""``nianbao crawl --workers`` / ``--join`` refusals: one line on stderr, exit status 2, no run folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.distributed import redis_server
from nianbao.cli import main


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NIANBAO_THROTTLE", "0")
    monkeypatch.delenv("NIANBAO_REDIS_URL", raising=False)
    return tmp_path / "data"


def test_workers_without_redis_server_is_one_line_and_no_run(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(redis_server, "redis_server_path", lambda: None)
    assert main(["crawl", "--demo", "--workers", "2"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("nianbao crawl: redis-server is not installed") and "\n" not in error
    assert not any((data_dir / "staging").glob("*"))


def test_a_redis_that_does_not_answer_is_refused_before_any_run(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"unix://{data_dir.parent / 'nobody.sock'}?db=0"
    assert main(["crawl", "--demo", "--workers", "2", "--redis", missing]) == 2
    assert "does not answer" in capsys.readouterr().err
    assert not any((data_dir / "staging").glob("*"))


def test_join_needs_a_redis_and_an_existing_crawl(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "--join", "20260101T000000Z-abcd"]) == 2
    assert "--join needs the crawl's Redis" in capsys.readouterr().err
    assert main(["crawl", "--join", "20260101T000000Z-abcd", "--redis", "redis://127.0.0.1:1/0"]) == 2
    assert "no crawl 20260101T000000Z-abcd" in capsys.readouterr().err


def test_workers_must_be_at_least_one(data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["crawl", "--demo", "--workers", "0"])
    assert exit_.value.code == 2
