"""``nianbao parse``: one JSON line per file, in order, UTF-8; unreadable files still get their line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.parsing.cli import parse_paths
from crawler.parsing.record import CONTRACT_FIELDS

SEEDS = Path(__file__).parent / "data" / "seeds"


def run(paths: list[str]) -> tuple[int, list[dict[str, Any]], str]:
    out = io.StringIO()
    code = parse_paths(paths, out)
    text = out.getvalue()
    return code, [json.loads(line) for line in text.splitlines()], text


def test_one_line_per_file_in_order_with_errors_in_place(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02\xff\xfe binary noise \x00" * 10)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    gbk = tmp_path / "report.txt"
    gbk.write_bytes("某县人民政府2015年政府信息公开工作年度报告\n本年度主动公开政府信息320条。".encode("gbk"))
    seed = SEEDS / "004_86f14a9c844d59f4.txt"
    paths = [str(seed), str(junk), str(tmp_path / "missing.pdf"), str(empty), str(gbk), str(tmp_path)]

    code, records, text = run(paths)

    assert code == 0
    assert [r["path"] for r in records] == paths
    ok, bad_junk, missing, bad_empty, gbk_record, directory = records
    assert ok["error"] is None
    assert ok["agency"] == "攀枝花市人民政府" and ok["script"] == "traditional"
    assert ok["region"] == {"province": "四川省", "city": "攀枝花市", "county": None, "code": "510400"}
    assert ok["figures"]["proactive_total"] == 1075703
    assert ok["issues"][0]["code"] == "proactive_breakdown_mismatch"
    for failed in (bad_junk, missing, bad_empty, directory):
        assert isinstance(failed["error"], str) and failed["error"]
        assert all(failed[key] is None for key in CONTRACT_FIELDS)
    assert missing["error"].startswith("unreadable")
    assert gbk_record["figures"] == {"proactive_total": 320}  # GBK bytes read as GBK
    assert "攀枝花市人民政府" in text  # ensure_ascii=False: Chinese as UTF-8, not \\u escapes


def test_every_contract_field_is_present(tmp_path: Path) -> None:
    _, records, _ = run([str(SEEDS / "000_121fc4c901428762.txt")])
    assert {"path", "error", *CONTRACT_FIELDS} <= set(records[0])
    assert records[0]["approximate"] == ["proactive_total"]


def test_no_paths_is_a_usage_error() -> None:
    assert parse_paths([], io.StringIO()) == 2


def test_the_command_writes_utf8_whatever_the_locale(tmp_path: Path) -> None:
    env = {"PYTHONIOENCODING": "ascii", "PATH": ""}
    seed = str(SEEDS / "002_2c1bf01b1788f7cf.txt")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from nianbao.cli import main; sys.exit(main(sys.argv[1:]))",
            "parse",
            seed,
        ],
        capture_output=True,
        env=env,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    record = json.loads(result.stdout.decode("utf-8"))
    assert record["agency"] == "佛山市高明区人民政府行政服务中心"
