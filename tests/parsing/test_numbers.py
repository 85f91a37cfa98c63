"""Numbers as reports write them: numerals, bounds and estimates, units."""

from __future__ import annotations

import pytest

from crawler.parsing.numbers import Quantity, parse_quantity, to_number, to_yuan


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("1075703", 1075703),
        ("1,075,703", 1075703),
        ("9.6", 9.6),
        ("3.0", 3),
        ("三十一", 31),
        ("两", 2),
        ("一千零七十五", 1075),
        ("千", 1000),
    ],
)
def test_to_number(token: str, value: int | float) -> None:
    assert to_number(token) == value


@pytest.mark.parametrize("token", ["", "条", "abc", "1.2.3"])
def test_not_a_number(token: str) -> None:
    assert to_number(token) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500余条", Quantity(500, approximate=True, unit="条")),
        ("约300件", Quantity(300, approximate=True, unit="件")),
        ("近千件", Quantity(1000, approximate=True, unit="件")),
        ("5500多条", Quantity(5500, approximate=True, unit="条")),
        ("9981条", Quantity(9981, approximate=False, unit="条")),
        ("三件", Quantity(3, approximate=False, unit="件")),
        ("9.6万元", Quantity(96000, approximate=False, unit="元")),
        ("1.5亿元", Quantity(150000000, approximate=False, unit="元")),
        ("3940元", Quantity(3940, approximate=False, unit="元")),
        ("0.35万元", Quantity(3500, approximate=False, unit="元")),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["个行政许可项目", " 个", "余条", ""])
def test_placeholder_gap_is_no_quantity(text: str) -> None:
    assert parse_quantity(text) is None


def test_money_is_rounded_to_the_cent() -> None:
    assert to_yuan(0.07, "万元") == 700
    assert to_yuan(1.23456, "元") == 1.23


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2万条", Quantity(12000, approximate=True, unit="条")),  # a count in 万 is rounded
        ("3万余件", Quantity(30000, approximate=True, unit="件")),
        ("2万", Quantity(20000, approximate=True, unit=None)),
        ("3亿元", Quantity(300000000, approximate=False, unit="元")),  # money in its stated unit
    ],
)
def test_scaled_arabic_numbers(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected
