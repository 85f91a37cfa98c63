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
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy.settings import Settings

from crawler.archive import ArchiveDamaged, ArchiveStore, FetchRecord
from crawler.config import Config
from crawler.items import Document, UrlOutcome
from crawler.pipelines.chain import PIPELINES, WITHOUT_REACTOR
from crawler.pipelines.stage import StagePipeline
from crawler.pipelines.stats import CountingStats
from crawler.runrecord import finish_run
from crawler.spiders.classify import document_verdict
from crawler.urls import canonical_url
from staging.runs import new_run_id

DOCUMENT_ROLES = frozenset({"page", "attachment"})


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
    chain = _chain(config, run_dir, stats, identity_dir)
    stage = next(step for step in chain if isinstance(step, StagePipeline))
    stage.open_spider()
    for fetch, source in latest.values():
        item: Any = _item_for(fetch, source, store)
        for step in chain:
            item = step.process_item(item)
    for step in chain:  # the stage writes its files; the extract step stops its worker processes
        if hasattr(step, "close_spider"):
            step.close_spider()
    portals = list(dict.fromkeys(fetch.portal or "" for fetch, _ in latest.values()))
    runs = sorted({fetch.run_id for fetch, _ in latest.values()})
    extra = {"replay_of": runs, "stats": stats.get_stats(), "archive_index_problems": store.index_problems}
    _swap_in(identity_dir, config.identity_dir)
    finish_run(run_dir, portals, mode="replay", extra=extra)
    for problem in store.index_problems:
        print(f"WARNING: archive index {problem}; skipped", file=sys.stderr)
    return run_dir


class _NoSignals:
    def connect(self, receiver: Any, signal: Any) -> None:
        pass  # no scheduler here: nothing is dropped


def _swap_in(rebuilt: Path, live: Path) -> None:
    """The rebuilt index replaces the live one (a run that indexed nothing still leaves an empty index)."""
    rebuilt.mkdir(parents=True, exist_ok=True)
    retired = live.with_name(f"{live.name}.retired")
    if live.exists():
        shutil.rmtree(retired, ignore_errors=True)
        live.rename(retired)
    rebuilt.rename(live)
    shutil.rmtree(retired, ignore_errors=True)


def _chain(config: Config, run_dir: Path, stats: CountingStats, identity_dir: Path) -> list[Any]:
    """The crawl's pipelines (``crawler/pipelines/chain.py``), built the way Scrapy builds them."""
    settings = Settings(
        {
            "NIANBAO_ARCHIVE_DIR": str(config.archive_dir),
            "NIANBAO_IDENTITY_DIR": str(identity_dir),
            "NIANBAO_RUN_DIR": str(run_dir),
            "NIANBAO_RUN_ID": run_dir.name,
        }
    )
    crawler = SimpleNamespace(settings=settings, stats=stats, signals=_NoSignals())
    return [WITHOUT_REACTOR.get(step, step).from_crawler(crawler) for step in PIPELINES]


def _item_for(fetch: FetchRecord, source: FetchRecord | None, store: ArchiveStore) -> Document | UrlOutcome:
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
