"""Normalisation: NFKC, traditional -> simplified, whitespace, script detection."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.parsing.text import (
    detect_script,
    nfkc,
    normalise,
    normalise_cells,
    prepare,
    tidy,
    to_simplified,
)


def test_full_width_digits_and_punctuation_become_half_width() -> None:
    assert tidy("全年受理申请１２３件，（一）予以公开：５件") == "全年受理申请123件,(一)予以公开:5件"


@pytest.mark.parametrize(
    "text",
    [
        "全年受理申请１２３件，（一）予以公开：５件",
        "ＡＢＣ　ｄｅｆ ﬁ ① ㈠ 〇 “引号” 《条例》 、。",
        "e\u0301 ｶﾀｶﾅ",
    ],
)
def test_partial_nfkc_equals_full_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_traditional_is_converted_and_original_script_detected() -> None:
    original = "攀枝花市2012年政府信息公開工作年度報告。全年主動公開信息數量1075703條"
    assert to_simplified(original).startswith("攀枝花市2012年政府信息公开工作年度报告")
    assert detect_script(original) == "traditional"
    assert detect_script(to_simplified(original)) == "simplified"


def test_simplified_text_is_detected_as_simplified() -> None:
    assert detect_script("本年度累计主动公开政府信息500余条，全文电子化率达100%。") == "simplified"
    assert detect_script("no Chinese at all") == "simplified"


def test_layout_spaces_inside_words_go_but_spaces_between_digits_stay() -> None:
    text = "2024 年，主动公开政府信息 5500 余条\n社会公益 组织\n本年新收政府信息公开申请数量230 000023"
    assert (
        tidy(text) == "2024年,主动公开政府信息5500余条\n社会公益组织\n本年新收政府信息公开申请数量230 000023"
    )


def test_blank_lines_collapse_and_lines_are_stripped() -> None:
    assert tidy("  一、概述  \n\n\n\n  正文  \r\n") == "一、概述\n\n正文"


def test_prepare_keeps_original_and_normalises_body() -> None:
    prepared = prepare("全年主動公開信息數量１０條")
    assert prepared.original == "全年主動公開信息數量１０條"
    assert prepared.text == "全年主动公开信息数量10条"
    assert prepared.script == "traditional"
    assert normalise("全年主動公開") == "全年主动公开"


def test_cells_are_normalised_one_line_each() -> None:
    cells = ["（一）予以公開", "社會公益\n組織", "", " 1 2 ", "總計：７"]
    assert normalise_cells(cells) == ["(一)予以公开", "社会公益组织", "", "1 2", "总计:7"]
    assert normalise_cells([]) == []
