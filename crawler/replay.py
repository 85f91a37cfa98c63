"""Rebuild a staging run from the raw archive alone: no network, the same pipelines as a crawl.

Every report page and attachment ever archived is taken at its latest fetch (a 304 resolves to the bytes
last fetched for that URL, exactly as the crawl did) and goes through extract → parse → validate → dedupe →
stage again. So a parser fix reaches every archived document, and after a full crawl the rebuilt reports
equal that crawl's line for line except for ``run_id``. Failures that left no bytes (timeouts, DNS) are not
in the archive, so the replay's events cover documents only; ``run.json`` names the crawls it drew on.
"""

from __future__ import annotations

import shutil
import sys
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy.settings import Settings

from crawler.archive import ArchiveDamaged, ArchiveStore, FetchRecord
from crawler.config import Config
from crawler.items import Document, UrlOutcome
from crawler.pipelines.chain import PIPELINES, WITHOUT_REACTOR
from crawler.pipelines.extract import ExtractPipeline
from crawler.pipelines.reader import Read
from crawler.pipelines.stage import StagePipeline
from crawler.pipelines.stats import CountingStats
from crawler.runrecord import finish_run
from crawler.spiders.classify import document_verdict
from crawler.urls import canonical_url
from staging.runs import new_run_id

DOCUMENT_ROLES = frozenset({"page", "attachment"})
AHEAD = 4  # documents in flight per parse worker: enough to keep each busy, few enough to hold in memory


class EmptyArchive(RuntimeError):
    pass


def rebuild(config: Config) -> Path:
    store = ArchiveStore(config.archive_dir)
    latest: dict[str, tuple[FetchRecord, FetchRecord | None]] = {}  # url -> (latest fetch, bytes to use)
    last_ok: dict[str, FetchRecord] = {}
    for fetch in store.fetches():
        key = canonical_url(fetch.url)
        if fetch.role in DOCUMENT_ROLES and fetch.status in (200, 304):
            latest.pop(key, None)  # re-insert: processing follows the order of the latest fetches
            latest[key] = (fetch, fetch if fetch.status == 200 else last_ok.get(key))
        if fetch.status == 200:
            last_ok[key] = fetch
    if not latest:
        raise EmptyArchive(f"nothing to rebuild: {store.index_path} holds no report page or attachment")
    run_dir = config.staging_dir / new_run_id()
    stats = CountingStats()
    # The identity index is derived from the archive: made again beside the old one, swapped in at the end.
    identity_dir = config.identity_dir.with_name(f"{config.identity_dir.name}.{run_dir.name}")
    chain = pipeline_chain(config, run_dir, stats, identity_dir)
    stage = next(step for step in chain if isinstance(step, StagePipeline))
    stage.open_spider()
    try:
        _replay(chain, (item_for_fetch(fetch, source, store) for fetch, source in latest.values()))
    finally:  # the extract step's worker processes stop, whatever happened
        for step in chain:
            if isinstance(step, ExtractPipeline):
                step.close_spider()
    stage.close_spider()  # the stage writes its files
    portals = list(dict.fromkeys(fetch.portal or "" for fetch, _ in latest.values()))
    runs = sorted({fetch.run_id for fetch, _ in latest.values()})
    extra = {"replay_of": runs, "stats": stats.get_stats(), "archive_index_problems": store.index_problems}
    retiring = _swap_in(identity_dir, config.identity_dir)
    finish_run(run_dir, portals, mode="replay", extra=extra)
    retiring.join()
    for problem in store.index_problems:
        print(f"WARNING: archive index {problem}; skipped", file=sys.stderr)
    return run_dir


class _NoSignals:
    def connect(self, receiver: Any, signal: Any) -> None:
        pass  # no scheduler here: nothing is dropped


def _replay(chain: list[Any], items: Iterator[Any]) -> None:
    """Every item through the chain, in order, with the extract step's workers kept busy: documents are
    submitted up to ``AHEAD`` per worker ahead of the one being finished, and each is finished (and goes
    through the steps after extraction) in the archive's order, so the output equals a one-worker run."""
    split = next(i for i, step in enumerate(chain) if isinstance(step, ExtractPipeline))
    before, reader, after = chain[:split], chain[split], chain[split + 1 :]
    pending: deque[tuple[Any, Future[Read] | None]] = deque()

    def finish_oldest() -> None:
        item, future = pending.popleft()
        if future is not None:
            item = reader.finish(item, reader.collect(item, future))
        for step in after:
            item = step.process_item(item)

    for item in items:
        for step in before:
            item = step.process_item(item)
        pending.append((item, reader.submit(item) if reader.wants(item) else None))
        if len(pending) > AHEAD * reader.reader.workers:
            finish_oldest()
    while pending:
        finish_oldest()


def _swap_in(rebuilt: Path, live: Path) -> threading.Thread:
    """The rebuilt index replaces the live one (a run that indexed nothing still leaves an empty index).
    The retired one (a file per text) is deleted by the thread returned, while the run is being finished."""
    rebuilt.mkdir(parents=True, exist_ok=True)
    retired = live.with_name(f"{live.name}.retired")
    if live.exists():
        shutil.rmtree(retired, ignore_errors=True)
        live.rename(retired)
    rebuilt.rename(live)
    retiring = threading.Thread(target=shutil.rmtree, args=(retired,), kwargs={"ignore_errors": True})
    retiring.start()
    return retiring


def pipeline_chain(config: Config, run_dir: Path, stats: CountingStats, identity_dir: Path) -> list[Any]:
    """The crawl's pipelines (``crawler/pipelines/chain.py``), built the way Scrapy builds them: a rebuild
    and a distributed crawl's combine step (``crawler/distributed/combine.py``) run documents through it."""
    settings = Settings(
        {
            "NIANBAO_ARCHIVE_DIR": str(config.archive_dir),
            "NIANBAO_IDENTITY_DIR": str(identity_dir),
            "NIANBAO_RUN_DIR": str(run_dir),
            "NIANBAO_RUN_ID": run_dir.name,
            "NIANBAO_PARSE_WORKERS": config.parse_worker_count,
        }
    )
    crawler = SimpleNamespace(settings=settings, stats=stats, signals=_NoSignals())
    return [WITHOUT_REACTOR.get(step, step).from_crawler(crawler) for step in PIPELINES]


def item_for_fetch(
    fetch: FetchRecord, source: FetchRecord | None, store: ArchiveStore
) -> Document | UrlOutcome:
    """What an archived fetch becomes when read back: its document (bytes from ``source``, the 200 it
    matched), or the outcome event that stands for it (a redirect shell, a missing or damaged copy)."""

    def event(outcome: str, reason: str, status: int, **extra: str | None) -> UrlOutcome:
        portal = fetch.portal or ""
        return UrlOutcome(
            fetch.url, portal, outcome, reason, status, role=fetch.role, at=fetch.fetched_at, **extra
        )

    if source is None:
        return event("failed", "not_modified_but_not_archived", 304)
    try:
        body = store.get(source.sha256)
    except ArchiveDamaged as damaged:  # recorded with its reason; the report is not rebuilt from bad bytes
        return event("failed", f"archive_{damaged.reason.split(':')[0]}", 200, sha256=source.sha256)
    verdict, target = document_verdict(
        source.final_url, body, content_type=source.headers.get("content-type")
    )
    if target is not None:  # the crawl followed this shell; its target has a fetch of its own
        seen = "not_modified" if fetch.status == 304 else "fetched"
        return event(seen, "redirect_shell", 200, sha256=source.sha256, target=target)
    if verdict.outcome != "fetched":  # the crawl classified this page the same way and staged nothing
        return event(verdict.outcome, verdict.reason, 200, sha256=source.sha256)
    return Document(
        url=fetch.url,
        final_url=fetch.final_url,
        status=200,
        headers=source.headers,
        body=body,
        fetched_at=source.fetched_at,
        portal=fetch.portal or "",
        role=fetch.role,
        link_text=fetch.link_text,
        referer=fetch.referer,
        not_modified=fetch.status == 304,
        sha256=source.sha256,
    )
