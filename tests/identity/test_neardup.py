"""The near-duplicate index on a labelled corpus: every class found, nothing merged that must stay apart."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.neardup import classify_stream, score
from benchmarks.neardup_corpus import FIXTURES, build, stream
from crawler.identity import MatchKind, NearDupIndex, ReportFacts, agency_key

ORIGINALS = 1200
SEED = 2026


@pytest.fixture(scope="module")
def corpus_scores() -> dict[str, object]:
    specs = stream(ORIGINALS, SEED, inject_rate=0.5)
    docs = [build(spec, SEED, ORIGINALS) for spec in specs]
    texts = {doc.facts.doc_id: doc.facts.text for doc in docs}
    return score(classify_stream(NearDupIndex(texts.get), docs))


@pytest.mark.parametrize("kind", [kind.value for kind in MatchKind])
def test_every_class_is_found_with_precision_and_recall_of_99_percent(
    corpus_scores: dict[str, dict[str, dict[str, float]]], kind: str
) -> None:
    found = corpus_scores["classes"][kind]
    assert found["labelled"] >= 90, found  # enough cases that one miss would show
    assert found["precision"] >= 0.99 and found["recall"] >= 0.99, found


def test_no_copied_report_is_merged_and_no_correction_dropped(corpus_scores: dict[str, int]) -> None:
    assert corpus_scores["copies_merged"] == 0
    assert corpus_scores["corrections_dropped"] == 0


def _real_reports() -> list[ReportFacts]:
    """The text fixtures with their labelled agency, year and figures (PDF bodies need the parser)."""
    reports = []
    for body in sorted([*FIXTURES.glob("golden/seed-*/body"), *FIXTURES.glob("real/*/body")]):
        expected = json.loads((body.parent / "expected.json").read_text(encoding="utf-8"))
        raw = body.read_bytes()
        if raw.startswith(b"%PDF") or not expected.get("agency") or not expected.get("report_year"):
            continue
        text = re.sub(r"<[^>]+>", "\n", raw.decode("utf-8", "ignore"))
        agency, year = expected["agency"], expected["report_year"]
        figures = expected.get("figures") or {}
        reports.append(
            ReportFacts(body.parent.name, agency_key(agency), year, text, figures, title=f"{agency}{year}")
        )
    return reports


def test_real_reports_mirrors_copies_and_corrections() -> None:
    """Injections into the real fixture texts themselves, not only into sentences sampled from them."""
    reports = _real_reports()
    assert len(reports) >= 20
    texts = {r.doc_id: r.text for r in reports}
    index = NearDupIndex(texts.get)
    for report in reports:
        index.add(report)
    for number, report in enumerate(reports):
        other = f"第{number}某某乡政府"  # each copy its own agency, so copies do not pair among themselves
        mirror = replace(
            report, doc_id=f"m-{report.doc_id}", text=f"来源：政府门户网站 【打印】\n{report.text}\n【关闭】"
        )
        copied = replace(report, doc_id=f"c-{report.doc_id}", agency_key=other,
                         text=report.text.replace(report.agency_key or "", other))  # fmt: skip
        pdf = replace(
            report, doc_id=f"p-{report.doc_id}", source_kind="pdf", text=report.text.replace("。", "。\n")
        )
        texts.update({doc.doc_id: doc.text for doc in (mirror, copied, pdf)})
        assert index.add(mirror).report_id == index.entry(report.doc_id).report_id
        assert index.add(copied).kind is MatchKind.COPIED_REPORT
        assert index.add(pdf).kind is MatchKind.FORMAT_PAIR
        if report.figures:
            changed = {**report.figures, next(iter(report.figures)): -1 - number}  # unlike any other
            correction = replace(
                report, doc_id=f"v2-{report.doc_id}", figures=changed, text=report.text + "更正"
            )
            texts[correction.doc_id] = correction.text
            verdict = index.add(correction)
            assert verdict.kind is MatchKind.CORRECTION and verdict.report_id == correction.doc_id


def test_a_report_seen_last_spring_is_recognised_on_a_new_url(tmp_path: Path) -> None:
    specs = stream(200, SEED, inject_rate=0.0)
    docs = [build(spec, SEED, 200) for spec in specs]
    texts = {doc.facts.doc_id: doc.facts.text for doc in docs}
    last_spring = NearDupIndex(texts.get, tmp_path)
    for doc in docs:
        last_spring.add(doc.facts)
    last_spring.save()

    this_spring = NearDupIndex(texts.get, tmp_path)  # a new run: nothing shared but the directory
    assert len(this_spring) == len(docs)
    same_bytes = this_spring.add(docs[17].facts)
    assert same_bytes.kind is MatchKind.EXACT_COPY and same_bytes.report_id == docs[17].facts.doc_id
    reposted = replace(
        docs[42].facts, doc_id="new-url-copy", text="网站改版后重新发布\n" + docs[42].facts.text
    )
    texts[reposted.doc_id] = reposted.text
    verdict = this_spring.add(reposted)
    assert verdict.kind is MatchKind.MIRROR and verdict.report_id == docs[42].facts.doc_id
    this_spring.save()
    assert len(NearDupIndex(texts.get, tmp_path)) == len(docs) + 1


def test_a_chunk_without_entries_is_ignored_and_overwritten(tmp_path: Path) -> None:
    docs = [build(spec, SEED, 20) for spec in stream(20, SEED, inject_rate=0.0)]
    texts = {doc.facts.doc_id: doc.facts.text for doc in docs}
    index = NearDupIndex(texts.get, tmp_path)
    for doc in docs[:10]:
        index.add(doc.facts)
    index.save()
    (tmp_path / "signatures-000000010.npy").write_bytes(b"half-written")  # a crash between the two writes
    reopened = NearDupIndex(texts.get, tmp_path)
    assert len(reopened) == 10
    for doc in docs[10:]:
        reopened.add(doc.facts)
    reopened.save()
    assert len(NearDupIndex(texts.get, tmp_path)) == 20


def test_candidates_whose_text_is_gone_never_count() -> None:
    doc = build(stream(1, SEED, inject_rate=0.0)[0], SEED, 1).facts
    index = NearDupIndex(lambda _doc_id: None, cache_size=0)
    index.add(doc)
    assert index.classify(replace(doc, doc_id="other", text=doc.text + "附")).kind is MatchKind.NEW


def test_classify_does_not_add() -> None:
    doc = build(stream(1, SEED, inject_rate=0.0)[0], SEED, 1).facts
    index = NearDupIndex({doc.doc_id: doc.text}.get)
    assert index.classify(doc).kind is MatchKind.NEW
    assert len(index) == 0
