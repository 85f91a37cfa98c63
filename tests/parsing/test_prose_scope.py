"""Prose counts that belong to another body, or that include what was never published, are not figures."""

from __future__ import annotations

from crawler.parsing.prose import read_prose


def test_a_count_after_applications_made_to_another_government_is_that_governments() -> None:
    text = (
        "受理公民、法人和其他组织向市政府及市政府办公室提出的政府信息公开申请5件,均在法定时限内予以答复。"
        "信息公开类行政复议1起,正在办理中。"
    )
    reading = read_prose(text, agency="迎宾路街道办事处", year=2021)
    assert "reconsideration_total" not in reading.figures
    own = read_prose(
        "本年度我街道收到政府信息公开申请5件。信息公开类行政复议1起。", agency="迎宾路街道办事处"
    )
    assert own.figures.get("reconsideration_total") == 1


def test_a_count_that_includes_returned_items_is_uncertain() -> None:
    text = "2019年度,我乡政务信息主动公开信息81条,其中退回三条,推送78条。"
    reading = read_prose(text, agency="某某乡人民政府", year=2019)
    assert "proactive_total" not in reading.figures and "proactive_total" in reading.uncertain
    plain = read_prose("2019年度,我乡主动公开政府信息81条。", agency="某某乡人民政府", year=2019)
    assert plain.figures.get("proactive_total") == 81
