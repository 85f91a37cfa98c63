"""Parser throughput: ``parse_document`` against a plain regex scan of the same documents, in the same run.

The documents are synthetic reports from ``demo.synth`` (HTML with template tables and plain
text with '|' tables, all three eras; 4–10 KB each, like real reports), generated before timing starts.
The value is documents parsed per second on ONE core, from raw bytes to a ``ReportRecord`` (extraction,
normalisation, metadata, tables, prose, checks): a single process and thread, timed by its own CPU time
(``time.process_time``), so other work on a shared machine does not count against it. The ceiling is the
simplest reading a user could write: decode the bytes and run one compiled "label followed by a number"
regex over each document, timed the same way. Passes of the two alternate and the best of three of each
is kept, so load that comes and goes affects both alike. 400 documents at ``NIANBAO_BENCH_SCALE=1``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

from benchmarks.result import BenchResult
from crawler.config import Config
from crawler.parsing import parse_document
from demo.synth import ERAS, SynthReport, generate_report

DOCS = 400
PASSES = 3
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


def _cpu_seconds(work: Callable[[Sequence[SynthReport]], None], docs: Sequence[SynthReport]) -> float:
    start = time.process_time()  # this process's CPU time: one core, whatever else the machine runs
    work(docs)
    return time.process_time() - start


def _docs_per_s(seconds: float, docs: Sequence[SynthReport]) -> float:
    return len(docs) / seconds if seconds > 0 else 0.0


def run(config: Config) -> dict[str, BenchResult]:
    docs = corpus(max(24, int(DOCS * config.bench_scale)))
    _parse_all(docs[:12])  # warm caches (region tables, converters) outside the timing
    ours, ceiling = float("inf"), float("inf")
    for _ in range(PASSES):
        ours = min(ours, _cpu_seconds(_parse_all, docs))
        ceiling = min(ceiling, _cpu_seconds(_regex_all, docs))
    return {
        "parse_docs_per_s": BenchResult(
            value=_docs_per_s(ours, docs),
            unit="docs/s",
            ceiling=_docs_per_s(ceiling, docs),
            ceiling_what="one regex findall over the same texts (both: CPU time of one process, one core)",
        )
    }
