"""The family adapters on real markup (``tests/fixtures/markup``, each case with its provenance), replayed
from loopback and fetched over HTTP the way ``portals check`` does."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from crawler.check import Fetcher
from crawler.registry import Portal
from crawler.spiders.detect import detect_family
from crawler.spiders.families import FAMILIES
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
