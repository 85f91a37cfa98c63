"""The identity state a run's dedupe and stage steps share: the persistent near-duplicate index, the texts
its candidates are verified against, and the agency resolver.

One per crawler (Scrapy builds each pipeline on its own; ``RunIdentity.of`` hands both the same one). The
dedupe step classifies every parsed document on arrival; the stage step settles the run's reports at its
end (``crawler.identity.settle``: independent of download order) and saves the index, so the next run,
or the next crawl on a new URL, recognises what this one saw. ``NIANBAO_IDENTITY_DIR`` unset (a pipeline
tested on its own) keeps everything in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.identity.agency import agency_key
from crawler.identity.facts import ReportFacts, Verdict
from crawler.identity.index import NearDupIndex
from crawler.identity.resolver import AgencyResolver
from crawler.identity.settle import Settled, SourceDoc, settle
from crawler.identity.store import TextStore
from crawler.items import Document

_ATTRIBUTE = "_nianbao_identity"


def facts_of(doc: Document, doc_id: str) -> ReportFacts:
    record = doc.record
    assert record is not None  # only parsed documents are classified
    kind = doc.extracted.kind if doc.extracted is not None else "html"
    return ReportFacts(
        doc_id=doc_id,
        agency_key=agency_key(record.agency) if record.agency else None,
        report_year=record.report_year,
        text=record.text,
        figures=dict(record.figures),
        source_kind=kind or "html",
        needs_ocr="needs_ocr" in record.flags,
        title=record.title,
        prepared=doc.prepared,
    )


class RunIdentity:
    def __init__(self, directory: Path | None) -> None:
        self._texts = TextStore(directory) if directory else None
        self._memory: dict[str, str] = {}
        self.index = NearDupIndex(self._text_for, directory)
        self._resolver: AgencyResolver | None = None
        self._agencies: dict[tuple[str, int | None, str | None], dict[str, Any]] = {}

    @classmethod
    def of(cls, crawler: Any) -> RunIdentity:
        shared = getattr(crawler, _ATTRIBUTE, None)
        if shared is None:
            directory = crawler.settings.get("NIANBAO_IDENTITY_DIR")
            shared = cls(Path(directory) if directory else None)
            setattr(crawler, _ATTRIBUTE, shared)
        return shared

    def classify(self, doc: Document, doc_id: str) -> Verdict:
        facts = facts_of(doc, doc_id)
        if self._texts is not None:
            self._texts.put(doc_id, facts.text, facts.prepared.packed_text if facts.prepared else None)
        else:
            self._memory[doc_id] = facts.text
        return self.index.add(facts)

    def agency(self, name: str | None, year: int | None, region_code: str | None) -> dict[str, Any]:
        """The staged ``agency_identity`` of a report (all null without a name)."""
        if not name:
            return dict.fromkeys(("key", "parent_key", "stable_id", "division_code", "current_division_code",
                                  "lineage"))  # fmt: skip
        known = self._agencies.get((name, year, region_code))
        if known is None:  # the resolver is a pure function of these three: each is resolved once a run
            if self._resolver is None:
                self._resolver = AgencyResolver()
            resolved = self._resolver.resolve(name, year, region_code)
            known = self._agencies[(name, year, region_code)] = {
                "key": resolved.key,
                "parent_key": resolved.parent_key,
                "stable_id": resolved.stable_id,
                "division_code": resolved.division_code,
                "current_division_code": resolved.current_division_code,
                "lineage": resolved.lineage,
            }
        return dict(known)

    def settle(self, sources: list[SourceDoc]) -> list[Settled]:
        """The run's reports (see ``crawler.identity.settle``), recorded in the index and saved."""
        settled = settle(sources, self.index)
        if self._texts is not None:
            self._texts.flush()  # the texts are on disk before the entries that need them
        for source, place in zip(sources, settled, strict=True):
            if source.doc_id in self.index and self.index.saved_report(source.doc_id) is None:
                self.index.assign_report(source.doc_id, place.report_id)
        self.index.save()
        return settled

    def report_of(self, doc_id: str, settled: dict[str, str]) -> str | None:
        """The report a matched document belongs to: settled in this run, or saved by an earlier one."""
        if doc_id in settled:
            return settled[doc_id]
        return self.index.saved_report(doc_id)

    def _text_for(self, doc_id: str) -> str | None:
        text = self._memory.get(doc_id)
        if text is None and self._texts is not None:
            text = self._texts.get(doc_id)
        return text
