"""``nianbao portals check SLUG``: what a person does to add a portal, done by the crawler's own parts. Read
the home page, find the 年报 column (``discover.find_column``; one level of 政府信息公开 pages if the home
page has no link), say which CMS family serves it (``detect.detect_family``), read its first list page
with that family's adapter, fetch one report page. A handful of requests, each after robots.txt allows
it, 1 s apart on real hosts, with the same user agent as a crawl; ``*.test`` hosts are asked on loopback
only.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from scrapy.http import HtmlResponse, Request

from crawler.registry import Portal
from crawler.spiders.classify import classify
from crawler.spiders.detect import detect_family
from crawler.spiders.discover import find_column, gateway_links
from crawler.spiders.families import FAMILIES
from crawler.urls import is_reserved_host

TIMEOUT_S = 20
REAL_HOST_PAUSE_S = 1.0
MAX_REDIRECTS = 3


class CheckRefused(RuntimeError):
    """robots.txt forbids a page the check needs, or a redirect leaves the portal's hosts."""


@dataclass
class Page:
    url: str
    status: int
    content_type: str
    body: bytes

    def response(self) -> HtmlResponse:
        return HtmlResponse(url=self.url, body=self.body, headers={"Content-Type": self.content_type})


@dataclass
class Finding:
    """What the check found, step by step; ``ok`` when a report page was reached."""

    lines: list[str] = field(default_factory=list)
    column: str | None = None
    family: str | None = None
    entries: int = 0
    report: str | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None

    def say(self, line: str) -> None:
        self.lines.append(line)


class Fetcher:
    """GET with the crawl's user agent, robots.txt obeyed, redirects kept within ``hosts``."""

    def __init__(self, user_agent: str, hosts: frozenset[str]) -> None:
        self.user_agent = user_agent
        self.hosts = hosts
        self.robots: dict[str, RobotFileParser] = {}
        self.last_at = 0.0

    def get(self, url: str) -> Page:
        if not self._allowed(url):
            raise CheckRefused(f"robots.txt of {urlsplit(url).netloc} disallows {url}")
        for _ in range(MAX_REDIRECTS + 1):
            page, location = self._once(url)
            if location is None:
                return page
            target = urljoin(url, location)
            if urlsplit(target).hostname not in self.hosts:
                raise CheckRefused(f"{url} redirects off the portal's hosts, to {target}")
            url = target
        raise CheckRefused(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self.robots:
            parser = RobotFileParser()
            page, _ = self._once(f"{key}/robots.txt")
            parser.parse(page.body.decode("utf-8", "replace").splitlines() if page.status == 200 else [])
            self.robots[key] = parser
        return self.robots[key].can_fetch(self.user_agent, url)

    def _once(self, url: str) -> tuple[Page, str | None]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if not is_reserved_host(host):
            time.sleep(max(0.0, self.last_at + REAL_HOST_PAUSE_S - time.monotonic()))
        address = "127.0.0.1" if is_reserved_host(host) else host  # *.test is never looked up
        connection_type = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_type(address, parts.port, timeout=TIMEOUT_S)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("GET", path, headers={"Host": parts.netloc, "User-Agent": self.user_agent})
            answer = connection.getresponse()
            body = answer.read()
        finally:
            connection.close()
            self.last_at = time.monotonic()
        content_type = answer.getheader("Content-Type") or "text/html"
        location = answer.getheader("Location") if answer.status in {301, 302, 303, 307, 308} else None
        return Page(url, answer.status, content_type, body), location


def check_portal(portal: Portal, fetch: Callable[[str], Page]) -> Finding:
    found = Finding()
    column = portal.column_urls[0] if portal.column_urls else _discover(portal, fetch, found)
    if column is None:
        return found
    found.column = column
    page = fetch(column)
    found.say(f"column page: {column} (HTTP {page.status}, {len(page.body)} bytes)")
    if page.status != 200:
        return found
    found.family = detect_family(column, page.body.decode("utf-8", "replace"))
    agrees = "as registered" if found.family == portal.family else f"registered: {portal.family}"
    found.say(f"CMS family: {found.family} ({agrees})")
    entries = _first_entries(portal, found.family, page, fetch, found)
    found.entries = len(entries)
    found.say(f"first list page: {len(entries)} entries")
    for title, url in entries[:3]:
        found.say(f"  {title or '(no title)'}  {url}")
    if entries:
        _first_report(entries[0][1], fetch, found)
    return found


def _discover(portal: Portal, fetch: Callable[[str], Page], found: Finding) -> str | None:
    home = fetch(portal.home_url)
    found.say(f"home page: {portal.home_url} (HTTP {home.status}, {len(home.body)} bytes)")
    if home.status != 200:
        return None
    response = home.response()
    column = find_column(response, portal.hosts)
    for gateway in [] if column else gateway_links(response, portal.hosts):
        found.say(f"no 年报 link on the home page; reading {gateway}")
        column = find_column(fetch(gateway).response(), portal.hosts)
        if column:
            break
    found.say(f"年报 column: {column}" if column else "年报 column: not found (register column_urls by hand)")
    return column


def _first_entries(
    portal: Portal, family_name: str, page: Page, fetch: Callable[[str], Page], found: Finding
) -> list[tuple[str | None, str]]:
    """The first list page's entries; for a shell page (jpaas, gkmlpt) the list it asks for first."""
    family = FAMILIES[family_name]
    response = page.response()
    entries = [(e.title, e.url) for e in family.entries(response, portal)]
    if entries:
        return entries
    follow = next((r for r in family.next_pages(response, portal) if isinstance(r, Request)), None)
    if follow is None or follow.method != "GET":
        return []
    found.say(f"the column page is a shell; its list: {follow.url}")
    listed = fetch(follow.url)
    return [(e.title, e.url) for e in family.entries(listed.response(), portal)]


def _first_report(url: str, fetch: Callable[[str], Page], found: Finding) -> None:
    page = fetch(url)
    verdict = classify(page.status, page.body, content_type=page.content_type)
    size = f"HTTP {page.status}, {len(page.body)} bytes"
    found.say(f"first report: {url} ({size}, {verdict.outcome}: {verdict.reason})")
    if verdict.outcome == "fetched":
        found.report = url
