"""Near-duplicate detection at scale: insert+classify throughput, memory, precision and recall per class.

``run(originals)`` streams a synthetic corpus (``benchmarks.neardup_corpus``: originals built from the
real fixture texts, about a quarter of them followed by one injected exact copy, mirror, format pair,
image/text pair, correction or 雷同 copy) through one ``NearDupIndex`` and scores every verdict against
the label. A verdict is right when its class is the label's and, for a relation, the document it matched
derives from the same original. Documents are built as they arrive and texts for verification are
rebuilt on demand, as the pipeline would read them from the archive, so the memory growth reported is the
index's (plus the scorer's small per-document maps); building the documents is timed separately and not
counted in ``add_seconds``. ``query_per_second`` classifies the last 1000 documents again against the
reloaded index (no insert, cold shingle cache). Times are the process's own CPU time
(``time.process_time``), as in ``benchmarks.parse``, so other work on a shared machine does not count.

In ``make bench`` (``run(config)``) the stream holds 10k documents times ``NIANBAO_BENCH_SCALE`` (the
README's 100k figures are ``NIANBAO_BENCH_SCALE=10``). Rates are compared with the index's own floor
measured in the same run: computing the shingles and MinHash signature of each document and nothing else
(no banding, no candidates, no verification); precision and recall with a perfect classifier (1.0); the
memory growth with the size of the signatures alone.

``python -m benchmarks.neardup [documents]`` prints the JSON (default 100k documents).
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.neardup_corpus import DocSpec, SyntheticDoc, build, stream
from benchmarks.result import BenchResult
from crawler.config import Config
from crawler.identity.facts import SAME_REPORT_KINDS, MatchKind, ReportFacts, Verdict
from crawler.identity.index import NearDupIndex
from crawler.identity.shingles import normalise_for_shingles, shingle_set
from crawler.identity.signatures import NUM_PERM, SEED, MinHasher

DEFAULT_DOCUMENTS = 100_000
BENCH_DOCUMENTS = 10_000  # per unit of NIANBAO_BENCH_SCALE in make bench
INJECT_RATE = 0.25
FLOOR_SAMPLE = 2000  # documents whose signatures alone are timed for the ceiling


def score(results: Iterable[tuple[DocSpec, Verdict, int | None]]) -> dict[str, Any]:
    """Precision and recall per class from (label, verdict, origin of the matched document) triples."""
    truth: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    copies_merged = corrections_dropped = 0
    for spec, verdict, matched_origin in results:
        truth[spec.truth.value] += 1
        predicted[verdict.kind.value] += 1
        same_origin = verdict.kind is MatchKind.NEW or matched_origin == spec.origin
        correct[spec.truth.value] += int(verdict.kind is spec.truth and same_origin)
        copies_merged += int(spec.truth is MatchKind.COPIED_REPORT and verdict.kind in SAME_REPORT_KINDS)
        corrections_dropped += int(spec.truth is MatchKind.CORRECTION and verdict.report_id != verdict.doc_id)
    classes = {
        kind: {
            "labelled": truth[kind],
            "predicted": predicted[kind],
            "precision": correct[kind] / predicted[kind] if predicted[kind] else 1.0,
            "recall": correct[kind] / truth[kind] if truth[kind] else 1.0,
        }
        for kind in sorted(truth.keys() | predicted.keys())
    }
    return {"classes": classes, "copies_merged": copies_merged, "corrections_dropped": corrections_dropped}


def classify_stream(
    index: NearDupIndex, docs: Iterable[SyntheticDoc]
) -> Iterator[tuple[DocSpec, Verdict, int | None]]:
    """Add every document to ``index`` in order; the origin of each verdict's match is kept for scoring."""
    origin_of: dict[str, int] = {}
    for doc in docs:
        verdict = index.add(doc.facts)
        origin_of.setdefault(doc.facts.doc_id, doc.spec.origin)
        yield doc.spec, verdict, origin_of.get(verdict.match.doc_id) if verdict.match else None


class _ArchiveTexts:
    """The texts the index may ask for, rebuilt from their specs like reading the archive back."""

    def __init__(self, seed: int, originals: int) -> None:
        self.seed, self.originals = seed, originals
        self.spec_of: dict[str, DocSpec] = {}
        self.fetches = 0
        self.generate_seconds = 0.0

    def __call__(self, doc_id: str) -> str | None:
        spec = self.spec_of.get(doc_id)
        self.fetches += 1
        return self.build(spec).facts.text if spec else None

    def build(self, spec: DocSpec) -> SyntheticDoc:
        started = time.process_time()
        doc = build(spec, self.seed, self.originals)
        self.generate_seconds += time.process_time() - started
        return doc

    def arriving(self, specs: Iterable[DocSpec]) -> Iterator[SyntheticDoc]:
        """Documents built as they arrive (a crawl holds one at a time), each then readable by doc id."""
        for spec in specs:
            doc = self.build(spec)
            self.spec_of[doc.facts.doc_id] = spec
            yield doc


def measure(documents: int = DEFAULT_DOCUMENTS, seed: int = 14) -> dict[str, Any]:
    """Benchmark one index over a stream of about ``documents`` documents (see the module docstring)."""
    originals = round(documents / (1 + INJECT_RATE))
    specs = stream(originals, seed, INJECT_RATE)
    texts = _ArchiveTexts(seed, originals)
    rss_before = _max_rss_mb()
    with tempfile.TemporaryDirectory() as directory:
        index = NearDupIndex(texts, Path(directory))
        started = time.process_time()
        scores = score(classify_stream(index, texts.arriving(specs)))
        add_seconds = time.process_time() - started - texts.generate_seconds
        rss_after_add = _max_rss_mb()
        started = time.process_time()
        index.save()
        save_seconds = time.process_time() - started
        del index
        started = time.process_time()
        reloaded = NearDupIndex(texts, Path(directory))
        load_seconds = time.process_time() - started
        on_disk = sum(f.stat().st_size for f in Path(directory).iterdir()) / 2**20
    probes = [texts.build(spec) for spec in specs[-1000:]]
    query_seconds = _time_queries(reloaded, probes, texts)
    floor = [texts.build(spec).facts for spec in specs[:FLOOR_SAMPLE]]
    return {
        "signature_only_per_second": round(len(floor) / _signature_seconds(floor), 1),
        "signatures_mb": round(len(specs) * NUM_PERM * 4 / 2**20, 1),
        "documents": len(specs),
        "originals": originals,
        "add_seconds": round(add_seconds, 2),
        "add_per_second": round(len(specs) / add_seconds, 1),
        "query_per_second": round(len(probes) / query_seconds, 1),
        "generate_seconds": round(texts.generate_seconds, 2),
        "save_seconds": round(save_seconds, 2),
        "load_seconds": round(load_seconds, 2),
        "index_on_disk_mb": round(on_disk, 1),
        "peak_rss_growth_mb": round(rss_after_add - rss_before, 1),
        "text_fetches": texts.fetches,
        **scores,
    }


def _time_queries(index: NearDupIndex, docs: list[SyntheticDoc], texts: _ArchiveTexts) -> float:
    """Classify-only time (no insert) for known documents under a new doc id, so each one is looked up
    and verified rather than found by its id; rebuilding candidate texts does not count."""
    generating = texts.generate_seconds
    started = time.process_time()
    for doc in docs:
        index.classify(replace(doc.facts, doc_id=f"probe:{doc.facts.doc_id}"))
    return time.process_time() - started - (texts.generate_seconds - generating)


def _signature_seconds(docs: list[ReportFacts]) -> float:
    """CPU time to shingle and MinHash ``docs`` and do nothing else: the index's floor per document."""
    hasher = MinHasher(NUM_PERM, SEED)
    started = time.process_time()
    for doc in docs:
        hasher.signature(shingle_set(normalise_for_shingles(doc.text)))
    return time.process_time() - started


def run(config: Config) -> dict[str, BenchResult]:
    """``make bench``: rates against the signature-only floor, scores against a perfect classifier."""
    found = measure(max(500, round(BENCH_DOCUMENTS * config.bench_scale)))
    floor = found["signature_only_per_second"]
    results = {
        "neardup_add_docs_per_s": BenchResult(
            found["add_per_second"], "docs/s", floor, "shingles + MinHash signature only (one core)", found
        ),
        "neardup_query_docs_per_s": BenchResult(
            found["query_per_second"], "docs/s", floor, "shingles + MinHash signature only (one core)"
        ),
        "neardup_rss_growth_mb": BenchResult(
            found["peak_rss_growth_mb"], "MB", found["signatures_mb"], "the signatures' own size"
        ),
    }
    for kind, scores in found["classes"].items():
        for measure_name in ("precision", "recall"):
            results[f"neardup_{measure_name}_{kind}"] = BenchResult(
                scores[measure_name], measure_name, 1.0, "a perfect classifier"
            )
    return results


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str]) -> None:
    documents = int(argv[0]) if argv else DEFAULT_DOCUMENTS
    print(json.dumps(measure(documents), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
