"""An agency followed across a rename and a division-code change keeps one stable id, so one series."""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict

import pytest

from crawler.identity import AgencyResolver, Crosswalk, DivisionCodes
from crawler.identity.crosswalk import RENAMES_CSV
from crawler.identity.divisions import DIVISIONS_CSV


@pytest.fixture(scope="module")
def resolver() -> AgencyResolver:
    return AgencyResolver()


# 洪泽县 became 淮安市洪泽区 in 2016 (code 320829 → 320813); its 国土资源局 became 自然资源局 in the
# 2018–2019 reform. Figures are made up; the names, codes and years are real.
HONGZE_LAND = [
    ("洪泽县国土资源局", 2014, 11),
    ("洪泽县国土资源局", 2015, 12),
    ("淮安市洪泽区国土资源局", 2016, 13),
    ("淮安市洪泽区国土资源局", 2017, 14),
    ("淮安市洪泽区自然资源局", 2019, 16),
    ("洪泽区 自然资源局", 2020, 17),
]


def test_rename_and_code_change_keep_one_continuous_series(resolver: AgencyResolver) -> None:
    series: defaultdict[str, dict[int, int]] = defaultdict(dict)
    for name, year, applications in HONGZE_LAND:
        series[resolver.resolve(name, year).stable_id][year] = applications
    assert list(series) == ["320813/自然资源"]
    years = sorted(series["320813/自然资源"])
    values = series["320813/自然资源"]
    changes = {year: values[year] - values[prior] for prior, year in itertools.pairwise(years)}
    assert changes == {2015: 1, 2016: 1, 2017: 1, 2019: 2, 2020: 1}


def test_division_code_history_with_years(resolver: AgencyResolver) -> None:
    hongze = resolver.resolve("洪泽县国土资源局", 2015)
    assert (hongze.division_code, hongze.current_division_code) == ("320829", "320813")
    [county] = [v for v in resolver.division_history("320829") if v.valid_to == 2016]
    assert (county.name, county.status, county.successor_codes) == ("洪泽县", "弃用", ("320813",))
    # 姜堰市 (321284) became 泰州市姜堰区 (321204) in 2012.
    assert (
        resolver.resolve("姜堰市人民政府", 2011).stable_id
        == resolver.resolve("泰州市姜堰区人民政府", 2013).stable_id
    )


def test_ambiguous_place_names_fall_back_to_the_parsers_region_code(resolver: AgencyResolver) -> None:
    # Two 清河区 existed until 2016 (铁岭 and 淮安): the name alone locates neither.
    assert resolver.resolve("清河区人民政府", 2014).division_code is None
    assert resolver.resolve("清河区人民政府", 2014, region_code="320802").current_division_code == "320812"
    assert resolver.resolve("淮安市清河区人民政府", 2014).division_code == "320802"


def test_mergers_join_their_predecessors_lineage(resolver: AgencyResolver) -> None:
    names = [
        ("泰州市工商行政管理局", 2017),
        ("泰州市食品药品监督管理局", 2017),
        ("泰州市市场监督管理局", 2019),
    ]
    merged = {resolver.resolve(name, year).stable_id for name, year in names}
    assert merged == {"321200/市场监管"}
    assert resolver.resolve("泰州市民政局", 2019).stable_id == "321200/民政局"


def test_an_office_keeps_its_own_id_and_names_its_government(resolver: AgencyResolver) -> None:
    office = resolver.resolve("泰州市人民政府办公室", 2019)
    government = resolver.resolve("泰州市政府", 2019)
    assert office.stable_id != government.stable_id
    assert office.parent_key == government.key


def test_without_a_place_no_lineage_joins_different_cities(resolver: AgencyResolver) -> None:
    assert resolver.resolve("某某国土资源局", 2015).stable_id == "?/某某国土资源局"


def test_crosswalk_rows_are_cited_and_dated() -> None:
    crosswalk = Crosswalk.from_csv()
    assert crosswalk.renames
    for rename in crosswalk.renames:
        assert rename.source and rename.lineage and rename.kind in {"rename", "merger", "alias"}
        if rename.kind != "alias":
            assert rename.valid_to is not None and rename.valid_from is not None
    assert {r.new_name for r in crosswalk.successors("国土资源局")} == {"自然资源局", "自然资源和规划局"}
    with RENAMES_CSV.open(encoding="utf-8") as rows:
        assert all(row["source"] for row in csv.DictReader(rows))


def test_division_rows_carry_their_source() -> None:
    with DIVISIONS_CSV.open(encoding="utf-8") as rows:
        assert all(row["source"] for row in csv.DictReader(rows))
    assert DivisionCodes.from_csv().current_code("320829") == "320813"
