"""``nianbao crawl`` on a registry of non-demo portals: a real TRS column page (``tests/fixtures/markup``)
replayed from loopback, chosen with ``--portal`` and limited with ``--years``; the refusals come as one line
with an exit status, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from crawler.selection import SelectionError, division_prefix, parse_years, select_portals, title_year
from nianbao.cli import main
from staging.runs import read_jsonl
from tests.markup_server import MarkupSites, host_of, serving

COLUMN = "/xxgk/xxgknb/index.html"


def _registry(path: Path, sites: MarkupSites) -> Path:
    case = "trs-ordos-egb"
    path.write_text(
        f"""
[[portal]]
slug = "ordos-egb"
host = "{host_of(case)}"
agency = "鄂尔多斯市恩格贝生态示范区管理委员会"
division_code = "150600"
family = "trs"
column_urls = ["{sites.url(case, COLUMN)}"]

[[portal]]
slug = "other"
host = "other.markup.test"
agency = "某局"
division_code = "430700"
family = "plain"
column_urls = ["{sites.url("other", "/list.html")}"]
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    monkeypatch.setenv("NIANBAO_THROTTLE", "0")
    for name in ("NIANBAO_CONTACT", "NIANBAO_REGISTRY", "NIANBAO_ALERT_COMMAND"):
        monkeypatch.delenv(name, raising=False)
    return data


def _only_run(data: Path) -> Path:
    (run,) = [p for p in (data / "staging").iterdir() if p.is_dir() and not p.name.startswith("_")]
    return run


def test_registry_crawl_selects_portal_and_years_on_real_markup(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NIANBAO_CONTACT", "ops@example.org")
    never = tmp_path / "alert.json"  # no error alarm: the alert command is not run
    monkeypatch.setenv("NIANBAO_ALERT_COMMAND", f"touch {never}")
    with serving() as sites:
        registry = _registry(tmp_path / "portals.toml", sites)
        code = main(["crawl", "--registry", str(registry), "--portal", "ordos-egb", "--years", "2019"])
        asked = list(sites.requests)
        agents = set(sites.agents)
    err = capsys.readouterr().err
    assert code == 0, err
    run = _only_run(env)
    record = json.loads((run / "run.json").read_text(encoding="utf-8"))
    assert record["mode"] == "registry" and record["years_selected"] == [2019]
    assert list(record["portals"]) == ["ordos-egb"]  # --portal left the other one out
    assert not any(host.startswith("other.") for host, _ in asked)
    events = read_jsonl(run / "crawl_events.jsonl")
    skipped = {e["url"].rsplit("/", 1)[1] for e in events if e["reason"] == "year_not_selected"}
    # Link texts naming another year (the 2018 reports, the 2020 and 2018 meetings, the 2017 work plan)
    # are not asked for; texts naming no year (2016，恩格贝… has no 年) are.
    assert skipped == {
        "t20190530_2380968.html",
        "t20190530_2380967.html",
        "t20200506_2633371.html",
        "t20181102_2290635.html",
        "t20180525_2166460.html",
    }
    paths = {path for _, path in asked}
    assert "/xxgk/xxgknb/index_1.html" in paths  # the real pager (var countPage = 2) was read
    reports = read_jsonl(run / "reports.jsonl")
    assert sorted(r["report_year"] for r in reports) == [2019, 2019]
    assert agents and all("contact: ops@example.org" in agent for agent in agents)
    assert not never.exists()
    # Progress, as plain lines (stderr is no terminal here); the last line agrees with the run's events.
    pages = sum(1 for e in events if e["role"] == "list")
    documents = sum(1 for e in events if e["role"] in {"page", "attachment"} and e["outcome"] == "fetched")
    failures = sum(1 for e in events if e["outcome"] in {"failed", "blocked"})
    last = f"done ordos-egb: {pages} list pages, {documents} documents, {failures} failures"
    assert err.splitlines()[-1] == last, err


def test_a_registry_crawl_without_a_contact_refuses_to_start(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serving() as sites:
        registry = _registry(tmp_path / "portals.toml", sites)
        code = main(["crawl", "--registry", str(registry)])
        asked = list(sites.requests)
    err = capsys.readouterr().err
    assert code == 2 and asked == []
    assert err.count("\n") == 1 and "NIANBAO_CONTACT" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--portal", "nosuch"], "no portal nosuch"),
        (["--years", "2025-2019"], "not a range"),
        (["--province", "430700"], "province's code"),
        (["--division", "43"], "six-digit"),
    ],
)
def test_bad_choices_are_one_line_errors(
    env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    says: str,
) -> None:
    monkeypatch.setenv("NIANBAO_CONTACT", "ops@example.org")
    registry = tmp_path / "portals.toml"
    registry.write_text(
        '[[portal]]\nslug = "a"\nhost = "a.test"\nagency = "甲"\ndivision_code = "430000"\n'
        'family = "plain"\ncolumn_urls = ["http://a.test/"]\n',
        encoding="utf-8",
    )
    assert main(["crawl", "--registry", str(registry), *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_a_broken_registry_is_a_one_line_error(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = tmp_path / "portals.toml"
    registry.write_text('[[portal]]\nslug = "a"\nhots = "typo"\n', encoding="utf-8")
    assert main(["crawl", "--registry", str(registry)]) == 2
    assert "unknown key(s) ['hots']" in capsys.readouterr().err


def test_selection_rules() -> None:
    assert parse_years("2019-2021,2024") == (2019, 2020, 2021, 2024)
    with pytest.raises(SelectionError):
        parse_years("19-21")
    assert division_prefix("430000") == "43" and division_prefix("430702") == "430702"
    assert title_year("鄂尔多斯市2019年政府信息公开工作年度报告") == 2019
    assert title_year("2016，恩格贝，精彩继续！") is None  # no 年: not a report year, fetched
    from crawler.registry import Portal

    portals = [
        Portal("a", "a.test", "甲", "430702", "plain", ("http://a.test/",)),
        Portal("b", "b.test", "乙", "440500", "plain", ("http://b.test/",)),
    ]
    assert [p.slug for p in select_portals(portals, divisions=["430000"])] == ["a"]
    assert [p.slug for p in select_portals(portals)] == ["a", "b"]
    with pytest.raises(SelectionError):
        select_portals(portals, divisions=["110000"])


def test_crawl_help_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["crawl", "--help"])
    out = capsys.readouterr().out
    for option in ("--portal", "--province", "--division", "--registry", "--years", "--demo"):
        assert option in out
    assert sys.executable  # the crawl itself runs in a child interpreter


def test_a_failing_portal_fires_the_alert_command_with_the_alarms(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    received = tmp_path / "alert.json"
    hook = f"import sys, pathlib; pathlib.Path({str(received)!r}).write_text(sys.stdin.read())"
    monkeypatch.setenv("NIANBAO_CONTACT", "ops@example.org")
    monkeypatch.setenv("NIANBAO_ALERT_COMMAND", f"{sys.executable} -c {hook!r}")
    with serving() as sites:
        registry = tmp_path / "portals.toml"
        registry.write_text(  # a real TRS page's site, but the column moved: the registered one is a 404
            f'[[portal]]\nslug = "moved"\nhost = "{host_of("trs-ordos-egb")}"\nagency = "恩格贝"\n'
            f'division_code = "150600"\nfamily = "trs"\n'
            f'column_urls = ["{sites.url("trs-ordos-egb", "/xxgk/old/index.html")}"]\n',
            encoding="utf-8",
        )
        code = main(["crawl", "--registry", str(registry)])
    err = [
        line for line in capsys.readouterr().err.splitlines() if not line.startswith(("done ", "crawling "))
    ]
    assert code == 1 and len(err) == 1 and "zero_reports" in err[0]
    payload = json.loads(received.read_text(encoding="utf-8"))
    assert payload["status"] == "failed" and payload["mode"] == "registry"
    assert [(a["level"], a["code"], a["portal"]) for a in payload["alarms"]] == [
        ("error", "zero_reports", "moved")
    ]
    assert payload["run_id"] == _only_run(env).name


def test_without_a_registry_the_demo_is_crawled_and_choices_apply_to_it(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from crawler.config import load_config
    from nianbao.crawl_cli import registry_path

    assert registry_path(load_config(), None) is None  # shipped: example-only entries and an empty file
    assert main(["crawl", "--portal", "changde", "--years", "2012"]) == 0, capsys.readouterr().err
    record = json.loads((_only_run(env) / "run.json").read_text(encoding="utf-8"))
    assert record["mode"] == "demo" and list(record["portals"]) == ["changde"]
    assert record["portals"]["changde"]["years"] == [2012]
