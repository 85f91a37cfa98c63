"""A department's own site and the city's unified disclosure platform that re-posts its reports.

- ``zjj.shantou.gov.cn.test`` (汕头市住房和城乡建设局): registered with no column URL, so the crawler
  must discover the 年报 column. Its home page has no column link, only distractors (a 统计 block's
  年度报告, a notice naming a year) and a 政府信息公开 link; that page lists 年度报告 in its 政府信息公开
  block (next to an off-site 政府信息公开年报 link into the platform). The column root is a 160-byte
  ``location.replace('./list/')`` shell; the list is TRS-style. Its reports: one also re-posted on the
  platform; a 图片版 (page images only) next to its 文字版; one at an old address that answers 301 to the
  registered successor host ``zyk.shantou.gov.cn.test`` (集约化); one whose old address is a meta-refresh
  shell.
- ``zfxxgk.shantou.gov.cn.test``: the unified platform, ``/{orgcode}/zfxxgknb/list.shtml`` as on
  zfxxgk.beijing.gov.cn; articles
  ``/{orgcode}/zfxxgknb/YYYY-MM/DD/content_{hex}.shtml`` and attachments ``…/{hex}/files/{hex}.doc``. It
  re-posts the department's report (one report, two sources) and carries an older one only as a legacy
  Word ``.doc``. It has no robots.txt (404: everything allowed).

The reports are synthetic (``synth.py``), re-issued under the department's name, one per year.
"""

from __future__ import annotations

import hashlib
import html
from functools import cache

from crawler.parsing.template import Era
from demo.content import ATTACHMENTS_DIR, SeedReport
from demo.sites import (
    ROBOTS,
    Reply,
    Served,
    Site,
    add_trs_list,
    article_page,
    trs_item,
)
from demo.synth import generate_report

DEPT_HOST = "zjj.shantou.gov.cn.test"
SUCCESSOR_HOST = "zyk.shantou.gov.cn.test"
PLATFORM_HOST = "zfxxgk.shantou.gov.cn.test"
ORG_CODE = "440500012"
# Its 2021-era draw is 汕头市住房和城乡建设局; every report below is re-issued in that name.
AGENCY_SEED = 9103
COLUMN = "/zfxxgk/zfxxgknb/list/"
PLATFORM_COLUMN = f"/{ORG_CODE}/zfxxgknb/list.shtml"
# (seed, era): one report per year, 2015 … 2025.
REPOSTED = (9103, Era.T2021)
PAIR = (9106, Era.T2021)
MOVED = (9110, Era.T2019)
REFRESHED = (9109, Era.T2021)
PLATFORM_DOC = (9103, Era.PROSE)
SHELL_PAGE = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><title></title><script type="text/javascript">'
    b"window.location.replace('./list/');</script></head><body></body></html>"
)


@cache
def dept_report(seed: int, era: str) -> SeedReport:
    """A synthetic report (pipe-table text) re-issued under the department's name."""
    agency = generate_report(AGENCY_SEED, era=Era.T2021, layout="pipe_text", agency_kind="department").agency
    report = generate_report(seed, era=era, layout="pipe_text", agency_kind="department")
    return SeedReport(
        key=str(seed),
        filename=f"dept_{seed}_{era}",
        agency=agency,
        report_year=report.report_year,
        title=report.title.replace(report.agency, agency),
        published=report.published_date,
        text=report.body.decode("utf-8").replace(report.agency, agency),
    )


def _served(report: SeedReport, paths: list[str]) -> Served:
    return Served(report.agency, report.report_year, f"synth:{report.filename}", paths)


def _hex(*parts: object) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


def _trs_path(report: SeedReport, doc_id: int, suffix: str = "") -> str:
    ymd = report.published.replace("-", "")
    return f"{ymd[:6]}/t{ymd}_{doc_id}{suffix}.html"


def _port(headers: dict[str, str]) -> str:
    host = headers.get("host", "")
    return ":" + host.split(":")[1] if ":" in host else ""


def department_sites() -> list[Site]:
    site = Site(DEPT_HOST, "汕头市住房和城乡建设局", "4405000023", encoding="utf-8", header_charset=True)
    successor = Site(SUCCESSOR_HOST, site.name, site.site_id, encoding="utf-8", header_charset=True)
    items: list[tuple[str, str]] = []  # (date, <li>) for the list, newest first

    reposted = dept_report(*REPOSTED)
    rel = _trs_path(reposted, 8101)
    site.add_page(
        COLUMN + rel, article_page(site, reposted, 'class="TRS_Editor"'), last_modified=reposted.published
    )
    site.served.append(_served(reposted, [COLUMN + rel]))
    items.append((reposted.published, trs_item(rel, reposted.title, reposted.published)))

    # The 图片版 is the printed report scanned into page images; the 文字版 is the same report as text.
    pair = dept_report(*PAIR)
    text_rel, image_rel = _trs_path(pair, 8102), _trs_path(pair, 8103)
    site.add_page(
        COLUMN + text_rel, article_page(site, pair, 'class="TRS_Editor"'), last_modified=pair.published
    )
    image_paths = []
    for page in (1, 2):
        image_path = f"{COLUMN}{image_rel.split('/')[0]}/W{pair.published.replace('-', '')}8103_{page}.png"
        site.add_file(image_path, (ATTACHMENTS_DIR / f"scan_page_{page}.png").read_bytes(), "image/png")
        image_paths.append(image_path)
    image_title = f"{pair.title}（图片版）"
    images = "".join(
        f'<p><img src="./{p.rsplit("/", 1)[1]}" alt="第{n}页"></p>' for n, p in enumerate(image_paths, 1)
    )
    image_page = site.page(
        image_title,
        f'<div class="article"><h1>{html.escape(image_title)}</h1>'
        f'<div class="TRS_Editor">{images}</div></div>',
        meta={"ArticleTitle": image_title, "PubDate": pair.published},
    )
    site.add_page(COLUMN + image_rel, image_page, last_modified=pair.published)
    site.served.append(_served(pair, [COLUMN + text_rel, COLUMN + image_rel]))
    items.append((pair.published, trs_item(text_rel, f"{pair.title}（文字版）", pair.published)))
    items.append((pair.published, trs_item(image_rel, image_title, pair.published)))

    # Moved in a 集约化 migration: the old address answers 301 to the successor host.
    moved = dept_report(*MOVED)
    old_rel, new_path = _trs_path(moved, 8104), f"/jbdt/zfxxgknb/{_trs_path(moved, 8104).split('/')[1]}"
    successor.add_page(new_path, article_page(successor, moved, 'id="zoom"'), last_modified=moved.published)

    def to_successor(site: Site, method: str, headers: dict[str, str], body: bytes) -> Reply:
        location = f"http://{SUCCESSOR_HOST}{_port(headers)}{new_path}"
        return Reply(301, {"Location": location, "Content-Type": "text/html"}, b"")

    site.handlers[COLUMN + old_rel] = to_successor
    site.served.append(_served(moved, [COLUMN + old_rel, f"http://{SUCCESSOR_HOST}{{port}}{new_path}"]))
    items.append((moved.published, trs_item(old_rel, moved.title, moved.published)))

    # Moved within the site, the old address left as a meta-refresh shell.
    refreshed = dept_report(*REFRESHED)
    shell_rel, target_rel = _trs_path(refreshed, 8105), _trs_path(refreshed, 8106)
    refresh = f'<html><head><meta http-equiv="refresh" content="0;url={COLUMN}{target_rel}"></head></html>'
    site.add_page(COLUMN + shell_rel, refresh)
    site.add_page(
        COLUMN + target_rel,
        article_page(site, refreshed, 'class="TRS_Editor"'),
        last_modified=refreshed.published,
    )
    site.served.append(_served(refreshed, [COLUMN + shell_rel, COLUMN + target_rel]))
    items.append((refreshed.published, trs_item(shell_rel, refreshed.title, refreshed.published)))

    platform_link = f'<div class="more"><a href="http://{PLATFORM_HOST}{PLATFORM_COLUMN}">市政府信息公开平台上的本单位年报</a></div>'
    add_trs_list(
        site, COLUMN, [li for _, li in sorted(items, reverse=True)], footer=platform_link, directory=True
    )
    site.routes["/zfxxgk/zfxxgknb/"] = Reply(200, {"Content-Type": "text/html; charset=utf-8"}, SHELL_PAGE)
    _department_chrome(site)
    successor.add_page("/", successor.page(successor.name, "<p>政务公开资源库</p>"))
    successor.add_file("/robots.txt", ROBOTS.encode(), "text/plain")
    return [site, successor]


def _department_chrome(site: Site) -> None:
    """The home page (no column link, distractors) and the 政府信息公开 page (the column in its block)."""
    home = f"""<div class="nav"><a href="/">首页</a> <a href="/zfxxgk/">政府信息公开</a>
<a href="/zwfw/">政务服务</a> <a href="/hdjl/">互动交流</a></div>
<div class="block"><h3>统计数据</h3><ul><li><a href="/tjsj/ndbg/">年度报告</a></li>
<li><a href="/tjsj/tjgb/">统计公报</a></li></ul></div>
<div class="block"><h3>通知公告</h3><ul>
<li><a href="/tzgg/202512/t20251201_1.html">
关于做好2025年政府信息公开工作年度报告编制发布工作的通知</a></li></ul></div>
<div class="links"><a href="http://{PLATFORM_HOST}/">市政府信息公开平台</a></div>"""
    site.add_page("/", site.page(site.name, home))
    gateway = f"""<div class="xxgk-nav"><h3>政府信息公开</h3><ul>
<li><a href="/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li>
<li><a href="/zfxxgk/zfxxgkzd/">政府信息公开制度</a></li>
<li><a href="/zfxxgk/fdzdgknr/">法定主动公开内容</a></li><li><a href="/zfxxgk/zfxxgknb/">年度报告</a></li>
</ul></div>
<div class="side"><a href="http://{PLATFORM_HOST}{PLATFORM_COLUMN}">政府信息公开年报</a></div>"""
    site.add_page("/zfxxgk/", site.page("政府信息公开", gateway))
    site.add_file("/robots.txt", ROBOTS.encode(), "text/plain")


def platform_site() -> Site:
    site = Site(PLATFORM_HOST, "汕头市政府信息公开平台", "4405000001", encoding="utf-8", header_charset=True)
    base = f"/{ORG_CODE}/zfxxgknb"
    items = []

    reposted = dept_report(*REPOSTED)
    y, m, d = reposted.published.split("-")
    path = f"{base}/{y}-{m}/{d}/content_{_hex('content', *REPOSTED)}.shtml"
    site.add_page(
        path,
        article_page(site, reposted, 'class="view TRS_UEDITOR trs_paper_default"'),
        last_modified=reposted.published,
    )
    site.served.append(_served(reposted, [path]))
    items.append((reposted.published, path, reposted.title))

    older = dept_report(*PLATFORM_DOC)
    y, m, d = older.published.split("-")
    folder = f"{base}/{y}-{m}/{d}"
    stub = f"{folder}/content_{_hex('content', *PLATFORM_DOC)}.shtml"
    doc_rel = f"{_hex('folder', *PLATFORM_DOC)}/files/{_hex('file', *PLATFORM_DOC)}.doc"
    content = (
        f'<div class="article"><h1>{html.escape(older.title)}</h1><div class="view TRS_UEDITOR">'
        f'<p>详见附件。</p><p>附件：<a href="./{doc_rel}">{html.escape(older.title)}.doc</a></p></div></div>'
    )
    site.add_page(stub, site.page(older.title, content, meta={"ArticleTitle": older.title}))
    site.add_file(
        f"{folder}/{doc_rel}",
        (ATTACHMENTS_DIR / f"{older.filename}.doc").read_bytes(),
        "application/msword",
        last_modified=older.published,
    )
    site.served.append(_served(older, [stub, f"{folder}/{doc_rel}"]))
    items.append((older.published, stub, older.title))

    lis = "".join(
        f'<li><a href="{href}" target="_blank">{html.escape(title)}</a><span>{day}</span></li>'
        for day, href, title in sorted(items, reverse=True)
    )
    column = site.page("政府信息公开年报", f'<div class="zfxxgk_list"><ul class="list">{lis}</ul></div>')
    site.add_page(PLATFORM_COLUMN, column)
    site.add_page("/", site.page(site.name, f'<a href="{PLATFORM_COLUMN}">本单位政府信息公开年报</a>'))
    return site  # no robots.txt: it answers 404, which allows everything
