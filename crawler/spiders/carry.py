"""A recrawl's archive side: pages read back from the archive instead of asked for again
(``crawler/recrawl.py`` decides which). The spider calls these; nothing here touches the network."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

from crawler.archive import ArchiveDamaged, ArchiveStore, FetchRecord
from crawler.items import Document, UrlOutcome
from crawler.middlewares import form_of
from crawler.recrawl import Listed, RecrawlPolicy
from crawler.registry import Portal
from crawler.spiders.classify import shell_target
from crawler.spiders.families import FAMILIES
from crawler.spiders.families.base import ListEntry
from crawler.urls import canonical_url, request_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.utils.log import SpiderLoggerAdapter


def archived_response(archive: ArchiveStore, fetched: FetchRecord, url: str = "") -> Response | None:
    """The archived copy of ``fetched`` as a response of the right kind (HTML, JSON, binary), or None when
    its bytes are missing or damaged (the caller then asks the server). ``url``: the address it is asked
    for now, which may name another port than the archived fetch (a loopback server's changes each run):
    the copy's own address is moved onto that host and port, so its links resolve to today's server."""
    if not archive.has(fetched.sha256):
        return None
    try:
        body = archive.get(fetched.sha256)
    except ArchiveDamaged:
        return None
    headers = {name: value for name, value in fetched.headers.items() if name == "content-type"}
    where = rebased(fetched.final_url, fetched.url, url) if url else fetched.final_url
    kind = responsetypes.from_args(headers=Headers(headers), url=where, body=body)
    return kind(url=where, body=body, headers=headers, status=200)


def rebased(final_url: str, asked_url: str, now_url: str) -> str:
    """``final_url`` (where ``asked_url`` led) on ``now_url``'s scheme, host and port when it stayed on
    ``asked_url``'s host; unchanged when it left it."""
    final, asked, now = urlsplit(final_url), urlsplit(asked_url), urlsplit(now_url)
    if final.hostname != asked.hostname or now.hostname != asked.hostname:
        return final_url
    return urlunsplit((now.scheme, now.netloc, final.path, final.query, final.fragment))


def previous_listing(
    archive: ArchiveStore, copies: Iterable[FetchRecord], portal: Portal
) -> dict[str, Listed]:
    """Every entry the portal's archived list pages (``ArchiveHistory.list_pages``: every distinct copy, as
    a POST pager keeps all its pages at one URL) showed, by canonical URL (a later copy's reading of an
    entry wins: copies are in archive order)."""
    family = FAMILIES[portal.family]
    listed: dict[str, Listed] = {}
    for fetched in copies:
        response = archived_response(archive, fetched)
        if response is None or not isinstance(response, TextResponse):
            continue
        for entry in family.entries(response, portal):
            listed[canonical_url(entry.url)] = Listed(entry.title, entry.stamp)
    return listed


class CarryForward:
    """The recrawl half of ``ReportsSpider`` (a mixin): what a list page's known entries and deeper pages
    become when the policy gives no reason to ask for them again."""

    if TYPE_CHECKING:  # provided by ReportsSpider
        archive: ArchiveStore
        crawler: Crawler
        seen: dict[str, FetchRecord]
        policy: RecrawlPolicy | None
        listed_before: dict[str, dict[str, Listed]]
        list_copies: dict[str, dict[str, FetchRecord]]

        @property
        def logger(self) -> SpiderLoggerAdapter: ...

        def _document_request(
            self, entry: ListEntry, portal: Portal, role: str, referer: str, *, hops: int = 0
        ) -> Request: ...
        def _list_request(self, request: Request, portal: Portal) -> Request | None: ...
        def _read_list(self, response: TextResponse, portal: Portal) -> Iterator[Any]: ...
        @staticmethod
        def _attachment_entries(page: Response, link_text: str | None) -> list[ListEntry]: ...

    def _carried(self, entry: ListEntry, portal: Portal, referer: str) -> tuple[list[Any], str]:
        """On a recrawl, a known report whose entry, age and turn give no reason to ask: staged again from
        the archive (with its attachments), no request. Returns that (empty when it is asked for) and the
        reason it is asked for (``new`` when unknown, ``carried`` when not asked)."""
        known = self.seen.get(canonical_url(entry.url))
        if self.policy is None or known is None or known.role != "page":
            return [], "new"
        before = self.listed_before.get(portal.slug)
        if before is None:
            copies = self.list_copies.get(portal.slug, {}).values()
            before = self.listed_before[portal.slug] = previous_listing(self.archive, copies, portal)
        key = canonical_url(entry.url)
        reason = self.policy.reason_to_ask(key, Listed(entry.title, entry.stamp), before.get(key), known)
        if reason == "listing_changed":
            self.logger.info("%s: listing changed for %s: %s -> %s", portal.slug, key, before.get(key), entry)
        carried = [] if reason else self._from_archive_unasked(entry, portal, "page", referer, known)
        self.crawler.stats.inc_value(f"nianbao/recrawl/{reason or ('carried' if carried else 'unreadable')}")
        return carried, reason or "carried"

    def _from_archive_unasked(
        self, entry: ListEntry, portal: Portal, role: str, referer: str, known: FetchRecord
    ) -> list[Any]:
        """``entry`` as archived (a document plus, for a page, its attachments carried or asked for); empty
        when the copy is unreadable or is a redirect shell (its target may have changed): then it is asked."""
        page = archived_response(self.archive, known, entry.url)
        if page is None:
            return []
        encoding = getattr(page, "encoding", None) or "utf-8"
        if role == "page" and shell_target(page.url, page.body, encoding) is not None:
            return []
        document = Document(
            url=entry.url,
            final_url=known.final_url,  # where the bytes came from (the page is read on today's host)
            status=200,
            headers=known.headers,
            body=page.body,
            fetched_at=known.fetched_at,
            portal=portal.slug,
            role=role,
            link_text=entry.title,
            referer=referer,
            not_modified=True,
            carried=True,
            sha256=known.sha256,
        )
        out: list[Any] = [document]
        if role == "page":
            for link in self._attachment_entries(page, entry.title):
                known_file = self.seen.get(canonical_url(link.url))
                carried = (
                    self._from_archive_unasked(link, portal, "attachment", entry.url, known_file)
                    if known_file
                    else []
                )
                out.extend(carried or [self._document_request(link, portal, "attachment", entry.url)])
        return out

    def _carry_list(self, request: Request, portal: Portal) -> Iterator[Any]:
        """A deeper list page of an unchanged column, read from the archive (a POST pager's page by its form);
        asked for when there is no readable copy."""
        known = self.seen.get(request_key(request.url, form_of(request)))
        page = archived_response(self.archive, known, request.url) if known else None
        if page is None or not isinstance(page, TextResponse):
            follow = self._list_request(request, portal)
            if follow is not None:
                yield follow
            return
        assert known is not None  # page is not None
        page.request = request  # as if answered: a pager tells its first page from the rest by the request
        self.crawler.stats.inc_value("nianbao/recrawl/list_carried")
        yield UrlOutcome(
            request.url, portal.slug, "not_modified", "carried", role="list", sha256=known.sha256
        )
        yield from self._read_list(page, portal)
