"""Parser throughput: ``parse_document`` against a plain regex scan of the same documents, in the same run.

The documents are synthetic reports from ``crawler.simulator.synth`` (HTML with template tables and plain
text with '|' tables, all three eras; 4–10 KB each, like real reports), generated before timing starts.
The value is documents parsed per second on one core, from raw bytes to a ``ReportRecord`` (extraction,
normalisation, metadata, tables, prose, checks). The ceiling is the simplest reading a user could write:
decode the bytes and run one compiled "label followed by a number" regex over each document. Both are the
best of three passes. 400 documents at ``NIANBAO_BENCH_SCALE=1``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

from benchmarks.result import BenchResult
from crawler.config import Config
from crawler.parsing import parse_document
from crawler.simulator.synth import ERAS, SynthReport, generate_report

DOCS = 400
LAYOUTS = ("html_table", "pipe_text")
# Any run of CJK label text followed by a number: what a "just grep the numbers" parser does.
_LABEL_NUMBER = re.compile(r"([\u4e00-\u9fff]{2,30})[^\d\u4e00-\u9fff]{0,3}(\d+(?:\.\d+)?)")


def corpus(count: int) -> list[SynthReport]:
    """``count`` reports cycling through every era and both layouts (deterministic)."""
    combos = [(era, layout) for era in ERAS for layout in LAYOUTS]
    return [generate_report(n, era=combos[n % len(combos)][0], layout=combos[n % len(combos)][1])
            for n in range(count)]  # fmt: skip


def _parse_all(docs: Sequence[SynthReport]) -> None:
    for doc in docs:
        parse_document(doc.body, content_type=doc.content_type, filename=doc.filename)


def _regex_all(docs: Sequence[SynthReport]) -> None:
    for doc in docs:
        _LABEL_NUMBER.findall(doc.body.decode("utf-8"))


def _docs_per_s(
    work: Callable[[Sequence[SynthReport]], None], docs: Sequence[SynthReport], passes: int = 3
) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        work(docs)
        best = min(best, time.perf_counter() - start)
    return len(docs) / best if best > 0 else 0.0


def run(config: Config) -> dict[str, BenchResult]:
    docs = corpus(max(24, int(DOCS * config.bench_scale)))
    _parse_all(docs[:12])  # warm caches (region tables, converters) outside the timing
    ours = _docs_per_s(_parse_all, docs)
    ceiling = _docs_per_s(_regex_all, docs)
    return {
        "parse_docs_per_s": BenchResult(
            value=ours, unit="docs/s", ceiling=ceiling, ceiling_what="one regex findall over the same texts"
        )
    }
