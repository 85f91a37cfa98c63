"""The simulated government sites: each one a set of routes built once from the demo content.

Every site has robots.txt, a home page linking its 政府信息公开 column, a paginated 年报 list in its CMS
family's style, and one HTML page per report (some with a PDF attachment). Sites are plain data plus a
``respond`` method, so the HTTP server stays a thin dispatcher on the Host header.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

from crawler.urls import RESERVED_SUFFIX
from demo.content import SeedReport, body_html

ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /search/\n"
BOT_AGENT = re.compile(r"scrapy|python|curl|wget", re.IGNORECASE)
FORBIDDEN_PAGE = "<html><body><h1>403 Forbidden</h1><p>您的访问被拒绝</p></body></html>".encode()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Served:
    """One report as the manifest lists it: where it can be fetched, and whether a crawler can get it.
    ``paths`` are on the serving site, or absolute URLs (a link to another host; ``{port}`` in them stands
    for the simulator's ``:port``). ``event_url``: where the crawl's event for an unreachable report is
    found when it is not ``paths[0]`` (a report listed only on a column that cannot be read)."""

    agency: str
    report_year: int
    key: str  # the same report on two sites has one key
    paths: list[str]
    reachable: bool = True
    reason: str | None = None
    event_url: str | None = None

    @classmethod
    def seed(cls, report: SeedReport, paths: list[str]) -> Served:
        return cls(report.agency, report.report_year, f"seed:{report.filename}", paths)


# A dynamic route: (site, method, headers, request body) -> reply. Counters and sleeps live in closures.
Handler = Callable[["Site", str, dict[str, str], bytes], Reply]
DROP = -1  # a Reply with this status makes the server close the connection without answering


@dataclass
class Site:
    host: str
    name: str  # SiteName
    site_id: str  # SiteIDCode
    encoding: str  # what pages are encoded in
    header_charset: bool  # whether Content-Type names the charset (else only <meta> does)
    routes: dict[str, Reply] = field(default_factory=dict)
    handlers: dict[str, Handler] = field(default_factory=dict)
    served: list[Served] = field(default_factory=list)
    refuse_bot_agents: bool = False  # 403 for User-Agents naming a library (Scrapy, python, curl)
    declare_charset: bool = True  # False: no <meta> charset either (the bytes are all a client gets)
    fallback: Handler | None = None  # answers any target no route or handler knows

    def add_page(self, path: str, text: str, *, last_modified: str | None = None) -> None:
        body = text.encode(self.encoding, errors="xmlcharrefreplace")
        ctype = f"text/html; charset={self.encoding}" if self.header_charset else "text/html"
        self.routes[path] = _reply(200, ctype, body, last_modified)

    def add_file(
        self, path: str, body: bytes, content_type: str, *, last_modified: str | None = None
    ) -> None:
        self.routes[path] = _reply(200, content_type, body, last_modified)

    def respond(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        if self.refuse_bot_agents and BOT_AGENT.search(headers.get("user-agent", "")):
            return Reply(403, {"Content-Type": "text/html; charset=utf-8"}, FORBIDDEN_PAGE)
        handler = self.handlers.get(target.split("?")[0]) or self.handlers.get(target)
        if handler is not None:
            return handler(self, method, {**headers, ":target": target}, body)
        reply = self.routes.get(target)
        if reply is None and self.fallback is not None:
            return self.fallback(self, method, {**headers, ":target": target}, body)
        if reply is None:
            return Reply(404, {"Content-Type": "text/html; charset=utf-8"}, _not_found_page().encode())
        if _not_modified(reply, headers):
            return Reply(304, {k: v for k, v in reply.headers.items() if k in {"ETag", "Last-Modified"}}, b"")
        return reply

    # -- page chrome ------------------------------------------------------------------------------------
    def page(self, title: str, content: str, *, meta: dict[str, str] | None = None) -> str:
        tags = {
            "SiteName": self.name,
            "SiteDomain": self.host.removesuffix(RESERVED_SUFFIX),
            "SiteIDCode": self.site_id,
        }
        tags.update(meta or {})
        meta_html = "\n".join(f'<meta name="{k}" content="{html.escape(v)}">' for k, v in tags.items())
        charset = "gb2312" if self.encoding in {"gbk", "gb18030"} else self.encoding
        declared = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
{declared if self.declare_charset else ""}
<title>{html.escape(title)}_{html.escape(self.name)}</title>
{meta_html}
</head><body>
<div class="top"><a href="/">首页</a> | <a href="/zfxxgk/">政府信息公开</a> | 无障碍 | 长者版</div>
{content}
<div class="footer">网站地图 | 联系我们 | 主办：{html.escape(self.name)} 网站标识码{self.site_id}</div>
</body></html>
"""


def _reply(status: int, content_type: str, body: bytes, last_modified: str | None) -> Reply:
    headers = {"Content-Type": content_type, "ETag": '"' + hashlib.sha256(body).hexdigest()[:20] + '"'}
    if last_modified:
        headers["Last-Modified"] = _http_date(last_modified)
    return Reply(200 if status == 200 else status, headers, body)


def _http_date(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC), usegmt=True)


def _not_modified(reply: Reply, headers: dict[str, str]) -> bool:
    etag = headers.get("if-none-match")
    if etag is not None:
        return etag == reply.headers.get("ETag")
    since = headers.get("if-modified-since")
    return since is not None and since == reply.headers.get("Last-Modified")


def _not_found_page() -> str:
    return "<html><head><title>404</title></head><body><h1>404 页面不存在</h1></body></html>"


def article_page(site: Site, report: SeedReport, container: str, extra: str = "") -> str:
    meta = {
        "ColumnName": "政府信息公开年报",
        "ArticleTitle": report.title,
        "PubDate": f"{report.published} 09:30",
        "ContentSource": report.agency,
    }
    content = f"""<div class="article">
<h1>{html.escape(report.title)}</h1>
<div class="info">发布日期：{report.published} 来源：{html.escape(report.agency)}</div>
<div {container}>
{body_html(report.text)}
</div>
{extra}
</div>"""
    return site.page(report.title, content, meta=meta)


# -- TRS WCM ---------------------------------------------------------------------------------------------
def trs_site(
    host: str, name: str, site_id: str, reports: list[tuple[SeedReport, bool]], *, page_size: int = 2
) -> Site:
    """``index.html``, ``index_1.html`` … per ``createPageHTML``; articles ``./YYYYMM/tYYYYMMDD_ID.html``."""
    site = Site(host, name, site_id, encoding="utf-8", header_charset=True)
    column = "/zfxxgk/zfxxgknb/"
    items = []
    for report, with_pdf in sorted(reports, key=lambda r: r[0].published, reverse=True):
        ymd = report.published.replace("-", "")
        doc_id = 5_100_000 + int(report.key) * 37  # stable: adding a report must not move the others
        rel = f"{ymd[:6]}/t{ymd}_{doc_id}.html"
        paths = [column + rel]
        extra = ""
        if with_pdf:
            pdf_rel = f"P0{ymd}{doc_id}.pdf"
            pdf_path = f"{column}{ymd[:6]}/{pdf_rel}"
            site.add_file(
                pdf_path, report.pdf_path.read_bytes(), "application/pdf", last_modified=report.published
            )
            extra = f'<div class="fj">附件：<a href="./{pdf_rel}">{html.escape(report.title)}.pdf</a></div>'
            paths.append(pdf_path)
        site.add_page(
            column + rel,
            article_page(site, report, 'class="TRS_Editor"', extra),
            last_modified=report.published,
        )
        site.served.append(Served.seed(report, paths))
        items.append(trs_item(rel, report.title, report.published))
    add_trs_list(site, column, items, page_size=page_size)
    site.add_page("/", site.page(name, f'<a href="{column}index.html">政府信息公开年报</a>'))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site


def trs_item(href: str, title: str, day: str) -> str:
    return (
        f'<li><a href="./{href.removeprefix("./")}" title="{html.escape(title)}" target="_blank">'
        f"{html.escape(title)}</a><span>{day}</span></li>"
    )


def add_trs_list(
    site: Site,
    column: str,
    items: list[str],
    *,
    page_size: int = 2,
    footer: str = "",
    directory: bool = False,
) -> None:
    """TRS list pages under ``column``: ``index.html`` (also the bare directory when ``directory``), then
    ``index_1.html`` …, each with ``createPageHTML(count, current, "index", "html")``."""
    pages = [items[i : i + page_size] for i in range(0, len(items), page_size)] or [[]]
    for i, chunk in enumerate(pages):
        name_i = "index.html" if i == 0 else f"index_{i}.html"
        content = f"""<div class="overview_right"><h2>政府信息公开年报</h2>
<ul class="list">{"".join(chunk)}</ul>
<div class="page"><script>var countPage = {len(pages)};
createPageHTML({len(pages)}, {i}, "index", "html");</script></div>{footer}</div>"""
        page = site.page("政府信息公开年报", content, meta={"ColumnName": "政府信息公开年报"})
        site.add_page(column + name_i, page)
        if i == 0 and directory:
            site.add_page(column, page)


# -- plain "下一页" ---------------------------------------------------------------------------------------
def plain_site(
    host: str,
    name: str,
    site_id: str,
    reports: list[tuple[SeedReport, bool]],
    *,
    page_size: int = 2,
    encoding: str = "gbk",
    mirror_links: tuple[tuple[str, str], ...] = (),
) -> Site:
    """``index.jsp?page=N`` with a 下一页 anchor; GBK declared only in ``<meta>`` (no header charset).
    ``mirror_links`` (url, title) are listed on page 1 too: links into a 繁體 gateway copy."""
    site = Site(host, name, site_id, encoding=encoding, header_charset=False)
    column = "/zwgk/xxgknb/"
    items = []
    for report, _ in sorted(reports, key=lambda r: r[0].published, reverse=True):
        rel = f"content_{1000 + int(report.key)}.html"
        site.add_page(column + rel, article_page(site, report, 'id="zoom"'), last_modified=report.published)
        site.served.append(Served.seed(report, [column + rel]))
        listed = report.reposted or report.published
        items.append(f'<li><a href="{rel}">{html.escape(report.title)}</a> <span>[{listed}]</span></li>')
    pages = [items[i : i + page_size] for i in range(0, len(items), page_size)] or [[]]
    pages[0] = pages[0] + [
        f'<li><a href="{url}">{html.escape(title)}</a></li>' for url, title in mirror_links
    ]
    for i, chunk in enumerate(pages, start=1):
        nav = f"第{i}页 共{len(pages)}页"
        if i > 1:
            nav += f' <a href="index.jsp?page={i - 1}">上一页</a>'
        if i < len(pages):
            nav += f' <a href="index.jsp?page={i + 1}">下一页</a>'
        content = (
            f'<div class="lm"><ul class="list">{"".join(chunk)}</ul><div class="pager">{nav}</div></div>'
        )
        page = site.page("信息公开年报", content, meta={"ColumnName": "信息公开年报"})
        site.add_page(f"{column}index.jsp?page={i}", page)
        if i == 1:
            site.add_page(f"{column}index.jsp", page)
    site.add_page("/", site.page(name, f'<a href="{column}index.jsp">信息公开年报</a>'))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site


def big5_gateway(source: Site) -> Site:
    """``big5.<host>/gate/big5/<host>/<path>``: a proxy that serves the whole source site converted to
    traditional characters, in Big5. Crawling it would duplicate everything, so the spider never does."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    gateway = Site(f"big5.{source.host}", source.name, source.site_id, encoding="big5", header_charset=True)
    prefix = f"/gate/big5/{source.host}"

    def mirror(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        target = headers[":target"]
        original = source.routes.get(target.removeprefix(prefix)) if target.startswith(prefix) else None
        if original is None or "html" not in original.headers.get("Content-Type", ""):
            return Reply(404, {"Content-Type": "text/html"}, b"<html><body>404</body></html>")
        text = to_traditional.convert(original.body.decode(source.encoding)).replace(
            "charset=utf-8", "charset=big5"
        )
        return Reply(
            200, {"Content-Type": "text/html; charset=big5"}, text.encode("big5", errors="xmlcharrefreplace")
        )

    gateway.fallback = mirror
    gateway.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return gateway
