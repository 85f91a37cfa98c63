"""The workers' shares become one staging run (``<staging>/<run_id>/``), as if one process had crawled:

- the crawl's documents, every report page and attachment fetched in this run (the archive's fetch lines
  carry the run id, whichever worker fetched), go through extract → parse → validate → dedupe → stage
  once, in one process, exactly as ``crawler.replay`` rebuilds a run: a report page and its attachment
  fetched by two workers settle into one report, and the near-duplicate index has one writer;
- the workers' other events (list pages, failures, refusals, skips) are added as they were written;
- ``run.json`` judges the whole crawl (zero or fewer reports than last run), never one worker's share, and
  names the workers and what reconciling found. ``_SUCCESS`` last, as always.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from crawler.archive import ArchiveStore, FetchRecord
from crawler.config import Config
from crawler.distributed.worker import WORKER_RECORD
from crawler.pipelines.stage import StagePipeline
from crawler.pipelines.stats import CountingStats

# replay's own steps: the chain as Scrapy builds it, and a fetch line as the item the crawl had made.
from crawler.replay import DOCUMENT_ROLES, item_for_fetch, pipeline_chain
from crawler.runrecord import finish_run
from crawler.urls import canonical_url
from staging.format import EVENTS_FILE
from staging.runs import read_jsonl


def crawl_documents(store: ArchiveStore, run_id: str) -> dict[str, tuple[FetchRecord, FetchRecord | None]]:
    """Per URL, this run's latest fetch of a document and the bytes it stands for (a 304: the last 200 of
    that URL, from any run)."""
    latest: dict[str, tuple[FetchRecord, FetchRecord | None]] = {}
    last_ok: dict[str, FetchRecord] = {}
    for fetch in store.fetches():
        key = canonical_url(fetch.url)
        if fetch.run_id == run_id and fetch.role in DOCUMENT_ROLES and fetch.status in (200, 304):
            latest.pop(key, None)
            latest[key] = (fetch, fetch if fetch.status == 200 else last_ok.get(key))
        if fetch.status == 200:
            last_ok[key] = fetch
    return latest


def combine(
    run_dir: Path,
    config: Config,
    worker_dirs: Sequence[Path],
    *,
    portals: list[str],
    mode: str,
    expected: Mapping[str, Sequence[int]],
    years: Sequence[int],
    extra: dict[str, Any],
) -> dict[str, Any]:
    store = ArchiveStore(config.archive_dir)
    documents = crawl_documents(store, run_dir.name)
    replayed = {canonical_url(url) for fetch, _ in documents.values() for url in (fetch.url, fetch.final_url)}
    with (run_dir / EVENTS_FILE).open("w", encoding="utf-8") as events:
        for folder in worker_dirs:
            for event in read_jsonl(folder / EVENTS_FILE):
                if event["role"] in DOCUMENT_ROLES and canonical_url(event["url"]) in replayed:
                    continue  # the document is parsed below and gets its event there
                events.write(json.dumps(event, ensure_ascii=False) + "\n")
    stats = CountingStats()
    chain = pipeline_chain(config, run_dir, stats, config.identity_dir)
    stage = next(step for step in chain if isinstance(step, StagePipeline))
    stage.open_spider()
    for fetch, source in documents.values():
        item: Any = item_for_fetch(fetch, source, store)
        for step in chain:
            item = step.process_item(item)
    for step in chain:
        if hasattr(step, "close_spider"):
            step.close_spider()
    worker_stats = _summed_stats(worker_dirs)
    worker_stats.update(stats.get_stats())
    return finish_run(
        run_dir,
        portals,
        mode=mode,
        expected=expected,
        years=years,
        extra={**extra, "years_selected": list(years), "stats": dict(worker_stats)},
    )


def _summed_stats(worker_dirs: Sequence[Path]) -> Counter[str]:
    total: Counter[str] = Counter()
    for folder in worker_dirs:
        path = folder / WORKER_RECORD
        if path.exists():  # a killed worker wrote none
            for key, value in json.loads(path.read_text(encoding="utf-8"))["stats"].items():
                if isinstance(value, int):
                    total[key] += value
    return total
