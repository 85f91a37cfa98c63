"""The one spider: walk each portal's 年报 columns with its family's adapter, fetch every report page and its
attachments, and yield what happened. No parsing here (the pipelines do that); no state beyond the crawl.

A portal registered without a column URL starts at its home page: ``discover`` finds the column by its
link text (reading the site's 政府信息公开 pages when the home page has no such link). A page that is only a
redirect shell (meta refresh, ``location.replace``) is followed to its target, a few hops at most, under the
same host policy as HTTP redirects (``classify.redirect_verdict``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import scrapy
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.archive import ArchiveDamaged, ArchiveStore, FetchRecord
from crawler.items import Document, UrlOutcome, utc_now
from crawler.middlewares import flat_headers, linked_url, verdict_of
from crawler.recrawl import Listed, RecrawlPolicy, crawl_date
from crawler.refusals import RedirectRefused, failure_reason
from crawler.registry import Portal, load_portals
from crawler.selection import outside_years
from crawler.spiders.carry import CarryForward
from crawler.spiders.classify import SHELL_MAX_BYTES, Verdict, redirect_verdict, shell_target
from crawler.spiders.discover import find_column, gateway_links
from crawler.spiders.families import FAMILIES, Family
from crawler.spiders.families.base import ListEntry, attachment_links, image_links, is_image_version
from crawler.urls import canonical_url, is_mirror

MAX_LIST_PAGES = 500  # per column: a runaway pager stops here (50 cut real-size columns: bench-national)
MAX_SHELL_HOPS = 3  # redirect shells followed in a row before giving up
MAX_DISCOVERY_DEPTH = 1  # home page, then the site's 政府信息公开 pages


class ReportsSpider(CarryForward, scrapy.Spider):
    name = "reports"
    archive: ArchiveStore

    def __init__(self, portals: Sequence[Portal] | str = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.wanted = portals if isinstance(portals, str) else None  # ``-a portals=slug,slug``
        self.portals = {} if isinstance(portals, str) else {p.slug: p for p in portals}
        self.list_pages: dict[str, int] = {}
        self.listed: dict[str, set[str]] = {}  # portal -> entry URLs its list pages showed so far
        self.seen: dict[str, FetchRecord] = {}  # url -> last 200 fetch, for conditional requests
        self.discovered: dict[str, str] = {}  # portal -> the column its home pages led to
        self.years: list[int] = []  # report years selected (``--years``); empty: every year
        self.policy: RecrawlPolicy | None = None  # a recrawl's: which known reports to ask for again
        self.listed_before: dict[str, dict[str, Listed]] = {}  # portal -> its archived listing, by URL
        # portal -> sha256 -> each list page copy archived before this run
        self.list_copies: dict[str, dict[str, FetchRecord]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReportsSpider:
        spider: ReportsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.archive = ArchiveStore(Path(crawler.settings["NIANBAO_ARCHIVE_DIR"]))
        spider.years = [int(year) for year in crawler.settings.getlist("NIANBAO_YEARS")]
        if not spider.portals:  # ``scrapy crawl reports``: the registry's portals (``-a portals=`` narrows)
            registry = load_portals(Path(crawler.settings["NIANBAO_REGISTRY"]))
            wanted = set(spider.wanted.split(",")) if spider.wanted else {p.slug for p in registry}
            spider.portals = {p.slug: p for p in registry if p.slug in wanted}
        if not crawler.settings.getbool("NIANBAO_INCREMENTAL"):
            return spider
        # Read once, before this run archives anything: its own list pages must not be the "before".
        history = spider.archive.history()
        spider.seen = history.latest_ok
        if spider.seen and not crawler.settings.getbool("NIANBAO_FULL_RECRAWL"):
            spider.policy = RecrawlPolicy(
                today=crawl_date(crawler.settings.get("NIANBAO_TODAY", "")),
                every=crawler.settings.getint("NIANBAO_RECRAWL_EVERY", 90),
                run_number=history.runs,
                failed_last=history.failed_last,
            )
            spider.list_copies = history.list_pages
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for portal in self.portals.values():
            if portal.discovers:
                yield self._home_request(portal.home_url, portal, depth=0)
                continue
            family = FAMILIES[portal.family]
            for column_url in portal.column_urls:
                yield self._list_request(family.start(portal, column_url), portal)

    # -- requests ---------------------------------------------------------------------------------------
    def _home_request(self, url: str, portal: Portal, *, depth: int, hops: int = 0) -> Request:
        return Request(
            url,
            callback=self.parse_home,
            errback=self.failed,
            meta={
                **_portal_meta(portal),
                "nianbao_role": "home",
                "nianbao_discovery_depth": depth,
                "nianbao_shell_hops": hops,
            },
        )

    def _list_request(self, request: Request, portal: Portal) -> Request | None:
        count = self.list_pages.get(portal.slug, 0)
        if count >= MAX_LIST_PAGES * max(1, len(portal.column_urls)):
            self.logger.warning("%s: list page cap reached, not following %s", portal.slug, request.url)
            return None
        self.list_pages[portal.slug] = count + 1
        return request.replace(
            callback=self.parse_list,
            errback=self.failed,
            meta={**request.meta, **_portal_meta(portal), "nianbao_role": "list"},
        )

    def _document_request(
        self, entry: ListEntry, portal: Portal, role: str, referer: str, *, hops: int = 0
    ) -> Request:
        headers = {"Referer": referer}
        previous = self.seen.get(canonical_url(entry.url))
        if previous is not None:
            # Conditional request: an unchanged report costs one 304 and no body.
            if "etag" in previous.headers:
                headers["If-None-Match"] = previous.headers["etag"]
            if "last-modified" in previous.headers:
                headers["If-Modified-Since"] = previous.headers["last-modified"]
        return Request(
            entry.url,
            headers=headers,
            callback=self.parse_document,
            errback=self.failed,
            meta={
                **_portal_meta(portal),
                "nianbao_role": role,
                "nianbao_link_text": entry.title,
                "nianbao_referer": referer,
                "nianbao_shell_hops": hops,
            },
        )

    def _follow_shell(
        self, response: Response, portal: Portal, *, archived: Document | None = None
    ) -> list[Any]:
        """If the page (or, for a 304, its ``archived`` copy) is a redirect shell: the shell's event and the
        request for its target, in the same role; or the reason it is not followed. Empty if not a shell."""
        if archived is not None:  # an unchanged shell still leads to its target, which may have changed
            body, sha = archived.body, archived.sha256
        elif response.status == 200:
            body, sha = response.body, response.meta.get("nianbao_sha256")
        else:
            return []
        if len(body) > SHELL_MAX_BYTES:  # not a shell; and a large page's encoding may cost a detection pass
            return []
        target = shell_target(response.url, body, getattr(response, "encoding", None) or "utf-8")
        if target is None:
            return []
        verdict = redirect_verdict(response.url, target, portal.hosts)
        if verdict is not None:
            return [self._outcome(response, verdict.outcome, verdict.reason, target=target, sha256=sha)]
        hops = int(response.meta.get("nianbao_shell_hops", 0)) + 1
        if hops > MAX_SHELL_HOPS:
            return [self._outcome(response, "failed", "redirect_loop", target=target, sha256=sha)]
        role = response.meta["nianbao_role"]
        follow: Request | None
        if role == "home":
            depth = int(response.meta.get("nianbao_discovery_depth", 0))
            follow = self._home_request(target, portal, depth=depth, hops=hops)
        elif role == "list":
            follow = self._list_request(Request(target, meta={"nianbao_shell_hops": hops}), portal)
        else:
            entry = ListEntry(target, response.meta.get("nianbao_link_text"))
            follow = self._document_request(entry, portal, role, response.url, hops=hops)
        self.crawler.stats.inc_value("nianbao/shell/followed")
        seen = "not_modified" if archived is not None else "fetched"
        event = self._outcome(response, seen, "redirect_shell", target=target, sha256=sha)
        return [event] if follow is None else [event, follow]

    def _portal(self, response: Response) -> Portal:
        return self.portals[response.meta["nianbao_portal"]]

    def _classify(self, response: Response, portal: Portal) -> tuple[Verdict, list[Any]]:
        """The page's verdict and, unless it is blocked, what following it as a redirect shell yields."""
        verdict = verdict_of(response)
        return verdict, self._follow_shell(response, portal) if verdict.outcome != "blocked" else []

    # -- callbacks --------------------------------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[Any]:
        """A home page (or a 政府信息公开 page) of a portal without a registered column: find the column."""
        portal = self._portal(response)
        verdict, shell = self._classify(response, portal)
        if shell:
            yield from shell
            return
        if verdict.outcome != "fetched" or not isinstance(response, TextResponse):
            yield self._outcome(response, verdict.outcome, verdict.reason)
            return
        if portal.slug in self.discovered:  # another of its pages found the column first
            yield self._outcome(response, "fetched", "ok")
            return
        column = find_column(response, portal.hosts)
        if column is not None:
            self.discovered[portal.slug] = column
            self.logger.info("%s: 年报 column found on %s: %s", portal.slug, response.url, column)
            yield self._outcome(response, "fetched", "column_found", target=column)
            follow = self._list_request(FAMILIES[portal.family].start(portal, column), portal)
            if follow is not None:
                yield follow
            return
        depth = int(response.meta.get("nianbao_discovery_depth", 0))
        gateways = gateway_links(response, portal.hosts) if depth < MAX_DISCOVERY_DEPTH else []
        yield self._outcome(response, "fetched", "ok" if gateways else "column_not_found")
        for url in gateways:
            yield self._home_request(url, portal, depth=depth + 1)

    def parse_list(self, response: Response) -> Iterator[Any]:
        portal = self._portal(response)
        verdict, shell = self._classify(response, portal)
        if shell:
            yield from shell
            return
        yield self._outcome(response, verdict.outcome, verdict.reason)
        if verdict.outcome != "fetched" or not isinstance(response, TextResponse):
            return
        yield from self._read_list(response, portal)

    def _read_list(self, response: TextResponse, portal: Portal) -> Iterator[Any]:
        """A list page's entries and its pager, whether it came from the server or from the archive."""
        family: Family = FAMILIES[portal.family]
        entries = list(family.entries(response, portal))
        listed = self.listed.setdefault(portal.slug, set())
        new = [entry for entry in entries if entry.url not in listed]
        listed.update(entry.url for entry in entries)
        changed = self.policy is None or not entries  # a page listing nothing (a shell) leads on live
        for entry in new:
            if is_mirror(entry.url):
                yield UrlOutcome(entry.url, portal.slug, "skipped", "big5_mirror", role="page")
                continue
            if outside_years(entry.title, self.years):
                yield UrlOutcome(entry.url, portal.slug, "skipped", "year_not_selected", role="page")
                continue
            carried, reason = self._carried(entry, portal, response.url)
            changed = changed or reason in {"new", "listing_changed"}
            yield from carried or [self._document_request(entry, portal, "page", response.url)]
        if entries and not new:
            # A pager past its end that repeats what was already listed: stop here, not at the page cap.
            self.logger.info("%s: %s lists nothing new; not following its pager", portal.slug, response.url)
            return
        for request in family.next_pages(response, portal):
            if not changed:  # a page showing nothing new or changed: the pages after it come from the archive
                yield from self._carry_list(request, portal)
                continue
            follow = self._list_request(request, portal)
            if follow is not None:
                yield follow

    def parse_document(self, response: Response) -> Iterator[Any]:
        portal = self._portal(response)
        role = response.meta["nianbao_role"]
        verdict = verdict_of(response)
        if verdict.outcome == "blocked":
            yield self._outcome(response, verdict.outcome, verdict.reason)
            return
        document: Document | None = None
        if verdict.outcome == "not_modified":
            document = self._from_archive(response, portal, role)
            if document is None:
                yield self._outcome(response, "failed", "not_modified_but_not_archived", sha256=None)
                return
        shell = self._follow_shell(response, portal, archived=document)
        if shell:
            yield from shell
            return
        if document is None:
            if verdict.outcome != "fetched":
                yield self._outcome(response, verdict.outcome, verdict.reason)
                return
            document = self._document(response, portal, role)
        yield document
        if role == "page":
            for entry in self._attachments(response, document):
                yield self._document_request(entry, portal, "attachment", response.url)

    def failed(self, failure: Failure) -> Iterator[UrlOutcome]:
        request: Request = failure.request  # type: ignore[attr-defined]
        outcome, reason = failure_reason(failure)
        yield UrlOutcome(
            url=linked_url(request),
            portal=request.meta.get("nianbao_portal", ""),
            outcome=outcome,
            reason=reason,
            role=request.meta.get("nianbao_role"),
            target=failure.value.target if isinstance(failure.value, RedirectRefused) else None,
        )

    # -- helpers ----------------------------------------------------------------------------------------
    def _attachments(self, response: Response, document: Document) -> Iterable[ListEntry]:
        """Files linked from a report page; for a 图片版 page also its images (the report is in them)."""
        page = response
        if document.not_modified:  # a 304 has no body: read the links from the archived copy
            page = TextResponse(
                url=response.url,
                body=document.body,
                headers={"Content-Type": document.headers.get("content-type", "text/html")},
            )
        return self._attachment_entries(page, response.meta.get("nianbao_link_text"))

    @staticmethod
    def _attachment_entries(page: Response, link_text: str | None) -> list[ListEntry]:
        if b"<" not in page.body:  # no markup at all (a plain-text report): no links, and no costly decoding
            return []
        links = attachment_links(page)
        if is_image_version(page, link_text):
            links += [image for image in image_links(page) if image not in links]
        return links

    def _document(self, response: Response, portal: Portal, role: str) -> Document:
        return Document(
            url=linked_url(response),
            final_url=response.url,
            status=response.status,
            headers=flat_headers(response),
            body=response.body,
            fetched_at=response.meta.get("nianbao_fetched_at", utc_now()),
            portal=portal.slug,
            role=role,
            link_text=response.meta.get("nianbao_link_text"),
            referer=response.meta.get("nianbao_referer"),
            sha256=response.meta.get("nianbao_sha256"),
        )

    def _from_archive(self, response: Response, portal: Portal, role: str) -> Document | None:
        url = linked_url(response)
        previous = self.seen.get(canonical_url(url))
        if previous is None or not self.archive.has(previous.sha256):
            return None
        try:
            body = self.archive.get(previous.sha256)
        except ArchiveDamaged as damaged:  # treated as never archived: the caller records it
            self.logger.warning("%s: %s", url, damaged)
            return None
        return Document(
            url=url,
            final_url=response.url,
            status=200,
            headers=previous.headers,
            body=body,
            fetched_at=previous.fetched_at,
            portal=portal.slug,
            role=role,
            link_text=response.meta.get("nianbao_link_text"),
            referer=response.meta.get("nianbao_referer"),
            not_modified=True,
            sha256=previous.sha256,
        )

    def _outcome(
        self,
        response: Response,
        outcome: str,
        reason: str,
        *,
        target: str | None = None,
        sha256: str | None = "",
    ) -> UrlOutcome:
        """The event for ``response``; ``sha256`` defaults to the bytes just received (pass the archived
        copy's for a 304, None when there are no bytes to point at)."""
        return UrlOutcome(
            url=response.url,
            portal=response.meta.get("nianbao_portal", ""),
            outcome=outcome,
            reason=reason,
            status=response.status,
            sha256=response.meta.get("nianbao_sha256") if sha256 == "" else sha256,
            role=response.meta.get("nianbao_role"),
            target=target,
        )


def _portal_meta(portal: Portal) -> dict[str, Any]:
    # nianbao_hosts/_ports: where its requests and redirects may go (``FetchPolicy``, ``RedirectPolicy``);
    # Scrapy copies meta onto redirected requests.
    meta: dict[str, Any] = {
        "nianbao_portal": portal.slug,
        "nianbao_hosts": sorted(portal.hosts),
        "nianbao_ports": sorted(portal.ports, key=lambda port: port or 0),
    }
    if "download_timeout" in portal.options:  # a slow district site gets its own patience
        meta["download_timeout"] = float(portal.options["download_timeout"])
    if "download_maxsize" in portal.options:
        meta["download_maxsize"] = int(portal.options["download_maxsize"])
    return meta
