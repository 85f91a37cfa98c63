"""Settling one run's documents into reports, so the answer does not depend on download order.

The index answers per document as it arrives, naming whichever relative arrived first; in a crawl that is
whichever download finished first. At the end of the run the documents joined by a same-report relation
(exact copy, mirror, format pair, image/text pair) form one report. Its id is the id an earlier run gave
any of them (a report keeps its identity across runs), else the doc id of its representative, the first
of its sources in the caller's order (a page before an attachment, HTML first, then URL). A crawl and a
replay of its archive therefore agree. Every source then gets its relation to the report's own document
(the one whose id the report carries): ``kept`` for the first source of that document (``correction`` or
``copied_report`` when the report is a new version of, or a 雷同 of, another report), else the kind of a
verified relation to it or to another member of the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from crawler.identity.facts import SAME_REPORT_KINDS, Match, MatchKind, Verdict

KEPT = "kept"
# A representative whose own verdict says what its report is to another one keeps that as its relation.
REPORT_LEVEL_KINDS = frozenset({MatchKind.CORRECTION, MatchKind.COPIED_REPORT})


class SettlingIndex(Protocol):
    def saved_report(self, doc_id: str) -> str | None: ...
    def compare(self, doc_id: str, other_id: str) -> Match | None: ...
    def format_family(self, doc_id: str) -> str: ...


@dataclass(frozen=True)
class SourceDoc:
    """One source (URL) of the run, in the caller's order of preference."""

    url: str
    doc_id: str
    format_family: str
    verdict: Verdict


@dataclass(frozen=True)
class Settled:
    """A source's place: the report it belongs to and its relation, with the document it was compared to."""

    report_id: str
    relation: str  # kept | correction | copied_report | exact_copy | mirror | format_pair | image_text_pair
    match: Match | None
    related: tuple[Match, ...] = ()


class _Groups:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, doc: str) -> str:
        root = self.parent.setdefault(doc, doc)
        while root != self.parent[root]:
            root = self.parent[root]
        self.parent[doc] = root
        return root

    def join(self, left: str, right: str) -> None:
        a, b = self.find(left), self.find(right)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def settle(sources: Sequence[SourceDoc], index: SettlingIndex) -> list[Settled]:
    """Each source's report and relation, in the order of ``sources``."""
    groups = _Groups()
    for source in sources:
        groups.find(source.doc_id)
        match = source.verdict.match
        if source.verdict.kind in SAME_REPORT_KINDS and match is not None:
            groups.join(source.doc_id, match.doc_id)
    report_of_group: dict[str, str] = {}
    earlier: dict[str, list[str]] = {}
    for doc in list(groups.parent):
        saved = index.saved_report(doc)
        if saved is not None:
            earlier.setdefault(groups.find(doc), []).append(saved)
    for source in sources:  # a new report's id is its first source's document
        root = groups.find(source.doc_id)
        report_of_group.setdefault(root, min(earlier[root]) if root in earlier else source.doc_id)
    anchors: dict[str, SourceDoc | None] = {}
    settled = []
    for source in sources:
        report_id = report_of_group[groups.find(source.doc_id)]
        if report_id not in anchors:
            anchors[report_id] = _anchor(sources, report_id, index)
        settled.append(_relation(source, anchors[report_id], report_id, index))
    return settled


def _anchor(sources: Sequence[SourceDoc], report_id: str, index: SettlingIndex) -> SourceDoc | None:
    """The source standing for the report's own document: its first source in this run for a new report;
    for one an earlier run saved, the source with its document in the format it was kept in, if any."""
    if index.saved_report(report_id) is None:
        return next((s for s in sources if s.doc_id == report_id), None)
    family = index.format_family(report_id)
    return next((s for s in sources if s.doc_id == report_id and s.format_family == family), None)


def _relation(source: SourceDoc, anchor: SourceDoc | None, report_id: str, index: SettlingIndex) -> Settled:
    """The relation of ``source`` to its report's document: ``anchor`` is its first source in this run, or
    None when the report's document (its id) was seen only by an earlier run."""
    verdict = source.verdict
    related = tuple(m for m in verdict.related if m.kind is MatchKind.COPIED_REPORT)
    if source is anchor:
        if verdict.kind in REPORT_LEVEL_KINDS:
            return Settled(report_id, verdict.kind.value, verdict.match, related)
        return Settled(report_id, KEPT, None, related)
    if source.doc_id == report_id:  # the report's own text on another URL (or in another format)
        family = anchor.format_family if anchor else index.format_family(report_id)
        same = MatchKind.EXACT_COPY if source.format_family == family else MatchKind.FORMAT_PAIR
        return Settled(report_id, same.value, Match(same, report_id, report_id, 1.0, 1.0), related)
    match = verdict.match
    if verdict.kind in SAME_REPORT_KINDS and match is not None and match.doc_id != source.doc_id:
        return Settled(report_id, verdict.kind.value, match, related)
    to_report = index.compare(source.doc_id, report_id)
    if to_report is not None and to_report.kind in SAME_REPORT_KINDS:
        return Settled(report_id, to_report.kind.value, to_report, related)
    # Joined through another member only: the kind of the verdict that joined it, or a mirror.
    kind = verdict.kind.value if verdict.kind in SAME_REPORT_KINDS else MatchKind.MIRROR.value
    return Settled(report_id, kind, match, related)
