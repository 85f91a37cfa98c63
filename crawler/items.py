"""What the spider yields. Two kinds: a fetched document (a report page or an attachment) that the pipelines
archive, extract, parse, validate, dedupe and stage; and a URL outcome (a list page fetched, a failure, a
block, a skip) that passes through untouched to the crawl-event log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from crawler.identity.facts import Verdict
from crawler.identity.prepare import Prepared
from crawler.parsing.record import Extracted, ReportRecord

OUTCOMES = frozenset({"fetched", "not_modified", "failed", "blocked", "skipped"})


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class Document:
    url: str  # the URL the link pointed at (before redirects)
    final_url: str
    status: int
    headers: dict[str, str]  # lower-case names, joined values
    body: bytes  # exactly as received after content decoding (or from the archive when not modified)
    fetched_at: str
    portal: str
    role: str  # page | attachment
    link_text: str | None = None
    referer: str | None = None
    not_modified: bool = False  # 304: body re-read from the archive
    carried: bool = False  # a recrawl did not ask for it (crawler/recrawl.py): re-read from the archive
    sha256: str | None = None  # set by the archive step
    # filled in by the pipelines
    extracted: Extracted | None = None
    record: ReportRecord | None = None
    report_id: str | None = None  # the report the index placed it in on arrival (the stage settles it)
    prepared: Prepared | None = None  # its identity's doc id, shingles and signature, from the parse worker
    doc_id: str | None = None  # content key of this document's text
    identity: Verdict | None = None  # what the near-duplicate index made of it
    duplicate: bool = False
    skip_reason: str | None = None  # not staged as a report, and why (stable code)

    @property
    def host(self) -> str:
        return urlsplit(self.final_url).hostname or ""

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    def skip(self, reason: str) -> Document:
        self.skip_reason = reason
        return self


@dataclass
class UrlOutcome:
    url: str
    portal: str
    outcome: str  # one of OUTCOMES
    reason: str  # short stable code: ok, http_404, timeout, js_challenge, robots, ...
    status: int | None = None
    sha256: str | None = None
    role: str | None = None  # home | list | page | attachment
    target: str | None = None  # where a redirect, shell or discovered link pointed (for curation)
    at: str = field(default_factory=utc_now)

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""
