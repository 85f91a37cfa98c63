"""An agency's key survives the usual ways its name is written; an office is linked to its government."""

from __future__ import annotations

import pytest

from crawler.identity import agency_key, agency_name


@pytest.mark.parametrize(
    "variant",
    [
        "泰州市人民政府",
        "泰州市政府",
        " 泰州市 人民政府 ",
        "泰州市\u3000人民政府",
        "【泰州市人民政府】",
        "泰州市人民政府（本级）",
    ],
)
def test_government_variants_share_one_key(variant: str) -> None:
    assert agency_key(variant) == "泰州市政府"


def test_traditional_script_is_simplified() -> None:
    assert agency_key("泰州市國土資源局") == agency_key("泰州市国土资源局")
    assert agency_key("臺州市人民政府辦公室") == "台州市政府办公室"


def test_an_office_is_a_linked_sub_unit_not_its_government() -> None:
    for name in ("泰州市人民政府办公室", "泰州市政府办", "泰州市政府辦公室"):
        office = agency_name(name)
        assert office.key == "泰州市政府办公室"
        assert office.parent_key == "泰州市政府"
    assert agency_name("泰州市人民政府").parent_key is None
    assert agency_name("中共泰州市委办公室").parent_key is None  # not a government's office


def test_courts_keep_their_people() -> None:
    assert agency_key("泰州市中级人民法院") == "泰州市中级人民法院"
    assert agency_key("泰州市人民检察院") == "泰州市人民检察院"
