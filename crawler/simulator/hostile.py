"""The hostile demo site, served only with ``NIANBAO_DEMO_FAULTS=1``: ``www.wenshan.gov.cn.test``.

Its 年报 list links one report per failure mode, each behind what real portals do (portal-patterns.md §3):
a 瑞数-style 412 with ``$_ts``, a 加速乐 521 with ``__jsl_clearance``, an HTTP-200 安全验证 page (all three on
the WAF'd ``xxgk.`` subdomain, where the per-host circuit breaker trips), a 503 that passes on retry, a 429
with ``Retry-After`` that passes on retry, a response slower than the crawl's timeout, a connection reset,
a redirect loop, a soft 404, a dead host (refused port), an answer over the portal's size limit, a gzip
bomb, a body cut short of its Content-Length — plus one healthy report, so the portal is not empty. Its
list's 下一页 never ends (every page repeats the items). The site answers 403 to library User-Agents
(Scrapy, python, curl). The manifest marks every report that cannot be fetched, and why.
"""

from __future__ import annotations

import gzip
import html
import time
from collections.abc import Callable
from functools import cache
from urllib.parse import parse_qs, urlsplit

from crawler.simulator.cms import synth
from crawler.simulator.sites import DROP, ROBOTS, Reply, Served, Site

HOST = "www.wenshan.gov.cn.test"
WAF_HOST = "xxgk.wenshan.gov.cn.test"
SLOW_SECONDS = 3.5  # the portal's registry entry sets download_timeout = 2

CHALLENGE_412 = (
    b'<html><head><meta id="9DhefwqGPrzGxEp9hPaoag" content="x" r=\'m\'>'
    b'<script type="text/javascript">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};$_ts.cd="qEfFrpVr";</script>'
    b"<script src=\"/4QbVtADbnLVIc/d.js\" r='m'></script></head><body></body></html>"
)
CHALLENGE_521 = (
    b"<html><script>document.cookie=('_')+('_')+('jsl_clearance')+('=1700000000.1|0|abc');"
    b"location.href=location.pathname+location.search</script></html>"
)
CHALLENGE_200 = (
    "<html><head><title>安全验证</title></head><body><p>访问异常，请稍候…</p></body></html>".encode()
)


def _flaky(
    status: int, times: int, extra: dict[str, str]
) -> Callable[[Site, str, dict[str, str], bytes], Reply]:
    """Fail ``times`` times with ``status``, then serve the route normally."""
    left = {"n": times}

    def handler(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        if left["n"] > 0:
            left["n"] -= 1
            return Reply(status, {"Content-Type": "text/html", **extra}, b"<html><body>busy</body></html>")
        return site.routes[headers[":target"]]

    return handler


def _slow(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
    time.sleep(SLOW_SECONDS)
    return site.routes[headers[":target"]]


def _reset(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
    return Reply(DROP, {}, b"")


def _redirect(to: str) -> Callable[[Site, str, dict[str, str], bytes], Reply]:
    def handler(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        return Reply(302, {"Location": to, "Content-Type": "text/html"}, b"")

    return handler


def _huge(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
    """Bigger than the portal's download_maxsize (2 MB): a scanned-PDF-sized answer."""
    return Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024))


def _gzip_bomb(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
    """A few KB on the wire, 30 MB once decompressed."""
    return Reply(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, _bomb())


@cache
def _bomb() -> bytes:
    return gzip.compress(b" " * (30 * 1024 * 1024), compresslevel=9)


def _truncated(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
    """Announces 200 000 bytes, sends 5 000, hangs up."""
    page = site.routes[headers[":target"]].body[:5000]
    return Reply(
        200,
        {"Content-Type": "text/html; charset=utf-8", "Content-Length": "200000", "Connection": "close"},
        page,
    )


def _static(reply: Reply) -> Callable[[Site, str, dict[str, str], bytes], Reply]:
    return lambda site, method, headers, body: reply


def hostile_sites() -> list[Site]:
    site = Site(HOST, "文山州人民政府", "5326000001", encoding="utf-8", header_charset=True)
    waf = Site(WAF_HOST, "文山州人民政府信息公开", "5326000002", encoding="utf-8", header_charset=True)
    site.refuse_bot_agents = waf.refuse_bot_agents = True
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    # (seed, host site, path, handler or None, reachable, reason)
    cases: list[tuple[int, Site, str, object, bool, str | None]] = [
        (6001, site, "/zwgk/xxgknb/content_6001.html", None, True, None),
        (
            6002,
            waf,
            "/art/6002.html",
            _static(Reply(412, {**html_type, "Set-Cookie": "__jsluid_s=ab12; path=/"}, CHALLENGE_412)),
            False,
            "js_challenge",
        ),
        (6003, waf, "/art/6003.html", _static(Reply(521, html_type, CHALLENGE_521)), False, "js_challenge"),
        (6004, waf, "/art/6004.html", _static(Reply(200, html_type, CHALLENGE_200)), False, "js_challenge"),
        (6005, site, "/zwgk/xxgknb/content_6005.html", _flaky(503, 1, {}), True, None),
        (6006, site, "/zwgk/xxgknb/content_6006.html", _flaky(429, 1, {"Retry-After": "1"}), True, None),
        (6007, site, "/zwgk/xxgknb/content_6007.html", _slow, False, "timeout"),
        (6008, site, "/zwgk/xxgknb/content_6008.html", _reset, False, "connection_reset"),
        (
            6009,
            site,
            "/zwgk/xxgknb/loop_a.html",
            _redirect("/zwgk/xxgknb/loop_b.html"),
            False,
            "redirect_loop",
        ),
        (
            6010,
            site,
            "/zwgk/xxgknb/content_6010.html",
            _static(Reply(200, html_type, "<html><body><h1>404 页面不存在</h1></body></html>".encode())),
            False,
            "soft_404",
        ),
    ]
    cases += [
        (6012, site, "/zwgk/xxgknb/P020240101_6012.pdf", _huge, False, "too_large"),
        (6013, site, "/zwgk/xxgknb/content_6013.html", _gzip_bomb, False, "too_large"),
        (6014, site, "/zwgk/xxgknb/content_6014.html", _truncated, False, "data_loss"),
    ]
    site.handlers["/zwgk/xxgknb/loop_b.html"] = _redirect("/zwgk/xxgknb/loop_a.html")
    items = []
    for seed, host_site, path, handler, reachable, reason in cases:
        report = synth(seed)
        host_site.add_file(path, report.body, report.content_type, last_modified=report.published_date)
        if handler is not None:
            host_site.handlers[path] = handler  # type: ignore[assignment]
        link = path if host_site is site else f"//{WAF_HOST}{{port}}{path}"
        host_site.served.append(
            Served(report.agency, report.report_year, f"synth:{seed}", [path], reachable, reason)
        )
        items.append((link, report.title, report.published_date))
    dead = synth(6011)
    dead_url = "http://old.wenshan.gov.cn.test:1/zwgk/xxgknb/content_6011.html"
    site.served.append(
        Served(dead.agency, dead.report_year, "synth:6011", [dead_url], False, "connection_refused")
    )
    items.append((dead_url, dead.title, dead.published_date))

    def column(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        port = ":" + headers["host"].split(":")[1] if ":" in headers.get("host", "") else ""
        lis = "".join(
            f'<li><a href="{link.replace("{port}", port)}">{html.escape(title)}</a> <span>[{day}]</span></li>'
            for link, title, day in items
        )
        # A runaway pager: every page links a next one and repeats the same items.
        number = int(parse_qs(urlsplit(headers[":target"]).query).get("page", ["1"])[0])
        pager = f'<a href="index.jsp?page={number + 1}">下一页</a>'
        page = site.page("信息公开年报", f'<div class="lm"><ul class="list">{lis}</ul>{pager}</div>')
        return Reply(200, html_type, page.encode("utf-8"))

    site.handlers["/zwgk/xxgknb/index.jsp"] = column
    site.add_page("/", site.page(site.name, '<a href="/zwgk/xxgknb/index.jsp">信息公开年报</a>'))
    for s in (site, waf):
        s.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return [site, waf]
