"""The hostile demo sites, served only with ``NIANBAO_DEMO_FAULTS=1``.

``www.wenshan.gov.cn.test``: its 年报 list links one report per failure mode, each behind what real portals
do: a 瑞数-style 412 with ``$_ts``, a 加速乐 521 with ``__jsl_clearance``, an HTTP-200
安全验证 page (all three on the WAF'd ``xxgk.`` subdomain, where the per-host circuit breaker trips; its
robots.txt is a 412 challenge too), a 503 that passes on retry, a 429 with ``Retry-After`` that passes on
retry, a response far slower than the crawl's timeout, a connection reset, a redirect loop, a soft 404, a
dead host (refused port), an answer over the portal's size limit, a gzip bomb, a body cut short of its
Content-Length, a 301 to an unregistered domain, a 301 to the home page, a scanned PDF (no text layer), a
page under a path robots.txt disallows — plus one healthy report, so the portal is not empty. Its second
registered column sits under that disallowed path. Its list's 下一页 never ends (every page repeats the
items). The site answers 403 to library User-Agents (Scrapy, python, curl).

``tjj.wenshan.gov.cn.test`` (a statistics bureau) challenges 1 in 3 of its report URLs with a 412 the first
time each is asked for, and serves it normally after (like stats.gov.cn's intermittent verification page):
blocked this run, fetched the next. ``www.shunyi.gov.cn.test`` disallows everything in robots.txt.

The manifest marks every report that cannot be fetched, and why (with ``event_url`` when the event that
says so is the column's, not the report's).
"""

from __future__ import annotations

import gzip
import html
import time
from functools import cache
from urllib.parse import parse_qs, urlsplit

from demo.cms import synth
from demo.content import ATTACHMENTS_DIR
from demo.sites import DROP, ROBOTS, Handler, Reply, Served, Site

HOST = "www.wenshan.gov.cn.test"
WAF_HOST = "xxgk.wenshan.gov.cn.test"
STATS_HOST = "tjj.wenshan.gov.cn.test"
SHUNYI_HOST = "www.shunyi.gov.cn.test"
OFFSITE_HOST = "www.gov-cms.com.test"  # a hosting company's domain the portal never registered
# The portal's registry entry sets download_timeout = 5: three times that is a timeout even on a loaded
# 2-core CI machine (where healthy pages stay well under 5 s), and the
# server sleeps in the request's own thread, so other requests are served meanwhile.
SLOW_SECONDS = 15.0
ARCHIVE = "/zwgk/xxgknb/archive/"  # disallowed by the site's robots.txt
CHALLENGE_EVERY = 3

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


def _flaky(status: int, times: int, extra: dict[str, str]) -> Handler:
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


def _redirect(to: str) -> Handler:
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


def _static(reply: Reply) -> Handler:
    return lambda site, method, headers, body: reply


def _offsite(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
    """Moved to a CMS vendor's domain that nobody registered as the portal's successor."""
    port = ":" + headers["host"].split(":")[1] if ":" in headers.get("host", "") else ""
    location = f"http://{OFFSITE_HOST}{port}/wenshan{headers[':target']}"
    return Reply(301, {"Location": location, "Content-Type": "text/html"}, b"")


def _challenge_once() -> Handler:
    """A 412 challenge the first time, the page after (the client 'passed' it meanwhile)."""
    asked = {"n": 0}

    def handler(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        asked["n"] += 1
        if asked["n"] == 1:
            return Reply(412, {"Content-Type": "text/html; charset=utf-8"}, CHALLENGE_412)
        return site.routes[headers[":target"]]

    return handler


def _list_page(site: Site, items: list[tuple[str, str, str]]) -> str:
    lis = "".join(
        f'<li><a href="{link}">{html.escape(title)}</a> <span>[{day}]</span></li>'
        for link, title, day in items
    )
    return site.page("信息公开年报", f'<div class="lm"><ul class="list">{lis}</ul></div>')


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
        (6015, site, "/zwgk/xxgknb/content_6015.html", _offsite, False, "offsite_redirect"),
        (6016, site, "/zwgk/xxgknb/content_6016.html", _redirect("/"), False, "redirect_to_home"),
        (6019, site, f"{ARCHIVE}content_6019.html", None, False, "robots"),
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
    # A scanned report: a PDF of page images, no text layer (OCR is not done; the bytes are kept).
    scan = synth(6018)
    scan_path = "/zwgk/xxgknb/P020240301_6018.pdf"
    site.add_file(
        scan_path,
        (ATTACHMENTS_DIR / "scan_6018.pdf").read_bytes(),
        "application/pdf",
        last_modified=scan.published_date,
    )
    site.served.append(Served(scan.agency, scan.report_year, "synth:6018", [scan_path], False, "needs_ocr"))
    items.append((scan_path, f"{scan.title}（扫描件）", scan.published_date))
    # The older years' column: robots.txt disallows it, so neither it nor its report is fetched.
    archived = synth(6017)
    site.add_file(
        f"{ARCHIVE}content_6017.html",
        archived.body,
        archived.content_type,
        last_modified=archived.published_date,
    )
    site.add_page(
        f"{ARCHIVE}index.jsp",
        _list_page(site, [(f"{ARCHIVE}content_6017.html", archived.title, archived.published_date)]),
    )
    site.served.append(
        Served(
            archived.agency,
            archived.report_year,
            "synth:6017",
            [f"{ARCHIVE}content_6017.html"],
            False,
            "robots",
            event_url=f"{ARCHIVE}index.jsp",
        )
    )
    dead = synth(6011)
    dead_url = "http://old.wenshan.gov.cn.test:1/zwgk/xxgknb/content_6011.html"
    site.served.append(
        # Another port is another server: the link is refused before any connection is tried.
        Served(dead.agency, dead.report_year, "synth:6011", [dead_url], False, "offsite")
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
    site.add_file("/robots.txt", f"{ROBOTS}Disallow: {ARCHIVE}\n".encode(), "text/plain")
    # The WAF challenges robots.txt like any other URL (a crawler then finds no rules: everything allowed).
    waf.handlers["/robots.txt"] = _static(Reply(412, html_type, CHALLENGE_412))
    return [site, waf, stats_site(), shunyi_site()]


def stats_site() -> Site:
    """1 in ``CHALLENGE_EVERY`` report URLs answers its first request with a 412 challenge."""
    site = Site(STATS_HOST, "文山州统计局", "5326000031", encoding="utf-8", header_charset=True)
    items = []
    for n, seed in enumerate(range(6101, 6107)):
        report = synth(seed)
        path = f"/tjxx/tjnb/content_{seed}.html"
        site.add_file(path, report.body, report.content_type, last_modified=report.published_date)
        challenged = n % CHALLENGE_EVERY == CHALLENGE_EVERY - 1
        if challenged:
            site.handlers[path] = _challenge_once()
        site.served.append(
            Served(
                report.agency,
                report.report_year,
                f"synth:{seed}",
                [path],
                not challenged,
                "js_challenge" if challenged else None,
            )
        )
        items.append((path, report.title, report.published_date))
    site.add_page("/tjxx/tjnb/index.html", _list_page(site, items))
    site.add_page("/", site.page(site.name, '<a href="/tjxx/tjnb/index.html">统计信息公开年报</a>'))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site


def shunyi_site() -> Site:
    """robots.txt says ``Disallow: /`` (as 顺义's does): an obeying crawler fetches nothing."""
    site = Site(SHUNYI_HOST, "北京市顺义区人民政府", "1101130001", encoding="utf-8", header_charset=True)
    column = "/zwgk/xxgknb/index.jsp"
    items = []
    for seed in (6201, 6202):
        report = synth(seed)
        path = f"/zwgk/xxgknb/content_{seed}.html"
        site.add_file(path, report.body, report.content_type, last_modified=report.published_date)
        site.served.append(
            Served(
                report.agency, report.report_year, f"synth:{seed}", [path], False, "robots", event_url=column
            )
        )
        items.append((path, report.title, report.published_date))
    site.add_page(column, _list_page(site, items))
    site.add_page("/", site.page(site.name, f'<a href="{column}">信息公开年报</a>'))
    site.add_file("/robots.txt", b"User-agent: *\nDisallow: /\n", "text/plain")
    return site
