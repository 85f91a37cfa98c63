"""Classification of responses and the family adapters, on the simulator's own bytes (no network)."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.http import HtmlResponse

from crawler.registry import demo_portals
from crawler.simulator.sites import build_sites
from crawler.spiders.classify import classify
from crawler.spiders.families import FAMILIES
from crawler.spiders.families.base import attachment_links

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
    from crawler.spiders.families.gkmlpt import unescape_percent_u

    assert unescape_percent_u("%u5E74%u62A5 2023") == "年报 2023"
