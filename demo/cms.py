"""Demo sites of the API-driven CMS families, serving synthetic reports (``synth.py``) with known figures:

- Hanweb jcms (``www.huaian.gov.cn.test``): ``/col/col1229/index.html`` with the inline ``<datastore>``
  (first records, ``nextgroup``, ``totalrecord``); more records from ``dataproxy.jsp`` by POST, strict: 403
  without ``X-Requested-With`` and ``Referer``; articles ``/art/Y/M/D/art_1229_ID.html``; one article is a
  stub whose report is a ``.docx`` behind ``download.jsp?id=`` (302 to a hashed name, served as
  ``application/octet-stream`` with an RFC 5987 name), another a stub whose report is a ``.wps`` (OLE2 Word
  bytes, a raw GBK file name).
- Hanweb jpaas (``www.taizhou.gov.cn.test``): a ``script[parseType=buildstatic]`` whose ``querydata`` drives
  a JSON API ``{success, data: {html}}`` with ``div.pagination[rows][count]``; its first answer for page 2
  is ``success: false`` (系统繁忙), an empty fragment past the end.
- Guangdong gkmlpt (``www.zhaoqing.gov.cn.test``): SPA shell with ``SID``; ``/gkmlpt/api/all/{cat}`` JSON
  returns every article on page 1 and 404 for page 2 and later; a ``%uXXXX``-escaped title; root-relative
  ``post_url``s; one report is a ``.docx`` attachment with a raw GBK file name, linked
  ``../../../../attachment/…``.
"""

from __future__ import annotations

import html
import json
from functools import cache
from urllib.parse import parse_qs, quote, urlsplit

from crawler.parsing.template import Era
from demo.content import ATTACHMENTS_DIR
from demo.sites import ROBOTS, Reply, Served, Site
from demo.synth import SynthReport, generate_report

ERAS = (Era.T2021, Era.T2019, Era.PROSE)


@cache
def synth(seed: int) -> SynthReport:
    return generate_report(seed, era=ERAS[seed % 3], layout="html_table")


@cache
def docx_synth(seed: int) -> SynthReport:
    """The report inside ``content/attachments/synth_<seed>.docx`` (see ``make_attachments``)."""
    return generate_report(seed, era=Era.PROSE if seed % 2 else Era.T2021, layout="pipe_text")


@cache
def xls_synth(seed: int) -> SynthReport:
    """The report inside ``content/attachments/synth_<seed>.xls`` (see ``make_attachments``)."""
    return generate_report(seed, era=Era.T2021, layout="pipe_text")


def _docx_bytes(seed: int) -> bytes:
    return (ATTACHMENTS_DIR / f"synth_{seed}.docx").read_bytes()


def _serve_report(site: Site, path: str, report: SynthReport) -> None:
    site.add_file(path, report.body, report.content_type, last_modified=report.published_date)
    site.served.append(Served(report.agency, report.report_year, f"synth:{report.seed}", [path]))


def _stub_page(site: Site, title: str, link: str, link_text: str) -> str:
    content = (
        f'<div class="article"><h1>{html.escape(title)}</h1><div id="zoom"><p>详见附件。</p>'
        f'<p>附件：<a href="{link}">{html.escape(link_text)}</a></p></div></div>'
    )
    return site.page(title, content, meta={"ArticleTitle": title})


def _json(data: object, status: int = 200) -> Reply:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Reply(status, {"Content-Type": "application/json;charset=UTF-8"}, body)


# -- Hanweb jcms -----------------------------------------------------------------------------------------
JCMS_COLUMN = 1229
JCMS_PROXY = "/module/web/jpage/dataproxy.jsp"


def jcms_site(scale: int = 0, *, moved: bool = False) -> Site:
    site = Site(
        "www.huaian.gov.cn.test", "淮安市人民政府", "3208000001", encoding="utf-8", header_charset=True
    )
    records: list[str] = []
    for n, seed in enumerate([2001, 2002, 2003, 2004, *range(2_000_000, 2_000_000 + scale)]):
        report = synth(seed)
        y, m, d = (int(x) for x in report.published_date.split("-"))
        path = f"/art/{y}/{m}/{d}/art_{JCMS_COLUMN}_{7000 + n}.html"
        _serve_report(site, path, report)
        records.append(_jcms_record(path, report.title, report.published_date))
    # A stub article whose report is only in an attachment: download.jsp answers 302 to a hashed file name,
    # served as octet-stream and named by RFC 5987 only.
    stub = f"/art/2024/2/1/art_{JCMS_COLUMN}_6999.html"
    attachment = docx_synth(5001)
    name = f"{attachment.title}.docx"
    site.add_page(stub, _stub_page(site, attachment.title, "/module/download/download.jsp?id=5001", name))
    hashed = "/module/download/files/9f1c2e7ab04d4c1e8a5b6d7e8f901234.docx"
    site.routes["/module/download/download.jsp?id=5001"] = Reply(302, {"Location": hashed}, b"")
    site.routes[hashed] = Reply(
        200,
        {
            "Content-Type": "application/octet-stream",
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "ETag": '"docx-5001"',
        },
        _docx_bytes(5001),
    )
    site.served.append(
        Served(
            attachment.agency,
            attachment.report_year,
            "synth:docx5001",
            [stub, "/module/download/download.jsp?id=5001"],
        )
    )
    records.insert(0, _jcms_record(stub, attachment.title, "2024-02-01"))
    records.insert(1, _wps_stub(site))
    per_page = 2
    nextgroup = (
        f'<a href="{JCMS_PROXY}?page=1&appid=1&webid=55&path=/&columnid={JCMS_COLUMN}&unitid=4123'
        f'&webname=淮安市人民政府&permissiontype=0"></a>'
    )
    inline = "".join(f"<record><![CDATA[{r}]]></record>" for r in records[:per_page])
    content = f"""<div class="lm_list"><h2>政府信息公开年报</h2>
<div id="4123"><script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>
<recordset>{inline}</recordset><totalrecord>{len(records)}</totalrecord></datastore></script></div>
<script>$(function(){{$('#4123').jpage({{totalRecord:{len(records)},perPage:{per_page},
proxyUrl:'{JCMS_PROXY}'}});}});</script></div>"""
    column_page = site.page("政府信息公开年报", content)
    column = f"/col/col{JCMS_COLUMN}/index.html"
    if moved:  # day 2: the column has a new id; the old address answers 301
        column = "/col/col1301/index.html"
        site.routes[f"/col/col{JCMS_COLUMN}/index.html"] = Reply(
            301, {"Location": column, "Content-Type": "text/html"}, b""
        )
    site.add_page(column, column_page)

    def dataproxy(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        if headers.get("x-requested-with") != "XMLHttpRequest" or not headers.get("referer"):
            return Reply(403, {"Content-Type": "text/html"}, b"<html><body>403 Forbidden</body></html>")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
        query = {k: v[0] for k, v in parse_qs(urlsplit(headers.get(":target", "")).query).items()}
        params = {**form, **query}
        if method != "POST" or params.get("columnid") != str(JCMS_COLUMN):
            return Reply(400, {"Content-Type": "text/plain"}, b"bad request")
        start, end = int(params.get("startrecord", 1)), int(params.get("endrecord", per_page))
        chosen = records[max(start - 1, 0) : end]
        xml = (
            '<?xml version="1.0" encoding="utf-8"?><datastore>'
            f"<totalrecord>{len(records)}</totalrecord><recordset>"
            + "".join(f"<record><![CDATA[{r}]]></record>" for r in chosen)
            + "</recordset></datastore>"
        )
        return Reply(200, {"Content-Type": "text/xml;charset=UTF-8"}, xml.encode("utf-8"))

    site.handlers[JCMS_PROXY] = dataproxy
    site.add_page(
        "/", site.page(site.name, f'<a href="/col/col{JCMS_COLUMN}/index.html">政府信息公开年报</a>')
    )
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site


def _wps_stub(site: Site) -> str:
    """A stub article whose report is a .wps (OLE2 Word bytes) that download.jsp serves straight away, as
    octet-stream, named only by a raw GBK ``filename=``. Returns its list record."""
    report = docx_synth(5004)
    stub = f"/art/2024/3/1/art_{JCMS_COLUMN}_6998.html"
    link = "/module/download/download.jsp?id=5004"
    name = f"{report.title}.wps"
    site.add_page(stub, _stub_page(site, report.title, link, name))
    site.routes[link] = Reply(
        200,
        {
            "Content-Type": "application/octet-stream",
            "Content-Disposition": f'attachment; filename="{name.encode("gbk").decode("latin-1")}"',
            "ETag": '"wps-5004"',
        },
        (ATTACHMENTS_DIR / "synth_5004.wps").read_bytes(),
    )
    site.served.append(Served(report.agency, report.report_year, "synth:wps5004", [stub, link]))
    return _jcms_record(stub, report.title, "2024-03-01")


def _jcms_record(path: str, title: str, day: str) -> str:
    title = html.escape(title)
    return f'<li><a href="{path}" title="{title}" target="_blank">{title}</a><span>{day}</span></li>'


# -- Hanweb jpaas ----------------------------------------------------------------------------------------
JPAAS_API = "/api-gateway/jpaas-publish-server/front/page/build/unit"


def jpaas_site(scale: int = 0) -> Site:
    site = Site(
        "www.taizhou.gov.cn.test", "泰州市人民政府", "3212000001", encoding="utf-8", header_charset=True
    )
    items: list[str] = []
    for n, seed in enumerate([3001, 3002, 3003, 3004, 3005, *range(3_000_000, 3_000_000 + scale)]):
        report = synth(seed)
        path = f"/art/{report.published_date.replace('-', '/')}/art_5012_{8000 + n}.html"
        _serve_report(site, path, report)
        items.append(
            f'<li class="clearfix"><a href="{path}" title="{html.escape(report.title)}" target="_blank">'
            f'{html.escape(report.title)}</a><span class="bt-right">{report.published_date}</span></li>'
        )
    rows = 2
    querydata = {
        "webId": "7e5b3f",
        "pageId": "a1b2c3",
        "parseType": "buildstatic",
        "pageType": "column",
        "tagId": "当前栏目list",
        "tplSetId": "t9",
        "paramJson": json.dumps({"pageNo": 1, "pageSize": rows}),
    }
    script = (
        f'<script parseType="buildstatic" url="{JPAAS_API}" '
        f"querydata='{json.dumps(querydata, ensure_ascii=False)}' type=\"text/javascript\"></script>"
    )
    site.add_page(
        "/col/col5012/index.html", site.page("政府信息公开年报", f'<div class="xxgk_list">{script}</div>')
    )
    busy = {"page2": True}

    def api(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        query = {k: v[0] for k, v in parse_qs(urlsplit(headers.get(":target", "")).query).items()}
        try:
            param = json.loads(query["paramJson"])
            page, size = int(param["pageNo"]), int(param["pageSize"])
        except (KeyError, ValueError):
            return _json({"success": False, "msg": "参数错误"})
        if page == 2 and busy["page2"]:
            busy["page2"] = False  # fails once, like the real service under load
            return _json({"success": False, "msg": "系统繁忙，请稍后再试"})
        chunk = items[(page - 1) * size : page * size]
        fragment = (
            f'<ul class="list">{"".join(chunk)}</ul>'
            f'<div class="pagination" rows="{size}" count="{len(items)}"></div>'
            if chunk
            else ""
        )
        return _json({"success": True, "data": {"html": fragment}})

    site.handlers[JPAAS_API] = api
    site.add_page("/", site.page(site.name, '<a href="/col/col5012/index.html">政府信息公开年报</a>'))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site


# -- Guangdong gkmlpt ------------------------------------------------------------------------------------
GKMLPT_CAT = 2911
GKMLPT_SID = "zq0758"


def _percent_u(text: str) -> str:
    """JavaScript ``escape()``: what some gkmlpt sites send instead of UTF-8 titles."""
    return "".join(ch if ch.isascii() else f"%u{ord(ch):04X}" for ch in text)


def gkmlpt_site(scale: int = 0) -> Site:
    site = Site(
        "www.zhaoqing.gov.cn.test", "肇庆市人民政府", "4412000001", encoding="utf-8", header_charset=True
    )
    articles: list[dict[str, str]] = []
    for n, seed in enumerate([4001, 4002, 4003, *range(4_000_000, 4_000_000 + scale)]):
        report = synth(seed)
        path = f"/gkmlpt/content/0/{963 + n}/post_{963149 + n}.html"
        _serve_report(site, path, report)
        title = _percent_u(report.title) if n == 1 else report.title
        articles.append({"title": title, "path": path, "date": report.published_date})
    attachment = docx_synth(5002)
    post = "/gkmlpt/content/0/970/post_970001.html"
    file_path = "/attachment/0/88/88389/970001.docx"
    gbk_name = f"{attachment.title}.docx".encode("gbk").decode("latin-1")
    # Linked the way CMS editors leave it: relative, four levels up.
    site.add_page(post, _stub_page(site, attachment.title, "../../../.." + file_path, "附件下载"))
    site.add_file(file_path, _docx_bytes(5002), "application/octet-stream")
    site.routes[file_path].headers["Content-Disposition"] = f'attachment; filename="{gbk_name}"'
    site.served.append(Served(attachment.agency, attachment.report_year, "synth:docx5002", [post, file_path]))
    articles.append({"title": attachment.title, "path": post, "date": attachment.published_date})
    shell = (
        f"<div id=\"app\"></div><script>window._CONFIG = {{SID: '{GKMLPT_SID}', TREE: [{{id: {GKMLPT_CAT}, "
        f"name: '政府信息公开年报'}}]}};</script>"
    )
    site.add_page("/gkmlpt/index", site.page("政府信息公开目录", shell))

    def api(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        target = urlsplit(headers.get(":target", ""))
        query = {k: v[0] for k, v in parse_qs(target.query).items()}
        if target.path != f"/gkmlpt/api/all/{GKMLPT_CAT}" or query.get("sid") != GKMLPT_SID:
            return _json({"error": "not found"}, 404)
        if int(query.get("page", 1)) > 1:  # everything is on page 1; later pages do not exist
            return Reply(404, {"Content-Type": "text/html"}, b"<html><body>404 Not Found</body></html>")
        # Root-relative ``post_url`` (no ``url``): an absolute URL would carry the ephemeral demo port, and a
        # list whose bytes change with the port makes every recrawl look different to the loader.
        rows = [{"title": a["title"], "post_url": a["path"], "date": a["date"]} for a in articles]
        return _json({"articles": rows, "total": len(rows), "classify": {"id": GKMLPT_CAT}})

    site.handlers[f"/gkmlpt/api/all/{GKMLPT_CAT}"] = api
    site.add_page("/", site.page(site.name, '<a href="/gkmlpt/index#2911">政府信息公开年报</a>'))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return site
