"""Issue 12: documents are extracted and parsed in a pool of worker processes (``NIANBAO_PARSE_WORKERS``).

A rebuild with several workers stages exactly what a one-worker rebuild stages, line for line and in the
same order (the pool reads ahead, the chain after it finishes documents in the archive's order), on the
archive of a real crawl of the demo portals (the crawl itself ran with one worker per core).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from crawler.config import InvalidSettingError
from crawler.identity.facts import MatchKind, ReportFacts
from crawler.identity.index import NearDupIndex
from crawler.identity.prepare import content_key, prepare
from crawler.identity.shingles import jaccard
from crawler.replay import rebuild
from demo.content import seed
from demo.web import corrected
from staging.runs import read_jsonl
from tests.crawler.conftest import config_for, shared_once
from tests.crawler.test_crawl import _crawl_demo


def _rebuilt(archive: Path, folder: Path, workers: int) -> Path:
    """A rebuild of a copy of ``archive`` with ``workers`` parse workers."""
    data = folder / "data"
    shutil.copytree(archive, data / "archive")
    config = config_for(str(data), parse_workers=str(workers))
    assert config.parse_worker_count == workers
    return rebuild(config)


def _without_run_id(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows minus what differs between two runs of the same input: the run id, and an event's ``at`` (the
    clock when a replay records a document)."""
    return [{**row, "run_id": None, **({"at": None} if "at" in row else {})} for row in rows]


def test_a_rebuild_with_a_pool_of_workers_stages_what_one_worker_stages(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    shared = shared_once(tmp_path_factory, "crawl", _crawl_demo)
    archive = Path(shared["data_dir"]) / "archive"
    one = _rebuilt(archive, tmp_path / "one", workers=1)
    pool = _rebuilt(archive, tmp_path / "pool", workers=3)  # more workers than this machine's 2 cores
    reports = read_jsonl(one / "reports.jsonl")
    assert len(reports) > 10  # the demo's reports, not an empty run compared with another
    for name in ("reports.jsonl", "crawl_events.jsonl", "identities.jsonl"):
        assert _without_run_id(read_jsonl(pool / name)) == _without_run_id(read_jsonl(one / name)), name
    stats = [json.loads((run / "run.json").read_text(encoding="utf-8"))["stats"] for run in (one, pool)]
    assert stats[0] == stats[1]  # the same documents extracted, parsed, skipped and staged
    assert stats[0]["nianbao/extract/ok"] == stats[0]["nianbao/parse/ok"] > 10


def test_the_worker_count_is_a_checked_setting() -> None:
    assert config_for("data").parse_worker_count >= 1  # 0 (the default): one per core
    assert config_for("data", parse_workers="2").parse_worker_count == 2
    for bad in ("-1", "two", "65"):
        with pytest.raises(InvalidSettingError, match="NIANBAO_PARSE_WORKERS"):
            config_for("data", parse_workers=bad)


def test_a_document_prepared_in_a_worker_is_indexed_as_one_prepared_by_the_index() -> None:
    """The worker computes the doc id, shingles and signature; the index must reach the same verdicts."""
    texts = [seed(key).text for key in ("001", "002", "004")]
    texts.append(corrected(seed("004")).text)  # a correction: a near-duplicate with other figures
    texts.append(texts[0])  # an exact copy
    verdicts = []
    for prepared in (False, True):
        memory: dict[str, str] = {}
        index = NearDupIndex(memory.get)
        found = []
        for text in texts:
            doc_id = content_key(text)
            memory[doc_id] = text
            facts = ReportFacts(
                doc_id, "agency", 2023, text, prepared=prepare(text, False) if prepared else None
            )
            found.append(index.add(facts))
        verdicts.append([(v.kind, v.report_id, v.match.doc_id if v.match else None) for v in found])
    assert verdicts[0] == verdicts[1]
    assert all(gzip.decompress(prepare(text, False).packed_text).decode("utf-8") == text for text in texts)
    assert {kind for kind, _, _ in verdicts[0]} > {MatchKind.NEW}  # matches were found, not only new texts


def test_the_exact_jaccard_of_two_shingle_sets_is_the_set_definition() -> None:
    """The index verifies every candidate with ``jaccard`` (sorted-array lookups, for speed)."""
    rng = np.random.default_rng(12)
    for size_left, size_right, shared in [(0, 5, 0), (5, 0, 0), (1, 1, 1), (300, 40, 30), (2000, 2500, 1500)]:
        common = rng.integers(0, 2**64 - 1, shared, dtype=np.uint64)
        left = np.unique(
            np.concatenate([common, rng.integers(0, 2**64 - 1, size_left - shared, dtype=np.uint64)])
        )
        right = np.unique(
            np.concatenate([common, rng.integers(0, 2**64 - 1, size_right - shared, dtype=np.uint64)])
        )
        a, b = set(left.tolist()), set(right.tolist())
        assert jaccard(left, right) == pytest.approx(len(a & b) / len(a | b))
    assert jaccard(np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.uint64)) == 1.0
