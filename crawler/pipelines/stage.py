"""Write the staging run: one crawl event per URL outcome as it happens, and at the end one line per
report with all its sources (the run's documents settled into reports by ``RunIdentity.settle``) and one
identity line per source (its relation to the report, the document it was compared to, the similarity).
Every line goes through ``staging.format.conform``: the format is defined there, once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from scrapy import Request, signals
from scrapy.crawler import Crawler

from crawler.identity.facts import MatchKind, Verdict, format_family
from crawler.identity.settle import Settled, SourceDoc
from crawler.items import Document, UrlOutcome, utc_now
from crawler.middlewares import dropped_outcome
from crawler.pipelines.identity import RunIdentity
from crawler.pipelines.pending import PENDING_FILE, PendingRows, RowRef
from crawler.pipelines.stats import Stats
from crawler.urls import canonical_url
from staging.format import (
    EVENT,
    EVENTS_FILE,
    EXPLODED,
    IDENTITIES_FILE,
    IDENTITY,
    RELATED,
    REPORT,
    REPORTS_FILE,
    SOURCE,
    conform,
)


def source_of(doc: Document) -> dict[str, Any]:
    """``url`` is the stable identity (``canonical_url``: no ephemeral demo port); ``fetched_url`` is where
    the bytes actually came from in this run."""
    return conform(
        {
            "url": canonical_url(doc.url),
            "fetched_url": doc.final_url,
            "host": doc.host,
            "portal": doc.portal,
            "fetched_at": doc.fetched_at,
            "sha256": doc.sha256,
            "content_type": doc.content_type,
            "kind": doc.extracted.kind if doc.extracted is not None else None,
            "role": doc.role,
        },
        SOURCE,
    )


def report_row(doc: Document, run_id: str, agency_identity: dict[str, Any] | None = None) -> dict[str, Any]:
    record = doc.record
    assert record is not None  # only validated reports are staged
    return conform(
        {
            "report_id": doc.report_id,
            "run_id": run_id,
            "portal": doc.portal,
            "agency": record.agency,
            "region": asdict(record.region),
            "report_year": record.report_year,
            "published_date": record.published_date,
            "title": record.title,
            "doc_kind": record.doc_kind,
            "template": record.template,
            "script": record.script,
            "figures": record.figures,
            "approximate": record.approximate,
            "cells": record.cells,
            "uncertain": record.uncertain,
            "flags": record.flags,
            "sections": record.sections,
            "issues": [asdict(issue) for issue in record.issues],
            "sources": [source_of(doc)],
            "agency_identity": agency_identity,
        },
        REPORT,
        extra=EXPLODED,
    )


def document_event(doc: Document, run_id: str) -> dict[str, Any]:
    if doc.skip_reason:
        outcome, reason = "skipped", doc.skip_reason
    else:
        outcome = "not_modified" if doc.not_modified else "fetched"
        reason = "duplicate" if doc.duplicate else "carried" if doc.carried else "ok"
    return conform(
        {
            "run_id": run_id,
            "url": doc.url,
            "host": doc.host,
            "portal": doc.portal,
            "outcome": outcome,
            "reason": reason,
            "status": None if doc.carried else 304 if doc.not_modified else doc.status,
            "sha256": doc.sha256,
            "role": doc.role,
            "report_id": doc.report_id,
            "target": None,
            "at": utc_now(),
        },
        EVENT,
    )


def outcome_event(outcome: UrlOutcome, run_id: str) -> dict[str, Any]:
    return conform(
        {
            "run_id": run_id,
            "url": outcome.url,
            "host": outcome.host,
            "portal": outcome.portal,
            "outcome": outcome.outcome,
            "reason": outcome.reason,
            "status": outcome.status,
            "sha256": outcome.sha256,
            "role": outcome.role,
            "report_id": None,
            "target": outcome.target,
            "at": outcome.at,
        },
        EVENT,
    )


def _preference(row: dict[str, Any]) -> tuple[bool, bool, str]:
    source = row["sources"][0]
    return (source["role"] != "page", source["kind"] != "html", source["url"])


def merge_sources(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from the rows of its identical copies. The representative is chosen by a fixed rule (a
    report page before an attachment, HTML first, then URL order) so the result never depends on the order
    in which concurrent downloads finished; a crawl and its replay stage the same line."""
    ordered = sorted(rows, key=_preference)
    merged = dict(ordered[0])
    merged["sources"] = [row["sources"][0] for row in ordered]
    return merged


def identity_row(
    run_id: str, row: dict[str, Any], doc_id: str, place: Settled, report_of: Callable[[str], str | None]
) -> dict[str, Any]:
    """``report_of(doc_id)``: the report a matched document belongs to (this run's or an earlier one's)."""
    match = place.match
    related = [
        conform({"kind": m.kind.value, "doc_id": m.doc_id, "report_id": report_of(m.doc_id),
                 "text_similarity": m.text_similarity}, RELATED)
        for m in place.related
    ]  # fmt: skip
    return conform(
        {
            "run_id": run_id,
            "url": row["sources"][0]["url"],
            "sha256": row["sources"][0]["sha256"],
            "doc_id": doc_id,
            "report_id": place.report_id,
            "relation": place.relation,
            "matched_doc_id": match.doc_id if match else None,
            "matched_report_id": report_of(match.doc_id) if match else None,
            "text_similarity": match.text_similarity if match else None,
            "figure_agreement": match.figure_agreement if match else None,
            "related": related,
        },
        IDENTITY,
    )


class StagePipeline:
    def __init__(self, run_dir: Path, run_id: str, stats: Stats, identity: RunIdentity) -> None:
        self.run_dir = run_dir
        self.run_id = run_id
        self.stats = stats
        self.identity = identity
        # url -> its row's preference, where the row waits on disk, its document. A staged row is some 23 kB
        # of Python objects; held for the whole run they made a crawl's memory grow with every report.
        self.candidates: dict[str, tuple[tuple[bool, bool, str], RowRef, SourceDoc]] = {}
        self._pending = PendingRows(run_dir / PENDING_FILE)
        self._staged_doc_ids: set[str] = set()  # doc ids of the candidates (another URL, the same text)
        self._events: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StagePipeline:
        settings = crawler.settings
        identity = RunIdentity.of(crawler)
        stage = cls(Path(settings["NIANBAO_RUN_DIR"]), settings["NIANBAO_RUN_ID"], crawler.stats, identity)
        crawler.signals.connect(stage.request_dropped, signal=signals.request_dropped)
        return stage

    def request_dropped(self, request: Request, spider: Any = None) -> None:
        """The scheduler's duplicate filter drops requests without calling their errback; a redirect loop
        ends that way (the chain comes back to a URL already asked for). Still an outcome to record."""
        self.process_item(dropped_outcome(request))

    def open_spider(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._events = (self.run_dir / EVENTS_FILE).open("a", encoding="utf-8")

    def close_spider(self) -> None:
        if self._events is not None:
            self._events.close()
            self._events = None
        ordered = sorted(self.candidates.values(), key=lambda candidate: candidate[0])
        settled = self.identity.settle([source for _, _, source in ordered])
        by_report: dict[str, list[RowRef]] = {}
        for (_, ref, _), place in zip(ordered, settled, strict=True):
            by_report.setdefault(place.report_id, []).append(ref)
        _write_lines(
            self.run_dir / REPORTS_FILE,
            (
                merge_sources([{**self._pending.read(ref), "report_id": report_id} for ref in refs])
                for report_id, refs in sorted(by_report.items())
            ),
        )
        self._write_identities(ordered, settled)
        self._pending.discard()

    def _write_identities(
        self, ordered: list[tuple[tuple[bool, bool, str], RowRef, SourceDoc]], settled: list[Settled]
    ) -> None:
        """One line per source; a matched document's report is this run's settling or an earlier run's."""
        report_ids = {
            source.doc_id: place.report_id for (_, _, source), place in zip(ordered, settled, strict=True)
        }

        def report_of(doc_id: str) -> str | None:
            return self.identity.report_of(doc_id, report_ids)

        lines = (
            identity_row(self.run_id, self._pending.read(ref), source.doc_id, place, report_of)
            for (_, ref, source), place in zip(ordered, settled, strict=True)
        )
        _write_lines(self.run_dir / IDENTITIES_FILE, lines)

    def process_item(self, item: Any) -> Any:
        if self._events is None:
            self.open_spider()
        assert self._events is not None
        if isinstance(item, UrlOutcome):
            event = outcome_event(item, self.run_id)
        elif isinstance(item, Document):
            event = document_event(item, self.run_id)
            if not item.skip_reason:
                self._stage(item)
        else:
            raise TypeError(f"unexpected item {type(item).__name__}")
        self._events.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.stats.inc_value(f"nianbao/stage/{event['outcome']}")
        return item

    def _stage(self, doc: Document) -> None:
        assert doc.report_id is not None and doc.record is not None
        url = canonical_url(doc.url)
        if url in self.candidates:
            return
        doc_id = doc.doc_id or doc.report_id
        known = doc_id in self._staged_doc_ids  # a set: a scan of every candidate was quadratic in a run
        self._staged_doc_ids.add(doc_id)
        self.stats.inc_value(
            "nianbao/stage/extra_sources" if known or doc.duplicate else "nianbao/stage/reports"
        )
        record = doc.record
        agency = self.identity.agency(record.agency, record.report_year, record.region.code)
        row = report_row(doc, self.run_id, agency)
        self.candidates[url] = (_preference(row), self._pending.add(row), _source_doc(doc, url))


def _source_doc(doc: Document, url: str) -> SourceDoc:
    """A document staged without the dedupe step (a stage tested on its own) is its report id's document."""
    doc_id = doc.doc_id or doc.report_id
    assert doc_id is not None and doc.report_id is not None
    verdict = doc.identity or Verdict(MatchKind.NEW, doc_id, doc.report_id)
    kind = doc.extracted.kind if doc.extracted is not None else None
    return SourceDoc(url, doc_id, format_family(kind or "html"), verdict)


def _write_lines(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
