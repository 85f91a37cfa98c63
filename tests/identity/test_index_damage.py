"""A save cut short leaves a torn last entry line: the index opens without it, indexes its document again
when next seen, and the save after that is read back whole. A garbled line before the last is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.identity import MatchKind, NearDupIndex, ReportFacts
from crawler.identity.store import ENTRIES

TEXTS = {
    f"d{n}": f"第{n}号报告。" + "本机关依法公开政府信息，" * 5 + f"共{n}件。" * 3 + "甲乙丙丁戊己" * n
    for n in range(4)
}


def _facts(doc_id: str) -> ReportFacts:
    return ReportFacts(doc_id, f"某县{doc_id}局", 2020, TEXTS[doc_id], {"applications_new": 1})


def _index(directory: Path) -> NearDupIndex:
    return NearDupIndex(TEXTS.get, directory)


def test_a_torn_last_entry_is_cut_off_and_indexed_again(tmp_path: Path) -> None:
    index = _index(tmp_path)
    for doc_id in TEXTS:
        index.add(_facts(doc_id))
    index.save()
    entries = tmp_path / ENTRIES
    entries.write_bytes(entries.read_bytes()[:-20])  # the last line torn mid-way
    reopened = _index(tmp_path)
    assert len(reopened) == 3 and "d3" not in reopened and "d2" in reopened
    assert reopened.add(_facts("d3")).kind is MatchKind.NEW
    reopened.save()
    again = _index(tmp_path)
    assert len(again) == 4 and again.add(_facts("d3")).kind is MatchKind.EXACT_COPY


def test_a_garbled_line_before_the_last_is_named(tmp_path: Path) -> None:
    index = _index(tmp_path)
    for doc_id in TEXTS:
        index.add(_facts(doc_id))
    index.save()
    entries = tmp_path / ENTRIES
    lines = entries.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = "{garbled\n"
    entries.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{ENTRIES}:2: not an index entry"):
        _index(tmp_path)
