"""The registry is strict: a key or option it does not know is an error, not silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.registry import RegistryError, load_portals
from demo.portals import demo_portals

ENTRY = 'slug = "a"\nhost = "www.a.gov.cn.test"\nagency = "甲"\ndivision_code = "430700"\nfamily = "trs"\n'


def _registry(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_entry_loads(tmp_path: Path) -> None:
    [portal] = load_portals(_registry(tmp_path, "[[portal]]\n" + ENTRY + "years_expected = [2020]\n"))
    assert (portal.slug, portal.years_expected, portal.discovers) == ("a", (2020,), True)


@pytest.mark.parametrize(
    "extra",
    [
        'encoding = "gbk"\n',
        'colum_urls = ["http://www.a.gov.cn.test/x/"]\n',
        'options = { only_faults = "1" }\n',
    ],
)
def test_unknown_keys_and_options_are_refused(tmp_path: Path, extra: str) -> None:
    with pytest.raises(RegistryError, match="unknown"):
        load_portals(_registry(tmp_path, "[[portal]]\n" + ENTRY + extra))


def test_missing_keys_and_unknown_tables_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="missing"):
        load_portals(_registry(tmp_path, '[[portal]]\nslug = "a"\n'))
    with pytest.raises(RegistryError, match="unknown table"):
        load_portals(_registry(tmp_path, "[states]\n[[portal]]\n" + ENTRY))


def test_the_shipped_registries_load() -> None:
    assert all(p.example_only for p in load_portals(include_examples=True))
    assert {"wenshan", "shunyi"} <= {p.slug for p in demo_portals(faults=True)}
    assert not {"wenshan", "shunyi"} & {p.slug for p in demo_portals()}
