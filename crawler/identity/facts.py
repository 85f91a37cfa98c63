"""What the near-duplicate index takes in and gives back: small frozen values, JSON-ready."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from crawler.identity.prepare import Prepared

Number = int | float

# Source kinds whose text comes out of a page layout engine rather than markup; a PDF and an HTML page
# of one report are a format pair even when their texts normalise identically.
_KIND_FAMILY = {"html": "html", "htm": "html", "text": "html", "txt": "html"}


def format_family(source_kind: str) -> str:
    """The family a source kind compares as (html and plain text are one; each other format its own)."""
    return _KIND_FAMILY.get(source_kind, source_kind)


class MatchKind(StrEnum):
    """Why a document is (or is not) another copy of a known report. Each kind has its own reason."""

    EXACT_COPY = "exact_copy"  # identical comparison text: a re-post, or a re-fetch on a new URL
    MIRROR = "mirror"  # same agency-year and figures, wording differs (header, footer, a dropped line)
    FORMAT_PAIR = "format_pair"  # same report in another file format (PDF attachment vs HTML page)
    IMAGE_TEXT_PAIR = "image_text_pair"  # 图片版 (needs OCR, no text) and 文字版 of one report
    CORRECTION = "correction"  # same agency-year, similar text, figures changed: a new version
    COPIED_REPORT = "copied_report"  # same text and figures under another agency: 雷同, flagged, both kept
    NEW = "new"


# Kinds that make a document one more source of an existing report rather than a report of its own.
SAME_REPORT_KINDS = frozenset(
    {MatchKind.EXACT_COPY, MatchKind.MIRROR, MatchKind.FORMAT_PAIR, MatchKind.IMAGE_TEXT_PAIR}
)


@dataclass(frozen=True)
class ReportFacts:
    """One fetched document as the index sees it; built from a ReportRecord plus its source.

    ``doc_id`` is the content key (sha256 of the parser's normalised text); ``text`` is the parser's
    simplified text; ``agency_key`` comes from ``crawler.identity.agency.agency_key``.
    """

    doc_id: str
    agency_key: str | None
    report_year: int | None
    text: str
    figures: dict[str, Number] = field(default_factory=dict)
    source_kind: str = "html"  # html | pdf | docx | doc | wps | xls | text | image
    needs_ocr: bool = False  # an image version (图片版, scanned PDF): no text to compare
    title: str | None = None
    # doc id, shingles and signature, when the parse worker made them (crawler/identity/prepare.py)
    prepared: Prepared | None = field(default=None, compare=False, repr=False)

    @property
    def format_family(self) -> str:
        return format_family(self.source_kind)


@dataclass(frozen=True)
class Match:
    """A verified relation to one indexed document."""

    kind: MatchKind
    doc_id: str  # the indexed document matched
    report_id: str  # the report (first version's doc id) the matched document belongs to
    text_similarity: float  # exact Jaccard of the shingle sets (0.0 for an image/text pair)
    figure_agreement: float | None  # share of common figure keys with equal values; None if none shared


@dataclass(frozen=True)
class Verdict:
    """The index's answer for one document: its class, the best match, and every other verified relation.

    ``report_id`` is the report the document belongs to: the matched report for the same-report kinds,
    the document itself otherwise (a correction is a new version: ``supersedes`` names the old one).
    ``related`` holds the other verified matches, e.g. the 雷同 partners of a mirror's report.
    """

    kind: MatchKind
    doc_id: str
    report_id: str
    match: Match | None = None
    related: tuple[Match, ...] = ()

    @property
    def supersedes(self) -> str | None:
        return self.match.doc_id if self.match and self.kind is MatchKind.CORRECTION else None

    def to_json(self) -> dict[str, Any]:
        """The row a pipeline stages (maps onto fct_report_sources / mart_copied_reports)."""
        return {
            "doc_id": self.doc_id,
            "kind": self.kind.value,
            "report_id": self.report_id,
            "matched_doc_id": self.match.doc_id if self.match else None,
            "text_similarity": self.match.text_similarity if self.match else None,
            "figure_agreement": self.match.figure_agreement if self.match else None,
            "supersedes": self.supersedes,
            "related": [
                {"kind": m.kind.value, "doc_id": m.doc_id, "text_similarity": m.text_similarity}
                for m in self.related
            ],
        }
