"""The family adapters on real markup (``tests/fixtures/markup``, each case with its provenance), replayed
from loopback and fetched over HTTP the way ``portals check`` does."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

from scrapy.http import HtmlResponse

from crawler.check import Fetcher
from crawler.registry import Portal
from crawler.spiders.detect import detect_family
from crawler.spiders.families import FAMILIES
from crawler.spiders.families.base import attachment_links
from tests.markup_server import MarkupSites, host_of, serving


def _portal(case: str, family: str) -> Portal:
    return Portal(case, host_of(case), "某", "620000", family, ())


def _page(sites: MarkupSites, case: str, path: str) -> HtmlResponse:
    return Fetcher("nianbao-test", frozenset({host_of(case)})).get(sites.url(case, path)).response()


def test_trs_reads_a_real_column_page_of_table_rows_and_its_pager() -> None:
    case = "trs-ordos-egb"
    with serving() as sites:
        response = _page(sites, case, "/xxgk/xxgknb/index.html")
    portal = _portal(case, "trs")
    entries = list(FAMILIES["trs"].entries(response, portal))
    assert len(entries) == 10  # every table row's link, once
    assert entries[0].title == "鄂尔多斯市2019年政府信息公开工作年度报告"
    assert entries[0].url.endswith("/xxgk/xxgknb/202009/t20200903_2748784.html")
    pages = [request.url for request in FAMILIES["trs"].next_pages(response, portal)]
    assert [url.rsplit("/", 1)[1] for url in pages] == ["index_1.html"]  # var countPage = 2
    assert detect_family(response.url, response.text) == "trs"


def test_jcms_reads_the_records_of_a_real_datastore() -> None:
    case = "jcms-dingxi"
    with serving() as sites:
        response = _page(sites, case, "/col/col12377/index.html")
    entries = list(FAMILIES["jcms"].entries(response, _portal(case, "jcms")))
    assert [e.url.split(":", 2)[2].split("/", 1)[1] for e in entries] == [
        "art/2022/1/20/art_12377_1486865.html",
        "art/2022/1/19/art_12377_1486583.html",
        "art/2022/1/14/art_12377_1485512.html",
    ]
    # The title attribute, not the truncated link text (…完成情...), names the record.
    assert entries[1].title == "定西市工信局关于对省级第二轮环保督察反馈第四项第十三项问题整改完成情况的公示"
    assert detect_family(response.url, response.text) == "jcms"


def test_boda_reads_a_real_card_list_and_follows_its_downward_pager() -> None:
    case = "boda-lntdxy"
    with serving() as sites:
        response = _page(sites, case, "/column/zbgg.htm")
    portal = _portal(case, "boda")
    entries = list(FAMILIES["boda"].entries(response, portal))
    # The five cards, in the page's order: ../info/1039/ID.htm from /column/ is /info/1039/ID.htm.
    assert [e.url.split("/", 3)[3] for e in entries] == [
        f"info/1039/{n}.htm" for n in (3201, 3194, 3193, 3192, 3191)
    ]
    # Each link wraps a card (<h4> title, date, summary); its title is the card's heading.
    assert [e.title for e in entries[:2]] == ["询价公告", "询价公告（2025劳务派遣服务）"]
    assert entries[0].stamp is not None and "2025-05-07" in entries[0].stamp
    pages = [request.url for request in FAMILIES["boda"].next_pages(response, portal)]
    assert [url.split("/", 3)[3] for url in pages] == ["column/zbgg/10.htm"]  # 下页, numbered downwards
    assert detect_family(response.url, response.text) == "boda"


def test_jpaas_reads_a_real_single_quoted_querydata_and_asks_the_build_service() -> None:
    case = "jpaas-miit"
    with serving() as sites:
        response = _page(sites, case, "/column/index.html")
    portal = _portal(case, "jpaas")
    assert list(FAMILIES["jpaas"].entries(response, portal)) == []  # the column page is only a shell
    (request,) = FAMILIES["jpaas"].next_pages(response, portal)
    url = urlsplit(request.url)
    assert url.path == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    query = dict(parse_qsl(url.query))
    assert query["webId"] == "8d828e408d90447786ddbe128d495e9e"
    assert query["pageId"] == "ca517c97303b40cf80bd668b35f6148f"
    assert query["tplSetId"] == "209741b2109044b5b7695700b2bec37e"
    assert query["tagId"] == "右侧内容"
    assert json.loads(query["paramJson"])["pageNo"] == 1
    assert detect_family(response.url, response.text) == "jpaas"


def test_a_real_boda_attachment_line_is_found_though_its_address_has_no_extension() -> None:
    case = "boda-fzu-article"
    with serving() as sites:
        response = _page(sites, case, "/article.htm")
    (attachment,) = attachment_links(response)
    assert attachment.url == sites.url(
        case,
        "/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1744984858&wbfileid=16738452",
    )
    assert attachment.title == "2501高等数学A（下）期末考-12.7上午.xlsx"  # the link text names the file
