"""Administrative divisions from cpca's GB/T 2260 data, through our own fast index."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.parsing.record import Region
from crawler.parsing.regions import find_divisions, province_from_mentions, region_from_code, resolve


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("佛山市高明区人民政府行政服务中心", Region("广东省", "佛山市", "高明区", "440608")),
        ("洪泽区人民政府", Region("江苏省", "淮安市", "洪泽区", "320813")),  # county resolves city, province
        ("常德市人民政府政务服务中心", Region("湖南省", "常德市", None, "430700")),
        ("安徽省人民政府", Region("安徽省", None, None, "340000")),
        ("宁国市人民政府", Region("安徽省", "宣城市", "宁国市", "341881")),  # county-level city
        ("北京市海淀区人民政府", Region("北京市", None, "海淀区", "110108")),  # municipality: no city row
        ("平潭综合实验区", Region()),  # not in GB/T 2260: no code invented
    ],
)
def test_resolve(name: str, region: Region) -> None:
    assert resolve(name) == region


def test_an_ambiguous_county_needs_its_city() -> None:
    assert resolve("鼓楼区人民政府") == Region()  # 南京, 徐州, 福州, 开封 all have one
    assert resolve("福州市鼓楼区人民政府").code == "350102"


def test_longest_name_wins_at_each_position() -> None:
    assert [name for name, _ in find_divisions("淮安市淮安区")] == ["淮安市", "淮安区"]


def test_region_from_code_fills_parents() -> None:
    assert region_from_code("510400") == Region("四川省", "攀枝花市", None, "510400")
    assert region_from_code(None) == Region()


def test_province_from_mentions_takes_the_most_named_mainland_province() -> None:
    text = "根据《福建省政府信息公开办法》…转发《江苏省…规范》…贯彻习近平总书记在福建考察时的讲话"
    assert province_from_mentions(text) == Region("福建省", None, None, "350000")
    assert province_from_mentions("建设台湾地区标准题录数据库") == Region()  # not a reporting province
    assert province_from_mentions("福建与江苏") == Region()  # a tie names no one


def test_loading_the_index_does_not_import_pandas() -> None:
    code = (
        "import sys; from crawler.parsing.regions import index; index(); "
        "sys.exit(1 if 'pandas' in sys.modules or 'cpca' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
