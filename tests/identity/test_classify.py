"""Each class has its own reason; the order of the rules keeps 雷同 and corrections apart from copies."""

from __future__ import annotations

from dataclasses import replace

from crawler.identity.classify import EntryFacts, classify_pair, figure_agreement, title_key
from crawler.identity.facts import MatchKind

OLD = EntryFacts("a", "a", "泰州市政府", 2019, {"x": 1, "y": 2}, "html", False, "年报", "t1")


def test_figure_agreement_ignores_keys_one_side_lacks() -> None:
    assert figure_agreement({"x": 1, "y": 2}, {"x": 1}) == 1.0
    assert figure_agreement({"x": 1, "y": 2}, {"x": 1, "y": 3}) == 0.5
    assert figure_agreement({"x": 1}, {"z": 1}) is None


def test_rules() -> None:
    def kind(**changes: object) -> MatchKind:
        new = replace(OLD, doc_id="b", **changes)  # type: ignore[arg-type]
        return classify_pair(new, OLD, figure_agreement(new.figures, OLD.figures))

    assert kind() is MatchKind.EXACT_COPY
    assert kind(text_key="t2") is MatchKind.MIRROR
    assert kind(format_family="pdf") is MatchKind.FORMAT_PAIR
    assert kind(figures={"x": 1, "y": 3}) is MatchKind.CORRECTION
    assert kind(figures={"x": 1, "y": 3}, format_family="pdf") is MatchKind.CORRECTION
    assert kind(agency_key="兴化市政府", text_key="t2") is MatchKind.COPIED_REPORT
    # Another agency with other figures only shares a template; another year is next year's report.
    assert kind(agency_key="兴化市政府", figures={"x": 5, "y": 6}) is MatchKind.NEW
    assert kind(report_year=2020, figures={"x": 5, "y": 6}) is MatchKind.NEW
    assert kind(agency_key=None, text_key="t2") is MatchKind.MIRROR  # an unknown agency is no evidence


def test_title_key_drops_version_markers() -> None:
    assert title_key("泰州市2019年政府信息公开工作年度报告（图片版）") == title_key(
        "泰州市2019年政府信息公开工作年度报告"
    )
    assert title_key("【文字版】年报 2019") == "年报2019"
