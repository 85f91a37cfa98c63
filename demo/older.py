"""Demo sites of older stacks, serving synthetic reports:

- Boda/VSB (``rsj.gnzrmzf.gov.cn.test``): list ``/zfxxgk1/zfxxgknb.htm``, further pages
  ``/zfxxgk1/zfxxgknb/{n}.htm`` numbered *downwards* (page 2 has the highest number, the last is ``1.htm``),
  a ``span.p_pages`` pager with 下页, articles ``/info/1022/{id}.htm``. Four articles' headers contradict
  their bytes: UTF-8 header on a GBK body, GBK header on UTF-8, iso-8859-1 on UTF-8, a BOM under a GBK header.
  One article's report is a ``.xls`` workbook behind ``download.jsp?…&wbfileid=`` (no extension in the URL).
- ASP.NET-style POST pagination (``www.hrss.yn.gov.cn.test``): ``InfoPublic.aspx?cid=1019`` is page 1; other
  pages are the same URL POSTed with ``cpage=N`` (and the ``__VIEWSTATE`` it handed out). GBK with no charset
  in the header or the page.
"""

from __future__ import annotations

import html
import posixpath
from urllib.parse import parse_qs, quote

from demo.cms import synth, xls_synth
from demo.content import ATTACHMENTS_DIR
from demo.sites import ROBOTS, Reply, Served, Site

BODA_COLUMN = "/zfxxgk1/zfxxgknb.htm"


def _boda_page_path(page: int, pages: int) -> str:
    """Page 1 is the column file; page p > 1 is ``zfxxgknb/{pages - p + 1}.htm`` (descending)."""
    return BODA_COLUMN if page == 1 else f"/zfxxgk1/zfxxgknb/{pages - page + 1}.htm"


def _miscoded(n: int, body: bytes, content_type: str) -> tuple[bytes, str]:
    """Some articles' headers lie about their bytes: the first four serve them."""
    if n == 0:  # header UTF-8; the page was saved in GBK (and its <meta> says so)
        text = body.decode("utf-8").replace("charset=utf-8", "charset=gbk")
        return text.encode("gbk", errors="xmlcharrefreplace"), "text/html; charset=utf-8"
    if n == 5:  # header GBK, body UTF-8
        return body, "text/html; charset=gbk"
    if n == 6:  # header iso-8859-1 (a server default), body UTF-8
        return body, "text/html; charset=iso-8859-1"
    if n == 7:  # a UTF-8 byte-order mark, and a header that says GBK
        return b"\xef\xbb\xbf" + body, "text/html; charset=gbk"
    return body, content_type


def boda_site(scale: int = 0) -> Site:
    site = Site(
        "rsj.gnzrmzf.gov.cn.test",
        "甘南州人力资源和社会保障局",
        "6230000012",
        encoding="utf-8",
        header_charset=True,
    )
    items = []
    seeds = [7001, 7002, 7003, 7004, 7005, 7006, 7007, 7008, *range(7_000_000, 7_000_000 + scale)]
    for n, seed in enumerate(seeds):
        report = synth(seed)
        path = f"/info/1022/{5001 + n}.htm"
        body, ctype = _miscoded(n, report.body, report.content_type)
        site.add_file(path, body, ctype, last_modified=report.published_date)
        site.served.append(Served(report.agency, report.report_year, f"synth:{seed}", [path]))
        items.append(
            f'<li><a href="{path}" title="{html.escape(report.title)}">{html.escape(report.title)}</a>'
            f"<span>{report.published_date}</span></li>"
        )
    items.append(_xls_stub(site, 5001 + len(seeds)))
    per_page = 2
    pages = max(1, -(-len(items) // per_page))
    for page in range(1, pages + 1):
        here = _boda_page_path(page, pages)

        def link(
            p: int, here: str = here
        ) -> str:  # relative to the page's own directory, as Boda writes them
            return posixpath.relpath(_boda_page_path(p, pages), posixpath.dirname(here))

        pager = f'<span class="p_pages"><span class="p_t">共{len(items)}条 {page}/{pages}</span>'
        if page > 1:
            pager += f'<span class="p_prev p_fun"><a href="{link(page - 1)}">上页</a></span>'
        if page < pages:
            pager += f'<span class="p_next p_fun"><a href="{link(page + 1)}">下页</a></span>'
            pager += f'<span class="p_last p_fun"><a href="{link(pages)}">尾页</a></span>'
        pager += "</span>"
        chunk = "".join(items[(page - 1) * per_page : page * per_page])
        content = f'<div class="list"><ul>{chunk}</ul></div><div class="pb_sys_common">{pager}</div>'
        site.add_page(here, site.page("政府信息公开年报", content))
    site.add_page("/", site.page(site.name, f'<a href="{BODA_COLUMN}">政府信息公开年报</a>'))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site


def _xls_stub(site: Site, article_id: int) -> str:
    """An article whose report is a .xls behind Boda's download endpoint (no extension in the URL), named by a
    percent-encoded UTF-8 ``filename=``. Returns its list item."""
    report = xls_synth(5005)
    path = f"/info/1022/{article_id}.htm"
    link = "/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1538351411&wbfileid=5005"
    name = f"{report.title}.xls"
    content = (
        f'<div class="v_news_content"><p>详见附件。</p>'
        f'<p>附件【<a href="{html.escape(link)}">{html.escape(name)}</a>】</p></div>'
    )
    site.add_page(path, site.page(report.title, content, meta={"ArticleTitle": report.title}))
    site.add_file(
        link,
        (ATTACHMENTS_DIR / "synth_5005.xls").read_bytes(),
        "application/vnd.ms-excel",
        last_modified=report.published_date,
    )
    site.routes[link].headers["Content-Disposition"] = f'attachment; filename="{quote(name)}"'
    site.served.append(Served(report.agency, report.report_year, "synth:xls5005", [path, link]))
    return (
        f'<li><a href="{path}" title="{html.escape(report.title)}">{html.escape(report.title)}</a>'
        f"<span>{report.published_date}</span></li>"
    )


POST_COLUMN = "/InfoPublic.aspx?cid=1019"
VIEWSTATE = "dDwtMTI3OTMzNDM4NDs7Pg=="


def post_site(scale: int = 0) -> Site:
    site = Site(
        "www.hrss.yn.gov.cn.test",
        "云南省人力资源和社会保障厅",
        "5300000031",
        encoding="gbk",
        header_charset=False,
    )
    site.declare_charset = False
    items = []
    for n, seed in enumerate([8001, 8002, 8003, *range(8_000_000, 8_000_000 + scale)]):
        report = synth(seed)
        path = f"/NewsView.aspx?NewsID={90_001 + n}&cid=1019"
        # No charset anywhere: neither header nor <meta>; the bytes are GBK.
        text = report.body.decode("utf-8").replace(
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', ""
        )
        site.add_file(
            path,
            text.encode("gbk", errors="xmlcharrefreplace"),
            "text/html",
            last_modified=report.published_date,
        )
        site.served.append(Served(report.agency, report.report_year, f"synth:{seed}", [path]))
        items.append(
            f'<tr><td class="nlist"><a href="{html.escape(path)}">{html.escape(report.title)}</a></td>'
            f"<td>{report.published_date}</td></tr>"
        )
    per_page = 2
    pages = max(1, -(-len(items) // per_page))

    def page_html(page: int) -> bytes:
        rows = "".join(items[(page - 1) * per_page : page * per_page])
        pager = f"共{pages}页 第{page}页"
        if page < pages:
            pager += f' <a href="javascript:goPage({page + 1})">下一页</a>'
        content = (
            f'<form name="form1" method="post" action="InfoPublic.aspx?cid=1019">'
            f'<input type="hidden" name="__VIEWSTATE" value="{VIEWSTATE}">'
            f'<input type="hidden" name="cpage" value="{page}">'
            f'<table class="list">{rows}</table><div class="pager">{pager}</div></form>'
            "<script>function goPage(n){document.form1.cpage.value=n;document.form1.submit();}</script>"
        )
        return site.page("政府信息公开年报", content).encode("gbk", errors="xmlcharrefreplace")

    def column(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        page = 1
        if method == "POST":
            form = {k: v[0] for k, v in parse_qs(body.decode("ascii", errors="replace")).items()}
            if form.get("__VIEWSTATE") != VIEWSTATE:
                return Reply(
                    500, {"Content-Type": "text/html"}, b"<html><body>Invalid viewstate</body></html>"
                )
            page = int(form.get("cpage", "1") or 1)
        if not 1 <= page <= pages:
            page = pages  # past the end ASP.NET pagers repeat the last page
        return Reply(200, {"Content-Type": "text/html"}, page_html(page))

    site.handlers[POST_COLUMN] = column
    site.add_page("/", site.page(site.name, f'<a href="{POST_COLUMN}">政府信息公开年报</a>'))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site
