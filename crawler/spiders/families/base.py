"""What every family adapter provides, and the link helpers they share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.registry import Portal

ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|xlsx?|rtf|zip|rar|ofd)(\?|$)", re.IGNORECASE)
ATTACHMENT_HINT = re.compile(r"download\.jsp|downfile|attachment|/files/", re.IGNORECASE)


@dataclass(frozen=True)
class ListEntry:
    url: str  # absolute
    title: str | None = None


class Family(Protocol):
    def start(self, portal: Portal, column_url: str) -> Request: ...

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]: ...

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]: ...


def anchor_text(selector: object) -> str | None:
    title = selector.attrib.get("title")  # type: ignore[attr-defined]
    text = title or " ".join(t.strip() for t in selector.css("::text").getall() if t.strip())  # type: ignore[attr-defined]
    return text or None


def attachment_links(response: Response) -> list[ListEntry]:
    """Links on a report page that look like files (by extension or download endpoint), absolute, deduped."""
    if not isinstance(response, TextResponse):
        return []
    seen: dict[str, ListEntry] = {}
    for a in response.css("a[href]"):
        href = a.attrib["href"].strip()
        if href.startswith(("javascript:", "mailto:", "#")):
            continue
        if ATTACHMENT_EXT.search(href) or ATTACHMENT_HINT.search(href):
            url = response.urljoin(href)
            seen.setdefault(url, ListEntry(url, anchor_text(a)))
    return list(seen.values())
