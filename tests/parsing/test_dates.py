"""Dates: regex fast path, dateparser only as a fallback, never for a year alone."""

from __future__ import annotations

import pytest

from crawler.parsing import dates
from crawler.parsing.dates import dates_in, find_date, labelled_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019年1月31日", "2019-01-31"),
        ("2013-03-28", "2013-03-28"),
        ("2013/3/28", "2013-03-28"),
        ("二〇一九年一月三十一日", "2019-01-31"),
        ("二〇二〇年十二月三十一日", "2020-12-31"),
        ("2019 年 10 月 30 日", "2019-10-30"),
        ("２０１９年１月３１日", "2019-01-31"),
        ("发布日期：2020-01-20 15:22", "2020-01-20"),
        ("截至20181231日", "2018-12-31"),
        ("佛山市高明区人民政府行政服务中心 2019年3月13日", "2019-03-13"),
    ],
)
def test_dates_found_by_the_fast_path(text: str, iso: str) -> None:
    assert find_date(text) == iso
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2019111日", "2019年2月30日", "2013-13-01", "第2019号"])
def test_ambiguous_or_impossible_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["2019年", "2019年度", " 2019 ", "2019"])
def test_a_year_alone_never_reaches_dateparser(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> None:
        raise AssertionError("dateparser must not be called for a year alone")

    monkeypatch.setattr(dates, "_dateparser", boom)
    assert parse_date(text) is None


def test_the_fast_path_does_not_call_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> None:
        raise AssertionError("dateparser called although the regex matched")

    monkeypatch.setattr(dates, "_dateparser", boom)
    assert parse_date("2019年1月31日") == "2019-01-31"


def test_dateparser_fallback_reads_what_the_regexes_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = dates._dateparser()

    class Spy:
        @staticmethod
        def parse(text: str, **kwargs: object) -> object:
            calls.append(text)
            return real.parse(text, **kwargs)

    monkeypatch.setattr(dates, "_dateparser", lambda: Spy)
    assert parse_date("30.03.2020") == "2020-03-30"
    assert calls == ["30.03.2020"]
    assert parse_date("2020年3月5号下午") == "2020-03-05"
    assert calls == ["30.03.2020"]


def test_earliest_date_in_the_text_wins() -> None:
    assert find_date("更新于2020-02-02，成文于2020年1月5日") == "2020-02-02"
    assert find_date("成文于2020年1月5日，更新于2020-02-02") == "2020-01-05"


def test_labelled_date() -> None:
    assert labelled_date("来源:安徽省人民政府更新时间:2012-06-05") == "2012-06-05"
    assert labelled_date("www.panzhihua.gov.cn 发布时间:2013-03-28 来源:b") == "2013-03-28"
    assert labelled_date("统计期限自2023年1月1日起") is None


def test_dates_in_reads_every_full_date_and_drops_the_impossible() -> None:
    text = "发布 2024-02-01 更新 2025.6.3 截止2025-13-45 二〇一九年一月三十一日 2019年"
    assert sorted(dates_in(text)) == ["2019-01-31", "2024-02-01", "2025-06-03"]
