"""The index's text store writes in a thread of its own: a text can be read back at once, is on disk after
``flush``, and a write that failed is not lost silently. What the parse worker prepares for the index equals
what the index would compute itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.identity.prepare import content_key, prepare, shingle_key, shingles_of
from crawler.identity.store import TextStore
from crawler.parsing.text import word_characters

TEXT = "本年度共主动公开政府信息1234条，其中通过政府网站公开800条。"


def test_a_text_reads_back_before_and_after_it_is_on_disk(tmp_path: Path) -> None:
    store = TextStore(tmp_path)
    for number in range(40):
        store.put(f"{number:032x}", f"{TEXT}{number}")
    assert store.get(f"{7:032x}") == f"{TEXT}7"  # on disk or still queued: the same answer
    store.flush()
    assert len(list((tmp_path / "texts").rglob("*.txt.gz"))) == 40
    assert not list((tmp_path / "texts").rglob("*.part"))
    assert TextStore(tmp_path).get(f"{39:032x}") == f"{TEXT}39"  # another instance reads the files
    assert store.get("0" * 32 + "ff") is None


def test_a_failed_write_is_raised_by_flush(tmp_path: Path) -> None:
    (tmp_path / "texts").write_text("a file where the folder should be", encoding="utf-8")
    store = TextStore(tmp_path)
    store.put("ab" * 16, TEXT)
    with pytest.raises(OSError):
        store.flush()
    assert store.get("ab" * 16) is None  # never on disk, and no longer queued


def test_prepared_facts_equal_what_the_index_computes() -> None:
    prepared = prepare(TEXT, needs_ocr=False)
    assert prepared.doc_id == content_key(TEXT)
    assert prepared.words == len(word_characters(TEXT))
    assert prepared.text_key == shingle_key(shingles_of(TEXT, False))
