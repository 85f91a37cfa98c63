"""``nianbao portals``: list, show, add, import (all rows or none) and check, which finds the 年报 column, the
CMS family, the first list page and a report on a real TRS page replayed from loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.registry import load_portals
from crawler.spiders.detect import detect_family
from nianbao.cli import main
from tests.markup_server import MARKUP, host_of, serving

CASE = "trs-ordos-egb"


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    for name in ("NIANBAO_CONTACT", "NIANBAO_REGISTRY", "NIANBAO_ALERT_COMMAND"):
        monkeypatch.delenv(name, raising=False)


def _add(registry: Path, slug: str, *extra: str) -> int:
    return main(
        ["portals", "--registry", str(registry), "add", "--slug", slug, "--host", f"{slug}.markup.test",
         "--agency", "鄂尔多斯市恩格贝生态示范区管理委员会", "--division-code", "150600", "--family", "trs",
         *extra]
    )  # fmt: skip


def test_add_list_show_and_a_duplicate_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = tmp_path / "portals.toml"
    assert _add(registry, "egb", "--column-urls", "http://egb.markup.test/xxgk/xxgknb/index.html") == 0
    before = registry.read_text(encoding="utf-8")
    assert _add(registry, "egb") == 2  # taken slug: one line, nothing written
    assert "duplicate portal slugs" in capsys.readouterr().err
    assert registry.read_text(encoding="utf-8") == before
    assert main(["portals", "--registry", str(registry), "list"]) == 0
    assert "egb\ttrs\t150600" in capsys.readouterr().out
    assert main(["portals", "--registry", str(registry), "show", "egb"]) == 0
    shown = capsys.readouterr().out
    assert 'column_urls = ["http://egb.markup.test/xxgk/xxgknb/index.html"]' in shown
    (portal,) = load_portals(registry)
    assert portal.column_urls == ("http://egb.markup.test/xxgk/xxgknb/index.html",)


def test_import_writes_every_row_or_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = tmp_path / "portals.toml"
    good = tmp_path / "good.csv"
    good.write_text(
        "slug,host,agency,division_code,family,column_urls,years_expected,options,provenance\n"
        "a,a.test,甲局,430700,plain,http://a.test/1.html http://a.test/2.html,2022 2023,"
        "item_selector=ul.x_li_a,http://a.test/\n"
        "b,b.test,乙局,440500,gkmlpt,http://b.test/gkmlpt/index#12,,catid=12,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "slug,host,agency,division_code,family,colum_urls\nc,c.test,丙,1,trs,x\n", encoding="utf-8"
    )
    assert main(["portals", "--registry", str(registry), "import", str(bad)]) == 2
    assert "unknown key(s) ['colum_urls']" in capsys.readouterr().err and not registry.exists()
    assert main(["portals", "--registry", str(registry), "import", str(good)]) == 0
    a, b = load_portals(registry)
    assert a.column_urls == ("http://a.test/1.html", "http://a.test/2.html") and a.years_expected == (
        2022,
        2023,
    )
    assert a.options == {"item_selector": "ul.x_li_a"} and a.provenance == "http://a.test/"
    assert b.options == {"catid": "12"}


def test_check_finds_column_family_list_and_report_on_real_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = tmp_path / "portals.toml"
    with serving() as sites:
        # No column registered and the family guessed wrong: check says what the site really is.
        home = sites.url(CASE, "/xxgk/xxgknb/index.html")
        assert main(
            ["portals", "--registry", str(registry), "add", "--slug", "egb", "--host", host_of(CASE),
             "--agency", "恩格贝", "--division-code", "150600", "--family", "plain", "--home-url", home]
        ) == 0  # fmt: skip
        capsys.readouterr()
        code = main(["portals", "--registry", str(registry), "check", "egb"])
        asked = [path for _, path in sites.requests]
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"年报 column: {sites.url(CASE, '/xxgk/xxgknb/')}" in out
    assert "CMS family: trs (registered: plain)" in out
    assert "first list page: 10 entries" in out
    assert "鄂尔多斯市2019年政府信息公开工作年度报告" in out
    assert "first report:" in out and "fetched: ok" in out and out.rstrip().endswith("egb: OK")
    assert asked[0] == "/robots.txt"  # asked before anything else


def test_check_refuses_examples_and_real_hosts_without_contact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portals", "check", "example-mva"]) == 2
    assert "example_only" in capsys.readouterr().err
    registry = tmp_path / "portals.toml"
    registry.write_text(
        '[[portal]]\nslug = "r"\nhost = "www.example.org"\nagency = "某局"\ndivision_code = "110000"\n'
        'family = "trs"\ncolumn_urls = ["http://www.example.org/"]\n',
        encoding="utf-8",
    )
    assert main(["portals", "--registry", str(registry), "check", "r"]) == 2
    assert "NIANBAO_CONTACT" in capsys.readouterr().err


def test_family_marks_on_the_real_page() -> None:
    page = (MARKUP / CASE / "list.html").read_text(encoding="utf-8")
    assert detect_family("http://x.test/xxgk/xxgknb/", page) == "trs"
    assert detect_family("http://x.test/a", "<ul><li><a href='a.html'>a</a></li></ul>") == "plain"


def test_the_guide_documents_every_registry_key_and_option() -> None:
    from crawler.registry import KEYS, OPTIONS
    from crawler.spiders.families import FAMILIES
    from tests.conftest import REPO_ROOT

    guide = (REPO_ROOT / "docs" / "adding-a-portal.md").read_text(encoding="utf-8")
    for name in sorted(KEYS | OPTIONS | set(FAMILIES)):
        assert f"| `{name}` |" in guide, name


def test_every_real_entry_shipped_says_where_its_address_was_published() -> None:
    from crawler.registry import PORTALS_DIR

    real = [p for p in load_portals(PORTALS_DIR, include_examples=True) if not p.is_loopback]
    assert real, "the shipped registry documents real portals"
    assert [p.slug for p in real if len(p.provenance) < 20] == []
