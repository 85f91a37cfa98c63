"""Outline sections (要素齐全): which sections of the outline in force a report's text carries."""

from __future__ import annotations

import pytest

from crawler.parsing import parse_document
from crawler.parsing.sections import OUTLINE_2019, OUTLINE_PROSE, outline_sections
from demo.synth import Era, generate_report

SIX_HEADINGS = (
    "一、总体情况\n本机关认真贯彻条例。\n二、主动公开政府信息情况\n（表）\n三、收到和处理政府信息公开申请情况\n（表）\n"
    "四、政府信息公开行政复议、行政诉讼情况\n（表）\n五、存在的主要问题及改进情况\n问题一。\n六、其他需要报告的事项\n无。"
)
PROSE = (
    "一、概述\n二、主动公开政府信息的情况\n三、依申请公开政府信息和不予公开政府信息的情况\n"
    "四、政府信息公开的收费及减免情况\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n"
    "六、政府信息公开工作存在的主要问题及改进情况\n七、其他需要报告的事项"
)


def test_a_full_2021_outline_has_all_six_sections_in_order() -> None:
    assert outline_sections(SIX_HEADINGS, "2021") == list(OUTLINE_2019)


def test_missing_sections_are_left_out() -> None:
    text = SIX_HEADINGS.split("五、")[0]  # cut after section four
    assert outline_sections(text, "2019") == [
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
    ]


def test_a_prose_report_is_held_to_the_2008_outline() -> None:
    assert outline_sections(PROSE, "prose") == list(OUTLINE_PROSE)
    without_fees = PROSE.replace("四、政府信息公开的收费及减免情况\n", "")
    assert "fees" not in outline_sections(without_fees, "prose")


def test_an_unknown_template_has_no_outline_to_check() -> None:
    assert outline_sections(SIX_HEADINGS, "unknown") == []
    assert outline_sections(SIX_HEADINGS, None) == []


@pytest.mark.parametrize("era", [Era.T2019, Era.T2021])
def test_a_generated_report_parses_with_its_six_sections(era: str) -> None:
    report = generate_report(7, era=era)
    record = parse_document(report.body, content_type=report.content_type, filename=report.filename)
    assert record.template == era
    assert record.sections == list(OUTLINE_2019)
