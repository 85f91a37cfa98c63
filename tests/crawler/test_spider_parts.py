"""Classification of responses and the family adapters, on the simulator's own bytes (no network)."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.http import HtmlResponse

from crawler.spiders.classify import classify, redirect_verdict, shell_target
from crawler.spiders.discover import find_column, gateway_links
from crawler.spiders.families import FAMILIES
from crawler.spiders.families.base import attachment_links, image_links, is_image_version
from crawler.spiders.families.gkmlpt import unescape_percent_u
from demo.portals import demo_portals
from demo.web import build_sites

PAD = b"<p>" + "政府信息公开工作年度报告".encode() * 200 + b"</p>"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, b"<html>" + PAD + b"</html>", ("fetched", "ok")),
        (412, b"<html><script>$_ts=window['$_ts'];</script></html>", ("blocked", "js_challenge")),
        (521, b"<script>document.cookie='__jsl_clearance=1'</script>", ("blocked", "js_challenge")),
        (200, "<html><title>安全验证</title><p>请稍候…</p></html>".encode(), ("blocked", "js_challenge")),
        (200, "<html><body><h1>404 页面不存在</h1></body></html>".encode(), ("failed", "soft_404")),
        (403, b"forbidden", ("blocked", "forbidden")),
        (429, b"", ("failed", "rate_limited")),
        (404, b"", ("failed", "http_404")),
        (304, b"", ("not_modified", "not_modified")),
    ],
)
def test_classify(status: int, body: bytes, expected: tuple[str, str]) -> None:
    verdict = classify(status, body, content_type="text/html")
    assert (verdict.outcome, verdict.reason) == expected


def _response(host: str, path: str) -> HtmlResponse:
    site = next(s for s in build_sites() if s.host == host)
    reply = site.respond("GET", path, {}, b"")
    return HtmlResponse(f"http://{host}{path}", body=reply.body, headers=reply.headers)


def test_trs_adapter_reads_entries_and_fans_out_pages() -> None:
    portal = next(p for p in demo_portals() if p.family == "trs")
    family = FAMILIES["trs"]
    first = _response(portal.host, "/zfxxgk/zfxxgknb/index.html")
    entries = list(family.entries(first, portal))
    assert len(entries) == 2 and all("/t20" in e.url for e in entries) and all(e.title for e in entries)
    assert [r.url for r in family.next_pages(first, portal)] == [
        f"http://{portal.host}/zfxxgk/zfxxgknb/index_1.html"
    ]
    second = _response(portal.host, "/zfxxgk/zfxxgknb/index_1.html")
    assert list(family.next_pages(second, portal)) == []


def test_plain_adapter_follows_next_page_in_gbk() -> None:
    portal = next(p for p in demo_portals() if p.family == "plain")
    family = FAMILIES["plain"]
    first = _response(portal.host, "/zwgk/xxgknb/index.jsp")
    entries = list(family.entries(first, portal))
    assert len(entries) == 3 and sum("/gate/big5/" in e.url for e in entries) == 1  # the spider skips mirrors
    assert [r.url for r in family.next_pages(first, portal)] == [
        f"http://{portal.host}/zwgk/xxgknb/index.jsp?page=2"
    ]
    last = _response(portal.host, "/zwgk/xxgknb/index.jsp?page=2")
    assert list(family.next_pages(last, portal)) == []


def test_attachment_links_on_a_report_page() -> None:
    site = next(s for s in build_sites() if s.host.startswith("www.changde"))
    served = next(x for x in site.served if len(x.paths) == 2)
    response = _response(site.host, served.paths[0])
    assert [link.url for link in attachment_links(response)] == [f"http://{site.host}{served.paths[1]}"]


def _portal(family: str) -> Any:
    return next(p for p in demo_portals() if p.family == family)


def test_boda_adapter_follows_the_next_link_not_a_computed_number() -> None:
    portal, family = _portal("boda"), FAMILIES["boda"]
    first = _response(portal.host, "/zfxxgk1/zfxxgknb.htm")
    assert len(list(family.entries(first, portal))) == 2
    [second_url] = [r.url for r in family.next_pages(first, portal)]
    assert second_url.startswith(f"http://{portal.host}/zfxxgk1/zfxxgknb/")
    second = _response(portal.host, second_url.split(portal.host, 1)[1])
    [third_url] = [r.url for r in family.next_pages(second, portal)]

    def number(url: str) -> int:
        return int(url.rsplit("/", 1)[1].removesuffix(".htm"))

    assert number(third_url) == number(second_url) - 1  # descending, read from the page, never computed


def test_post_pager_posts_the_form_back_for_each_page() -> None:
    portal, family = _portal("postpager"), FAMILIES["postpager"]
    first = _response(portal.host, "/InfoPublic.aspx?cid=1019")
    assert len(list(family.entries(first, portal))) == 2
    [second] = family.next_pages(first, portal)
    assert second.method == "POST"
    assert b"cpage=2" in second.body and b"__VIEWSTATE=" in second.body


def test_gkmlpt_titles_are_unescaped() -> None:
    assert unescape_percent_u("%u5E74%u62A5 2023") == "年报 2023"


# -- discovery -------------------------------------------------------------------------------------------
DEPARTMENT = "zjj.shantou.gov.cn.test"


def _html(body: str, title: str = "某市人民政府") -> HtmlResponse:
    page = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return HtmlResponse(f"http://{DEPARTMENT}/", body=page.encode(), encoding="utf-8")


def test_discovery_reads_the_department_home_page_then_its_disclosure_page() -> None:
    hosts = frozenset({DEPARTMENT})
    home = _response(DEPARTMENT, "/")
    assert find_column(home, hosts) is None  # a 统计 block's 年度报告 and a dated notice are not the column
    assert gateway_links(home, hosts) == [f"http://{DEPARTMENT}/zfxxgk/"]  # not the off-site platform
    gateway = _response(DEPARTMENT, "/zfxxgk/")
    assert find_column(gateway, hosts) == f"http://{DEPARTMENT}/zfxxgk/zfxxgknb/"  # own host first


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ('<div><a href="/a/">政府信息公开工作年度报告</a></div>', "/a/"),  # names itself anywhere
        ('<div class="xxgk"><h3>政府信息公开</h3><ul><li><a href="/b/">年度报告</a></li></ul></div>', "/b/"),
        ('<div class="tj"><h3>统计数据</h3><ul><li><a href="/c/">年度报告</a></li></ul></div>', None),
        (
            '<ul><li><a href="/d/">2023年政府信息公开工作年度报告</a></li></ul>',
            None,
        ),  # a report, not a column
        ('<ul><li><a href="/e/">二〇二三年政府信息公开年报</a></li></ul>', None),
        ('<a href="/f/">年报</a><a href="/g/">政府信息公开年报</a>', "/g/"),
        ('<a href="/h/" title="政府信息公开年报"><img src="x.png"></a>', "/h/"),
        ('<a href="javascript:void(0)">政府信息公开年报</a>', None),
    ],
)
def test_column_link_text_rules(body: str, found: str | None) -> None:
    column = find_column(_html(body), frozenset({DEPARTMENT}))
    assert column == (f"http://{DEPARTMENT}{found}" if found else None)


def test_a_page_that_is_the_disclosure_column_counts_as_its_block() -> None:
    page = _html('<ul><li><a href="/nb/">年度报告</a></li></ul>', title="政府信息公开_某市")
    assert find_column(page, frozenset({DEPARTMENT})) == f"http://{DEPARTMENT}/nb/"


# -- redirect shells and redirect policy -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "target"),
    [
        (b"<script>window.location.replace('./list/');</script>", "http://a.test/col/list/"),
        (b'<meta http-equiv="refresh" content="0;url=/x/1.html">', "http://a.test/x/1.html"),
        (b'<script>location.href = "../new/"</script>', "http://a.test/new/"),
        (b'<meta http-equiv="refresh" content="300">', None),  # a page reloading itself
        (b'<meta http-equiv="refresh" content="600;url=/late/">', None),  # too slow to be a redirect
        (b"<script>location.href=location.pathname+location.search</script>", None),  # 加速乐's reload
        (b"<p>" + b"x" * 3000 + b"</p><script>location.href='/y/'</script>", None),  # a real page
    ],
)
def test_shell_target(body: bytes, target: str | None) -> None:
    assert shell_target("http://a.test/col/", b"<html>" + body + b"</html>") == target


@pytest.mark.parametrize(
    ("source", "target", "verdict"),
    [
        ("http://a.test/r/1.html", "http://a.test/r/2.html", None),
        ("http://a.test/r/1.html", "https://a.test/r/1.html", None),  # http -> https, same host
        ("http://a.test/r/1.html", "http://new.test/r/1.html", None),  # a registered successor
        ("http://a.test/r/1.html", "http://cms.test/r/1.html", ("skipped", "offsite_redirect")),
        ("http://a.test/r/1.html", "http://a.test/", ("failed", "redirect_to_home")),
        ("http://a.test/r/1.html", "http://a.test/index.html", ("failed", "redirect_to_home")),
        ("http://a.test/", "http://a.test/index.html", None),  # a home page may move to its index
    ],
)
def test_redirect_verdict(source: str, target: str, verdict: tuple[str, str] | None) -> None:
    found = redirect_verdict(source, target, ["a.test", "new.test"])
    assert (found and (found.outcome, found.reason)) == verdict


def test_redirect_policy_middleware_refuses_with_the_target() -> None:
    from scrapy import Request
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from crawler.middlewares import RedirectPolicy, RedirectRefused

    policy = RedirectPolicy.from_crawler(get_crawler())
    meta = {"nianbao_portal": "p", "nianbao_hosts": ["a.test", "new.test"]}
    request = Request("http://a.test/r/1.html", meta=meta)

    def answer(location: str, status: int = 301) -> Response:
        return Response(request.url, status=status, headers={"Location": location}, request=request)

    followed = answer("http://new.test/r/1.html")
    assert policy.process_response(request, followed) is followed
    with pytest.raises(RedirectRefused) as refused:
        policy.process_response(request, answer("//cms.test/r/1.html", 302))
    assert (refused.value.verdict.reason, refused.value.target) == (
        "offsite_redirect",
        "http://cms.test/r/1.html",
    )
    robots = Request("http://a.test/robots.txt")  # not a portal's request: Scrapy's rules apply
    assert policy.process_response(robots, answer("http://cms.test/robots.txt")).status == 301


# -- 图片版 ------------------------------------------------------------------------------------------------
def test_image_version_pages_yield_their_content_images_only() -> None:
    site = next(s for s in build_sites() if s.host == DEPARTMENT)
    served = next(x for x in site.served if x.key == "synth:dept_9106_2021")
    text_page, image_page = (_response(DEPARTMENT, p) for p in served.paths)
    assert is_image_version(image_page, None) and not is_image_version(text_page, "某局年报（文字版）")
    images = image_links(image_page)
    assert [i.url.rsplit("_", 1)[1] for i in images] == ["1.png", "2.png"]
    chrome = _html('<div class="header"><img src="/logo.png"></div><div class="zw"><img src="p1.jpg"></div>')
    assert [i.url for i in image_links(chrome)] == [f"http://{DEPARTMENT}/p1.jpg"]


def test_a_shell_is_followed_within_the_portal_and_a_few_hops_only(tmp_path: Any) -> None:
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from crawler.items import UrlOutcome
    from crawler.spiders.reports import MAX_SHELL_HOPS, ReportsSpider

    portal = next(p for p in demo_portals() if p.slug == "shantou-zjj")
    crawler = get_crawler(ReportsSpider, {"NIANBAO_ARCHIVE_DIR": str(tmp_path)})
    spider = ReportsSpider.from_crawler(crawler, portals=[portal])

    def shell(to: str, hops: int = 0) -> HtmlResponse:
        meta = {"nianbao_portal": portal.slug, "nianbao_role": "page", "nianbao_shell_hops": hops}
        request = Request(f"http://{portal.host}/old/1.html", meta=meta)
        body = f"<html><script>location.replace('{to}')</script></html>".encode()
        return HtmlResponse(request.url, body=body, request=request)

    event, follow = spider._follow_shell(shell("/new/1.html"), portal)
    assert (event.outcome, event.reason, event.target) == ("fetched", "redirect_shell", follow.url)
    assert follow.url == f"http://{portal.host}/new/1.html" and follow.meta["nianbao_shell_hops"] == 1
    successor = spider._follow_shell(shell(f"http://{portal.successor_hosts[0]}/1.html"), portal)
    assert isinstance(successor[1], Request)
    [offsite] = spider._follow_shell(shell("http://cms.example.test/1.html"), portal)
    [looping] = spider._follow_shell(shell("/new/1.html", hops=MAX_SHELL_HOPS), portal)
    assert isinstance(offsite, UrlOutcome) and isinstance(looping, UrlOutcome)
    assert [(o.outcome, o.reason) for o in (offsite, looping)] == [
        ("skipped", "offsite_redirect"),
        ("failed", "redirect_loop"),
    ]
