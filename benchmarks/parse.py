"""Parser throughput: ``parse_document`` against a plain regex scan of the same documents, in the same run.

The documents are synthetic reports from ``demo.synth`` (HTML with template tables and plain
text with '|' tables, all three eras; 4–10 KB each, like real reports), generated before timing starts.
The value is documents parsed per second on ONE core, from raw bytes to a ``ReportRecord`` (extraction,
normalisation, metadata, tables, prose, checks): a single process and thread, timed by its own CPU time
(``time.process_time``), so other work on a shared machine does not count against it. The ceiling is the
simplest reading a user could write: decode the bytes and run one compiled "label followed by a number"
regex over each document, timed the same way. Passes of the two alternate and the best of three of each
is kept, so load that comes and goes affects both alike. 400 documents at ``NIANBAO_BENCH_SCALE=1``.

A second line measures the same on real documents: the bodies of the real corpus
(``tests/fixtures/real/*/body`` with their ``meta.json``, read as data files), whose pages carry real page
chrome and real layouts. Its PDFs are left out: pdfminer's layout analysis takes seconds per PDF, so
with them the line would time pdfminer, not the parser. Its ceiling is the same regex over the same
bodies decoded as UTF-8 (every text body of the corpus is).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.result import BenchResult
from crawler.config import Config
from crawler.parsing import parse_document
from demo.synth import ERAS, SynthReport, generate_report

DOCS = 400
PASSES = 3
REAL_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real"
LAYOUTS = ("html_table", "pipe_text")
# Any run of CJK label text followed by a number: what a "just grep the numbers" parser does.
_LABEL_NUMBER = re.compile(r"([\u4e00-\u9fff]{2,30})[^\d\u4e00-\u9fff]{0,3}(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Document:
    """What the parser is given: raw bytes, the declared content type, the file name."""

    body: bytes
    content_type: str | None
    filename: str | None


def corpus(count: int) -> list[SynthReport]:
    """``count`` reports cycling through every era and both layouts (deterministic)."""
    combos = [(era, layout) for era in ERAS for layout in LAYOUTS]
    return [generate_report(n, era=combos[n % len(combos)][0], layout=combos[n % len(combos)][1])
            for n in range(count)]  # fmt: skip


def real_corpus(folder: Path = REAL_CORPUS) -> list[Document]:
    """The real corpus's bodies with their content type and file name, PDFs left out (module docstring)."""
    docs = []
    for case in sorted(folder.iterdir()):
        if not (case / "body").is_file() or not (case / "meta.json").is_file():
            continue
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        content_type = meta.get("content_type") or ""
        if "pdf" not in content_type:
            docs.append(Document((case / "body").read_bytes(), content_type, meta.get("filename")))
    return docs


def _parse_all(docs: Sequence[Document]) -> None:
    for doc in docs:
        parse_document(doc.body, content_type=doc.content_type, filename=doc.filename)


def _regex_all(docs: Sequence[Document]) -> None:
    for doc in docs:
        _LABEL_NUMBER.findall(doc.body.decode("utf-8", errors="replace"))


def _cpu_seconds(work: Callable[[Sequence[Document]], None], docs: Sequence[Document]) -> float:
    start = time.process_time()  # this process's CPU time: one core, whatever else the machine runs
    work(docs)
    return time.process_time() - start


def _docs_per_s(seconds: float, docs: Sequence[Document]) -> float:
    return len(docs) / seconds if seconds > 0 else 0.0


def measure(docs: Sequence[Document], what: str) -> BenchResult:
    """Best of ``PASSES`` alternating passes of the parser and of the regex ceiling over ``docs``."""
    ours, ceiling = float("inf"), float("inf")
    for _ in range(PASSES):
        ours = min(ours, _cpu_seconds(_parse_all, docs))
        ceiling = min(ceiling, _cpu_seconds(_regex_all, docs))
    return BenchResult(
        value=_docs_per_s(ours, docs),
        unit="docs/s",
        ceiling=_docs_per_s(ceiling, docs),
        ceiling_what=f"one regex findall over the same {what} (both: CPU time of one process, one core)",
    )


def run(config: Config) -> dict[str, BenchResult]:
    docs = [
        Document(r.body, r.content_type, r.filename) for r in corpus(max(24, int(DOCS * config.bench_scale)))
    ]
    _parse_all(docs[:12])  # warm caches (region tables, converters) outside the timing
    results = {"parse_docs_per_s": measure(docs, "texts")}
    real = real_corpus()
    if real:  # the corpus is part of the source tree; an installed copy without it skips the line
        _parse_all(real)  # first use of rarer rules (spelled-out dates load cn2an) outside the timing
        results["parse_real_docs_per_s"] = measure(real, f"{len(real)} real documents")
    return results
