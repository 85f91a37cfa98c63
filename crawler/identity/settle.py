"""Settling one run's documents into reports, so the answer does not depend on download order.

The index answers per document as it arrives, naming whichever relative arrived first; in a crawl that is
whichever download finished first. At the end of the run the documents joined by a same-report relation
(exact copy, mirror, format pair, image/text pair) form one report. Its id is the id an earlier run gave
any of them (a report keeps its identity across runs), else the doc id of its representative, the first
of its sources in the caller's order (a page before an attachment, HTML first, then URL). A crawl and a
replay of its archive therefore agree. Every source then gets its relation to the report's representative:
``kept`` for the representative itself (``correction`` or ``copied_report`` when the report is a new
version of, or a 雷同 of, another report), else the kind of a verified relation to a member of the report.
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
    for source in sources:  # the first source of a group is its representative
        root = groups.find(source.doc_id)
        report_of_group.setdefault(root, min(earlier[root]) if root in earlier else source.doc_id)
    representative: dict[str, SourceDoc] = {}
    settled = []
    for source in sources:
        report_id = report_of_group[groups.find(source.doc_id)]
        first = representative.setdefault(report_id, source)
        settled.append(_relation(source, first, report_id, index))
    return settled


def _relation(source: SourceDoc, first: SourceDoc, report_id: str, index: SettlingIndex) -> Settled:
    verdict = source.verdict
    related = tuple(m for m in verdict.related if m.kind is MatchKind.COPIED_REPORT)
    if source is first:
        if verdict.kind in REPORT_LEVEL_KINDS:
            return Settled(report_id, verdict.kind.value, verdict.match, related)
        return Settled(report_id, KEPT, None, related)
    if source.doc_id == first.doc_id:  # the same text on another URL
        same = MatchKind.EXACT_COPY if source.format_family == first.format_family else MatchKind.FORMAT_PAIR
        return Settled(report_id, same.value, Match(same, first.doc_id, report_id, 1.0, 1.0), related)
    match = verdict.match
    if verdict.kind in SAME_REPORT_KINDS and match is not None and match.doc_id != source.doc_id:
        return Settled(report_id, verdict.kind.value, match, related)
    to_first = index.compare(source.doc_id, first.doc_id)
    if to_first is not None and to_first.kind in SAME_REPORT_KINDS:
        return Settled(report_id, to_first.kind.value, to_first, related)
    # Joined through another member only: the kind of the verdict that joined it, or a mirror.
    kind = verdict.kind.value if verdict.kind in SAME_REPORT_KINDS else MatchKind.MIRROR.value
    return Settled(report_id, kind, match, related)
